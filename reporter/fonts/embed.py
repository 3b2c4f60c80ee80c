"""What a PDF embeds of a face a document drew: the subset program, the glyph widths, the codes' Unicode text and
the descriptor's values, as plain data (pdf/embedded.py writes them as PDF objects).

Every face is a composite font (Type 0, Identity-H: two bytes a character). A character's code is its glyph's CID in
a CID-keyed CFF face, else its glyph number; so the same text has the same codes in every document. Where two
characters share a glyph (U+00A0 and the space, a soft hyphen and the hyphen, a Kangxi radical and its unified
ideograph), the code of the glyph stands for the ordinary one (Face.shared), so that a search finds it; the other character gets a code of its own in a TrueType face (the CIDToGIDMap maps it to the same
glyph) and, in a CFF face or when codes run out, is drawn with ActualText saying what it is (`Encoder.encode`)."""

from __future__ import annotations

import hashlib
from collections import Counter
import struct
from dataclasses import dataclass

from reporter.fonts.face import Face
from reporter.fonts.subset import Program, subset_program
from reporter.fonts.twins import ROOM_AFTER, ROOM_BEFORE, ROOM_MARKS, Twin, cff_with_twins, truetype_with_twins

MAX_CODE = 0xFFFF
LAST_FREE = 0xFFFE
"""The last code given out beyond the face's own (a CID-keyed CFF font's CIDs end at 65,534)."""
SPACE_CODE = 0x20
BFCHAR_BLOCK = 100
"""A ToUnicode CMap's bfchar sections hold at most 100 entries."""
SUBSTITUTES = {0x00A0: (0x0020,), 0x00AD: (0x2010, 0x002D), 0x2011: (0x2010, 0x002D), 0x202F: (0x00A0, 0x0020)}
"""A character the face may lack, and the characters whose glyph then draws it (a no-break space as a space, a
soft hyphen, shown at a line's end, as a hyphen)."""
SYMBOLIC, FIXED_PITCH, ITALIC = 4, 1, 64
"""FontDescriptor flags."""


def glyph_for(face: Face, char: str) -> int:
    """The glyph a character is drawn with: its own, a substitute's (SUBSTITUTES), or 0 (.notdef)."""
    code = ord(char)
    glyph = face.cmap.get(code)
    if glyph is not None:
        return glyph
    for other in SUBSTITUTES.get(code, ()):
        glyph = face.cmap.get(other)
        if glyph is not None:
            return glyph
    return 0


class Encoder:
    """The codes of one face in one document, and what they stand for."""

    def __init__(self, face: Face):
        self.face = face
        self.codes: dict[str, bytes] = {}
        """Character -> its two bytes."""
        self.actual: set[str] = set()
        """Characters drawn with ActualText (their code stands for another character)."""
        self.text: dict[int, int] = {}
        """Code -> the code point it stands for (ToUnicode)."""
        self.glyph: dict[int, int] = {}
        """Code -> glyph."""
        self.twins: dict[tuple[str, bool, bool], Twin] = {}
        """(character, room before, room after) -> its twin (twins.py)."""
        self._free = _free_codes(face)

    def encode(self, text: str) -> bytes:
        """Two bytes per character; a room mark (twins.py) folds into its neighbour's code."""
        codes = self.codes
        try:
            return b"".join(map(codes.__getitem__, text))
        except KeyError:
            if ROOM_BEFORE in text or ROOM_AFTER in text:
                return self._encode_with_room(text)
            for char in text:
                if char not in codes:
                    self._add(char)
            return b"".join(map(codes.__getitem__, text))

    def _encode_with_room(self, text: str) -> bytes:
        out = []
        last = len(text) - 1
        for index, char in enumerate(text):
            if char in ROOM_MARKS:
                continue
            before = index > 0 and text[index - 1] == ROOM_BEFORE
            after = index < last and text[index + 1] == ROOM_AFTER
            if before or after:
                out.append(self._twin(char, before, after))
            else:
                if char not in self.codes:
                    self._add(char)
                out.append(self.codes[char])
        return b"".join(out)

    def _twin(self, char: str, before: bool, after: bool) -> bytes:
        """The code of `char` drawn with room beside it; the plain code where the face has no code to spare."""
        key = (char, before, after)
        twin = self.twins.get(key)
        if twin is None:
            if char not in self.codes:
                self._add(char)
            glyph = glyph_for(self.face, char)
            code = next(self._free, None) if glyph else None
            if code is None:
                return self.codes[char]
            twin = self.twins[key] = Twin(code, glyph, before, after)
            self.text[code] = ord(char)
            self.glyph[code] = glyph
        return twin.code.to_bytes(2, "big")

    def _add(self, char: str) -> None:
        face = self.face
        glyph = glyph_for(face, char)
        code = face.glyph_code(glyph)
        if glyph == 0:
            self.codes[char] = b"\0\0"
            self.glyph[0] = 0
            return
        primary = face.shared.get(glyph) if ord(char) in face.cmap else \
            next(other for other in SUBSTITUTES[ord(char)] if face.cmap.get(other) == glyph)
        if code == SPACE_CODE and char != " " and face.kind == "truetype":
            primary = -1  # not code 32: text extractors (poppler's) take it for a word space, whatever the font
        if primary is not None and primary != ord(char):
            extra = next(self._free, None) if face.kind == "truetype" else None
            if extra is not None:  # (a CFF face's codes are its glyphs' CIDs: one code a glyph)
                code = extra
                self.text[code] = ord(char)
            else:
                self.actual.add(char)
                self.text.setdefault(code, primary if primary >= 0 else ord(char))
        else:
            self.text[code] = ord(char)
        self.glyph[code] = glyph
        self.codes[char] = code.to_bytes(2, "big")

    @property
    def used(self) -> bool:
        return bool(self.glyph)


