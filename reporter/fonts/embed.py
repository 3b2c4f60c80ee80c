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

MAX_CODE = 0xFFFF
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
        self._next_extra = max(face.glyph_count, 1) if face.kind == "truetype" else MAX_CODE + 1

    def encode(self, text: str) -> bytes:
        """Two bytes per character."""
        codes = self.codes
        try:
            return b"".join(map(codes.__getitem__, text))
        except KeyError:
            for char in text:
                if char not in codes:
                    self._add(char)
            return b"".join(map(codes.__getitem__, text))

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
            if self._next_extra <= MAX_CODE:
                code, self._next_extra = self._next_extra, self._next_extra + 1
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


@dataclass(frozen=True)
class Embedding:
    base_font: str
    """The subset's name: six capital letters, '+', the face's PostScript name."""
    program: Program
    widths: list[tuple[int, float]]
    """(code, width in thousandths of the em), by code, for the codes whose width is not `common_width`."""
    common_width: float
    """The width most codes have (the CIDFont's DW): a Chinese face's codes are nearly all a full em."""
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
    scale = 1000 / face.units_per_em
    codes = sorted(encoder.glyph)
    all_widths = [(code, round(face.advances[encoder.glyph[code]] * scale, 3)) for code in codes]
    counts = Counter(width for _, width in all_widths)
    common = min(counts, key=lambda width: (-counts[width], width)) if counts else 0
    widths = [(code, width) for code, width in all_widths if width != common]
    cid_to_gid = None
    if program.truetype:
        table = [0] * (codes[-1] + 1 if codes else 1)
        for code in codes:
            table[code] = program.new_glyph.get(encoder.glyph[code], 0)
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
