"""Font subsets for embedding, made by HarfBuzz (hb-subset, through uharfbuzz): the glyphs a document draws, with
their outlines only (no hinting, no layout tables, CFF subroutines expanded), from TrueType or CFF faces alike.
A variable face is embedded at its default instance (axes pinned; CFF2 outlines turned into CFF).

hb-subset is C++ and takes some 5-10 ms for the thousand CJK glyphs of a bilingual brief (fontTools' subsetter,
in Python, 0.7 s). A glyph keeps its CID in a CID-keyed CFF face; in a name-keyed CFF face it keeps its number
(`RETAIN_GIDS`: a PDF selects such glyphs by number); TrueType glyphs are renumbered, and the PDF's CIDToGIDMap
says where each went."""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from reporter.errors import ReporterError
from reporter.fonts.face import Face

DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "VORG", "vhea", "vmtx", "kern", "cmap", "hdmx",
                  "LTSH", "VDMX", "gasp", "STAT", "meta", "COLR", "CPAL", "SVG ", "sbix", "CBDT", "CBLC", "EBDT",
                  "EBLC", "EBSC", "DSIG", "fvar", "gvar", "avar", "HVAR", "VVAR", "MVAR", "cvar", "morx", "kerx")
"""What a PDF's font program does not use: layout (the text is laid out already), character maps (the PDF maps
codes to glyphs itself), bitmaps and colour, variations (the default instance is embedded)."""


@dataclass(frozen=True)
class Program:
    """A subset font program, as a PDF embeds it."""

    data: bytes
    """A TrueType font (FontFile2), or a bare CFF table (FontFile3 of subtype CIDFontType0C)."""
    truetype: bool
    new_glyph: dict[int, int]
    """Old glyph -> its number in the subset."""


_lock = threading.Lock()
_hb_faces: dict[tuple[Path, int], object] = {}


def _hb_face(face: Face):
    """HarfBuzz's face of a font file, made once per process: a static CFF face's from its tables but those the
    subset drops (see _lean_face), any other mapped from the file."""
    import uharfbuzz as hb

    key = (face.path, face.index)
    with _lock:
        found = _hb_faces.get(key)
        if found is None:
            found = _lean_face(face) if face.kind == "cff" and not face.variable else None
            if found is None:
                found = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
            _hb_faces[key] = found
    return found


def _lean_face(face: Face):
    """A HarfBuzz face of the face's tables but the dropped ones, read from the file as hb-subset first asks for
    each; None where the file's table directory cannot be read. hb-subset maps every character of the cmap to a
    glyph on each call, whatever the input asks: 6-8 ms of a CJK face's 44,000 mappings before a glyph is copied
    (a brief subsets three such faces). A PDF embeds only the subset's CFF table, which comes out the same."""
    import uharfbuzz as hb

    records = _table_records(face.path, face.index)
    if records is None:
        return None
    kept: dict[str, bytes] = {}
    left_out = frozenset(DROPPED_TABLES)

    def table(_face, tag, _data) -> bytes:
        name = tag.decode("latin-1") if isinstance(tag, bytes) else str(tag)
        found = kept.get(name)
        if found is None:
            found = b""
            if name in records and name not in left_out:
                offset, length = records[name]
                with open(face.path, "rb") as file:
                    file.seek(offset)
                    found = file.read(length)
            kept[name] = found
        return found

    lean = hb.Face.create_for_tables(table, None)
    lean.upem = face.units_per_em
    return lean


def _table_records(path: Path, index: int) -> dict[str, tuple[int, int]] | None:
    """{tag: (offset, length)} of face `index` of an OpenType file or collection, from its table directory."""
    with open(path, "rb") as file:
        head = file.read(12)
        if len(head) < 12:
            return None
        start = 0
        if head[:4] == b"ttcf":
            count = struct.unpack_from(">I", head, 8)[0]
            if not 0 <= index < count:
                return None
            file.seek(12 + 4 * index)
            start = struct.unpack(">I", file.read(4))[0]
            file.seek(start)
            head = file.read(12)
            if len(head) < 12:
                return None
        tables = struct.unpack_from(">H", head, 4)[0]
        file.seek(start + 12)
        directory = file.read(16 * tables)
        size = path.stat().st_size
    if len(directory) < 16 * tables:
        return None
    records = {}
    for at in range(0, 16 * tables, 16):
        tag, _, offset, length = struct.unpack_from(">4sIII", directory, at)
        if offset + length > size:
            return None
        records[tag.decode("latin-1")] = (offset, length)
    return records


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def subset_program(face: Face, glyphs: set[int]) -> Program:
    """The program of `face` holding `glyphs` (and glyph 0, and whatever composite glyphs are built from)."""
    import uharfbuzz as hb

    hb_face = _hb_face(face)
    subset_input = hb.SubsetInput()
    for glyph in sorted(glyphs | {0}):
        subset_input.glyph_set.add(glyph)
    subset_input.sets(hb.SubsetInputSets.UNICODE).clear()
    for name in DROPPED_TABLES:
        subset_input.drop_table_tag_set.add(_tag(name))
    flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_LAYOUT_CLOSURE
    if face.kind == "truetype":
        flags |= hb.SubsetFlags.NO_HINTING  # TrueType instructions: a third of a subset's bytes
    # (CFF hints are kept: they are part of each charstring, and taking them out costs a fifth more time)
    name_keyed_cff = face.kind != "truetype" and not face.cid_keyed
    if name_keyed_cff:
        flags |= hb.SubsetFlags.RETAIN_GIDS
    if face.variable:
        subset_input.pin_all_axes_to_default(hb_face)
        flags |= hb.SubsetFlags.DOWNGRADE_CFF2
    subset_input.flags = flags
    plan = hb.SubsetPlan(hb_face, subset_input)
    result = plan.execute()
    data = bytes(result.blob.data) if result is not None else b""
    if not data:
        raise ReporterError(f"font {face.path.name} cannot be embedded: HarfBuzz could not subset it (a damaged "
                            "or unusual font file)")
    mapping = dict(plan.old_to_new_glyph_mapping)
    if face.kind == "truetype":
        return Program(data, True, mapping)
    cff = table_of(data, "CFF ")
    if cff is None:
        raise ReporterError(f"font {face.path.name} cannot be embedded: its variable outlines could not be turned "
                            "into a static instance; use a static face of the family")
    return Program(cff, False, mapping)


def table_of(font: bytes, tag: str) -> bytes | None:
    """One table of an OpenType font's bytes, or None."""
    if len(font) < 12:
        return None
    count = struct.unpack_from(">H", font, 4)[0]
    for record in range(count):
        at = 12 + 16 * record
        if at + 16 > len(font):
            return None
        name, _, offset, length = struct.unpack_from(">4sIII", font, at)
        if name == tag.encode("ascii"):
            return font[offset:offset + length] if offset + length <= len(font) else None
    return None
