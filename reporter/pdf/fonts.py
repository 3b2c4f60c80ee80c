"""Fonts for the PDF: each face the layout names, registered once per process, chosen per character.

Each text role (heading, body, numbers, label) has an East Asian and a Latin font, as Word's w:eastAsia and
w:ascii do. A character the chosen font lacks falls back along the layout's list; one that no font has is
drawn as 〓 (the typesetter's mark for a missing glyph) and reported, never left as a silent empty box. The faces
themselves (found by family or file, measured, subset and embedded) are the fonts stage's (reporter/fonts).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from reporter.errors import ReporterError
from reporter.fonts.catalog import FaceInfo
from reporter.fonts.embed import SUBSTITUTES
from reporter.fonts.face import load_face
from reporter.fonts.measure import is_east_asian
from reporter.fonts.twins import ROOM_BEFORE, room_at
from reporter.layout.schema import FONT_ROLES, Layout, layout_error
from reporter.pdf._reportlab import WORD_JOINER
from reporter.pdf.embedded import EmbeddedFont

MISSING_MARK = "〓"
ROLES = FONT_ROLES
_lock = threading.Lock()


@dataclass(frozen=True)
class LoadedFont:
    name: str
    """The name registered with ReportLab."""
    path: Path
    family: str
    cmap: frozenset[int] = field(repr=False)


_registered: dict[tuple[Path, int], LoadedFont] = {}


def load_font(path: Path, face: int = 0) -> LoadedFont:
    """Register a face (TrueType or CFF) with ReportLab once per process."""
    key = (path, face)
    with _lock:
        font = _registered.get(key)
        if font is None:
            loaded = load_face(path, face)
            tag = hashlib.sha256(f"{path}#{face}".encode()).hexdigest()[:8]
            name = re.sub(r"[^A-Za-z0-9]", "", loaded.postscript_name) + f"-{tag}"
            pdfmetrics.registerFont(EmbeddedFont(name, loaded))
            font = _registered[key] = LoadedFont(name, path, loaded.family, frozenset(loaded.cmap) | _substituted(loaded))
    return font


def _substituted(face) -> frozenset[int]:
    """Characters the face draws with another's glyph (SUBSTITUTES: a no-break space as a space)."""
    return frozenset(code for code, others in SUBSTITUTES.items() if any(other in face.cmap for other in others))


def blanks(char: str, font: str) -> tuple[float, float]:
    """The blank of a mark's em either side of its ink, in em (left, right), in a registered font (EmbeddedFont's
    measure; (0, 0) in a font that has none)."""
    measured = getattr(pdfmetrics.getFont(font), "blanks", None)
    return measured(char) if measured is not None else (0.0, 0.0)


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
        def load(face: FaceInfo, where: tuple) -> LoadedFont:
            try:
                return load_font(face.path, face.index)
            except ReporterError as exc:
                raise layout_error(layout, exc.message, where) from None

        self.roles: dict[str, tuple[LoadedFont, LoadedFont]] = {}
        for role in ROLES:
            spec = getattr(layout.fonts, role)
            self.roles[role] = tuple(load(layout.font_face(role, script), ("fonts", role, spec.spec(script)[1]))
                                     for script in ("east_asian", "latin"))
        self._load = load
        self.room = layout.type.cjk_latin_spacing
        """Whether a quarter em separates Han characters from Latin letters and digits (twins.py)."""
        self._fallback_faces = layout.fallback_faces
        self._fallback: list[LoadedFont] = []
        self.missing: set[str] = set()
        self.fell_back: dict[str, set[str]] = {}
        """Role -> the characters of the current document its own fonts lack (drawn with a fallback)."""
        self._choices: dict[tuple[str, bool], dict[str, str]] = {}
        """(role, East Asian text) -> character -> the name of the font that draws it."""
        self._unprintable: dict[tuple[str, bool], set[str]] = {}
        """(role, East Asian text) -> the characters no font of the role has: drawn as MISSING_MARK."""
        self._borrowed: dict[tuple[str, bool], set[str]] = {}
        """(role, East Asian text) -> the characters a fallback font draws."""

    def _fallbacks(self):
        """Fallback fonts, each loaded only when a character first needs one."""
        yield from self._fallback
        while len(self._fallback) < len(self._fallback_faces):
            index = len(self._fallback)
            font = self._load(self._fallback_faces[index], ("fonts", "fallback", "pdf", index))
            self._fallback.append(font)
            yield font

    def runs(self, text: str, role: str, east_asian_text: bool,
             around: tuple[str, str] = ("", "")) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs so that every character has a glyph; with room between Han
        characters and Latin letters or digits (`around`: the text before and after, in other runs)."""
        key = (role, east_asian_text)
        choice = self._choices.get(key)
        if choice is None:
            choice, self._unprintable[key] = self._choices.setdefault(key, {}), set()
            self._borrowed[key] = set()
        try:
            fonts = list(map(choice.__getitem__, text))
        except KeyError:
            fonts = [choice.get(char) or self._remember(key, char) for char in text]
        borrowed = self._borrowed[key]
        if borrowed and not borrowed.isdisjoint(text):
            self.fell_back.setdefault(role, set()).update(borrowed.intersection(text))
        unprintable = self._unprintable[key]
        if unprintable and not unprintable.isdisjoint(text):
            found = unprintable.intersection(text)
            self.missing.update(found)
            text = text.translate({ord(char): MISSING_MARK for char in found})
        if self.room:
            marks = room_at(text, *around)
            if marks:
                return _with_room(text, fonts, marks)
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
        elif font not in (loaded.name for loaded in self.roles[key[0]]) and not char.isspace():
            self._borrowed[key].add(char)
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

    def clear_reports(self) -> None:
        """Start a document's reports afresh."""
        self.missing.clear()
        self.fell_back.clear()

    def reports(self) -> list[str]:
        """One line for each role whose fonts lack characters the document has (drawn with a fallback font),
        and one for the characters no font has."""
        out = []
        for role, chars in sorted(self.fell_back.items()):
            east, latin = self.roles[role]
            out.append(f"the {role} fonts ({east.family}, {latin.family}) lack {len(chars)} character"
                       f"{'s' if len(chars) > 1 else ''} of this text, drawn with a fallback font: {_listed(chars)}")
        if self.missing:
            out.append(f"no font has a glyph for: {_listed(self.missing)}; drawn as {MISSING_MARK}")
        return out


def _with_room(text: str, fonts: list[str], marks: dict[int, str]) -> list[tuple[str, str]]:
    """Runs with the room marks in place, each in the font of the letter or digit it belongs to."""
    out: list[tuple[str, list[str]]] = []
    for index, char in enumerate(text):
        mark = marks.get(index)
        if mark is not None:
            font = fonts[index] if mark == ROOM_BEFORE else fonts[index - 1]
            if out and out[-1][0] == font:
                out[-1][1].append(mark)
            else:
                out.append((font, [mark]))
        if out and out[-1][0] == fonts[index]:
            out[-1][1].append(char)
        else:
            out.append((fonts[index], [char]))
    if len(text) in marks:  # room after the last character, before a Han character in the next span
        out[-1][1].append(marks[len(text)])
    return [(font, "".join(chars)) for font, chars in out]


def _listed(chars: set[str], limit: int = 40) -> str:
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars)[:limit])
    return shown + (f" and {len(chars) - limit} more" if len(chars) > limit else "")
