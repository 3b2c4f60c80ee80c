"""Benchmark: the 70-case synthetic book in zh+en as DOCX and PDF, `reporter batch --jobs 1` and `--jobs 2`,
against a plain loop that runs `reporter build` once per case. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_batch.py [--count 70] [--runs 2] [--no-loop] [--layout NAME]

Wall time is the best of --runs runs (all are printed). Peak memory comes from one more run: the largest sum of
the proportional set size (PSS: memory shared between the forked workers is counted once, split between them)
of the batch process and its workers, sampled every 50 ms from /proc; the plain sum of their resident sizes
(RSS), which counts shared pages once per process, is shown beside it. Sampling slows the batch it watches, so
no time is taken from that run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchutil import ROOT, compile_package
from synthetic_book import make_book

REPORTER = [sys.executable, "-m", "reporter"]


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process and all its descendants, in MB (Linux /proc)."""
    pss = rss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return pss / 1024, rss / 1024


def run(command: list[str], sample_memory: bool = False) -> tuple[float, tuple[float, float]]:
    """(wall seconds, (peak PSS, peak RSS) in MB of the process tree, or zeros when not sampled).

    Sampling reads /proc/PID/smaps_rollup, which walks the processes' page tables under their memory lock and
    slowed the measured batch by a fifth: times come from runs without it, memory from runs with it."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = (0.0, 0.0)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            pss, rss = tree_memory_mb(process.pid)
            peak = (max(peak[0], pss), max(peak[1], rss))
            time.sleep(0.05)
    sampler = threading.Thread(target=sample if sample_memory else done.wait)
    sampler.start()
    _, err = process.communicate()
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-500:]}")
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=70)
    parser.add_argument("--no-loop", action="store_true", help="skip the plain `reporter build` loop")
    parser.add_argument("--runs", type=int, default=2, help="timed runs per --jobs value; the best is shown")
    parser.add_argument("--layout", default="default", help="a client layout (acme, bluebook-house: with logos)")
    args = parser.parse_args()
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="reporter-bench-"))
    try:
        book = work / "book"
        files = make_book(book, args.count)
        print(f"{len(files)} synthetic cases, zh+en, DOCX and PDF ({len(files) * 2} files), layout {args.layout}")
        options = ["--lang", "zh+en", "--layout", args.layout]
        results = {}
        for jobs in (1, 2):
            out = work / f"out-{jobs}"
            command = [*REPORTER, "batch", str(book), *options, "--out", str(out), "--jobs", str(jobs), "--force"]
            walls = [run(command)[0] for _ in range(args.runs)]
            wall = min(walls)
            _, peak = run(command, sample_memory=True)
            results[jobs] = wall
            runs = ", ".join(f"{w:.2f}" for w in walls)
            print(f"batch --jobs {jobs}: {wall:6.2f} s wall (runs: {runs}), {wall / len(files) * 1000:5.0f} ms per "
                  f"case, peak {peak[0]:4.0f} MB PSS ({peak[1]:.0f} MB summed RSS)")
        wall, _ = run([*REPORTER, "batch", str(book), *options, "--out", str(work / "out-2"), "--jobs", "2"])
        print(f"batch again, nothing changed: {wall:.2f} s")
        if not args.no_loop:
            started = time.perf_counter()
            for path in files:
                subprocess.run([*REPORTER, "build", str(path), *options, "--out", str(work / "loop")],
                               cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            loop = time.perf_counter() - started
            print(f"plain loop of `reporter build`: {loop:6.2f} s ({loop / len(files) * 1000:.0f} ms per case); "
                  f"batch --jobs 2 is {loop / results[2]:.1f}x faster, --jobs 1 {loop / results[1]:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
