"""How wide a line of text is, in points, before any writer sets it: so that the composer can choose where a title
breaks. Each character takes its advance in the face the PDF draws it with: the role's East Asian face for
ideographs (and, in East Asian text, quotes and dashes), its Latin face for the rest."""

from __future__ import annotations

import re

import unicodedata

from reporter.fonts.face import Face
from reporter.fonts.twins import spaced_em

FALLBACK_ADVANCE = 0.55
"""A character neither face has (drawn by a fallback font): about an average Latin letter, in em."""
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
    """Widths of text set in a role's two faces, in em."""

    def __init__(self, latin: Face, east_asian: Face, room: bool = False):
        self._latin = {code: latin.advances[glyph] / latin.units_per_em for code, glyph in latin.cmap.items()}
        self._east = east_asian
        self._room = room
        """Whether the PDF sets room between Han characters and Latin letters or digits (twins.py)."""

    def em(self, text: str, east_asian_text: bool = False) -> float:
        """The width of `text` in em (multiply by the size in points). In East Asian text, quotes and dashes are
        set in the East Asian face, on a full em (“ is 0.4 em in a Latin font)."""
        latin, east = self._latin, self._east
        total = spaced_em(text) if self._room else 0.0
        for char in text:
            if char == "\u2060":
                continue
            if is_east_asian(char, east_asian_text) or ord(char) not in latin and ord(char) in east.cmap:
                advance = east.advance_of(ord(char))
                total += advance / east.units_per_em if advance is not None else 1.0 if is_wide(char) \
                    else FALLBACK_ADVANCE
            else:
                total += latin.get(ord(char), FALLBACK_ADVANCE)
        return total
