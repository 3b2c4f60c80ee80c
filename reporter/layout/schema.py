"""Layouts: every visual and structural choice of a brief, read from layouts/NAME.toml.

A layout may `extends = "parent"`; tables merge key by key over the parent, to any depth.
"""

from __future__ import annotations

import math
import os
import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from reporter.errors import ReporterError, error_message, every_error, format_path, suggest
from reporter.fonts.catalog import FaceInfo, locate
from reporter.fonts.face import Face, load_face
from reporter.layout.readability import first_problem
from reporter.layout.reference import ReferenceProblem, check_reference
from reporter.limits import LAYOUT_FILE_BYTES, read_input
from reporter.press.icc import ProfileProblem, read_profile

BUILTIN_LAYOUTS = Path(__file__).resolve().parent / "builtin"
"""The layouts shipped inside the package (and their logos)."""
user_layout_dirs: list[Path] = []
"""Folders named with `reporter --layouts DIR`, searched first."""


LAYOUTS_VARIABLE = "REPORTER_LAYOUTS"
"""Folders of layouts, separated as PATH is (: or ;), searched after --layouts."""


def layout_dirs() -> list[Path]:
    """Where a layout name is looked up, first match wins: --layouts folders, REPORTER_LAYOUTS, ./layouts, the
    shipped ones."""
    from_environment = [Path(part) for part in os.environ.get(LAYOUTS_VARIABLE, "").split(os.pathsep) if part]
    return [*user_layout_dirs, *from_environment, Path("layouts"), BUILTIN_LAYOUTS]
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4), "Legal": (215.9, 355.6)}
BLOCKS = ("band", "title", "summary", "keywords", "metrics", "sections", "figures", "honours", "index", "contacts")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


LAYOUT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TEXT_MAX = 500
"""A layout's texts (a header line, a footer line, a description) are short; file names too."""
FRAME_MIN_MM = 60
"""The text frame (the page less its margins) is at least this wide and high: a metric panel, a figure and
the category index need room."""
FURNITURE_MARGIN_MM = 12
"""The running head and the footer are drawn inside the top and bottom margins: this much keeps them on the page."""
LINES_IN_FRAME = 4
"""The frame holds at least this many lines of the layout's largest style."""
STYLE_PT = (5.0, 96.0)
"""A style's size (base x scale^step), in points."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _KeyProblem(ValueError):
    """A check across fields, told at the key that best explains it: the first of `locs` the layout file itself
    sets (not a layout it extends), else the first."""

    def __init__(self, message: str, *locs: tuple[str, ...]):
        super().__init__(message)
        self.locs = locs


_PAGE_KEYS = (("page", "margins_mm"), ("page", "size"))


def _plain_texts(value: object) -> object:
    """Every string of a layout is at most TEXT_MAX characters with no control characters (a NUL in a header
    would end the PDF's string, and Word refuses the DOCX)."""
    if isinstance(value, str):
        if len(value) > TEXT_MAX:
            raise ValueError(f"text of {len(value):,} characters; at most {TEXT_MAX}")
        found = _CONTROL.search(value)
        if found:
            raise ValueError(f"control character U+{ord(found.group()):04X} in {value[:40]!r}; remove it")
    elif isinstance(value, (list, tuple)):
        for item in value:
            _plain_texts(item)
    elif isinstance(value, dict):  # a text per language
        for item in value.values():
            _plain_texts(item)
    return value


class Strict(BaseModel):
    # numbers must be finite (nan and inf pass every range check unless refused here), and numbers, not
    # true or "7" (strict: no conversion of one kind of value into another)
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, strict=True,
                              use_attribute_docstrings=True)  # each key's docstring its description (JSON Schema)

    @field_validator("*", mode="after")
    @classmethod
    def _texts(cls, value: object) -> object:
        return _plain_texts(value)


class Page(Strict):
    size: str | tuple[float, float] = "A4"
    """A4, A5, Letter, Legal, or [width_mm, height_mm]."""
    margins_mm: dict[Literal["top", "bottom", "left", "right"], Annotated[float, Field(ge=5, le=60)]]
    """{ top, bottom, left, right } in mm, each 5 to 60 (on the volume's facing pages, left is the inner one)."""

    @field_validator("size", mode="before")
    @classmethod
    def _width_and_height(cls, value):
        """[width_mm, height_mm] as a TOML list; checked here so that the message is about the box, not about
        which kind of size pydantic tried."""
        if isinstance(value, list):
            if len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
                raise ValueError(f"expected [width_mm, height_mm], two numbers, got {value!r}")
            if not all(math.isfinite(v) for v in value):
                raise ValueError(f"expected finite numbers, got {value!r}")
            return tuple(float(v) for v in value)
        if not isinstance(value, (str, tuple)):
            raise ValueError(f"expected a page size name (A4) or [width_mm, height_mm], got {value!r}")
        return value

    @field_validator("size")
    @classmethod
    def _known_size(cls, value):
        if isinstance(value, str) and value not in PAGE_SIZES_MM:
            raise ValueError(f"unknown page size {value!r}; use {', '.join(PAGE_SIZES_MM)} or [width_mm, height_mm]")
        if isinstance(value, tuple) and not all(70 <= v <= 1000 for v in value):
            raise ValueError("page width and height must be between 70 and 1000 mm")
        return value

    @property
    def size_mm(self) -> tuple[float, float]:
        return PAGE_SIZES_MM[self.size] if isinstance(self.size, str) else self.size


