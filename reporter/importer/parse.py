"""From an article's paragraphs to a draft case: title and case number, enterprise, date, summary, keywords,
sections with subsections and figure captions. Every paragraph is accounted for: placed in the case, used for
structure (a heading, a date), or removed as page noise with a reason."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from reporter.errors import ReporterError
from reporter.model.schema import Book, Enterprise
from reporter.importer.article import Line
from reporter.importer.rules import Rules, parse_numeral, rules
from reporter.importer.text import normalise, split_enumeration, split_sentences

SHORT = 40
"""A caption or subsection title is at most this many characters."""
_SENTENCE_END = "。！？；：…!?;:"
_DATES = [re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), re.compile(r"(?<!\d)(\d{4})/(\d{1,2})/(\d{1,2})(?!\d)"),
          re.compile(r"(?<!\d)(\d{4})\.(\d{1,2})\.(\d{1,2})(?!\d)"), re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]


@dataclass
class Accounted:
    line: int
    text: str
    reason: str
    removed: bool
    """True: page noise taken out; False: used for the case's structure (a heading, the date)."""


@dataclass
class DraftPart:
    title: str | None
    line: int
    kind: str = "other"
    paragraphs: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    subsections: list["DraftPart"] = field(default_factory=list)

    @property
    def parts(self) -> list["DraftPart"]:
        """This section and its subsections, in order."""
        return [self, *self.subsections]

    @property
    def current(self) -> "DraftPart":
        """Where text goes now: the last subsection, or the section itself before its first subsection."""
        return self.subsections[-1] if self.subsections else self


@dataclass
class Draft:
    number: int
    enterprise: Enterprise
    title: str
    date: dt.date
    summary: str
    keywords: list[str]
    sections: list[DraftPart]
    honours: list[str]
    source: dict[str, str] | None
    accounted: list[Accounted]
    warnings: list[str]


def _date(text: str) -> dt.date | None:
    for pattern in _DATES:
        match = pattern.search(text)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                continue
    return None


def _enterprise_in(text: str, book: Book) -> tuple[int, Enterprise] | None:
    """The catalogue entry whose Chinese short or full name occurs in text (the longest name wins)."""
    best = None
    for number, _category, enterprise in book.entries():
        for name in (enterprise.short.get("zh"), enterprise.full.get("zh")):
            if name and name in text and (best is None or len(name) > best[0]):
                best = (len(name), number, enterprise)
    return (best[1], best[2]) if best else None


