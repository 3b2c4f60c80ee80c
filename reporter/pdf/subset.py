"""TrueType subsetting for the PDF: the subsets ReportLab's TTFontFace.makeSubset makes, byte for byte, faster.

ReportLab reads each glyph through its file-reader methods (seek, read_short, skip: several Python calls per
glyph) and slices the glyph table through our in-place table view; a bilingual brief embeds some two thousand
CJK glyphs, so subsetting was the largest single step of writing its PDF. Here glyph headers and component
records are read with struct.unpack_from straight from the font's bytes, once per glyph and face (a book's briefs
embed mostly the same glyphs). Installed by reporter.pdf._reportlab.
"""

from __future__ import annotations

from itertools import accumulate
from struct import pack, unpack_from

from reportlab.pdfbase.ttfonts import (GF_ARG_1_AND_2_ARE_WORDS, GF_MORE_COMPONENTS, GF_WE_HAVE_A_SCALE,
                                       GF_WE_HAVE_A_TWO_BY_TWO, GF_WE_HAVE_AN_X_AND_Y_SCALE, TTFontMaker)

from reporter.pdf._reportlab import font_bytes, set_ushort as _set_ushort

COPIED_TABLES = ("name", "OS/2", "cvt ", "fpgm", "prep")


def _component_size(flags: int) -> int:
    """Bytes of a composite glyph's component record after its flags and glyph index."""
    size = 4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2
    if flags & GF_WE_HAVE_A_SCALE:
        size += 2
    elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
        size += 4
    elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
        size += 8
    return size


def _glyphs(face, subset: list[int]) -> tuple[list[int], dict[int, int], dict[int, int]]:
    """(new glyph -> old glyph, old glyph -> new glyph, character -> new glyph), with the components of
    composite glyphs added after the characters' own glyphs, as ReportLab orders them."""
    glyph_map, glyph_set, code_to_glyph = [0], {0: 0}, {}
    char_to_glyph = face.charToGlyph
    for code in subset:
        old = char_to_glyph.get(code, 0)
        new = glyph_set.get(old)
        if new is None:
            new = glyph_set[old] = len(glyph_map)
            glyph_map.append(old)
        code_to_glyph[code] = new
    add_components(face, glyph_map, glyph_set)
    return glyph_map, glyph_set, code_to_glyph


GlyphRecord = tuple[bytes, tuple[tuple[int, int], ...]]
"""A glyph's data padded to a multiple of 4 bytes, and for a composite glyph its components as (offset of the
component's glyph index in that data, old glyph index)."""


def _glyph_records(face) -> dict[int, GlyphRecord]:
    """The face's glyph records read so far, kept for the process (the same glyphs recur in every brief)."""
    records = face.__dict__.get("reporter_glyph_records")
    if records is None:
        records = face.reporter_glyph_records = {}
    return records


def _glyph_record(face, records: dict[int, GlyphRecord], glyph: int) -> GlyphRecord:
    record = records.get(glyph)
    if record is None:
        position, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
        start = face.get_table_pos("glyf")[0] + position
        data = font_bytes(face)[start:start + end - position]
        components = []
        if len(data) > 2 and unpack_from(">h", data)[0] < 0:
            at = 10
            flags = GF_MORE_COMPONENTS
            while flags & GF_MORE_COMPONENTS:
                flags, index = unpack_from(">HH", data, at)
                components.append((at + 2, index))
                at += 4 + _component_size(flags)
        record = records[glyph] = (data + b"\0" * (-len(data) % 4), tuple(components))
    return record


def add_components(face, glyph_map: list[int], glyph_set: dict[int, int]) -> None:
    """Append the glyphs that composite glyphs of the map are built from (in place)."""
    records = _glyph_records(face)
    n = 0
    while n < len(glyph_map):
        for _, index in _glyph_record(face, records, glyph_map[n])[1]:
            if index not in glyph_set:
                glyph_set[index] = len(glyph_map)
                glyph_map.append(index)
        n += 1


def _glyf_and_loca(face, glyph_map: list[int], glyph_set: dict[int, int]) -> tuple[bytes, list[int]]:
    """The glyph table of the mapped glyphs (components renumbered) and its offsets."""
    records = _glyph_records(face)
    parts = []
    for old in glyph_map:
        data, components = _glyph_record(face, records, old)
        for at, index in components:
            data = _set_ushort(data, at, glyph_set[index])
        parts.append(data)
    return b"".join(parts), [0, *accumulate(map(len, parts))]


def make_subset(self, subset: list[int]) -> bytes:
    """TTFontFace.makeSubset: a TrueType font of the subset's characters (at most 256)."""
    glyph_map, glyph_set, code_to_glyph = _glyphs(self, subset)
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)] + [code_to_glyph[c] for c in subset]
    return font_program(self, glyph_map, glyph_set, pack(">%dH" % len(cmap), *cmap))


def font_program(face, glyph_map: list[int], glyph_set: dict[int, int], cmap: bytes | None) -> bytes:
    """A TrueType font of the mapped glyphs, in the map's order (new glyph n is old glyph glyph_map[n]), with
    the given cmap table or none (a CID font maps its codes to glyphs itself)."""
    output = TTFontMaker()
    for tag in COPIED_TABLES:
        try:
            output.add(tag, face.get_table(tag))
        except KeyError:  # cvt, fpgm and prep are optional
            pass
    output.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)

    hmtx = []
    for old in glyph_map:
        advance, bearing = face.hmetrics[old]
        hmtx += (int(advance), int(bearing))
    n = len(hmtx) - 2
    while n and hmtx[n] == hmtx[n - 2]:  # a run of equal advances at the end is stored once
        n -= 2
    n += 2
    hmtx = hmtx[:n] + hmtx[n + 1::2]
    output.add("hmtx", pack(">%dH" % len(hmtx), *hmtx))
    output.add("hhea", _set_ushort(face.get_table("hhea"), 34, n >> 1))
    output.add("maxp", _set_ushort(face.get_table("maxp"), 4, len(glyph_map)))
    if cmap is not None:
        output.add("cmap", cmap)

    glyf, offsets = _glyf_and_loca(face, glyph_map, glyph_set)
    output.add("glyf", glyf)
    if (offsets[-1] + 1) >> 1 > 0xFFFF:
        index_to_loc_format, loca = 1, pack(">%dL" % len(offsets), *offsets)
    else:
        index_to_loc_format, loca = 0, pack(">%dH" % len(offsets), *(offset >> 1 for offset in offsets))
    output.add("loca", loca)
    output.add("head", _set_ushort(face.get_table("head"), 50, index_to_loc_format))
    return output.makeStream()

