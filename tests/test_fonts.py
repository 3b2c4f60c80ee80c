"""The fonts stage: fonts found by family on any system, TrueType and CFF faces embedded as subsets with the right
widths and text, the caches, and bad fonts refused in one line."""

from __future__ import annotations

import copy
import io
import pickle
import random
from pathlib import Path

import msgpack
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from conftest import CASE_36, assert_same_bytes, build_in_new_process, copy_book
from font_samples import cff2_font, truetype_font
from reporter.cli import main
from reporter.fonts import catalog, face as facemod, locate
from reporter.fonts.catalog import FamilyNotFound, find_family
from reporter.fonts.face import load_face, read_face
from reporter.layout.schema import load_layout
from reporter.fonts.twins import ROOM_AFTER, ROOM_BEFORE
from reporter.pdf.fonts import FontSet

NOTO_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
CALADEA = "/usr/share/fonts/truetype/crosextra/Caladea-Regular.ttf"
CARLITO = "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf"


@pytest.fixture
def fake_system(tmp_path, monkeypatch):
    """Make `platform`'s system font folders, under tmp_path, the only ones (REPORTER_FONT_PATH and ./fonts
    empty), each holding links to some of this machine's fonts; returns a function that sets them up."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTER_FONT_PATH", raising=False)
    monkeypatch.setenv("REPORTER_CACHE", str(tmp_path / "cache"))

    def setup(platform: str, environ: dict[str, str], fonts: dict[str, list[str]]) -> list[Path]:
        folders = locate.system_font_dirs(platform, environ, tmp_path / "home")
        for folder, files in fonts.items():
            (tmp_path / folder).mkdir(parents=True, exist_ok=True)
            for file in files:
                (tmp_path / folder / Path(file).name).symlink_to(file)
        monkeypatch.setattr(locate, "system_font_dirs", lambda *args: folders)
        catalog.clear_index()
        return folders

    yield setup
    catalog.clear_index()


def test_windows_font_folders_are_searched(fake_system, tmp_path):
    folders = fake_system("win32", {"WINDIR": str(tmp_path / "Windows"),
                                    "LOCALAPPDATA": str(tmp_path / "home/AppData/Local")},
                          {"Windows/Fonts": [NOTO_SERIF], "home/AppData/Local/Microsoft/Windows/Fonts": [CALADEA]})
    assert folders == [tmp_path / "Windows/Fonts", tmp_path / "home/AppData/Local/Microsoft/Windows/Fonts"]
    serif = find_family("Noto Serif CJK SC")
    assert (serif.path, serif.index, serif.kind) == (tmp_path / "Windows/Fonts/NotoSerifCJK-Regular.ttc", 2, "cff")
    assert find_family("caladea").path.parent == folders[1], "the user's own fonts folder"
    with pytest.raises(FamilyNotFound) as missing:
        find_family("SimSun")
    assert "\n" not in missing.value.message
    assert missing.value.message.startswith("font family 'SimSun' not found (looked in ")
    assert str(folders[0]) in missing.value.message and str(folders[1]) in missing.value.message


def test_macos_font_folders_are_searched(fake_system, tmp_path):
    folders = fake_system("darwin", {}, {"home/Library/Fonts": [CALADEA]})
    assert folders[0] == tmp_path / "home/Library/Fonts"
    assert [str(f) for f in folders[1:]] == ["/Library/Fonts", "/System/Library/Fonts", "/Network/Library/Fonts"]
    assert find_family("Caladea").path == tmp_path / "home/Library/Fonts/Caladea-Regular.ttf"


def test_linux_folders_follow_xdg():
    folders = locate.system_font_dirs("linux", {"XDG_DATA_HOME": "/x/data", "XDG_DATA_DIRS": "/a:/b"}, Path("/h"))
    assert folders == [Path("/x/data/fonts"), Path("/h/.fonts"), Path("/a/fonts"), Path("/b/fonts")]


def test_a_family_is_matched_by_any_of_its_names_weights_and_slants():
    assert find_family("WenQuanYi Zen Hei").path.name == "wqy-zenhei.ttc"
    assert find_family("文泉驿正黑").path.name == "wqy-zenhei.ttc", "the family's Chinese name"
    assert find_family("霞鹜文楷", weight=700).path.name == "LXGWWenKai-Bold.ttf"
    assert find_family("Noto Serif CJK SC", weight=700).path.name == "NotoSerifCJK-Bold.ttc"
    assert find_family("Caladea", italic=True).path.name == "Caladea-Italic.ttf"
    assert find_family("wenquanyi-zen hei", weight=600).path.name == "wqy-zenhei.ttc", "medium serves semibold"


def test_a_missing_family_or_weight_is_one_line_with_the_closest():
    with pytest.raises(FamilyNotFound) as near:
        find_family("Noto Serif CJK")
    assert "closest: 'Noto Serif CJK SC'" in near.value.message or "'Noto Serif CJK" in near.value.message
    assert "\n" not in near.value.message
    with pytest.raises(FamilyNotFound) as thin:
        find_family("Carlito", weight=100)
    assert thin.value.message == ("font family 'Carlito' has no thin face (it has bold (700), regular (400)); "
                                  "install it or ask for a weight it has")


def test_a_layout_naming_a_missing_family_fails_in_one_line_and_writes_nothing(tmp_path, capsys):
    layout = tmp_path / "client.toml"
    layout.write_text('extends = "default"\nname = "Client"\n[fonts.body]\neast_asian = "SimSun"\n', "utf-8")
    out = tmp_path / "out"
    assert _run(["build", str(CASE_36), "--layout", str(layout), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {layout}:4: fonts.body.east_asian: font family 'SimSun' not found (looked in "), err
    assert "\n" not in err
    assert not out.exists() or not any(out.iterdir())


def test_fonts_by_family_weight_and_file_in_one_layout(tmp_path):
    """A family with a weight, a table with family and style, and a file beside the layout all resolve."""
    truetype_font(tmp_path / "House.ttf", "House Sans")
    layout = tmp_path / "client.toml"
    layout.write_text('extends = "default"\nname = "Client"\n'
                      '[fonts.heading]\neast_asian = { family = "Noto Sans CJK SC", weight = "bold" }\n'
                      'latin = "House Sans"\n'
                      '[fonts.label]\nlatin = { family = "Caladea", style = "italic" }\n'
                      'east_asian = "wqy-zenhei.ttc#0"\n', "utf-8")
    loaded = load_layout(str(layout))
    assert loaded.font_face("heading", "east_asian").path.name == "NotoSansCJK-Bold.ttc"
    assert loaded.font_face("heading", "latin").path == (tmp_path / "House.ttf").resolve()
    assert loaded.font_face("label", "latin").path.name == "Caladea-Italic.ttf"
    assert (loaded.font_face("label", "east_asian").path.name, loaded.font_face("label", "east_asian").index) == \
        ("wqy-zenhei.ttc", 0)


def test_reporter_fonts_lists_folders_families_and_each_layouts_faces(capsys):
    assert _run(["fonts"]) == 0
    out = capsys.readouterr().out
    assert "Noto Serif CJK SC" in out and "/usr/share/fonts" in out
    for layout in ("default", "bluebook-house", "acme"):
        assert f"Layout {layout} (" in out
    assert "MISSING" not in out
    assert "NotoSerifCJK-Regular.ttc#2" in out


def _run(args: list[str]) -> int:
    """The command's exit code."""
    try:
        main(args)
    except SystemExit as exit_:
        return exit_.code or 0
    return 0


