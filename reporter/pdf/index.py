"""The category index as one PDF flowable: every brief ends with the same 7 categories and 70 entries, and laying
them out as a table of a hundred-odd paragraphs took a quarter of a bilingual brief's PDF time. Here each cell's
lines are broken once per process and the grid draws them with one text object.

The grid looks as the table did: the category's name spans its rows, entries fill the columns, a rule above the
grid and below each category, this case shaded; it splits between categories, like a table between rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import Flowable

from reporter.compose.document import IndexCategory, IndexEntry, IndexGrid, Span, TextLanguage
from reporter.pdf.fonts import FontSet
from reporter.layout.styles import StyleSheet, TextStyle
from reporter.pdf._reportlab import canvas_writer, ends_between_words, shown, text_code, text_font
from reporter.pdf.tags import Element

PADDING = {"top": 3.0, "bottom": 3.0, "left": 4.0, "right": 2.0}
NBSP = "\u00a0"
SPACE_SHRINKAGE = 0.05
"""How much of its spaces' width a line may give up to fit (ReportLab's rl_config.spaceShrinkage)."""
Run = tuple[str, float, str, str]
"""font name, size, colour, text"""


@dataclass(frozen=True)
class CellLine:
    runs: tuple[Run, ...]
    leading: float
    ascent: float


@dataclass(frozen=True)
class Cell:
    lines: tuple[CellLine, ...]
    link: str | None

    @property
    def height(self) -> float:
        return sum(line.leading for line in self.lines) + PADDING["top"] + PADDING["bottom"]


class CellMaker:
    """Breaks the text of index cells into lines of font runs; each cell once per process (they recur in
    every brief of a book)."""

    def __init__(self, sheet: StyleSheet, fonts: FontSet):
        self.sheet, self.fonts = sheet, fonts
        self.languages: dict[str, TextLanguage] = {}
        """The document's languages (the writer sets them)."""
        self._cells: dict[tuple, Cell] = {}

    def cell(self, item: IndexCategory | IndexEntry, width: float) -> Cell:
        key = (item, width)
        made = self._cells.get(key)
        if made is None:
            if len(self._cells) > 4096:
                self._cells.clear()
            made = self._cells[key] = self._make(item, width - PADDING["left"] - PADDING["right"])
        return made

    def _make(self, item: IndexCategory | IndexEntry, width: float) -> Cell:
        muted = self.sheet.colour("muted")
        entry, category = self.sheet["index_entry"], self.sheet["index_category"]
        lines: list[CellLine] = []
        if isinstance(item, IndexCategory):
            lines += self._lines([(item.name, category, None)], width)
            if item.second_name is not None:
                lines += self._lines([(item.second_name, entry, muted)], width)
            lines += self._lines([(item.range_label, entry, muted)], width)
            return Cell(tuple(lines), None)
        lines += self._lines([(item.number, entry, muted),
                              (Span(NBSP * 2, "en"), entry, None), (item.name, entry, None)], width)
        if item.second_name is not None:
            lines += self._lines([(item.second_name, entry, muted)], width)
        return Cell(tuple(lines), item.link)

    def _lines(self, pieces: list[tuple[Span, TextStyle, str | None]], width: float) -> list[CellLine]:
        """Greedy line breaking at spaces, and between any two characters of East Asian text."""
        words: list[list[Run]] = [[]]
        for span, style, colour in pieces:
            east = self.languages[span.lang].east_asian
            for font, text in self.fonts.runs(span.text, style.role, east):
                for index, part in enumerate(_breakable(text, east)):
                    if index and part:
                        words.append([])
                    if part:
                        words[-1].append((font, style.size, colour or style.colour, part))
        style = pieces[0][1]
        lines: list[list[Run]] = [[]]
        used = 0.0
        for word in words:
            if not word:
                continue
            # a line's last space takes no room, and spaces may shrink a little, as in ReportLab's paragraphs
            shrink = SPACE_SHRINKAGE * sum(text.count(" ") * stringWidth(" ", font, size)
                                           for font, size, _, text in lines[-1] + word)
            if lines[-1] and used + _width(word, trailing=False) > width + shrink:
                _strip_space(lines[-1])
                lines.append([])
                used = 0.0
                word = _lstrip_space(word)
            lines[-1] += word
            used += _width(word)
        return [CellLine(_merged(runs), style.leading, max(getAscentDescent(f, s)[0] for f, s, _, _ in runs))
                for runs in lines if runs]


