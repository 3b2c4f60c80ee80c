"""What a reader sees on a PDF's pages, measured from pypdfium2's character boxes (each glyph's ink, its font size,
in reading order): the lines of text and the gaps between neighbouring glyphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile("[0-9A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Glyph:
    char: str
    left: float
    bottom: float
    right: float
    top: float
    size: float
    """The font size, in points."""


def lines_of(pdf: Path) -> list[tuple[int, list[Glyph]]]:
    """(page number, glyphs left to right) for each line of text: glyphs in reading order, a new line where the
    text goes back left or moves down by more than half a size."""
    document = pdfium.PdfDocument(str(pdf))
    out: list[tuple[int, list[Glyph]]] = []
    try:
        for number in range(len(document)):
            page = document[number]
            text = page.get_textpage()
            line: list[Glyph] = []
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if char in "\r\n" or not char or pdfium_c.FPDFText_IsGenerated(text.raw, index) == 1:
                    continue  # (pdfium adds a space where it sees a gap, and a line end: neither was drawn)
                left, bottom, right, top = text.get_charbox(index)
                glyph = Glyph(char, left, bottom, right, top, pdfium_c.FPDFText_GetFontSize(text.raw, index))
                if line and (left < line[-1].left - 0.5 or abs(bottom - line[-1].bottom) > glyph.size * 0.6
                             and abs(top - line[-1].top) > glyph.size * 0.6):
                    out.append((number + 1, line))
                    line = []
                line.append(glyph)
            if line:
                out.append((number + 1, line))
    finally:
        document.close()
    return out


def script_gaps(pdf: Path) -> list[tuple[float, str, int]]:
    """(ink gap in em, the two characters, page) wherever a Han character and a Latin letter or digit stand side
    by side on a line, either way round."""
    found = []
    for page, line in lines_of(pdf):
        for first, second in zip(line, line[1:]):
            if (HAN.match(first.char) and LATIN.match(second.char)) or \
                    (LATIN.match(first.char) and HAN.match(second.char)):
                size = max(first.size, second.size)
                found.append(((second.left - first.right) / size, first.char + second.char, page))
    return found
