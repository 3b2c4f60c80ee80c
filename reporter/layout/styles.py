"""Style tokens resolved from a layout: the one source of sizes, colours, spacing and fonts for both writers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

from reporter.fonts.measure import Measure
from reporter.i18n.languages import language
from reporter.layout.readability import printed_size
from reporter.layout.schema import FONT_ROLES, STYLE_NAMES, FontRole, Layout

MM = 72 / 25.4

# The named DOCX style each token becomes (built-in names where Word has one, so users can restyle).
DOCX_STYLE_NAMES = {
    "band": "Band", "title": "Title", "title_second": "Title Second", "subtitle": "Subtitle", "heading1": "Heading 1", "heading2": "Heading 2",
    "heading3": "Heading 3", "kicker": "Kicker", "body": "Body Text", "summary": "Summary", "label": "Label",
    "keywords": "Keywords", "caption": "Caption", "metric_value": "Metric Value", "metric_unit": "Metric Unit",
    "metric_label": "Metric Label", "honour": "Honour", "index_category": "Index Category",
    "index_entry": "Index Entry", "contact": "Contact", "footer": "Footer", "toc1": "TOC 1", "toc2": "TOC 2",
}
INDEX_CLOSER = (0.85,)
"""The category index set closer: lines at these shares of their leading (the DOCX always at the first; the PDF
at the first that makes it fit its page)."""
HEADING_STYLES = {0: "title", 1: "heading1", 2: "heading2", 3: "heading3"}
BOLD_WEIGHT = 600


@dataclass(frozen=True)
class TextStyle:
    token: str
    docx_name: str
    role: str
    font: FontRole
    size: float
    leading: float
    colour: str
    before: float
    after: float
    justify: bool
    docx_latin: str = ""
    docx_east_asian: str = ""
    """The fonts a Word reader's copy names: the layout's docx_* keys, else the PDF's families."""
    bold: bool = False
    """The role's Latin face is bold (semibold or heavier): Word sets the style bold."""
    latin_leading: float = 0.0
    """The leading of Latin text in this style, where it differs from `leading` (running text: type.latin_leading)."""

    def line_height(self, east_asian: bool) -> float:
        """The leading of a paragraph of this style in East Asian or in Latin text."""
        return self.leading if east_asian or not self.latin_leading else self.latin_leading

    def justified(self, east_asian: bool) -> bool:
        """Whether text of this style is justified: as the layout says for Latin text; Chinese running text
        always (clreq 3.1.7: a Chinese text block fills its measure, flush with both margins)."""
        return self.justify or (east_asian and self.token in RUNNING_TEXT)


RUNNING_TEXT = frozenset({"body", "summary", "honour"})
"""The styles of running text (paragraphs and list items of many lines), not headings, labels or captions."""
MEASURED = RUNNING_TEXT | {"keywords"}
"""The styles whose Latin text keeps to the measure."""


@cache
def _east_asian(lang: str) -> bool:
    """(A language is looked up once: both writers ask for every paragraph.)"""
    return language(lang).east_asian


def _docx_fonts(layout: Layout, role: str) -> tuple[str, str]:
    """(Latin, East Asian) font names for the DOCX: as the layout gives them, else the PDF's families."""
    fonts = getattr(layout.fonts, role)
    names = []
    for script, given in (("latin", fonts.docx_latin), ("east_asian", fonts.docx_east_asian)):
        spec, _ = fonts.spec(script)
        names.append(given or spec.family or layout.font_face(role, script).family)
    return names[0], names[1]