def _merged(runs: list[Run]) -> tuple[Run, ...]:
    """Neighbouring runs in the same font, size and colour as one: fewer text operators to draw."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1][:3] == run[:3]:
            out[-1] = (*run[:3], out[-1][3] + run[3])
        else:
            out.append(run)
    return tuple(out)


def _width(runs: list[Run], trailing: bool = True) -> float:
    last = len(runs) - 1
    return sum(stringWidth(text if trailing or index < last else text.rstrip(" "), font, size)
               for index, (font, size, _, text) in enumerate(runs))


def _breakable(text: str, east_asian: bool) -> list[str]:
    """Pieces between which a line may break: after each space; between CJK characters."""
    out, current = [], ""
    for char in text:
        current += char
        if char == " " or (east_asian and ord(char) >= 0x2E80):
            out.append(current)
            current = ""
    return out + [current]


def _strip_space(runs: list[Run]) -> None:
    if runs:
        font, size, colour, text = runs[-1]
        runs[-1] = (font, size, colour, text.rstrip(" "))


def _lstrip_space(runs: list[Run]) -> list[Run]:
    if not runs:
        return runs
    font, size, colour, text = runs[0]
    return [(font, size, colour, text.lstrip(" ")), *runs[1:]]


@dataclass(frozen=True)
class GridStyle:
    primary: str
    rule: str
    highlight: str


class IndexGridFlowable(Flowable):
    """rows: per grid row, the category cell (first row of a category only) and the entry cells."""

    def __init__(self, rows: list[list[Cell | None]], spans: list[tuple[int, int]], current: set[tuple[int, int]],
                 widths: list[float], style: GridStyle, tags: list[list[Element | None]]):
        super().__init__()
        self.rows, self.spans, self.current, self.widths, self.grid_style = rows, spans, current, widths, style
        self.tags = tags
        """The structure element each cell's text is drawn as (a TH, a TD, a Link in a TD)."""
        self.heights = self._heights()
        self.width, self.height = sum(widths), sum(self.heights)

    def _heights(self) -> list[float]:
        heights = [max((cell.height for cell in row[1:] if cell is not None), default=0.0) for row in self.rows]
        for first, last in self.spans:
            head = self.rows[first][0]
            need = head.height if head is not None else 0.0
            have = sum(heights[first:last + 1])
            if need > have:
                heights[last] += need - have
        return heights

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """Between categories: the ones that fit here, the rest on the next page."""
        fit = 0
        for index, (_, last) in enumerate(self.spans):
            if sum(self.heights[:last + 1]) > availHeight:
                break
            fit = index + 1
        if fit == 0 or fit == len(self.spans):
            return []
        cut = self.spans[fit - 1][1] + 1

        def part(rows, spans, offset):
            current = {(row - offset, column) for row, column in self.current if 0 <= row - offset < len(rows)}
            return IndexGridFlowable(rows, [(a - offset, b - offset) for a, b in spans], current, self.widths,
                                     self.grid_style, self.tags[offset:offset + len(rows)])

        return [part(self.rows[:cut], self.spans[:fit], 0), part(self.rows[cut:], self.spans[fit:], cut)]

    def draw(self):
        canvas, style = self.canv, self.grid_style
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        tops = [self.height - sum(self.heights[:i]) for i in range(len(self.rows) + 1)]
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(style.highlight))
        for row, column in sorted(self.current):
            canvas.rect(lefts[column], tops[row + 1], self.widths[column], self.heights[row], stroke=0, fill=1)
        # the text operators are written here directly (ReportLab's textOut measures every piece and
        # saves and restores the text object's state for each, which took most of this page's time)
        text = canvas.beginText()
        code, (doc, escape) = text_code(text), canvas_writer(canvas)
        marker = getattr(canvas, "marker", None)  # a tagged PDF's (tags.py): each cell a marked sequence
        colour = None
        for index, row in enumerate(self.rows):
            for column, cell in enumerate(row):
                if cell is None:
                    continue
                tag = self.tags[index][column] if marker is not None else None
                if tag is not None:
                    code.append(marker.sequence(tag))
                x = lefts[column] + PADDING["left"]
                y = tops[index] - PADDING["top"]
                for number, line in enumerate(cell.lines, start=1):
                    text.setTextOrigin(x, y - line.ascent)
                    runs = line.runs
                    if number < len(cell.lines) and runs and ends_between_words(runs[-1][3]):
                        runs = [*runs[:-1], (*runs[-1][:3], runs[-1][3] + " ")]  # the space it broke at
                    for font, size, hex_colour, part in runs:
                        if text_font(text) != (font, size):
                            text.setFont(font, size, line.leading)
                        if hex_colour != colour:
                            colour = hex_colour
                            code.append(_fill(hex_colour))
                        code.append(shown(text, getFont(font), part, doc, escape))
                    y -= line.leading
                if cell.link:
                    rect = (lefts[column], tops[index + 1], lefts[column] + self.widths[column], tops[index])
                    if cell.link.startswith("#"):
                        canvas.linkRect("", cell.link[1:], rect, relative=1)
                    else:
                        canvas.linkURL(cell.link, rect, relative=1)
                if tag is not None:
                    code.append(marker.close())
        if marker is not None:
            marker.pause(canvas)
        canvas.drawText(text)
        if marker is not None:
            marker.resume(canvas)
        canvas.setStrokeColor(colors.HexColor(style.primary))
        canvas.setLineWidth(1.2)
        canvas.line(0, self.height, self.width, self.height)
        canvas.setStrokeColor(colors.HexColor(style.rule))
        canvas.setLineWidth(0.5)
        for _, last in self.spans:
            canvas.line(0, tops[last + 1], self.width, tops[last + 1])
        canvas.restoreState()


