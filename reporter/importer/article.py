"""Reading an article: UTF-8 text (or GB18030, said in a warning), Markdown, or HTML saved from a browser, as a
list of paragraphs, each with the line of the file it starts on and what its markup says it is (a title, a
heading and its level, a caption, a list item). Binary data and empty files are refused."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from reporter.errors import ReporterError
from reporter.importer.tables import table_paragraph
from reporter.limits import ARTICLE_BYTES, ARTICLE_PARAGRAPHS, read_input


@dataclass(frozen=True)
class Line:
    text: str
    line: int
    """1-based line of the article file (a Word file's paragraph number)."""
    kind: str = ""
    """What the markup says: "" (running text), "title" (h1, # , Word's Title), "heading" (h2-h6, ##, Word's
    heading N), "caption" (figcaption, an image's alt text, Word's caption), "item" (a bullet list's item),
    "page" (the browser tab's <title>), PICTURE_SOURCE (a picture file named, the text its source) or PICTURE (a
    picture read). Text files say nothing: their forms are the parser's to read."""
    level: int = 0
    """A heading's level: 2 for h2, ##, Word's heading 1."""
    picture: object = None
    """The picture a caption belongs to (pictures.place_pictures gives it), to be saved beside the case."""

    def with_text(self, text: str) -> "Line":
        """The same line with other text (dataclasses.replace, without its cost on a long article)."""
        return Line(text, self.line, self.kind, self.level, self.picture)


PICTURE_SOURCE = "picture-source"
PICTURE = "picture"
"""Kinds of the lines that stand for pictures (see Line.kind)."""
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<section|<article|<p[\s>])", re.I)
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
           "blockquote", "figcaption", "figure", "title", "table", "ul", "ol", "pre", "hr", "main", "aside", "nav"}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "iframe"}
_KINDS = {"h1": ("title", 1), "h2": ("heading", 2), "h3": ("heading", 3), "h4": ("heading", 4),
          "h5": ("heading", 5), "h6": ("heading", 6), "figcaption": ("caption", 0), "li": ("item", 0),
          "title": ("page", 0)}
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_QUOTE_MARK = re.compile(r"^>\s*")
_MARKDOWN = [(re.compile(r"^#\s+"), "title", 1), (re.compile(r"^(#{2,6})\s+"), "heading", 0),
             (re.compile(r"^!\[([^\]]*)\]\(([^)\s]*)[^)]*\)\s*$"), "caption", 0), (re.compile(r"^[-*+]\s+"), "item", 0)]