class StyleSheet:
    """Every text style of a layout, in points and hex colours."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.reference_docx = layout.reference_docx_path
        """A Word document whose styles and page furniture the DOCX takes, or None."""
        self.colours = layout.colours.model_dump()
        scale = layout.type
        self.block_space = scale.block_space
        self.styles: dict[str, TextStyle] = {}
        docx = {role: _docx_fonts(layout, role) for role in FONT_ROLES}
        for token in STYLE_NAMES:
            spec = layout.styles[token]
            size = printed_size(scale.base, scale.scale, spec.step)
            latin_leading = round(size * scale.latin_leading, 2) \
                if token in RUNNING_TEXT and spec.leading is None and scale.latin_leading else 0.0
            self.styles[token] = TextStyle(
                token=token, docx_name=DOCX_STYLE_NAMES[token], role=spec.font,
                font=getattr(layout.fonts, spec.font), size=size,
                leading=round(size * (spec.leading or scale.leading), 2), colour=self.colours[spec.colour],
                before=spec.before, after=spec.after, justify=spec.justify, docx_latin=docx[spec.font][0],
                docx_east_asian=docx[spec.font][1], bold=layout.font_face(spec.font, "latin").weight >= BOLD_WEIGHT,
                latin_leading=latin_leading)

    def __getitem__(self, token: str) -> TextStyle:
        return self.styles[token]

    def heading(self, level: int, second_language: bool = False) -> TextStyle:
        """A heading's style; a title in the second language of a bilingual brief is set smaller (title_second)."""
        if level == 0 and second_language:
            return self.styles["title_second"]
        return self.styles[HEADING_STYLES[min(level, 3)]]

    def colour(self, name: str) -> str:
        return self.colours[name]

    def para_colour(self, style: TextStyle, second_language: bool) -> str | None:
        """The colour a paragraph sets where its style's would not do: a stacked brief's second language in
        running text takes colours.second_text (None: the style's own)."""
        if second_language and style.token in RUNNING_TEXT and style.colour == self.colours["text"]:
            return self.colours["second_text"]
        return None

    @property
    def page_size_pt(self) -> tuple[float, float]:
        width, height = self.layout.page.size_mm
        return width * MM, height * MM

    @property
    def margins_pt(self) -> dict[str, float]:
        return {side: value * MM for side, value in self.layout.page.margins_mm.items()}

    @property
    def text_width_pt(self) -> float:
        margins = self.margins_pt
        return self.page_size_pt[0] - margins["left"] - margins["right"]

    # -- proportions both writers set alike ------------------------------------------------------------

    def right_indent(self, token: str, lang: str, width: float) -> float:
        """What a paragraph of `token` in language `lang`, `width` wide, leaves blank at its right so that it keeps
        to the text column of Latin running text (type.latin_measure): one right edge for the body, the summary,
        the honours and the keywords."""
        measure = self._latin_measure
        if not measure or token not in MEASURED or _east_asian(lang):
            return 0.0
        return max(0.0, width - measure)

    def boxed_width(self, paragraphs: list[tuple[str, str]], width: float) -> float:
        """The width of a tinted box of (token, lang) paragraphs in a column `width` wide: narrowed where each keeps
        to the measure, so that the box ends where its text does (no blank third inside it)."""
        inner = width - 2 * self.panel_padding
        spare = min((self.right_indent(token, lang, inner) for token, lang in paragraphs), default=0.0)
        return width - spare

    BAND_SHARES = (0.55, 0.45)
    """The band's two text cells (the book, the category and case), without a logo; with one, halves of the rest."""

    def band_widths(self, width: float, logo_width: float | None) -> list[float]:
        """The band's cells, left to right: the logo's (its width and room around it) where it has one, then the
        two text cells."""
        if logo_width is None:
            return [width * share for share in self.BAND_SHARES]
        cell = logo_width + self["band"].size * 1.2
        return [cell, (width - cell) / 2, (width - cell) / 2]

    @property
    def band_padding(self) -> float:
        """Inside the band's text cells, left and right."""
        return self["band"].size

    @property
    def metric_padding(self) -> float:
        """Inside a key-figure cell, all round."""
        return self["metric_value"].size * 0.5

    @property
    def panel_padding(self) -> float:
        """Inside a tinted box (summary, key figures), all round."""
        return self["body"].size

    @cached_property
    def _latin_measure(self) -> float:
        """The width of type.latin_measure average characters of English in the body's Latin face, in pt (0: none)."""
        characters = self.layout.type.latin_measure
        if not characters:
            return 0.0
        sample = language("en").spec["measure_sample"]
        body = self["body"]
        faces = Measure(self.layout.read_face(body.role, "latin"), self.layout.read_face(body.role, "east_asian"))
        per_character = faces.em(sample) / len(sample)
        return characters * per_character * body.size

    @property
    def column_gap(self) -> float:
        """Between the two columns of a side-by-side bilingual brief."""
        return self["body"].size * 1.5

    def column_widths(self, width: float, share: float = 0.5) -> tuple[float, float]:
        """The two columns of a side-by-side pair in `width`, the first `share` of what the gap leaves."""
        room = width - self.column_gap
        return room * share, room * (1 - share)

    @property
    def space_after_band(self) -> float:
        return self.block_space * 2

    @property
    def space_after_panel(self) -> float:
        """After a boxed panel (summary, key figures)."""
        return self.block_space * 1.5

    def second_heading_size(self, style: TextStyle) -> float:
        """The second language of a bilingual heading, set smaller after the first, but never below the body."""
        return min(style.size, max(round(style.size * 0.62, 1), self["body"].size))

    @staticmethod
    def bullet_indent(style: TextStyle) -> float:
        """Where a bulleted paragraph's text starts; the bullet hangs in this indent."""
        return style.size * 1.4

    @staticmethod
    def bullet_size(style: TextStyle) -> float:
        return style.size * 0.6

    @cached_property
    def index_hang(self) -> float:
        """Where an index entry's name starts, in pt: after a two-digit number and its gap, so that names align and
        a wrapped name hangs under its first line."""
        entry = self["index_entry"]
        faces = Measure(self.layout.read_face(entry.role, "latin"), self.layout.read_face(entry.role, "east_asian"))
        return round(faces.em("00\u00a0\u00a0") * entry.size, 2)

    @staticmethod
    def index_column_widths(width: float, columns: int) -> list[float]:
        """The category index: the categories' column, then `columns` entry columns sharing 78% of the width."""
        entry = width * 0.78 / columns
        return [width - entry * columns] + [entry] * columns

    @staticmethod
    def figure_size(pixels: tuple[int, int], width: float) -> tuple[float, float]:
        """A figure's image in points: a pixel a point at most, no wider than the text, no taller than 60% of its
        width (a portrait photograph would otherwise fill the page)."""
        wide, high = pixels
        ratio = min(width / wide, width * 0.6 / high, 1.0)
        return wide * ratio, high * ratio

    HEAD_LINE = 0.55
    """The running head's first line stands on this share of the top margin, from the page's top edge."""
    HEAD_LOGO_DROP = 0.3
    """A running head's logo reaches this share of its height below that line, its top the rest above it."""

    def head_logo_top(self, logo_height: float) -> float:
        """How far below the page's top edge the running head's logo starts, in pt."""
        return max(self.margins_pt["top"] * self.HEAD_LINE - logo_height * (1 - self.HEAD_LOGO_DROP), 6.0)

    WORD_TITLE_SLACK = 1.04
    """An English title in the DOCX is set to its balanced lines' width and this much more: Word breaks it itself,
    in the reader's copy of the font."""

    CAPTION_FLOOR = 0.5
    """A caption is set to its image's width, but never narrower than this share of the text width."""

    def caption_measure(self, image_width: float, width: float) -> float:
        """The width a figure's captions are set to: its image's (both flush left), a narrow image's at least
        CAPTION_FLOOR of the text width."""
        return min(width, max(image_width, width * self.CAPTION_FLOOR))

    @property
    def space_before_figure(self) -> float:
        """A figure stands a body line clear of the text above it (the paragraph's own space after included)."""
        return self["body"].leading

    PLACEHOLDER_HEIGHT = 0.3
    """A missing image's proof placeholder, as a share of the text width it spans."""

    COVER_LOGO_SCALE = 1.8
    """The cover's logo, relative to the logo's height elsewhere."""

    COVER_INSET = 0.06
    """The DOCX cover's text inset from the coloured box's sides, as a share of the text width; the cover title's
    lines are planned for the narrower width, so that they fit in both writers."""

    @property
    def cover_text_width(self) -> float:
        return self.text_width_pt * (1 - 2 * self.COVER_INSET)

    COVER_SPACE = {"kicker": 2.0, "rule": 36.0, "title": 10.0, "titles": 8.0, "detail": 2.0}
    """The PDF cover's spacing in pt: after each kicker line, around the accent rule, after each title, after the
    titles, after each detail line (the composer plans the cover with it)."""

    COVER_KICKER_SCALE = 1.1
    """The cover's kicker lines (book and category) against the subtitle style."""

