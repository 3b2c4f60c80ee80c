"""The importer on the corpus of tests/import_corpus: articles in the forms that arrive, each imported as an editor
would and compared with the case a person made of it (bench/import_corpus.py does the comparing; its benchmark
prints the same figures)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from import_corpus import articles, score, totals  # noqa: E402

ARTICLES = articles()


@cache
def scored(article: Path):
    return score(article)


def test_the_corpus_has_twenty_articles_or_more_in_every_form():
    suffixes = {article.suffix for article in ARTICLES}
    assert len(ARTICLES) >= 20 and suffixes == {".txt", ".html", ".md", ".docx"}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.stem)
def test_each_article_imports_as_a_person_would(article):
    result = scored(article)
    assert result.refused is None, result.refused
    assert not result.problems, result.problems
    assert result.sections_right == result.sections_expected == result.sections_found, \
        (result.missed, result.extra)
    assert result.figures_right >= 0.8 * result.figures_expected, result.missed
    assert result.figures_right == result.figures_found or result.figures_found - result.figures_right <= 1, \
        result.extra


def test_recall_and_precision_over_the_corpus():
    """The issue's target: 90% of figures with units, every section, no article refused a person could import."""
    figures = totals([scored(article) for article in ARTICLES])
    assert figures["refused"] == 0
    assert figures["figure recall"] >= 0.9 and figures["figure precision"] >= 0.95
    assert figures["section recall"] == 1.0 and figures["section precision"] == 1.0
