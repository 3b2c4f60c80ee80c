"""From an article's paragraphs to a draft case: title and case number, enterprise, date, summary, keywords,
sections with subsections and figure captions. Every paragraph is accounted for: placed in the case, used for
structure (a heading, a date), or removed as page noise with a reason."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from reporter.errors import ReporterError
from reporter.model.schema import Book, Enterprise
from reporter.importer.article import Line
from reporter.importer.rules import Rules, parse_numeral, rules
from reporter.importer.text import normalise, split_enumeration, split_sentences

SHORT = 40
"""A caption or subsection title is at most this many characters."""
TITLE_LENGTH = (4, 60)
"""A line taken for the title by its form has this many characters, at least and at most."""
REPEAT_CHECKS = 2_000
REPEAT_WINDOW = 200_000
"""Repeated fragments are looked for in the first 2,000 sentences, within the first 200,000 characters of text (an
article has a few hundred sentences; a hostile one would make the search quadratic)."""
HEAD_LINES = 15
"""The title is looked for in this many lines from the top (after the page's noise)."""
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
    pictures: dict[str, object] = field(default_factory=dict)
    """The article's pictures (a Word file's, a saved page's) by the caption of their figure."""


def _date(text: str) -> dt.date | None:
    for pattern in _DATES:
        match = pattern.search(text)
        if match:
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                continue
    return None


class _Catalogue:
    """The catalogue's Chinese names, short and full, as one pattern, longest first (中国石油化工集团 before
    中国石油): made once an article."""

    def __init__(self, book: Book):
        self.entries = {name: (number, enterprise) for number, _category, enterprise in book.entries()
                        for name in (enterprise.short.get("zh"), enterprise.full.get("zh")) if name}
        self.pattern = re.compile("|".join(re.escape(name) for name in sorted(self.entries, key=len, reverse=True)))

    def named(self, text: str) -> tuple[int, Enterprise] | None:
        """(case number, enterprise) of the longest name in text."""
        found = max(self.pattern.findall(text), key=len, default=None)
        return self.entries[found] if found else None

    def mentions(self, lines: list[Line]) -> list[tuple[int, Enterprise, int]]:
        """(case number, enterprise, mentions) for each enterprise the article names, most mentioned first."""
        counts: Counter[str] = Counter()
        found: dict[str, tuple[int, Enterprise]] = {}
        for line in lines:
            for match in self.pattern.finditer(line.text):
                number, enterprise = self.entries[match.group()]
                counts[enterprise.id] += 1
                found[enterprise.id] = (number, enterprise)
        return [(*found[key], count) for key, count in counts.most_common()]


class _Parser:
    def __init__(self, lines: list[Line], book: Book, path: Path):
        self.lines, self.book, self.path = lines, book, path
        self.catalogue = _Catalogue(book)
        self.rules: Rules = rules()
        self.accounted: list[Accounted] = []
        self.warnings: list[str] = []
        self.sections: list[DraftPart] = []
        self.loose: list[Line] = []
        """Body paragraphs met before the first section heading."""
        self.summary: str | None = None
        self.keywords: list[str] | None = None
        self.date: dt.date | None = None
        self.given: tuple[int, Enterprise] | None = None
        """The case's number and enterprise as the editor gave them (--enterprise), whatever the article names."""
        self.summary_in_section = False
        self.listing: DraftPart | None = None
        """The part whose last paragraph a list's items are being added to."""
        self.own_note: list[tuple[int, str]] = []
        """The article's own editor's note (line, text): kept as a section."""
        self.pictures: dict[str, object] = {}
        self.top_level: int | None = None
        """The level of the article's section headings by markup (h2, Word's heading 1), when it has any."""
        self.raw: dict[int, str] = {}
        """Each line's text as the article has it (before normalise), by the line's id: what the report quotes."""
        self.heading_forms: set[str] = set()
        """How the article numbers its known section headings (一、 1. PART 第…部分): another short line numbered
        so is a section heading too."""

    def survey(self, start: int) -> None:
        """Before walking: the level of section headings by markup, and the numbering of the known ones."""
        levels = [line.level for line in self.lines[start:] if line.kind == "heading"]
        self.top_level = min(levels) if levels else None
        for line in self.lines[start:]:
            numbered, name = self.heading_name(line.text)
            if numbered and name in self.rules.section_names:
                self.heading_forms.add(_number_form(numbered.group(0)))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.path.name}:{line}: {message}" if line else f"{self.path.name}: {message}")

    def drop(self, line: Line, reason: str, removed: bool = True) -> None:
        """Account for a paragraph in the report, quoted as the article has it."""
        self.accounted.append(Accounted(line.line, self.raw.get(id(line), line.text), reason, removed))

    # -- the title ------------------------------------------------------------------------------------

    def noise(self, text: str) -> str | None:
        """Why the paragraph is page noise (rules.toml's [[noise]]), or None."""
        return next((reason for pattern, reason in self.rules.noise if pattern.search(text)), None)

    def find_title(self) -> tuple[int, int, Enterprise]:
        """(index of the title paragraph, case number, enterprise): the title by its case number (案例…), else, among
        the first lines that read as a title (short, no sentence, no label), by its markup (h1, # , Word's Title),
        by an enterprise's name in it, by its place above the date, or first; the browser tab's <title> only when
        the page has none of these. The enterprise is the title's, else the one the article names most."""
        numbered = self.numbered_title()
        if numbered is not None and self.given is None:
            return numbered
        head = list(islice(((index, line) for index, line in enumerate(self.lines) if self.noise(line.text) is None),
                           HEAD_LINES))
        candidates = [(index, line) for index, line in head if self.title_like(line)]
        on_page = [(index, line) for index, line in candidates if line.kind != "page"]  # before the browser tab's
        marked = next((index for index, line in on_page if line.kind == "title"), None)
        naming = [index for index, line in candidates if self.catalogue.named(line.text)]
        dated = next((index for index, line in head if _date(line.text) and len(line.text) <= 60), None)
        above_date = next((index for index, _ in reversed(on_page) if dated is not None and index < dated), None)
        in_order = [marked, next((i for i in naming if self.lines[i].kind != "page"), None), above_date,
                    on_page[0][0] if on_page else None, naming[0] if naming else None,
                    candidates[0][0] if candidates else None]
        index = next((i for i in in_order if i is not None), None)
        if numbered is not None:
            index = numbered[0]
        if index is None:
            raise ReporterError("no case found: no title naming a case (案例…) or an enterprise of the book's "
                                "catalogue, and no line that reads as a title", self.path)
        line = self.lines[index]
        if self.given is not None:
            number, enterprise = self.given
            named = numbered[1:] if numbered is not None else self.catalogue.named(line.text)
            if named is not None and named[1].id != enterprise.id:
                self.warn(line.line, f"the title names {named[1].short['zh']} (case {named[0]}); --enterprise "
                                     f"{enterprise.id} used")
            return index, number, enterprise
        named = self.catalogue.named(line.text)
        if named is not None:
            self.warn(line.line, f"no case number (案例…) in the title; {named[1].short['zh']} is case "
                                 f"{named[0]} in the catalogue")
            return index, named[0], named[1]
        mentioned = self.catalogue.mentions(self.lines)
        if not mentioned:
            raise ReporterError("no enterprise of the book's catalogue is named in the article (title, source line "
                                "or text): the case cannot be placed", self.path, line.line)
        number, enterprise, count = mentioned[0]
        others = "; ".join(f"{e.short['zh']} {c}" for _, e, c in mentioned[1:4])
        self.warn(line.line, f"the title names no enterprise and no case number: taken as {enterprise.short['zh']} "
                             f"(case {number}), named {count} times in the article" +
                             (f" (others named: {others})" if others else ""))
        return index, number, enterprise

    def title_like(self, line: Line) -> bool:
        """A short line that can be a title: not a sentence, a date, a label, a heading, a marker or a caption."""
        text, patterns = line.text, self.rules.patterns
        return (line.kind in ("", "title", "page", "heading") and TITLE_LENGTH[0] <= len(text) <= TITLE_LENGTH[1]
                and text[-1] not in _SENTENCE_END + "." and _date(text) is None
                and not any(patterns[key].match(text) for key in ("summary", "keywords", "editor_note",
                                                                   "part_marker", "caption", "subtitle"))
                and text.strip(" ：:#【】[]") not in self.rules.section_names)

    def numbered_title(self) -> tuple[int, int, Enterprise] | None:
        """The title by its case number (案例三十六): a line of the page before the browser tab's <title>."""
        pattern = self.rules.patterns["case_number"]
        order = sorted(range(len(self.lines)), key=lambda i: (self.lines[i].kind == "page", i))
        for index in order:
            line = self.lines[index]
            match = pattern.search(line.text) if len(line.text) <= 80 else None
            if match is None or self.noise(line.text) is not None:
                continue
            number = parse_numeral(match.group(1))
            if number is None:
                raise ReporterError(f"the title's case number {match.group(1)} is not a number from 1 to 99",
                                    self.path, line.line)
            named = self.catalogue.named(line.text)
            entries = self.book.entries()
            if number > len(entries):
                if named is None:
                    raise ReporterError(f"the title says case {number}, but the book has {len(entries)} cases",
                                        self.path, line.line)
                self.warn(line.line, f"the title says case {number}; the catalogue has {named[1].short['zh']} "
                                     f"as case {named[0]}")
                return index, named[0], named[1]
            by_number = entries[number - 1][2]
            if named is None and self.title_continues(index):
                above = self.lines[index - 1]
                self.warn(above.line, "the title runs over two lines: joined")
                self.lines[index - 1] = replace(above, text=above.text + line.text)
                index, line, named = index - 1, self.lines[index - 1], self.catalogue.named(above.text)
            if named is None:
                self.warn(line.line, f"the title names no enterprise of the catalogue; case {number} there is "
                                     f"{by_number.short['zh']}")
                return index, number, by_number
            if named[1].id != by_number.id:
                self.warn(line.line, f"the title says case {number}, but {named[1].short['zh']} is case "
                                     f"{named[0]} in the catalogue; taken as case {named[0]}")
            return index, named[0], named[1]
        return None

    def title_continues(self, index: int) -> bool:
        """Whether the line with the case number ends a title begun on the line above (a title broken in two by
        a page's width): that line reads as a title and names an enterprise."""
        above = self.lines[index - 1] if index > 0 else None
        return (above is not None and self.title_like(above) and self.noise(above.text) is None
                and self.catalogue.named(above.text) is not None)

    def title_text(self, line: Line, enterprise: Enterprise) -> str:
        """The title without the column's prefix and the case number, the enterprise's short name in front as
        the book has it (中国大唐：“风光储”…); "" when it only names the enterprise."""
        text = self.rules.patterns["title_prefix"].sub("", line.text)  # (lines are normalised already)
        text = re.sub(r"\s*[（(]?\s*" + self.rules.patterns["case_number"].pattern + r"\s*[)）]?", "", text).strip()
        text = text.strip(" ：:·-—|｜")
        names = (enterprise.short.get("zh"), enterprise.full.get("zh"))
        if not text or text in names:
            return ""
        for name in names:  # 招商局集团 | 蛇口模式… -> 招商局集团：蛇口模式…
            if name and re.match(re.escape(name) + r"\s*[|｜丨·]\s*\S", text):
                text = name + "：" + re.sub(r"^\s*[|｜丨·]\s*", "", text[len(name):])
        if not any(name and text.startswith(name) for name in names):
            text = f"{enterprise.short['zh']}：{text}"
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

    def heading_name(self, text: str) -> tuple[re.Match | None, str]:
        """(its number, the name) of a heading: PART 01 背景, 一、背景, 背景：, ## 背景 and 【背景】 all name 背景."""
        numbered = self.rules.patterns["heading_number"].search(text)
        name = self.rules.patterns["heading_number"].sub("", text) if numbered else text
        return numbered, name.strip(" ：:#【】[]")

    def is_section_name(self, index: int) -> bool:
        """Whether line `index` names a known section (背景, PART 01 背景)."""
        return 0 <= index < len(self.lines) and self.heading_name(self.lines[index].text)[1] in self.rules.section_names

    def heading(self, index: int, line: Line, text: str) -> tuple[str, str] | None:
        """(kind, title) when the paragraph is a section heading: a known section name however numbered or
        bracketed; or another short name marked as a section by its markup (the level of the article's
        section headings), its brackets (【经验启示】), a number of the form the known headings have (四、 after
        一、背景), or a part marker of its own (PART 05)."""
        numbered, name = self.heading_name(text)
        kind = self.rules.section_names.get(name)
        if kind is not None:
            return kind, name
        marked_up = line.kind == "heading" and line.level == self.top_level
        if not name or len(name) > (SHORT if marked_up else 16) or any(c in name for c in "。，,；"):
            return None
        own_marker = self.is_part_marker(index + 1) or (
            self.is_part_marker(index - 1) and not self.is_section_name(index - 2))  # PART 02 under 责任行动 is its
        if (marked_up or own_marker or re.fullmatch(r"【[^】]+】", text)
                or (numbered and _number_form(numbered.group(0)) in self.heading_forms | {"part", "chapter"})):
            return "other", name
        return None

    def add_figure(self, part: DraftPart, line: Line, text: str) -> None:
        """A caption into a section or subsection, without its mark or number (▲, 图1): the brief numbers them;
        the picture it came with (pictures.place_pictures gave it to this line) is kept by it."""
        bracketed = self.rules.patterns["caption_brackets"].match(text)
        caption = bracketed.group(1) if bracketed else self.rules.patterns["caption_number"].sub("", text).strip()
        caption = caption or text
        part.figures.append(caption)
        if line.picture is not None:
            self.pictures[caption] = line.picture

    def is_caption(self, line: Line, text: str) -> bool:
        """A caption by markup (figcaption, Word's caption style), by its mark (▲, 图为, 图1), or by its form: a short
        line that is no sentence, no quotation and no list item."""
        if line.kind == "caption" or (self.rules.patterns["caption"].match(text) and len(text) <= 2 * SHORT):
            return True
        return (line.kind != "item" and 4 <= len(text) <= SHORT and text[-1] not in _SENTENCE_END
                and not text.startswith(("“", "\"")))

    def place(self, line: Line, text: str) -> None:
        """A paragraph, a caption or a subsection title, into the current section."""
        subsection = self.rules.patterns["subsection"].match(text)
        is_short = len(text) <= SHORT and text[-1] not in _SENTENCE_END
        if line.kind == "heading" or (subsection and is_short):
            title = subsection.group("title").strip(" ：:#【】[]") if subsection else self.heading_name(text)[1]
            if not self.sections:
                self.warn(line.line, f"subsection {text!r} before any section heading: placed in a section "
                                     "of kind 'actions'")
                self.sections.append(DraftPart(None, line.line, "actions"))
            self.sections[-1].subsections.append(DraftPart(title, line.line))
            return
        if not self.sections:
            self.loose.append(line.with_text(text))
            return
        part = self.sections[-1].current
        listing, self.listing = self.listing, None
        if line.kind == "item" and part.paragraphs and (listing is part or part.paragraphs[-1].endswith("：")):
            # a list under its lead-in (主要措施包括：) reads on in it: 包括：开展培训；组建合作社。
            item = text.rstrip("。；;，,")
            lead = part.paragraphs[-1]
            part.paragraphs[-1] = (lead[:-1] + "；" if listing is part else lead) + item + "。"
            self.listing = part
        elif self.is_caption(line, text):
            self.add_figure(part, line, text)
        else:
            part.paragraphs.append(text)

    def take_note(self, line: Line, text: str) -> None:
        """An editor's note: the book's (it names the book or its column, or repeats the book's note) is left out;
        the article's own is kept, as a section of its own."""
        book_note = self.book.editor_note.get("zh", "")
        if self.rules.patterns["book_note"].search(text) or _shared(text, book_note) >= 0.5:
            self.drop(line, "editor's note (the book's, not the case's)")
        else:
            self.own_note.append((line.line, text))
            self.drop(line, "the article's own editor's note: kept as the section 编者按", removed=False)

    def walk(self, start: int) -> None:
        patterns = self.rules.patterns
        tail: str | None = None
        in_note = summary_next = False
        title_core = self.lines[start - 1].text
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            text = line.text
            expecting_summary, summary_next = summary_next, False  # only the very next paragraph
            tail = next((reason for pattern, reason in self.rules.tail if pattern.search(text)), tail)
            if tail is not None:
                self.drop(line, tail)
                continue
            date = _date(text) if self.date is None and len(text) <= 60 else None
            if date and not self.sections and self.summary is None:  # a date line, or a credits line with the date
                self.date = date
                self.drop(line, "used as the case's date", removed=False)
                continue
            noise = self.noise(text)
            if noise is not None:
                self.drop(line, noise)
                continue
            if title_core in line.text or (len(line.text) >= 6 and line.text in title_core):
                self.drop(line, "the title, repeated")
                continue
            if index == start and patterns["subtitle"].match(text):
                self.drop(line, "subtitle under the title (a brief has none)")
                continue
            note = patterns["editor_note"].match(text)
            if note:
                in_note = not text[note.end():].strip()  # a label alone: the note is the next paragraph
                if in_note:
                    self.drop(line, "editor's note label", removed=False)
                else:
                    self.take_note(line, text[note.end():].strip())
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
            heading = self.heading(index, line, text)
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
                self.take_note(line, text)
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
        """Paragraphs before the first heading: the summary when there was none (the first that is no caption),
        the rest to the first section, captions among its figures."""
        captions: list[Line] = []
        loose: list[Line] = []
        for line in self.loose:
            (captions if self.is_caption(line, line.text) else loose).append(line)
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
        figures, self.sections[0].figures = self.sections[0].figures, []
        for line in captions:
            self.add_figure(self.sections[0], line, line.text)
        self.sections[0].figures += figures

    def tidy_sections(self) -> None:
        """Empty sections get a warning and go; repeated fragments go; 一是 starts its own paragraph."""
        seen_text = "" if self.summary_in_section else self.summary or ""
        checks = [REPEAT_CHECKS]
        kept = []
        for section in self.sections:
            for part in section.parts:
                paragraphs = []
                for paragraph in part.paragraphs:
                    cleaned, repeated = _drop_repeats(paragraph, seen_text, checks)
                    for fragment in repeated:
                        self.warn(part.line, f"a repeated fragment removed from {part.title or section.title!r}: "
                                             f"{fragment[:30]}…")
                        self.accounted.append(Accounted(part.line, fragment, "repeated fragment", True))
                    if len(seen_text) < REPEAT_WINDOW:
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


