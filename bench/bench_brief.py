"""Benchmark: time per DOCX and per PDF brief of case 36 in each language mode, after a warm-up.
Each time covers the whole brief: load and validate the case, compose, write, in memory.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_brief.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

from benchutil import ROOT, compile_package

CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
TARGETS = {"docx": 0.060, "pdf": 0.150}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    compile_package()
    started = time.perf_counter()
    from reporter.jobs.build import Builder
    from reporter.pdf.fonts import registered_count
    imported = time.perf_counter() - started

    builder = Builder("default")
    started = time.perf_counter()
    fonts = builder.fonts  # registers the layout's fonts with ReportLab, once per process
    font_time = time.perf_counter() - started
    print(f"import: {imported * 1000:.0f} ms; font registration (once per process, {registered_count()} faces): "
          f"{font_time * 1000:.0f} ms")
    del fonts

    cases = [(mode, fmt) for mode in ("zh", "en", "zh+en") for fmt in ("docx", "pdf")]
    times: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    results = {case: builder.render(CASE, *case) for case in cases}  # warm-up
    for _ in range(args.runs):  # round-robin, so a slow spell of a shared machine hits every case alike
        for case in cases:
            started = time.perf_counter()
            builder.render(CASE, *case)
            times[case].append(time.perf_counter() - started)
    print(f"{'mode':<7}{'format':<8}{'best':>9}{'median':>9}{'max':>9}{'target':>9}{'size':>10}{'pages':>7}")
    for mode, fmt in cases:
        data, pages, _ = results[(mode, fmt)]
        runs = times[(mode, fmt)]
        target = f"{TARGETS[fmt] * 1000:.0f} ms" if mode == "zh+en" else ""
        print(f"{mode:<7}{fmt:<8}{min(runs) * 1000:>7.1f}ms{statistics.median(runs) * 1000:>7.1f}ms"
              f"{max(runs) * 1000:>7.1f}ms{target:>9}{len(data) / 1024:>8.0f}KB{pages or '':>7}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