class Colours(Strict):
    primary: str
    """Hex RGB: the band, headings, metric numbers, the cover."""
    accent: str
    """Rules, bullets and marks; text too, unless accent_text is given."""
    accent_text: str | None = None
    """The accent as text is set in (kickers, third-level headings), where the accent itself is too light to read
    on paper: unset, the accent."""
    text: str
    """Hex RGB: running text (near-black prints as 100% K in a print master)."""
    second_text: str | None = None
    """A stacked bilingual brief's second language in running text (body, summary, honours), set apart so that a
    reader can skim one language: unset, text."""
    muted: str
    """Hex RGB: labels, captions, the footer."""
    highlight: str
    """Hex RGB: this case in the category index."""
    rule: str
    """Hex RGB: rules under headings and in the footer."""
    panel: str
    """Hex RGB: the key-figure panel and the summary's box."""
    on_primary: str
    """Hex RGB: text on the primary colour (the band, the cover)."""

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not HEX.match(value):
            raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB")
        return value.upper()

    @model_validator(mode="before")
    @classmethod
    def _accent_text(cls, value: object) -> object:
        if isinstance(value, dict) and value.get("accent_text") is None and "accent" in value:
            value = {**value, "accent_text": value["accent"]}
        if isinstance(value, dict) and value.get("second_text") is None and "text" in value:
            value = {**value, "second_text": value["text"]}
        return value


WeightName = Literal["thin", "extralight", "light", "regular", "normal", "medium", "semibold", "bold", "extrabold",
                     "black"]
FONT_FILE = re.compile(r"\.(ttf|otf|ttc|otc)(#\d+)?$", re.I)
"""A font named by its file (uming.ttc#0, fonts/Brand.otf) rather than by its family."""


