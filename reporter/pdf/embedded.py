"""A face as ReportLab uses a font (widths, text encoding, the PDF objects at the end), for TrueType and CFF faces
alike: a Type 0 font with Identity-H encoding over a CIDFontType2 (TrueType outlines, FontFile2, a CIDToGIDMap) or
a CIDFontType0 (CFF outlines, FontFile3 of subtype CIDFontType0C), with its widths and a ToUnicode map. The faces'
data, codes and subsets are the fonts stage's (reporter/fonts); ReportLab sees an object with the attributes its
dynamic fonts have."""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str, instanceStringWidthTTF
from reportlab.pdfbase import pdfdoc

from reporter.compose.document import WORD_JOINER
from reporter.fonts.embed import SUBSTITUTES, Encoder, embedding
from reporter.fonts.face import Face
from reporter.fonts.twins import ROOM, ROOM_MARKS, SQUEEZE_BEFORE, SQUEEZE_EM


class _Metrics:
    """What ReportLab reads of a font's face: its name, vertical metrics and widths (thousandths of the em)."""

    builtIn = 0

    def __init__(self, name: str, face: Face):
        scale = 1000 / face.units_per_em
        self.name = name
        self.ascent = face.ascent * scale
        self.descent = face.descent * scale
        self.unitsPerEm = 1000
        advances = face.advances
        widths = {code: advances[glyph] * scale for code, glyph in face.cmap.items()}
        for code, others in SUBSTITUTES.items():
            if code not in widths:
                found = next((widths[other] for other in others if other in widths), None)
                if found is not None:
                    widths[code] = found
        widths[ord(WORD_JOINER)] = 0  # keeps its neighbours on one line; not drawn
        for mark in ROOM_MARKS:  # the room beside a letter or digit, drawn as part of its glyph
            widths[ord(mark)] = ROOM * 1000
        widths[ord(SQUEEZE_BEFORE)] = -SQUEEZE_EM * 1000  # the next glyph drawn that much to the left
        self.charWidths = widths
        self.defaultWidth = advances[0] * scale if advances else 0


_NOT_DRAWN = dict.fromkeys(map(ord, WORD_JOINER + ROOM_MARKS + SQUEEZE_BEFORE))


