"""What a reader sees on a PDF's pages, measured from pypdfium2's character boxes (each glyph's ink, its font size,
in reading order): the lines of text and the gaps between neighbouring glyphs."""

from __future__ import annotations

import ctypes
from collections import Counter
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
    start: float = 0.0
    end: float = 0.0
    """Where the glyph's advance begins and ends (pdfium's loose box), in points."""
    baseline: float = 0.0
    """The height of the glyph's origin, in points."""


def lines_of(pdf: Path) -> list[tuple[int, list[Glyph]]]:
    """(page number, glyphs left to right) for each line of text: glyphs in reading order, a new line where the
    text goes back left by more than an em, or the glyph's ink is wholly above or below the line's so far."""
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
                start, _, end, _ = text.get_charbox(index, loose=True)
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(text.raw, index, x, y)
                glyph = Glyph(char, left, bottom, right, top, pdfium_c.FPDFText_GetFontSize(text.raw, index),
                              start, end, y.value)
                if line and (left < line[-1].left - glyph.size or top < low or bottom > high):
                    out.append((number + 1, line))
                    line = []
                if not line:
                    low, high = bottom, top
                low, high = min(low, bottom), max(high, top)
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


def latin_lines(pdf: Path) -> list[tuple[int, str, float]]:
    """(page, text, mean word space in em) of each line of running Latin text: eight words or more, no Han
    character (a table row or a heading is not running text). A word ends at a space, or where the white between
    two glyphs is wider than a sixth of the size; a word space is from the end of one word's last advance to the
    start of the next word's first (the space as set, stretched or shrunk)."""
    out = []
    for page, line in lines_of(pdf):
        inked = [glyph for glyph in line if not glyph.char.isspace()]
        if not inked:
            continue
        text, spaces, spaced = inked[0].char, [], False
        previous = inked[0]
        for glyph in line[line.index(previous) + 1:]:
            if glyph.char.isspace():
                spaced = True
                continue
            gap = glyph.left - previous.right
            if spaced or gap > glyph.size / 6:
                text += " "
                spaces.append((glyph.start - previous.end) / glyph.size)  # the space's advance, stretched
            text += glyph.char
            previous, spaced = glyph, False
        if len(spaces) >= 7 and not HAN.search(text) and max(spaces) < 2:  # (a gap of 2 em: furniture, tabbed)
            out.append((page, text, sum(spaces) / len(spaces)))
    return out


@dataclass(frozen=True)
class TextLine:
    page: int
    text: str
    left: float
    right: float
    size: float
    glyphs: tuple[Glyph, ...]


def chinese_lines(pdf: Path, least: int = 12) -> list[TextLine]:
    """Lines of running Chinese text: `least` Han characters or more."""
    out = []
    for page, line in lines_of(pdf):
        text = "".join(glyph.char for glyph in line)
        if len(HAN.findall(text)) >= least:
            inked = [glyph for glyph in line if not glyph.char.isspace()]
            out.append(TextLine(page, text, inked[0].left, inked[-1].right, max(g.size for g in inked),
                                tuple(inked)))
    return out


def short_of_the_margin(lines: list[TextLine]) -> list[tuple[TextLine, float]]:
    """Each line with how far (in em) its ink ends short of its column's right edge: the furthest any line
    beginning at the same left edge on that page reaches."""
    columns: dict[tuple[int, int], float] = {}
    for line in lines:
        key = (line.page, round(line.left / 3))
        columns[key] = max(columns.get(key, 0.0), line.right)
    return [(line, (columns[(line.page, round(line.left / 3))] - line.right) / line.size) for line in lines]