class FontSpec(Strict):
    """A font by family, weight and style (looked up in the font folders of any system), or by its file."""

    family: str | None = None
    """A font family as `reporter fonts` lists it (Noto Serif CJK SC)."""
    file: str | None = None
    """A font file: beside the layout, in ./fonts, REPORTER_FONT_PATH or the system's folders; `name.ttc#N` picks
    face N of a collection."""
    weight: WeightName | Annotated[int, Field(ge=1, le=1000)] = "regular"
    """thin ... black, or a number 1-1000 (400 regular, 700 bold)."""
    style: Literal["normal", "italic"] = "normal"
    """normal or italic."""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: ANN001, ANN206 (pydantic's hook)
        """A font is named by its family alone, or by a table (family, weight, style; or file)."""
        return {"anyOf": [{"type": "string", "description": "a font family"}, handler(core_schema)]}

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        """"Noto Serif CJK SC" is a family at its regular weight; "uming.ttc#0" a file."""
        if isinstance(value, str):
            return {"file": value} if FONT_FILE.search(value) else {"family": value}
        return value

    @model_validator(mode="after")
    def _family_or_file(self) -> "FontSpec":
        if (self.family is None) == (self.file is None):
            raise ValueError("name a font by its family (family = \"Noto Serif CJK SC\") or by its file "
                             "(file = \"NotoSerifCJK-Regular.ttc#2\"), one of the two")
        if self.file is not None and (self.weight != "regular" or self.style != "normal"):
            raise ValueError("a font file is one face: weight and style go with a family")
        return self

    @property
    def weight_class(self) -> int:
        from reporter.fonts.catalog import weight_of
        return weight_of(self.weight)

    def describe(self) -> str:
        if self.file is not None:
            return self.file
        extra = "" if self.weight in ("regular", "normal", 400) else f" {self.weight}"
        return f"{self.family}{extra}{' italic' if self.style == 'italic' else ''}"


class FontRole(Strict):
    """A text role's two fonts: East Asian and Latin, as Word's w:eastAsia and w:ascii; and the names of the fonts
    a Word reader has (the PDF's families by default)."""

    east_asian: FontSpec | None = None
    """The font for Chinese: a family ("Noto Serif CJK SC"), or { family, weight, style }, or { file }."""
    latin: FontSpec | None = None
    """The font for Latin letters and digits, named the same ways."""
    pdf_east_asian: str | None = None
    """The older way of naming the East Asian font: its file (as east_asian = { file = "..." })."""
    pdf_latin: str | None = None
    """The older way of naming the Latin font: its file (as latin = { file = "..." })."""
    docx_east_asian: str | None = None
    """The East Asian font the DOCX names, one a Word reader has (SimSun); the PDF's family when absent."""
    docx_latin: str | None = None
    """The Latin font the DOCX names (Cambria); the PDF's family when absent."""

    @model_validator(mode="after")
    def _both_scripts(self) -> "FontRole":
        for script in ("east_asian", "latin"):
            if getattr(self, script) is None and getattr(self, f"pdf_{script}") is None:
                raise ValueError(f"the {script.replace('_', ' ')} font is missing: {script} = \"a family\" or "
                                 f"{{ file = \"...\" }}")
        return self

    def spec(self, script: str) -> tuple[FontSpec, str]:
        """(the font of 'east_asian' or 'latin', the key it was given by)."""
        given = getattr(self, script)
        if given is not None:
            return given, script
        return FontSpec(file=getattr(self, f"pdf_{script}")), f"pdf_{script}"


ALTERNATIVE_KEYS = (("east_asian", "pdf_east_asian"), ("latin", "pdf_latin"))
"""Keys of which a layout sets one: a child's sets it and drops its parent's other (see _merge)."""


class Fallback(Strict):
    pdf: list[FontSpec] = []
    """Tried in order for a character a role's fonts lack: families or files."""


FONT_ROLES = ("heading", "body", "numbers", "label")


class Fonts(Strict):
    heading: FontRole
    """Titles and headings."""
    body: FontRole
    """Running text."""
    numbers: FontRole
    """The key figures' numbers."""
    label: FontRole
    """Labels, captions, the band, the footer."""
    fallback: Fallback = Fallback()
    """Fonts tried in order for a character the role's fonts lack."""


MEASURE_LEAST = 30
"""The narrowest measure a layout may give running Latin text, in characters."""


class TypeScale(Strict):
    base: Annotated[float, Field(ge=6, le=20)]
    """The body's size in pt; every style is base x scale^step."""
    scale: Annotated[float, Field(ge=1, le=2)]
    """The ratio between steps of the type scale (1.2: a minor third)."""
    leading: Annotated[float, Field(ge=1, le=3)]
    """Line height as a multiple of the size, for Chinese."""
    block_space: Annotated[float, Field(ge=0, le=48)]
    """pt between blocks."""
    cjk_latin_spacing: bool = True
    """A quarter em between Han characters and Latin letters or digits, in both formats (clreq 3.2.2)."""
    latin_leading: Annotated[float, Field(ge=1, le=3)] | None = None
    """The line height of running Latin text (body, summary, honours), a multiple of its size; unset: `leading`."""
    latin_measure: Annotated[int, Field(ge=0, le=300)] = 0
    """Running Latin text: at most about this many characters a line, the rest of a wider column left blank at its
    right (0: the whole width)."""

    @field_validator("latin_measure")
    @classmethod
    def _readable_measure(cls, value: int) -> int:
        if 0 < value < MEASURE_LEAST:
            raise ValueError(f"a measure of {value} characters is too narrow for running text; give at least "
                             f"{MEASURE_LEAST}, or 0 for the whole width")
        return value



ColourName = Literal["primary", "accent", "accent_text", "text", "second_text", "muted", "highlight", "rule", "panel", "on_primary"]


class StyleSpec(Strict):
    font: Literal["heading", "body", "numbers", "label"]
    """The font role: heading, body, numbers or label."""
    step: Annotated[float, Field(ge=-8, le=12)] = 0
    """The size's step on the type scale (0: the base; 1: base x scale; -1: base / scale)."""
    colour: ColourName = "text"
    """The name of a [colours] key."""
    leading: Annotated[float, Field(ge=0.8, le=3)] | None = None
    """Line height as a multiple of the size; the type's leading when absent."""
    before: Annotated[float, Field(ge=0, le=72)] = 0
    """pt above."""
    after: Annotated[float, Field(ge=0, le=72)] = 0
    """pt below."""
    justify: bool = False
    """Set justified (Chinese to both margins)."""


STYLE_NAMES = ("band", "title", "title_second", "subtitle", "heading1", "heading2", "heading3", "kicker", "body", "summary",
               "label", "keywords", "caption", "metric_value", "metric_unit", "metric_label", "honour",
               "index_category", "index_entry", "contact", "footer", "toc1", "toc2")


class Checks(Strict):
    """What a layout is held to, beyond what it can be built with."""

    type_floor: Annotated[float, Field(ge=4, le=14)] = 7.5
    """No text style smaller than this, in pt."""
    contrast: bool = True
    """Every text colour at least 4.5:1 against what it is printed on (3:1 for large text), as WCAG 2.2 AA asks."""


class Blocks(Strict):
    order: list[Literal[BLOCKS]]
    """The blocks of a brief, in order: band, title, summary, keywords, metrics, sections, figures, honours, index,
    contacts."""

    @field_validator("order")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a brief needs at least one block")
        twice = {name for name in value if value.count(name) > 1}
        if twice:
            raise ValueError(f"block {sorted(twice)[0]!r} is listed twice")
        return value


class MetricsPanel(Strict):
    count: Annotated[int, Field(ge=1, le=12)] = 6
    """How many key figures the panel shows (1-12)."""
    columns: Annotated[int, Field(ge=1, le=6)] = 3
    """Figures per row (1-6)."""
    select: Literal["highlighted"] | list[str] = "highlighted"
    """"highlighted" (the case's figures marked highlight, then the first others) or a list of metric ids."""
    may_move: bool = True
    """In the PDF, a panel (with its heading) that does not fit where it stands goes to the top of the next page
    and the text after it fills this one, rather than leaving the page's foot empty."""


class Figures(Strict):
    missing_image: Literal["omit", "placeholder"] = "omit"
    """A figure whose case gives no image: "omit" leaves it out (with a warning); "placeholder" shows a marked
    box above its caption, for a proof (never for distribution). A caption is never printed under nothing."""


class LanguageChoice(Strict):
    default: str = "zh"
    """The language mode when --lang is not given: zh, en, zh+en or en+zh."""
    bilingual: Literal["stacked", "side_by_side"] = "stacked"
    """A bilingual brief: "stacked" (each block's second language after its first) or "side_by_side" (two columns)."""
    furniture: Literal["all", "lead"] = "all"
    """In a bilingual brief, the band, running head and footer in each language ("all", a line each) or in the
    first language only ("lead")."""
    first_column_share: Literal["auto"] | float = "auto"
    """Side by side: the first language's column as a share of the two columns' width. "auto" sizes the columns
    from the brief's texts, so that each paragraph ends level with its translation."""

    @field_validator("first_column_share", mode="before")
    @classmethod
    def _a_share(cls, value: object) -> object:
        if value == "auto" or (isinstance(value, (int, float)) and not isinstance(value, bool) and 0.3 <= value <= 0.7):
            return value
        raise ValueError(f'got {value!r}; expected "auto" or a share of the width from 0.3 to 0.7')

    @field_validator("default")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        from reporter.i18n.languages import parse_mode
        try:
            parse_mode(value)
        except ReporterError as exc:
            raise ValueError(exc.message) from None
        return value


LayoutText = str | dict[Literal["zh", "en"], str]
"""A layout's own words: one string for every brief, or one per language ({zh = "...", en = "..."})."""


def layout_text(text: LayoutText | None, lang: str) -> str | None:
    """A layout's words in `lang`: a plain string in every language; of a table, that language's entry (else the
    first entry, so that a brief in a language the layout did not foresee still shows it)."""
    if text is None or isinstance(text, str):
        return text
    return text.get(lang) or next(iter(text.values()), None)


FURNITURE_FIELDS = ("book", "book_short", "publisher")
"""What a running head's or footer's text may name in braces: the book's full and short title and its publisher,
as book.yaml gives them in each language ("{publisher} · {book_short}")."""


def _layout_text(value: object) -> object:
    """A layout's words: a string, or a table of the languages the tool knows; braces name FURNITURE_FIELDS."""
    for text in (value.values() if isinstance(value, dict) else [value]):
        if isinstance(text, str):
            try:
                fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                          if name is not None]
            except ValueError:
                raise ValueError(f"a brace that names no field in {text!r}: write {{{{ and }}}} for braces") from None
            for name, spec, conversion in fields:
                if name not in FURNITURE_FIELDS:
                    raise ValueError(f"{{{name}}} is not a field a page's text can show: "
                                     f"{', '.join('{' + f + '}' for f in FURNITURE_FIELDS)}")
                if spec or conversion:  # (a width of 10**10 would fill the memory)
                    raise ValueError(f"write the field as {{{name}}}, with nothing after its name")
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"zh", "en"})
        if unknown or not value:
            raise ValueError(f"a text per language takes the keys zh and en; got {unknown or 'none'}")
        if not all(isinstance(item, str) for item in value.values()):
            raise ValueError("each language's text is a string")
    elif value is not None and not isinstance(value, str):
        raise ValueError(f"expected a text or a table of languages (zh, en), got {value!r}")
    return value


