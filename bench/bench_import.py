"""How well `reporter import` reads the articles that really arrive: the corpus of tests/import_corpus (articles
written in the forms that arrive - other editions, mirrors in traditional script, Word files, other sites' pages -
each with the case a person made of it), reported as recall and precision of figures (numbers with units) and of
sections and subsections, articles refused, and the time each import took.

    .venv/bin/python bench/bench_import.py [-v]     (-v: every figure or section missed or extra, by article)
"""

from __future__ import annotations

import sys

from import_corpus import articles, score, totals


def main(verbose: bool) -> None:
    scores = [score(article) for article in articles()]
    print(f"{'article':38} {'figures':>9} {'right':>5} {'found':>5} {'sections':>8} {'right':>5} {'ms':>6}")
    for s in scores:
        state = f"REFUSED: {s.refused}" if s.refused else ""
        print(f"{s.name:38} {s.figures_expected:9} {s.figures_right:5} {s.figures_found:5} {s.sections_expected:8} "
              f"{s.sections_right:5} {s.seconds * 1000:6.0f} {state}")
        if verbose:
            for line in s.missed:
                print(f"    missed  {line}")
            for line in s.extra:
                print(f"    extra   {line}")
        for problem in s.problems:
            print(f"    problem {problem}")
    for group in sorted({s.set for s in scores}) + ["all"]:
        chosen = [s for s in scores if group in ("all", s.set)]
        print(f"\n{group} articles")
        for name, value in totals(chosen).items():
            print(f"  {name:30} {value:.1%}" if isinstance(value, float) else f"  {name:30} {value}")
    print(f"{'import time, median':30} {sorted(s.seconds for s in scores)[len(scores) // 2] * 1000:.0f} ms")


if __name__ == "__main__":
    main("-v" in sys.argv[1:])