def chinese_spread(line: TextLine) -> float:
    """How far a Chinese line is spaced out, in em a character: the median pitch from one Han character to the
    next Han character after it, less the em they are set on (0 for a line set solid)."""
    pitches = sorted((second.left - first.left) / first.size - 1 for first, second in zip(line.glyphs, line.glyphs[1:])
                     if HAN.match(first.char) and HAN.match(second.char) and first.size == second.size)
    return pitches[len(pitches) // 2] if pitches else 0.0


RUNT = re.compile("^[\u3400-\u9fff][，。、；：？！”’）》」』…]*$")


def chinese_runts(pdf: Path) -> list[tuple[int, str]]:
    """(page, text) of each line holding a single Han character and its closing marks (接。): a paragraph's
    last line a proof-reader marks."""
    return [(page, text) for page, line in lines_of(pdf)
            if RUNT.match(text := "".join(glyph.char for glyph in line if not glyph.char.isspace()))]


def collisions(pdf: Path, tolerance: float = 0.05) -> list[tuple[int, str, float]]:
    """(page, the two characters, overlap in em) wherever a glyph's ink runs into the ink of the glyph before it
    on its line by more than `tolerance` of an em."""
    found = []
    for page, line in lines_of(pdf):
        inked = [glyph for glyph in line if not glyph.char.isspace() and glyph.right > glyph.left]
        for first, second in zip(inked, inked[1:]):
            overlap = (first.right - second.left) / max(first.size, second.size)
            vertical = min(first.top, second.top) - max(first.bottom, second.bottom)
            if overlap > tolerance and vertical > 0 and second.left > first.left:
                found.append((page, first.char + second.char, overlap))
    return found


HYPHENS = ("\u00ad", "-", "\u2010", "\ufffe")
"""How a line-end hyphen reads (pdfium gives a soft hyphen as U+FFFE)."""


def hyphen_ladders(pdf: Path, most: int = 2) -> list[tuple[int, list[str]]]:
    """(page, the line ends) of each run of more than `most` lines in a row ending in a hyphen."""
    found, run = [], []
    for page, line in lines_of(pdf):
        text = "".join(glyph.char for glyph in line).rstrip()
        if text.endswith(HYPHENS) and not HAN.search(text):
            run.append((page, text[-12:]))
            continue
        if len(run) > most:
            found.append((run[0][0], [end for _, end in run]))
        run = []
    if len(run) > most:
        found.append((run[0][0], [end for _, end in run]))
    return found


def line_pitches(pdf: Path) -> dict[str, list[float]]:
    """{"latin": [...], "han": [...]}: from each line of running text to the next one below it in the same column
    (its left edge within an em, the same size), the distance between their baselines in multiples of the size.
    Running text: eight Latin words or more and no Han character, or twelve Han characters or more. Within a
    paragraph this is its leading; between paragraphs the space after is added (the median is the leading)."""
    out: dict[str, list[float]] = {"latin": [], "han": []}
    previous: tuple[int, str, float, float, float] | None = None
    for page, line in lines_of(pdf):
        inked = [glyph for glyph in line if not glyph.char.isspace()]
        text = "".join(glyph.char for glyph in line)
        script = "han" if len(HAN.findall(text)) >= 12 else \
            "latin" if not HAN.search(text) and len(text.split()) >= 8 else None
        if not inked or script is None:
            previous = None
            continue
        size = max(glyph.size for glyph in inked)
        baseline = min(glyph.baseline for glyph in inked)
        here = (page, script, inked[0].left, size, baseline)
        if previous is not None and previous[:2] == here[:2] and abs(previous[2] - here[2]) < size \
                and previous[3] == size and 0 < previous[4] - baseline < 4 * size:
            out[script].append(round((previous[4] - baseline) / size, 3))
        previous = here
    return out


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def boxes(pdf: Path, page: int, least: float = 50) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each path on a page (1-based) at least `least` points wide and high: tinted
    panels, figure frames."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for drawn in document[page - 1].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5):
            left, bottom, right, top = drawn.get_bounds()
            if right - left >= least and top - bottom >= least:
                found.append((left, bottom, right, top))
        return found
    finally:
        document.close()


def mark_pairs(pdf: Path) -> list[tuple[float, str, int]]:
    """(ink gap in em, the two marks, page) wherever two Chinese punctuation marks that clreq compresses stand
    side by side on a line (a closing mark before a closing or opening one, two opening ones: ：“ 。” ”，（《)."""
    from reporter.compose.punctuation import compressed_after

    found = []
    for page, line in lines_of(pdf):
        text = "".join(glyph.char for glyph in line)
        for index in compressed_after(text):
            first, second = line[index], line[index + 1]
            size = max(first.size, second.size)
            found.append(((second.left - first.right) / size, first.char + second.char, page))
    return found


RUNT_LETTERS = 8
"""A paragraph's last line of one word shorter than this (its punctuation counted) is a runt."""


def latin_runts(pdf: Path) -> list[tuple[int, str]]:
    """(page, word) of each last line of running English that holds a single short word: a line of one word
    shorter than RUNT_LETTERS, in the size of the line of eight words or more just above it and a leading below
    it (the same paragraph), and no line of the paragraph after it. Running text is set at the size most English
    lines have (a key figure's label, smaller, is not)."""
    out = []
    lines = [(page, [g for g in line if not g.char.isspace()], "".join(g.char for g in line).strip())
             for page, line in lines_of(pdf)]
    sizes = Counter(round(glyphs[0].size, 1) for _, glyphs, text in lines if glyphs and LATIN.search(text)
                    and not HAN.search(text))
    running = sizes.most_common(1)[0][0] if sizes else 0.0
    for (page, above, text_above), (page_here, here, text), after in zip(lines, lines[1:], lines[2:] + [None]):
        if page != page_here or not above or not here or " " in text or len(text) >= RUNT_LETTERS \
                or not LATIN.search(text) or HAN.search(text) or HAN.search(text_above) or len(text_above.split()) < 8:
            continue
        size = here[0].size
        if round(size, 1) != running:
            continue
        pitch = min(g.baseline for g in above) - min(g.baseline for g in here)
        if above[0].size != size or abs(above[0].left - here[0].left) > size or not 0 < pitch < 2 * size:
            continue
        if after is not None and after[0] == page and after[1] and after[1][0].size == size \
                and 0 < min(g.baseline for g in here) - min(g.baseline for g in after[1]) <= pitch + 0.01:
            continue  # the paragraph goes on: not its last line
        out.append((page, text))
    return out


_UNSEEN = re.compile(r"[\s\-\u00ad\u2010\u2060\ufffe]")  # (pdfium reads a line-end hyphen as U+FFFE)


def pair_heights(pdf: Path, pairs: list[tuple[str, str]], pitches: tuple[float, float], split: float
                 ) -> list[tuple[float, float, str]]:
    """(left height, right height, the pair's first words) of each side-by-side pair of texts, found on the
    pages in reading order: the lines of each column that the text runs over, at that column's line pitch (pt).
    A line belongs to the left column when its ink ends left of `split`, to the right one when it starts right
    of it; lines across both (headings) belong to neither."""
    columns: list[list[str]] = [[], []]
    for _, glyphs in lines_of(pdf):
        if any(g.left <= split <= g.right for g in glyphs):
            continue
        for side, part in enumerate(([g for g in glyphs if g.right < split], [g for g in glyphs if g.left > split])):
            if part:
                columns[side].append(_UNSEEN.sub("", "".join(g.char for g in part)))
    streams = []
    for lines in columns:
        text, ends = "", []
        for line in lines:
            text += line
            ends.append(len(text))
        streams.append((text, ends))
    found, cursor = [], [0, 0]
    for pair in pairs:
        heights = []
        for side, paragraph in enumerate(pair):
            text, ends = streams[side]
            wanted = _UNSEEN.sub("", paragraph)
            start = text.find(wanted[:12], cursor[side])
            end = text.find(wanted[-12:], max(start, 0)) + 12
            if start < 0 or end < 12:
                raise AssertionError(f"{paragraph[:30]!r} is not in the {('left', 'right')[side]} column")
            cursor[side] = end
            first = next(i for i, e in enumerate(ends) if e > start)
            last = next(i for i, e in enumerate(ends) if e >= end)
            heights.append((last - first + 1) * pitches[side])
        found.append((heights[0], heights[1], pair[0][:16]))
    return found


def glyph_colours(pdf: Path, scale: float = 2.0) -> list[tuple[int, str, float, str, str]]:
    """(page, character, font size, its fill colour, the colour around it) for each drawn glyph: the fill from
    the text object, the ground the commonest colour of the page rendered in rows just above and below the
    glyph's box (the leading between lines)."""
    from collections import Counter
    document = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for number in range(len(document)):
            page = document[number]
            height = page.get_height()
            image = page.render(scale=scale).to_pil().convert("RGB")
            text = page.get_textpage()
            r, g, b, a = (ctypes.c_uint() for _ in range(4))
            for index in range(text.count_chars()):
                char = text.get_text_range(index, 1)
                if not char.strip() or pdfium_c.FPDFText_IsGenerated(text.raw, index) == 1:
                    continue
                left, bottom, right, top = text.get_charbox(index)
                if right <= left:
                    continue
                pdfium_c.FPDFText_GetFillColor(text.raw, index, r, g, b, a)
                fill = f"#{r.value:02X}{g.value:02X}{b.value:02X}"
                size = pdfium_c.FPDFText_GetFontSize(text.raw, index)
                pixels: Counter = Counter()  # six rows, so that a thin rule near a line is outvoted
                for y in (top + size * 0.1, top + size * 0.25, top + size * 0.4, bottom - size * 0.1,
                          bottom - size * 0.25, bottom - size * 0.4):
                    row = int((height - y) * scale)
                    if 0 <= row < image.height:
                        for x in range(int(left * scale), int(right * scale) + 1):
                            if 0 <= x < image.width:
                                pixels[image.getpixel((x, row))] += 1
                if pixels:
                    ground = "#{:02X}{:02X}{:02X}".format(*pixels.most_common(1)[0][0])
                    out.append((number + 1, char, size, fill, ground))
    finally:
        document.close()
    return out


def page_fill(pdf: Path, frame: tuple[float, float]) -> list[float]:
    """How far down each page its text reaches, as a share of the text frame (bottom, top in pt from the page's
    foot): 1.0 a page filled to the bottom margin. Text outside the frame (running head, footer) is left out."""
    bottom, top = frame
    lowest: dict[int, float] = {}
    pages = 0
    for page, glyphs in lines_of(pdf):
        pages = max(pages, page)
        for glyph in glyphs:
            if bottom - 2 <= glyph.bottom <= top + 2:
                lowest[page] = min(lowest.get(page, top), glyph.bottom)
    return [(top - lowest.get(page, top)) / (top - bottom) for page in range(1, pages + 1)]


def overprints(pdf: Path, page: int, least: float = 0.5) -> list[tuple[str, str]]:
    """(one glyph, another) wherever two glyphs of different lines on `page` have inks that overlap by more than
    `least` square points: text drawn over text."""
    glyphs = [(index, g) for index, (number, line) in enumerate(lines_of(pdf)) if number == page
              for g in line if g.char.strip() and g.right > g.left and g.top > g.bottom]
    found = []
    for at, (line_a, a) in enumerate(glyphs):
        for line_b, b in glyphs[at + 1:]:
            if line_a == line_b:
                continue
            width = min(a.right, b.right) - max(a.left, b.left)
            height = min(a.top, b.top) - max(a.bottom, b.bottom)
            if width > 0 and height > 0 and width * height > least:
                found.append((a.char, b.char))
    return found


def outside(pdf: Path, page: int, box: tuple[float, float, float, float]) -> list[str]:
    """The glyphs of `page` whose ink is not inside `box` (left, bottom, right, top, in pt)."""
    left, bottom, right, top = box
    return [g.char for number, line in lines_of(pdf) if number == page for g in line
            if g.char.strip() and (g.left < left - 0.5 or g.right > right + 0.5 or g.bottom < bottom - 0.5
                                   or g.top > top + 0.5)]