class Footer(Strict):
    source: bool = True
    """The case's source (来源：责任云) on the left."""
    page_numbers: bool = True
    """第 X 页 共 Y 页 / Page X of Y on the right."""
    text: LayoutText | None = None
    """A line of the client's in the middle, e.g. 'Prepared for Acme Sustainability Partners'; a table of
    languages ({zh = "...", en = "..."}) shows each brief's own, a line per language in a bilingual one."""

    _text = field_validator("text", mode="before")(_layout_text)


class Header(Strict):
    show: bool = True
    """A running head on every page but the first: book · case · enterprise, or `text`."""
    text: LayoutText | None = None
    """The running head's text, a table of languages ({zh = "...", en = "..."}) or one line; book · case ·
    enterprise when absent."""

    _text = field_validator("text", mode="before")(_layout_text)


class Logo(Strict):
    file: str
    """PNG or JPEG; relative to the folder of the layout file (or of a layout it extends)."""
    on_dark: str | None = None
    """A variant for dark backgrounds (the band, the cover); `file` is used when absent."""
    place: Literal["band", "title", "header"] = "band"
    """Where the brief shows it; a cover page shows it as well."""
    height_mm: Annotated[float, Field(ge=3, le=60)] = 8
    """Its height, 3 to 60 mm; its width follows its proportions."""
    alt: str | None = None
    """What the logo says, for a screen reader (the client's name, say); the layout's name when absent."""


class Cover(Strict):
    enabled: bool = False
    """A cover page before the brief: the primary colour, the logo, the book, the case and its title."""


Ink = Annotated[float, Field(ge=0, le=100)]
"""A percentage of one process ink."""


GUTTER_LEAVES_MM = 5
"""The least outer margin the gutter may leave on the volume's facing pages (the page numbers sit in it)."""


