"""Benchmark: what tagging (PDF/UA-1) and PDF/A cost. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_tagging.py [--reps 15] [--count 70] [--runs 3]

1. One PDF in a warm process (fonts loaded, the layout read): case 36 in zh, en and zh+en, written with both
   standards, with PDF/A only, and with neither; the runs interleaved, the median of --reps each, and the size.
2. The 70-case synthetic book in zh+en as PDF, `reporter batch --jobs 2 --force`, with and without tagging (best of
   --runs, interleaved).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchutil import ROOT, compile_package
from synthetic_book import make_book

sys.path.insert(0, str(ROOT))
from reporter.compose.brief import compose  # noqa: E402
from reporter.jobs.build import Builder  # noqa: E402
from reporter.layout.schema import PdfStandards, load_layout  # noqa: E402
from reporter.model.load import load_case  # noqa: E402

CASE_36 = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
KINDS = {"PDF/UA + PDF/A": PdfStandards(), "PDF/A only": PdfStandards(accessible=False),
         "neither": PdfStandards(accessible=False, archival=False)}


def single(reps: int) -> None:
    layout = load_layout("default")
    builders = {name: Builder(layout.model_copy(update={"pdf": pdf})) for name, pdf in KINDS.items()}
    loaded = load_case(CASE_36)
    print(f"one PDF in a warm process, {reps} runs each, interleaved")
    for mode in ("zh", "en", "zh+en"):
        document = compose(loaded, layout, mode)
        times: dict[str, list[float]] = {name: [] for name in KINDS}
        sizes: dict[str, int] = {}
        for builder in builders.values():
            builder.render_document(document, "pdf")  # warm: fonts, logos, the index cells
        for _ in range(reps):
            for name, builder in builders.items():
                started = time.perf_counter()
                data, _, _ = builder.render_document(document, "pdf")
                times[name].append(time.perf_counter() - started)
                sizes[name] = len(data)
        base, best_base = statistics.median(times["PDF/A only"]), min(times["PDF/A only"])
        for name in KINDS:
            median, best = statistics.median(times[name]), min(times[name])
            print(f"  {mode:6} {name:15} median {median * 1000:6.1f} ms ({(median / base - 1) * 100:+5.1f}%), best "
                  f"{best * 1000:6.1f} ms ({(best / best_base - 1) * 100:+5.1f}% on PDF/A only)  "
                  f"{sizes[name] / 1024:6.1f} KiB")


def batch(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        book.mkdir()
        make_book(book, count=count)
        times: dict[str, list[float]] = {"tagged": [], "untagged": []}
        for _ in range(runs):
            for name, flags in (("tagged", []), ("untagged", ["--no-pdf-ua"])):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "reporter", "batch", str(book), "--lang", "zh+en", "--format",
                                "pdf", "--jobs", "2", "--force", "--out", str(Path(folder) / name), *flags],
                               cwd=ROOT, check=True, capture_output=True)
                times[name].append(time.perf_counter() - started)
        tagged, untagged = min(times["tagged"]), min(times["untagged"])
        print(f"batch of {count} cases, zh+en PDF, --jobs 2, best of {runs}: tagged {tagged:.2f} s, untagged "
              f"{untagged:.2f} s ({(tagged / untagged - 1) * 100:+.1f}%); all runs {times}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--count", type=int, default=70)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    compile_package()
    single(options.reps)
    batch(options.count, options.runs)


if __name__ == "__main__":
    main()
