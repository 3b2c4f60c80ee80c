"""Fonts by family, weight and style, on any system: an index of every face in the font folders.

Each face's names (family, typographic family, full and PostScript names, in every language the font gives them:
宋体 finds SimSun), weight class, slant and outline kind are read once with fontTools and kept in the user's
cache (fonts/cache.py), keyed by each file's path, size and modification time: a later run only lists the folders.
A family is matched as a person writes it (case and spaces do not matter); the weight nearest the one asked for is
taken within WEIGHT_TOLERANCE, as CSS's font matching does, and a miss is one line naming the family, the folders
looked in and the closest families found."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reporter.errors import ReporterError
from reporter.fonts.cache import cache_dir, read_entry, write_entry
from reporter.fonts.locate import OPENTYPE_SIGNATURES, find_font, font_dirs, font_files
from reporter.limits import FONT_FILE_BYTES

INDEX_FORMAT = 1
WEIGHTS = {"thin": 100, "extralight": 200, "light": 300, "regular": 400, "normal": 400, "medium": 500,
           "semibold": 600, "bold": 700, "extrabold": 800, "black": 900}
"""Weight names a layout may give, and their weight classes (OpenType's usWeightClass)."""
WEIGHT_TOLERANCE = 150
"""The farthest a face's weight may be from the one asked for: semibold serves for bold, regular does not."""
NAME_IDS = (1, 4, 6, 16, 21)
"""Family, full name, PostScript name, typographic family, WWS family: what a layout may call a face."""


@dataclass(frozen=True)
class FaceInfo:
    """One face of a font file, as the index knows it."""

    path: Path
    index: int
    family: str
    """The family in English, as `reporter fonts` lists it (the typographic family where the font has one)."""
    style: str
    weight: int
    italic: bool
    kind: str
    """'truetype', 'cff' or 'cff2' (variable PostScript outlines)."""
    variable: bool
    names: tuple[str, ...]
    """Every name the face answers to, normalised (`normalised`)."""

    @property
    def spec(self) -> str:
        """The face as a file spec (name.ttc#N)."""
        return f"{self.path.name}#{self.index}" if self.index else self.path.name


def normalised(name: str) -> str:
    """A family name as it is matched: case, spaces, hyphens and underscores do not count."""
    return re.sub(r"[\s_-]+", "", name).casefold()


def weight_of(value: str | int) -> int:
    return WEIGHTS[value] if isinstance(value, str) else value


def weight_name(weight: int) -> str:
    named = {number: name for name, number in WEIGHTS.items() if name != "normal"}
    return named.get(weight, str(weight))


def read_faces(path: Path) -> list[FaceInfo]:
    """The faces of one font file; [] for a file that is no readable font (listed by `reporter fonts` as such)."""
    import logging

    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        if path.stat().st_size > FONT_FILE_BYTES:
            return []
        with open(path, "rb") as stream:
            collection = stream.read(4) == b"ttcf"
        fonts = TTCollection(str(path), lazy=True).fonts if collection else [TTFont(str(path), lazy=True)]
        faces = [_face_info(path, index, font) for index, font in enumerate(fonts)]
        for font in fonts:
            font.close()
        return [face for face in faces if face is not None]
    except (TTLibError, OSError, ValueError, KeyError, IndexError, AssertionError, TypeError, EOFError,
            UnicodeDecodeError, __import__("struct").error):
        return []


def _face_info(path: Path, index: int, font) -> FaceInfo | None:
    if "name" not in font or not ({"glyf", "CFF ", "CFF2"} & set(font.keys())):
        return None
    table = font["name"]
    names = {normalised(str(record)) for record in table.names if record.nameID in NAME_IDS
             and _decodes(record)}
    family = table.getDebugName(16) or table.getDebugName(1) or path.stem
    style = table.getDebugName(17) or table.getDebugName(2) or "Regular"
    os2 = font["OS/2"] if "OS/2" in font else None
    weight = os2.usWeightClass if os2 is not None else 400
    weight = weight * 100 if 1 <= weight <= 9 else min(max(weight, 1), 1000)
    italic = bool(os2 is not None and os2.fsSelection & 1) or bool(font["head"].macStyle & 2) or \
        bool(re.search(r"italic|oblique", style, re.I))
    kind = "truetype" if "glyf" in font else "cff" if "CFF " in font else "cff2"
    return FaceInfo(path, index, family, style, weight, italic, kind, "fvar" in font, tuple(sorted(names)))


def _decodes(record) -> bool:
    try:
        return bool(record.toUnicode().strip())
    except (UnicodeDecodeError, ValueError):
        return False


def _entry_path() -> Path | None:
    folder = cache_dir()
    return folder / "font-index" / f"index-{INDEX_FORMAT}.msgpack" if folder else None


def _packed(face: FaceInfo) -> list:
    return [face.index, face.family, face.style, face.weight, face.italic, face.kind, face.variable, list(face.names)]


def _unpacked(path: Path, row: object) -> FaceInfo | None:
    if not (isinstance(row, list) and len(row) == 8 and isinstance(row[0], int) and isinstance(row[1], str)
            and isinstance(row[2], str) and isinstance(row[3], int) and isinstance(row[4], bool)
            and row[5] in ("truetype", "cff", "cff2") and isinstance(row[6], bool) and isinstance(row[7], list)
            and all(isinstance(name, str) for name in row[7])):
        return None
    return FaceInfo(path, row[0], row[1], row[2], row[3], row[4], row[5], row[6], tuple(row[7]))


@cache
def _indexed(folders: tuple[Path, ...]) -> tuple[FaceInfo, ...]:
    """Every face under the folders, read from the cache where a file is unchanged (its faces read again
    otherwise); the cache is rewritten when anything changed."""
    entry = _entry_path()
    stored = read_entry(entry)
    known = stored.get("files", {}) if isinstance(stored, dict) else {}
    files, faces, changed = {}, [], False
    for path in font_files(list(folders)):
        try:
            stat = path.stat()
        except OSError:
            continue
        key = str(path)
        old = known.get(key) if isinstance(known, dict) else None
        rows = None
        if isinstance(old, list) and len(old) == 3 and old[:2] == [stat.st_size, stat.st_mtime_ns]:
            found = [_unpacked(path, row) for row in old[2]] if isinstance(old[2], list) else [None]
            rows = None if None in found else found
        if rows is None:
            rows, changed = read_faces(path), True
        files[key] = [stat.st_size, stat.st_mtime_ns, [_packed(face) for face in rows]]
        faces += rows
    if changed or set(files) != set(known if isinstance(known, dict) else {}):
        merged = {**(known if isinstance(known, dict) else {}), **files}
        write_entry(entry, {"format": INDEX_FORMAT, "files": merged})
    return tuple(faces)


def all_faces(base_dir: Path | None = None) -> tuple[FaceInfo, ...]:
    """Every face of the font folders (the layout's own folder first)."""
    folders = ([base_dir.resolve()] if base_dir is not None else []) + [folder.resolve() for folder in font_dirs()]
    return _indexed(tuple(dict.fromkeys(folders)))


def families(faces: tuple[FaceInfo, ...]) -> dict[str, list[FaceInfo]]:
    """Family -> its faces, the families sorted."""
    out: dict[str, list[FaceInfo]] = {}
    for face in faces:
        out.setdefault(face.family, []).append(face)
    return dict(sorted(out.items(), key=lambda item: item[0].casefold()))


class FamilyNotFound(ReporterError):
    pass


def find_family(family: str, weight: int = 400, italic: bool = False,
                base_dir: Path | None = None) -> FaceInfo:
    """The face of `family` nearest the weight and slant asked for; FamilyNotFound (one line: the family, where it
    was looked for, the closest families found) when the family is not there or has no face near that weight."""
    faces = all_faces(base_dir)
    wanted = normalised(family)
    matching = [face for face in faces if wanted in face.names]
    if not matching:
        raise FamilyNotFound(f"font family {family!r} not found (looked in "
                             f"{', '.join(str(f) for f in ([base_dir] if base_dir else []) + font_dirs())})"
                             f"{_closest(family, faces)}")
    same_slant = [face for face in matching if face.italic == italic] or matching
    best = min(same_slant, key=lambda face: (_weight_distance(face.weight, weight), face.path.name, face.index))
    if abs(best.weight - weight) > WEIGHT_TOLERANCE:
        have = ", ".join(sorted({f"{weight_name(face.weight)} ({face.weight})" for face in matching}))
        raise FamilyNotFound(f"font family {family!r} has no {weight_name(weight)} face (it has {have}); install it "
                             f"or ask for a weight it has")
    return best


def _weight_distance(have: int, want: int) -> tuple[int, int]:
    """CSS's order: the nearest weight; between two as near, the heavier for a bold wish, the lighter otherwise."""
    lighter = have < want
    return abs(have - want), (lighter if want >= 500 else not lighter)


def _closest(family: str, faces: tuple[FaceInfo, ...]) -> str:
    names = sorted({face.family for face in faces})
    wanted = normalised(family)
    by_key = {normalised(name): name for name in names}
    close = difflib.get_close_matches(wanted, list(by_key), n=3, cutoff=0.5)
    close += [key for key in by_key if (wanted in key or key in wanted) and key not in close]
    shown = [by_key[key] for key in close[:3]]
    if not shown:
        return "; no font families found at all" if not names else ""
    return "; closest: " + ", ".join(repr(name) for name in shown)


def clear_index() -> None:
    """Forget the index of this process (a test changes the folders)."""
    _indexed.cache_clear()


def face_of_file(path: Path, index: int, base_dir: Path | None = None) -> FaceInfo:
    """The index's entry for one face of a file (read afresh when the file lies outside the indexed folders)."""
    resolved = path.resolve()
    for face in all_faces(base_dir):
        if face.path.resolve() == resolved and face.index == index:
            return face
    faces = read_faces(resolved)
    if not faces:
        with open(resolved, "rb") as stream:
            opentype = stream.read(4) in OPENTYPE_SIGNATURES
        raise ReporterError(f"font {path.name} cannot be read: " + (
            "the file is truncated or damaged" if opentype else "it is not an OpenType font (TrueType or CFF)"))
    if index >= len(faces):
        raise ReporterError(f"font {path.name} has {len(faces)} face{'s' if len(faces) > 1 else ''}; #{index} is "
                            "not one of them")
    return faces[index]


def locate(family: str | None, file: str | None, weight: int = 400, italic: bool = False,
           base_dir: Path | None = None) -> FaceInfo:
    """A font named by its family (and weight and slant) or by its file: the face to use, or one ReporterError."""
    if file is not None:
        return face_of_file(*find_font(file, base_dir), base_dir=base_dir)
    assert family is not None
    return find_family(family, weight, italic, base_dir)
