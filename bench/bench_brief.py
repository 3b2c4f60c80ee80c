"""Benchmark: time per DOCX and per PDF brief of case 36 in each language mode, after a warm-up.

Prints figures; asserts nothing. Run: .venv/bin/python bench/bench_brief.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
TARGETS = {"docx": 0.060, "pdf": 0.150}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    started = time.perf_counter()
    from reporter.build import Builder
    from reporter.fonts import registered_count
    imported = time.perf_counter() - started

    builder = Builder("default")
    started = time.perf_counter()
    fonts = builder.fonts  # registers the layout's fonts with ReportLab, once per process
    font_time = time.perf_counter() - started
    print(f"import: {imported * 1000:.0f} ms; font registration (once per process, {registered_count()} faces): "
          f"{font_time * 1000:.0f} ms")
    del fonts

    print(f"{'mode':<7}{'format':<8}{'median':>9}{'min':>9}{'max':>9}{'target':>9}{'size':>10}{'pages':>7}")
    for mode in ("zh", "en", "zh+en"):
        for fmt in ("docx", "pdf"):
            data, pages, _ = builder.render(CASE, mode, fmt)  # warm-up
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                builder.render(CASE, mode, fmt)
                times.append(time.perf_counter() - started)
            target = f"{TARGETS[fmt] * 1000:.0f} ms" if mode == "zh+en" else ""
            print(f"{mode:<7}{fmt:<8}{statistics.median(times) * 1000:>7.1f}ms{min(times) * 1000:>7.1f}ms"
                  f"{max(times) * 1000:>7.1f}ms{target:>9}{len(data) / 1024:>8.0f}KB{pages or '':>7}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
