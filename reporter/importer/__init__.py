"""`reporter import`: a case article (text, Markdown, HTML saved from a browser, or a Word file) -> a case file that
validates and builds, with its metrics found, its pictures beside it, and every removed paragraph reported."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from reporter.errors import ReporterError, suggest
from reporter.jobs.starter import schema_reference
from reporter.limits import ARTICLE_CHARACTERS, ARTICLE_PARAGRAPHS
from reporter.model.load import BOOK_FILE, LoadedCase, load_book, load_case
from reporter.model.schema import metric_value_problem
from reporter.output import replace_all
from reporter.importer.article import read_article
from reporter.importer.emit import case_data, case_yaml, report_text
from reporter.importer.metrics import FoundMetric, choose_highlights, find_metrics
from reporter.importer.pictures import place_pictures
from reporter.importer.parse import Draft, parse
from reporter.importer.rules import rules
from reporter.importer.script import simplified, without_clutter
from reporter.importer.wordfile import read_docx


@dataclass
class Imported:
    path: Path
    report: Path
    draft: Draft
    metrics: list[FoundMetric]
    loaded: LoadedCase


def _book_dir(book: Path | None, output: Path | None, output_is_dir: bool) -> Path:
    if book is not None:
        return book
    folder = output if output_is_dir else output.parent if output is not None else None
    if folder is not None and (folder / BOOK_FILE).is_file():
        return folder
    raise ReporterError("which book is this case for? give --book BOOKDIR (the folder with book.yaml)")


def _metric_places(draft: Draft) -> tuple[list[tuple[str, str]], set[str]]:
    """(where, paragraph) for the summary and every section's text; the places of the results section."""
    places = [("摘要", draft.summary)]
    results: set[str] = set()
    for section in draft.sections:
        name = section.title or section.kind
        for where, part in [(name, section)] + [(f"{name} › {s.title}", s) for s in section.subsections]:
            places += [(where, p) for p in part.paragraphs]
            if section.kind == "results":
                results.add(where)
    return places, results


def _validate(text: str, book_dir: Path, name: str, article: Path,
              images: list[tuple[Path, bytes]] = ()) -> LoadedCase:
    """Load the case as `reporter check` would, from a temporary file beside book.yaml (with its pictures beside
    it for the while, where no file of that name is)."""
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".import", dir=book_dir)
    placed = []
    try:
        for path, data in images:
            beside = book_dir / path.name
            if not beside.exists():
                beside.write_bytes(data)
                placed.append(beside)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        return load_case(Path(temp))
    except ReporterError as exc:
        raise ReporterError(f"the case made of it does not validate ({exc.message}); please report this",
                            article, None, exc.field) from None
    finally:
        Path(temp).unlink(missing_ok=True)
        for path in placed:
            path.unlink(missing_ok=True)


def _showable(metrics: list[FoundMetric], article: Path, draft: Draft) -> list[FoundMetric]:
    """The metrics a brief can show; each other one is left out with a warning naming where it was found."""
    kept = []
    for metric in metrics:
        values = [metric.value] if metric.value is not None else list(metric.change or ())
        problem = next((p for p in map(metric_value_problem, values) if p), None)
        if problem:
            draft.warnings.append(f"{article.name}: {metric.where}: a figure left out ({problem}): "
                                  f"{metric.context[:60]}")
        else:
            kept.append(metric)
    return kept


def edition_of(lines: list, draft: Draft) -> tuple[int, str]:
    """The book edition (a year) the article belongs to, and where that was read: the first edition the article
    names (page noise included: a breadcrumb is evidence), else the year of its date."""
    pattern = rules().patterns["edition"]
    for line in lines:
        found = pattern.search(line.text)
        if found:
            return int(found.group(1) or found.group(2)), f"line {line.line}: {found.group()}"
    return draft.date.year, f"its date, {draft.date.isoformat()}"


def _check_edition(lines: list, draft: Draft, book_year: int, article: Path, consent: bool) -> None:
    """An article of another edition is imported only with consent (--edition-mismatch-ok), and says so. A date a
    year after the book's is its edition still: the book's cases were published into the next year."""
    year, where = edition_of(lines, draft)
    named = where.startswith("line")
    if year == book_year or (not named and year == book_year + 1):
        return
    message = (f"the article is of the {year} edition ({where}), this book is the {book_year} edition: import it "
               "into its own book, or give --edition-mismatch-ok")
    if not consent:
        raise ReporterError(message, article)
    draft.warnings.append(f"{article.name}: imported with --edition-mismatch-ok: the article is of the {year} "
                          f"edition ({where}), this book is the {book_year} edition")


def _pictures_beside(draft: Draft, target: Path) -> tuple[dict[str, str], list[tuple[Path, bytes]]]:
    """The article's pictures whose caption became a figure: {caption: file name}, and the files to write
    beside the case (NNN-id-figure-1.png, ...), in the order of their figures."""
    images: dict[str, str] = {}
    files: list[tuple[Path, bytes]] = []
    captions = [c for section in draft.sections for part in section.parts for c in part.figures]
    for caption in captions:
        picture = draft.pictures.get(caption)
        if picture is not None and caption not in images:
            name = f"{target.stem}-figure-{len(files) + 1}{picture.suffix}"
            images[caption] = name
            files.append((target.parent / name, picture.data))
    return images, files