class _TextOfHtml(HTMLParser):
    """Block elements and <br> end a paragraph; scripts and styles are dropped; entities are decoded; a table's
    rows become sentences (tables.py), as a Word file's do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._start = 1
        self._skipping = 0
        self._kind: tuple[str, int] = ("", 0)
        self._tables = 0
        """How deep in tables the parser is (a table inside a cell is read as the cell's text)."""
        self._rows: list[list[str]] = []
        self._cell: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.lines.append(Line(text, self._start, *self._kind))
        self._parts = []
        self._kind = ("", 0)

    def _end_cell(self) -> None:
        text = " ".join("".join(self._cell).split())
        if text and self._rows:
            self._rows[-1].append(text)
        self._cell = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "img":
            self._picture(attrs)
        elif tag == "table":
            if not self._tables:
                self._flush()
                self._rows, self._start = [], self.getpos()[0]
            self._tables += 1
        elif self._tables == 1 and tag in ("tr", "td", "th"):
            self._end_cell()
            if tag == "tr" or not self._rows:
                self._rows.append([])
        elif self._tables:
            self._cell.append(" ")
        elif tag in _BLOCKS or tag == "br":
            self._flush()
            if tag in _KINDS:
                self._kind = _KINDS[tag]

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "img":
            self._picture(attrs)
        elif self._tables:
            self._cell.append(" ")
        elif tag in _BLOCKS or tag == "br":
            self._flush()

    def _picture(self, attrs) -> None:
        """An image: a line naming its file where it stands (a lazy page's data-src when src is a placeholder)."""
        values = dict(attrs)
        source = values.get("src") or values.get("data-src") or ""
        if source.startswith("data:image/svg") or source.startswith("data:image/gif"):  # a lazy-load placeholder
            source = values.get("data-src") or source
        if source and not self._tables and not self._skipping:
            self._flush()
            self.lines.append(Line(source, self.getpos()[0], PICTURE_SOURCE))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "table" and self._tables:
            self._tables -= 1
            if not self._tables:
                self._end_cell()
                self.lines += [Line(text, self._start) for text in table_paragraph(self._rows)]
                self._rows = []
        elif self._tables:
            if tag in ("td", "th", "tr") and self._tables == 1:
                self._end_cell()
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._tables:
            self._cell.append(data)
            return
        if not self._parts or not "".join(self._parts).strip():
            self._start = self.getpos()[0]
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        if self._tables:  # a page cut off inside a table: its rows so far
            self._tables = 1
            self.handle_endtag("table")
        self._flush()


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """The text of an article and the warnings about how it was read."""
    if not data.strip():
        raise ReporterError("the article is empty", path)
    wide = _utf16_or_32(data)
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise ReporterError(f"not {wide.upper()} text as its start says (bad bytes at offset {exc.start})",
                                path) from None
        return _checked_text(text.removeprefix("\ufeff"), path), [f"read as {wide.upper()}"]
    if b"\0" in data[:65536]:
        raise ReporterError(f"not a text or HTML article: binary data (a NUL byte at offset {data.index(0)})", path)
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:  # a file cut off mid-character
            return _checked_text(data[:exc.start].decode("utf-8-sig"), path), ["the last character was cut off"]
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ReporterError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})",
                                path) from None
        warnings.append("read as GB18030, not UTF-8")
    return _checked_text(text, path), warnings