def _fonts_of(path: Path) -> dict[str, pikepdf.Dictionary]:
    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                found[str(font.BaseFont)] = font
        return {name: _copy(font) for name, font in found.items()}


def _copy(font) -> dict:
    descendant = font.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    program_key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
    program = descriptor[program_key]
    widths, w = {}, list(descendant.W)
    index = 0
    while index < len(w):
        first = int(w[index])
        if isinstance(w[index + 1], pikepdf.Array):
            for offset, width in enumerate(w[index + 1]):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(w[index + 1]) + 1):
                widths[code] = float(w[index + 2])
            index += 3
    cid_map = descendant.get("/CIDToGIDMap")
    return {"subtype": str(descendant.Subtype), "program_key": program_key,
            "program_subtype": str(program.get("/Subtype", "")), "program": program.read_bytes(),
            "widths": widths, "common_width": float(descendant.get("/DW", 1000)), "to_unicode": font.ToUnicode.read_bytes().decode("ascii"),
            "cid_to_gid": cid_map.read_bytes() if isinstance(cid_map, pikepdf.Stream) else None,
            "encoding": str(font.Encoding)}


def _to_unicode(cmap: str) -> dict[int, str]:
    import re
    out = {}
    for code, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap):
        out[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return out


def test_cff_and_truetype_faces_are_embedded_as_subsets_with_their_widths_and_text(built):
    fonts = _fonts_of(built[("zh+en", "pdf")])
    kinds = {name.split("+")[1].split("-")[0]: font["subtype"] for name, font in fonts.items()}
    assert kinds.get("NotoSerifCJKsc") == kinds.get("NotoSansCJKsc") == "/CIDFontType0", kinds
    assert kinds.get("Caladea") == kinds.get("Carlito") == "/CIDFontType2", kinds
    sources = {"NotoSerifCJKsc-Regular": (NOTO_SERIF, 2), "Caladea-Regular": (CALADEA, 0)}
    checked = twins = 0
    for name, font in fonts.items():
        assert font["encoding"] == "/Identity-H"
        base = name.split("+")[1]
        program = TTFont(io.BytesIO(font["program"])) if font["program_key"] == "/FontFile2" else None
        if font["subtype"] == "/CIDFontType0":
            assert font["program_key"] == "/FontFile3" and font["program_subtype"] == "/CIDFontType0C"
            from fontTools.cffLib import CFFFontSet
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(font["program"]), None)
            glyphs = len(cff[cff.fontNames[0]].charset)
        else:
            assert font["cid_to_gid"] is not None
            glyphs = program["maxp"].numGlyphs
        text = _to_unicode(font["to_unicode"])
        assert glyphs < 1500, f"{name}: a subset, not the whole face ({glyphs} glyphs)"
        widths = {code: font["widths"].get(code, font["common_width"]) for code in text}
        if base in sources:
            face = load_face(Path(sources[base][0]), sources[base][1])
            scale = 1000 / face.units_per_em
            for code, char in text.items():
                glyph = face.cmap.get(ord(char))
                if glyph is None or char in "\u00a0\u00ad":
                    continue
                natural = face.advances[glyph] * scale
                if widths[code] != pytest.approx(natural, abs=0.01):  # a twin: room before or after, or both
                    assert widths[code] - natural == pytest.approx(250, abs=0.01) or \
                        widths[code] - natural == pytest.approx(500, abs=0.01), (name, char, widths[code])
                    assert code not in {face.glyph_code(g) for g in face.cmap.values()}, (name, char)
                    twins += 1
                    continue
                assert face.glyph_code(glyph) == code or face.shared.get(glyph) != ord(char), (name, char)
            checked += len(text)
    assert checked > 400 and twins > 5