@cache
def _fill(hex_colour: str) -> str:
    """The fill-colour operator ReportLab writes for a colour given as hex."""
    rgb = colors.HexColor(hex_colour)
    return f"{fp_str(rgb.red, rgb.green, rgb.blue)} rg"


def index_flowable(grid: IndexGrid, cells: CellMaker, widths: list[float], style: GridStyle, table: Element,
                   lang: Callable[[Span], str]) -> IndexGridFlowable:
    """The grid, its structure in `table`: a row a TR, a category's name a TH of its rows (Scope Row), each entry a
    TD (empty where the row has none), holding a Link where it links to its brief."""
    rows = [[None if item is None else cells.cell(item, widths[column]) for column, item in enumerate(row)]
            for row in grid.rows]
    spans = dict(grid.category_rows)
    tags: list[list[Element | None]] = []
    for index, row in enumerate(grid.rows):
        tr = table.add("TR")
        tags.append([])
        for column, item in enumerate(row):
            if column == 0:
                tags[-1].append(None if item is None else tr.add(
                    "TH", lang=lang(item.name), attributes={"Scope": "Row", "RowSpan": spans[index] - index + 1}))
            elif item is None:
                tr.add("TD")
                tags[-1].append(None)
            else:
                cell = tr.add("TD", lang=lang(item.name))
                tags[-1].append(cell.add("Link") if item.link else cell)
    return IndexGridFlowable(rows, list(grid.category_rows), set(grid.current_cells), widths, style, tags)
