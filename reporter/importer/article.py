"""Reading an article: UTF-8 text (or GB18030, said in a warning), or HTML saved from a browser, as a list of
paragraphs, each with the line of the file it starts on. Binary data and empty files are refused."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from reporter.errors import ReporterError


@dataclass(frozen=True)
class Line:
    text: str
    line: int
    """1-based line of the article file."""


_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<section|<article|<p[\s>])", re.I)
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
           "blockquote", "figcaption", "figure", "title", "table", "ul", "ol", "pre", "hr", "main", "aside", "nav"}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "iframe"}


class _TextOfHtml(HTMLParser):
    """Block elements and <br> end a paragraph; scripts and styles are dropped; entities are decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._start = 1
        self._skipping = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.lines.append(Line(text, self._start))
        self._parts = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS or tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._parts or not "".join(self._parts).strip():
            self._start = self.getpos()[0]
        self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """The text of an article and the warnings about how it was read."""
    if not data.strip():
        raise ReporterError("the article is empty", path)
    if b"\0" in data[:65536]:
        raise ReporterError(f"not a text or HTML article: binary data (a NUL byte at offset {data.index(0)})", path)
    warnings = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ReporterError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})",
                                path) from None
        warnings.append("read as GB18030, not UTF-8")
    controls = sum(1 for char in text if unicodedata.category(char) in ("Cc", "Co", "Cn") and char not in "\r\n\t\f")
    if controls > max(8, len(text) // 100):
        raise ReporterError(f"not a text or HTML article: {controls} control characters", path)
    return text, warnings


def read_article(path: Path) -> tuple[list[Line], bool, list[str]]:
    """(paragraphs, whether it was HTML, warnings). A paragraph of a text file is one non-blank line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReporterError("file not found", path) from None
    except IsADirectoryError:
        raise ReporterError("is a folder, not an article", path) from None
    text, warnings = decode(data, path)
    if _HTML_START.match(text[:2048]) or path.suffix.lower() in (".html", ".htm"):
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        lines = parser.lines
        is_html = True
    else:
        lines = [Line(" ".join(raw.split()), number) for number, raw in enumerate(text.splitlines(), 1)
                 if raw.strip()]
        is_html = False
    if not lines:
        raise ReporterError("the article has no text", path)
    return lines, is_html, warnings