def test_font_caches_give_the_same_pdf(tmp_path):
    """Faces and the family index are cached between processes; a brief built with the caches cold, warm,
    corrupted or off is the same file."""
    def build(cache: str, out: str) -> bytes:
        folder = build_in_new_process(tmp_path / out, "--lang", "zh+en", "--format", "pdf",
                                      env={"REPORTER_CACHE": cache})
        return (folder / "036-cetc.zh+en.pdf").read_bytes()

    cache = tmp_path / "cache"
    cold = build(str(cache), "cold")
    faces = sorted((cache / "faces").glob("*.msgpack"))
    assert len(faces) >= 4, "the faces are cached"
    assert (cache / "font-index" / f"index-{catalog.INDEX_FORMAT}.msgpack").is_file()
    assert_same_bytes(cold, build(str(cache), "warm"), label="cold and warm cache")
    for entry in faces[:2]:
        entry.write_bytes(b"not a msgpack")
    (cache / "font-index" / f"index-{catalog.INDEX_FORMAT}.msgpack").write_bytes(b"\x93\x01")
    assert_same_bytes(cold, build(str(cache), "corrupt"), label="cold and corrupt cache")
    assert_same_bytes(cold, build("off", "off"), label="cold cache and none")


def test_a_planted_face_cache_entry_runs_nothing(tmp_path, monkeypatch):
    """The cache is plain data: a pickle that would run code, or MessagePack with tables of the wrong kind,
    planted under an entry's name, is ignored, and the face is read from the font again."""
    monkeypatch.setenv("REPORTER_CACHE", str(tmp_path))
    path = Path(CALADEA)
    fresh = read_face(path, 0)
    entry, _ = facemod._entry(path, 0)
    entry.parent.mkdir(parents=True, exist_ok=True)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (marker.write_text, ("code ran",))

    good = facemod._to_data(fresh)
    planted = [pickle.dumps(Payload()), msgpack.packb({**good, "cmap": {65: 10**9}}),
               msgpack.packb({**good, "advances": "wide"}), msgpack.packb([1, 2, 3])]
    for blob in planted:
        entry.write_bytes(blob)
        assert facemod._from_data(path, 0, msgpack.unpackb(blob, strict_map_key=False)
                                  if blob[:1] != b"\x80" else None) is None
        face = facemod._cached_or_read(path, 0)
        assert not marker.exists()
        assert face.cmap == fresh.cmap and face.advances == fresh.advances


