"""Benchmark: our TrueType subsetter (reporter/pdf/subset.py) against fontTools' on the glyphs a brief embeds.
Prints figures; asserts nothing. Run bench/setup_rivals.sh first (it installs fontTools and uharfbuzz for the
benchmark only).

    .venv/bin/python bench/bench_subset.py [--runs 20]

The characters are those of case 36 in zh+en; the fonts are the default layout's body fonts (AR PL UMing, a
TrueType collection of 17,000 glyphs, and Caladea). Ours is timed as a PDF uses it: the face already parsed (it is
once per process and cached on disk), one font program per brief. fontTools is timed the same way (font opened
once, one Subsetter per brief), and HarfBuzz's hb-subset (uharfbuzz) with the face open, in the rivals' venv.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from benchutil import ROOT

sys.path.insert(0, str(ROOT))
import reporter.pdf  # noqa: E402,F401  (installs the adapters)
from reporter.compose.brief import compose  # noqa: E402
from reporter.fonts.locate import find_font  # noqa: E402
from reporter.layout.schema import load_layout  # noqa: E402
from reporter.model.load import load_case  # noqa: E402
from reporter.pdf.fonts import load_font  # noqa: E402
from reporter.pdf.subset import add_components, font_program  # noqa: E402

CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
RIVALS_PYTHON = ROOT / "bench" / ".venv-rivals" / "bin" / "python"
FONTTOOLS = """
import json, sys, time, io
from fontTools.ttLib import TTFont
from fontTools.subset import Options, Subsetter
path, number, text, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
started = time.perf_counter()
font = TTFont(path, fontNumber=number, lazy=True)
opened = time.perf_counter() - started
times = []
for _ in range(runs):
    started = time.perf_counter()
    copy = TTFont(path, fontNumber=number, lazy=True)
    options = Options(); options.notdef_outline = True; options.name_IDs = ["*"]; options.hinting = True
    options.layout_features = []; options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    subsetter = Subsetter(options); subsetter.populate(text=text); subsetter.subset(copy)
    out = io.BytesIO(); copy.save(out)
    times.append(time.perf_counter() - started)
import uharfbuzz as hb
face = hb.Face(hb.Blob.from_file_path(path), number)
hb_times = []
for _ in range(runs):
    started = time.perf_counter()
    request = hb.SubsetInput()
    request.unicode_set.update(ord(c) for c in text)
    request.drop_table_tag_set.update(int.from_bytes(t, "big") for t in (b"GSUB", b"GPOS", b"GDEF"))
    hb_font = hb.subset(face, request).blob.data
    hb_times.append(time.perf_counter() - started)
print(json.dumps({"open": opened, "times": times, "size": len(out.getvalue()), "hb": hb_times,
                  "hb_size": len(hb_font)}))
"""


def brief_text() -> str:
    """Every character case 36's bilingual brief sets, once."""
    document = compose(load_case(CASE), load_layout("default"), "zh+en")
    texts: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                collect(getattr(value, name))
    collect(document.blocks)
    return "".join(sorted(set("".join(texts))))


def ours(file: str, text: str, runs: int) -> tuple[list[float], int, int]:
    """(seconds per font program, its size, glyphs) for the characters the font has, as CIDFont makes it."""
    from reportlab.pdfbase.pdfmetrics import getFont
    face = getFont(load_font(*find_font(file)).name).face
    codes = [ord(c) for c in text if ord(c) in face.charToGlyph]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        glyph_map = [0] + [face.charToGlyph[code] for code in codes]
        glyph_set: dict[int, int] = {}
        for cid, old in enumerate(glyph_map):
            glyph_set.setdefault(old, cid)
        add_components(face, glyph_map, glyph_set)
        program = font_program(face, glyph_map, glyph_set, None)
        times.append(time.perf_counter() - started)
    return times, len(program), len(glyph_map)


def theirs(file: str, text: str, runs: int) -> dict:
    path, number = find_font(file)
    done = subprocess.run([str(RIVALS_PYTHON), "-c", FONTTOOLS, str(path), str(number), text,
                           str(runs)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not RIVALS_PYTHON.exists():
        raise SystemExit("run bench/setup_rivals.sh first: it installs fontTools for this benchmark")
    text = brief_text()
    print(f"case 36, zh+en: {len(text)} distinct characters; best of {args.runs} runs")
    for file in ("uming.ttc#0", "Caladea-Regular.ttf"):
        times, size, glyphs = ours(file, text, args.runs)
        rival = theirs(file, text, args.runs)
        print(f"{file:20} ours {min(times) * 1000:6.1f} ms, {size / 1024:5.0f} KiB, {glyphs} glyphs | fontTools "
              f"{min(rival['times']) * 1000:6.1f} ms, {rival['size'] / 1024:5.0f} KiB (opening the font: "
              f"{rival['open'] * 1000:.0f} ms once) | HarfBuzz {min(rival['hb']) * 1000:5.1f} ms, "
              f"{rival['hb_size'] / 1024:5.0f} KiB")


if __name__ == "__main__":
    main()
