"""PDFium's view of a written PDF, to hold the preflight to: the smallest text with a letter or digit and the thinnest
stroked line on each page, and the fonts not embedded, read from the file as a printer's RIP reads it (pypdfium2's
raw API). The preflight notes the same as the writer draws (reporter/pdf/_reportlab.py: Drawn), at no cost."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw


@dataclass
class Scan:
    smallest_text: dict[int, tuple[float, str]] = field(default_factory=dict)
    """Page (from 1) -> the smallest text under the floor asked for on it, in pt, and that text."""
    thinnest_line: dict[int, float] = field(default_factory=dict)
    """Page -> the thinnest stroked line under the hairline asked for, in pt."""
    fonts_not_embedded: set[str] = field(default_factory=set)


def _scale(obj) -> float:
    matrix = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return 1.0
    return abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5


def _text(obj, text_page) -> str:
    count = raw.FPDFTextObj_GetText(obj, text_page, None, 0)
    buffer = (ctypes.c_ushort * max(count, 1))()
    raw.FPDFTextObj_GetText(obj, text_page, buffer, count)
    return bytes(buffer).decode("utf-16-le", "replace").rstrip("\x00")


def _font_name(font) -> str:
    size = raw.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    raw.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1")


def scan(data: bytes, text_floor: float, hairline: float) -> Scan:
    """Text smaller than `text_floor` that has a letter or digit (a bullet's square is not read), stroked lines
    thinner than `hairline`, fonts not embedded; in page content and the forms it draws."""
    found = Scan()
    document = pdfium.PdfDocument(data)
    seen_fonts: set[int] = set()
    stroke, fill_mode, width, size = ctypes.c_int(), ctypes.c_int(), ctypes.c_float(), ctypes.c_float()
    try:
        for index in range(len(document)):
            page = document[index]
            text_page = None
            pending = [(raw.FPDFPage_GetObject, page.raw, raw.FPDFPage_CountObjects(page.raw), 1.0)]
            while pending:
                get, owner, count, outer = pending.pop()
                for at in range(count):
                    obj = get(owner, at)
                    kind = raw.FPDFPageObj_GetType(obj)
                    if kind == raw.FPDF_PAGEOBJ_FORM:
                        pending.append((raw.FPDFFormObj_GetObject, obj, raw.FPDFFormObj_CountObjects(obj),
                                        outer * _scale(obj)))
                    elif kind == raw.FPDF_PAGEOBJ_TEXT:
                        font = raw.FPDFTextObj_GetFont(obj)
                        key = ctypes.cast(font, ctypes.c_void_p).value or 0
                        if key not in seen_fonts:
                            seen_fonts.add(key)
                            if raw.FPDFFont_GetIsEmbedded(font) == 0:
                                found.fonts_not_embedded.add(_font_name(font))
                        raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size))
                        shown = size.value * _scale(obj) * outer
                        if shown < text_floor - 0.01:
                            text_page = text_page or page.get_textpage()
                            text = _text(obj, text_page.raw)
                            smallest = found.smallest_text.get(index + 1)
                            if any(char.isalnum() for char in text) and (smallest is None or shown < smallest[0]):
                                found.smallest_text[index + 1] = (round(shown, 2), text.strip())
                    elif kind == raw.FPDF_PAGEOBJ_PATH:
                        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
                        if stroke.value:
                            raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width))
                            shown = width.value * _scale(obj) * outer
                            if shown < hairline - 0.001:
                                thinnest = found.thinnest_line.get(index + 1)
                                found.thinnest_line[index + 1] = round(min(shown, thinnest or shown), 3)
            if text_page is not None:
                text_page.close()
            page.close()
    finally:
        document.close()
    return found