def _number_form(prefix: str) -> str:
    """How a heading is numbered: part (PART 01), chapter (第一部分), chinese (一、) or arabic (1. 01)."""
    prefix = prefix.strip().upper()
    if prefix.startswith("PART"):
        return "part"
    if prefix.startswith("第"):
        return "chapter"
    return "chinese" if prefix[:1] in "一二三四五六七八九十" else "arabic"


def _shared(text: str, other: str) -> float:
    """The share of text's character pairs that occur in other (1.0: all of it is there)."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    return len(pairs & {other[i:i + 2] for i in range(len(other) - 1)}) / len(pairs) if pairs else 0.0


def _drop_repeats(paragraph: str, seen: str, checks: list[int]) -> tuple[str, list[str]]:
    """Sentences (of 12 characters or more) that already appeared word for word earlier: copy-paste debris.
    checks: how many sentences may still be looked for (counted down), so that a long article costs no more."""
    kept, repeated = [], []
    for sentence in split_sentences(paragraph):
        looked_for = len(sentence) >= 12 and checks[0] > 0
        checks[0] -= looked_for
        if looked_for and sentence.rstrip("。") in seen:
            repeated.append(sentence)
        else:
            kept.append(sentence)
    return "".join(kept), repeated


def parse(lines: list[Line], book: Book, path: Path, extra_warnings: list[str],
          date: dt.date | None = None, enterprise: tuple[int, Enterprise] | None = None) -> Draft:
    """date: the editor's --date, which wins over the article's (a warning says so where they differ); enterprise:
    the case number and enterprise the editor gave (--enterprise), which win over what the article names."""
    raw = lines
    lines = [line.with_text(normalise(line.text)) for line in raw]
    parser = _Parser(lines, book, path)
    parser.given = enterprise
    parser.raw = {id(line): before.text for line, before in zip(lines, raw)}
    parser.warnings += [f"{path.name}: {w}" for w in extra_warnings]
    title_index, number, enterprise = parser.find_title()
    for line in lines[:title_index]:
        parser.drop(line, "page header above the title")
    title_line = lines[title_index]
    parser.drop(title_line, "the title", removed=False)
    title = parser.title_text(title_line, enterprise)
    parser.survey(title_index + 1)
    parser.walk(title_index + 1)
    parser.settle_loose()
    parser.tidy_sections()
    if parser.own_note:
        line = parser.own_note[0][0]
        parser.sections.insert(0, DraftPart("编者按", line, "other", [text for _, text in parser.own_note]))
    placed = {id(picture) for picture in parser.pictures.values()}
    for line in lines:
        if line.picture is not None and id(line.picture) not in placed:
            parser.warn(line.line, f"a picture whose caption {line.text[:20]!r} was read as text: not kept")
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
                 parser.sections, parser.honours(), source, parser.accounted, parser.warnings, parser.pictures)
