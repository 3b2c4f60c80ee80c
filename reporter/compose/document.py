"""The composed brief: a list of blocks with every text final and every number formatted.

Writers walk these blocks; they know nothing of YAML, languages or Babel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporter.i18n.languages import WORD_JOINER as _WORD_JOINER

WORD_JOINER = _WORD_JOINER
"""In a span's text, between two characters no line may part (a number and its Chinese unit); drawn as nothing."""

LINE_BREAK = "\n"
"""In a span's text: the line ends here (the composer balanced a title's lines); a PDF line break, a DOCX w:br."""


@dataclass(frozen=True)
class Span:
    """Text in one language; `lang` decides fonts (East Asian or Latin) and the DOCX w:lang."""

    text: str
    lang: str


Line = tuple[Span, ...]
"""A piece of page furniture (a band's side, the running head, the source, the page number) once in each language
it is shown in: one span in a single-language brief, one per language in a bilingual one (the layout's
language.furniture), each set on its own line."""


KICKER_GAP = "  ·  "
"""Between the languages of a one-line piece (a section's kicker: 第一部分  ·  PART 01)."""


def spaced(line: Line, gap: str = KICKER_GAP) -> list[Span]:
    """A line's spans with `gap` (in the language of the span before it) between each two."""
    out: list[Span] = []
    for span in line:
        if out:
            out.append(Span(gap, out[-1].lang))
        out.append(span)
    return out


@dataclass(frozen=True)
class LogoRef:
    path: Path
    height: float
    """In points."""
    aspect: float
    """Width over height, from the image's pixels."""
    alt: str = ""
    """What the logo says, for a reader who cannot see it (the layout's logo.alt, else its name)."""
    alt_lang: str | None = None
    """The alt text's language ('zh', 'en') where it is in one script only, else None (the document's)."""

    @property
    def width(self) -> float:
        return self.height * self.aspect

    def at(self, height: float) -> "LogoRef":
        return LogoRef(self.path, height, self.aspect, self.alt, self.alt_lang)


@dataclass(frozen=True)
class Band:
    """The coloured strip at the top: book title left, category and case number right."""

    left: Line
    right: Line
    logo: LogoRef | None = None


@dataclass(frozen=True)
class Cover:
    """A cover page in the primary colour; the brief starts on the next page."""

    kicker: tuple[Span, ...]
    """Book title, category and case number."""
    title: tuple[Span, ...]
    details: tuple[Span, ...]
    """Enterprise and date."""
    publisher: Span
    logo: LogoRef | None = None
    scales: tuple[float, ...] = ()
    """Each title's size against the title style, as planned to fit (compose/cover.py)."""
    top: float = 0.0
    """Where the text starts, in pt from the page's foot (the PDF)."""
    raised: float = 0.0
    """How far the text moved up from its usual start: 0 not at all, 1 up to the logo (the DOCX's spacing)."""


@dataclass(frozen=True)
class Para:
    style: str
    """A style token name from the layout (body, summary, caption, ...)."""
    text: Span
    lead: Span | None = None
    """A label set before the text in the label style, its gap included (摘要　, Keywords  )."""
    bullet: str | None = None
    second_language: bool = False
    """The second language's paragraph of a stacked bilingual pair: the style sheet may set it apart."""


@dataclass(frozen=True)
class Heading:
    level: int
    text: Span
    second: Span | None = None
    """The same heading in the second language of a bilingual brief, set smaller after the first."""
    kicker: Line = ()
    """A small line above the heading (第一部分, PART 01), in each language of the heading."""
    logo: LogoRef | None = None
    """Set at the right of a title."""
    second_language: bool = False
    """A title in the second language of a bilingual brief: set smaller, under the first."""
    measure: float = 0.0
    """The width its balanced lines take, in pt, for a writer that lets the reader's word processor break them
    (the DOCX's English title): 0, the text's width."""
    depth: int = 0
    """How many levels a collection sets it under (a volume's case: 1): its level in the structure and in Word's
    navigation, its look unchanged."""
    second_apart: bool = False
    """The second language starts a line of its own: the two do not fit one line (a line breaking inside the first
    language, the second running on after it, read as one muddled heading)."""

    @property
    def outline_title(self) -> str:
        text = self.text.text.replace(LINE_BREAK, "")
        return f"{text} {self.second.text}" if self.second else text


@dataclass(frozen=True)
class Panel:
    """Blocks on a tinted background (the summary)."""

    children: tuple["Block", ...]

    @property
    def paragraphs(self) -> list[tuple[str, str]]:
        """(style token, language) of each of its paragraphs; [] where it holds anything but paragraphs."""
        if not all(isinstance(child, Para) for child in self.children):
            return []
        return [(child.style, child.text.lang) for child in self.children]


