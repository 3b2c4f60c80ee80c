"""Benchmark: cutting a face down to the glyphs a brief draws, with HarfBuzz's hb-subset as reporter does
(reporter/fonts/subset.py) and with fontTools' subsetter, the other kept subsetter in Python. Prints figures;
asserts nothing.

    .venv/bin/python bench/bench_subset.py [--runs 20]

The characters are those of case 36 in zh+en; the faces are the default layout's body faces (Noto Serif CJK SC,
CFF outlines in a collection of 65,000 glyphs, and Caladea, TrueType). Both are timed as a PDF uses them: the
face already open (once per process), one font program per brief.
"""

from __future__ import annotations

import argparse
import io
import sys
import time

from benchutil import ROOT, document_strings

sys.path.insert(0, str(ROOT))
from reporter.compose.brief import compose  # noqa: E402
from reporter.fonts.face import load_face  # noqa: E402
from reporter.fonts.subset import subset_program  # noqa: E402
from reporter.layout.schema import load_layout  # noqa: E402
from reporter.model.load import load_case  # noqa: E402

CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"


def brief_text() -> str:
    """Every character case 36's bilingual brief sets, once."""
    document = compose(load_case(CASE), load_layout("default"), "zh+en")
    return "".join(sorted(set("".join(document_strings(document.blocks)))))


def ours(face, text: str, runs: int) -> tuple[list[float], int, int]:
    """(seconds per font program, its size, glyphs) with hb-subset."""
    glyphs = {face.cmap[ord(c)] for c in text if ord(c) in face.cmap}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        program = subset_program(face, glyphs)
        times.append(time.perf_counter() - started)
    return times, len(program.data), len(glyphs) + 1


def fonttools(face, text: str, runs: int) -> tuple[list[float], int, float]:
    """(seconds per font program, its size, seconds to open the font once) with fontTools' subsetter."""
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont

    started = time.perf_counter()
    TTFont(str(face.path), fontNumber=face.index, lazy=True)
    opened = time.perf_counter() - started
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        copy = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        options = Options()
        options.notdef_outline, options.hinting, options.layout_features = True, False, []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
        subsetter = Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(copy)
        out = io.BytesIO()
        copy.save(out)
        times.append(time.perf_counter() - started)
        size = len(out.getvalue())
    return times, size, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="one run each: checks the benchmark still works")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    text = brief_text()
    layout = load_layout("default")
    print(f"case 36, zh+en: {len(text)} distinct characters; best of {runs} runs")
    for script in ("east_asian", "latin"):
        info = layout.font_face("body", script)
        face = load_face(info.path, info.index)
        times, size, glyphs = ours(face, text, runs)
        rival, rival_size, opened = fonttools(face, text, runs)
        print(f"{info.family:20} {info.kind:8} hb-subset {min(times) * 1000:6.1f} ms, {size / 1024:5.0f} KiB, "
              f"{glyphs} glyphs | fontTools {min(rival) * 1000:7.1f} ms, {rival_size / 1024:5.0f} KiB "
              f"(opening the font: {opened * 1000:.0f} ms once)")


if __name__ == "__main__":
    main()
