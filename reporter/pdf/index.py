"""The category index as one PDF flowable: every brief ends with the same 7 categories and 70 entries, and laying
them out as a table of a hundred-odd paragraphs took a quarter of a bilingual brief's PDF time. Here each cell's
lines are broken once per process and the grid draws them with one text object.

The grid looks as the table did: the category's name spans its rows, entries fill the columns, a rule above the
grid and below each category, this case shaded; it splits between categories, like a table between rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Callable

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import Flowable

from reporter.compose.document import IndexCategory, IndexEntry, IndexGrid, Span, TextLanguage
from reporter.pdf.fonts import FontSet
from reporter.layout.styles import INDEX_CLOSER, StyleSheet, TextStyle
from reporter.pdf._reportlab import canvas_writer, ends_between_words, fill_operator, shown, text_code, text_font
from reporter.pdf.tags import Element

PADDING = {"top": 3.0, "bottom": 3.0, "left": 4.0, "right": 8.0}
"""Inside each cell: left and right make a gutter of 12 pt between columns, which text never crosses."""
CLOSENESS = (1.0, *INDEX_CLOSER)
"""The index at its own leading, then set closer, step by step, where only that makes it fit its page: lines at
that share of their leading, cells at half their top and bottom padding."""
MOVE_WITHIN = 0.4
"""An index that fits a page but not the rest of this one starts on the next page when that leaves at most this
share of the frame empty; otherwise it starts here and breaks between categories under a 'continued' heading."""
CURRENT_BAR = 2.5
"""The bar at the left of this case's entry, in pt."""
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
    indent: float = 0.0


@dataclass(frozen=True)
class Cell:
    lines: tuple[CellLine, ...]
    link: str | None
    number: CellLine | None = None
    """An entry's number, at the left of its first line."""

    def height(self, close: float = 1.0) -> float:
        lines = sum(line.leading for line in self.lines) * close
        return lines + (PADDING["top"] + PADDING["bottom"]) * _padding(close)


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
        number = self._lines([(item.number, entry, muted), (Span(NBSP * 2, "en"), entry, None)], width)[0]
        hang = self.sheet.index_hang
        name = replace(entry, role=category.role) if item.current else entry  # this case: in the heading's weight
        lines += self._lines([(item.name, name, None)], width - hang, hang)
        if item.second_name is not None:
            lines += self._lines([(item.second_name, entry, muted)], width - hang, hang)
        return Cell(tuple(lines), item.link, number)

    def _lines(self, pieces: list[tuple[Span, TextStyle, str | None]], width: float, indent: float = 0.0
               ) -> list[CellLine]:
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
        return [CellLine(_merged(runs), style.leading, max(getAscentDescent(f, s)[0] for f, s, _, _ in runs),
                         indent) for runs in lines if runs]


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


def _padding(close: float) -> float:
    return 1.0 if close == 1.0 else 0.5


@dataclass(frozen=True)
class GridStyle:
    primary: str
    rule: str
    highlight: str


