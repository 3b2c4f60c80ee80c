"""Book-level documents: the category index and the collected volume. Same blocks, same writers."""

from __future__ import annotations

import datetime as dt

from reporter.compose.brief import ComposerBase, Composer, text_languages
from reporter.compose.document import (Band, Block, CaseStart, Cover, Document, Footer, Heading, Meta, PageBreak,
                                       Para, Span, Toc, TocEntry, nested)
from reporter.layout.schema import Layout
from reporter.model.load import LoadedCase
from reporter.model.schema import Book, pick


class BookComposer(ComposerBase):
    def __init__(self, book: Book, layout: Layout, mode: str):
        super().__init__(book, layout, mode)
        self.lead = self.langs[0]

    def _book_title(self, lang: str) -> Span:
        return self.texts.span(self.book.title, lang, "book.title")

    def _footer(self, what_msgid: str) -> Footer:
        def publisher(lang: str) -> str:
            return self.texts.span(self.book.publisher.name, lang, "book: publisher.name").text

        return self._furniture(publisher, lambda lang: f"{pick(self.book.short_title, lang) or ''}  ·  "
                                                       f"{self._lang(lang).label(what_msgid)}")

    def _case_entry(self, number: int, enterprise, loaded: LoadedCase) -> tuple[str, str, str]:
        """A case's label (案例三十六  中国电科), its title less a leading company name that the label gives
        already, and its contents line (label：title)."""
        lang = self._lang(self.lead)
        short = self.texts.span(enterprise.short, self.lead, "enterprise.short").text
        title = _without_name(self.texts.span(loaded.case.title, self.lead, f"{loaded.path.name}: title").text, short)
        label = f"{lang.case_number(number)}  {short}"
        return label, title, f"{label}{'：' if lang.east_asian else ': '}{title}"

    def _meta(self, what: str) -> Meta:
        lead = self.lead
        title = self._book_title(lead).text
        publisher = self.texts.span(self.book.publisher.name, lead, "book: publisher.name").text
        return Meta(title=f"{title} · {what}", subject=title, author=publisher, keywords=(what,),
                    language=self._lang(lead).docx_lang, date=_book_date(self.book))

    def _title_blocks(self, what_msgid: str) -> list[Block]:
        lead = self.lead
        langs = self.furniture_langs
        blocks: list[Block] = [Band(tuple(self._book_title(lang) for lang in langs),
                                    tuple(self._label(what_msgid, lang) for lang in langs),
                                    self._logo("band", on_dark=True))]
        for lang in self.langs:
            blocks.append(Heading(0, self._book_title(lang), logo=self._logo("title") if lang == lead else None,
                                  second_language=lang != lead))
            publisher = self.texts.span(self.book.publisher.name, lang, "book: publisher.name").text
            blocks.append(Para("subtitle", Span(f"{publisher}  ·  {self.book.year}", lang)))
        return blocks

    def index_document(self, links: dict[int, str]) -> Document:
        """The 7 categories and their cases, each entry linked to its brief where one was built."""
        blocks = self._title_blocks("Blue Book case index")
        blocks += [self._heading(1, "Blue Book case index"), self._category_index(None, links)]
        what = self._lang(self.lead).label("Blue Book case index")
        return Document(self._meta(what), tuple(blocks), self._footer("Blue Book case index"), text_languages(),
                        self._warnings())

    def volume(self, cases: list[LoadedCase], pages: dict[int, int] | None) -> Document:
        """Cover, editor's note, the index as a table of contents with page numbers, then every case.

        `pages` maps case numbers to the page each case starts on (from a first layout pass); None gives a
        table of contents of the same length with the page numbers left blank."""
        lead = self.lead
        what = self._lang(lead).label("Collected volume")
        blocks: list[Block] = [self._cover(what), *self._title_blocks("Collected volume")]
        blocks.append(self._heading(1, "Editor's note"))
        blocks += self._per_lang(lambda lang: [Para("body", self.texts.span(self.book.editor_note, lang,
                                                                             "book.editor_note"))])
        blocks += [PageBreak(recto=True), self._heading(1, "Contents"), self._toc(cases, pages or {})]
        by_number = {c.number: c for c in cases}
        warnings: list[str] = []
        imageless: list[str] = []
        # each case as its brief, less its own category index: the volume's contents serve instead
        order = [name for name in self.layout.blocks.order if name != "index"]
        case_layout = self.layout.model_copy(update={"blocks": self.layout.blocks.model_copy(update={"order": order}),
                                                     "cover": self.layout.cover.model_copy(update={"enabled": False})})
        for number, category, enterprise in self.book.entries():
            loaded = by_number.get(number)
            if loaded is None:
                continue
            label, title, entry = self._case_entry(number, enterprise, loaded)
            blocks += [PageBreak(recto=True), CaseStart(number, self.texts.span(category.name, lead, "category").text,
                                              label, title, entry)]
            composer = Composer(loaded, case_layout, "+".join(self.langs))
            composer.standalone = False
            case = composer.document()
            blocks += [nested(block, 1) for block in case.blocks]  # under the volume's title, as its parts
            warnings += [f"{loaded.path.name}: {w}" for w in case.warnings]
            if composer.figures_without_image:
                imageless.append(f"{loaded.path.name} ({len(composer.figures_without_image)})")
        if imageless:
            what_happens = ("left out" if self.layout.figures.missing_image == "omit"
                            else "shown as placeholders: a proof, not for print")
            shown = ", ".join(imageless[:5]) + (f" and {len(imageless) - 5} more" if len(imageless) > 5 else "")
            warnings.append(f"figures without images are {what_happens}, in {len(imageless)} cases: {shown}; "
                            "give each its image: (a file beside the case)")
        two_sided = self.layout.pdf.profile == "print" and self.layout.print.facing_pages
        if two_sided and (problem := self.layout.facing_pages_problem()) is not None:
            raise problem
        return Document(self._meta(what), tuple(blocks), self._footer("Collected volume"), text_languages(),
                        self._warnings() + tuple(warnings), two_sided)

    def _cover(self, what: str) -> Cover:
        kicker = tuple(Span(f"{pick(self.book.short_title, lang) or ''}  ·  {self._lang(lang).label('Collected volume')}",
                            lang) for lang in self.langs)
        titles = tuple(self._book_title(lang) for lang in self.langs)
        publisher = self.texts.span(self.book.publisher.name, self.lead, "book: publisher.name")
        return self._planned_cover(kicker, titles, (Span(str(self.book.year), self.lead),), publisher)

    def _toc(self, cases: list[LoadedCase], pages: dict[int, int]) -> Toc:
        """Each category that has cases, then its cases, with the pages they start on ('' before known)."""
        by_number = {c.number: c for c in cases}
        entries: list[TocEntry] = []
        current = None
        for number, category, enterprise in self.book.entries():
            loaded = by_number.get(number)
            if loaded is None:
                continue
            if category is not current:
                current = category
                entries.append(TocEntry(1, self.texts.span(category.name, self.lead, "category").text,
                                        str(pages.get(number, "")), None))
            entries.append(TocEntry(2, self._case_entry(number, enterprise, loaded)[2],
                                    str(pages.get(number, "")), number))
        return Toc(tuple(entries), self.lead)


NAME_SEPARATORS = ("：", ":", " — ", " - ", "——")
"""What may follow a company's name at the head of a case title (中国华能：…, CETC: …)."""


def _without_name(title: str, name: str) -> str:
    """`title` less a leading `name` and its separator, where something is left after them."""
    for separator in NAME_SEPARATORS:
        head = f"{name}{separator}"
        if title.startswith(head) and title[len(head):].strip():
            return title[len(head):].lstrip()
    return title


def _book_date(book: Book) -> dt.date:
    return dt.date(book.year, 12, 31)