def _utf16_or_32(data: bytes) -> str | None:
    """The codec of text saved as UTF-16 or UTF-32 (Windows Notepad's "Unicode"): by its byte-order mark, or,
    without one, by the NUL byte beside every character of ASCII text."""
    for bom, codec in ((b"\xff\xfe\0\0", "utf-32-le"), (b"\0\0\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
                       (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return codec
    sample = data[:4096]
    if len(sample) >= 8 and len(sample) % 2 == 0:
        for codec, nuls in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            others = sample[0::2] if codec == "utf-16-le" else sample[1::2]
            if nuls.count(0) > 0.9 * len(nuls) and others.count(0) == 0:  # ASCII, each character beside a NUL
                return codec
    return None


def _checked_text(text: str, path: Path) -> str:
    controls = sum(1 for char in text if unicodedata.category(char) in ("Cc", "Co", "Cn") and char not in "\r\n\t\f")
    if controls > max(8, len(text) // 100):
        raise ReporterError(f"not a text or HTML article: {controls} control characters", path)
    return text


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of a Word 97-2003 (.doc) or WPS file (a Compound File)."""
PDF_PAGES = 200
"""The most pages read of a PDF article (a case's article has a few)."""


def read_article(path: Path) -> tuple[list[Line], bool, list[str]]:
    """(paragraphs, whether it was HTML, warnings). A paragraph of a text file is one non-blank line; a PDF's text
    layer is read as a text file copied from it."""
    data = read_input(path, ARTICLE_BYTES, "the article")
    if data.startswith(OLE_SIGNATURE) or path.suffix.lower() in (".doc", ".wps", ".et", ".dps"):
        raise ReporterError("a Word 97-2003 or WPS file, which the importer cannot read: save it as .docx (Word or "
                            "WPS: File > Save As > Word Document) and import that", path)
    if data.startswith(b"%PDF-"):
        text, warnings = _pdf_text(data, path), ["read from the PDF's text layer"]
    else:
        text, warnings = decode(data, path)
    if _HTML_START.match(text[:2048]) or path.suffix.lower() in (".html", ".htm"):
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        lines = parser.lines
        is_html = True
    else:
        raw_lines = text.splitlines()
        if len(raw_lines) > 4 * ARTICLE_PARAGRAPHS:
            raise ReporterError(f"the article has {len(raw_lines):,} lines; a case article has "
                                f"{4 * ARTICLE_PARAGRAPHS:,} at most (is this a whole report?)", path)
        lines = [Line(" ".join(raw.split()), number) for number, raw in enumerate(raw_lines, 1) if raw.strip()]
        is_markdown = path.suffix.lower() in (".md", ".markdown")
        marked = [out for line in lines for out in _markdown_line(line)] if is_markdown or any(
            line.text.startswith("#") for line in lines) else []
        if is_markdown or (marked and _is_markdown(marked)):
            lines = [line for line in marked if line.text]
        else:
            joined = _unwrapped(lines)
            if len(joined) < len(lines):
                warnings.append(f"lines broken at a printed page's width (text copied from a PDF) were joined: "
                                f"{len(lines)} lines into {len(joined)} paragraphs")
                lines = joined
        is_html = False
    if not lines:
        raise ReporterError("the article has no text", path)
    return lines, is_html, warnings


def _markdown_line(line: Line) -> list[Line]:
    """A line of a text file, with what its Markdown says (# title, ## heading, ![caption](image), - item);
    **bold** and > quote marks taken off."""
    number = line.line
    text = _QUOTE_MARK.sub("", _BOLD.sub(lambda m: m.group(1) or m.group(2), line.text))
    for pattern, kind, level in _MARKDOWN:
        found = pattern.match(text)
        if found:
            if kind == "caption":  # the file, then its caption (the alt text) under it
                source = Line(found.group(2).strip(), number, PICTURE_SOURCE)
                return [source, Line(found.group(1).strip(), number, kind)] if found.group(1).strip() else [source]
            if kind == "heading":
                level = len(found.group(1))
            return [Line(text[found.end():].strip(), number, kind, level)]
    return [Line(text, number)]


def _is_markdown(lines: list[Line]) -> bool:
    """A text file is read as Markdown when it has a # title and a ## heading, or two ## headings (one line
    starting "# " or "## " is no proof)."""
    kinds = [line.kind for line in lines]
    return "title" in kinds and kinds.count("heading") >= 1 or kinds.count("heading") >= 2


WRAPPED_SHARE = 0.8
"""A line this close to the text's full printed width, not ending a sentence, runs on into the next line."""
_SENTENCE_ENDS = "。！？；：…”’」』）)!?;:."


def _width(text: str) -> int:
    """Printed width in half-ems: Latin letters and digits take one, everything else (ideographs, punctuation,
    which a Chinese PDF sets full-width even where the copy has it half-width) two."""
    return sum(1 if char.isascii() and (char.isalnum() or char == " ") else 2 for char in text)


def _unwrapped(lines: list[Line]) -> list[Line]:
    """A text copied out of a PDF has its paragraphs broken at every printed line: such lines (near the widest,
    ending no sentence) are joined to the next. A text with a paragraph a line has fewer than 3 of them and is
    left as it is."""
    widths = [_width(line.text) for line in lines]
    full = sorted(widths)[int(len(widths) * 0.9)] if widths else 0
    broken = [w >= WRAPPED_SHARE * full and line.text[-1] not in _SENTENCE_ENDS for line, w in zip(lines, widths)]
    if sum(broken) < 3 or sum(broken) < 0.2 * sum(w >= WRAPPED_SHARE * full for w in widths):
        return lines
    paragraphs: list[tuple[int, list[str]]] = []
    runs_on = False
    for line, breaks in zip(lines, broken):
        if runs_on:
            paragraphs[-1][1].append(line.text)
        else:
            paragraphs.append((line.line, [line.text]))
        runs_on = breaks
    return [Line("".join(parts), number) for number, parts in paragraphs]


def _pdf_text(data: bytes, path: Path) -> str:
    """A PDF's text layer, page after page (PDFium), its lines as a text file copied from the PDF has them."""
    import pypdfium2 as pdfium  # only for an article that is a PDF

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReporterError(f"a damaged PDF, or one with a password ({' '.join(str(exc).split())})", path) from None
    try:
        if len(document) > PDF_PAGES:
            raise ReporterError(f"the PDF has {len(document)} pages; a case article has {PDF_PAGES} at most (is this "
                                "a whole report?)", path)
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
    finally:
        document.close()
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReporterError("the PDF has no text layer (a scan?): it would need text recognition first", path)
    return _checked_text(text, path)