class PrintSettings(Strict):
    """How a print master (`--profile print`, PDF/X-4) is made, and what the preflight holds every PDF to."""

    bleed_mm: Annotated[float, Field(ge=0, le=10)] = 3
    """How far the cover's background runs past the trimmed edge, for the guillotine's tolerance."""
    crop_marks: bool = False
    """Trim marks at the corners, outside the bleed."""
    icc_profile: str | None = None
    """The press's CMYK output profile (an .icc file beside the layout): FOGRA39, built from Fogra's data, when
    absent."""
    condition: str | None = None
    """The print condition's name in the ICC registry (FOGRA39, GRACoL2013, ...) for `icc_profile`; the profile's
    description when absent."""
    cmyk: dict[str, Annotated[list[Ink], Field(min_length=4, max_length=4)]] = {}
    """Colours in the inks a designer chose, by the name of a [colours] key: primary = [100, 72, 0, 38]."""
    min_ppi: Annotated[int, Field(ge=72, le=2400)] = 300
    """The least effective resolution of a drawing or a logo (PNG) as printed."""
    min_ppi_photo: Annotated[int, Field(ge=72, le=2400)] = 200
    """The least effective resolution of a photograph (JPEG) as printed."""
    max_ink: Annotated[float, Field(ge=200, le=400)] = 300
    """The most ink, in %, any colour puts down (C + M + Y + K)."""
    hairline_pt: Annotated[float, Field(ge=0, le=2)] = 0.25
    """The thinnest line a press holds."""
    facing_pages: bool = True
    """The volume's print master is a book printed on both sides: margins mirrored (margins_mm.left is the inner
    one), page numbers and running heads on the outer edge, each case opening on a right-hand page."""
    page_multiple: Annotated[int, Field(ge=1, le=32)] = 4
    """The volume's print master has a multiple of this many pages, blank ones added at its end (4: sheets folded
    once; 16: the signatures of a sewn book); 1 adds none."""
    gutter_mm: Annotated[float, Field(ge=0, le=20)] = 3
    """On facing pages, how much wider the inner margin is than margins_mm.left, for what the binding takes (the
    outer margin is as much narrower: the text keeps its width, and its line breaks)."""

    @field_validator("cmyk")
    @classmethod
    def _colour_names(cls, value: dict) -> dict:
        for name in value:
            if name not in Colours.model_fields:
                names = list(Colours.model_fields)
                raise ValueError(f"no colour named {name!r}"
                                 + suggest(name, names, f"; the colours are {', '.join(names)}"))
        return value


class PdfStandards(Strict):
    """What the PDFs are written to meet; both by default (the command's --no-pdf-ua, --no-pdf-a turn them off)."""

    profile: Literal["screen", "print"] = "screen"
    """screen: RGB, for reading on a screen and archiving; print: a PDF/X-4 print master in CMYK, with bleed
    (the command's --profile)."""
    strict: bool = False
    """A PDF the preflight finds fault with fails, rather than is written with warnings (the command's --strict)."""

    accessible: bool = True
    """PDF/UA-1: tagged, for screen readers (a structure tree; running heads and rules as artifacts)."""
    archival: bool = True
    """PDF/A-2b: for archives and libraries (an sRGB output intent; the claim in the XMP)."""


