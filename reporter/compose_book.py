"""Book-level documents: the category index and the collected volume. Same blocks, same writers."""

from __future__ import annotations

from .compose import ComposerBase, Composer
from .document import (Band, Block, CaseStart, Cover, Document, Footer, Heading, Meta, PageBreak, Para, Span, Toc,
                       TocEntry)
from .layout import Layout
from .load import LoadedCase
from .model import Book, pick


class BookComposer(ComposerBase):
    def __init__(self, book: Book, layout: Layout, mode: str):
        super().__init__(book, layout, mode)
        self.lead = self.langs[0]

    def _book_title(self, lang: str) -> Span:
        return self.texts.span(self.book.title, lang, "book.title")

    def _footer(self, head: str) -> Footer:
        lead = self.lead
        publisher = self.texts.span(self.book.publisher.name, lead, "book: publisher.name").text
        short = pick(self.book.short_title, lead) or ""
        return Footer(self._label("Source: {source}", lead, source=publisher),
                      self._label("Page {page} of {pages}", lead, page="{page}", pages="{pages}"),
                      Span(f"{short}  ·  {head}", lead), None, self._logo("header"))

    def _meta(self, what: str) -> Meta:
        lead = self.lead
        title = self._book_title(lead).text
        publisher = self.texts.span(self.book.publisher.name, lead, "book: publisher.name").text
        return Meta(title=f"{title} · {what}", subject=title, author=publisher, keywords=(what,),
                    language=self._lang(lead).docx_lang, date=_book_date(self.book))

    def _title_blocks(self, what_msgid: str) -> list[Block]:
        lead = self.lead
        what = self._lang(lead).label(what_msgid)
        blocks: list[Block] = [Band(self._book_title(lead), Span(what, lead), self._logo("band", on_dark=True))]
        for lang in self.langs:
            blocks.append(Heading(0, self._book_title(lang), logo=self._logo("title") if lang == lead else None))
            publisher = self.texts.span(self.book.publisher.name, lang, "book: publisher.name").text
            blocks.append(Para("subtitle", Span(f"{publisher}  ·  {self.book.year}", lang)))
        return blocks

    def index_document(self, links: dict[int, str]) -> Document:
        """The 7 categories and their cases, each entry linked to its brief where one was built."""
        blocks = self._title_blocks("Blue Book case index")
        blocks += [self._heading(1, "Blue Book case index"), self._category_index(None, links)]
        what = self._lang(self.lead).label("Blue Book case index")
        return Document(self._meta(what), tuple(blocks), self._footer(what), self._warnings())

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
        blocks += [PageBreak(), self._heading(1, "Contents"), self._toc(cases, pages or {})]
        by_number = {c.number: c for c in cases}
        warnings: list[str] = []
        # each case as its brief, less its own category index: the volume's contents serve instead
        order = [name for name in self.layout.blocks.order if name != "index"]
        case_layout = self.layout.model_copy(update={"blocks": self.layout.blocks.model_copy(update={"order": order}),
                                                     "cover": self.layout.cover.model_copy(update={"enabled": False})})
        for number, category, enterprise in self.book.entries():
            loaded = by_number.get(number)
            if loaded is None:
                continue
            title = self.texts.span(loaded.case.title, lead, f"{loaded.path.name}: title").text
            short = self.texts.span(enterprise.short, lead, "enterprise.short").text
            blocks += [PageBreak(), CaseStart(number, self.texts.span(category.name, lead, "category").text,
                                              f"{self._lang(lead).case_number(number)}  {short}", title)]
            case = Composer(loaded, case_layout, "+".join(self.langs)).document()
            blocks += list(case.blocks)
            warnings += [f"{loaded.path.name}: {w}" for w in case.warnings]
        return Document(self._meta(what), tuple(blocks), self._footer(what), self._warnings() + tuple(warnings))

    def _cover(self, what: str) -> Cover:
        kicker = tuple(Span(f"{pick(self.book.short_title, lang) or ''}  ·  {self._lang(lang).label('Collected volume')}",
                            lang) for lang in self.langs)
        titles = tuple(self._book_title(lang) for lang in self.langs)
        publisher = self.texts.span(self.book.publisher.name, self.lead, "book: publisher.name")
        return Cover(kicker, titles, (Span(str(self.book.year), self.lead),), publisher, self._logo(None, on_dark=True))

    def _toc(self, cases: list[LoadedCase], pages: dict[int, int]) -> Toc:
        lead = self.lead
        available = {c.number for c in cases}
        entries = []
        for category in self.book.categories:
            numbers = [n for n, c, _ in self.book.entries() if c is category and n in available]
            if not numbers:
                continue
            entries.append(TocEntry(1, self.texts.span(category.name, lead, "category").text,
                                    str(pages.get(numbers[0], "")) if pages else "", None))
            for number, _, enterprise in self.book.entries():
                if number in numbers:
                    loaded = next(c for c in cases if c.number == number)
                    short = self.texts.span(enterprise.short, lead, "enterprise.short").text
                    title = self.texts.span(loaded.case.title, lead, "title").text
                    entries.append(TocEntry(2, f"{self._lang(lead).case_number(number)}  {short}：{title}"
                                            if self._lang(lead).east_asian else
                                            f"{self._lang(lead).case_number(number)}  {short}: {title}",
                                            str(pages.get(number, "")) if pages else "", number))
        return Toc(tuple(entries), lead)


def _book_date(book: Book):
    import datetime as dt
    return dt.date(book.year, 12, 31)
