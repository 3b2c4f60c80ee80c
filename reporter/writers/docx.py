"""DOCX writer (python-docx): named styles a user can restyle in Word, East Asian fonts on every style,
PAGE / NUMPAGES fields, core properties. The same style tokens as the PDF, so both look alike."""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import BinaryIO

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..document import (Band, Block, CategoryIndex, Document, FigureBlock, Heading, IndexCategory, MetricPanel,
                        Panel, Para, SideBySide, Span, index_grid)
from ..i18n import language
from ..styles import StyleSheet, TextStyle
from .ooxml import borders, cell_margins, element, field, put, shade

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def set_fonts(rpr, latin: str, east_asian: str) -> None:
    """Latin and East Asian font on a w:rPr; theme fonts removed so they cannot override ours."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def set_lang(rpr, latin_tag: str, east_asian_tag: str = "zh-CN") -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), latin_tag)
    lang.set(qn("w:eastAsia"), east_asian_tag)


NO_BORDERS = {side: ("nil", 0, "auto") for side in ("top", "left", "bottom", "right", "insideH", "insideV")}


class DocxWriter:
    def __init__(self, sheet: StyleSheet):
        self.sheet = sheet
        self._style_ids: dict[str, str] = {}
        self._base: bytes | None = None
        self._rpr_cache: dict[tuple, object] = {}

    # -- styles --------------------------------------------------------------------------------------

    def _apply(self, font_holder, rpr, style: TextStyle, size: float | None = None, colour: str | None = None,
               bold: bool | None = None) -> None:
        font_holder.size = Pt(size or style.size)
        font_holder.color.rgb = RGBColor.from_string(_hex(colour or style.colour))
        font_holder.bold = style.bold if bold is None else bold
        set_fonts(rpr, style.font.docx_latin, style.font.docx_east_asian)

    def define_styles(self, docx, primary_lang: str) -> None:
        styles = docx.styles
        body = self.sheet["body"]
        normal = styles["Normal"]
        self._apply(normal.font, normal.element.get_or_add_rPr(), body)
        set_lang(normal.element.get_or_add_rPr(), primary_lang if not primary_lang.startswith("zh") else "en-GB")
        defaults = docx.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                set_fonts(rpr, body.font.docx_latin, body.font.docx_east_asian)
                set_lang(rpr, "en-GB")
        for token, style in self.sheet.styles.items():
            try:
                docx_style = styles[style.docx_name]
            except KeyError:
                docx_style = styles.add_style(style.docx_name, WD_STYLE_TYPE.PARAGRAPH)
                docx_style.base_style = normal
            docx_style.hidden = False
            docx_style.quick_style = True
            ppr = docx_style.element.get_or_add_pPr()
            for old in ppr.findall(qn("w:pBdr")):
                ppr.remove(old)
            rpr = docx_style.element.get_or_add_rPr()
            self._apply(docx_style.font, rpr, style)
            docx_style.font.italic = False
            fmt = docx_style.paragraph_format
            fmt.space_before = Pt(style.before)
            fmt.space_after = Pt(style.after)
            fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            fmt.line_spacing = Pt(style.leading)
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if style.justify else WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent = Pt(0)
            fmt.first_line_indent = None
            fmt.tab_stops.clear_all()
            if token.startswith("heading") or token in ("title", "kicker"):
                fmt.keep_with_next = True
            if token == "heading1":
                borders(ppr, "w:pBdr", {"bottom": ("single", 6, self.sheet.colour("rule"))}, space=4)
            self._style_ids[token] = docx_style.style_id

    def style_run(self, run, span: Span | None, style: TextStyle, size: float | None = None,
                  colour: str | None = None, bold: bool | None = None) -> None:
        """Direct formatting for a run that differs from its paragraph's style (leads, units, labels).
        The w:rPr is built once per distinct formatting and copied: python-docx's setters are slow."""
        key = (style.token, size, colour, bold)
        template = self._rpr_cache.get(key)
        if template is None:
            scratch = new_docx().add_paragraph().add_run()
            self._apply(scratch.font, scratch._r.get_or_add_rPr(), style, size, colour, bold)
            template = self._rpr_cache[key] = scratch._r.rPr
        existing = run._r.rPr
        if existing is not None:
            run._r.remove(existing)
        run._r.insert(0, copy.deepcopy(template))
        if span is not None:
            self.mark_lang(run, span)

    @staticmethod
    def mark_lang(run, span: Span) -> None:
        """Mark a run's language where the defaults (en-GB, East Asian zh-CN) would be wrong, and give East
        Asian text w:hint="eastAsia" so quotes and dashes take the East Asian font, as in the PDF."""
        lang = language(span.lang)
        if lang.east_asian:
            rpr = run._r.get_or_add_rPr()
            rpr.get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
        if lang.docx_lang in ("en-GB", "zh-CN"):
            return
        set_lang(run._r.get_or_add_rPr(), lang.docx_lang if not lang.east_asian else "en-GB",
                 lang.docx_lang if lang.east_asian else "zh-CN")

    def add_text(self, paragraph, span: Span, style: TextStyle | None = None, **formatting):
        run = paragraph.add_run(span.text)
        if style is not None:
            self.style_run(run, span, style, **formatting)
        else:
            self.mark_lang(run, span)
        return run

    # -- blocks --------------------------------------------------------------------------------------

    def write_block(self, container, block: Block) -> None:
        if isinstance(block, Band):
            self.band(container, block)
        elif isinstance(block, Heading):
            self.heading(container, block)
        elif isinstance(block, Para):
            self.para(container, block)
        elif isinstance(block, Panel):
            self.panel(container, block)
        elif isinstance(block, MetricPanel):
            self.metric_panel(container, block)
        elif isinstance(block, FigureBlock):
            self.figure(container, block)
        elif isinstance(block, CategoryIndex):
            self.category_index(container, block)
        elif isinstance(block, SideBySide):
            self.side_by_side(container, block)
        else:
            raise TypeError(f"no DOCX rendering for {type(block).__name__}")

    def _paragraph(self, container, token: str):
        return self._styled(container.add_paragraph(), token)

    def _styled(self, paragraph, token: str):
        """Set a paragraph style by id (python-docx's lookup by name walks every style each time)."""
        paragraph._p.style = self._style_ids[token]
        return paragraph

    def band(self, container, block: Band) -> None:
        table = self._table(container, 1, 2, [0.55, 0.45])
        for cell, span, align in ((self.cell(table, 0, 0), block.left, WD_ALIGN_PARAGRAPH.LEFT),
                                  (self.cell(table, 0, 1), block.right, WD_ALIGN_PARAGRAPH.RIGHT)):
            shade(cell._tc.get_or_add_tcPr(), self.sheet.colour("primary"))
            paragraph = self._styled(cell.paragraphs[0], "band")
            paragraph.alignment = align
            paragraph.paragraph_format.space_before = Pt(4)
            paragraph.paragraph_format.space_after = Pt(4)
            self.add_text(paragraph, span)
        self._spacer(container, self.sheet.block_space * 2)

    def heading(self, container, block: Heading) -> None:
        style = self.sheet.heading(block.level)
        if block.kicker:
            kicker = self._paragraph(container, "kicker")
            kicker.paragraph_format.space_before = Pt(style.before)
            self.add_text(kicker, Span(block.kicker, "en"))
        paragraph = self._paragraph(container, {0: "title", 1: "heading1", 2: "heading2"}.get(block.level, "heading3"))
        if block.kicker:
            paragraph.paragraph_format.space_before = Pt(0)
        self.add_text(paragraph, block.text)
        if block.second is not None:
            paragraph.add_run("  ")
            self.add_text(paragraph, block.second, style, size=round(style.size * 0.62, 1),
                          colour=self.sheet.colour("muted"))

    def para(self, container, block: Para) -> None:
        style = self.sheet[block.style]
        paragraph = self._paragraph(container, block.style)
        if block.bullet:
            paragraph.paragraph_format.left_indent = Pt(style.size * 1.4)
            paragraph.paragraph_format.first_line_indent = Pt(-style.size * 1.4)
            self.add_text(paragraph, Span(block.bullet, block.text.lang), style, size=style.size * 0.6,
                          colour=self.sheet.colour("accent"))
            paragraph.add_run("\t")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(style.size * 1.4))
        if block.lead is not None:
            label = self.sheet["label"]
            self.add_text(paragraph, block.lead, label, bold=True)
            paragraph.add_run("　")
        self.add_text(paragraph, block.text)

    def _table(self, container, rows: int, columns: int, fractions: list[float]):
        table = container.add_table(rows=rows, cols=columns)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        for old in tbl_pr.findall(qn("w:tblBorders")):
            tbl_pr.remove(old)
        borders(tbl_pr, "w:tblBorders", NO_BORDERS)
        width = self._width(container)
        cells = table._cells  # computed once: self.cell(table, ) recomputes the whole grid on every call
        table._reporter_grid = [cells[r * columns:(r + 1) * columns] for r in range(rows)]
        for row in table._reporter_grid:
            for index, cell in enumerate(row):
                cell.width = Pt(width * fractions[index])
        return table

    @staticmethod
    def cell(table, row: int, column: int):
        return table._reporter_grid[row][column]

    def _width(self, container) -> float:
        return getattr(container, "_reporter_width", self.sheet.text_width_pt)

    def _spacer(self, container, points: float) -> None:
        paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(points, 1))

    @staticmethod
    def _cell_margins(cell, points: float) -> None:
        cell_margins(cell._tc.get_or_add_tcPr(), points)

    def _fill_cell(self, cell, blocks, width: float) -> None:
        cell._reporter_width = width
        first = cell.paragraphs[0]
        for block in blocks:
            self.write_block(cell, block)
        if len(cell.paragraphs) > 1 and not first.text:
            first._p.getparent().remove(first._p)

    def panel(self, container, block: Panel) -> None:
        table = self._table(container, 1, 1, [1.0])
        cell = self.cell(table, 0, 0)
        shade(cell._tc.get_or_add_tcPr(), self.sheet.colour("panel"))
        padding = self.sheet["body"].size
        self._cell_margins(cell, padding)
        self._fill_cell(cell, block.children, self._width(container) - 2 * padding)
        self._spacer(container, self.sheet.block_space * 1.5)

    def metric_panel(self, container, block: MetricPanel) -> None:
        value, unit, label = self.sheet["metric_value"], self.sheet["metric_unit"], self.sheet["metric_label"]
        columns = block.columns
        rows = -(-len(block.callouts) // columns)
        table = self._table(container, rows, columns, [1 / columns] * columns)
        white = "#FFFFFF"
        for index in range(rows * columns):
            cell = self.cell(table, index // columns, index % columns)
            tc_pr = cell._tc.get_or_add_tcPr()
            shade(tc_pr, self.sheet.colour("panel"))
            sides = {"top": ("single", 20, white), "bottom": ("single", 20, white),
                     "right": ("single", 20, white), "left": ("single", 20, white)}
            if index % columns == 0:
                sides["left"] = ("single", 24, self.sheet.colour("accent"))
            borders(tc_pr, "w:tcBorders", sides)
            self._cell_margins(cell, value.size * 0.5)
            if index >= len(block.callouts):
                continue
            callout = block.callouts[index]
            first = self._styled(cell.paragraphs[0], "metric_value")
            first.paragraph_format.space_after = Pt(2)
            if callout.prefix.text:
                self.add_text(first, callout.prefix, unit)
                first.add_run(" ")
            self.add_text(first, callout.number)
            if callout.suffix.text:
                if not language(callout.suffix.lang).east_asian:
                    first.add_run(" ")
                self.add_text(first, callout.suffix, unit)
            for span in filter(None, (callout.label, callout.second_label)):
                self.add_text(self._paragraph(cell, "metric_label"), span)
        self._spacer(container, self.sheet.block_space * 1.5)

    def figure(self, container, block: FigureBlock) -> None:
        if block.image is not None:
            paragraph = container.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            run = paragraph.add_run()
            run.add_picture(str(block.image), width=Pt(self._width(container)))
        for span in filter(None, (block.caption, block.second_caption)):
            paragraph = self._paragraph(container, "caption")
            if block.second_caption is not None and span is block.caption:
                paragraph.paragraph_format.space_after = Pt(0)
            self.add_text(paragraph, span)

    def category_index(self, container, block: CategoryIndex) -> None:
        grid = index_grid(block)
        width = self._width(container)
        entry_fraction = 0.78 / block.columns
        table = self._table(container, len(grid.rows), block.columns + 1,
                            [1 - entry_fraction * block.columns] + [entry_fraction] * block.columns)
        muted = self.sheet.colour("muted")
        entry_style = self.sheet["index_entry"]
        for r, cells in enumerate(grid.rows):
            for c, item in enumerate(cells):
                cell = self.cell(table, r, c)
                self._cell_margins(cell, 2)
                paragraph = cell.paragraphs[0]
                if isinstance(item, IndexCategory):
                    self.add_text(self._styled(paragraph, "index_category"), item.name)
                    if item.second_name is not None:
                        self.add_text(self._paragraph(cell, "index_entry"), item.second_name, entry_style,
                                      colour=muted)
                    self.add_text(self._paragraph(cell, "index_entry"), Span(item.range_label, "en"), entry_style,
                                  colour=muted)
                elif item is not None:
                    self._styled(paragraph, "index_entry")
                    self.add_text(paragraph, Span(item.number, "en"), entry_style, colour=muted)
                    paragraph.add_run("  ")
                    self.add_text(paragraph, item.name)
                    if item.second_name is not None:
                        self.add_text(self._paragraph(cell, "index_entry"), item.second_name, entry_style,
                                      colour=muted)
                else:
                    self._styled(paragraph, "index_entry")
        for first, last in grid.category_rows:
            if last > first:
                self.cell(table, first, 0).merge(self.cell(table, last, 0))
            for c in range(block.columns + 1):
                tc_pr = self.cell(table, last, c)._tc.get_or_add_tcPr()
                borders(tc_pr, "w:tcBorders", {"bottom": ("single", 4, self.sheet.colour("rule"))})
        for c in range(block.columns + 1):
            tc_pr = self.cell(table, 0, c)._tc.get_or_add_tcPr()
            borders(tc_pr, "w:tcBorders", {"top": ("single", 10, self.sheet.colour("primary"))})
        for r, c in grid.current_cells:
            shade(self.cell(table, r, c)._tc.get_or_add_tcPr(), self.sheet.colour("highlight"))
        self._keep_together(table)
        self._spacer(container, self.sheet.block_space)

    @staticmethod
    def _keep_together(table) -> None:
        """Rows that do not split, each kept with the next, so the table moves whole to the next page."""
        rows = table._tbl.tr_lst
        for index, row in enumerate(rows):
            put(row.get_or_add_trPr(), element("w:cantSplit"))
            if index < len(rows) - 1:
                for p in row.iter(qn("w:p")):
                    put(p.get_or_add_pPr(), element("w:keepNext"))

    def side_by_side(self, container, block: SideBySide) -> None:
        gap = self.sheet["body"].size * 1.5
        width = self._width(container)
        column = (width - gap) / 2
        table = self._table(container, 1, 3, [column / width, gap / width, column / width])
        self._fill_cell(self.cell(table, 0, 0), block.left, column)
        self._fill_cell(self.cell(table, 0, 2), block.right, column)

    # -- page furniture ------------------------------------------------------------------------------

    def page_setup(self, docx, document: Document) -> None:
        section = docx.sections[0]
        width, height = self.sheet.page_size_pt
        section.page_width, section.page_height = Pt(width), Pt(height)
        margins = self.sheet.margins_pt
        section.left_margin, section.right_margin = Pt(margins["left"]), Pt(margins["right"])
        section.top_margin, section.bottom_margin = Pt(margins["top"]), Pt(margins["bottom"])
        section.header_distance = Pt(margins["top"] * 0.45)
        section.footer_distance = Pt(margins["bottom"] * 0.45)
        section.different_first_page_header_footer = True
        footer_style = self.sheet["footer"]
        for footer in (section.footer, section.first_page_footer):
            paragraph = self._styled(footer.paragraphs[0], "footer")
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(self.sheet.text_width_pt), WD_TAB_ALIGNMENT.RIGHT)
            ppr = paragraph._p.get_or_add_pPr()
            borders(ppr, "w:pBdr", {"top": ("single", 4, self.sheet.colour("rule"))}, space=4)
            if document.footer.source is not None:
                self.add_text(paragraph, document.footer.source)
            paragraph.add_run("\t")
            if document.footer.page_template is not None:
                self._page_numbers(paragraph, document.footer.page_template)
        head = document.footer.running_head
        if head is not None:
            paragraph = self._styled(section.header.paragraphs[0], "footer")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.add_text(paragraph, head)

    def _page_numbers(self, paragraph, template: Span) -> None:
        """'第 {page} 页 共 {pages} 页' with PAGE and NUMPAGES fields in place of the placeholders."""
        rest = template.text
        mark = lambda run: self.mark_lang(run, template)  # noqa: E731
        while rest:
            head, brace, tail = rest.partition("{")
            if head:
                self.add_text(paragraph, Span(head, template.lang))
            if not brace:
                break
            name, _, rest = tail.partition("}")
            field(paragraph, {"page": "PAGE", "pages": "NUMPAGES"}[name], "1", mark)

    def core_properties(self, docx, document: Document) -> None:
        meta = document.meta
        props = docx.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.keywords = "; ".join(meta.keywords)
        props.language = meta.language
        props.last_modified_by = "reporter"
        props.comments = ""
        props.category = ""
        props.revision = 1
        stamp = dt.datetime.combine(meta.date, dt.time(0, 0))
        props.created = stamp
        props.modified = stamp
        props.last_printed = stamp

    # -- the document --------------------------------------------------------------------------------

    def _base_document(self):
        """A blank document with this layout's styles, built once and reopened for each brief."""
        if self._base is None:
            docx = new_docx()
            self.define_styles(docx, "en-GB")
            buffer = io.BytesIO()
            docx.save(buffer)
            self._base = buffer.getvalue()
            self._style_ids_base = dict(self._style_ids)
        self._style_ids = dict(self._style_ids_base)
        return new_docx(io.BytesIO(self._base))

    def write(self, document: Document, target: BinaryIO) -> None:
        docx = self._base_document()
        self.page_setup(docx, document)
        self.core_properties(docx, document)
        body = docx
        first = docx.paragraphs[0] if docx.paragraphs else None
        for block in document.blocks:
            self.write_block(body, block)
        if first is not None and not first.text:
            first._p.getparent().remove(first._p)
        docx.save(target)
