"""The layout engine: case + book + layout + language mode -> Document.

It decides what appears, in which order and language, with every number formatted. It knows no writer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporter.compose.document import (Band, Block, Callout, CategoryIndex, Cover, Document, FigureBlock, Footer, Line,
                                       Heading, IndexCategory, IndexEntry, LogoRef, Meta, MetricPanel, Panel, Para,
                                       SideBySide, Span, TextLanguage)
from reporter.compose.columns import ColumnSizer, with_share
from reporter.compose.cover import CoverPlanner
from reporter.compose.fit import unfit_fields
from reporter.compose.images import ImageProblem, check_image
from reporter.compose.linebreak import Fitter
from reporter.errors import ReporterError, parse_path
from reporter.i18n.languages import (NBSP, WORD_JOINER, Language, known_languages, language, script_language,
                                     parse_mode)
from reporter.layout.schema import Layout, LayoutText, layout_error, layout_text
from reporter.layout.styles import MM
from reporter.model.load import LoadedCase
from reporter.model.phones import international
from reporter.model.schema import Book, Figure, Metric, Section, pick

LOGO_SHARE = 1 / 3
"""The most of the text width a logo may take (in the band, the title and the running head)."""
SECTION_LABELS = {"background": "Background", "actions": "Actions", "results": "Results", "outlook": "Outlook"}


KEYWORD_WHOLE = 40
"""A keyword this long or shorter is never broken between its words."""


@dataclass
class _Texts:
    """Picks a text in a language, noting each field that had to fall back to another language."""

    fallback_order: tuple[str, ...]
    missing: list[str] = field(default_factory=list)

    def span(self, text: dict[str, str], lang: str, where: str) -> Span:
        value = pick(text, lang)
        if value is not None:
            return Span(_clean(value, lang), lang)
        self.missing.append(f"{where} ({lang})")
        for other in self.fallback_order + tuple(text):
            value = pick(text, other)
            if value is not None:
                return Span(_clean(value, other), other)
        raise AssertionError("validated text is never empty")


_OPENING_DOUBLE = re.compile(r'(^|[\s(\[{—–-])"')
_OPENING_SINGLE = re.compile(r"(^|[\s(\[{—–-])'")


def _clean(text: str, lang: str) -> str:
    """Running text: folded YAML leaves single newlines inside paragraphs; Latin-script languages get
    typographic quotes ("x" -> “x”, it's -> it’s), as a publisher would set them."""
    text = " ".join(text.split())
    if language(lang).spec.get("smart_quotes"):
        text = _OPENING_DOUBLE.sub(r"\1“", text).replace('"', "”")
        text = _OPENING_SINGLE.sub(r"\1‘", text).replace("'", "’")
    return language(lang).kept_together(text)


class ComposerBase:
    """What every composed document shares: the book, the layout, the languages and their labels."""

    def __init__(self, book: Book, layout: Layout, mode: str):
        self.book = book
        self.layout = layout
        self.langs = parse_mode(mode)
        self.side_by_side = len(self.langs) > 1 and layout.language.bilingual == "side_by_side"
        self.furniture_langs = self.langs if layout.language.furniture == "all" else self.langs[:1]
        """The languages of the band, running head and footer."""
        self.figures_without_image: list[str] = []
        self.figures_without_alt: list[str] = []
        self.standalone = True
        """Whether this is a document of its own: a volume's cases leave what concerns every case (figures without
        images, summed up; the layout's own warnings) to the volume."""
        self.fitter = Fitter(layout)
        self.texts = _Texts(self.langs)

    def _lang(self, code: str) -> Language:
        return language(code)

    def _label(self, msgid: str, lang: str, **values) -> Span:
        return Span(self._lang(lang).label(msgid, **values), lang)

    def _lead(self, msgid: str, lang: str) -> Span:
        """A label set before a paragraph's text (摘要, Keywords), with the language's gap after it."""
        return Span(self._lang(lang).label(msgid) + self._lang(lang).spec["lead_separator"], lang)

    def _second(self, text: dict[str, str] | None, where: str) -> Span | None:
        """The second language's text of a bilingual brief (stacked inside one block)."""
        if len(self.langs) < 2 or text is None:
            return None
        return self.texts.span(text, self.langs[1], where)

    def _per_lang(self, build) -> list[Block]:
        """Blocks built once per language: stacked one after the other, or side by side."""
        parts = [list(build(lang)) for lang in self.langs]
        if self.side_by_side:
            return [SideBySide(tuple(parts[0]), tuple(parts[1]))]
        for part in parts[1:]:  # stacked: the second language's paragraphs, to be set apart
            part[:] = [replace(b, second_language=True) if isinstance(b, Para) else b for b in part]
        return [block for part in parts for block in part]

    def _logo(self, place: str | None, on_dark: bool = False) -> LogoRef | None:
        """The layout's logo where it asks for it (place None: anywhere, as on the cover)."""
        logo = self.layout.logo
        if logo is None or (place is not None and logo.place != place):
            return None
        key = "on_dark" if on_dark and logo.on_dark else "file"
        path = self.layout.logo_on_dark_path if on_dark else self.layout.logo_path
        try:
            facts = check_image(path)
        except ImageProblem as exc:
            raise layout_error(self.layout, str(exc), ("logo", key)) from None
        width, room = logo.height_mm * facts.aspect, self.layout.frame_mm[0] * LOGO_SHARE
        if width > room:
            raise layout_error(self.layout, f"{path.name} ({facts.width} x {facts.height} pixels) is {width:.0f} mm "
                               f"wide at {logo.height_mm:g} mm high; a logo takes at most {room:.0f} mm (a third of "
                               "the text width): lower logo.height_mm or crop the image", ("logo", key))
        alt = logo.alt or self.layout.name
        return LogoRef(path, logo.height_mm * MM, facts.aspect, alt, script_language(alt))

    def _planned_cover(self, kicker: Line, titles: Line, details: Line, publisher: Span) -> Cover:
        """A cover whose titles are sized and placed to fit (compose/cover.py), with the layout's logo."""
        logo = self._logo(None, on_dark=True)
        scale = self.fitter.sheet.COVER_LOGO_SCALE
        plan = CoverPlanner(self.fitter).plan(kicker, titles, details, logo.height * scale if logo else 0.0)
        return Cover(kicker, plan.titles, details, publisher, logo, plan.scales, plan.top, plan.raised)

    def _heading(self, level: int, msgid: str, kicker: Line = ()) -> Heading:
        first = self._label(msgid, self.langs[0])
        second = self._label(msgid, self.langs[1]) if len(self.langs) > 1 else None
        return Heading(level, first, second, kicker)

    def _continued(self, msgid: str) -> Heading:
        """A level-1 heading again, over the rest of what it heads on a later page."""
        def label(lang: str) -> Span:
            return self._label("{heading} (continued)", lang, heading=self._lang(lang).label(msgid))
        return Heading(1, label(self.langs[0]), label(self.langs[1]) if len(self.langs) > 1 else None)

    def _category_index(self, current: int | None, links: dict[int, str] | None = None) -> CategoryIndex:
        """The book's categories and cases; `current` highlighted; entries linked to their briefs."""
        lead = self.langs[0]
        entries = self.book.entries()
        categories = []
        for category in self.book.categories:
            mine = [(n, e) for n, c, e in entries if c is category]
            items = []
            for n, e in mine:
                name = self.texts.span(e.short, lead, f"book: {e.id}.short")
                items.append(IndexEntry(Span(str(n), name.lang), name, self._second(e.short, f"book: {e.id}.short"),
                                        n == current, (links or {}).get(n)))
            categories.append(IndexCategory(self.texts.span(category.name, lead, f"book: {category.id}.name"),
                                            self._second(category.name, f"book: {category.id}.name"),
                                            Span(f"{mine[0][0]}–{mine[-1][0]}", "en"), tuple(items)))
        labels = (self._label("Category", lead), self._label("Cases", lead))
        return CategoryIndex(tuple(categories), columns=4, continued=self._continued("Blue Book case index"),
                             labels=labels)

    def _furniture(self, source: Callable[[str], str], running_head: Callable[[str], str]) -> Footer:
        """Page furniture as the layout asks, a line in each furniture language: source, page X of Y, running
        head (or the layout's own text); the layout's footer line, and a logo in the running head."""
        footer, header = self.layout.footer, self.layout.header
        langs = self.furniture_langs
        return Footer(
            tuple(self._label("Source: {source}", lang, source=source(lang)) for lang in langs) if footer.source
            else (),
            tuple(self._label("Page {page} of {pages}", lang, page="{page}", pages="{pages}") for lang in langs)
            if footer.page_numbers else (),
            _furniture_line(langs, running_head, header.text, self._book_fields) if header.show else (),
            _furniture_line(langs, None, footer.text, self._book_fields),
            self._logo("header"))

    def _book_fields(self, lang: str) -> dict[str, str]:
        """What a layout's page text may name (FURNITURE_FIELDS), in `lang`."""
        return {"book": self.texts.span(self.book.title, lang, "book.title").text,
                "book_short": self.texts.span(self.book.short_title, lang, "book: short_title").text,
                "publisher": self.texts.span(self.book.publisher.name, lang, "book: publisher.name").text}

    def _warnings(self) -> tuple[str, ...]:
        warnings = []
        if self.texts.missing:
            warnings.append(f"untranslated, shown in another language: {_listed(self.texts.missing)}")
        if self.standalone and self.layout.logo is not None and not self.layout.logo.alt:
            warnings.append(str(layout_error(
                self.layout, f"the logo has no alt text, so a screen reader says the layout's name "
                f"({self.layout.name!r}): set logo.alt to what the logo shows", ("logo",))))
        if self.figures_without_image and self.standalone:
            what = ("left out" if self.layout.figures.missing_image == "omit"
                    else "shown as placeholders: a proof, not for print")
            count = len(self.figures_without_image)
            has, are = ("s have", "are") if count > 1 else (" has", "is")
            warnings.append(f"{count} figure{has} no image and {are} {what}: {_listed(self.figures_without_image)}; "
                            "give each its image: (a file beside the case)")
        if self.figures_without_alt:
            count = len(self.figures_without_alt)
            has = "s have" if count > 1 else " has"
            warnings.append(f"{count} figure{has} no alt text, so a screen reader says only 'Picture' before the "
                            f"caption: {_listed(self.figures_without_alt)}; give each alt: what the picture shows")
        return tuple(warnings)


def _furniture_line(langs: tuple[str, ...], made: Callable[[str], str] | None, own: LayoutText | None,
                    fields: Callable[[str], dict[str, str]]) -> Line:
    """A line of furniture in each language: the layout's own words where it gives them (a plain string once, in
    the first language), its {fields} the book's names in that language; else the composed ones."""
    if isinstance(own, str):
        return (Span(own.format_map(fields(langs[0])), langs[0]),)
    if own is not None:
        return tuple(Span(layout_text(own, lang).format_map(fields(lang)), lang) for lang in langs)
    return tuple(Span(made(lang), lang) for lang in langs) if made is not None else ()


def _listed(items: list[str], shown: int = 5) -> str:
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


class Composer(ComposerBase):
    """One case's brief."""

    def __init__(self, loaded: LoadedCase, layout: Layout, mode: str):
        super().__init__(loaded.book, layout, mode)
        self.loaded = loaded
        self.case = loaded.case

    # -- blocks --------------------------------------------------------------------------------------

    def _category_and_number(self, lang: str) -> Span:
        category = self.texts.span(self.loaded.category.name, lang, "category.name").text
        return Span(f"{category}  ·  {self._lang(lang).case_number(self.loaded.number)}", lang)

    def band(self) -> list[Block]:
        langs = self.furniture_langs
        return [Band(tuple(self.texts.span(self.book.title, lang, "book.title") for lang in langs),
                     tuple(self._category_and_number(lang) for lang in langs), self._logo("band", on_dark=True))]

    def cover(self) -> list[Block]:
        kicker, title, details = [], [], []
        for lang in self.langs:
            kicker += [self.texts.span(self.book.title, lang, "book.title"), self._category_and_number(lang)]
            title.append(self.texts.span(self.case.title, lang, "title"))
            details.append(Span(f"{self.texts.span(self.loaded.enterprise.full, lang, 'enterprise.full').text}  ·  "
                                f"{self._lang(lang).date(self.case.date)}", lang))
        publisher = self.texts.span(self.book.publisher.name, self.langs[0], "book: publisher.name")
        return [self._planned_cover(tuple(kicker), tuple(title), tuple(details), publisher)]

    def title(self) -> list[Block]:
        def build(lang: str):
            logo = self._logo("title") if lang == self.langs[0] else None
            width = self.fitter.sheet.text_width_pt
            if logo is not None:
                width -= logo.width + self.fitter.sheet.heading(0).size
            second = lang != self.langs[0]
            title = self.fitter.fit(self.texts.span(self.case.title, lang, "title"), 0, width, second_language=second)
            yield Heading(0, title, logo=logo, second_language=second,
                          measure=self.fitter.widest(title, 0, second_language=second))
            name = self.texts.span(self.loaded.enterprise.full, lang, "enterprise.full")
            date = self._lang(lang).date(self.case.date)
            mark = f"  ·  {self._lang(lang).label('Synthetic test data')}" if self.case.synthetic else ""
            yield Para("subtitle", Span(f"{name.text}  ·  {date}{mark}", name.lang))
        # the titles span the page, one language under the other, also when the text is side by side: at title
        # size a half-width column set the English title a word or two a line, seven lines deep
        return [block for lang in self.langs for block in build(lang)]

    def summary(self) -> list[Block]:
        def build(lang: str):
            yield Para("summary", self.texts.span(self.case.summary, lang, "summary"),
                       lead=self._lead("Summary", lang))
        return [Panel(tuple(self._per_lang(build)))]

    def keywords(self) -> list[Block]:
        if not self.case.keywords:
            return []

        def build(lang: str):
            sep = self._lang(lang).spec["keyword_separator"]
            words = [self.texts.span(k, lang, f"keywords[{i}]").text for i, k in enumerate(self.case.keywords)]
            # a keyword stays on one line (poverty alleviation through / consumption, 消 / 费扶贫): no-break spaces
            # between English words, word joiners between Chinese characters
            words = [(WORD_JOINER.join(word) if self._lang(lang).east_asian else word.replace(" ", NBSP))
                     if len(word) <= KEYWORD_WHOLE else word for word in words]
            yield Para("keywords", Span(sep.join(words), lang), lead=self._lead("Keywords", lang))
        return self._per_lang(build)

    def metrics(self) -> list[Block]:
        chosen = self._chosen_metrics()
        if not chosen:
            return []
        callouts = []
        for metric in chosen:
            index = self.case.metrics.index(metric)
            value = self._value(metric, self.langs[0])
            second = self._value(metric, self.langs[1]) if len(self.langs) > 1 else ()
            if "".join(span.text for span, _ in second) == "".join(span.text for span, _ in value):
                second = ()
            callouts.append(Callout(value, self.texts.span(metric.label, self.langs[0], f"metrics[{index}].label"),
                                    self._second(metric.label, f"metrics[{index}].label"), second))
        return [self._heading(1, "Key figures"), MetricPanel(tuple(callouts), self.layout.metrics.columns,
                                                                   self.layout.metrics.may_move)]

    def _chosen_metrics(self) -> list[Metric]:
        select = self.layout.metrics.select
        if select == "highlighted":
            chosen = [m for m in self.case.metrics if m.highlight] or list(self.case.metrics)
        else:
            by_id = {m.id: m for m in self.case.metrics}
            chosen = [by_id[i] for i in select if i in by_id]
        return chosen[: self.layout.metrics.count]

    def _value(self, metric: Metric, code: str) -> tuple[tuple[Span, str], ...]:
        """A metric's value in `code`'s form, in parts that never part: no-break spaces around a Latin number
        (RMB 73.0024 million), a word joiner between a number and the Chinese unit after it (7300.24万元)."""
        lang = self._lang(code)
        fig = self._figure(metric, lang)
        value = [(Span(fig.prefix, code), "unit"), (Span(NBSP, "en"), "space")] if fig.prefix else []
        value.append((Span(fig.number, code), "number"))
        if fig.suffix:
            if not lang.east_asian:
                value.append((Span(NBSP, "en"), "space"))
            suffix = fig.suffix if not lang.east_asian else WORD_JOINER + WORD_JOINER.join(fig.suffix)
            value.append((Span(suffix, code), "unit"))
        return tuple(value)

    def _figure(self, metric: Metric, lang: Language):
        change = (metric.change_from, metric.change_to) if metric.is_change else None
        word = pick(metric.unit_text, lang.code)
        return lang.figure(metric.value, metric.unit, metric.qualifier, change, word)

    def sections(self, with_figures: bool = True) -> list[Block]:
        blocks: list[Block] = []
        figure_counter = iter(range(1, 1000))
        for number, section in enumerate(self.case.sections, start=1):
            blocks.append(self._section_heading(section, number))
            where = f"sections[{number - 1}]"
            blocks += self._paragraphs(section.paragraphs, where)
            for sub_number, sub in enumerate(section.subsections, start=1):
                sub_where = f"{where}.subsections[{sub_number - 1}]"
                first = self._subsection_title(sub.title, sub_number, self.langs[0], sub_where)
                second = (self._subsection_title(sub.title, sub_number, self.langs[1], sub_where)
                          if len(self.langs) > 1 else None)
                if second is None:
                    first = self.fitter.fit(first, 2, self.fitter.sheet.text_width_pt)
                blocks.append(Heading(2, first, second))
                blocks += self._paragraphs(sub.paragraphs, sub_where)
                if with_figures:
                    blocks += self._figures(sub.figures, figure_counter, sub_where)
            if with_figures:
                blocks += self._figures(section.figures, figure_counter, where)
        return blocks

    def _section_heading(self, section: Section, number: int) -> Heading:
        kicker = tuple(Span(self._lang(lang).numbered("section_kicker", number), lang) for lang in self.langs)
        if section.title is not None:
            first = self.texts.span(section.title, self.langs[0], f"sections[{number - 1}].title")
            return Heading(1, first, self._second(section.title, f"sections[{number - 1}].title"), kicker)
        return self._heading(1, SECTION_LABELS[section.kind], kicker)

    def _subsection_title(self, title, number: int, lang: str, where: str) -> Span:
        text = self.texts.span(title, lang, f"{where}.title")
        mark = self._lang(lang).numbered("subsection_number", number)
        return Span(mark + text.text, text.lang)

    def _paragraphs(self, paragraphs, where: str) -> list[Block]:
        out: list[Block] = []
        for index, text in enumerate(paragraphs):
            path = f"{where}.paragraphs[{index}]"
            out += self._per_lang(lambda lang, text=text, path=path: [Para("body", self.texts.span(text, lang, path))])
        return out

    def _figures(self, figures: list[Figure], counter, where: str) -> list[Block]:
        out: list[Block] = []
        for index, figure in enumerate(figures):
            path = f"{where}.figures[{index}]"
            placeholder = None
            if figure.image is None:
                self.figures_without_image.append(path)
                if self.layout.figures.missing_image == "omit":
                    continue
                placeholder = self._label("Image to come (proof placeholder, not for print)", self.langs[0])
            number = next(counter)
            image, pixels = self._figure_image(figure, f"{path}.image")
            captions = []
            for lang in self.langs:
                text = self.texts.span(figure.caption, lang, f"{path}.caption")
                label = self._lang(lang).label("Figure {number}", number=number)
                captions.append(Span(f"{label}  {text.text}", text.lang))
            alt = None
            if image is not None:
                if figure.alt is None:
                    self.figures_without_alt.append(path)
                    alt = self._label("Picture", self.langs[0])
                else:
                    alt = self.texts.span(figure.alt, self.langs[0], f"{path}.alt")
            out.append(FigureBlock(captions[0], image, captions[1] if len(captions) > 1 else None, placeholder, pixels,
                                   alt, f"{path}.image"))
        return out

    def _figure_image(self, figure: Figure, where: str) -> tuple[Path | None, tuple[int, int]]:
        """A figure's image, checked (the loader made sure it is inside the book's folder), and its pixel size."""
        if figure.image is None:
            return None, (0, 0)
        path = (self.loaded.base_dir / figure.image).resolve()
        try:
            facts = check_image(path)
        except ImageProblem as exc:
            raise ReporterError(str(exc), self.loaded.path, self.loaded.lines.line_of(parse_path(where)),
                                where) from None
        return path, (facts.width, facts.height)

    def figures(self) -> list[Block]:
        counter = iter(range(1, 1000))
        out: list[Block] = []
        for s, section in enumerate(self.case.sections):
            for u, sub in enumerate(section.subsections):
                out += self._figures(sub.figures, counter, f"sections[{s}].subsections[{u}]")
            out += self._figures(section.figures, counter, f"sections[{s}]")
        return [self._heading(1, "Figures"), *out] if out else []

    def honours(self) -> list[Block]:
        if not self.case.honours:
            return []
        blocks: list[Block] = [self._heading(1, "Honours")]
        for index, honour in enumerate(self.case.honours):  # each with its translation, as paragraphs are
            blocks += self._per_lang(lambda lang, honour=honour, index=index: [
                Para("honour", self.texts.span(honour, lang, f"honours[{index}]"), bullet="■")])
        return blocks

    def index(self) -> list[Block]:
        return [self._heading(1, "Blue Book case index"), self._category_index(self.loaded.number)]

    def contacts(self) -> list[Block]:
        publisher = self.book.publisher
        if not publisher.contacts:
            return []
        def build(lang: str):
            name = self.texts.span(publisher.name, lang, "book: publisher.name")
            yield Para("contact", name)
            words = self._lang(lang)
            gap = "\u3000" if words.east_asian else "\u00a0· "  # (two spaces would read as one)
            for contact in publisher.contacts:
                person = self.texts.span(contact.name, lang, "book: contact.name").text
                role = self.texts.span(contact.role, lang, "book: contact.role").text
                yield Para("contact", Span(f"{person}{gap}{role}", lang))
                # each label with its value, never parted at a line end; the number in the international form
                details = [(words.label("Tel."), international(contact.phone)) if contact.phone else None,
                           (words.label("Email"), contact.email) if contact.email else None]
                shown = gap.join(f"{label}{NBSP}{value.replace(' ', NBSP)}" for label, value in filter(None, details))
                if shown:
                    yield Para("contact", Span(shown, lang))
        return [self._heading(1, "Contacts"), *self._per_lang(build)]

    # -- the whole brief -----------------------------------------------------------------------------

    def document(self) -> Document:
        order = self.layout.blocks.order
        builders = {"band": self.band, "title": self.title, "summary": self.summary, "keywords": self.keywords,
                    "metrics": self.metrics, "sections": lambda: self.sections("figures" not in order),
                    "figures": self.figures, "honours": self.honours, "index": self.index,
                    "contacts": self.contacts}
        blocks: list[Block] = self.cover() if self.layout.cover.enabled else []
        for name in order:
            blocks += builders[name]()
        if self.side_by_side:
            blocks = with_share(blocks, ColumnSizer(self.fitter).share(blocks))
        width = self.fitter.sheet.text_width_pt
        blocks = [self.fitter.apart(b, width) if isinstance(b, Heading) else b for b in blocks]
        lead = self.langs[0]
        lang = self._lang(lead)

        def source(code: str) -> str:
            return self.texts.span(self.case.source or self.book.publisher.name, code, "source").text

        def running_head(code: str) -> str:
            enterprise = self.texts.span(self.loaded.enterprise.short, code, "enterprise.short").text
            return (f"{pick(self.book.short_title, code) or ''}  ·  {self._lang(code).case_number(self.loaded.number)}"
                    f"  ·  {enterprise}")

        footer = self._furniture(source, running_head)
        title = self.texts.span(self.case.title, lead, "title").text
        subject = f"{pick(self.book.title, lead) or ''} · {lang.case_number(self.loaded.number)}"
        meta = Meta(title=title, subject=subject,
                    author=self.texts.span(self.book.publisher.name, lead, "book: publisher.name").text,
                    keywords=tuple(self.texts.span(k, lead, "keywords").text for k in self.case.keywords),
                    language=lang.docx_lang, date=self.case.date)
        unfit = tuple(unfit_fields(self.fitter, blocks)) if self.standalone else ()
        return Document(meta, tuple(blocks), footer, text_languages(), self._warnings() + unfit)


def compose(loaded: LoadedCase, layout: Layout, mode: str) -> Document:
    return Composer(loaded, layout, mode).document()


def text_languages() -> dict[str, TextLanguage]:
    """The writers' facts of every known language."""
    return {code: TextLanguage(code, language(code).east_asian, language(code).docx_lang,
                               tuple(language(code).spec.get("hyphenation", ()))) for code in known_languages()}