class Layout(Strict):
    name: str
    """The layout's name, as `reporter layouts` lists it."""
    description: str = ""
    """One line on what the layout is for."""
    extends: str | None = None
    """The name of a layout (looked up as a layout name is), or a .toml file in this layout's folder."""
    page: Page
    """Page size and margins."""
    colours: Colours
    """The layout's colours, by role."""
    fonts: Fonts
    """Fonts per role: heading, body, numbers, label, and the fallbacks."""
    type: TypeScale
    """The type scale: base size, ratio, leading, space between blocks."""
    styles: dict[str, StyleSpec]
    """Text styles by name (title, heading1, body, caption, ...): font role, size step, colour, spacing."""
    blocks: Blocks
    """Which blocks a brief has, in which order."""
    metrics: MetricsPanel = MetricsPanel()
    """The key-figure panel."""
    figures: Figures = Figures()
    """What becomes of a figure with no image."""
    language: LanguageChoice = LanguageChoice()
    """The default language mode and how a bilingual brief is set."""
    header: Header = Header()
    """The running head."""
    footer: Footer = Footer()
    """The footer: source, page numbers, a line of the client's."""
    logo: Logo | None = None
    """The client's logo: file, a variant for dark backgrounds, where it shows, its height, its alt text."""
    cover: Cover = Cover()
    """A cover page."""
    pdf: PdfStandards = PdfStandards()
    """The PDF's standards (PDF/UA-1, PDF/A-2b), its profile (screen or print) and strictness."""
    print: PrintSettings = PrintSettings()
    """Print masters (PDF/X-4): bleed, marks, the press's profile, the designer's inks, the preflight's limits,
    facing pages."""
    checks: Checks = Checks()
    """What the layout is held to: a type floor and text contrast."""
    reference_docx: str | None = None
    """A Word document whose styles, page setup, header and footer the DOCX takes (as Pandoc's reference.docx)."""
    source_path: Path | None = None
    source_chain: tuple[Path, ...] = ()
    """The layout file and every file it extends, child first (what a build depends on)."""
    _font_faces: dict[tuple, FaceInfo] = PrivateAttr(default_factory=dict)

    def facing_pages_problem(self) -> ReporterError | None:
        """Why the volume cannot be laid out on facing pages (a gutter that leaves too little outer margin), as
        the error at its key; None if it can. Asked only of a two-sided print master, so that a layout for the
        screen with narrow margins stays valid."""
        outer = self.page.margins_mm.get("right", 0) - self.print.gutter_mm
        if outer >= GUTTER_LEAVES_MM:
            return None
        return layout_error(self, f"the gutter leaves an outer margin of {outer:g} mm on facing pages (the right "
                                  f"margin less the gutter); it needs at least {GUTTER_LEAVES_MM} mm",
                            ("print", "gutter_mm"))

    @property
    def font_faces(self) -> dict[tuple, FaceInfo]:
        """The face each font of the layout is: (role, 'east_asian' or 'latin') and ('fallback', n) -> face (found
        when the layout is loaded)."""
        return self._font_faces

    def font_face(self, role: str, script: str) -> FaceInfo:
        return self._font_faces[(role, script)]

    def read_face(self, role: str, script: str) -> Face:
        """The metrics of a role's East Asian or Latin face; a font that cannot be read is the layout's error, at
        the key that names it."""
        found = self.font_face(role, script)
        try:
            return load_face(found.path, found.index)
        except ReporterError as exc:
            raise layout_error(self, exc.message, ("fonts", role, getattr(self.fonts, role).spec(script)[1])) \
                from None

    @property
    def fallback_faces(self) -> list[FaceInfo]:
        return [self._font_faces[("fallback", n)] for n in range(len(self.fonts.fallback.pdf))]

    def find_file(self, name: str) -> Path | None:
        """A file the layout names, relative to the folder of the layout or of a layout it extends, and inside
        that folder once symlinks are followed (or, named absolutely, inside a layouts folder); else None."""
        found = self.look_for_file(name)
        return found if isinstance(found, Path) else None

    def look_for_file(self, name: str) -> Path | str:
        """The file a layout names (as find_file), or why there is none, in words."""
        if Path(name).is_absolute() or name.startswith("~"):
            # a shipped layout's logo, as `reporter layout show` writes it out, or a file in a --layouts folder
            candidate = Path(name).expanduser().resolve()
            folders = [folder.resolve() for folder in layout_dirs()]
            if not any(candidate.is_relative_to(folder) for folder in folders):
                return (f"{name} is not in the layout's folder nor in a layouts folder; give a path relative to "
                        "the layout file")
            return candidate if candidate.is_file() else f"not found: {name}"
        bases = list(dict.fromkeys(path.parent for path in (self.source_path, *self.source_chain) if path))
        outside = None
        for base in bases:
            candidate = (base / name).resolve()
            if not candidate.is_file():
                continue
            if candidate.is_relative_to(base.resolve()):
                return candidate
            outside = outside or candidate
        if outside is not None:
            return f"{name} leads outside the layout's folder, to {outside}; keep the file beside the layout"
        return f"not found: {name}"

    @property
    def logo_path(self) -> Path | None:
        return self.find_file(self.logo.file) if self.logo else None

    @property
    def logo_on_dark_path(self) -> Path | None:
        if self.logo is None:
            return None
        return self.find_file(self.logo.on_dark) if self.logo.on_dark else self.logo_path

    @property
    def reference_docx_path(self) -> Path | None:
        return self.find_file(self.reference_docx) if self.reference_docx else None

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file the layout is made of: its TOML and its parents', its logos, its reference DOCX (what a
        batch's fingerprint reads and a preview watches)."""
        paths = (*self.source_chain, self.logo_path, self.logo_on_dark_path, self.reference_docx_path)
        return tuple(dict.fromkeys(path for path in paths if path is not None))

    @property
    def name_id(self) -> str:
        return self.source_path.stem if self.source_path else "default"

    @property
    def frame_mm(self) -> tuple[float, float]:
        """The text frame's width and height: the page less its margins."""
        width, height = self.page.size_mm
        margins = self.page.margins_mm
        return (width - margins.get("left", 0) - margins.get("right", 0),
                height - margins.get("top", 0) - margins.get("bottom", 0))

    @model_validator(mode="after")
    def _frame_holds_lines(self) -> "Layout":
        frame = self.frame_mm
        if min(frame) < FRAME_MIN_MM:
            raise _KeyProblem(f"the text frame is {frame[0]:.0f} x {frame[1]:.0f} mm (the page less its margins); "
                              f"it needs at least {FRAME_MIN_MM} x {FRAME_MIN_MM} mm", *_PAGE_KEYS)
        margins = self.page.margins_mm
        if self.header.show and margins.get("top", 0) < FURNITURE_MARGIN_MM:
            raise _KeyProblem(f"the top margin is {margins.get('top', 0):g} mm; the running head needs at least "
                              f"{FURNITURE_MARGIN_MM} mm (or set header.show = false)", ("page", "margins_mm"))
        footer = self.footer
        if (footer.source or footer.page_numbers or footer.text) and margins.get("bottom", 0) < FURNITURE_MARGIN_MM:
            raise _KeyProblem(f"the bottom margin is {margins.get('bottom', 0):g} mm; the footer needs at least "
                              f"{FURNITURE_MARGIN_MM} mm (or turn its source, page numbers and text off)",
                              ("page", "margins_mm"))
        line_mm = 0.0
        for name, spec in self.styles.items():
            size = self.type.base * self.type.scale ** spec.step
            if not STYLE_PT[0] <= size <= STYLE_PT[1]:
                raise _KeyProblem(f"the style comes to {size:.1f} pt (base x scale^step); "
                                  f"keep it between {STYLE_PT[0]:g} and {STYLE_PT[1]:g} pt",
                                  ("styles", name, "step"), ("type", "scale"), ("type", "base"))
            line_mm = max(line_mm, size * (spec.leading or self.type.leading) * 25.4 / 72)
        if frame[1] < LINES_IN_FRAME * line_mm:
            raise _KeyProblem(f"the text frame is {frame[1]:.0f} mm high; it must hold {LINES_IN_FRAME} lines of "
                              f"the largest style ({line_mm:.0f} mm each)", *_PAGE_KEYS, ("type", "base"),
                              ("type", "scale"), ("type", "leading"))
        problem = first_problem(self)
        if problem is not None:
            raise _KeyProblem(problem[0], *problem[1])
        return self

    @field_validator("styles")
    @classmethod
    def _all_styles(cls, value: dict[str, StyleSpec]) -> dict[str, StyleSpec]:
        unknown = sorted(set(value) - set(STYLE_NAMES))
        if unknown:
            raise ValueError(f"unknown style {unknown[0]!r}{suggest(unknown[0], STYLE_NAMES)}")
        if "title_second" not in value and "title" in value:  # (a layout older than the style: a step and a half down)
            value = {**value, "title_second": value["title"].model_copy(update={"step": value["title"].step - 1.5})}
        missing = [name for name in STYLE_NAMES if name not in value]
        if missing:
            raise ValueError(f"style {missing[0]!r} is missing")
        return value


