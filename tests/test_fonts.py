"""Font machinery that replaces ReportLab's slower paths must give ReportLab's bytes."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase import pdfmetrics

from conftest import assert_same_bytes, build_in_new_process
from reporter.pdf import subset as fontsubset
from reporter.pdf._reportlab import font_bytes, widest_line
from reporter.pdf.fonts import FontSet


def _reportlab_make_subset():
    """ReportLab's own TTFontFace.makeSubset, from a fresh copy of its module (ours replaces it on import)."""
    import importlib.util
    spec = importlib.util.find_spec("reportlab.pdfbase.ttfonts")
    namespace: dict = {"__name__": "reportlab_ttfonts_copy"}
    with open(spec.origin, encoding="utf-8") as source:
        exec(compile(source.read(), spec.origin, "exec"), namespace)
    return namespace["TTFontFace"].makeSubset


REPORTLAB_MAKE_SUBSET = _reportlab_make_subset()


@pytest.mark.parametrize("seed", range(3))
def test_subsets_equal_reportlabs_for_every_font(builder, seed):
    fonts: FontSet = builder.fonts
    faces = {pdfmetrics.getFont(f.name).face for pair in fonts.roles.values() for f in pair}
    rng = random.Random(seed)
    composites = 0
    for face in faces:
        codes = sorted(face.charToGlyph)
        subset = [0] + rng.sample(codes, min(255, len(codes)))
        composites += sum(1 for code in subset[1:] if _is_composite(face, face.charToGlyph[code]))
        assert fontsubset.make_subset(face, subset) == REPORTLAB_MAKE_SUBSET(face, subset), face.name
    if seed == 0:
        assert composites > 0, "the sample should hold composite glyphs (accented Latin letters)"


def _is_composite(face, glyph: int) -> bool:
    start = face.get_table_pos("glyf")[0]
    position, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    return end > position and int.from_bytes(font_bytes(face)[start + position:start + position + 2], "big",
                                             signed=True) < 0


def test_font_cache_gives_the_same_pdf(tmp_path):
    """Parsed fonts are cached between processes; a brief built with the cache cold, warm, corrupted or off is
    the same file."""
    def build(cache: str, out: str) -> bytes:
        folder = build_in_new_process(tmp_path / out, "--lang", "zh+en", "--format", "pdf",
                                      env={"REPORTER_CACHE": cache})
        return (folder / "036-cetc.zh+en.pdf").read_bytes()

    cache = tmp_path / "cache"
    cold = build(str(cache), "cold")
    entries = sorted((cache / "fonts").glob("*.msgpack"))
    assert len(entries) >= 2, "the CJK faces are cached"
    assert_same_bytes(cold, build(str(cache), "warm"), label="cold and warm cache")
    entries[0].write_bytes(b"not a msgpack")
    assert_same_bytes(cold, build(str(cache), "corrupt"), label="cold and corrupt cache")
    assert_same_bytes(cold, build("off", "off"), label="cold cache and none")


def test_plain_line_breaking_equals_reportlabs(builder):
    """The fast path for one-fragment Latin paragraphs makes ReportLab's lines, at any width."""
    from reportlab.platypus import Paragraph

    from reporter.compose.brief import text_languages
    from reporter.compose.document import Span
    from reporter.pdf.latinbreak import break_plain_lines

    builder.pdf.languages = text_languages()  # what writing a document sets

    rng = random.Random(7)
    vocabulary = ("the of and poverty alleviation CETC's Suide Xuyong County rural revitalisation 2,316 RMB "
                  "targeted industries (eucommia) \u201cfour no-removals\u201d self-reliance, e-commerce; a I x "
                  "internationalisation").split()
    hits = 0
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 60)))
        paragraph = builder.pdf.para(Span(text, "en"), rng.choice(["body", "caption", "metric_label"]))
        width = rng.uniform(40, 420)
        fast = break_plain_lines(paragraph, width)
        fast_widest = widest_line(paragraph)
        slow = Paragraph.breakLines(paragraph, width)
        if fast is None:
            continue
        hits += 1
        assert fast.lines == slow.lines and fast.kind == slow.kind == 0, (text, width)
        assert fast_widest == widest_line(paragraph)
    assert hits > 250


