"""TrueType fonts embedded as one CID font each (Type 0, Identity-H), as Word and LibreOffice write them.

ReportLab embeds a TrueType font as simple fonts of at most 256 characters each. A Chinese brief uses some
800 different characters, so its text switches between four or more such subsets every few characters (a font
change and a new string each time), and every subset carries its own copy of the font's shared tables, widths and
ToUnicode map. Here each face used by a document becomes one font: characters get 2-byte codes (CIDs) in the
order they first appear, the embedded font program holds their glyphs in that order (glyph n is CID n, so the
CID-to-glyph map is the identity), with one width array and one ToUnicode map (UTF-16, so 𠮷 extracts right).

`CIDFont` is a ReportLab TTFont: widths, line breaking and drawing go through ReportLab unchanged; only the
encoding of text (splitString), the font's resource name and the PDF objects written at the end differ.
"""

from __future__ import annotations

import hashlib
import struct

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFont

from reporter.pdf._reportlab import WORD_JOINER, utf16_hex
from reporter.pdf.subset import add_components, font_program

MAX_CIDS = 0xFFFF
CID_FROM_GLYPHS = 1000
"""Fonts with more glyphs than this (CJK fonts) are embedded as CID fonts; smaller ones as ReportLab does."""
BFCHAR_BLOCK = 100
"""A ToUnicode CMap's bfchar sections hold at most 100 entries."""


class CIDState:
    """What one document has drawn in one font."""

    def __init__(self) -> None:
        self.codes: list[int] = []
        """CID - 1 -> Unicode code point (CID 0 is the missing glyph)."""
        self.by_code: dict[int, int] = {}
        self.by_char: dict[str, bytes] = {}
        """Character -> its CID as the two bytes a string holds."""
        self.internal_name: str | None = None


class CIDFont(TTFont):
    def cid_state(self, doc) -> CIDState:
        """This font's state in `doc`, kept on the document (a dictionary lookup; ReportLab's per-document
        state is a weak-keyed dictionary, a Python call for every string drawn)."""
        states = doc.__dict__.get("cid_states")
        if states is None:
            states = doc.cid_states = {}
        state = states.get(self.fontName)
        if state is None:
            state = states[self.fontName] = CIDState()
        return state

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (ReportLab's API)
        """One run of 2-byte codes; a character the font lacks is CID 0, a no-break space a space; a word joiner
        (it only keeps its neighbours on one line) is not drawn."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if WORD_JOINER in text:
            text = text.replace(WORD_JOINER, "")
        state = self.cid_state(doc)
        try:
            return [(0, b"".join(map(state.by_char.__getitem__, text)))]
        except KeyError:  # new characters, numbered in the order they appear
            for char in dict.fromkeys(text):  # in order of appearance: the same codes in every process
                if char not in state.by_char:
                    self._number(state, char)
            return [(0, b"".join(map(state.by_char.__getitem__, text)))]

    def _number(self, state: CIDState, char: str) -> None:
        """Give a character its CID: the next number, or its code point's if it has one, or 0 (missing)."""
        code = 32 if char == "\xa0" else ord(char)
        cid = state.by_code.get(code)
        if cid is None:
            if code not in self.face.charToGlyph or len(state.codes) >= MAX_CIDS:
                cid = 0
            else:
                state.codes.append(code)
                cid = state.by_code[code] = len(state.codes)
        state.by_char[char] = cid.to_bytes(2, "big")

    def getSubsetInternalName(self, subset, doc):  # noqa: N802 (ReportLab's API)
        state = self.cid_state(doc)
        if state.internal_name is None:
            state.internal_name = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + state.internal_name
            doc.delayedFonts.append(self)
        return f"/{state.internal_name}+0"

    def addObjects(self, doc):  # noqa: N802 (ReportLab's API)
        """The Type 0 font, its CIDFontType2 descendant, descriptor, font program and ToUnicode map."""
        state = doc.cid_states.pop(self.fontName)
        face, codes = self.face, state.codes
        name = f"{state.internal_name}+0"
        face_name = face.name + face.subfontNameX
        base = f"{_tag(face_name, codes)}+{face_name.decode('latin-1')}"
        glyph_map = [0] + [face.charToGlyph[code] for code in codes]
        glyph_set: dict[int, int] = {}
        for cid, old in enumerate(glyph_map):
            glyph_set.setdefault(old, cid)
        add_components(face, glyph_map, glyph_set)

        program = pdfdoc.PDFStream(content=font_program(face, glyph_map, glyph_set, None))
        program.dictionary["Length1"] = len(program.content)
        to_unicode = pdfdoc.PDFStream(content=_to_unicode(codes))
        if doc.compression:
            program.filters = to_unicode.filters = [pdfdoc.PDFZCompress]
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "FontName": pdfdoc.PDFName(base),
            "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(face.bbox),
            "ItalicAngle": face.italicAngle, "Ascent": face.ascent, "Descent": face.descent,
            "CapHeight": face.capHeight, "StemV": face.stemV, "MissingWidth": face.defaultWidth,
            "FontFile2": doc.Reference(program, f"fontFile:{name}"),
        })
        widths = pdfdoc.PDFArray([1, _NumberArray([face.getCharWidth(code) for code in codes])]) \
            if codes else pdfdoc.PDFArray([])
        descendant = pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": pdfdoc.PDFName(base),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{name}"),
            "DW": face.defaultWidth, "W": widths, "CIDToGIDMap": "/Identity",
        })
        font = pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": "/Type0", "BaseFont": pdfdoc.PDFName(base), "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(descendant, f"cidFont:{name}")]),
            "ToUnicode": doc.Reference(to_unicode, f"toUnicodeCMap:{name}"),
        })
        doc.idToObject["BasicFonts"].dict[name] = doc.Reference(font, name)


class _NumberArray(pdfdoc.PDFArray):
    """An array of numbers written as ReportLab writes any array (ten to a line), formatted ten at a time
    rather than one call each: a face's widths are a thousand numbers."""

    def format(self, document, IND=b"\n "):  # noqa: N803 (ReportLab's signature)
        numbers = self.sequence
        lines = [fp_str(*numbers[start:start + 10]) for start in range(0, len(numbers), 10)]
        return b"[ " + " \n  ".join(lines).encode("ascii") + b" ]"


def _tag(face_name: bytes, codes: list[int]) -> str:
    """The six capital letters a subset font's name begins with: the same for the same characters."""
    digest = hashlib.sha256(face_name + struct.pack(">%dI" % len(codes), *codes)).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


def _to_unicode(codes: list[int]) -> bytes:
    """A ToUnicode CMap from 2-byte CIDs to UTF-16BE."""
    entries = [f"<{cid:04X}> <{utf16_hex(code)}>" for cid, code in enumerate(codes, 1)]
    blocks = []
    for start in range(0, len(entries), BFCHAR_BLOCK):
        chunk = entries[start:start + BFCHAR_BLOCK]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" + "\n".join(blocks) +
            "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("ascii")