@dataclass(frozen=True)
class Callout:
    value: tuple[tuple[Span, str], ...]
    """The value line in pieces, each with its part: "number" (set large), "unit" (a prefix or suffix, set in
    the unit style) or "space" (between them)."""
    label: Span
    second_label: Span | None = None
    second_value: tuple[tuple[Span, str], ...] = ()
    """The value in the second language's form (RMB 73.0024 million under 7300.24万元), set over the second
    label; empty where a bilingual brief's two forms read the same (13% → 0.55%), or in one language."""


@dataclass(frozen=True)
class MetricPanel:
    callouts: tuple[Callout, ...]
    columns: int
    may_move: bool = False
    """It may give its place to the text after it and open the next page (the layout's metrics.may_move)."""


@dataclass(frozen=True)
class FigureBlock:
    """An image over its caption; for a proof, a marked placeholder where the case gives no image."""

    caption: Span
    image: Path | None = None
    second_caption: Span | None = None
    placeholder: Span | None = None
    """Said in the box drawn in place of a missing image (the layout's figures.missing_image = "placeholder")."""
    pixels: tuple[int, int] = (0, 0)
    """The image's width and height in pixels (both writers size it from them alike)."""
    alt: Span | None = None
    """What the picture shows, for a screen reader; the caption, read after it, is not repeated in it."""
    source: str = ""
    """Where the case names the image (sections[1].subsections[0].figures[0].image), for the preflight's findings."""

    def __post_init__(self) -> None:
        if (self.image is None) == (self.placeholder is None):
            raise ValueError("a figure has an image or a placeholder, never both nor neither")


@dataclass(frozen=True)
class IndexEntry:
    number: Span
    """The case number, in the language (and so the font) both writers set it in."""
    name: Span
    second_name: Span | None
    current: bool
    link: str | None = None
    """A relative path to the entry's brief, where one was built."""


@dataclass(frozen=True)
class IndexCategory:
    name: Span
    second_name: Span | None
    range_label: Span
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class CategoryIndex:
    categories: tuple[IndexCategory, ...]
    columns: int
    """Entries per row beside each category's name."""
    continued: "Heading | None" = None
    """The heading over the rest of an index broken across pages (蓝皮书案例目录（续）)."""
    labels: tuple[Span, ...] = ()
    """The columns' names (类别, 案例): the DOCX's header row, which Word repeats on each page the index takes and
    reads to a screen reader (the PDF's structure marks each category a row header instead)."""

    @property
    def entry_count(self) -> int:
        return sum(len(c.entries) for c in self.categories)


@dataclass(frozen=True)
class SideBySide:
    """Two columns, one language each (bilingual side-by-side layouts)."""

    left: tuple["Block", ...]
    right: tuple["Block", ...]
    share: float = 0.5
    """The left column's share of the two columns' width (the gap between them aside)."""


@dataclass(frozen=True)
class PageBreak:
    recto: bool = False
    """The next page is a right-hand one (a two-sided document's; a blank left-hand page first where needed)."""


@dataclass(frozen=True)
class CaseStart:
    """Where a case begins in a collected volume: outline entries (category, case) and the page it lands on."""

    number: int
    category: str
    label: str
    """案例三十六  中国电科"""
    title: str
    entry: str
    """Its line in the contents: 案例三十六  中国电科：title."""


@dataclass(frozen=True)
class TocEntry:
    level: int
    """1: a category, 2: a case."""
    text: str
    page: str
    """The page number as shown ('' before the pages are known)."""
    case: int | None


@dataclass(frozen=True)
class Toc:
    entries: tuple[TocEntry, ...]
    lang: str


Block = (Band | Cover | Para | Heading | Panel | MetricPanel | FigureBlock | CategoryIndex | SideBySide | PageBreak
         | CaseStart | Toc)

_KINDS = {Band: "band", Cover: "cover", Para: "para", Heading: "heading", Panel: "panel",
          MetricPanel: "metric_panel", FigureBlock: "figure", CategoryIndex: "category_index",
          SideBySide: "side_by_side", PageBreak: "page_break", CaseStart: "case_start", Toc: "toc"}


def nested(block: Block, depth: int) -> Block:
    """`block` with its headings, and those of the blocks it holds, set `depth` levels under where they stand."""
    if isinstance(block, Heading):
        return replace(block, depth=depth)
    if isinstance(block, Panel):
        return replace(block, children=tuple(nested(child, depth) for child in block.children))
    if isinstance(block, SideBySide):
        return replace(block, left=tuple(nested(b, depth) for b in block.left),
                       right=tuple(nested(b, depth) for b in block.right))
    return block


def block_kind(block: Block) -> str:
    """The name writers render a block by: each has a method `block_<kind>`."""
    return _KINDS[type(block)]