class IndexGridFlowable(Flowable):
    """rows: per grid row, the category cell (first row of a category only) and the entry cells."""

    def __init__(self, rows: list[list[Cell | None]], spans: list[tuple[int, int]], current: set[tuple[int, int]],
                 widths: list[float], style: GridStyle, tags: list[list[Element | None]], frame_height: float,
                 continued: Callable[[], list[Flowable]] | None = None):
        super().__init__()
        self.rows, self.spans, self.current, self.widths, self.grid_style = rows, spans, current, widths, style
        self.tags = tags
        """The structure element each cell's text is drawn as (a TH, a TD, a Link in a TD)."""
        self.frame_height = frame_height
        self.continued = continued
        """The heading set over the rest of an index broken across pages."""
        self.by_closeness = {close: self._heights(close) for close in CLOSENESS}
        self.full, self.closest = self.by_closeness[1.0], self.by_closeness[CLOSENESS[-1]]
        self.width = sum(widths)
        self._set(1.0)

    def _set(self, close: float) -> None:
        self.close = close
        self.heights = self.by_closeness[close]
        self.height = sum(self.heights)

    def _heights(self, close: float) -> list[float]:
        heights = [max((cell.height(close) for cell in row[1:] if cell is not None), default=0.0)
                   for row in self.rows]
        for first, last in self.spans:
            head = self.rows[first][0]
            need = head.height(close) if head is not None else 0.0
            have = sum(heights[first:last + 1])
            if need > have:
                heights[last] += need - have
        return heights

    def wrap(self, availWidth, availHeight):
        """At its own leading where it fits; set closer where only that makes it fit."""
        self._set(next((c for c in CLOSENESS if sum(self.by_closeness[c]) <= availHeight), 1.0))
        return self.width, self.height

    def room_needed(self, availHeight: float) -> float:
        """The height to keep with the heading before it: all of it where it fits, or where it fits a page and
        moving it leaves at most MOVE_WITHIN of a page empty; else its first category."""
        whole = sum(self.closest)
        if whole <= availHeight or (whole <= self.frame_height and availHeight <= MOVE_WITHIN * self.frame_height):
            return whole
        return sum(self.full[:self.spans[0][1] + 1])

    def split(self, availWidth, availHeight):
        """Between categories: the ones that fit here, the rest on the next page under the continued heading."""
        self._set(1.0)
        fit = 0
        for index, (_, last) in enumerate(self.spans):
            if sum(self.full[:last + 1]) > availHeight:
                break
            fit = index + 1
        if fit == len(self.spans):
            return []
        if fit == 0:  # not one category fits: between its rows, where it is taller than a whole page
            first, last = self.spans[0]
            rows = next((r for r in range(first + 1, last + 1) if sum(self.full[:r + 1]) > availHeight), 0)
            if sum(self.full[first:last + 1]) <= self.frame_height or rows == 0 or self.full[0] > availHeight:
                return []
            return self._split_rows(rows)
        cut = self.spans[fit - 1][1] + 1
        return self._parts(cut, fit)

    def _split_rows(self, cut: int) -> list[Flowable]:
        """The first category's first `cut` rows here, the rest of it (its name again) and the others after."""
        rows = [list(row) for row in self.rows]
        rows[cut][0] = rows[0][0]
        tags = [list(row) for row in self.tags]
        spans = [(0, cut - 1), (cut, self.spans[0][1]), *self.spans[1:]]
        whole = IndexGridFlowable(rows, spans, self.current, self.widths, self.grid_style, tags, self.frame_height,
                                  self.continued)
        return whole._parts(cut, 1)

    def _parts(self, cut: int, fit: int) -> list[Flowable]:
        """The grid's rows before `cut` (its first `fit` categories) here, the rest under the continued heading."""
        def part(rows, spans, offset):
            current = {(row - offset, column) for row, column in self.current if 0 <= row - offset < len(rows)}
            return IndexGridFlowable(rows, [(a - offset, b - offset) for a, b in spans], current, self.widths,
                                     self.grid_style, self.tags[offset:offset + len(rows)], self.frame_height,
                                     self.continued)

        heading = self.continued() if self.continued is not None else []
        return [part(self.rows[:cut], self.spans[:fit], 0), *heading, part(self.rows[cut:], self.spans[fit:], cut)]

    def draw(self):
        canvas, style, close = self.canv, self.grid_style, self.close
        lefts = [sum(self.widths[:i]) for i in range(len(self.widths))]
        tops = [self.height - sum(self.heights[:i]) for i in range(len(self.rows) + 1)]
        pad = PADDING["top"] * _padding(close)
        canvas.saveState()
        for row, column in sorted(self.current):  # this case: shaded, and a bar at its left that greyscale keeps
            canvas.setFillColor(colors.HexColor(style.highlight))
            canvas.rect(lefts[column], tops[row + 1], self.widths[column], self.heights[row], stroke=0, fill=1)
            canvas.setFillColor(colors.HexColor(style.primary))
            canvas.rect(lefts[column], tops[row + 1], CURRENT_BAR, self.heights[row], stroke=0, fill=1)
        # the text operators are written here directly (ReportLab's textOut measures every piece and
        # saves and restores the text object's state for each, which took most of this page's time)
        text = canvas.beginText()
        code, (doc, escape) = text_code(text), canvas_writer(canvas)
        marker = getattr(canvas, "marker", None)  # a tagged PDF's (tags.py): each cell a marked sequence
        colour = None

        def put(line: CellLine, x: float, y: float, runs) -> None:
            nonlocal colour
            text.setTextOrigin(x, y - line.ascent)
            for font, size, hex_colour, part in runs:
                if text_font(text) != (font, size):
                    text.setFont(font, size, line.leading)
                if hex_colour != colour:
                    colour = hex_colour
                    code.append(fill_operator(canvas, hex_colour))
                code.append(shown(text, getFont(font), part, doc, escape))

        for index, row in enumerate(self.rows):
            for column, cell in enumerate(row):
                if cell is None:
                    continue
                tag = self.tags[index][column] if marker is not None else None
                if tag is not None:
                    code.append(marker.sequence(tag))
                x = lefts[column] + PADDING["left"]
                y = tops[index] - pad
                if cell.number is not None and cell.lines:  # on the name's baseline
                    put(replace(cell.number, ascent=cell.lines[0].ascent), x, y, cell.number.runs)
                for number, line in enumerate(cell.lines, start=1):
                    runs = line.runs
                    if number < len(cell.lines) and runs and ends_between_words(runs[-1][3]):
                        runs = [*runs[:-1], (*runs[-1][:3], runs[-1][3] + " ")]  # the space it broke at
                    put(line, x + line.indent, y, runs)
                    y -= line.leading * close
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


def index_flowable(grid: IndexGrid, cells: CellMaker, widths: list[float], style: GridStyle, table: Element,
                   lang: Callable[[Span], str], frame_height: float,
                   continued: Callable[[], list[Flowable]] | None = None) -> IndexGridFlowable:
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
    return IndexGridFlowable(rows, list(grid.category_rows), set(grid.current_cells), widths, style, tags,
                             frame_height, continued)
