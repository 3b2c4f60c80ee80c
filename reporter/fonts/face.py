"""One face of an OpenType font (TrueType or CFF outlines, a single file or a collection), read with fontTools
into plain data: its character map, advance widths, vertical metrics, the PDF descriptor's values, and the ink of
its punctuation (where a mark's black sits in its em, so that compression follows the face, not a convention).

Reading a CJK face takes a few tenths of a second (44,000 characters, 65,000 glyphs), so each face is read once per
machine and kept in the user's cache (fonts/cache.py) as MessagePack, keyed by the file's path, size and modification
time; a process reads each face once. A file that is not a font, a damaged table, or a variable font whose default
instance cannot be made is one line naming the file."""

from __future__ import annotations

import hashlib
import logging
import struct
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from reporter.errors import ReporterError
from reporter.fonts.cache import cache_dir, read_entry, write_entry
from reporter.fonts.locate import OPENTYPE_SIGNATURES
from reporter.limits import FONT_FILE_BYTES, MiB

FACE_FORMAT = 3
INK_RANGES = ((0x00A1, 0x00BF), (0x2010, 0x2027), (0x2030, 0x203A), (0x3000, 0x303F), (0xFE10, 0xFE19),
              (0xFE30, 0xFE4F), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65))
"""Punctuation whose ink is measured: the marks Chinese text compresses, and their Latin neighbours."""


@dataclass
class Face:
    """A face's metrics in font units (`units_per_em` to the em)."""

    path: Path
    index: int
    kind: str
    """'truetype', 'cff' or 'cff2' (a variable face with PostScript outlines)."""
    postscript_name: str
    family: str
    units_per_em: int
    glyph_count: int
    cmap: dict[int, int] = field(repr=False)
    """Code point -> glyph."""
    advances: list[int] = field(repr=False)
    """Glyph -> advance width."""
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    weight: int
    fixed_pitch: bool
    variable: bool
    cids: list[int] | None = field(default=None, repr=False)
    """A CID-keyed CFF face's CID of each glyph (None: the glyph's number is its CID, or the face is not CID-keyed)."""
    cid_keyed: bool = False
    ink: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False)
    """Punctuation code point -> (left, right) edge of its ink; a mark with no ink is absent."""
    shared: dict[int, int] = field(default_factory=dict, repr=False)
    """A glyph that several characters map to -> the one its code stands for: not a variant, then the lowest."""

    def em(self, units: float) -> float:
        """Font units as a share of the em."""
        return units / self.units_per_em

    def advance_of(self, code: int) -> int | None:
        glyph = self.cmap.get(code)
        return None if glyph is None else self.advances[glyph]

    def glyph_code(self, glyph: int) -> int:
        """What a PDF string holds for a glyph: its CID in a CID-keyed CFF face, else its number."""
        return self.cids[glyph] if self.cids is not None else glyph


_lock = threading.Lock()
_faces: dict[tuple[Path, int], Face] = {}


def load_face(path: Path, index: int = 0) -> Face:
    """The face, read once per process (from the cache where it is fresh)."""
    key = (path, index)
    with _lock:
        face = _faces.get(key)
        if face is None:
            face = _faces[key] = _cached_or_read(path, index)
    return face