def test_pdf_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    """Characters get their font codes from their glyphs, never in set or hash order: two processes with
    different hash seeds write the same PDF."""
    outputs = []
    for seed in ("1", "2"):
        out = build_in_new_process(tmp_path / seed, "--lang", "zh+en", "--format", "pdf",
                                   env={"PYTHONHASHSEED": seed})
        outputs.append((out / "036-cetc.zh+en.pdf").read_bytes())
    assert_same_bytes(*outputs, label="hash seeds 1 and 2")


def test_quotes_dashes_and_arrows_follow_the_text_they_stand_in(builder):
    """In Chinese text, quotes, dashes, ellipses and arrows take the East Asian font (full width, as Word's
    w:hint="eastAsia" does); in English text the Latin one. Letters and digits take the Latin font in both."""
    fonts: FontSet = builder.fonts
    east, latin = (font.name for font in fonts.roles["body"])
    assert fonts.runs("“硬任务”—…→", "body", True) == [(east, "“硬任务”—…→")]
    assert fonts.runs("“hard task”—…", "body", False) == [(latin, "“hard task”—…")]
    assert fonts.runs("2020年CETC", "body", True) == [(latin, "2020" + ROOM_AFTER), (east, "年"),
                                                      (latin, ROOM_BEFORE + "CETC")]
    assert fonts.runs("13%，2020 年", "body", True) == [(latin, "13%"), (east, "，"), (latin, "2020 "),
                                                      (east, "年")]  # no room beside punctuation or a space


def test_plain_line_breaking_equals_reportlabs(builder):
    """Without hyphenation, the fast path for one-fragment Latin paragraphs makes ReportLab's lines, at any
    width."""
    from reportlab.platypus import Paragraph

    from reporter.compose.brief import text_languages
    from reporter.compose.document import Span
    from reporter.pdf._reportlab import widest_line
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
        paragraph.style = copy.copy(paragraph.style)  # without hyphenation, which ReportLab does differently
        paragraph.style.hyphenation, paragraph.style.hyphenationLang = None, ""
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


def _layout_with(tmp_path: Path, body_east: str, files: dict[str, Path] | None = None) -> Path:
    layout = tmp_path / "client.toml"
    layout.write_text(f'extends = "default"\nname = "Client"\n[fonts.body]\neast_asian = "{body_east}"\n', "utf-8")
    return layout


