"""The importer measured on the corpus of tests/import_corpus: each article imported as an editor would (with the
options its expectation names), compared with the case a person made of it. Used by bench/bench_import.py
(which prints the figures) and tests/test_import_corpus.py (which holds the importer to them).

An expectation (NN-name.expect.yaml) says: enterprise, number, date, title (when checked), summary_starts,
sections (kind, title for kind other, subsection titles), figures ("value unit [qualifier]" or "a → b unit"),
and optionally options, refused_without_options, captions, pictures, keywords, not_highlighted_units,
paragraphs_have and paragraphs_have_not (texts some paragraph must have, or none may)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "import_corpus"
BOOK = ROOT / "cases" / "bluebook-2021" / "book.yaml"


@dataclass
class Score:
    name: str
    set: str = ""
    """The round the article was written in: each round was written before the importer was mended on it, and
    its first result is recorded in tests/import_corpus/README.md."""
    refused: str | None = None
    """The one-line error when an article a person could import was refused."""
    figures_expected: int = 0
    figures_found: int = 0
    figures_right: int = 0
    sections_expected: int = 0
    sections_found: int = 0
    sections_right: int = 0
    problems: list[str] = field(default_factory=list)
    """Each way the imported case differs from the expected one, besides figures and sections."""
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    seconds: float = 0.0


def articles() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".md", ".docx")
                  and p.with_name(p.stem + ".expect.yaml").exists())


def expectation(article: Path) -> dict:
    return yaml.safe_load(article.with_name(article.stem + ".expect.yaml").read_text("utf-8"))


def figure_key(text: str) -> tuple:
    """'1.2 万吨', '3 万名 余', '13 → 0.55 %' -> (value, change, unit, qualifier)."""
    parts = text.split()
    if "→" in parts:
        return (None, (Decimal(parts[0]), Decimal(parts[2])), parts[3], None)
    return (Decimal(parts[0]), None, parts[1], parts[2] if len(parts) > 2 else None)


def _found_key(metric) -> tuple:
    change = (Decimal(str(metric.change_from)), Decimal(str(metric.change_to))) if metric.value is None else None
    value = Decimal(str(metric.value)) if metric.value is not None else None
    return (value, change, metric.unit, metric.qualifier)


def _shown(key: tuple) -> str:
    value, change, unit, qualifier = key
    number = f"{change[0].normalize():f} → {change[1].normalize():f}" if change else f"{value.normalize():f}"
    return " ".join(p for p in (number, unit, qualifier) if p)


def _section_items(sections: list[dict]) -> list[tuple]:
    items = []
    for section in sections:
        head = (section["kind"], section.get("title") if section["kind"] == "other" else None)
        items.append(head)
        items += [(head, sub) for sub in section.get("subsections", [])]
    return items


def _imported_items(case) -> list[tuple]:
    items = []
    for section in case.sections:
        head = (section.kind, section.title["zh"] if section.kind == "other" else None)
        items.append(head)
        items += [(head, sub.title["zh"]) for sub in section.subsections]
    return items


def _import(article: Path, book: Path, options: list[str]):
    from reporter.errors import ReporterError
    from reporter.importer import import_article

    date = None
    consent = "--edition-mismatch-ok" in options
    if "--date" in options:
        date = dt.date.fromisoformat(options[options.index("--date") + 1])
    try:
        return import_article(article, book, book, force=True, date=date, edition_mismatch_ok=consent), None
    except ReporterError as exc:
        return None, str(exc)


def score(article: Path) -> Score:
    """Import the article into a fresh book folder and compare the case with its expectation."""
    wanted = expectation(article)
    result = Score(article.name, wanted["set"])
    options = [str(o) for o in wanted.get("options", [])]
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder)
        shutil.copy(BOOK, book / "book.yaml")
        if wanted.get("refused_without_options"):
            _, error = _import(article, book, [])
            if error is None or wanted["refused_without_options"] not in error:
                result.problems.append(f"without {' '.join(options)}: expected a refusal saying "
                                       f"{wanted['refused_without_options']!r}, got {error!r}")
        started = time.perf_counter()
        imported, error = _import(article, book, options)
        result.seconds = time.perf_counter() - started
        expected_figures = [figure_key(f) for f in wanted.get("figures", [])]
        expected_sections = _section_items(wanted["sections"])
        result.figures_expected, result.sections_expected = len(expected_figures), len(expected_sections)
        if imported is None:
            result.refused = error
            return result
        case = imported.loaded.case
        _compare_case(result, wanted, imported, book)
        found = [_found_key(m) for m in case.metrics]
        result.figures_found = len(found)
        result.figures_right = len(set(found) & set(expected_figures))
        result.missed = [_shown(k) for k in expected_figures if k not in found]
        result.extra = [_shown(k) for k in found if k not in expected_figures]
        items = _imported_items(case)
        result.sections_found = len(items)
        result.sections_right = len(set(items) & set(expected_sections))
        result.missed += [f"section {i}" for i in expected_sections if i not in items]
        result.extra += [f"section {i}" for i in items if i not in expected_sections]
        highlighted = {m.unit for m in case.metrics if m.highlight}
        for unit in wanted.get("not_highlighted_units", []):
            if unit in highlighted:
                result.problems.append(f"a figure in {unit} was marked for the panel")
    return result


def _compare_case(result: Score, wanted: dict, imported, book: Path) -> None:
    case, number = imported.loaded.case, imported.loaded.number
    checks = [("enterprise", case.enterprise, wanted["enterprise"]), ("number", number, wanted["number"]),
              ("date", case.date, wanted["date"])]
    if "title" in wanted:
        checks.append(("title", case.title["zh"], wanted["title"]))
    if "keywords" in wanted:
        checks.append(("keywords", [k["zh"] for k in case.keywords], wanted["keywords"]))
    for name, got, expected in checks:
        if got != expected:
            result.problems.append(f"{name}: {got!r}, expected {expected!r}")
    summary = case.summary["zh"]
    if not summary.startswith(wanted["summary_starts"]):
        result.problems.append(f"summary starts {summary[:24]!r}, expected {wanted['summary_starts']!r}")
    for text in wanted.get("summary_has_not", []):
        if text in summary:
            result.problems.append(f"summary still has {text!r}")
    paragraphs = [t["zh"] for s in case.sections for p in [s, *s.subsections] for t in p.paragraphs]
    for text in wanted.get("paragraphs_have", []):
        if not any(text in paragraph for paragraph in paragraphs):
            result.problems.append(f"no paragraph has {text!r}")
    for text in wanted.get("paragraphs_have_not", []):
        if any(text in paragraph for paragraph in paragraphs):
            result.problems.append(f"a paragraph still has {text!r}")
    captions = [f.caption["zh"] for s in case.sections for p in [s, *s.subsections] for f in p.figures]
    for caption in wanted.get("captions", []):
        if caption not in captions:
            result.problems.append(f"caption {caption!r} not found (captions: {captions})")
    pictures = [f.image for s in case.sections for p in [s, *s.subsections] for f in p.figures if f.image]
    if len(pictures) != wanted.get("pictures", 0):
        result.problems.append(f"{len(pictures)} pictures kept, expected {wanted.get('pictures', 0)}")
    for picture in pictures:
        if not (book / picture).is_file():
            result.problems.append(f"picture {picture} not written beside the case")


def totals(scores: list[Score]) -> dict[str, float]:
    def ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    return {
        "articles": len(scores),
        "refused": sum(s.refused is not None for s in scores),
        "figure recall": ratio(sum(s.figures_right for s in scores), sum(s.figures_expected for s in scores)),
        "figure precision": ratio(sum(s.figures_right for s in scores), sum(s.figures_found for s in scores)),
        "section recall": ratio(sum(s.sections_right for s in scores), sum(s.sections_expected for s in scores)),
        "section precision": ratio(sum(s.sections_right for s in scores), sum(s.sections_found for s in scores)),
        "articles with other problems": sum(bool(s.problems) for s in scores),
    }
