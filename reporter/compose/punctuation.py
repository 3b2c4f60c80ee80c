"""Chinese punctuation: which marks close and which open (a title never starts a line with the one nor ends it with
the other), and adjacent marks compressed, as W3C clreq (3.1.6) and JIS X 4051 set them: a full-width mark's ink
sits on one half of its em square, so two marks in a row show a blank of half an em or more between them (the
colon and the quote of 中国电科：“综合 stood a full em apart). Half an em is taken out after a closing mark followed
by a closing or opening mark, and between two opening marks; the line breaker measures the same widths the text
is drawn with (TJ offsets)."""

from __future__ import annotations

import re

CLOSING_MARKS = frozenset("，。、；：？！）」』》〉】〕”’")
"""Ink on the left half (in mainland fonts the colon, semicolon and stops too)."""
OPENING_MARKS = frozenset("“‘（《「『【〔〈")
"""Ink on the right half."""
COMPRESSION = 0.5
"""The share of the first mark's advance taken out."""


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


def compress(text, widths: list[float], size: float) -> list[float]:
    """`widths` (of `text`'s characters, at `size`) with the compressed marks narrowed, in place."""
    for index in compressed_after(text):
        if widths[index] >= FULL_WIDTH * size:
            widths[index] *= 1 - COMPRESSION
    return widths
