"""Benchmark: what a print master (PDF/X-4: CMYK colour, bleed, its profile embedded) costs against the screen PDF
of the same brief, in time and in bytes, for case 36 in each shipped layout and language mode, after a warm-up.
Each time covers writing the PDF from the composed document and its preflight, in memory.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_print.py [--runs N] [--layouts a,b]
"""

from __future__ import annotations

import argparse
import statistics
import time

from benchutil import ROOT, compile_package

CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
MODES = ("zh", "en", "zh+en")
BUDGET = 0.20
"""A print master may cost at most a fifth more than the screen PDF."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--layouts", default="default,acme,bluebook-house")
    args = parser.parse_args()

    compile_package()
    from reporter.compose.brief import compose
    from reporter.jobs.build import Builder
    from reporter.model.load import load_case

    case = load_case(CASE)
    print(f"{'layout':<16}{'profile':<9}{'median':>9}{'best':>9}{'size':>9}{'time':>8}{'bytes':>8}")
    for name in args.layouts.split(","):
        base = Builder(name).layout
        medians, sizes = {}, {}
        for profile in ("screen", "print"):
            layout = base.model_copy(update={"pdf": base.pdf.model_copy(update={"profile": profile})})
            builder = Builder(layout)
            documents = [compose(case, layout, mode) for mode in MODES]
            sizes[profile] = sum(len(builder.render_document(d, "pdf")[0]) for d in documents) / len(MODES)
            runs = []
            for _ in range(args.runs):
                started = time.perf_counter()
                for document in documents:
                    builder.render_document(document, "pdf")
                runs.append((time.perf_counter() - started) / len(MODES))
            medians[profile] = statistics.median(runs)
            more_time = f"{(medians[profile] / medians['screen'] - 1) * 100:+.0f}%" if profile == "print" else ""
            more_bytes = f"{(sizes[profile] / sizes['screen'] - 1) * 100:+.0f}%" if profile == "print" else ""
            print(f"{name:<16}{profile:<9}{medians[profile] * 1000:>7.1f}ms{min(runs) * 1000:>7.1f}ms"
                  f"{sizes[profile] / 1024:>7.0f}KB{more_time:>8}{more_bytes:>8}")
    print(f"budget: a print master at most {BUDGET:.0%} more than the screen PDF, in time and in bytes")


if __name__ == "__main__":
    main()