class _Parser:
    def __init__(self, lines: list[Line], book: Book, path: Path):
        self.lines, self.book, self.path = lines, book, path
        self.rules: Rules = rules()
        self.accounted: list[Accounted] = []
        self.warnings: list[str] = []
        self.sections: list[DraftPart] = []
        self.loose: list[Line] = []
        """Body paragraphs met before the first section heading."""
        self.summary: str | None = None
        self.keywords: list[str] | None = None
        self.date: dt.date | None = None
        self.summary_in_section = False

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.path.name}:{line}: {message}" if line else f"{self.path.name}: {message}")

    def drop(self, line: Line, reason: str, removed: bool = True) -> None:
        self.accounted.append(Accounted(line.line, line.text, reason, removed))

    # -- the title ------------------------------------------------------------------------------------

    def find_title(self) -> tuple[int, int, Enterprise]:
        """(index of the title paragraph, case number, enterprise)."""
        pattern = self.rules.patterns["case_number"]
        for index, line in enumerate(self.lines):
            match = pattern.search(line.text) if len(line.text) <= 80 else None
            if match is None:
                continue
            number = parse_numeral(match.group(1))
            if number is None:
                raise ReporterError(f"the title's case number {match.group(1)} is not a number from 1 to 99",
                                    self.path, line.line)
            named = _enterprise_in(line.text, self.book)
            entries = self.book.entries()
            if number > len(entries):
                if named is None:
                    raise ReporterError(f"the title says case {number}, but the book has {len(entries)} cases",
                                        self.path, line.line)
                self.warn(line.line, f"the title says case {number}; the catalogue has {named[1].short['zh']} "
                                     f"as case {named[0]}")
                return index, named[0], named[1]
            by_number = entries[number - 1][2]
            if named is None:
                self.warn(line.line, f"the title names no enterprise of the catalogue; case {number} there is "
                                     f"{by_number.short['zh']}")
                return index, number, by_number
            if named[1].id != by_number.id:
                self.warn(line.line, f"the title says case {number}, but {named[1].short['zh']} is case "
                                     f"{named[0]} in the catalogue; taken as case {named[0]}")
            return index, named[0], named[1]
        for index, line in enumerate(self.lines[:15]):  # no case number: a short line naming an enterprise
            named = _enterprise_in(line.text, self.book) if len(line.text) <= 60 else None
            if named and line.text[-1] not in _SENTENCE_END:
                self.warn(line.line, f"no case number (案例…) in the title; {named[1].short['zh']} is case "
                                     f"{named[0]} in the catalogue")
                return index, named[0], named[1]
        raise ReporterError("no case found: no title naming a case (案例…) or an enterprise of the book's "
                            "catalogue", self.path)

    def title_text(self, line: Line, enterprise: Enterprise) -> str:
        text = normalise(line.text)
        text = self.rules.patterns["title_prefix"].sub("", text)
        text = re.sub(r"\s*[（(]?\s*" + self.rules.patterns["case_number"].pattern + r"\s*[)）]?", "", text).strip()
        text = text.strip(" ：:·-—|｜")
        if not text or text in (enterprise.short.get("zh"), enterprise.full.get("zh")):
            return ""
        return text

    def propose_title(self, enterprise: Enterprise, line: int) -> str:
        """For a title that only names the enterprise: 'enterprise：“the named model” …' from the text."""
        name = enterprise.short["zh"]
        pattern = self.rules.patterns["title_phrase"]
        texts = [self.summary or ""] + [p for s in self.sections for part in s.parts
                                        for p in part.paragraphs]
        for text in texts:
            match = pattern.search(text)
            if match:
                self.warn(line, f"the article's title only names the enterprise; proposed: "
                                f"{name}：{match.group(0)} (check it)")
                return f"{name}：{match.group(0)}"
        self.warn(line, "the article's title only names the enterprise: give the brief a title")
        return name

    # -- the body -------------------------------------------------------------------------------------

    def is_part_marker(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and bool(self.rules.patterns["part_marker"].match(self.lines[index].text))

    def heading(self, index: int, text: str) -> tuple[str, str] | None:
        """(kind, title) when the paragraph is a section heading."""
        numbered = self.rules.patterns["heading_number"].search(text)
        name = self.rules.patterns["heading_number"].sub("", text) if numbered else text
        name = name.strip(" ：:#【】[]")  # 背景：, ## 背景, 【背景】
        kind = self.rules.section_names.get(name)
        if kind is not None:
            return kind, name
        beside_marker = self.is_part_marker(index - 1) or self.is_part_marker(index + 1) or (
            numbered and numbered.group(0).strip().upper().startswith(("PART", "第")))
        if beside_marker and name and len(name) <= 16 and not any(c in name for c in "。，,；"):
            return "other", name
        return None

    def place(self, line: Line, text: str) -> None:
        """A paragraph, a caption or a subsection title, into the current section."""
        subsection = self.rules.patterns["subsection"].match(text)
        is_short = len(text) <= SHORT and text[-1] not in _SENTENCE_END
        if subsection and is_short:
            if not self.sections:
                self.warn(line.line, f"subsection {text!r} before any section heading: placed in a section "
                                     "of kind 'actions'")
                self.sections.append(DraftPart(None, line.line, "actions"))
            self.sections[-1].subsections.append(DraftPart(subsection.group(2).strip(), line.line))
            return
        if not self.sections:
            self.loose.append(Line(text, line.line))
            return
        part = self.sections[-1].current
        if is_short and not text.startswith(("“", "\"")) and len(text) >= 4:
            part.figures.append(text)
        else:
            part.paragraphs.append(text)

    def walk(self, start: int) -> None:
        patterns = self.rules.patterns
        tail: str | None = None
        in_note = summary_next = False
        title_core = self.lines[start - 1].text
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            text = normalise(line.text)
            expecting_summary, summary_next = summary_next, False  # only the very next paragraph
            tail = next((reason for pattern, reason in self.rules.tail if pattern.search(text)), tail)
            if tail is not None:
                self.drop(line, tail)
                continue
            noise = next((reason for pattern, reason in self.rules.noise if pattern.search(text)), None)
            if noise is not None:
                self.drop(line, noise)
                continue
            if title_core in line.text or (len(line.text) >= 6 and line.text in title_core):
                self.drop(line, "the title, repeated")
                continue
            date = _date(text) if self.date is None and len(text) <= 40 else None
            if date and not self.sections and self.summary is None:
                self.date = date
                self.drop(line, "used as the case's date", removed=False)
                continue
            note = patterns["editor_note"].match(text)
            if note:
                in_note = not text[note.end():].strip()  # a label alone: the note is the next paragraph
                self.drop(line, "editor's note (the book's, not the case's)")
                continue
            summary = patterns["summary"].match(text)
            if summary and self.summary is None:
                in_note = False
                rest = text[summary.end():].strip()
                self.summary = rest or None
                summary_next = not rest  # a label alone: the summary is the next paragraph
                if summary_next:
                    self.drop(line, "summary label", removed=False)
                continue
            keywords = patterns["keywords"].match(text)
            if keywords and self.keywords is None:
                in_note = False
                self.keywords = [k for k in patterns["keyword_separator"].split(text[keywords.end():]) if k]
                continue
            if self.is_part_marker(index):
                in_note = False
                self.drop(line, "section number", removed=False)
                continue
            heading = self.heading(index, text)
            if heading is not None:
                in_note = False
                kind, title = heading
                if kind != "other" and any(s.kind == kind for s in self.sections):
                    self.warn(line.line, f"a second {title!r} section (kind {kind!r})")
                self.sections.append(DraftPart(title, line.line, kind))
                self.drop(line, f"heading of section {len(self.sections)}", removed=False)
                continue
            if in_note:
                in_note = False
                self.drop(line, "editor's note (the book's, not the case's)")
                continue
            if expecting_summary:
                self.summary = text
                continue
            self.place(line, text)
        if tail is None:
            self.warn(None, "no end of the article found (—— END ——, the case overview, contacts): everything "
                            "after the last heading was kept")

    # -- afterwards -----------------------------------------------------------------------------------

    def settle_loose(self) -> None:
        """Paragraphs before the first heading: the summary when there was none, the rest to the first section."""
        loose = self.loose
        if self.summary is None:
            if loose:
                first = loose.pop(0)
                self.summary = first.text
                self.warn(first.line, "no summary (摘要): the first paragraph of the text is used as the summary")
            elif self.sections and self.sections[0].paragraphs:
                self.summary = self.sections[0].paragraphs[0]
                self.summary_in_section = True
                self.warn(self.sections[0].line, "no summary (摘要): the first paragraph of the first section is "
                                                 "used as the summary (and kept in its section)")
        if not self.sections:
            if not loose:
                raise ReporterError("no case found: no section headings (背景, 责任行动, 履责成效, 展望) and no "
                                    "body text", self.path)
            self.warn(loose[0].line, f"no section headings: all {len(loose)} paragraphs placed in one section "
                                     "titled 正文 (kind 'other')")
            self.sections.append(DraftPart("正文", loose[0].line, "other"))
        elif loose:
            self.warn(loose[0].line, f"{len(loose)} paragraph(s) before the first section heading: placed at the "
                                     f"start of section {self.sections[0].title!r}")
        self.sections[0].paragraphs[:0] = [line.text for line in loose]

    def tidy_sections(self) -> None:
        """Empty sections get a warning and go; repeated fragments go; 一是 starts its own paragraph."""
        seen_text = "" if self.summary_in_section else self.summary or ""
        kept = []
        for section in self.sections:
            for part in section.parts:
                paragraphs = []
                for paragraph in part.paragraphs:
                    cleaned, repeated = _drop_repeats(paragraph, seen_text)
                    for fragment in repeated:
                        self.warn(part.line, f"a repeated fragment removed from {part.title or section.title!r}: "
                                             f"{fragment[:30]}…")
                        self.accounted.append(Accounted(part.line, fragment, "repeated fragment", True))
                    seen_text += paragraph
                    if cleaned:
                        paragraphs += split_enumeration(cleaned, lambda m: self.warn(part.line, m))
                part.paragraphs = paragraphs
            section.subsections = [s for s in section.subsections if s.paragraphs or s.figures]
            for sub in section.subsections:
                if not sub.paragraphs:
                    self.warn(sub.line, f"subsection {sub.title!r} has no paragraphs: its captions are kept as "
                                        "paragraphs")
                    sub.paragraphs, sub.figures = sub.figures, []
            if section.paragraphs or section.subsections:
                kept.append(section)
            else:
                self.warn(section.line, f"section {section.title!r} has no text and was left out")
        self.sections = kept

    def honours(self) -> list[str]:
        """Sentences of the results that tell of an award or a title conferred."""
        pattern = self.rules.patterns["honour"]
        found = []
        for section in self.sections:
            if section.kind != "results":
                continue
            for paragraph in (p for part in section.parts for p in part.paragraphs):
                for sentence in split_sentences(paragraph):
                    if pattern.search(sentence):
                        found.append(sentence.rstrip("。！!").lstrip("其中，,"))
        return found


def _drop_repeats(paragraph: str, seen: str) -> tuple[str, list[str]]:
    """Sentences (of 12 characters or more) that already appeared word for word earlier: copy-paste debris."""
    kept, repeated = [], []
    for sentence in split_sentences(paragraph):
        if len(sentence) >= 12 and sentence.rstrip("。") in seen:
            repeated.append(sentence)
        else:
            kept.append(sentence)
    return "".join(kept), repeated


def parse(lines: list[Line], book: Book, path: Path, extra_warnings: list[str],
          date: dt.date | None = None) -> Draft:
    """date: the editor's --date, which wins over the article's (a warning says so where they differ)."""
    parser = _Parser(lines, book, path)
    parser.warnings += [f"{path.name}: {w}" for w in extra_warnings]
    title_index, number, enterprise = parser.find_title()
    for line in lines[:title_index]:
        parser.drop(line, "page header above the title")
    title_line = lines[title_index]
    parser.drop(title_line, "the title", removed=False)
    title = parser.title_text(title_line, enterprise)
    parser.walk(title_index + 1)
    parser.settle_loose()
    parser.tidy_sections()
    title = title or parser.propose_title(enterprise, title_line.line)
    if date is not None:
        if parser.date is not None and parser.date != date:
            parser.warn(None, f"the article is dated {parser.date.isoformat()}; --date {date.isoformat()} used")
        parser.date = date
    elif parser.date is None:
        found = next((d for line in lines if (d := _date(line.text))), None)
        if found is None:  # no date is invented
            raise ReporterError("the article has no date: give the case's date with --date YYYY-MM-DD", path)
        parser.date = found
        parser.warn(None, f"no date line under the title: taken from the page, {found.isoformat()}; check it")
    if not parser.keywords:
        parser.warn(None, "no keywords (关键词): the case has none")
    publisher = book.publisher.name
    source = dict(publisher) if any(publisher.get("zh", "\0") in line.text for line in lines) else None
    return Draft(number, enterprise, title, parser.date, parser.summary or "", parser.keywords or [],
                 parser.sections, parser.honours(), source, parser.accounted, parser.warnings)
