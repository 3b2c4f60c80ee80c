"""DOCX writer: named styles a user can restyle in Word, East Asian fonts on every style, PAGE / NUMPAGES
fields, core properties; the same style tokens as the PDF, so both look alike.

python-docx makes the package, the styles, the page setup, images and properties. The body is built as
WordprocessingML with lxml directly: python-docx's object layer costs several times more per element.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import replace
from typing import BinaryIO

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from reporter.compose.document import (Band, Block, CaseStart, CategoryIndex, Cover, Document, FigureBlock,
                                       Heading, IndexCategory, LogoRef, MetricPanel, Panel, Para, SideBySide, Span,
                                       TextLanguage, Toc, LINE_BREAK, WORD_JOINER, block_kind, index_grid,
                                       spaced)
from reporter.compose.document import PageBreak as PageBreakBlock
from reporter.docx._python_docx import add_paragraph_style, element_of, open_with_styles_unparsed, package_members
from reporter.docx.ooxml import W as _W, W_NS, borders, field, mark_decorative, put, serialized, shade
from reporter.docx.package import clean_template, number_drawings
from reporter.docx.ooxml import child as _sub
from reporter.layout.styles import INDEX_CLOSER, RUNNING_TEXT, StyleSheet, TextStyle
from reporter.output import stable_zip

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DEFAULT_LANGS = ("en-GB", "zh-CN")
INDEX_CELL_MARGINS = {"top": 1, "bottom": 1, "left": 4, "right": 8}
"""The index's cells, in pt: a gutter of 12 pt between columns (as the PDF's)."""
NO_BORDERS = {side: ("nil", 0, "auto") for side in ("top", "left", "bottom", "right", "insideH", "insideV")}


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _twips(points: float) -> str:
    return str(int(round(points * 20)))


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
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), latin_tag)
    lang.set(qn("w:eastAsia"), east_asian_tag)



def _paragraph_defaults(styles, cjk_latin_spacing: bool) -> None:
    """The document defaults, where the styles do not already say: widow and orphan control (no paragraph leaves a
    single line at a page's foot or head; unsaid, Word applies none), and w:overflowPunct on: Word then lets a
    line-end comma overflow into the margin (its default), and LibreOffice, which reads the setting inverted (on
    means its hanging punctuation off, ParaIsHangingPunctuation = not overflowPunct), sets it within the line;
    left unsaid, LibreOffice hangs it and, in a justified line, does not draw it: "统一部署，" lost its comma."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = _sub(defaults, "pPrDefault")
    ppr = ppr_default.find(qn("w:pPr"))
    if ppr is None:
        ppr = _sub(ppr_default, "pPr")
    if ppr.find(qn("w:widowControl")) is None:
        put(ppr, "w:widowControl")
    if ppr.find(qn("w:overflowPunct")) is None:
        put(ppr, "w:overflowPunct", val="1")
    # the quarter em between Han characters and Latin letters (DE) or digits (DN): the PDF sets it too
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        if ppr.find(qn(tag)) is None:
            put(ppr, tag, val="1" if cjk_latin_spacing else "0")


_KEPT_PARAGRAPH_PROPERTIES = (qn("w:outlineLvl"),)
"""What a built-in style's template formatting keeps when the layout restyles it: its outline level (headings in
Word's navigation pane and contents)."""


def _reset_formatting(ppr, rpr) -> None:
    """A built-in style (Title, Subtitle, Heading 1) restyled from scratch: the template's letter spacing (Subtitle
    was spaced 0.75 pt), italics, kerning, numbering and borders go; the style is what the layout says, no more."""
    for child in list(ppr):
        if child.tag not in _KEPT_PARAGRAPH_PROPERTIES:
            ppr.remove(child)
    for child in list(rpr):
        rpr.remove(child)

class DocxWriter:
    def __init__(self, sheet: StyleSheet):
        self.sheet = sheet
        self._style_ids: dict[str, str] = {}
        self._base: bytes | None = None
        self._rpr_cache: dict[tuple, etree._Element] = {}
        self._index_tables: dict[tuple, _SerializedTable] = {}
        self._part = None
        self.languages: dict[str, TextLanguage] = {}
        """The languages of the document being written."""

    # -- styles (once per layout) ----------------------------------------------------------------------

    @staticmethod
    def _apply(font_holder, rpr, style: TextStyle) -> None:
        font_holder.size = Pt(style.size)
        font_holder.color.rgb = RGBColor.from_string(_hex(style.colour))
        font_holder.bold = style.bold
        font_holder.italic = False
        set_fonts(rpr, style.docx_latin, style.docx_east_asian)

    def define_styles(self, docx, keep_existing: bool = False) -> None:
        """A named paragraph style per style token, built-in names (Title, Heading 1, Caption) where Word has them.
        keep_existing: a client's reference document; its styles win, ours fill in only the missing ones."""
        styles = docx.styles
        body = self.sheet["body"]
        normal = styles["Normal"]
        if not keep_existing:
            self._apply(normal.font, normal.element.get_or_add_rPr(), body)
            set_lang(normal.element.get_or_add_rPr(), *DEFAULT_LANGS)
            defaults = styles.element.find(qn("w:docDefaults"))
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if defaults is not None else None
            if rpr is not None:
                set_fonts(rpr, body.docx_latin, body.docx_east_asian)
                set_lang(rpr, *DEFAULT_LANGS)
        _paragraph_defaults(styles.element, self.sheet.layout.type.cjk_latin_spacing)
        existing = {style.name: style for style in styles}
        for token, style in self.sheet.styles.items():
            docx_style = existing.get(style.docx_name)
            if keep_existing and docx_style is not None and docx_style.type == WD_STYLE_TYPE.PARAGRAPH:
                # the client's style wins; only a missing East Asian font is filled in, or Chinese text
                # would fall back to a Japanese font
                fonts = docx_style.element.get_or_add_rPr().get_or_add_rFonts()
                if fonts.get(qn("w:eastAsia")) is None and fonts.get(qn("w:eastAsiaTheme")) is None:
                    fonts.set(qn("w:eastAsia"), style.docx_east_asian)
                self._style_ids[token] = docx_style.style_id
                continue
            if docx_style is None:
                docx_style = add_paragraph_style(styles, style.docx_name)
                docx_style.base_style = normal
            docx_style.hidden = False
            docx_style.quick_style = True
            ppr = docx_style.element.get_or_add_pPr()
            _reset_formatting(ppr, docx_style.element.get_or_add_rPr())
            self._apply(docx_style.font, docx_style.element.get_or_add_rPr(), style)
            fmt = docx_style.paragraph_format
            fmt.space_before, fmt.space_after = Pt(style.before), Pt(style.after)
            fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            fmt.line_spacing = Pt(style.leading)
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if style.justify else WD_ALIGN_PARAGRAPH.LEFT
            fmt.left_indent, fmt.first_line_indent = Pt(0), None
            fmt.tab_stops.clear_all()
            if token.startswith("heading") or token in ("title", "title_second", "kicker"):
                fmt.keep_with_next = True
            if token not in RUNNING_TEXT:  # names, labels and headings are never hyphenated (Devel-opment)
                put(ppr, "w:suppressAutoHyphens")
            if token == "heading1":
                borders(ppr, "w:pBdr", {"bottom": ("single", 6, self.sheet.colour("rule"))}, space=4)
            self._style_ids[token] = docx_style.style_id

    def _base_document(self):
        """A blank document with this layout's styles, built once and reopened for each brief. With a reference
        document (a client's Word template), that document without its body, with our styles added."""
        if self._base is None:
            reference = self.sheet.reference_docx
            docx = new_docx(str(reference)) if reference else new_docx()
            clean_template(docx, DEFAULT_LANGS[1])
            if reference:
                body = docx.element.body
                for child in list(body)[:-1]:
                    body.remove(child)
            else:
                _drop_styles_with_effects(docx)
            self.define_styles(docx, keep_existing=reference is not None)
            buffer = io.BytesIO()
            docx.save(buffer)
            self._base = buffer.getvalue()
        return open_with_styles_unparsed(self._base)

    # -- paragraphs and runs ----------------------------------------------------------------------------

    def p(self, parent, token: str, *, keep_next: bool = False, before: float | None = None,
          after: float | None = None, align: str | None = None, hanging: float | None = None,
          tabs: tuple[tuple, ...] = (), rule_above: str | None = None, page_break_before: bool = False,
          line: float | None = None, right: float = 0.0, exact: bool = False):
        """A w:p in a named style; its properties written in schema order.
        tabs: (alignment, position in pt[, leader]) each; rule_above: the colour of a thin rule over the paragraph;
        line: its leading where it differs from the style's (exact: that and no more); right: its indent from the
        right."""
        p = _sub(parent, "p")
        ppr = _sub(p, "pPr")
        _sub(ppr, "pStyle", val=self._style_ids[token])
        if keep_next:
            _sub(ppr, "keepNext")
        if page_break_before:
            _sub(ppr, "pageBreakBefore")
        if rule_above is not None:
            borders(ppr, "w:pBdr", {"top": ("single", 4, rule_above)}, space=4)
        if tabs:
            stops = _sub(ppr, "tabs")
            for alignment, position, *leader in tabs:
                stop = _sub(stops, "tab", val=alignment, pos=_twips(position))
                if leader:
                    stop.set(_W + "leader", leader[0])
        if before is not None or after is not None or line is not None:
            spacing = _sub(ppr, "spacing")
            if before is not None:
                spacing.set(_W + "before", _twips(before))
            if after is not None:
                spacing.set(_W + "after", _twips(after))
            if line is not None:
                spacing.set(_W + "line", _twips(line))
                spacing.set(_W + "lineRule", "exact" if exact else "atLeast")
        if hanging is not None or right:
            ind = _sub(ppr, "ind")
            if hanging is not None:
                ind.set(_W + "left", _twips(hanging))
            if right:
                ind.set(_W + "right", _twips(right))
            if hanging is not None:
                ind.set(_W + "hanging", _twips(hanging))
        if align is not None:
            _sub(ppr, "jc", val=align)
        return p

    def _rpr(self, span: Span, style: TextStyle | None, size: float | None, colour: str | None,
             bold: bool | None):
        """The w:rPr for a run, built once per distinct formatting and copied."""
        lang = self.languages[span.lang]
        key = (style.token if style else None, size, colour, bold, lang.code)
        cached = self._rpr_cache.get(key)
        if cached is None:
            cached = etree.Element(_W + "rPr")
            if style is not None or lang.east_asian:
                fonts = _sub(cached, "rFonts")
                if style is not None:
                    for attr in ("ascii", "hAnsi", "cs"):
                        fonts.set(_W + attr, style.docx_latin)
                    fonts.set(_W + "eastAsia", style.docx_east_asian)
                if lang.east_asian:  # quotes and dashes take the East Asian font, as in the PDF
                    fonts.set(_W + "hint", "eastAsia")
            if style is not None:
                is_bold = style.bold if bold is None else bold
                _sub(cached, "b", val="1" if is_bold else "0")
                _sub(cached, "color", val=_hex(colour or style.colour))
                half_points = str(int(round((size or style.size) * 2)))
                _sub(cached, "sz", val=half_points)
                _sub(cached, "szCs", val=half_points)
            elif colour is not None:  # the paragraph's style otherwise, in another colour
                _sub(cached, "color", val=_hex(colour))
            if lang.docx_tag not in DEFAULT_LANGS:
                _sub(cached, "lang", val=lang.docx_tag if not lang.east_asian else DEFAULT_LANGS[0],
                     eastAsia=lang.docx_tag if lang.east_asian else DEFAULT_LANGS[1])
            self._rpr_cache[key] = cached
        return cached

    def run(self, p, span: Span, style: TextStyle | None = None, *, size: float | None = None,
            colour: str | None = None, bold: bool | None = None):
        """A w:r with the span's text; `style` etc. only where the run differs from its paragraph."""
        r = _sub(p, "r")
        rpr = self._rpr(span, style, size, colour, bold)
        if len(rpr):
            r.append(rpr.__copy__())  # lxml copies the whole element; faster than copy.deepcopy
        # word joiners are left out: LibreOffice does not hold two ideographs together for one, and in Word an
        # editor's search for 100余名 would not find the text; Word and LibreOffice keep a number with its unit
        text = span.text.replace(WORD_JOINER, "")
        if not self.languages[span.lang].east_asian:
            # a Latin title's balanced lines were measured in the PDF's fonts; the reader's Word sets the DOCX in
            # its own (Segoe UI, or LibreOffice's stand-in for it), where those lines would wrap again unevenly
            text = text.replace(LINE_BREAK, "")
        for index, line in enumerate(text.split(LINE_BREAK)):  # a Chinese title the composer balanced
            if index:
                _sub(r, "br")
            if line:
                t = _sub(r, "t")
                t.text = line
                if line != line.strip():
                    t.set(_XML_SPACE, "preserve")
        return r

    @staticmethod
    def line_break(p) -> None:
        _sub(_sub(p, "r"), "br")

    def text(self, p, text: str) -> None:
        """A plain run (spaces, tabs) in the paragraph's own formatting."""
        r = _sub(p, "r")
        if text == "\t":
            _sub(r, "tab")
        else:
            t = _sub(r, "t")
            t.text = text.replace(WORD_JOINER, "")
            t.set(_XML_SPACE, "preserve")

    # -- tables ------------------------------------------------------------------------------------------

    def table(self, parent, widths: list[float], rows: int, header_column: bool = False, header_row: bool = False):
        """A borderless fixed-layout w:tbl; returns its rows of w:tc (each still without content).
        header_column: the first column heads its rows (the index's categories), as a screen reader announces;
        header_row: the first row names the columns."""
        tbl = _sub(parent, "tbl")
        tbl_pr = _sub(tbl, "tblPr")
        _sub(tbl_pr, "tblW", w=_twips(sum(widths)), type="dxa")
        borders(tbl_pr, "w:tblBorders", NO_BORDERS)
        _sub(tbl_pr, "tblLayout", type="fixed")
        margins = _sub(tbl_pr, "tblCellMar")
        for side in ("left", "right"):
            _sub(margins, side, w="0", type="dxa")
        look = (0x20 if header_row else 0) | (0x80 if header_column else 0)
        _sub(tbl_pr, "tblLook", val=f"{look:04X}", firstRow="1" if header_row else "0", lastRow="0",
             firstColumn="1" if header_column else "0", lastColumn="0", noHBand="1", noVBand="1")
        grid = _sub(tbl, "tblGrid")
        for width in widths:
            _sub(grid, "gridCol", w=_twips(width))
        cells = []
        for _ in range(rows):
            tr = _sub(tbl, "tr")
            row = []
            for width in widths:
                tc = _sub(tr, "tc")
                _sub(_sub(tc, "tcPr"), "tcW", w=_twips(width), type="dxa")
                row.append(tc)
            cells.append(row)
        return tbl, cells

    @staticmethod
    def cell_style(tc, *, fill: str | None = None, edges: dict | None = None, margin: float | dict | None = None,
                   merge: str | None = None) -> None:
        tc_pr = tc.find(_W + "tcPr")
        if merge is not None:
            put(tc_pr, "w:vMerge", val=merge) if merge == "restart" else put(tc_pr, "w:vMerge")
        if edges:
            borders(tc_pr, "w:tcBorders", edges)
        if fill:
            shade(tc_pr, fill)
        if margin is not None:
            box = put(tc_pr, "w:tcMar")
            for side in ("top", "left", "bottom", "right"):
                _sub(box, side, w=_twips(margin[side] if isinstance(margin, dict) else margin), type="dxa")

    @staticmethod
    def close_cells(cells) -> None:
        """Every w:tc must end with a w:p."""
        for row in cells:
            for tc in row:
                if tc[-1].tag != _W + "p":
                    _sub(tc, "p")

    @staticmethod
    def keep_together(tbl, breaks_after: set[int] | None = None) -> None:
        """Rows that do not split, each kept with the next but those in `breaks_after` (all of them when None: the
        table moves whole to the next page). A page may then end between a category's rows of the index and the
        next, as in the PDF, rather than leave a third of a page empty."""
        rows = tbl.findall(_W + "tr")
        for index, tr in enumerate(rows):
            tr.insert(0, tr.makeelement(qn("w:trPr"), {}))
            _sub(tr[0], "cantSplit")
            if index < len(rows) - 1 and (breaks_after is None or index not in breaks_after):
                for ppr in tr.iter(_W + "pPr"):
                    put(ppr, "w:keepNext")

    def spacer(self, parent, points: float) -> None:
        p = _sub(parent, "p")
        ppr = _sub(p, "pPr")
        _sub(ppr, "spacing", before="0", after="0", line=_twips(max(points, 1)), lineRule="exact")

    # -- blocks ------------------------------------------------------------------------------------------

    def write_block(self, parent, block: Block, width: float) -> None:
        getattr(self, f"block_{block_kind(block)}")(parent, block, width)

    def picture(self, p, logo: LogoRef, part=None, decorative: bool = False) -> None:
        """A logo as an inline picture in `p`, at the logo's height: described by its alt text, or marked
        decorative (the running head's, which repeats the band's), as Word's accessibility checker asks."""
        inline = (part or self._part).new_pic_inline(str(logo.path), None, Pt(logo.height))
        if decorative:
            mark_decorative(inline.docPr)
        else:
            inline.docPr.set("descr", logo.alt)
        _sub(_sub(p, "r"), "drawing").append(inline)

    def block_band(self, parent, block: Band, width: float) -> None:
        pad = self.sheet["band"].size
        texts = [(block.left, "left"), (block.right, "right")]
        if block.logo is not None:
            _, cells = self.table(parent, self.sheet.band_widths(width, block.logo.width), 1)
            logo_cell, text_cells = cells[0][0], cells[0][1:]
            self.cell_style(logo_cell, fill=self.sheet.colour("primary"), margin=pad * 0.6)
            self.picture(self.p(logo_cell, "band", before=2, after=2), block.logo)
        else:
            _, cells = self.table(parent, self.sheet.band_widths(width, None), 1)
            text_cells = cells[0]
        for tc, (line, align) in zip(text_cells, texts, strict=True):
            self.cell_style(tc, fill=self.sheet.colour("primary"), margin=pad * 0.6)
            for index, span in enumerate(line):  # a paragraph per language
                self.run(self.p(tc, "band", before=2 if index == 0 else 0, after=2 if index == len(line) - 1 else 0,
                                align=align), span)
        self.spacer(parent, self.sheet.space_after_band)

    def block_cover(self, parent, block: Cover, width: float) -> None:
        """A cover in the primary colour filling the first page, in a section of its own (no header or footer)."""
        light = self.sheet.colour("on_primary")
        margins = self.sheet.margins_pt
        height = self.sheet.page_size_pt[1] - margins["top"] - margins["bottom"]
        tbl, cells = self.table(parent, [width], 1)
        row = tbl.find(_W + "tr")
        row.insert(0, row.makeelement(qn("w:trPr"), {}))
        _sub(row[0], "trHeight", val=_twips(height * 0.88), hRule="atLeast")
        tc = cells[0][0]
        self.cell_style(tc, fill=self.sheet.colour("primary"), margin=width * self.sheet.COVER_INSET)
        if block.logo is not None:
            self.picture(self.p(tc, "subtitle", before=6), block.logo.at(block.logo.height * self.sheet.COVER_LOGO_SCALE))
        subtitle, title = self.sheet["subtitle"], self.sheet["title"]
        kicker_size = round(subtitle.size * self.sheet.COVER_KICKER_SCALE, 1)
        for index, span in enumerate(block.kicker):
            # the text moves up from its usual start as the PDF's does for a long title
            self.run(self.p(tc, "subtitle", before=height * 0.12 * (1 - block.raised) if index == 0 else 0, after=2),
                     span, subtitle, size=kicker_size, colour=light)
        for index, (span, scale) in enumerate(zip(block.title, block.scales)):
            # at the planned leading exactly: Word and LibreOffice would set a CJK face's lines taller
            self.run(self.p(tc, "title", before=24 if index == 0 else 6, after=8, line=title.leading * scale,
                            exact=True), span, title, size=round(title.size * scale, 1), colour=light)
        for index, span in enumerate(block.details):
            self.run(self.p(tc, "subtitle", before=12 if index == 0 else 0, after=2), span, subtitle, colour=light)
        self.run(self.p(tc, "subtitle", before=max(6.0, height * 0.04 * (1 - block.raised))), block.publisher, subtitle,
                 colour=light)
        self.close_cells(cells)
        # the cover's own section: a copy of the page setup without header, footer or first-page flag
        breaker = _sub(parent, "p")
        ppr = _sub(breaker, "pPr")
        _sub(ppr, "spacing", before="0", after="0", line="20", lineRule="exact")
        section = copy.deepcopy(self._section)
        for child in list(section):
            if child.tag in (_W + "headerReference", _W + "footerReference", _W + "titlePg"):
                section.remove(child)
        ppr.append(section)

    def block_heading(self, parent, block: Heading, width: float) -> None:
        style = self.sheet.heading(block.level, block.second_language)
        if block.logo is not None and not block.kicker:
            logo_width = block.logo.width + style.size
            _, cells = self.table(parent, [width - logo_width, logo_width], 1)
            p = self.p(cells[0][0], "title", before=0)
            self._outline(p, block)
            self.run(p, block.text)
            self.picture(self.p(cells[0][1], "title", before=0, align="right"), block.logo)
            self.close_cells(cells)
            self.spacer(parent, style.after)
            return
        if block.kicker:
            kicker = self.p(parent, "kicker", before=style.before)
            for span in spaced(block.kicker):
                self.run(kicker, span)
        token = style.token
        right = 0.0
        if block.measure and not self.languages[block.text.lang].east_asian:  # Word breaks it: at the PDF's measure
            right = max(0.0, width - block.measure * self.sheet.WORD_TITLE_SLACK)
        p = self.p(parent, token, before=0 if block.kicker else None, right=right)
        self._outline(p, block)
        self.run(p, block.text)
        if block.second is not None:
            if block.second_apart:
                self.line_break(p)
            else:
                self.text(p, "  ")
            self.run(p, block.second, style, size=self.sheet.second_heading_size(style),
                     colour=self.sheet.colour("muted"))

    @staticmethod
    def _outline(p, block: Heading) -> None:
        """A heading set under a collection's (a volume's case) is that much lower in Word's navigation; a case's
        title, a Title otherwise, is a heading there."""
        if block.depth and not block.second_language:
            put(p.find(_W + "pPr"), "w:outlineLvl", val=str(max(block.level - 1, -1) + block.depth))

    def block_para(self, parent, block: Para, width: float) -> None:
        style = self.sheet[block.style]
        indent = self.sheet.bullet_indent(style)
        east_asian = self.languages[block.text.lang].east_asian
        line = style.line_height(east_asian)
        p = self.p(parent, block.style, hanging=indent if block.bullet else None,
                   tabs=(("left", indent),) if block.bullet else (),
                   align="both" if style.justified(east_asian) and not style.justify else None,
                   line=line if line != style.leading else None,
                   right=self.sheet.right_indent(block.style, block.text.lang, width))
        if block.bullet:
            self.run(p, Span(block.bullet, block.text.lang), style, size=self.sheet.bullet_size(style),
                     colour=self.sheet.colour("accent"))
            self.text(p, "\t")
        if block.lead is not None:
            self.run(p, block.lead, self.sheet["label"], bold=True)
        self.run(p, block.text, colour=self.sheet.para_colour(style, block.second_language))

    def block_panel(self, parent, block: Panel, width: float) -> None:
        width = self.sheet.boxed_width(block.paragraphs, width)
        tbl, cells = self.table(parent, [width], 1)
        padding = self.sheet.panel_padding
        self.cell_style(cells[0][0], fill=self.sheet.colour("panel"), margin=padding)
        for child in block.children:
            self.write_block(cells[0][0], child, width - 2 * padding)
        self.close_cells(cells)  # a summary box splits inside its text, as in the PDF
        self.spacer(parent, self.sheet.space_after_panel)

    def block_metric_panel(self, parent, block: MetricPanel, width: float) -> None:
        """The key figures as the PDF sets them: each line of tiles a table whose header row holds the labels
        (w:tblHeader: a screen reader reads each value with its label) over a row of values; the lines a white gap
        apart, all kept on one page with the heading."""
        unit = self.sheet["metric_unit"]
        columns = block.columns
        padding = self.sheet.metric_padding
        white = ("single", 20, "#FFFFFF")
        accent = ("single", 24, self.sheet.colour("accent"))
        lines = [block.callouts[i:i + columns] for i in range(0, len(block.callouts), columns)]
        for number, line in enumerate(lines):
            tbl, cells = self.table(parent, [width / columns] * columns, 2, header_row=True)
            for r, row in enumerate(cells):
                for c, tc in enumerate(row):
                    margin = {"top": padding if r == 0 else 0, "bottom": padding * 0.3 if r == 0 else padding,
                              "left": padding, "right": padding}
                    self.cell_style(tc, fill=self.sheet.colour("panel"), margin=margin,
                                    edges={"right": white, "left": accent if c == 0 else white})
            for c, callout in enumerate(line):
                labels, values = cells[0][c], cells[1][c]
                for span in filter(None, (callout.label, callout.second_label)):
                    self.run(self.p(labels, "metric_label", before=0, after=1), span)
                p = self.p(values, "metric_value", before=0, after=0)
                for span, part in callout.value:
                    if part == "space":
                        self.text(p, span.text)
                    else:
                        self.run(p, span, unit if part == "unit" else None)
                if callout.second_value:
                    p = self.p(values, "metric_unit", before=3, after=0)
                    for span, _ in callout.second_value:
                        self.run(p, span, unit)
            self.close_cells(cells)
            self.keep_together(tbl)
            header, values = tbl.findall(_W + "tr")
            put(header.find(_W + "trPr"), "w:tblHeader")
            if number < len(lines) - 1:  # a white gap to the next line of tiles, all kept together
                for ppr in values.iter(_W + "pPr"):
                    put(ppr, "w:keepNext")
                self.p(parent, "metric_label", keep_next=True, before=0, after=0, line=2.5, exact=True)
        self.spacer(parent, self.sheet.space_after_panel)

    def block_figure(self, parent, block: FigureBlock, width: float) -> None:
        """The image flush left, a body line below the text above, its captions set to its width (the sheet's
        caption_measure); its description the alt text, not the caption again."""
        measure = width
        if block.image is not None and block.alt is not None:
            wide, high = self.sheet.figure_size(block.pixels, width)
            measure = self.sheet.caption_measure(wide, width)
            inline = self._part.new_pic_inline(str(block.image), Pt(wide), Pt(high))
            inline.docPr.set("descr", block.alt.text)
            r = _sub(self.p(parent, "caption", keep_next=True, before=self.sheet.space_before_figure,
                            after=2), "r")
            _sub(r, "drawing").append(inline)
        else:
            self.placeholder(parent, block.placeholder, width)
        captions = [c for c in (block.caption, block.second_caption) if c is not None]
        for index, span in enumerate(captions):
            last = index == len(captions) - 1
            self.run(self.p(parent, "caption", keep_next=not last, after=None if last else 0,
                            right=width - measure), span)

    def placeholder(self, parent, span: Span, width: float) -> None:
        """A proof's box where an image is missing: dashed, shaded, saying so, kept with its caption."""
        tbl, cells = self.table(parent, [width], 1)
        row = tbl.find(_W + "tr")
        row.insert(0, row.makeelement(qn("w:trPr"), {}))
        _sub(row[0], "cantSplit")
        _sub(row[0], "trHeight", val=_twips(width * self.sheet.PLACEHOLDER_HEIGHT), hRule="exact")
        tc = cells[0][0]
        edge = ("dashed", 6, self.sheet.colour("muted"))
        self.cell_style(tc, fill=self.sheet.colour("panel"), margin=4,
                        edges={side: edge for side in ("top", "left", "bottom", "right")})
        put(tc.find(_W + "tcPr"), "w:vAlign", val="center")
        self.run(self.p(tc, "caption", align="center", keep_next=True, before=0, after=0), span)
        self.close_cells(cells)
        self.spacer(parent, self.sheet["caption"].size * 0.4)

    def block_category_index(self, parent, block: CategoryIndex, width: float) -> None:
        """The index table is the same in every brief of a book but for its shaded cell: it is built and
        serialized once per process, and each brief's document part gets those bytes, with the current
        case's row made afresh (a fifth of a brief's DOCX time otherwise, most of it lxml moving a copied
        table into the document). Links need this document's relationships, so a linked index is built here."""
        if any(entry.link for category in block.categories for entry in category.entries):
            self._index_table(parent, block, width)
            self.spacer(parent, self.sheet.block_space)
            return
        key = (tuple((category.name, category.second_name, category.range_label,
                      tuple((entry.number, entry.name, entry.second_name) for entry in category.entries))
                     for category in block.categories), block.columns, width)  # (what the shading leaves alike)
        cached = self._index_tables.get(key)
        if cached is None:
            plain = CategoryIndex(tuple(replace(category, entries=tuple(replace(e, current=False)
                                                                        for e in category.entries))
                                        for category in block.categories), block.columns, labels=block.labels)
            scratch = etree.Element(_W + "body", nsmap={"w": W_NS})
            self._index_table(scratch, plain, width)
            cached = self._index_tables[key] = _SerializedTable(scratch[0])
        rows = list(cached.rows)
        above = 1 if block.labels else 0  # (the header row)
        for r, c in index_grid(block).current_cells:
            row = copy.deepcopy(cached.row_elements[r + above])
            self._mark_current(row.findall(_W + "tc")[c])
            rows[r + above] = serialized(row)
        self._splices.append(cached.head + b"".join(rows) + cached.tail)
        parent.append(etree.ProcessingInstruction(_SPLICE, str(len(self._splices) - 1)))
        self.spacer(parent, self.sheet.block_space)

    def _mark_current(self, tc) -> None:
        """This case's entry: shaded, a bar at its left and its name in bold, so that greyscale keeps it."""
        tc_pr = tc.find(_W + "tcPr")
        kept = tc_pr.find(_W + "tcBorders")
        edges = {} if kept is None else {side.tag.split("}")[1]: (side.get(_W + "val"), int(side.get(_W + "sz")),
                                                                 side.get(_W + "color")) for side in kept}
        edges["left"] = ("single", 24, self.sheet.colour("primary"))
        self.cell_style(tc, fill=self.sheet.colour("highlight"), edges=edges)
        runs = tc.find(_W + "p").iter(_W + "r")
        for run in list(runs)[2:]:  # (the number, the tab, then the name)
            rpr = run.find(_W + "rPr")
            if rpr is None:
                rpr = run.makeelement(_W + "rPr", {})
                run.insert(0, rpr)
            put(rpr, "w:b")

    def _index_table(self, parent, block: CategoryIndex, width: float) -> None:
        """The shared index grid: category names merged down their rows, one cell per entry, this case shaded."""
        grid = index_grid(block)
        above = 1 if block.labels else 0
        widths = self.sheet.index_column_widths(width, block.columns)
        tbl, cells = self.table(parent, widths, len(grid.rows) + above, header_column=True, header_row=bool(above))
        muted = self.sheet.colour("muted")
        if above:
            self._index_header(cells.pop(0), block.labels, widths)

        def tight(token: str) -> float:  # set close, as the PDF sets an index that fits its page only so
            return self.sheet[token].leading * INDEX_CLOSER[0]
        entry = self.sheet["index_entry"]
        first_rows = {first: last for first, last in grid.category_rows}
        last_rows = {last for _, last in grid.category_rows}
        current = set(grid.current_cells)
        rule = ("single", 4, self.sheet.colour("rule"))
        top = ("single", 10, self.sheet.colour("primary"))
        for r, items in enumerate(grid.rows):
            for c, item in enumerate(items):
                tc = cells[r][c]
                edges = {}
                if r == 0:
                    edges["top"] = top
                if r in last_rows:
                    edges["bottom"] = rule
                merge = None
                if c == 0:
                    merge = "restart" if r in first_rows else "continue"
                    if merge == "restart" and first_rows[r] != r:
                        edges["bottom"] = rule
                self.cell_style(tc, edges=edges, margin=INDEX_CELL_MARGINS, merge=merge)
                if isinstance(item, IndexCategory):
                    self.run(self.p(tc, "index_category", line=tight("index_category")), item.name)
                    if item.second_name is not None:
                        self.run(self.p(tc, "index_entry", line=tight("index_entry")), item.second_name, entry, colour=muted)
                    self.run(self.p(tc, "index_entry", line=tight("index_entry")), item.range_label, entry, colour=muted)
                elif item is not None:
                    hang = self.sheet.index_hang  # the number hangs at the left; names align, wrapped lines too
                    p = self.p(tc, "index_entry", hanging=hang, tabs=(("left", hang),), line=tight("index_entry"))
                    if item.link:  # the whole entry links to the case's brief
                        p = _sub(p, "hyperlink")
                        p.set(qn("r:id"), self._part.relate_to(item.link, RT.HYPERLINK, is_external=True))
                    self.run(p, item.number, entry, colour=muted)
                    self.text(p, "\t")
                    self.run(p, item.name)
                    if item.second_name is not None:
                        second = self.p(tc, "index_entry", hanging=hang, tabs=(("left", hang),), line=tight("index_entry"))
                        self.text(second, "\t")
                        self.run(second, item.second_name, entry, colour=muted)
                else:
                    self.p(tc, "index_entry", line=tight("index_entry"))
        for r, c in current:
            self._mark_current(cells[r][c])
        self.keep_together(tbl, breaks_after={last + above for last in last_rows})
        if above:
            put(tbl.find(_W + "tr").find(_W + "trPr"), "w:tblHeader")  # repeated on each page the index takes

    def _index_header(self, row: list, labels: tuple[Span, ...], widths: list[float]) -> None:
        """The index's header row: the categories' column named, then the entries' columns as one."""
        first, rest = row[0], row[1:]
        put(rest[0].find(_W + "tcPr"), "w:tcW", w=_twips(sum(widths[1:])), type="dxa")
        put(rest[0].find(_W + "tcPr"), "w:gridSpan", val=str(len(rest)))
        for tc in rest[1:]:
            tc.getparent().remove(tc)
        for tc, label in zip((first, rest[0]), labels):
            self.cell_style(tc, margin=INDEX_CELL_MARGINS)
            self.run(self.p(tc, "index_entry", before=0, after=2), label, self.sheet["index_entry"],
                     colour=self.sheet.colour("muted"))

    def block_page_break(self, parent, block: PageBreakBlock, width: float) -> None:
        _sub(_sub(_sub(parent, "p"), "r"), "br", type="page")

    def block_case_start(self, parent, block: CaseStart, width: float) -> None:
        """A case of a volume: TC fields (Word builds the contents from them) in an otherwise empty line."""
        p = self.p(parent, "kicker", before=0, after=0)
        if block.category != self._category:
            self._category = block.category
            self._tc_field(p, block.category, 1)
        self._tc_field(p, block.entry, 2)

    def _tc_field(self, p, text: str, level: int) -> None:
        quoted = text.replace('"', "'")
        _sub(_sub(p, "r"), "fldChar", fldCharType="begin")
        instr = _sub(_sub(p, "r"), "instrText")
        instr.text = f' TC "{quoted}" \\l {level} '
        instr.set(_XML_SPACE, "preserve")
        _sub(_sub(p, "r"), "fldChar", fldCharType="end")

    def block_toc(self, parent, block: Toc, width: float) -> None:
        """A TOC field over the TC fields, its entries and page numbers already filled in (from the PDF's
        pages; Word is asked to refresh them on opening, as its own pagination may differ)."""
        for index, entry in enumerate(block.entries):
            p = self.p(parent, "toc1" if entry.level == 1 else "toc2", tabs=(("right", width, "dot"),),
                       hanging=None)
            if entry.level == 2:
                put(p[0], "w:ind", left=_twips(self.sheet["toc2"].size * 2))
            if index == 0:
                _sub(_sub(p, "r"), "fldChar", fldCharType="begin")
                instr = _sub(_sub(p, "r"), "instrText")
                instr.text = ' TOC \\f \\l "1-2" \\h '
                instr.set(_XML_SPACE, "preserve")
                _sub(_sub(p, "r"), "fldChar", fldCharType="separate")
            self.run(p, Span(entry.text, block.lang))
            self.text(p, "\t")
            self.run(p, Span(entry.page, "en"))
            if index == len(block.entries) - 1:
                _sub(_sub(p, "r"), "fldChar", fldCharType="end")
        self._update_fields = True

    def block_side_by_side(self, parent, block: SideBySide, width: float) -> None:
        gap, (first, second) = self.sheet.column_gap, self.sheet.column_widths(width, block.share)
        _, cells = self.table(parent, [first, gap, second], 1)
        for tc, blocks, column in ((cells[0][0], block.left, first), (cells[0][2], block.right, second)):
            for child in blocks:
                self.write_block(tc, child, column)
        self.close_cells(cells)

    # -- page furniture ----------------------------------------------------------------------------------

    def page_setup(self, docx, document: Document) -> None:
        """Page size, margins, header and footer from the layout; a reference document keeps its own."""
        section = docx.sections[0]
        reference = self.sheet.reference_docx is not None
        margins = self.sheet.margins_pt
        if not reference:
            width, height = self.sheet.page_size_pt
            section.page_width, section.page_height = Pt(width), Pt(height)
            section.left_margin, section.right_margin = Pt(margins["left"]), Pt(margins["right"])
            section.top_margin, section.bottom_margin = Pt(margins["top"]), Pt(margins["bottom"])
            section.header_distance = Pt(margins["top"] * 0.45)
            section.footer_distance = Pt(margins["bottom"] * 0.45)
        section.different_first_page_header_footer = True  # the brief's first page has the band
        if not (reference and _has_content(element_of(section.footer))):
            for footer in (section.footer, section.first_page_footer):
                self._footer(element_of(footer), document)
        head = document.footer.running_head
        if head and not (reference and _has_content(element_of(section.header))):
            container = element_of(section.header)
            for child in list(container):
                container.remove(child)
            width = self.sheet.text_width_pt
            logo = document.footer.head_logo
            if logo is None:
                p = self.p(container, "footer", tabs=(("right", width),))
                for index, span in enumerate(head):
                    if index:
                        self.line_break(p)
                    self.text(p, "\t")
                    self.run(p, span)
            else:  # the logo at the left, the head's lines at the right ending level with it, as in the PDF
                if not reference:
                    section.header_distance = Pt(self.sheet.head_logo_top(logo.height))
                _, cells = self.table(container, [logo.width, width - logo.width], 1)
                self.picture(self.p(cells[0][0], "footer", before=0, after=0, line=logo.height, exact=True), logo,
                             part=section.header.part, decorative=True)
                put(cells[0][1].find(_W + "tcPr"), "w:vAlign", val="bottom")
                for span in head:
                    self.run(self.p(cells[0][1], "footer", before=0, after=0, align="right"), span)
                self.close_cells(cells)
                self.spacer(container, 1)

    def _footer(self, container, document: Document) -> None:
        """Source on the left, the layout's text in the middle, page X of Y on the right."""
        for child in list(container):
            container.remove(child)
        width = self.sheet.text_width_pt
        p = self.p(container, "footer", tabs=(("center", width / 2), ("right", width)),
                   rule_above=self.sheet.colour("rule"))
        footer = document.footer
        for index in range(max(len(footer.source), len(footer.page_template), len(footer.text), 1)):
            if index:  # the next language, a line below
                self.line_break(p)
            if index < len(footer.source):
                self.run(p, footer.source[index])
            self.text(p, "\t")
            if index < len(footer.text):
                self.run(p, footer.text[index])
            self.text(p, "\t")
            if index < len(footer.page_template):
                self._page_numbers(p, footer.page_template[index])

    def _page_numbers(self, p, template: Span) -> None:
        """'第 {page} 页 共 {pages} 页' with PAGE and NUMPAGES fields in place of the placeholders."""
        rest = template.text
        while rest:
            head, brace, tail = rest.partition("{")
            if head:
                self.run(p, Span(head, template.lang))
            if not brace:
                break
            name, _, rest = tail.partition("}")
            field(p, {"page": "PAGE", "pages": "NUMPAGES"}[name], "1",
                  lambda para, text: self.run(para, Span(text or "", template.lang)))

    @staticmethod
    def core_properties(docx, document: Document) -> None:
        meta = document.meta
        props = docx.core_properties
        props.title, props.subject, props.author = meta.title, meta.subject, meta.author
        props.keywords = meta.keyword_line
        props.language = meta.language
        props.last_modified_by = "reporter"
        props.comments = props.category = ""
        props.revision = 1
        stamp = dt.datetime.combine(meta.date, dt.time(0, 0))
        props.created = props.modified = props.last_printed = stamp

    # -- the document ------------------------------------------------------------------------------------

    def write(self, document: Document, target: BinaryIO) -> None:
        self.languages = document.languages
        docx = self._base_document()
        self._part = docx.part
        self._category = None
        self._update_fields = False
        self._splices: list[bytes] = []
        self.page_setup(docx, document)
        self.core_properties(docx, document)
        body = docx.element.body
        section = self._section = body[-1]
        for child in list(body):
            body.remove(child)
        for block in document.blocks:
            self.write_block(body, block, self.sheet.text_width_pt)
        body.append(section)
        number_drawings(part.element for part in docx.part.package.iter_parts() if hasattr(part, "element"))
        if self._update_fields:
            _ask_to_update_fields(docx)
        target.write(stable_zip([(name, self._spliced(data) if name == "word/document.xml" else data)
                                 for name, data in package_members(docx)]))

    def _spliced(self, data: bytes) -> bytes:
        """The document part with each splice marker replaced by its serialized XML."""
        for index, xml in enumerate(self._splices):
            data = data.replace(b"<?%s %d?>" % (_SPLICE.encode(), index), xml, 1)
        return data


_SPLICE = "reporter-splice"
"""The processing instruction that marks where pre-serialized XML goes into the document part."""


class _SerializedTable:
    """A table kept as bytes (its start, each row, its end), and its rows as elements to copy one from."""

    def __init__(self, table) -> None:
        self.row_elements = table.findall(_W + "tr")
        whole = serialized(table)
        self.rows = [serialized(row) for row in self.row_elements]
        start = whole.index(self.rows[0])
        end = start + sum(map(len, self.rows))
        self.head, self.tail = whole[:start], whole[end:]
        assert self.head + b"".join(self.rows) + self.tail == whole


def _drop_styles_with_effects(docx) -> None:
    """python-docx's blank template carries a Word 2010 copy of its styles (stylesWithEffects), which would
    no longer match ours and double the package."""
    rels = docx.part.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del rels[r_id]  # a part no relationship reaches is not saved


def _has_content(container) -> bool:
    """Whether a header or footer part holds anything: text, a field or a picture."""
    return any(True for tag in ("t", "instrText", "fldSimple", "drawing") for _ in container.iter(_W + tag))


_SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                 "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                 "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                 "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _ask_to_update_fields(docx) -> None:
    """<w:updateFields/> in settings: Word refreshes the contents' page numbers when the file is opened."""
    settings = docx.settings.element
    node = settings.makeelement(qn("w:updateFields"), {qn("w:val"): "true"})
    for index, child in enumerate(settings):
        if child.tag.split("}")[1] in _SETTINGS_AFTER_UPDATE_FIELDS:
            settings.insert(index, node)
            return
    settings.append(node)
