"""Benchmark: reporter against pandoc (DOCX) plus typst (PDF) on the same content, side by side in one run.
Prints figures; asserts nothing. Run bench/setup_rivals.sh first (installs pandoc and typst for the benchmark only).

    .venv/bin/python bench/bench_rivals.py [--runs 7] [--count 70] [--jobs 2]

1. Cold single build of case 36 in zh+en: one fresh `reporter build` process writing DOCX and PDF, against
   `pandoc case.md -o case.docx` followed by one typst process compiling case.typ to PDF. The rivals get the
   brief's text, headings, key figures and index as plain Markdown and Typst markup (bench/rivals.py), without
   reporter's layout: the comparison favours them. Runs alternate between the tools; the median and best of
   --runs are shown. Our font cache is warm (as on any machine after the first build); one more reporter run with
   an empty cache shows the first build ever.
2. Batch: the synthetic 70-case book, `reporter batch --jobs N` against pandoc + typst run per case, N cases at a
   time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchutil import ROOT, compile_package
from rivals import markdown, typst
from synthetic_book import make_book

sys.path.insert(0, str(ROOT))
from reporter.compose.brief import compose  # noqa: E402
from reporter.layout.schema import load_layout  # noqa: E402
from reporter.model.load import load_case  # noqa: E402

CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
REPORTER = [sys.executable, "-m", "reporter"]
RIVALS_PYTHON = ROOT / "bench" / ".venv-rivals" / "bin" / "python"
TYPST = [str(RIVALS_PYTHON), "-c", "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - started


def rival_sources(case: Path, folder: Path) -> tuple[Path, Path]:
    """case.md and case.typ for one case, from the brief reporter composes (zh+en, default layout)."""
    document = compose(load_case(case), load_layout("default"), "zh+en")
    folder.mkdir(parents=True, exist_ok=True)
    md, typ = folder / f"{case.stem}.md", folder / f"{case.stem}.typ"
    md.write_text(markdown(document), "utf-8")
    typ.write_text(typst(document), "utf-8")
    return md, typ


def rivals_once(md: Path, typ: Path) -> float:
    return timed(["pandoc", str(md), "-o", str(md.with_suffix(".docx"))]) + \
        timed([*TYPST, str(typ), str(typ.with_suffix(".pdf"))])


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s, best {min(times):.3f} s"


def single(work: Path, runs: int) -> None:
    md, typ = rival_sources(CASE, work / "rivals")
    build = [*REPORTER, "build", str(CASE), "--lang", "zh+en", "--out", str(work / "ours")]
    timed(build)
    rivals_once(md, typ)  # both warm: files in the page cache, our font cache written
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed(build))
        theirs.append(rivals_once(md, typ))
    empty = work / "empty-cache"
    first = timed(build, env={**os.environ, "REPORTER_CACHE": str(empty)})
    print(f"case 36, zh+en, DOCX + PDF, one process each, {runs} runs")
    print(f"  reporter build       {summary(ours)}   (first build ever, empty font cache: {first:.3f} s)")
    print(f"  pandoc + typst       {summary(theirs)}")
    sizes = {p.suffix: p.stat().st_size for p in (work / "ours").iterdir()}
    print(f"  sizes: ours DOCX {sizes['.docx'] / 1024:.0f} KiB, PDF {sizes['.pdf'] / 1024:.0f} KiB; pandoc DOCX "
          f"{md.with_suffix('.docx').stat().st_size / 1024:.0f} KiB, typst PDF "
          f"{typ.with_suffix('.pdf').stat().st_size / 1024:.0f} KiB")
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(f"  reporter takes {ratio:.2f}x the time of pandoc + typst")


def batch(work: Path, count: int, jobs: int) -> None:
    book = work / "book"
    files = make_book(book, count)
    sources = [rival_sources(case, work / "rivals-book") for case in files]
    command = [*REPORTER, "batch", str(book), "--lang", "zh+en", "--out", str(work / "ours-book"),
               "--jobs", str(jobs), "--force"]
    timed(command)
    ours = timed(command)
    started = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda pair: rivals_once(*pair), sources))
    theirs = time.perf_counter() - started
    print(f"{len(files)} synthetic cases, zh+en, DOCX + PDF, {jobs} jobs")
    print(f"  reporter batch       {ours:6.2f} s ({ours / len(files) * 1000:4.0f} ms per case)")
    print(f"  pandoc + typst       {theirs:6.2f} s ({theirs / len(files) * 1000:4.0f} ms per case)")
    print(f"  reporter is {theirs / ours:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--count", type=int, default=70)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not RIVALS_PYTHON.exists() or not shutil.which("pandoc"):
        raise SystemExit("run bench/setup_rivals.sh first: it installs pandoc and typst for this benchmark")
    compile_package()
    work = Path(tempfile.mkdtemp(prefix="reporter-rivals-"))
    try:
        print(subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0] +
              ", typst " + subprocess.run([str(RIVALS_PYTHON), "-c", "import importlib.metadata as m; "
                                           "print(m.version('typst'))"], capture_output=True,
                                          text=True).stdout.strip())
        single(work, args.runs)
        batch(work, args.count, args.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