def _within_limits(lines: list, article: Path) -> None:
    """A whole report, or a hostile file, is refused in one line before the parser spends time on it."""
    characters = sum(len(line.text) for line in lines)
    if len(lines) > ARTICLE_PARAGRAPHS or characters > ARTICLE_CHARACTERS:
        paragraphs = f"{len(lines):,} paragraph" + ("s" if len(lines) != 1 else "")
        raise ReporterError(f"the article has {paragraphs} and {characters:,} characters of text; a case "
                            f"article has {ARTICLE_PARAGRAPHS:,} and {ARTICLE_CHARACTERS:,} at most (is this a whole "
                            "report?)", article)


def import_article(article: Path, book: Path | None = None, output: Path | str | None = None,
                   force: bool = False, date: dt.date | None = None, edition_mismatch_ok: bool = False,
                   key_kinds: frozenset[str] = frozenset(), enterprise: str | None = None) -> Imported:
    """Read, parse, find metrics, validate, then write the case and its report (both or neither).
    output: the case file, or a folder (an existing one, or a path ending in a slash) to write NNN-id.yaml in.
    date: the case's date, given by the editor (the article's own is used otherwise; none is invented).
    key_kinds: kinds of unit (distance, area, time) the editor asks to have among the key figures too.
    enterprise: the case's enterprise, an id or a name of the catalogue (for an article that names none, or
    another)."""
    passed_over = set(rules().metrics.get("not_highlighted_kinds", []))
    if key_kinds - passed_over:
        raise ReporterError(f"--key-figures-of: {', '.join(sorted(key_kinds - passed_over))} is not a kind kept out "
                            f"of the key figures; give one or more of {', '.join(sorted(passed_over))}")
    article = Path(article)
    output_is_dir = output is not None and (str(output).endswith(("/", os.sep)) or Path(output).is_dir())
    output = Path(output) if output is not None else None
    book_dir = _book_dir(book, output, output_is_dir)
    catalogue = load_book(book_dir)
    if article.suffix.lower() == ".docx":
        lines, warnings = read_docx(article)
    else:
        lines, _is_html, warnings = read_article(article)
    lines, picture_warnings = place_pictures(lines, article.parent)
    warnings += picture_warnings
    _within_limits(lines, article)
    lines, converted = simplified(lines)
    lines, removed = without_clutter(lines)
    if converted:
        warnings.append(f"{article.name}: traditional script converted to simplified (OpenCC) in "
                        f"{len(converted)} paragraphs; the report lists each word")
    if removed:
        warnings.append(f"{article.name}: {len(removed)} pieces of mirror clutter taken out of the text "
                        f"({', '.join(sorted({e.reason for e in removed}))}); the report lists each")
    given = None
    if enterprise is not None:
        entry = catalogue.locate(enterprise)
        if entry is None:
            hint = suggest(enterprise, list(catalogue.names_and_ids()), "; `reporter status BOOK_DIR` lists the ids")
            raise ReporterError(f"--enterprise: {enterprise!r} is not in the book's catalogue{hint}")
        given = (entry[0], entry[2])
    draft = parse(lines, catalogue, article, warnings, date, given)
    _check_edition(lines, draft, catalogue.year, article, edition_mismatch_ok)
    places, results = _metric_places(draft)
    names = [n for e in (draft.enterprise.short, draft.enterprise.full) for n in e.values()]
    metrics = _showable(find_metrics(places, names), article, draft)
    choose_highlights(metrics, results, key_kinds)
    if not metrics:
        draft.warnings.append(f"{article.name}: no metrics found (a number with a unit such as 万元, 名, %)")
    name = f"{draft.number:03d}-{draft.enterprise.id}.yaml"
    target = (output / name if output_is_dir else output) if output is not None else book_dir / name
    if target.exists() and not force:
        raise ReporterError("already exists; give another -o FILE, or --force to replace it", target)
    report = target.with_suffix(".import.txt")
    images, image_files = _pictures_beside(draft, target)
    text = schema_reference(target, book_dir) + case_yaml(case_data(draft, metrics, images), article.name,
                                                          report.name, draft.warnings)
    loaded = _validate(text, book_dir, target.stem, article, image_files)
    if (target.parent.resolve() != book_dir.resolve()):
        draft.warnings.append(f"{target.name} is not in the book folder {book_dir}: `reporter build` needs it "
                              "beside book.yaml")
    try:
        report_bytes = report_text(str(article), str(target), draft, metrics, converted + removed).encode()
        replace_all([*image_files, (report, report_bytes), (target, text.encode())])
    except OSError as exc:
        raise ReporterError(f"cannot write the file: {exc.strerror or exc}", exc.filename or target) from None
    return Imported(target, report, draft, metrics, loaded)