def test_pdf_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    """Characters get their font codes in order of appearance, never in set or hash order: two processes with
    different hash seeds write the same PDF."""
    outputs = []
    for seed in ("1", "2"):
        out = build_in_new_process(tmp_path / seed, "--lang", "zh+en", "--format", "pdf",
                                   env={"PYTHONHASHSEED": seed})
        outputs.append((out / "036-cetc.zh+en.pdf").read_bytes())
    assert_same_bytes(*outputs, label="hash seeds 1 and 2")


def test_font_cache_entry_equals_the_parsed_face(tmp_path, monkeypatch):
    """A face read from the cache holds what ReportLab's parse gives, the lazily kept glyph table included; the
    entry of an older cache format for the same face is removed when the new one is written."""
    from reportlab.pdfbase import ttfonts

    from reporter.pdf.fontcache import cached_faces
    from reporter.fonts.locate import find_font
    from reporter.layout.schema import load_layout

    monkeypatch.setenv("REPORTER_CACHE", str(tmp_path))
    path, index = find_font(load_layout("default").fonts.body.pdf_east_asian, None)
    parsed = ttfonts.TTFontFace(str(path), subfontIndex=index)

    def _CachedFace(*args, **kwargs):  # noqa: N802
        with cached_faces():
            return ttfonts.TTFontFace(*args, **kwargs)

    written = _CachedFace(str(path), subfontIndex=index)  # cold: parses and writes the entry
    (entry,) = (tmp_path / "fonts").glob(f"{path.stem}-*.msgpack")
    stale = entry.with_name(entry.name[:-len("0123456789abcdef.msgpack")] + "0000000000000000.pickle")
    stale.write_bytes(b"an entry of an older format")
    entry.unlink()
    _CachedFace(str(path), subfontIndex=index)  # rewrites the entry, removes the stale one
    assert sorted(p.name for p in (tmp_path / "fonts").glob("*.msgpack")) == [entry.name]
    cached = _CachedFace(str(path), subfontIndex=index)  # warm
    assert "glyphToChar" not in cached.__dict__, "kept as a msgpack until asked for"
    for name in ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar", "numGlyphs", "ascent"):
        assert getattr(cached, name) == getattr(parsed, name) == getattr(written, name), name
    assert font_bytes(cached) == font_bytes(parsed)


def test_quotes_dashes_and_arrows_follow_the_text_they_stand_in(builder):
    """In Chinese text, quotes, dashes, ellipses and arrows take the East Asian font (full width, as Word's
    w:hint="eastAsia" does); in English text the Latin one. Letters and digits take the Latin font in both."""
    fonts: FontSet = builder.fonts
    east, latin = (font.name for font in fonts.roles["body"])
    assert fonts.runs("“硬任务”—…→", "body", True) == [(east, "“硬任务”—…→")]
    assert fonts.runs("“hard task”—…", "body", False) == [(latin, "“hard task”—…")]
    assert fonts.runs("2020年CETC", "body", True) == [(latin, "2020"), (east, "年"), (latin, "CETC")]


def test_a_planted_font_cache_entry_runs_nothing(tmp_path, monkeypatch):
    """The cache is plain data: a pickle that would run code when loaded, or MessagePack whose tables are of the
    wrong kind, planted under the entry's name, is ignored, and the face is parsed from the font again."""
    import pickle

    from reportlab.pdfbase import ttfonts

    from reporter.fonts.locate import find_font
    from reporter.layout.schema import load_layout
    from reporter.pdf import fontcache

    monkeypatch.setenv("REPORTER_CACHE", str(tmp_path))
    path, index = find_font(load_layout("default").fonts.body.pdf_east_asian, None)
    entry = fontcache._entry(path, index)
    entry.parent.mkdir(parents=True)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ("code ran",))

    parsed = ttfonts.TTFontFace(str(path), subfontIndex=index)
    planted = [pickle.dumps(Payload()),
               fontcache.msgpack.packb({**{k: 0 for k in fontcache._SHAPE}, "charToGlyph": {65: 10**9}})]
    for blob in planted:
        entry.write_bytes(blob)
        assert fontcache._load(str(path), index) is None
        with fontcache.cached_faces():
            face = ttfonts.TTFontFace(str(path), subfontIndex=index)
        assert not marker.exists()
        assert face.charToGlyph == parsed.charToGlyph