def _merge(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for pair in ALTERNATIVE_KEYS:  # a child naming a font the older way replaces its parent's font named the new way
        for key in pair:
            if key in child:
                for other in pair:
                    if other != key:
                        out.pop(other, None)
    for key, value in child.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_toml(path: Path, what: str) -> tuple[str, dict]:
    """A TOML file's text and table, read within LAYOUT_FILE_BYTES; not UTF-8 or a syntax error is one line at its
    line."""
    try:
        text = read_input(path, LAYOUT_FILE_BYTES, what).decode("utf-8")
    except UnicodeDecodeError:
        raise ReporterError("not UTF-8 text", path) from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        message = re.sub(r" \(at (line .*|end of document)\)$", "", str(exc))
        line = int(match.group(1)) if match else max(text.count("\n"), 1)  # at the end of the document
        raise ReporterError(f"TOML syntax error: {message}", path, line) from None


def key_line(text: str, loc: tuple) -> int | None:
    """Best-effort line of a TOML key, however it is written: `[table]` then `key =`, a dotted `table.key =`, or
    inside an inline table; else the line of the deepest table header found."""
    parts = [str(part) for part in loc if not isinstance(part, int)]
    if not parts:
        return None
    lines = text.splitlines()
    headers = [(number, _header_name(line)) for number, line in enumerate(lines) if _header_name(line) is not None]

    def region(table: list[str]) -> range | None:
        """The lines of a table's body (the top level's for [])."""
        if not table:
            return range(0, headers[0][0] if headers else len(lines))
        for index, (number, name) in enumerate(headers):
            if name == table:
                end = headers[index + 1][0] if index + 1 < len(headers) else len(lines)
                return range(number + 1, end)
        return None

    for split in range(len(parts) - 1, -1, -1):
        body = region(parts[:split])
        keys = parts[split:]
        if body is None:
            continue
        dotted = re.compile(r"^\s*" + r"\s*\.\s*".join(re.escape(k) for k in keys) + r"\s*=")
        inline = re.compile(r"[{,]\s*" + re.escape(keys[-1]) + r"\s*=")
        opens = re.compile(r"^\s*" + re.escape(keys[0]) + r"\s*=\s*\{")  # key = { inner = ... } on one line
        for number in body:
            line = lines[number]
            if dotted.match(line) or (inline.search(line) and (len(keys) == 1 or opens.match(line))):
                return number + 1
    for split in range(len(parts), 0, -1):
        for number, name in headers:
            if name == parts[:split]:
                return number + 1
    return None


def _header_name(line: str) -> list[str] | None:
    """['styles', 'body'] for a line `[styles.body]` (or `[[...]]`), else None."""
    match = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
    return [part.strip().strip('"') for part in match.group(1).split(".")] if match else None


def resolve_layout_path(name_or_path: str, first: Path | None = None, skip: tuple[Path, ...] = ()) -> Path:
    """A path as given; a name from the first folder that has it (`first`, then layout_dirs()), passing over
    the files in `skip` (so that ./layouts/default.toml can extend the shipped default)."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml":
        return candidate
    if candidate.parent != Path("."):
        raise ReporterError("a layout is a .toml file, or the name of one (as 'acme')", candidate)
    if not LAYOUT_NAME.match(name_or_path):
        raise ReporterError(f"{name_or_path!r} is not a layout name (letters, digits, '-', '_' and '.') "
                            "nor a .toml file")
    folders = [first, *layout_dirs()] if first else layout_dirs()
    for folder in folders:
        path = folder / f"{name_or_path}.toml"
        if path.is_file() and path.resolve() not in skip:
            return path
    return folders[0] / f"{name_or_path}.toml"


@dataclass(frozen=True)
class _Source:
    path: Path
    text: str
    raw: dict


def _read_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, list[_Source]]:
    """The merged table of a layout and its parents, and each file of the chain, child first."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.stem for p in seen + (path,))
        raise ReporterError(f"layouts extend each other in a cycle: {chain}", seen[-1] if seen else path,
                            key_line(seen[-1].read_text("utf-8"), ("extends",)) if seen else None, "extends")
    if not path.exists():
        raise ReporterError("layout not found", path)
    text, raw = read_toml(path, "the layout")
    source = _Source(path, text, raw)
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw, [source]
    where = (path, key_line(text, ("extends",)), "extends")
    if not isinstance(parent_name, str) or not (LAYOUT_NAME.match(parent_name) or parent_name.endswith(".toml")):
        raise ReporterError(f"expected the name of a layout (as 'default') or a .toml file beside this one, "
                            f"got {parent_name!r}", *where)
    if parent_name.endswith(".toml"):
        parent_path = (path.parent / parent_name).resolve()
        if Path(parent_name).is_absolute() or not parent_path.is_relative_to(path.parent):
            raise ReporterError(f"{parent_name} is not in this layout's folder; extend a layout by its name, or "
                                "a .toml file beside this one", *where)
    else:
        parent_path = resolve_layout_path(parent_name, path.parent, skip=(*seen, path))
    if not parent_path.exists():
        raise ReporterError(f"extends {parent_name!r}, which is not a layout", *where)
    parent, chain = _read_chain(parent_path, seen + (path,))
    return _merge(parent, raw), [source, *chain]


def _locate(chain: list[_Source], loc: tuple) -> tuple[Path, int | None]:
    """The file of the chain that sets `loc` (the child wins) and the key's line in it."""
    for source in chain:
        node = source.raw
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
        else:
            return source.path, key_line(source.text, loc)
    return chain[0].path, key_line(chain[0].text, loc)


def load_layout(name_or_path: str = "default", find_fonts: bool = True) -> Layout:
    """Load, merge over its parents and validate a layout; errors name the file, line and key. Its fonts are
    found (each a face of the font folders, or one error) unless `find_fonts` is false (`reporter fonts` shows
    what is missing instead)."""
    path = resolve_layout_path(name_or_path)
    raw, chain = _read_chain(path)
    raw["source_path"] = path.resolve()
    raw["source_chain"] = tuple(source.path for source in chain)
    try:
        layout = Layout.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in every_error(exc):
            loc = tuple(error["loc"]) or _first_set(chain[0].raw, error.get("ctx", {}).get("error"))
            message = error_message(error, Layout, loc, "key")
            file, line = _locate(chain, loc)
            problems.append(ReporterError(message, file, line, format_path(loc)))
        problems[0].more = tuple(problems[1:])
        raise problems[0] from None
    _check_files(layout, chain, find_fonts)
    return layout


def _first_set(raw: dict, problem: object) -> tuple:
    """Of a check across fields, the first key the layout file itself sets, else the first key."""
    locs = getattr(problem, "locs", ())
    for loc in locs:
        node = raw
        for part in loc:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return loc
    return locs[0] if locs else ()


def _check_files(layout: Layout, chain: list[_Source], find_fonts: bool = True) -> None:
    """Every file a layout names must exist before anything is built."""


    def fail(message: str, loc: tuple) -> None:
        file, line = _locate(chain, loc)
        raise ReporterError(message, file, line, format_path(loc))

    if layout.logo is not None:
        for key in ("file", "on_dark"):
            name = getattr(layout.logo, key)
            if name is None:
                continue
            path = layout.look_for_file(name)
            if isinstance(path, str):
                fail(f"logo file {path}", ("logo", key))
            if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                fail(f"logo must be a PNG or JPEG file, got {path.name}", ("logo", key))
    if layout.reference_docx is not None:
        path = layout.look_for_file(layout.reference_docx)
        if isinstance(path, str):
            fail(f"reference document {path}", ("reference_docx",))
        if path.suffix.lower() != ".docx":
            fail(f"reference document must be a .docx file, got {path.name}", ("reference_docx",))
        try:
            check_reference(path)
        except ReferenceProblem as exc:
            fail(str(exc), ("reference_docx",))
    if layout.print.icc_profile is not None:
        path = layout.look_for_file(layout.print.icc_profile)
        if isinstance(path, str):
            fail(f"ICC profile {path}", ("print", "icc_profile"))
        try:
            read_profile(path)
        except ProfileProblem as exc:
            fail(str(exc), ("print", "icc_profile"))
    if not find_fonts:
        return
    base = layout.source_path.parent if layout.source_path else None
    for slot, spec, loc in font_specs(layout):
        try:
            layout.font_faces[slot] = locate(spec.family, spec.file, spec.weight_class, spec.style == "italic", base)
        except ReporterError as exc:
            fail(exc.message, loc)


def font_specs(layout: Layout) -> list[tuple[tuple, FontSpec, tuple]]:
    """(slot, font, key) of every font a layout names: (role, script) or ('fallback', n), and where it is set."""
    specs = []
    for role in FONT_ROLES:
        for script in ("east_asian", "latin"):
            spec, key = getattr(layout.fonts, role).spec(script)
            specs.append(((role, script), spec, ("fonts", role, key)))
    specs += [(("fallback", index), spec, ("fonts", "fallback", "pdf", index))
              for index, spec in enumerate(layout.fonts.fallback.pdf)]
    return specs


def layout_error(layout: Layout, message: str, loc: tuple) -> ReporterError:
    """An error about a key of a loaded layout, at the file of its chain that sets it and the key's line."""
    chain = []
    for path in layout.source_chain:
        try:
            text = read_input(path, LAYOUT_FILE_BYTES, "the layout").decode("utf-8")
            chain.append(_Source(path, text, tomllib.loads(text)))
        except (ReporterError, UnicodeDecodeError, tomllib.TOMLDecodeError):  # changed since it was loaded
            chain.append(_Source(path, "", {}))
    if not chain:
        return ReporterError(message, layout.source_path, None, format_path(loc))
    file, line = _locate(chain, loc)
    return ReporterError(message, file, line, format_path(loc))


def available_layouts() -> list[Path]:
    """One file per layout name, the first found along layout_dirs()."""
    found: dict[str, Path] = {}
    for folder in layout_dirs():
        for path in sorted(folder.glob("*.toml")):
            found.setdefault(path.stem, path)
    return sorted(found.values(), key=lambda path: path.stem)