def _entry(path: Path, index: int) -> tuple[Path | None, str]:
    folder = cache_dir()
    stat = path.stat()
    tag = hashlib.sha256(f"{path.resolve()}|{index}".encode()).hexdigest()[:12]
    prefix = f"{path.stem}-{index}-{tag}-"
    key = hashlib.sha256(f"{FACE_FORMAT}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    return (folder / "faces" / f"{prefix}{key}.msgpack" if folder else None), prefix


def _cached_or_read(path: Path, index: int) -> Face:
    if not path.is_file():
        raise ReporterError(f"font {path.name} is not a file")
    if path.stat().st_size > FONT_FILE_BYTES:
        raise ReporterError(f"font {path.name} is over the limit of {FONT_FILE_BYTES // MiB} MiB")
    entry, prefix = _entry(path, index)
    face = _from_data(path, index, read_entry(entry))
    if face is None:
        face = read_face(path, index)
        write_entry(entry, _to_data(face), stale_prefix=prefix)
    return face


_FIELDS = {"kind": str, "postscript_name": str, "family": str, "units_per_em": int, "glyph_count": int, "cmap": dict,
           "advances": list, "ascent": int, "descent": int, "cap_height": int, "bbox": list,
           "italic_angle": (int, float), "weight": int, "fixed_pitch": bool, "variable": bool,
           "cids": (list, type(None)), "cid_keyed": bool, "ink": dict, "shared": dict}


def _to_data(face: Face) -> dict:
    data = {name: getattr(face, name) for name in _FIELDS}
    data["bbox"] = list(face.bbox)
    data["ink"] = {code: list(edges) for code, edges in face.ink.items()}
    data["format"] = FACE_FORMAT
    return data


def _from_data(path: Path, index: int, data: object) -> Face | None:
    """A face from a cache entry, or None when the entry is absent or not of the expected shape."""
    if not isinstance(data, dict) or data.get("format") != FACE_FORMAT:
        return None
    if not all(isinstance(data.get(name), kind) for name, kind in _FIELDS.items()):
        return None
    count = data["glyph_count"]
    cmap, advances = data["cmap"], data["advances"]
    if len(advances) != count or not all(type(k) is int and type(v) is int and 0 <= v < count
                                         for k, v in cmap.items()):
        return None
    if not all(type(k) is int and type(v) is int for k, v in data["shared"].items()):
        return None
    if data["units_per_em"] <= 0 or len(data["bbox"]) != 4 or data["kind"] not in ("truetype", "cff", "cff2"):
        return None
    ink = {}
    for code, edges in data["ink"].items():
        if type(code) is not int or not (isinstance(edges, list) and len(edges) == 2):
            return None
        ink[code] = (edges[0], edges[1])
    values = {name: data[name] for name in _FIELDS}
    values.update(bbox=tuple(data["bbox"]), ink=ink)
    return Face(path=path, index=index, **values)


def read_face(path: Path, index: int) -> Face:
    """Read a face with fontTools; every way a file can fail to be a usable font is one ReporterError."""
    from fontTools.ttLib import TTLibError

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # odd dates and checksums are not the reader's concern
    try:
        return _read(path, index)
    except ReporterError:
        raise
    except (TTLibError, struct.error, ValueError, KeyError, IndexError, AssertionError, TypeError, EOFError,
            AttributeError, OverflowError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        raise ReporterError(f"font {path.name} cannot be read: the file is truncated or damaged "
                            f"({type(exc).__name__})") from None


def _read(path: Path, index: int) -> Face:
    from fontTools.ttLib import TTCollection, TTFont

    with open(path, "rb") as stream:
        head = stream.read(4)
    if head not in OPENTYPE_SIGNATURES:
        raise ReporterError(f"font {path.name} cannot be read: it is not an OpenType font (TrueType or CFF)")
    if head == b"ttcf":
        collection = TTCollection(str(path), lazy=True)
        if index >= len(collection.fonts):
            raise ReporterError(f"font {path.name} has {len(collection.fonts)} faces; #{index} is not one of them")
        font = collection.fonts[index]
    elif index:
        raise ReporterError(f"font {path.name} is a single face; #{index} is not one of them")
    else:
        font = TTFont(str(path), lazy=True)
    tables = set(font.keys())
    kind = "truetype" if "glyf" in tables else "cff" if "CFF " in tables else "cff2" if "CFF2" in tables else None
    if kind is None:
        raise ReporterError(f"font {path.name} has no outlines (no glyf, CFF or CFF2 table): it cannot be embedded")
    variable = "fvar" in tables
    if kind == "cff2" and not variable:
        raise ReporterError(f"font {path.name} has CFF2 outlines without variations, which a PDF cannot embed")
    head_table, hhea = font["head"], font["hhea"]
    units = head_table.unitsPerEm
    if not 16 <= units <= 16384:
        raise ReporterError(f"font {path.name} cannot be read: its head table gives {units} units to the em")
    order = font.getGlyphOrder()
    metrics = font["hmtx"].metrics
    advances = [metrics[name][0] if name in metrics else 0 for name in order]
    cmap_table = font.getBestCmap() or {}
    glyph_id = {name: number for number, name in enumerate(order)}
    cmap = {code: glyph_id[name] for code, name in cmap_table.items() if name in glyph_id}
    if not cmap:
        raise ReporterError(f"font {path.name} maps no character to a glyph (no Unicode cmap): it cannot be used")
    cids, cid_keyed = None, False
    if kind == "cff":
        top = font["CFF "].cff.topDictIndex[0]
        cid_keyed = hasattr(top, "ROS")
        if cid_keyed:
            numbers = [int(name[3:]) if name.startswith("cid") else 0 for name in order]
            cids = None if numbers == list(range(len(order))) else numbers
    os2 = font["OS/2"] if "OS/2" in tables else None
    post = font["post"] if "post" in tables else None
    names = font["name"] if "name" in tables else None
    family = (names.getDebugName(16) or names.getDebugName(1) if names else None) or path.stem
    style = (names.getDebugName(17) or names.getDebugName(2) if names else None) or "Regular"
    postscript = (names.getDebugName(6) if names else None) or f"{family}-{style}".replace(" ", "")
    cap_height = getattr(os2, "sCapHeight", 0) if os2 is not None else 0
    face = Face(
        path=path, index=index, kind=kind, postscript_name=_postscript(postscript), family=family,
        units_per_em=units, glyph_count=len(order), cmap=cmap, advances=advances,
        ascent=hhea.ascent, descent=hhea.descent, cap_height=cap_height or hhea.ascent,
        bbox=(head_table.xMin, head_table.yMin, head_table.xMax, head_table.yMax),
        italic_angle=float(post.italicAngle) if post is not None else 0.0,
        weight=os2.usWeightClass if os2 is not None else 400,
        fixed_pitch=bool(post.isFixedPitch) if post is not None else False, variable=variable,
        cids=cids, cid_keyed=cid_keyed)
    face.ink = _ink(font, order, cmap)
    face.shared = _shared(cmap)
    return face


RADICALS = range(0x2E80, 0x2FE0)
"""CJK Radicals Supplement and Kangxi Radicals: signs for dictionaries that fonts draw with the ideograph's glyph
(⻚ with 页's); only the Kangxi ones have a compatibility decomposition."""


def _variant(code: int) -> bool:
    """A character that stands in for another drawn alike: a radical (⽪ for 皮, ⻚ for 页), a compatibility
    ideograph, a full-width letter, a no-break space (what compatibility normalisation, NFKC, changes)."""
    char = chr(code)
    return code in RADICALS or unicodedata.normalize("NFKC", char) != char


def _shared(cmap: dict[int, int]) -> dict[int, int]:
    """Each glyph several characters map to -> the ordinary one of them (not a variant), else the lowest."""
    by_glyph: dict[int, list[int]] = {}
    for code, glyph in cmap.items():
        by_glyph.setdefault(glyph, []).append(code)
    return {glyph: min(codes, key=lambda code: (_variant(code), code))
            for glyph, codes in by_glyph.items() if len(codes) > 1}


def _postscript(name: str) -> str:
    """A PostScript name as a PDF's BaseFont may hold it: printable ASCII without delimiters or spaces."""
    cleaned = "".join(char for char in name if 33 <= ord(char) <= 126 and char not in "[](){}<>/%#")
    return cleaned[:63] or "Font"


def _ink(font, order: list[str], cmap: dict[int, int]) -> dict[int, tuple[int, int]]:
    """The horizontal extent of the ink of each punctuation mark the face has (font units)."""
    from fontTools.pens.boundsPen import BoundsPen

    glyphs = font.getGlyphSet()
    out = {}
    for start, end in INK_RANGES:
        for code in range(start, end + 1):
            glyph = cmap.get(code)
            if glyph is None:
                continue
            pen = BoundsPen(glyphs)
            glyphs[order[glyph]].draw(pen)
            if pen.bounds is not None:
                out[code] = (round(pen.bounds[0]), round(pen.bounds[2]))
    return out