META_CHARS = 255
"""The longest a document property may be: Word's core properties hold 255 characters."""
KEYWORD_SEPARATOR = "; "


def _clipped(text: str) -> str:
    return text if len(text) <= META_CHARS else text[:META_CHARS - 1] + "…"


@dataclass(frozen=True)
class Meta:
    """The document's properties, each within META_CHARS (a longer title is cut with an ellipsis; keywords
    that do not fit are left out)."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    language: str
    """The primary language tag (zh-CN, en-GB)."""
    date: dt.date

    def __post_init__(self) -> None:
        for name in ("title", "subject", "author"):
            object.__setattr__(self, name, _clipped(getattr(self, name)))
        kept: list[str] = []
        for keyword in self.keywords:
            if len(KEYWORD_SEPARATOR.join([*kept, keyword])) <= META_CHARS:
                kept.append(keyword)
        object.__setattr__(self, "keywords", tuple(kept))

    @property
    def keyword_line(self) -> str:
        return KEYWORD_SEPARATOR.join(self.keywords)


@dataclass(frozen=True)
class Footer:
    source: Line = ()
    page_template: Line = ()
    """'第 {page} 页 共 {pages} 页': writers fill in the page fields."""
    running_head: Line = ()
    """Shown at the top of every page but the first (which has the band)."""
    text: Line = ()
    """The layout's own line, in the middle of the footer."""
    head_logo: LogoRef | None = None
    """A logo at the left of the running head."""


@dataclass(frozen=True)
class TextLanguage:
    """What a writer needs to know of a span's language."""

    code: str
    east_asian: bool
    """East Asian fonts for every character; lines may break between any two characters."""
    docx_tag: str
    """The BCP 47 tag of the DOCX w:lang (zh-CN, en-GB)."""
    hyphenation: tuple[str, ...] = ()
    """The hyphenation patterns (pyphen's names) a break must be found in, every one: () for no hyphenation."""


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]
    footer: Footer
    languages: dict[str, TextLanguage]
    """Every language a span of the document may name (those of the writers' own labels included)."""
    warnings: tuple[str, ...] = field(default=())
    two_sided: bool = False
    """Printed on both sides of the paper (a print master of the volume): facing pages, their margins mirrored,
    page numbers and running heads on the outer edge."""

    @property
    def has_cover(self) -> bool:
        return bool(self.blocks) and isinstance(self.blocks[0], Cover)

    def walk(self):
        """Every block, nested ones included, in reading order."""
        def visit(blocks):
            for block in blocks:
                yield block
                if isinstance(block, Panel):
                    yield from visit(block.children)
                elif isinstance(block, SideBySide):
                    yield from visit(block.left)
                    yield from visit(block.right)
        yield from visit(self.blocks)


@dataclass(frozen=True)
class IndexGrid:
    """The category index laid out as rows: [category or None, entry or None, ...]."""

    rows: tuple[tuple[IndexCategory | IndexEntry | None, ...], ...]
    category_rows: tuple[tuple[int, int], ...]
    """(first row, last row) of each category, for merging its name cell."""
    current_cells: tuple[tuple[int, int], ...]
    """(row, column) of the highlighted entry."""


def index_grid(index: CategoryIndex) -> IndexGrid:
    """One shared grid for both writers, so the DOCX and the PDF index have the same rows and cells."""
    rows: list[tuple] = []
    spans: list[tuple[int, int]] = []
    current: list[tuple[int, int]] = []
    for category in index.categories:
        first = len(rows)
        entries = list(category.entries)
        for start in range(0, len(entries), index.columns):
            chunk = entries[start:start + index.columns]
            chunk += [None] * (index.columns - len(chunk))
            for column, entry in enumerate(chunk, start=1):
                if entry is not None and entry.current:
                    current.append((len(rows), column))
            rows.append((category if start == 0 else None, *chunk))
        spans.append((first, len(rows) - 1))
    return IndexGrid(tuple(rows), tuple(spans), tuple(current))


def case_anchor(number: int) -> str:
    """The name of the place a case starts in a collected volume, which its contents entry links to."""
    return f"case{number}"


def link_texts(blocks) -> dict[str, str]:
    """Each link target of the blocks (a destination name without '#', a relative path) -> the text a reader
    sees on it, as a link's description for those who cannot see it."""
    texts: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, SideBySide):
            texts.update(link_texts(block.left + block.right))
        elif isinstance(block, CategoryIndex):
            for category in block.categories:
                for entry in category.entries:
                    if entry.link:
                        texts[entry.link.removeprefix("#")] = f"{entry.number.text} {entry.name.text}"
        elif isinstance(block, Toc):
            texts.update({case_anchor(entry.case): entry.text for entry in block.entries if entry.case})
    return texts