class EmbeddedFont:
    """One face registered with ReportLab (pdfmetrics.registerFont), embedded per document as a subset."""

    _dynamicFont = 1
    _multiByte = 1  # registered with a font family of its own (ReportLab's paragraphs look fonts up by family)
    shapable = False
    substitutionFonts: list = []

    def __init__(self, name: str, face: Face):
        self.fontName = name
        self.source = face
        self.face = _Metrics(name, face)
        self.encoding = None
        self._blanks: dict[str, tuple[float, float]] = {}

    def blanks(self, char: str) -> tuple[float, float]:
        """The blank of a mark's em either side of its ink, in em (left, right): where the face puts the ink of ，
        or “ (fonts/face.py measured it), not where a convention says it is. (0, 0) for a mark it has no ink
        measure of."""
        found = self._blanks.get(char)
        if found is None:
            face = self.source
            ink, advance = face.ink.get(ord(char)), face.advance_of(ord(char))
            found = self._blanks[char] = (0.0, 0.0) if ink is None or not advance else \
                (ink[0] / face.units_per_em, (advance - ink[1]) / face.units_per_em)
        return found

    def stringWidth(self, text, fontSize, encoding="utf8"):  # noqa: N802, N803 (ReportLab's API)
        """In points; ReportLab's C accelerator sums face.charWidths."""
        return instanceStringWidthTTF(self, text, fontSize)

    def encoder(self, doc) -> Encoder:
        """This face's codes in `doc`, kept on the document."""
        encoders = doc.__dict__.get("reporter_encoders")
        if encoders is None:
            encoders = doc.reporter_encoders = {}
        found = encoders.get(self.fontName)
        if found is None:
            found = encoders[self.fontName] = Encoder(self.source)
        return found

    @staticmethod
    def drawn(text: str) -> str:
        """The characters of `text` that get a code each (the marks fold into their neighbours' codes)."""
        return text.translate(_NOT_DRAWN)

    @staticmethod
    def kerns(text: str) -> dict[int, float]:
        """Offsets the string draws (thousandths of the em, positive to the left), by the index in `drawn(text)`
        of the glyph they follow (-1: before the first): a squeezed mark's blank half."""
        if SQUEEZE_BEFORE not in text:
            return {}
        out: dict[int, float] = {}
        index = -1
        for char in text:
            if char == SQUEEZE_BEFORE:
                out[index] = out.get(index, 0) + SQUEEZE_EM * 1000
            elif ord(char) not in _NOT_DRAWN:
                index += 1
        return out

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 (ReportLab's API)
        """One run of two-byte codes (a word joiner, which only keeps its neighbours on one line, is not drawn)."""
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if WORD_JOINER in text:
            text = text.replace(WORD_JOINER, "")
        if SQUEEZE_BEFORE in text:  # (drawn as an offset: see kerns)
            text = text.replace(SQUEEZE_BEFORE, "")
        return [(0, self.encoder(doc).encode(text))]

    def getSubsetInternalName(self, subset, doc):  # noqa: N802 (ReportLab's API)
        names = doc.__dict__.get("reporter_font_names")
        if names is None:
            names = doc.reporter_font_names = {}
        name = names.get(self.fontName)
        if name is None:
            name = names[self.fontName] = f"F{len(doc.fontMapping) + 1}"
            doc.fontMapping[self.fontName] = "/" + name
            doc.delayedFonts.append(self)
        return f"/{name}+0"

    def addObjects(self, doc):  # noqa: N802 (ReportLab's API)
        """The Type 0 font, its descendant, descriptor, program and maps."""
        encoder = doc.reporter_encoders.pop(self.fontName, None) or Encoder(self.source)
        name = f"{doc.reporter_font_names[self.fontName]}+0"
        data = embedding(encoder)
        compress = [pdfdoc.PDFZCompress] if doc.compression else None
        program = pdfdoc.PDFStream(content=data.program.data, filters=compress)
        if data.program.truetype:
            program.dictionary["Length1"] = len(data.program.data)
            file_key, subtype = "FontFile2", "/CIDFontType2"
        else:
            program.dictionary["Subtype"] = pdfdoc.PDFName("CIDFontType0C")
            file_key, subtype = "FontFile3", "/CIDFontType0"
        to_unicode = pdfdoc.PDFStream(content=data.to_unicode, filters=compress)
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "FontName": pdfdoc.PDFName(data.base_font), "Flags": data.flags,
            "FontBBox": pdfdoc.PDFArray(data.bbox), "ItalicAngle": data.italic_angle, "Ascent": data.ascent,
            "Descent": data.descent, "CapHeight": data.cap_height, "StemV": data.stem_v,
            "MissingWidth": data.default_width, file_key: doc.Reference(program, f"fontFile:{name}")})
        descendant = pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": subtype, "BaseFont": pdfdoc.PDFName(data.base_font),
            "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                   "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
            "FontDescriptor": doc.Reference(descriptor, f"fontDescriptor:{name}"),
            "DW": data.common_width, "W": _Widths(data.widths)})
        if data.cid_to_gid is not None:
            cid_map = pdfdoc.PDFStream(content=data.cid_to_gid, filters=compress)
            descendant.dict["CIDToGIDMap"] = doc.Reference(cid_map, f"cidToGid:{name}")
        font = pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": "/Type0", "BaseFont": pdfdoc.PDFName(data.base_font),
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(descendant, f"cidFont:{name}")]),
            "ToUnicode": doc.Reference(to_unicode, f"toUnicodeCMap:{name}")})
        doc.idToObject["BasicFonts"].dict[name] = doc.Reference(font, name)


class _Widths(pdfdoc.PDFObject):
    """A W array: each run of consecutive codes as `first [w1 w2 ...]`, ten numbers to a line."""

    def __init__(self, widths: list[tuple[int, float]]):
        self.widths = widths

    def format(self, document):
        runs: list[tuple[int, list[float]]] = []
        for code, width in self.widths:
            if runs and runs[-1][0] + len(runs[-1][1]) == code:
                runs[-1][1].append(width)
            else:
                runs.append((code, [width]))
        parts = []
        for first, values in runs:
            lines = [fp_str(*values[start:start + 10]) for start in range(0, len(values), 10)]
            parts.append(f"{first} [ " + " \n  ".join(lines) + " ]")
        return ("[ " + "\n".join(parts) + " ]").encode("ascii")
