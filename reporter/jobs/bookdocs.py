"""Build the book's own documents: the category index (linked to the briefs) and the collected volume."""

from __future__ import annotations

from pathlib import Path

from reporter.jobs.batch import valid_cases
from reporter.jobs.build import Builder, Output, output_name, write_all
from reporter.compose.book import BookComposer
from reporter.errors import ReporterError
from reporter.model.load import load_book


def build_index(builder: Builder, book_dir: Path, modes: list[str], formats: list[str], out_dir: Path
                ) -> tuple[list[Output], list[str]]:
    """index.MODE.FORMAT: every category and case; entries link to the briefs of that mode and format in out_dir."""
    book = load_book(book_dir)
    cases, invalid = valid_cases(book_dir, refuse_twice=True)
    warnings = [f"skipped: {error}" for error in invalid]
    rendered = []
    for mode in modes:
        for fmt in formats:
            links = {c.number: name for c in cases
                     if (out_dir / (name := output_name(c.path.stem, builder.layout, mode, fmt))).exists()}
            document = BookComposer(book, builder.layout, mode).index_document(links)
            data, pages, notes = builder.render_document(document, fmt)
            rendered.append((Output(out_dir / output_name("index", builder.layout, mode, fmt), fmt, mode, pages), data))
            warnings += [w for w in notes if w not in warnings]
    return write_all(rendered), warnings


def build_volume(builder: Builder, book_dir: Path, modes: list[str], formats: list[str], out_dir: Path
                 ) -> tuple[list[Output], list[str], dict[str, dict[int, int]]]:
    """volume.MODE.FORMAT: cover, editor's note, contents with page numbers, every valid case.

    The PDF is laid out twice: the first pass finds the page each case starts on, the second prints those
    pages in the contents (which has the same length either way). The DOCX contents carry the PDF's pages."""
    book = load_book(book_dir)
    cases, invalid = valid_cases(book_dir, refuse_twice=True)
    warnings = [f"skipped: {error}" for error in invalid]
    if not cases:
        raise ReporterError("no valid case to collect", book_dir)
    rendered, starts = [], {}
    for mode in modes:
        composer = BookComposer(book, builder.layout, mode)
        builder.render_document(composer.volume(cases, None), "pdf")
        pages = dict(builder.pdf.case_pages)
        document = BookComposer(book, builder.layout, mode).volume(cases, pages)
        for fmt in formats:
            data, count, notes = builder.render_document(document, fmt)
            if fmt == "pdf" and builder.pdf.case_pages != pages:
                raise ReporterError("the contents moved the cases' pages; please report this")
            rendered.append((Output(out_dir / output_name("volume", builder.layout, mode, fmt), fmt, mode, count),
                             data))
            warnings += [w for w in notes if w not in warnings]
        starts[mode] = pages
    return write_all(rendered), warnings, starts