def _free_codes(face: Face):
    """Codes no character of the face ever takes: past its glyphs (or CIDs), then those of glyphs its character
    map does not reach (a CJK face's vertical and variant forms), from the top."""
    top = min(max(face.cids) + 1 if face.cids else max(face.glyph_count, 1), LAST_FREE + 1)
    yield from range(top, LAST_FREE + 1)
    reached = {face.glyph_code(glyph) for glyph in set(face.cmap.values())}
    for code in range(top - 1, 0, -1):
        if code not in reached:
            yield code


@dataclass(frozen=True)
class Embedding:
    base_font: str
    """The subset's name: six capital letters, '+', the face's PostScript name."""
    program: Program
    widths: list[tuple[int, float]]
    """(code, width in thousandths of the em), by code, for the codes whose width is not `common_width`."""
    common_width: int
    """The whole width most codes have (the CIDFont's DW): a Chinese face's codes are nearly all a full em."""
    to_unicode: bytes
    cid_to_gid: bytes | None
    """A TrueType subset's CIDToGIDMap stream: two bytes, the subset's glyph, for each code from 0."""
    flags: int
    bbox: list[float]
    italic_angle: float
    ascent: float
    descent: float
    cap_height: float
    stem_v: int
    default_width: float


def embedding(encoder: Encoder) -> Embedding:
    """What a PDF embeds for the codes the encoder gave out."""
    face = encoder.face
    program = subset_program(face, set(encoder.glyph.values()))
    twins = sorted(encoder.twins.values(), key=lambda twin: twin.code)
    placed: dict[int, int] = {}
    if twins:
        program, placed = _with_twins(program, face, twins)
    room = {twin.code: twin.extra(face.units_per_em)[1] for twin in twins}
    scale = 1000 / face.units_per_em
    codes = sorted(encoder.glyph)
    all_widths = [(code, round((face.advances[encoder.glyph[code]] + room.get(code, 0)) * scale, 3))
                  for code in codes]
    # DW is an integer (PDF 32000 9.7.4.3): poppler takes a real one for the default 1000, and set Carlito's
    # digits an em apart; so the common width is the commonest whole one, and every other width is listed
    counts = Counter(width for _, width in all_widths if width == int(width))
    common = int(min(counts, key=lambda width: (-counts[width], width))) if counts else 1000
    widths = [(code, width) for code, width in all_widths if width != common]
    cid_to_gid = None
    if program.truetype:
        table = [0] * (codes[-1] + 1 if codes else 1)
        for code in codes:
            table[code] = placed[code] if code in placed else program.new_glyph.get(encoder.glyph[code], 0)
        cid_to_gid = struct.pack(f">{len(table)}H", *table)
    flags = SYMBOLIC | (FIXED_PITCH if face.fixed_pitch else 0) | (ITALIC if face.italic_angle else 0)
    return Embedding(
        base_font=f"{_tag(face, codes)}+{face.postscript_name}", program=program, widths=widths,
        common_width=common,
        to_unicode=to_unicode_cmap(encoder.text), cid_to_gid=cid_to_gid, flags=flags,
        bbox=[round(value * scale, 3) for value in face.bbox], italic_angle=face.italic_angle,
        ascent=round(face.ascent * scale, 3), descent=round(face.descent * scale, 3),
        cap_height=round(face.cap_height * scale, 3), stem_v=50 + int((face.weight / 65) ** 2),
        default_width=round(face.advances[0] * scale, 3) if face.advances else 0)


def _with_twins(program: Program, face: Face, twins: list[Twin]) -> tuple[Program, dict[int, int]]:
    """The program with the twins' glyphs added; and code -> twin glyph."""
    if program.truetype:
        data, placed = truetype_with_twins(program.data, twins, program.new_glyph, face.units_per_em)
    else:
        data, placed = cff_with_twins(program.data, twins, program.new_glyph, face.units_per_em, face.cid_keyed)
    return Program(data, program.truetype, program.new_glyph), placed


def _tag(face: Face, codes: list[int]) -> str:
    """The six capital letters a subset's name begins with: the same for the same glyphs."""
    digest = hashlib.sha256(face.postscript_name.encode() + struct.pack(f">{len(codes)}I", *codes)).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


def utf16_hex(code: int) -> str:
    """A character as a ToUnicode map writes it: UTF-16BE in hex, a surrogate pair beyond U+FFFF."""
    return chr(code).encode("utf-16-be").hex().upper()


def to_unicode_cmap(text: dict[int, int]) -> bytes:
    """A ToUnicode CMap from two-byte codes to UTF-16BE."""
    entries = [f"<{code:04X}> <{utf16_hex(text[code])}>" for code in sorted(text)]
    blocks = []
    for start in range(0, len(entries), BFCHAR_BLOCK):
        chunk = entries[start:start + BFCHAR_BLOCK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")
