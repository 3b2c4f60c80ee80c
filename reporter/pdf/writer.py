"""PDF writer (ReportLab Platypus): CJK fonts embedded as subsets, outline, page X of Y, document info."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, HRFlowable, Image, KeepTogether,
                                NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle)

from reporter.compose.document import (Band, Block, CaseStart, CategoryIndex, Cover, Document, FigureBlock,
                                       Heading, IndexEntry, IndexGrid, LINE_BREAK, Line, LogoRef, MetricPanel, Panel,
                                       Para, SideBySide, Span,
                                       TextLanguage, Toc, block_kind, case_anchor, index_grid, link_texts, spaced)
from reporter.compose.document import PageBreak as PageBreakBlock
from reporter.layout.styles import StyleSheet, TextStyle
from reporter.pdf.xmp import Standards, xmp_packet
from reporter.pdf._reportlab import (Drawn, OutputIntent, add_info, add_metadata_and_output_intent, described_links,
                                     fonts_not_embedded, record_drawing,
                                     document_date, fill_operator, frame_room, rgb_images_as_icc,
                                     is_plain, kept_height, object_number, page_name, paragraph_wrap_widths, register,
                                     set_catalogue, set_last_page, set_paragraph_wrap_widths, shared_image,
                                     table_row_heights)
from reporter.pdf.tags import Element, Marker, Tagged, structure_objects
from reporter.pdf.fonts import FontSet
from reporter.pdf.index import CellMaker, GridStyle, index_flowable
from reporter.pdf.latinbreak import break_plain_lines
from reporter.press.profile import Cmyk, PrintCondition
from reporter.press.preflight import Placement
from reporter.press.sheet import MARK_WIDTH, MM, PressSetup

NO_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
"""Table commands for a table used only to place things side by side."""
Piece = tuple[Span, "TextStyle | None", "float | None", "str | None"]
"""Text with the style it takes its font role from, and size and colour where they differ (None: default)."""


class _Paragraph(Tagged, Paragraph):
    """A Paragraph that remembers its line breaks per width: Platypus wraps the same paragraph several
    times (tables, keep-with-next groups, frame fitting), and breaking CJK text is the costly part."""

    def split(self, availWidth, availHeight):
        return self.tag_parts(super().split(availWidth, availHeight))

    def wrap(self, availWidth, availHeight):
        cached = self.__dict__.get("_wrapped")
        if cached is not None and cached[0] == availWidth:
            _, self.blPara, self.width, self.height, widths = cached
            set_paragraph_wrap_widths(self, widths)
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):
            self._wrapped = (availWidth, self.blPara, self.width, self.height, paragraph_wrap_widths(self))
        return size

    def breakLines(self, width):
        fast = break_plain_lines(self, width)
        return fast if fast is not None else super().breakLines(width)

    def beginText(self, x=0, y=0):
        text = super().beginText(x, y)
        text.lean = is_plain(self)  # plain text lines take the lean drawing path (reporter/pdf/_reportlab.py)
        text.cjk_text = self.style.wordWrap == "CJK"  # its lines break between characters, not at spaces
        text.cjk_justify = text.cjk_text and self.style.alignment == TA_JUSTIFY
        return text


SPACE_SHRINK = 0.2
"""How much of its width a Latin space may give up so that a justified line takes one more word (TeX lets an
interword space shrink by a third; ReportLab's default is a twentieth)."""


class _Marker(Flowable):
    """An invisible flowable that acts where it is drawn (outline entries), kept with what follows."""

    def __init__(self):
        super().__init__()
        self.keepWithNext = 1  # moves with its heading when that goes to the next page

    def wrap(self, *_):
        # Not zero: ReportLab's keep-together measure skips zero-height flowables and then also drops the
        # heading's space before, underestimating the group (a heading was left alone at a page foot).
        self.width, self.height = 0, 0.01
        return self.width, self.height


class _CaseMarker(_Marker):
    """Outline entries for a case of a volume (and its category) and the page it starts on."""

    def __init__(self, writer: "PdfWriter", block: CaseStart, new_category: bool):
        super().__init__()
        self.writer, self.block, self.new_category = writer, block, new_category

    def draw(self):
        canvas, block = self.canv, self.block
        if self.new_category:
            canvas.bookmarkPage(f"category{block.number}")
            canvas.addOutlineEntry(block.category, f"category{block.number}", level=0, closed=False)
        canvas.bookmarkPage(case_anchor(block.number))
        canvas.addOutlineEntry(f"{block.label}  {block.title}", case_anchor(block.number), level=1, closed=True)
        self.writer.case_pages[block.number] = canvas.getPageNumber()


class _WholeTable(Table):
    """A table that is not split (a metric panel, a boxed summary) unless it is taller than a whole page's frame
    (a summary of many pages), which it then is, within its rows. Unlike KeepTogether it can be the flowable a
    heading's keepWithNext holds on to."""

    frame_height = float("inf")

    def split(self, availWidth, availHeight):
        if self.wrap(availWidth, availHeight)[1] <= self.frame_height:
            return []
        parts = super().split(availWidth, availHeight)
        for part in parts:  # made by ReportLab as tables of this class: the rest may be taller than a page too
            part.frame_height = self.frame_height
        return parts


class _BetweenRows(Table):
    """A boxed summary, a row per paragraph: split between paragraphs only, the box closed at the foot of the page
    and opened again at the head of the next; inside a paragraph only where one is taller than a page, and then
    where it stands (moved on first, it had left page 1 a third empty)."""

    frame_height = float("inf")

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        self.wrap(availWidth, availHeight)
        row = self._straddling(availHeight)
        inside = row is not None and row > self.frame_height  # it must split somewhere: where it stands
        parts = self._split(availWidth, availHeight, inside)
        if not parts and not inside and availHeight >= self.frame_height - 1:  # a fresh page, a row too tall
            parts = self._split(availWidth, availHeight, True)
        for part in parts:
            part.frame_height = self.frame_height
        return parts

    def _split(self, width: float, height: float, inside: bool) -> list:
        self.splitInRow = int(inside)
        try:
            return super().split(width, height)
        finally:
            self.splitInRow = 0

    def _straddling(self, room: float) -> float | None:
        """The height of the row that would cross the foot of `room` (None: they all fit)."""
        top = 0.0
        for height in table_row_heights(self):
            if top + height > room:
                return height
            top += height
        return None


class _RoomFor(CondPageBreak):
    """Before a heading: a new page unless the heading fits there with the first two lines of the paragraph after it
    (or with all of a panel, a figure or anything else that does not split). A heading kept with the whole next
    paragraph (keepWithNext) left a page a third empty when that paragraph was long."""

    LINES = 2

    def __init__(self, parts: list[Flowable], frame_height: float, line: float):
        super().__init__(0)
        self.parts, self.frame_height, self.line = parts, frame_height, line
        self.following: Flowable | None = None
        """What comes after the heading (set once the story is made)."""

    def wrap(self, availWidth, availHeight):
        need = sum(part.wrap(availWidth, availHeight)[1] + part.getSpaceBefore() + part.getSpaceAfter()
                   for part in self.parts)
        following = self.following
        if following is not None:
            height = following.wrap(availWidth, availHeight)[1] + following.getSpaceBefore()
            if hasattr(following, "room_needed"):  # the category index: whole, or from here (index.py)
                height = following.room_needed(availHeight - need)
            elif isinstance(following, Paragraph):
                lines = getattr(following, "blPara", None)
                count = len(lines.lines) if lines is not None and hasattr(lines, "lines") else 1
                if count > self.LINES + 1:  # (no widows: a paragraph of three lines splits not at all)
                    height = following.getSpaceBefore() + self.LINES * following.style.leading
            elif not isinstance(following, (_WholeTable, KeepTogether, Image, _FittedFigure)):
                height = min(height, following.getSpaceBefore() + (self.LINES + 1) * self.line)
            need += height
        self.height = min(need, self.frame_height * 0.9)  # on a new page it always fits: never a page break loop
        return super().wrap(availWidth, availHeight)


class _Movable(KeepTogether):
    """A block kept whole with its heading (the key-figure panel) that, where it does not fit, opens the next page
    while the text after it fills this one (_Template.handle_flowable)."""


class _Template(BaseDocTemplate):
    """The document template: it moves a _Movable that does not fit where it stands to the top of the next frame,
    so that what follows fills the room it leaves (a panel moved on had left a page's foot a quarter empty)."""

    LEAST_ROOM = 3
    """Lines of body text the room must hold for the move to be worth it."""
    SHORT_ROOM = 0.2
    """The share of a frame a page may end short by, rather than part a paragraph around what moved."""

    def __init__(self, *args, line: float, blank_pages: set[int], **kw):
        super().__init__(*args, **kw)
        self.line, self._moved = line, []
        self.blank_pages = blank_pages
        """Pages left blank so that what follows opens a right-hand page (filled in as the pages are made)."""

    def handle_pageBegin(self):  # noqa: N802 (ReportLab's name)
        """On facing pages, a left-hand page takes the template whose margins are mirrored."""
        sides = {template.id: template for template in self.pageTemplates if template.id in (RECTO, VERSO)}
        if self.pageTemplate.id in sides and len(sides) == 2:
            self.pageTemplate = sides[VERSO if self.page % 2 else RECTO]
        super().handle_pageBegin()

    def handle_flowable(self, flowables):
        head, frame = flowables[0], getattr(self, "frame", None)
        if frame is None:  # (before the first page begins)
            pass
        elif self._moved and (frame_room(frame).at_top or isinstance(head, (PageBreak, NextPageTemplate))):
            flowables.insert(0, self._moved.pop())
        elif isinstance(head, _PadPages):
            last = self.page  # the document's last page with something on it
            total = -(-last // head.multiple) * head.multiple
            self.blank_pages.update(range(last + 1, total + 1))
            # (ReportLab drops a last page nothing is put on: a spacer goes on it)
            flowables[0:1] = [PageBreak()] * (total - last) + ([Spacer(1, 1)] if total > last else [])
            if not flowables:
                return
        elif isinstance(head, _RectoBreak):
            opens = self.page + 1
            if opens % 2 == 0:  # a left-hand page: left blank, the right-hand one after it opens
                self.blank_pages.add(opens)
            flowables[0:1] = [PageBreak()] * (2 if opens % 2 == 0 else 1)
        elif isinstance(head, _Movable) and len(flowables) > 1 and self._should_move(head, flowables[1]):
            self._moved.append(flowables.pop(0))
        elif self._moved and isinstance(head, (Paragraph, Table)) and self._would_part(head):
            flowables.insert(0, self._moved.pop())  # it opens the next page, the paragraph under it whole
        super().handle_flowable(flowables)
        if not flowables and self._moved:  # the story ends: what moved still comes
            flowables.append(self._moved.pop())

    def _would_part(self, text: Flowable) -> bool:
        """Whether a paragraph (or a pair of side-by-side columns) would be split around what moved, where the
        room it would fill is small enough (SHORT_ROOM of the frame) to leave: text parted by the panel reads worse
        than a short page."""
        room = frame_room(self.frame)
        height = text.wrapOn(self.canv, room.width, room.left)[1] + text.getSpaceBefore()
        return height > room.left and room.left <= self.SHORT_ROOM * room.height

    def _should_move(self, movable: _Movable, following: Flowable) -> bool:
        room = frame_room(self.frame)
        height = kept_height(movable, self.canv, room.width)
        return (room.left < height <= room.height and room.left >= self.LEAST_ROOM * self.line
                and not isinstance(following, (PageBreak, NextPageTemplate, _Movable)))


class _RectoBreak(PageBreak):
    """A page break to the next right-hand page (_Template.handle_flowable): on facing pages only."""


class _PadPages(PageBreak):
    """The end of a two-sided document: blank pages up to a multiple of `multiple` (_Template.handle_flowable)."""

    def __init__(self, multiple: int):
        super().__init__()
        self.multiple = multiple


RECTO, VERSO = "brief", "brief-verso"
"""The page templates of right-hand (and one-sided) and left-hand pages."""


class _Outlined(_Marker):
    """An outline entry (bookmark) for the heading that follows."""

    def __init__(self, title: str, level: int, key: str):
        super().__init__()
        self.title, self.level, self.key = title, level, key

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=False)


class _Image(Tagged, Image):
    """An image drawn as a Figure's content; where it was drawn, and how large, goes to the canvas's list of
    placements (for the preflight)."""

    source = ""

    def draw(self):
        size = (self.drawWidth, self.drawHeight)
        pixels = (round(self.imageWidth), round(self.imageHeight))  # ReportLab's lazy image reads the file's size
        self.drawWidth, self.drawHeight = size                      # here, and resets the drawn size as it does
        super().draw()
        placed = getattr(self.canv, "placed", None)
        if placed is not None:
            placed.append(Placement(self.source, Path(self.filename).name, pixels, size, self.canv.getPageNumber()))


class _FittedFigure(Flowable):
    """An image over its captions, flush left, the captions set to the image's width (the sheet's
    caption_measure); moved to the next page whole, but first shrunk (to MIN_SCALE of its size at the least) to
    end the page it starts on: a figure a little too tall no longer leaves the page before it a third empty."""

    MIN_SCALE = 0.65

    def __init__(self, image: _Image, captions: list[Flowable], measure: Callable[[float, float], float],
                 space_before: float):
        super().__init__()
        self.image, self.captions, self.measure, self.space_before = image, captions, measure, space_before
        self.natural = (image.drawWidth, image.drawHeight)

    def _below(self, image_width: float, avail_width: float, avail_height: float) -> float:
        measure = self.measure(image_width, avail_width)
        return sum(caption.wrap(measure, avail_height)[1] + caption.getSpaceBefore() for caption in self.captions)

    def wrap(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        self.width = availWidth
        width, height = self.natural
        scale = 1.0
        for _ in range(3):  # the captions rewrap at the shrunk image's width: settle the two
            room = availHeight - self._below(width * scale, availWidth, availHeight)
            scale = min(1.0, room / height) if height > room >= height * self.MIN_SCALE else 1.0
        self.image.drawWidth, self.image.drawHeight = width * scale, height * scale
        self.height = self.image.drawHeight + self._below(self.image.drawWidth, availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        return []

    def getSpaceBefore(self):  # noqa: N802
        return self.space_before

    def getSpaceAfter(self):  # noqa: N802
        return self.captions[-1].getSpaceAfter() if self.captions else 0

    def draw(self):
        y = self.height - self.image.drawHeight
        self.image.drawOn(self.canv, 0, y)
        for caption in self.captions:
            y -= caption.height + caption.getSpaceBefore()
            caption.drawOn(self.canv, 0, y)


def _numbered_canvas(footer_drawer, marker: Marker | None, boxes: dict[str, tuple] | None = None,
                     begin: Callable[[Canvas], None] | None = None):
    """A canvas that fills in 'page X of Y' once the page count is known, as one form per page; with a marker,
    what it draws is marked content or an artifact (reporter/pdf/tags.py); with boxes (a print master's trimBox
    and bleedBox), a PDF 1.6 file whose every page has them."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kw):
            if boxes:
                kw.update(boxes, pdfVersion=PRINT_MASTER_VERSION)
            super().__init__(*args, **kw)
            self.marker = marker
            self.placed: list[Placement] = []
            if begin is not None:
                begin(self)

        def showPage(self):
            key = marker.page_ends(self) if marker is not None else None
            super().showPage()
            if key is not None:
                set_last_page(self, StructParents=key)

        def save(self):
            footer_drawer(self, self.getPageNumber() - 1)
            super().save()

    return NumberedCanvas


SRGB_PROFILE = (Path(__file__).parent / "data" / "sRGB.icc").read_bytes()
"""An ICC v2 sRGB profile (icc-profiles-free, zlib; data/README.md): the output intent of every PDF, whose colours
are sRGB."""
SRGB_CONDITION = "sRGB IEC61966-2.1"
PRINT_MASTER_VERSION = (1, 6)
"""PDF/X-4 is PDF 1.6."""
PDFX_VERSION = "PDF/X-4"
REGISTRATION = colors.CMYKColorSep(1, 1, 1, 1, spotName="All")
"""Crop marks print on every plate (the Separation colour space named All), so that each plate can be trimmed."""


def _inks(condition: PrintCondition, used: dict[str, Cmyk]) -> Callable:
    """ReportLab's enforceColorSpace for a print master: every colour drawn in the condition's CMYK inks (each
    hex colour and its inks noted in `used`)."""

    @cache
    def cmyk(hex_colour: str) -> colors.CMYKColor:
        inks = used[hex_colour] = condition.cmyk(hex_colour)
        c, m, y, k = inks
        return colors.CMYKColor(c / 100, m / 100, y / 100, k / 100)

    def enforce(colour) -> colors.CMYKColor:
        if not isinstance(colour, colors.Color):
            colour = colors.toColor(colour)
        if isinstance(colour, colors.CMYKColor):
            return colour
        red, green, blue = (round(channel * 255) for channel in (colour.red, colour.green, colour.blue))
        return cmyk(f"#{red:02X}{green:02X}{blue:02X}")

    return enforce


class PdfWriter:
    def __init__(self, sheet: StyleSheet, fonts: FontSet, standards: Standards = Standards(),
                 press: PressSetup | None = None):
        self.sheet = sheet
        self.fonts = fonts
        self.standards = standards
        self.press = press
        """A print master's print condition, bleed and marks; None for a PDF read on screen."""
        self.links = press is None
        """Link annotations: none in a print master (PDF/X allows no annotation on the printed page)."""
        self._two_sided = False
        """Whether the document being written has facing pages."""
        self.blank_pages: set[int] = set()
        """The pages of the document written last left blank, so that a case opens a right-hand page."""
        self._styles: dict[tuple, ParagraphStyle] = {}
        self._frags: dict[tuple, object] = {}
        self._index_cells = CellMaker(sheet, fonts)
        self.languages: dict[str, TextLanguage] = {}
        """The languages of the document being written."""
        self._keys = 0
        self._outline_offset = 0
        self._category: str | None = None
        self.case_pages: dict[int, int] = {}
        self._forms: set[str] = set()
        """The page-furniture forms the document being written has defined."""
        self.parent = Element("Document")
        """The structure element the blocks being made go into (tags.py)."""
        self._list: Element | None = None
        """The list the last block's item went into, while list items follow each other."""
        self.cover_section = self.parent

    # -- text ----------------------------------------------------------------------------------------

    def pstyle(self, style: TextStyle, east_asian: bool, **overrides) -> ParagraphStyle:
        key = (style.token, east_asian, tuple(sorted(overrides.items())))
        cached = self._styles.get(key)
        if cached is None:
            attributes = dict(
                fontName=self.fonts.base_font(style.role, east_asian), fontSize=style.size,
                leading=style.line_height(east_asian), textColor=colors.HexColor(style.colour),
                spaceBefore=style.before, spaceAfter=style.after,
                alignment=TA_JUSTIFY if style.justified(east_asian) else TA_LEFT,
                wordWrap="CJK" if east_asian else None, splitLongWords=1, allowWidows=0, allowOrphans=0,
                bulletFontName=self.fonts.base_font(style.role, True), bulletFontSize=self.sheet.bullet_size(style),
                bulletColor=colors.HexColor(self.sheet.colour("accent")))
            attributes.update(overrides)
            cached = ParagraphStyle(f"{style.token}-{len(self._styles)}", **attributes)
            if not east_asian and "en" in self.languages and self.languages["en"].hyphenation:
                # English lines hyphenate where they would be loose, where every pattern set agrees
                cached.hyphenation = "+".join(self.languages["en"].hyphenation)
                cached.spaceShrinkage = SPACE_SHRINK
            self._styles[key] = cached
        return cached

    def _frag(self, pstyle: ParagraphStyle, font: str, size: float, colour: str):
        """A text fragment template for one font, size and colour, parsed once and cloned per run."""
        key = (pstyle.name, font, size, colour)
        template = self._frags.get(key)
        if template is None:
            markup = f'<font name="{font}" size="{size}" color="{colour}">x</font>'
            template = self._frags[key] = Paragraph(markup, pstyle).frags[0]
        return template

    def paragraph(self, pieces: list[Piece], token: str, bullet: str | None = None, link: str | None = None,
                  **overrides) -> Paragraph:
        """A Paragraph from (span, style, size, colour) pieces, each character in a font that has its glyph.

        Fragments are built directly rather than through ReportLab's markup parser: faster, and no text
        ever needs escaping."""
        style = self.sheet[token]
        east = self.languages[pieces[0][0].lang].east_asian
        if bullet:
            overrides = {"leftIndent": self.sheet.bullet_indent(style), "bulletIndent": 0, **overrides}
        pstyle = self.pstyle(style, east, **overrides)
        frags = []
        pieces = _lines_apart(pieces)
        for at, (span, piece_style, size, colour) in enumerate(pieces):
            piece_style = piece_style or style
            size = size or piece_style.size
            colour = colour or piece_style.colour
            if span.text == LINE_BREAK:
                template = self._frag(pstyle, pstyle.fontName, size, colour)
                frags.append(template.clone(text="", lineBreak=True, __tag__="br"))
                continue
            around = (pieces[at - 1][0].text if at else "", pieces[at + 1][0].text if at + 1 < len(pieces) else "")
            runs = self.fonts.runs(span.text, piece_style.role, self.languages[span.lang].east_asian, around)
            extra = {"link": [(0, link)]} if link else {}
            if self.standards.tagged and self.lang(span) != self.lang(pieces[0][0]) and \
                    any(char.isalpha() for char in span.text):
                extra["span_lang"] = self.lang(span)  # marked in the page's content (a tagged PDF's /Lang)
            frags += [self._frag(pstyle, font, size, colour).clone(text=text, **extra) for font, text in runs]
        if east and len(frags) == 1:
            # ReportLab breaks a one-fragment CJK paragraph on its own path (textsplit.wordSplit); a second, empty
            # fragment sends every Chinese paragraph through reporter's breaker (cjkbreak.py): its punctuation
            # at the line ends, and its breaking again as a whole
            frags.append(frags[0].clone(text=""))
        return _Paragraph("", pstyle, bulletText=bullet, frags=frags)

    def lines(self, spans: list[Span] | Line, token: str, **overrides) -> Paragraph:
        """Spans in one paragraph of a style token, each in its language's fonts (LINE_BREAK spans part lines)."""
        return self.paragraph([(span, None, None, None) for span in spans], token, **overrides)

    def para(self, span: Span, token: str, lead: Span | None = None, bullet: str | None = None,
             size: float | None = None, colour: str | None = None, **overrides) -> Paragraph:
        """One span in a style token; size and colour where they differ from the token's (fragments carry
        their own, so a ParagraphStyle's textColor or fontSize would not reach the text)."""
        pieces: list[Piece] = []
        if lead is not None:
            pieces.append((lead, self.sheet["label"], None, None))
        pieces.append((span, None, size, colour))
        return self.paragraph(pieces, token, bullet, **overrides)

    # -- structure -----------------------------------------------------------------------------------

    def lang(self, span: Span) -> str:
        return self.languages[span.lang].docx_tag

    def tagged(self, flowable: Tagged, role: str, span: Span | None = None, parent: Element | None = None,
               **kw) -> Element:
        """A new element of the structure (in `parent`, else where the blocks go), drawn by `flowable`."""
        lang = kw.pop("lang", None) or (self.lang(span) if span else None)
        element = (parent or self.parent).add(role, lang=lang, **kw)
        flowable.tag = element
        return element

    def linked(self, flowable: Tagged, span: Span, parent: Element) -> None:
        """A paragraph that is all link: a P holding the Link its text and annotations belong to."""
        self.tagged(flowable, "Link", span, parent=self.tagged(flowable, "P", span, parent=parent))

    @contextmanager
    def within(self, element: Element):
        saved, self.parent = self.parent, element
        try:
            yield element
        finally:
            self.parent = saved

    def figure(self, image: Tagged, alt: str, parent: Element | None = None, alt_lang: str | None = None) -> Tagged:
        """A Figure with its alternative text (in `alt_lang` where that is not the document's language)."""
        lang = self.languages[alt_lang].docx_tag if alt_lang in self.languages else None
        self.tagged(image, "Figure", parent=parent, alt=alt, **({"lang": lang} if lang else {}))
        return image

    # -- blocks --------------------------------------------------------------------------------------

    def flowables(self, block: Block, width: float) -> list[Flowable]:
        if not (isinstance(block, Para) and block.bullet):
            self._list = None
        return getattr(self, f"block_{block_kind(block)}")(block, width)

    def block_para(self, block: Para, width: float) -> list[Flowable]:
        right = self.sheet.right_indent(block.style, block.text.lang, width)
        colour = self.sheet.para_colour(self.sheet[block.style], block.second_language)
        paragraph = self.para(block.text, block.style, block.lead, block.bullet, colour=colour,
                              **({"rightIndent": right} if right else {}))
        if block.bullet:
            if self._list is None:
                self._list = self.parent.add("L")
            item = self._list.add("LI")
            paragraph.label = item.add("Lbl")
            self.tagged(paragraph, "LBody", block.text, parent=item)
        else:
            self.tagged(paragraph, "Caption" if block.style == "caption" else "P", block.text)
        return [paragraph]

    def block_cover(self, block: Cover, width: float) -> list[Flowable]:
        return []  # drawn by the cover page template (draw_cover)

    def block_page_break(self, block: PageBreakBlock, width: float) -> list[Flowable]:
        return [_RectoBreak() if block.recto and self._two_sided else PageBreak()]

    def block_case_start(self, block: CaseStart, width: float) -> list[Flowable]:
        """Outline entries for the case (and its category, when it opens one); the page it starts on is noted."""
        new_category = block.category != self._category
        self._category = block.category
        self._outline_offset = 2  # the case's own headings nest below it
        return [_CaseMarker(self, block, new_category)]

    def block_toc(self, block: Toc, width: float) -> list[Flowable]:
        """Contents: categories and cases with the page each starts on, each linked to it."""
        rows = []
        commands = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("ALIGN", (1, 0), (1, -1), "RIGHT"), *NO_PADDING,
                    ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
        toc = self.parent.add("TOC")
        for index, entry in enumerate(block.entries):
            token = "toc1" if entry.level == 1 else "toc2"
            link = f"#{case_anchor(entry.case)}" if entry.case and self.links else None
            span, number = Span(entry.text, block.lang), Span(entry.page, "en")
            text = self.paragraph([(span, None, None, None)], token, link=link,
                                  leftIndent=0 if entry.level == 1 else self.sheet["toc2"].size * 2)
            page = self.paragraph([(number, None, None, None)], token, link=link, alignment=TA_RIGHT)
            item = toc.add("TOCI")
            for paragraph, shown in ((text, span), (page, number)):
                if link:
                    self.linked(paragraph, shown, item)
                else:
                    self.tagged(paragraph, "P", shown, parent=item)
            rows.append([text, page])
            if entry.level == 1:
                commands.append(("LINEBELOW", (0, index), (-1, index), 0.5,
                                 colors.HexColor(self.sheet.colour("rule"))))
        return [self.table(rows, [width - 40, 40], commands)]

    def image(self, logo: LogoRef) -> "_Image":
        """A logo at its height, its width following its proportions (in a print master, in CMYK)."""
        image = shared_image(str(logo.path), logo.width, logo.height, _Image, self._separation())
        image.source = "the layout's logo"
        return image

    def _separation(self) -> tuple[str, Callable] | None:
        """How a print master's drawings and logos go into CMYK: through the colours' own transform, so that a
        logo's colour prints as the same colour drawn beside it. Photographs stay ICC-based RGB for the RIP."""
        if self.press is None:
            return None
        return f"cmyk:{id(self.press.condition)}", self.press.condition.separate

    def logo_figure(self, logo: LogoRef, parent: Element | None = None) -> "_Image":
        """A logo as a Figure of the structure (in `parent`, else where the blocks go), its alt text the layout's."""
        return self.figure(self.image(logo), logo.alt, parent, logo.alt_lang)

    def block_band(self, block: Band, width: float) -> list[Flowable]:
        style = self.sheet["band"]
        logo = self.logo_figure(block.logo) if block.logo is not None else None
        left = [self.para(span, "band") for span in block.left]
        right = [self.para(span, "band", alignment=TA_RIGHT) for span in block.right]
        for paragraph, span in zip(left + right, block.left + block.right, strict=True):
            self.tagged(paragraph, "P", span)
        row, widths = [left, right], self.sheet.band_widths(width, None)
        logo_cell = []
        if logo is not None:
            row, widths = [logo, *row], self.sheet.band_widths(width, logo.drawWidth)
            logo_cell = [("RIGHTPADDING", (0, 0), (0, 0), 0)]  # its column is the logo and its left padding
        table = self.table([row], widths, [
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(self.sheet.colour("primary"))),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), self.sheet.band_padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.sheet.band_padding),
            ("TOPPADDING", (0, 0), (-1, -1), style.size * 0.6), ("BOTTOMPADDING", (0, 0), (-1, -1), style.size * 0.8),
            *logo_cell,
        ])
        table.spaceAfter = self.sheet.space_after_band
        return [table]

    def block_heading(self, block: Heading, width: float) -> list[Flowable]:
        style = self.sheet.heading(block.level, block.second_language)
        token = style.token
        pieces: list[Piece] = [(block.text, None, None, None)]
        if block.second is not None:
            second_size = self.sheet.second_heading_size(style)
            gap = Span(LINE_BREAK if block.second_apart else "  ", "en")
            pieces += [(gap, None, second_size, None), (block.second, None, second_size, self.sheet.colour("muted"))]
        out: list[Flowable] = []
        if block.level >= 1:
            self._keys += 1
            out.append(_Outlined(block.outline_title, block.level - 1 + self._outline_offset, f"h{self._keys}"))
        role = f"H{min(block.level, 2) + block.depth + 1}"
        if block.kicker:
            out.append(self.lines(spaced(block.kicker), "kicker", spaceBefore=style.before))
            self.tagged(out[-1], "P", block.kicker[0])
            out.append(self.paragraph(pieces, token, spaceBefore=0))
            self.tagged(out[-1], role, block.text)
        elif block.logo is not None:
            gap = style.size
            title = self.paragraph(pieces, token, spaceBefore=0, spaceAfter=0)
            self.tagged(title, role, block.text)
            logo = self.logo_figure(block.logo)
            table = self.table([[title, logo]], [width - logo.drawWidth - gap, logo.drawWidth + gap], [
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"), *NO_PADDING])
            table.spaceBefore, table.spaceAfter = style.before, style.after
            out.append(table)
        else:
            out.append(self.paragraph(pieces, token))
            self.tagged(out[-1], role, block.text)
        if block.level == 1:
            rule = HRFlowable(width="100%", thickness=0.8, color=colors.HexColor(self.sheet.colour("rule")),
                              spaceBefore=1, spaceAfter=style.after, hAlign="LEFT")
            out.append(rule)
        for part in out[:-1]:
            part.keepWithNext = 1  # the heading's parts stay together; _RoomFor keeps them with what follows
        out[-1].keepWithNext = 0
        if block.level >= 1:
            out.insert(0, _RoomFor(out[:], self.frame_height, self.sheet["body"].leading))
        return out

    @property
    def frame_height(self) -> float:
        """The height of a page's text frame."""
        return self.sheet.page_size_pt[1] - self.sheet.margins_pt["top"] - self.sheet.margins_pt["bottom"]

    def table(self, rows, widths, commands, split_in_row: bool = False, whole: bool = False,
              row_heights: list[float] | None = None, between_rows: bool = False) -> Table:
        """A Table whose cell font is ours (ReportLab's default cell font is an unembedded Helvetica).
        whole: never split across pages (it moves to the next page with the heading kept before it);
        between_rows: split between rows only (_BetweenRows)."""
        kind = _WholeTable if whole else _BetweenRows if between_rows else Table
        table = kind(rows, colWidths=widths, rowHeights=row_heights, splitInRow=1 if split_in_row or whole else 0)
        if whole or between_rows:
            table.frame_height = self.frame_height
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts.base_font("body", False)),
                                   *commands]))
        return table

    def _boxed(self, rows, widths, padding: float, between_rows: bool = False) -> Table:
        """A tinted box, moved to the next page rather than split; between_rows: split between its rows only."""
        table = self.table(rows, widths, whole=not between_rows, between_rows=between_rows, commands=[
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(self.sheet.colour("panel"))),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding * 0.8), ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
        ])
        table.spaceAfter = self.sheet.space_after_panel
        return table

    def block_panel(self, block: Panel, width: float) -> list[Flowable]:
        """A tinted box of the summary, a row per paragraph (_BetweenRows), the paragraphs spaced by their own
        space after."""
        padding = self.sheet.panel_padding
        width = self.sheet.boxed_width(block.paragraphs, width)
        with self.within(self.parent.add("Div")):
            rows = [[self.flowables(child, width - 2 * padding)] for child in block.children]
        last = len(rows) - 1
        spaces = [max((f.getSpaceAfter() for f in row[0][-1:]), default=0) for row in rows]
        box = self._boxed(rows, [width], padding, between_rows=True)
        box.setStyle(TableStyle([  # the box's padding at its top and foot only, and where it splits
            ("TOPPADDING", (0, 1), (-1, -1), 0),
            *[("BOTTOMPADDING", (0, r), (-1, r), space) for r, space in enumerate(spaces) if r < last],
            ("TOPPADDING", (0, "splitfirst"), (-1, "splitfirst"), padding * 0.8),
            ("BOTTOMPADDING", (0, "splitlast"), (-1, "splitlast"), padding * 0.6),
        ]))
        box.hAlign = "LEFT"
        return [box]

    def block_metric_panel(self, block: MetricPanel, width: float) -> list[Flowable]:
        """The key figures in lines of tiles, each line a row of labels over a row of values (so that the values
        stand level, and the DOCX can make the labels its tables' header rows); read as a row per figure: its
        label the row's header, then its value."""
        unit = self.sheet["metric_unit"]
        columns = block.columns
        padding = self.sheet.metric_padding
        tiles = []
        table = self.parent.add("Table")
        for callout in block.callouts:
            pieces: list[Piece] = [(span, None if part == "number" else unit, None, None)
                                   for span, part in callout.value]
            values = [self.paragraph(pieces, "metric_value", spaceAfter=0)]
            if callout.second_value:
                values.append(self.paragraph([(span, unit, None, None) for span, _ in callout.second_value],
                                             "metric_unit", spaceBefore=3, spaceAfter=0))
            spans = [span for span in (callout.label, callout.second_label) if span is not None]
            labels = [self.para(span, "metric_label", spaceAfter=1) for span in spans]
            row = table.add("TR")
            header = row.add("TH", lang=self.lang(callout.label), attributes={"Scope": "Row"})
            for paragraph, span in zip(labels, spans):
                self.tagged(paragraph, "P", span, parent=header)
            data = row.add("TD", lang=self.lang(callout.value[0][0]))
            for paragraph, value in zip(values, (callout.value, callout.second_value)):
                self.tagged(paragraph, "P", value[0][0], parent=data)
            tiles.append((labels, values))
        while len(tiles) % columns:
            tiles.append(("", ""))
        rows = []
        for start in range(0, len(tiles), columns):
            line = tiles[start:start + columns]
            rows += [[labels for labels, _ in line], [values for _, values in line]]
        table = self._boxed(rows, [width / columns] * columns, padding)
        table.setStyle(TableStyle([
            *[("BOTTOMPADDING", (0, r), (-1, r), padding * 0.3) for r in range(0, len(rows), 2)],
            *[("TOPPADDING", (0, r), (-1, r), 0) for r in range(1, len(rows), 2)],
            ("LINEAFTER", (0, 0), (-2, -1), 2.5, colors.white),
            *[("LINEBELOW", (0, r), (-1, r), 2.5, colors.white) for r in range(1, len(rows) - 1, 2)],
            ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(self.sheet.colour("accent"))),
        ]))
        return [table]

    def block_figure(self, block: FigureBlock, width: float) -> list[Flowable]:
        """A Figure (the image, its alt text saying what it shows) holding its Caption; a proof's placeholder box
        and its caption where the image is missing."""
        out: list[Flowable] = []
        captions = [span for span in (block.caption, block.second_caption) if span is not None]
        image, holder = None, self.parent
        if block.image is not None and block.alt is not None:
            separation = self._separation() if block.image.suffix.lower() == ".png" else None
            image = (shared_image(str(block.image), 1, 1, _Image, separation, keep=False) if separation
                     else _Image(str(block.image)))
            image.source = block.source
            image.drawWidth, image.drawHeight = self.sheet.figure_size(block.pixels, width)
            holder = self.tagged(image, "Figure", block.alt, alt=block.alt.text)
        else:
            out.append(self.placeholder(block.placeholder, width))
        caption = holder.add("Caption", lang=self.lang(block.caption))
        for index, span in enumerate(captions):
            out.append(self.para(span, "caption", spaceAfter=0) if index < len(captions) - 1
                       else self.para(span, "caption"))
            self.tagged(out[-1], "P", span, parent=caption)
        if image is None:
            return [KeepTogether(out)]
        return [_FittedFigure(image, out, self.sheet.caption_measure, self.sheet.space_before_figure)]

    def placeholder(self, span: Span, width: float) -> Flowable:
        """A proof's box where an image is missing: dashed, shaded, saying so."""
        text = self.para(span, "caption", alignment=TA_CENTER, spaceAfter=0)
        self.tagged(text, "P", span)
        muted = colors.HexColor(self.sheet.colour("muted"))
        box = self.table([[text]], [width], [
            ("BOX", (0, 0), (-1, -1), 0.75, muted, None, (3, 2)),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(self.sheet.colour("panel"))),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE")], row_heights=[width * self.sheet.PLACEHOLDER_HEIGHT])
        box.spaceAfter = self.sheet["caption"].size * 0.4
        return box

    def block_category_index(self, block: CategoryIndex, width: float) -> list[Flowable]:
        """A grid: each category's name spans its rows; each entry has a cell; this case is shaded."""
        widths = self.sheet.index_column_widths(width, block.columns)
        style = GridStyle(self.sheet.colour("primary"), self.sheet.colour("rule"), self.sheet.colour("highlight"))
        def continued() -> list[Flowable]:  # a repeat of the heading, drawn as an artifact: no tag, no outline
            heading = block.continued
            pieces: list[Piece] = [(heading.text, None, None, None)]
            if heading.second is not None:
                size = self.sheet.second_heading_size(self.sheet["heading1"])
                pieces += [(Span("  ", "en"), None, size, None),
                           (heading.second, None, size, self.sheet.colour("muted"))]
            title = self.paragraph(pieces, "heading1", spaceBefore=0)
            title.keepWithNext = 1
            return [title]

        grid = index_grid(block) if self.links else _unlinked(index_grid(block))
        grid = index_flowable(grid, self._index_cells, widths, style, self.parent.add("Table"),
                              self.lang, self.frame_height, continued if block.continued is not None else None)
        grid.spaceAfter = self.sheet.block_space
        return [grid]

    def block_side_by_side(self, block: SideBySide, width: float) -> list[Flowable]:
        gap, (first, second) = self.sheet.column_gap, self.sheet.column_widths(width, block.share)
        both = self.parent.add("Div")
        with self.within(both.add("Div")):  # the left column is read first, whatever the pages
            left = [f for b in block.left for f in self.flowables(b, first)]
        with self.within(both.add("Div")):
            right = [f for b in block.right for f in self.flowables(b, second)]
        return [self.table([[left, "", right]], [first, gap, second], split_in_row=True,
                           commands=[("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING])]


    # -- page furniture ------------------------------------------------------------------------------

    def _footer_y(self) -> float:
        return self.sheet.margins_pt["bottom"] * 0.55

    def _furniture(self, canvas: Canvas, line: Line, x: float, y: float, width: float,
                   alignment: int = TA_LEFT) -> None:
        """A piece of page furniture (source, running head, page number) in the footer style, its first line's
        baseline box at x, y, each further language a line below."""
        paragraph = self.lines(spaced(line, LINE_BREAK), "footer", alignment=alignment, spaceAfter=0,
                               spaceBefore=0)
        _, height = paragraph.wrapOn(canvas, width, self.sheet["footer"].leading * len(line))
        paragraph.drawOn(canvas, x, y - (height - self.sheet["footer"].leading))

    def draw_page(self, canvas: Canvas, document: Document) -> None:
        """The running foot (rule, source, the layout's text) and head (text, logo) are the same on every page:
        each is drawn once per document as a form and placed on each page. The page number is a form per page,
        filled in when the count is known."""
        page = canvas.getPageNumber()
        if page in self.blank_pages:
            return
        side = "-verso" if self._verso(page) else ""
        canvas.doForm(self._furniture_form(canvas, f"foot{side}", lambda: self._draw_foot(canvas, document, page)))
        if document.footer.page_template:
            canvas.doForm(f"pagefoot{page}")

    def draw_page_end(self, canvas: Canvas, document: Document) -> None:
        """The running head, once the page is filled: not on the brief's first page, nor on a page where a case
        of a volume starts (each has its band, and a head over it said the book's name twice)."""
        page = canvas.getPageNumber()
        first_page = 2 if document.has_cover else 1  # the brief's first page has the band instead
        while first_page in self.blank_pages:  # (a book's title page comes after the cover's blank back)
            first_page += 1
        footer = document.footer
        if page > first_page and page not in self.case_pages.values() and page not in self.blank_pages and \
                (footer.running_head or footer.head_logo is not None):
            side = "-verso" if self._verso(page) else ""
            canvas.doForm(self._furniture_form(canvas, f"head{side}", lambda: self._draw_head(canvas, document, page)))

    def _verso(self, page: int) -> bool:
        """Whether a page is a left-hand one of facing pages."""
        return self._two_sided and page % 2 == 0

    def _left(self, page: int) -> float:
        """A page's left margin: on facing pages the inner one of a right-hand page (margins_mm.left and the
        gutter), the outer one of a left-hand page."""
        margins = self.sheet.margins_pt
        if not self._two_sided:
            return margins["left"]
        gutter = self.sheet.layout.print.gutter_mm * MM
        return margins["right"] - gutter if page % 2 == 0 else margins["left"] + gutter

    def _furniture_form(self, canvas: Canvas, name: str, draw) -> str:
        if name not in self._forms:
            self._forms.add(name)
            canvas.beginForm(f"furniture-{name}")
            canvas.saveState()
            draw()
            canvas.restoreState()
            canvas.endForm()
        return f"furniture-{name}"

    def _draw_foot(self, canvas: Canvas, document: Document, page: int) -> None:
        """The rule, the source at the inner edge (the left of a one-sided page), the layout's text centred."""
        footer = self.sheet["footer"]
        y = self._footer_y()
        left, width = self._left(page), self.sheet.text_width_pt
        canvas.setStrokeColor(colors.HexColor(self.sheet.colour("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(left, y + footer.size * 1.6, left + width, y + footer.size * 1.6)
        if document.footer.source:
            if self._verso(page):
                self._furniture(canvas, document.footer.source, left + width * 0.4, y, width * 0.6, TA_RIGHT)
            else:
                self._furniture(canvas, document.footer.source, left, y, width * 0.6)
        if document.footer.text:
            self._furniture(canvas, document.footer.text, left + width * 0.25, y, width * 0.5, TA_CENTER)

    def _draw_head(self, canvas: Canvas, document: Document, page: int) -> None:
        """The running head at the outer edge (the right of a one-sided page), the logo at the inner one."""
        margins = self.sheet.margins_pt
        top = self.sheet.page_size_pt[1] - margins["top"] * self.sheet.HEAD_LINE
        left, width, verso = self._left(page), self.sheet.text_width_pt, self._verso(page)
        if document.footer.running_head:
            self._furniture(canvas, document.footer.running_head, left, top, width, TA_LEFT if verso else TA_RIGHT)
        if document.footer.head_logo is not None:
            logo = self.image(document.footer.head_logo)
            logo.drawOn(canvas, left + width - logo.drawWidth if verso else left,
                        self.sheet.page_size_pt[1] - self.sheet.head_logo_top(logo.drawHeight) - logo.drawHeight)

    def draw_cover(self, canvas: Canvas, cover: Cover) -> None:
        """The cover: the page in the primary colour, the logo, the book, the case and its title."""
        width, height = self.sheet.page_size_pt
        margins = self.sheet.margins_pt
        text_width = self.sheet.text_width_pt
        light = self.sheet.colour("on_primary")
        canvas.saveState()
        canvas.setFillColor(colors.HexColor(self.sheet.colour("primary")))
        bleed = self.press.bleed if self.press else 0  # the background runs into a print master's bleed
        canvas.rect(-bleed, -bleed, width + 2 * bleed, height + 2 * bleed, stroke=0, fill=1)
        section = self.cover_section
        if cover.logo is not None:
            logo = self.logo_figure(cover.logo.at(cover.logo.height * self.sheet.COVER_LOGO_SCALE), section)
            logo.drawOn(canvas, margins["left"], height - margins["top"] - logo.drawHeight)
        y, space = cover.top, self.sheet.COVER_SPACE

        def put(span: Span, token: str, scale: float = 1.0, after: float = 6) -> None:
            nonlocal y
            style = self.sheet[token]
            paragraph = self.para(span, token, size=round(style.size * scale, 1), colour=light,
                                  leading=style.leading * scale, spaceBefore=0, spaceAfter=0)
            self.tagged(paragraph, "P", span, parent=section)
            _, used = paragraph.wrapOn(canvas, text_width, height)
            y -= used
            paragraph.drawOn(canvas, margins["left"], y)
            y -= after

        for span in cover.kicker:
            put(span, "subtitle", self.sheet.COVER_KICKER_SCALE, space["kicker"])
        y -= space["rule"] / 2
        canvas.setStrokeColor(colors.HexColor(self.sheet.colour("accent")))
        canvas.setLineWidth(3)
        canvas.line(margins["left"], y, margins["left"] + 60, y)
        y -= space["rule"] / 2
        for span, scale in zip(cover.title, cover.scales):
            put(span, "title", scale, space["title"])
        y -= space["titles"]
        for span in cover.details:
            put(span, "subtitle", 1.0, space["detail"])
        publisher = self.para(cover.publisher, "subtitle", colour=light, spaceBefore=0, spaceAfter=0)
        self.tagged(publisher, "P", cover.publisher, parent=section)
        publisher.wrapOn(canvas, text_width, height)
        publisher.drawOn(canvas, margins["left"], margins["bottom"])
        canvas.restoreState()

    def define_page_forms(self, canvas: Canvas, document: Document, pages: int) -> None:
        if not document.footer.page_template:
            return
        width = self.sheet.text_width_pt * 0.4
        template = document.footer.page_template
        for page in range(1, pages + 1):  # at the outer edge: the right of a right-hand (or one-sided) page
            canvas.beginForm(f"pagefoot{page}")
            labels = tuple(Span(span.text.format(page=page, pages=pages), span.lang) for span in template)
            left = self._left(page)
            if self._verso(page):
                self._furniture(canvas, labels, left, self._footer_y(), width, TA_LEFT)
            else:
                self._furniture(canvas, labels, left + self.sheet.text_width_pt - width, self._footer_y(), width,
                                TA_RIGHT)
            canvas.endForm()

    # -- the document --------------------------------------------------------------------------------

    def write(self, document: Document, target: BinaryIO) -> int:
        """Write the PDF; returns the page count. `case_pages` then tells where each case of a volume starts."""
        self.languages = self._index_cells.languages = document.languages
        self._keys = 0
        self._outline_offset = 0
        self._category = None
        self._forms: set[str] = set()
        self.case_pages: dict[int, int] = {}
        self._two_sided = document.two_sided
        self.blank_pages: set[int] = set()
        self.inks_used: dict[str, Cmyk] = {}
        """A print master's colours: each hex colour drawn and the inks it printed in."""
        self.placements: list[Placement] = []
        self.drawn: Drawn | None = None
        """The smallest text and thinnest line of each page."""
        self.fonts_not_embedded: list[str] = []
        margins = self.sheet.margins_pt
        page_size = self.sheet.page_size_pt
        press = self.press
        meta = document.meta
        template = _Template(
            target, line=self.sheet["body"].leading, blank_pages=self.blank_pages,
            pagesize=press.sheet(page_size) if press else page_size,
            leftMargin=margins["left"], rightMargin=margins["right"],
            topMargin=margins["top"], bottomMargin=margins["bottom"], title=meta.title, author=meta.author,
            subject=meta.subject, keywords=list(meta.keywords), creator="reporter", producer="reporter",
            invariant=1, lang=meta.language, initialFontName=self.fonts.base_font("body", False),
            displayDocTitle=1, enforceColorSpace=_inks(press.condition, self.inks_used) if press else None)
        def body(page: int) -> Frame:
            """The text frame of a right-hand (or one-sided) page, 1, or a left-hand one, 2."""
            return Frame(self._left(page), margins["bottom"], self.sheet.text_width_pt, self.frame_height, id="body",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        frame = body(1)
        root = Element("Document", lang=meta.language)
        marker = Marker(root) if self.standards.tagged else None

        def on_page(draw):
            def begin(canvas: Canvas, _) -> None:
                if marker is not None:
                    marker.page_begins(canvas)
                if press is not None:  # the page is drawn in the trimmed page's coordinates, its marks outside
                    canvas.translate(press.offset, press.offset)
                    if press.crop_marks:
                        self._draw_crop_marks(canvas)
                draw(canvas)
            return begin

        def pages_of(name: str, page_frame: Frame) -> PageTemplate:
            return PageTemplate(name, [page_frame], onPage=on_page(lambda c: self.draw_page(c, document)),
                                onPageEnd=lambda c, _: self.draw_page_end(c, document))

        brief = pages_of(RECTO, frame)
        verso = [pages_of(VERSO, body(2))] if self._two_sided else []
        width = self.sheet.text_width_pt
        story: list[Flowable] = []
        blocks = document.blocks
        if document.has_cover:
            cover = blocks[0]
            blocks = blocks[1:]
            self.cover_section = root.add("Sect")
            template.addPageTemplates([PageTemplate("cover", [frame],
                                                    onPage=on_page(lambda c: self.draw_cover(c, cover))), brief,
                                       *verso])
            # the cover's back is left blank in a two-sided book
            story += [NextPageTemplate(RECTO), Spacer(1, 1), _RectoBreak() if self._two_sided else PageBreak()]
        else:
            template.addPageTemplates([brief, *verso])
        story += self.story(blocks, root, width)
        if self._two_sided and self.sheet.layout.print.page_multiple > 1:
            story.append(_PadPages(self.sheet.layout.print.page_multiple))
        pages = {"count": 0}

        def finish(canvas: Canvas, count: int) -> None:
            pages["count"] = count
            self.placements = canvas.placed
            self.fonts_not_embedded = fonts_not_embedded(canvas)
            self.define_page_forms(canvas, document, count)
            if marker is not None:
                tree, mark_info = structure_objects(marker, lambda obj, name: register(canvas, obj, name),
                                                    lambda name: object_number(canvas, name), page_name,
                                                    meta.language)
                set_catalogue(canvas, StructTreeRoot=tree, MarkInfo=mark_info)
            add_metadata_and_output_intent(canvas, xmp_packet(meta, self.standards), self._output_intent())
            if press is not None:
                add_info(canvas, GTS_PDFXVersion=PDFX_VERSION)

        def begin_document(canvas: Canvas) -> None:
            self.drawn = record_drawing(canvas)
            if press is not None:
                rgb_images_as_icc(canvas, SRGB_PROFILE)

        boxes = {"trimBox": press.trim_box(page_size), "bleedBox": press.bleed_box(page_size)} if press else None
        with document_date(meta.date), described_links(link_texts(document.blocks)):
            template.build(story, canvasmaker=_numbered_canvas(finish, marker, boxes, begin_document))
        return pages["count"]

    def _output_intent(self) -> OutputIntent | None:
        """sRGB for PDF/A; a print master's CMYK condition for PDF/X, and for PDF/A too where it claims both."""
        if self.press is not None:
            condition = self.press.condition
            kinds = ("GTS_PDFX", "GTS_PDFA1") if self.standards.archival else ("GTS_PDFX",)
            return OutputIntent(condition.icc, 4, kinds, condition.condition, condition.info, condition.registry)
        if self.standards.archival:
            return OutputIntent(SRGB_PROFILE, 3, ("GTS_PDFA1",), SRGB_CONDITION, SRGB_CONDITION)
        return None

    def _draw_crop_marks(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(MARK_WIDTH)
        for x1, y1, x2, y2 in self.press.crop_marks_at(self.sheet.page_size_pt):
            canvas.line(x1, y1, x2, y2)
        canvas.restoreState()

    def story(self, blocks, root: Element, width: float) -> list[Flowable]:
        """The flowables of the blocks, their structure in `root`: a Part per case of a volume, a Sect from each
        title or section heading."""
        story: list[Flowable] = []
        container, self.parent = root, root
        section: Element | None = None
        heading_at = 0
        for block in blocks:
            if isinstance(block, CaseStart):
                container, section = root.add("Part"), None
            elif section is None or isinstance(block, Heading) and block.level <= 1:
                section = container.add("Sect")
            self.parent = section or container
            start = len(story)
            story += self.flowables(block, width)
            if isinstance(block, MetricPanel) and block.may_move:
                story[heading_at:] = [_Movable(story[heading_at:])]  # with its heading, if it has one
            heading_at = start if isinstance(block, Heading) else len(story)
        for index, flowable in enumerate(story):
            if isinstance(flowable, _RoomFor):
                after = index + 1 + len(flowable.parts)
                flowable.following = story[after] if after < len(story) else None
        return story


def _unlinked(grid: IndexGrid) -> IndexGrid:
    """The grid with no entry linked to its brief (a print master's)."""
    rows = tuple(tuple(replace(item, link=None) if isinstance(item, IndexEntry) else item for item in row)
                 for row in grid.rows)
    return replace(grid, rows=rows)


def _lines_apart(pieces: list[Piece]) -> list[Piece]:
    """Pieces whose text holds a LINE_BREAK (a title the composer balanced) cut into lines and breaks."""
    out: list[Piece] = []
    for span, *rest in pieces:
        if LINE_BREAK not in span.text or span.text == LINE_BREAK:
            out.append((span, *rest))
            continue
        for index, text in enumerate(span.text.split(LINE_BREAK)):
            if index:
                out.append((Span(LINE_BREAK, span.lang), *rest))
            if text:
                out.append((Span(text, span.lang), *rest))
    return out
