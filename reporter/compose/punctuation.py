"""Chinese punctuation: which marks close and which open (a title never starts a line with the one nor ends it with
the other), and adjacent marks compressed, as W3C clreq (3.1.6) and JIS X 4051 set them: a full-width mark's ink
sits on one part of its em square, so two marks in a row show a wide blank between them (the colon and the quote
of 中国电科：“综合 stood a full em apart). After a closing mark followed by a closing or opening mark, the first
mark's own blank beside the second goes; between two opening marks, the second's blank beside the first: each
up to half an em, and never so far that less than MIN_INK_GAP stays between the two inks. How much blank a mark
has is read from its face (a mainland face sets ： in its left half, wqy-zenhei centres it), so any face
compresses right. The line breaker measures the same widths the text is drawn with (TJ offsets)."""

from __future__ import annotations

import re
from collections.abc import Callable

CLOSING_MARKS = frozenset("，。、；：？！）」』》〉】〕”’")
"""Ink on the left, by convention (in mainland fonts the colon, semicolon and stops too)."""
OPENING_MARKS = frozenset("“‘（《「『【〔〈")
"""Ink on the right, by convention."""
COMPRESSION = 0.5
"""The most taken out between two marks, in em."""
MIN_INK_GAP = 0.15
"""The least white left between the inks of two compressed marks, in em."""


_CLOSING = "".join(sorted(CLOSING_MARKS))
_OPENING = "".join(sorted(OPENING_MARKS))
_PAIR = re.compile(f"(?=[{_CLOSING}][{_CLOSING}{_OPENING}]|[{_OPENING}][{_OPENING}])")
"""Before each compressed pair (a lookahead: pairs may overlap, as in 。”，). Searched in C: every string the PDF
draws and every paragraph its line breaker measures goes through here, and most have no pair at all."""


def has_pair(text: str) -> bool:
    return _PAIR.search(text) is not None


def compressed_after(text: str) -> list[int]:
    """The indexes of the marks in `text` after which half an em goes."""
    return [found.start() for found in _PAIR.finditer(text)]


FULL_WIDTH = 0.9
"""A mark is compressed only where its font sets it on a full em (a proportional font's marks are narrow already)."""


Blanks = Callable[[str], tuple[float, float]]
"""A face's blank of a mark's em either side of its ink, in em (left, right); (0, 0) where it has no measure."""


def compression(first: str, second: str, blanks: Blanks) -> float:
    """The em taken out between `first` and `second`, a compressed pair, in a face with these `blanks`."""
    first_blank, second_blank = blanks(first)[1], blanks(second)[0]
    own = first_blank if first in CLOSING_MARKS else second_blank
    return max(0.0, min(COMPRESSION, own, first_blank + second_blank - MIN_INK_GAP))


def compress(text, widths: list[float], size: float, blanks: Blanks) -> list[float]:
    """`widths` (of `text`'s characters, at `size`, in a face with these `blanks`) with the compressed marks
    narrowed, in place."""
    for index in compressed_after(text):
        if widths[index] >= FULL_WIDTH * size:
            widths[index] -= compression(text[index], text[index + 1], blanks) * size
    return widths
