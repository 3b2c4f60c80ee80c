"""Chinese punctuation: which marks close and which open (a title never starts a line with the one nor ends it with
the other), and adjacent marks compressed, as W3C clreq (3.1.6) and JIS X 4051 set them: a full-width mark's ink
sits on one half of its em square, so two marks in a row show a blank of half an em or more between them (the
colon and the quote of 中国电科：“综合 stood a full em apart). Half an em is taken out after a closing mark followed
by a closing or opening mark, and between two opening marks; the line breaker measures the same widths the text
is drawn with (TJ offsets)."""

from __future__ import annotations

CLOSING_MARKS = frozenset("，。、；：？！）」』》〉】〕”’")
"""Ink on the left half (in mainland fonts the colon, semicolon and stops too)."""
OPENING_MARKS = frozenset("“‘（《「『【〔〈")
"""Ink on the right half."""
COMPRESSION = 0.5
"""The share of the first mark's advance taken out."""


def compressed_after(text) -> list[int]:
    """The indexes of the marks in `text` (a string or a list of characters) after which half an em goes."""
    marks = CLOSING_MARKS | OPENING_MARKS
    return [index for index in range(len(text) - 1)
            if text[index] in CLOSING_MARKS and text[index + 1] in marks
            or text[index] in OPENING_MARKS and text[index + 1] in OPENING_MARKS]


FULL_WIDTH = 0.9
"""A mark is compressed only where its font sets it on a full em (a proportional font's marks are narrow already)."""


def compress(text, widths: list[float], size: float) -> list[float]:
    """`widths` (of `text`'s characters, at `size`) with the compressed marks narrowed, in place."""
    for index in compressed_after(text):
        if widths[index] >= FULL_WIDTH * size:
            widths[index] *= 1 - COMPRESSION
    return widths
