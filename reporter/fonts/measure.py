"""How wide a line of text is, in points, before any writer sets it: so that the composer can choose where a title
breaks. Ideographs, kana, hangul and full-width forms are one em in every CJK font; other characters take the
advance width of the role's Latin font (read with fontTools: its horizontal metrics and character map only)."""

from __future__ import annotations

import re

import unicodedata
from functools import cache
from pathlib import Path

from reporter.errors import ReporterError
from reporter.fonts.locate import find_font

FALLBACK_ADVANCE = 0.55
"""A character the Latin font lacks (drawn by a fallback font): about an average Latin letter, in em."""


@cache
def _advances(path: Path, face: int) -> tuple[dict[int, float], float]:
    """({code point: advance in em}, the space's advance) of one font file."""
    import logging

    from fontTools.ttLib import TTFont

    # fontTools warns of an odd creation date in some fonts' head table (Carlito's): not the reader's concern
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    with TTFont(str(path), fontNumber=face, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        cmap = font.getBestCmap() or {}
        advances = {code: metrics[glyph][0] / per_em for code, glyph in cmap.items() if glyph in metrics}
    return advances, advances.get(0x20, 0.25)


_AMBIGUOUS = re.compile(r"[\u00b7\u2010-\u206f\u2190-\u21ff\u2460-\u24ff\u25a0-\u25ff\u2600-\u26ff]")


def is_east_asian(char: str, east_asian_text: bool) -> bool:
    """Whether a character takes the East Asian font: CJK ranges always; quotes, dashes, arrows and
    symbols when the text is East Asian (as Word's w:hint="eastAsia" does)."""
    code = ord(char)
    if code >= 0x2E80 and not 0xFB00 <= code <= 0xFE0F:
        return True
    return east_asian_text and bool(_AMBIGUOUS.match(char))


def is_wide(char: str) -> bool:
    """A character set on a full em square (中, ，, Ａ): Unicode's East Asian Wide and Fullwidth."""
    return unicodedata.east_asian_width(char) in "WF"


class Measure:
    """Widths of text set in a layout's Latin font for a role (East Asian characters one em each)."""

    def __init__(self, latin_font: str, base_dir: Path | None = None):
        try:
            self._advances, _ = _advances(*find_font(latin_font, base_dir))
        except ReporterError:  # no such font here (a DOCX-only build): an average advance for each letter
            self._advances = {}

    def em(self, text: str, east_asian_text: bool = False) -> float:
        """The width of `text` in em (multiply by the size in points). In East Asian text, quotes and dashes are
        set in the East Asian font, on a full em (“ is 0.4 em in a Latin font)."""
        advances = self._advances
        return sum(1.0 if is_wide(char) or east_asian_text and is_east_asian(char, True)
                   else 0.0 if char == "\u2060" else advances.get(ord(char), FALLBACK_ADVANCE) for char in text)