BAD_FONTS = {
    "not a font": (lambda path: path.write_text("this is not a font\n" * 50, "utf-8"),
                   "font bad.ttf cannot be read: it is not an OpenType font"),
    "empty": (lambda path: path.write_bytes(b""), "font bad.ttf cannot be read: it is not an OpenType font"),
    "truncated": (lambda path: path.write_bytes(Path(CALADEA).read_bytes()[:3000]), "font bad.ttf"),
    "damaged CFF": (lambda path: _damaged_cff(path), "font bad.ttf"),
}


def _damaged_cff(path: Path) -> None:
    font = TTFont(NOTO_SERIF, fontNumber=2, lazy=True)
    font.save(str(path))
    data = bytearray(path.read_bytes())
    font = TTFont(str(path), lazy=True)
    offset = font.reader.tables["CFF "].offset
    data[offset + 4:offset + 4000] = bytes(random.Random(1).randrange(256) for _ in range(3996))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("label", BAD_FONTS)
def test_a_bad_font_is_one_line_and_nothing_is_written(tmp_path, capsys, label):
    make, expected = BAD_FONTS[label]
    make(tmp_path / "bad.ttf")
    layout = _layout_with(tmp_path, "bad.ttf")
    out = tmp_path / "out"
    assert _run(["build", str(CASE_36), "--layout", str(layout), "--lang", "zh", "--format", "pdf",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {layout}:4: fonts.body.east_asian: {expected}"), err
    assert "\n" not in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("maker,kind", [(lambda p: truetype_font(p, "Var Sans", variable=True), "truetype"),
                                        (lambda p: cff2_font(p, "Var Sans"), "cff2")], ids=["TrueType", "CFF2"])
def test_a_variable_font_is_used_at_its_default_instance(tmp_path, maker, kind):
    maker(tmp_path / "var.ttf")
    layout = tmp_path / "client.toml"
    layout.write_text('extends = "default"\nname = "Client"\n[fonts.body]\nlatin = "Var Sans"\n', "utf-8")
    out = tmp_path / "out"
    assert _run(["build", str(CASE_36), "--layout", str(layout), "--lang", "en", "--format", "pdf",
                 "--out", str(out)]) == 0
    (pdf,) = out.glob("036-cetc.*en.pdf")
    fonts = _fonts_of(pdf)
    (var,) = [font for name, font in fonts.items() if "VarSans" in name]
    assert var["common_width"] == 500 and all(width == 500 for width in var["widths"].values())
    if kind == "truetype":
        program = TTFont(io.BytesIO(var["program"]))
        assert "fvar" not in program and "gvar" not in program, "pinned to the default instance"
    else:
        assert var["subtype"] == "/CIDFontType0" and var["program_subtype"] == "/CIDFontType0C", \
            "CFF2 downgraded to CFF"


def test_fonts_lacking_many_characters_fall_back_with_one_warning(tmp_path, capsys):
    """A body face that has only Latin letters: the Chinese text is drawn with the fallback fonts, and the build
    says so once, listing the characters."""
    truetype_font(tmp_path / "latin-only.ttf", "Latin Only")
    layout = _layout_with(tmp_path, "Latin Only")
    book = copy_book(tmp_path)
    out = tmp_path / "out"
    assert _run(["build", str(book / "036-cetc.yaml"), "--layout", str(layout), "--lang", "zh",
                 "--format", "pdf", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "lack" in line]
    assert len(lines) == 1, err
    assert "the body fonts (Latin Only, Caladea) lack" in lines[0] and "drawn with a fallback font" in lines[0]
    assert "扶 (U+6276)" in lines[0] or "and" in lines[0]
    assert len(list(out.glob("036-cetc.*zh.pdf"))) == 1


def test_codes_are_glyphs_so_the_same_text_has_the_same_codes_in_any_order():
    """A TrueType face's codes are its glyph numbers, a CID-keyed CFF face's its CIDs: whatever order the text
    comes in, each character has one code. A character drawn with another's glyph (a no-break space) gets a code
    of its own in a TrueType face, whose text is that character (Carlito has no glyph for it)."""
    from reporter.fonts.embed import Encoder, embedding

    for path, index in ((CARLITO, 0), (NOTO_SERIF, 2)):
        face = load_face(Path(path), index)
        text = "Aa中文，1\u00a0 " if face.kind == "cff" else "Aa1\u00a0 ;é"
        forward, backward = Encoder(face), Encoder(face)
        codes = {char: forward.encode(char) for char in text}
        for char in reversed(text):
            assert backward.encode(char) == codes[char], (path, char)
        for char in text:
            if ord(char) in face.cmap and face.glyph_code(face.cmap[ord(char)]) != 0x20:
                assert int.from_bytes(codes[char], "big") == face.glyph_code(face.cmap[ord(char)]), char
        if face.kind == "truetype":
            nbsp = int.from_bytes(codes["\u00a0"], "big")
            assert nbsp >= face.glyph_count and forward.text[nbsp] == 0xA0
            data = embedding(forward)
            assert data.cid_to_gid is not None
            space = int.from_bytes(codes[" "], "big")
            assert forward.text[space] == 0x20, "the space keeps its own text"
            assert data.cid_to_gid[2 * nbsp:2 * nbsp + 2] == data.cid_to_gid[2 * space:2 * space + 2], \
                "drawn with the space's glyph"


def test_no_character_but_the_space_has_code_32():
    """Poppler's text extraction takes the two-byte code 0x0020 for a word space in any font: Caladea's b, glyph
    32, got a space inserted after it ("b ack"). A TrueType glyph 32 that is not a space gets a code of its own."""
    from reporter.fonts.embed import Encoder

    face = load_face(Path(CALADEA), 0)
    assert face.cmap[ord("b")] == 32
    encoder = Encoder(face)
    assert encoder.encode("b") != b"\x00\x20" and encoder.text[int.from_bytes(encoder.encode("b"), "big")] == 0x62


def test_to_unicode_maps_astral_characters_to_surrogate_pairs_in_blocks_of_a_hundred():
    from reporter.fonts.embed import to_unicode_cmap

    cmap = to_unicode_cmap({code: 0x4E00 + code for code in range(1, 250)} | {300: 0x20BB7}).decode("ascii")
    assert "<012C> <D842DFB7>" in cmap
    assert cmap.count("beginbfchar") == 3 and "250 beginbfchar" not in cmap
    assert "<0001> <4E01>" in cmap


def test_a_cff_face_subset_without_its_character_map_embeds_the_same_program(tmp_path):
    """Static CFF faces are subset from a face of their tables but the dropped ones (no cmap for hb-subset to
    map on every call): the CFF table it makes is the whole face's, glyph for glyph; a file whose table
    directory points past its end is subset from the whole file, as before."""
    import uharfbuzz as hb

    from reporter.fonts import subset

    found = find_family("Noto Serif CJK SC")
    face = load_face(found.path, found.index)
    glyphs = {face.cmap[ord(char)] for char in "中国电科精准扶贫，“”：。ABC123"}
    subset._hb_faces.clear()
    lean = subset.subset_program(face, glyphs)
    assert subset._hb_faces[(face.path, face.index)].reference_table("cmap").data == b"", "no cmap to map"
    subset._hb_faces[(face.path, face.index)] = hb.Face(hb.Blob.from_file_path(str(face.path)), face.index)
    whole = subset.subset_program(face, glyphs)
    subset._hb_faces.clear()
    assert lean.data == whole.data and lean.new_glyph == whole.new_glyph
    assert subset._table_records(found.path, found.index)["CFF "][1] > 1_000_000
    cut = tmp_path / "cut.otf"
    cut.write_bytes(found.path.read_bytes()[:2_000_000])  # (its CFF table runs past the end)
    assert subset._table_records(cut, found.index) is None
    empty = tmp_path / "empty.otf"
    empty.write_bytes(b"")
    assert subset._table_records(empty, 0) is None
