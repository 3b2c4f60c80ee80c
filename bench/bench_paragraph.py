"""Time against the length of one paragraph: case 36 with its first background paragraph replaced by N
characters of Chinese or English running text, built as DOCX and PDF in one process (fonts warm).

    .venv/bin/python bench/bench_paragraph.py [--lengths 1000,10000,...]

Prints seconds per build, and the time beyond case 36's own per 1,000 characters: a flat column means work
linear in the length. A
paragraph over the limit (reporter.limits.TEXT_CHARS) is refused with one line, timed too."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reporter.errors import ReporterError  # noqa: E402
from reporter.jobs.build import Builder  # noqa: E402
from reporter.limits import TEXT_CHARS  # noqa: E402

BOOK = ROOT / "cases" / "bluebook-2021"
CASE = "036-cetc.yaml"
CHINESE = "中国电科定点帮扶贵州省黔东南州雷山县，开展了消费扶贫、产业扶贫、智力扶贫等工作，取得了显著成效。"
ENGLISH = "CETC helped Leishan County in Guizhou with consumption, industry and education, with clear results. "


def case_with_paragraph(folder: Path, lang: str, length: int) -> Path:
    """A copy of the book whose case 36 opens its background with one paragraph of `length` characters."""
    book = folder / f"{lang}-{length}"
    shutil.copytree(BOOK, book)
    sample = CHINESE if lang == "zh" else ENGLISH
    text = (sample * (length // len(sample) + 1))[:length]
    path = book / CASE
    source = path.read_text("utf-8")
    marker = "    paragraphs:\n      - zh: >-\n"
    start = source.index(marker) + len("    paragraphs:\n")
    path.write_text(source[:start] + f"      - {{zh: \"{text}\", en: \"{text}\"}}\n" + source[start:], "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lengths", default="1000,5000,10000,20000,50000,1000000")
    lengths = [int(n) for n in parser.parse_args().lengths.split(",")]
    builder = Builder("default")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        builder.build(BOOK / CASE, ["zh", "en"], ["docx", "pdf"], folder / "warm")  # fonts, caches
        print(f"{'lang':<5}{'chars':>10}{'seconds':>10}{'pages':>7}{'ms per 1k chars':>17}  outcome")
        for lang in ("zh", "en"):
            started = time.perf_counter()
            builder.build(BOOK / CASE, [lang], ["docx", "pdf"], folder / f"base-{lang}")
            base = time.perf_counter() - started
            print(f"{lang:<5}{'(case)':>10}{base:>10.2f}{'':>7}{'':>17}  case 36 as it is, subtracted below")
            for length in lengths:
                path = case_with_paragraph(folder, lang, length)
                started = time.perf_counter()
                try:
                    result = builder.build(path, [lang], ["docx", "pdf"], folder / f"out-{lang}-{length}")
                    outcome, pages = "built", next(o.pages for o in result.outputs if o.format == "pdf")
                except ReporterError as exc:
                    outcome, pages = f"refused: {str(exc).split(': ', 2)[-1][:60]}", 0
                seconds = time.perf_counter() - started
                per = f"{max(seconds - base, 0) / length * 1e6:.1f}" if outcome == "built" else "-"
                print(f"{lang:<5}{length:>10,}{seconds:>10.2f}{pages:>7}{per:>17}  {outcome}", flush=True)
    print(f"limit: {TEXT_CHARS:,} characters per text")


if __name__ == "__main__":
    main()
