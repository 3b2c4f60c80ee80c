"""Room between Chinese and Latin text (clreq 3.2.2: a quarter em between a Han character and a Latin letter or a
digit), drawn as part of the Latin glyph: its twin in the embedded subset has the same outline and a wider advance,
the room before its ink, after it, or both.

A gap made by positioning (a TJ offset, a character spacing) would be read as a space by every text extractor
(poppler starts a new word past a tenth of an em, pypdf past half a space): "2021 年 11 月" in copies, searches and
screen readers. With the room inside the glyph's advance, the PDF's text is the composed text, and the widths in the
font dictionary still match the program's (PDF/A-2 6.2.11.5).

The composer's text never holds the two marks below; the PDF writer puts them where the room goes, inside the Latin
run, and the encoder folds each into its neighbour's code."""

from __future__ import annotations

import re
import struct
from types import SimpleNamespace
from dataclasses import dataclass

ROOM_BEFORE = "\ufdd0"
"""Room before the next character (a noncharacter: Unicode keeps it for a program's internal use)."""
ROOM_AFTER = "\ufdd1"
"""Room after the previous character."""
ROOM_MARKS = ROOM_BEFORE + ROOM_AFTER
SQUEEZE_BEFORE = "\ufdd2"
"""The next glyph is drawn half an em to the left: an opening mark at a line's start, its blank half taken out
(a kerning offset in the PDF's string, which no extractor reads as a space)."""
SQUEEZE_EM = 0.5
ROOM = 0.25
"""The room, in ems."""

HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han characters (and kana): not punctuation, which takes no room."""
LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
"""Latin, Greek and Cyrillic letters, and digits."""
_BEFORE_AT = re.compile(f"(?<=[{HAN}])(?=[{LATIN}])|(?<=[{HAN}]\u2060)(?=[{LATIN}])")
_AFTER_AT = re.compile(f"(?<=[{LATIN}])(?=\u2060?[{HAN}])")
"""Where room goes: between a Han character and a letter or digit, either way (a word joiner may stand between)."""


def room_at(text: str, before: str = "", after: str = "") -> dict[int, str]:
    """Position -> mark, for each place in `text` that takes room: ROOM_BEFORE just before a letter or digit that
    follows a Han character, ROOM_AFTER just after one that precedes a Han character. `before` and `after` are
    the text around (a span of another style), which may put room at either end."""
    before = before[-2:]
    whole = before + text + after[:2]
    shift, end = len(before), len(before) + len(text)
    marks = {found.start() - shift: ROOM_BEFORE for found in _BEFORE_AT.finditer(whole)
             if shift <= found.start() < end}
    marks.update((found.start() - shift, ROOM_AFTER) for found in _AFTER_AT.finditer(whole)
                 if shift < found.start() <= end)
    return marks


def spaced_em(text: str) -> float:
    """The room `text` takes, in em."""
    return ROOM * len(room_at(text))


@dataclass(frozen=True)
class Twin:
    """A glyph drawn with room beside it, under a code of its own."""

    code: int
    glyph: int
    """The original glyph, numbered as in the face."""
    before: bool
    after: bool

    def extra(self, units_per_em: int) -> tuple[int, int]:
        """(room before, total room) in font units."""
        room = round(units_per_em * ROOM)
        return room * self.before, room * (self.before + self.after)


# -- TrueType: a composite glyph of one component, moved right by the room before ----------------------------------

ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES = 0x0001, 0x0002


def truetype_with_twins(font: bytes, twins: list[Twin], new_glyph: dict[int, int],
                        units_per_em: int) -> tuple[bytes, dict[int, int]]:
    """`font` (a TrueType subset) with a glyph appended for each twin; and code -> the twin's glyph."""
    tables = _tables(font)
    head, hhea, maxp = bytearray(tables["head"]), bytearray(tables["hhea"]), bytearray(tables["maxp"])
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    count = struct.unpack_from(">H", maxp, 4)[0]
    metrics = struct.unpack_from(">H", hhea, 34)[0]
    loca = (list(struct.unpack(f">{count + 1}I", tables["loca"][:4 * (count + 1)])) if long_loca else
            [offset * 2 for offset in struct.unpack(f">{count + 1}H", tables["loca"][:2 * (count + 1)])])
    hmtx = tables["hmtx"]
    advances = [struct.unpack_from(">H", hmtx, 4 * min(glyph, metrics - 1))[0] for glyph in range(count)]
    bearings = [struct.unpack_from(">h", hmtx, 4 * glyph + 2)[0] if glyph < metrics else
                struct.unpack_from(">h", hmtx, 4 * metrics + 2 * (glyph - metrics))[0] for glyph in range(count)]
    glyf = bytearray(tables["glyf"][:loca[-1]])
    glyf += b"\0" * (-len(glyf) % 4)
    loca[-1] = len(glyf)
    composite_depth = False
    placed: dict[int, int] = {}
    for twin in twins:
        original = new_glyph.get(twin.glyph, 0)
        shift, room = twin.extra(units_per_em)
        data = tables["glyf"][loca[original]:loca[original + 1]]
        if len(data) >= 10:
            contours, x_min, y_min, x_max, y_max = struct.unpack_from(">hhhhh", data)
            composite_depth |= contours < 0
            record = struct.pack(">hhhhhHHhh", -1, x_min + shift, y_min, x_max + shift, y_max,
                                 ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES, original, shift, 0)
        else:
            record = b""  # no outline (a space): room alone
        glyf += record + b"\0" * (-len(record) % 4)
        loca.append(len(glyf))  # (the glyph starts where the last one ended)
        advances.append(advances[original] + room)
        bearings.append(bearings[original] + shift)
        placed[twin.code] = count
        count += 1
    if not placed:
        return font, {}
    # loca: every glyph's start, and the end of the last
    if long_loca or loca[-1] > 0x1FFFE:
        tables["loca"] = struct.pack(f">{len(loca)}I", *loca)
        struct.pack_into(">h", head, 50, 1)
    else:
        tables["loca"] = struct.pack(f">{len(loca)}H", *(offset // 2 for offset in loca))
    tables["glyf"] = bytes(glyf)
    tables["hmtx"] = b"".join(struct.pack(">Hh", advance, bearing) for advance, bearing in zip(advances, bearings))
    struct.pack_into(">H", hhea, 34, count)
    struct.pack_into(">H", hhea, 10, max(advances))
    struct.pack_into(">H", maxp, 4, count)
    if len(maxp) >= 32:  # version 1.0: components and their depth
        elements, depth = struct.unpack_from(">HH", maxp, 28)
        struct.pack_into(">HH", maxp, 28, max(elements, 1), max(depth + 1, 2) if composite_depth else max(depth, 1))
        points, contours = struct.unpack_from(">HH", maxp, 6)
        composite_points, composite_contours = struct.unpack_from(">HH", maxp, 10)
        struct.pack_into(">HH", maxp, 10, max(points, composite_points), max(contours, composite_contours))
    tables["head"], tables["hhea"], tables["maxp"] = bytes(head), bytes(hhea), bytes(maxp)
    return _sfnt(tables, struct.unpack_from(">I", font)[0]), placed


def _tables(font: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", font, 4)[0]
    out = {}
    for record in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * record)
        out[tag.decode("latin-1")] = font[offset:offset + length]
    return out


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes], version: int) -> bytes:
    """An OpenType font of `tables`, in tag order, with its checksums."""
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = struct.pack(">IHHHH", version, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    if "head" in tables:
        head = bytearray(tables["head"])
        struct.pack_into(">I", head, 8, 0)
        tables = {**tables, "head": bytes(head)}
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        body.append(data + b"\0" * (-len(data) % 4))
        offset += len(body[-1])
    font = bytearray(header + b"".join(directory) + b"".join(body))
    if "head" in tables:
        at = 12 + 16 * count + sum(len(part) for tag, part in zip(tags, body) if tag < "head")
        struct.pack_into(">I", font, at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


# -- CFF: the charstring drawn again, moved and wider (fontTools) --------------------------------------------------

def cff_with_twins(cff: bytes, twins: list[Twin], new_glyph: dict[int, int], units_per_em: int,
                   cid_keyed: bool) -> tuple[bytes, dict[int, int]]:
    """`cff` (a bare CFF table) with a charstring added for each twin, under its code (the CID of a CID-keyed
    face; in a name-keyed one, its glyph number, empty glyphs filling the numbers before it)."""
    from io import BytesIO

    from fontTools.cffLib import CFFFontSet
    from fontTools.misc.psCharStrings import T2CharString
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.transformPen import TransformPen

    fonts = CFFFontSet()
    fonts.decompile(BytesIO(cff), None)
    top = fonts[fonts.fontNames[0]]
    strings = top.CharStrings
    order = list(top.charset)
    index = strings.charStringsIndex
    placed: dict[int, int] = {}

    def add(name: str, charstring, fd: int) -> None:
        index.append(charstring)
        strings.charStrings[name] = len(index) - 1
        order.append(name)
        if cid_keyed:
            top.FDSelect.gidArray.append(fd)

    for twin in twins:
        original = order[new_glyph.get(twin.glyph, 0)]
        source = strings[original]
        fd = strings.getItemAndSelector(original)[1] if cid_keyed else 0
        private = top.FDArray[fd].Private if cid_keyed else top.Private
        shift, room = twin.extra(units_per_em)
        pen = T2CharStringPen(None, None)
        source.draw(TransformPen(pen, (1, 0, 0, 1, shift, 0)))  # (drawing it sets its width)
        width = source.width + room
        drawn = pen.getCharString(private=private)
        program = [width - private.nominalWidthX, *drawn.program] if width != private.defaultWidthX \
            else list(drawn.program)
        charstring = T2CharString(program=program, private=private, globalSubrs=top.GlobalSubrs)
        if cid_keyed:
            name = f"cid{twin.code:05d}"
        elif twin.code < len(order):  # a glyph number the face's character map never reaches
            index[twin.code] = charstring
            placed[twin.code] = twin.code
            continue
        else:
            while len(order) < twin.code:
                add(f"gap{len(order)}", T2CharString(program=["endchar"], private=private,
                                                      globalSubrs=top.GlobalSubrs), 0)
            name = f"twin{twin.code}"
        add(name, charstring, fd)
        placed[twin.code] = len(order) - 1
    top.charset = order
    if cid_keyed:
        top.CIDCount = max(getattr(top, "CIDCount", 0), max(twin.code for twin in twins) + 1)
    out = BytesIO()
    fonts.compile(out, SimpleNamespace(recalcBBoxes=False))  # (compile asks the font holding the table)
    return out.getvalue(), placed
