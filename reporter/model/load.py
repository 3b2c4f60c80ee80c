"""Read and validate a case file and its book: one-line errors with file, line and field path."""

from __future__ import annotations

import difflib

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from reporter.errors import ReporterError, error_loc, error_message, every_error, format_path, suggest
from reporter.i18n.languages import known_units
from reporter.model.schema import Book, Case, Category, Enterprise, pick
from reporter.model.yamlfile import LineMap, load_yaml

BOOK_FILE = "book.yaml"

def validation_error(exc: ValidationError, model: type[BaseModel], path: Path, lines: LineMap) -> ReporterError:
    """Every pydantic error, each as one line `file:line: field.path: message`: the first, with the others as its
    `more`. An unknown field is told first: it is usually the typo behind a 'missing' one (summery -> summary)."""
    problems = []
    for error in every_error(exc):
        loc = error_loc(error)
        message = error_message(error, model, loc, "field")
        problems.append(ReporterError(message, path, lines.line_of(loc), format_path(loc) or None))
    first = problems[0]
    first.more = tuple(problems[1:])
    return first


def _validate(model: type[BaseModel], path: Path):
    data, lines = load_yaml(path)
    if not isinstance(data, dict):
        raise ReporterError(f"expected a mapping of fields at the top, got {type(data).__name__}", path, 1)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise validation_error(exc, model, path, lines) from None


@lru_cache(maxsize=16)
def _load_book_cached(path: Path, mtime_ns: int) -> Book:
    return _validate(Book, path)[0]


def load_book(book_dir: Path) -> Book:
    path = (book_dir / BOOK_FILE).resolve()
    if not path.exists():
        raise ReporterError(f"no {BOOK_FILE} beside the case", book_dir / BOOK_FILE)
    return _load_book_cached(path, path.stat().st_mtime_ns)


@dataclass(frozen=True)
class LoadedCase:
    """A validated case with what the book says of it."""

    case: Case
    book: Book
    path: Path
    number: int
    category: Category
    enterprise: Enterprise
    lines: LineMap = field(repr=False, compare=False)
    """Where each field of the case file is, for messages about it after loading."""

    @property
    def base_dir(self) -> Path:
        return self.path.parent


def load_case(path: Path, book_dir: Path | None = None) -> LoadedCase:
    """Validate a case file and check it against its book (enterprise, units, images): the book of `book_dir`, else
    of the case's own folder. Its images are found beside the case."""
    path = Path(path)
    case, lines = _validate(Case, path)
    if book_dir is None and not (path.parent / BOOK_FILE).exists():
        raise ReporterError(f"no {BOOK_FILE} beside the case (give the book's folder with --book DIR)",
                            path.parent / BOOK_FILE)
    book = load_book(Path(book_dir) if book_dir is not None else path.parent)
    entry = book.locate(case.enterprise)
    if entry is None:
        hint = _enterprise_hint(book, case.enterprise)
        raise ReporterError(f"{case.enterprise!r} is not in the book's catalogue{hint}", path,
                            lines.line_of(("enterprise",)), "enterprise")
    units = known_units()
    for index, metric in enumerate(case.metrics):
        if metric.unit not in units:
            hint = suggest(metric.unit, units, otherwise=f"; known units: {' '.join(units)}")
            loc = ("metrics", index, "unit")
            raise ReporterError(f"unknown unit {metric.unit!r}{hint}", path, lines.line_of(loc), format_path(loc))
    for loc, figure in _figures(case):
        problem = figure.image and _outside_or_missing(path.parent, figure.image)
        if problem:
            loc = loc + ("image",)
            raise ReporterError(problem, path, lines.line_of(loc), format_path(loc))
    number, category, enterprise = entry
    return LoadedCase(case, book, path, number, category, enterprise, lines)


def _enterprise_hint(book: Book, given: str) -> str:
    """'; did you mean 'cetc' (中国电科)?' from the ids and the names of the catalogue, else where to look."""
    known = book.names_and_ids()
    close = difflib.get_close_matches(given, list(known), n=1, cutoff=0.5)
    if close:
        enterprise_id = known[close[0]]
        entry = book.locate(enterprise_id)
        name = entry[2].short.get("zh") or next(iter(entry[2].short.values())) if entry else ""
        return f"; did you mean {enterprise_id!r} ({name})?"
    return "; `reporter status BOOK_DIR` lists the enterprises with their ids"


def _outside_or_missing(folder: Path, name: str) -> str | None:
    """Why a file a case names cannot be used: it must be inside the case's folder once symlinks are followed."""
    if Path(name).is_absolute() or name.startswith("~"):
        return f"{name} is not in the book's folder; give a path relative to the case file"
    found = (folder / name).resolve()
    if not found.is_relative_to(folder.resolve()):
        return f"{name} leads outside the book's folder, to {found}; keep images inside the book's folder"
    if not found.is_file():
        return f"image file not found: {name}"
    return None


def _figures(case: Case):
    for s, section in enumerate(case.sections):
        for f, figure in enumerate(section.figures):
            yield ("sections", s, "figures", f), figure
        for u, sub in enumerate(section.subsections):
            for f, figure in enumerate(sub.figures):
                yield ("sections", s, "subsections", u, "figures", f), figure


def untranslated(loaded: LoadedCase, lang: str) -> list[ReporterError]:
    """Each text of the case with nothing in `lang`, as `file:line: field: ...` (unit words excepted: a unit
    without its own words takes the language's default)."""
    lines = loaded.lines
    found: list[ReporterError] = []

    def walk(value: object, loc: tuple) -> None:
        if isinstance(value, BaseModel):
            for name, info in type(value).model_fields.items():
                if name != "unit_text":
                    walk(getattr(value, name), loc + (info.alias or name,))
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, loc + (index,))
        elif isinstance(value, dict) and not pick(value, lang):
            found.append(ReporterError(f"no text in {lang!r}", loaded.path, lines.line_of(loc), format_path(loc)))

    walk(loaded.case, ())
    return found
