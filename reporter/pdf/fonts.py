"""Fonts for the PDF: found by file name, registered once per process, chosen per character.

Each text role (heading, body, numbers, label) has an East Asian and a Latin font, as Word's w:eastAsia and
w:ascii do. A character the chosen font lacks falls back along the layout's list; one that no font has is
drawn as 〓 (the typesetter's mark for a missing glyph) and reported, never left as a silent empty box.
"""

from __future__ import annotations

import re
import struct
import threading
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from reporter.errors import ReporterError
from reporter.fonts.locate import find_font
from reporter.fonts.measure import is_east_asian
from reporter.layout.schema import FontRole, Layout, layout_error
from reporter.limits import FONT_FILE_BYTES, MiB
from reporter.pdf._reportlab import WORD_JOINER, become, read_large_tables_in_place, set_char_width
from reporter.pdf.cidfont import CID_FROM_GLYPHS, CIDFont
from reporter.pdf.fontcache import cached_faces

MISSING_MARK = "〓"
ROLES = ("heading", "body", "numbers", "label")
_lock = threading.Lock()


@dataclass(frozen=True)
class LoadedFont:
    name: str
    """The name registered with ReportLab."""
    path: Path
    cmap: frozenset[int] = field(repr=False)


_registered: dict[tuple[Path, int], LoadedFont] = {}


def load_font(path: Path, face: int = 0) -> LoadedFont:
    """Register a TrueType font with ReportLab once per process."""
    key = (path, face)
    with _lock:
        font = _registered.get(key)
        if font is None:
            name = re.sub(r"[^A-Za-z0-9]", "", path.stem) + (f"-{face}" if face else "")
            if path.stat().st_size > FONT_FILE_BYTES:
                raise ReporterError(f"font {path.name} is over the limit of {FONT_FILE_BYTES // MiB} MiB")
            try:
                with cached_faces():
                    tt = TTFont(name, str(path), subfontIndex=face)
                if tt.face.numGlyphs > CID_FROM_GLYPHS:  # CJK or full Latin: one CID font, not 256-glyph subsets
                    become(tt, CIDFont)
            except TTFError as exc:
                reason = "its outlines are PostScript (CFF); use a TrueType font" if "postscript" in str(exc).lower() \
                    else str(exc)
                raise ReporterError(f"font {path.name} cannot be embedded: {reason}") from None
            except (struct.error, IndexError, KeyError, ValueError, OverflowError, MemoryError, AttributeError):
                # ReportLab reads a font's tables where their offsets say: a truncated or forged file ends here
                # (a font without names reaches a setting ReportLab 5.1.0 no longer has: AttributeError)
                raise ReporterError(f"font {path.name} cannot be read: the file is truncated or damaged") from None
            set_char_width(tt.face, WORD_JOINER, 0)  # drawn as nothing (split_string drops it): no width
            pdfmetrics.registerFont(tt)
            read_large_tables_in_place(tt.face)
            font = LoadedFont(name, path, frozenset(tt.face.charToGlyph))
            _registered[key] = font
    return font


def registered_count() -> int:
    return len(_registered)


_widths: dict[tuple[str, float], dict[str, float]] = {}


def widths_of(pieces: str | list[str], font: str, size: float) -> list[float]:
    """The width of each piece of text (each character of a string, each word of a list) in a registered font:
    line breakers measure the same characters and words over and over, so each is measured once per process."""
    table = _widths.get((font, size))
    if table is None or len(table) > 100_000:
        table = _widths[(font, size)] = {}
    try:
        return list(map(table.__getitem__, pieces))
    except KeyError:
        for piece in set(pieces).difference(table):
            table[piece] = pdfmetrics.stringWidth(piece, font, size)
        return list(map(table.__getitem__, pieces))


class FontSet:
    """The PDF fonts of one layout, with per-character choice and the report of missing glyphs."""

    def __init__(self, layout: Layout):
        base = layout.source_path.parent if layout.source_path else None
        fonts = layout.fonts

        def load(spec: str, where: tuple) -> LoadedFont:
            try:
                return load_font(*find_font(spec, base))
            except ReporterError as exc:
                raise layout_error(layout, exc.message, where) from None

        self.roles: dict[str, tuple[LoadedFont, LoadedFont]] = {}
        for role in ROLES:
            spec: FontRole = getattr(fonts, role)
            self.roles[role] = (load(spec.pdf_east_asian, ("fonts", role, "pdf_east_asian")),
                                load(spec.pdf_latin, ("fonts", role, "pdf_latin")))
        self._load = load
        self._fallback_specs = list(fonts.fallback.pdf)
        self._fallback: list[LoadedFont] = []
        self.missing: set[str] = set()
        self._choices: dict[tuple[str, bool], dict[str, str]] = {}
        """(role, East Asian text) -> character -> the name of the font that draws it."""
        self._unprintable: dict[tuple[str, bool], set[str]] = {}
        """(role, East Asian text) -> the characters no font of the role has: drawn as MISSING_MARK."""

    def _fallbacks(self):
        """Fallback fonts, each loaded only when a character first needs one."""
        yield from self._fallback
        while len(self._fallback) < len(self._fallback_specs):
            index = len(self._fallback)
            font = self._load(self._fallback_specs[index], ("fonts", "fallback", "pdf", index))
            self._fallback.append(font)
            yield font

    def runs(self, text: str, role: str, east_asian_text: bool) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs so that every character has a glyph."""
        key = (role, east_asian_text)
        choice = self._choices.get(key)
        if choice is None:
            choice, self._unprintable[key] = self._choices.setdefault(key, {}), set()
        try:
            fonts = list(map(choice.__getitem__, text))
        except KeyError:
            fonts = [choice.get(char) or self._remember(key, char) for char in text]
        unprintable = self._unprintable[key]
        if unprintable and not unprintable.isdisjoint(text):
            found = unprintable.intersection(text)
            self.missing.update(found)
            text = text.translate({ord(char): MISSING_MARK for char in found})
        out, start = [], 0
        for font, group in groupby(fonts):
            end = start + len(list(group))
            out.append((font, text[start:end]))
            start = end
        return out

    def _remember(self, key: tuple[str, bool], char: str) -> str:
        font, drawn = self._choose(char, *key)
        if drawn != char:
            self._unprintable[key].add(char)
        self._choices[key][char] = font
        return font

    def _choose(self, char: str, role: str, east_asian_text: bool) -> tuple[str, str]:
        """(font name, character to draw) for one character: role font, the role's other font, fallbacks."""
        east, latin = self.roles[role]
        first, second = (east, latin) if is_east_asian(char, east_asian_text) else (latin, east)
        code = ord(char)
        if code in first.cmap or char in " \n\t" + WORD_JOINER:
            return first.name, char
        if code in second.cmap:
            return second.name, char
        for font in self._fallbacks():
            if code in font.cmap:
                return font.name, char
        return east.name, MISSING_MARK

    def base_font(self, role: str, east_asian_text: bool) -> str:
        east, latin = self.roles[role]
        return east.name if east_asian_text else latin.name

    def missing_report(self) -> str | None:
        if not self.missing:
            return None
        chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(self.missing))
        return f"no font has a glyph for: {chars}; drawn as {MISSING_MARK}"
