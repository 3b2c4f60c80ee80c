"""The preflight every PDF gets, and the print settings' bad input: each finding one line naming where and how much;
--strict fails the build and writes nothing; a bad profile, bleed or ink value is one line at its layout key."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from conftest import CASE_36, ROOT, copy_book, run, run_ok
from reporter.errors import ReporterError
from reporter.jobs.build import Builder
from reporter.layout.schema import load_layout
from pdf_scan import scan  # noqa: I001 (a test helper)
from reporter.pdf._reportlab import fonts_not_embedded, record_drawing
from reporter.press.preflight import Rules, drawing_findings

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_book import make_book  # noqa: E402

RULES = Rules(type_floor=7.5, hairline=0.25, min_ppi=300, min_ppi_photo=200, max_ink=300)
FIGURE = "sections[1].subsections[0].figures[0].image"


def _case_with_pictures(tmp_path: Path, size: tuple[int, int], kind: str = "JPEG") -> Path:
    """Case 36 whose first figure is a picture of `size` pixels (a photograph: JPEG; a drawing: PNG)."""
    book = copy_book(tmp_path)
    name = "photo.jpg" if kind == "JPEG" else "drawing.png"
    Image.new("RGB", size, (90, 120, 160)).save(book / name, kind)
    case = book / "036-cetc.yaml"
    text = case.read_text("utf-8")
    marker = "          - caption: {zh: 中国电科援建的高建村党群服务中心"
    case.write_text(text.replace(marker, f"          - image: {name}\n            alt: 高建村党群服务中心\n"
                                         "            caption: {zh: 中国电科援建的高建村党群服务中心", 1), "utf-8")
    return case


def _placed_ppi(pdf: Path) -> float:
    """The picture's effective resolution as PDFium reads it from the file."""
    document = pdfium.PdfDocument(pdf)
    for page in document:
        for obj in page.get_objects():
            if isinstance(obj, pdfium.PdfImage):
                metadata = obj.get_metadata()
                if metadata.width == 600:
                    return min(metadata.horizontal_dpi, metadata.vertical_dpi)
    raise AssertionError("no picture")


def test_a_low_resolution_photograph_is_named_with_its_resolution(tmp_path):
    case = _case_with_pictures(tmp_path, (600, 400))
    result = Builder("default").build(case, ["zh"], ["pdf"], tmp_path / "out")
    found = [w for w in result.warnings if "preflight" in w]
    assert len(found) == 1, result.warnings
    ppi = _placed_ppi(result.outputs[0].path)
    assert 60 < ppi < 200
    assert found[0].startswith(f"036-cetc.yaml: preflight: {FIGURE}: photo.jpg prints at {ppi:.0f} ppi on page ")
    assert "under the 200 ppi of print.min_ppi_photo" in found[0]


def test_a_drawing_is_held_to_the_higher_resolution(tmp_path):
    case = _case_with_pictures(tmp_path, (600, 400), "PNG")
    result = Builder("default").build(case, ["zh"], ["pdf"], tmp_path / "out")
    assert any(f"{FIGURE}: drawing.png prints at" in w and "under the 300 ppi of print.min_ppi" in w
               for w in result.warnings), result.warnings


def test_a_sharp_enough_picture_passes(tmp_path):
    case = _case_with_pictures(tmp_path, (2400, 1600))
    result = Builder("default").build(case, ["zh"], ["pdf"], tmp_path / "out")
    assert not [w for w in result.warnings if "preflight" in w]
    assert _placed_ppi_at_least(result.outputs[0].path, 200)


def _placed_ppi_at_least(pdf: Path, least: float) -> bool:
    document = pdfium.PdfDocument(pdf)
    found = [min(obj.get_metadata().horizontal_dpi, obj.get_metadata().vertical_dpi)
             for page in document for obj in page.get_objects() if isinstance(obj, pdfium.PdfImage)
             and obj.get_metadata().width == 2400]
    return bool(found) and min(found) >= least


def test_strict_fails_the_build_and_writes_nothing(tmp_path, capsys):
    case = _case_with_pictures(tmp_path, (600, 400))
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(case), "--lang", "zh", "--out", str(out), "--strict")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert f"036-cetc.yaml: preflight: {FIGURE}: photo.jpg prints at" in err
    assert "--strict fails on preflight findings" in err
    assert not out.exists() or not any(out.iterdir())


def test_the_shipped_layouts_pass_the_preflight_in_both_profiles(tmp_path):
    for layout_name in ("default", "acme", "bluebook-house"):
        for profile in ("screen", "print"):
            layout = load_layout(layout_name)
            layout = layout.model_copy(update={"pdf": layout.pdf.model_copy(update={"profile": profile,
                                                                                      "strict": True})})
            result = Builder(layout).build(CASE_36, ["zh+en"], ["pdf"], tmp_path / f"{layout_name}-{profile}")
            assert not [w for w in result.warnings if "preflight" in w]


def test_too_much_ink_in_a_designers_cmyk_is_found(tmp_path):
    layout = load_layout("default")
    layout = layout.model_copy(update={
        "pdf": layout.pdf.model_copy(update={"profile": "print"}),
        "print": layout.print.model_copy(update={"cmyk": {"primary": (100, 90, 80, 70)}})})
    result = Builder(layout).build(CASE_36, ["zh"], ["pdf"], tmp_path)
    found = [w for w in result.warnings if "ink" in w]
    assert found == ["036-cetc.yaml: preflight: colour primary (#123A6B) prints as [100, 90, 80, 70], 340% ink, "
                     "over the 300% of print.max_ink; give print.cmyk.primary less ink"]


def _drawing_findings(builder: Builder, rules: Rules) -> list[str]:
    drawn = builder.pdf.drawn
    return drawing_findings(drawn.smallest_text, drawn.thinnest_line, builder.pdf.fonts_not_embedded, rules)


def test_text_under_the_floor_and_hairlines_are_found_as_the_file_has_them(tmp_path):
    """What the writer notes as it draws is what PDFium reads from the file: each page's smallest text (a bullet's
    square aside) and thinnest line."""
    builder = Builder("bluebook-house")
    data = builder.render(CASE_36, "zh+en", "pdf")[0]
    assert _drawing_findings(builder, RULES) == []
    scanned = scan(data, text_floor=99, hairline=99)
    drawn = builder.pdf.drawn
    assert {page: size for page, (size, _) in scanned.smallest_text.items()} == pytest.approx(drawn.smallest_text)
    assert scanned.thinnest_line == pytest.approx(drawn.thinnest_line)
    assert scanned.fonts_not_embedded == set() and builder.pdf.fonts_not_embedded == []
    strict = Rules(type_floor=9, hairline=0.6, min_ppi=300, min_ppi_photo=200, max_ink=300)
    found = _drawing_findings(builder, strict)
    assert "preflight: page 2: text at 7.5 pt, under the 9 pt of checks.type_floor" in found, found
    assert any(f.startswith("preflight: page 2: a line 0.") and "under the 0.6 pt of print.hairline_pt" in f
               for f in found), found


def test_a_font_not_embedded_is_found():
    """ReportLab's standard fonts are never embedded: a document that used one is found out, by the writer's
    adapter and in the file."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    record_drawing(canvas)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, 720, "Not embedded")
    canvas.setLineWidth(0.1)
    canvas.line(72, 700, 300, 700)
    assert fonts_not_embedded(canvas) == ["Helvetica"]
    assert canvas.drawn.thinnest_line == {1: 0.1}
    canvas.save()
    scanned = scan(buffer.getvalue(), text_floor=7.5, hairline=0.25)
    assert scanned.fonts_not_embedded == {"Helvetica"} and scanned.thinnest_line == {1: pytest.approx(0.1)}
    found = drawing_findings({1: 10}, {1: 0.1}, ["Helvetica"], RULES)
    assert found == ["preflight: page 1: a line 0.1 pt wide, under the 0.25 pt of print.hairline_pt",
                     "preflight: font Helvetica is not embedded"]


# -- bad print settings: one line, nothing written ----------------------------------------------------------------


def _layout_with(tmp_path: Path, table: str, files: dict[str, bytes] | None = None) -> Path:
    for name, data in (files or {}).items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "press.toml"
    path.write_text(f'name = "Press"\nextends = "default"\n\n[print]\n{table}\n', "utf-8")
    return path


@pytest.mark.parametrize("table, files, message", [
    ('icc_profile = "press.icc"', {"press.icc": b"not a profile at all"}, "press.icc is not an ICC profile"),
    ('icc_profile = "press.icc"', {"press.icc": b""}, "press.icc is not an ICC profile"),
    ('icc_profile = "srgb.icc"', {"srgb.icc": (ROOT / "reporter/pdf/data/sRGB.icc").read_bytes()},
     "srgb.icc is an ICC profile of RGB colour, not CMYK"),
    ('icc_profile = "cut.icc"', {"cut.icc": (ROOT / "reporter/press/data/FOGRA39-reporter.icc").read_bytes()[:5000]},
     "cut.icc is truncated"),
    ('icc_profile = "../../etc/passwd"', {}, "ICC profile"),
    ('bleed_mm = -1', {}, "must be at least 0"),
    ('bleed_mm = 11', {}, "must be at most 10"),
    ('bleed_mm = "wide"', {}, "expected a number"),
    ('cmyk = { primary = [0, 0, 0, 120] }', {}, "must be at most 100"),
    ('cmyk = { primary = [0, -5, 0, 10] }', {}, "must be at least 0"),
    ('cmyk = { primary = [0, 0, 10] }', {}, "needs at least 4 item(s)"),
    ('cmyk = { primery = [0, 0, 0, 100] }', {}, "no colour named 'primery'; did you mean 'primary'?"),
    ('gutter_mm = 30', {}, "must be at most 20"),
])
def test_bad_print_settings_are_one_line_at_their_key(tmp_path, capsys, table, files, message):
    layout = _layout_with(tmp_path, table, files)
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(CASE_36), "--layout", str(layout), "--profile", "print", "--out",
                       str(out))
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith(f"error: {layout}:") or err.startswith("error: "), err
    assert "press.toml:5:" in err and "print." in err, err
    assert message in err, err
    assert not out.exists()


def test_an_image_whose_colours_cannot_be_converted_is_refused(tmp_path, capsys):
    case = _case_with_pictures(tmp_path, (600, 400), "PNG")
    picture = case.parent / "drawing.png"
    Image.new("RGB", (600, 400), (90, 120, 160)).save(picture, "PNG", icc_profile=b"garbage, not a profile")
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(case), "--profile", "print", "--out", str(out))
    assert code == 1 and err.count("\n") == 1, err
    assert "036-cetc.yaml:" in err and "figures[0].image" in err
    assert "drawing.png has an embedded colour profile that cannot be read" in err
    assert not out.exists()
    cmyk = (ROOT / "reporter/press/data/FOGRA39-reporter.icc").read_bytes()
    Image.new("RGB", (600, 400), (90, 120, 160)).save(picture, "PNG", icc_profile=cmyk)
    code, _, err = run(capsys, "build", str(case), "--profile", "print", "--out", str(out))
    assert code == 1 and "drawing.png has RGB pixels but a CMYK colour profile" in err, err


def test_a_profile_that_changed_since_the_layout_was_read_is_one_line(tmp_path):
    profile = tmp_path / "press.icc"
    profile.write_bytes((ROOT / "reporter/press/data/FOGRA39-reporter.icc").read_bytes())
    layout = load_layout(str(_layout_with(tmp_path, 'icc_profile = "press.icc"\ncondition = "FOGRA39"')))
    layout = layout.model_copy(update={"pdf": layout.pdf.model_copy(update={"profile": "print"})})
    profile.write_bytes(b"gone bad")
    with pytest.raises(ReporterError) as error:
        Builder(layout).render(CASE_36, "zh", "pdf")
    assert str(error.value).endswith("press.toml:5: print.icc_profile: press.icc is not an ICC profile")


def test_a_strict_batch_fails_only_the_case_the_preflight_finds_fault_with(tmp_path, capsys):
    book = tmp_path / "book"
    book.mkdir()
    make_book(book, count=1)
    (tmp_path / "pictures").mkdir()
    case = _case_with_pictures(tmp_path / "pictures", (600, 400))
    for name in ("036-cetc.yaml", "photo.jpg"):
        (book / name).write_bytes((case.parent / name).read_bytes())
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "batch", str(book), "--lang", "zh", "--format", "pdf", "--out", str(out),
                            "--strict", "--jobs", "1")
    assert code == 1
    failures = [line for line in (stdout + err).splitlines() if "--strict fails on preflight findings" in line]
    assert len(failures) == 1, stdout + err
    assert f"036-cetc.yaml: preflight: {FIGURE}: photo.jpg prints at" in failures[0]
    assert sorted(path.name for path in out.glob("*.pdf")) == ["001-huaneng.zh.pdf"]


def test_a_gutter_that_leaves_no_outer_margin_fails_the_volume_only(tmp_path, capsys):
    layout = _layout_with(tmp_path, "gutter_mm = 18")
    book = copy_book(tmp_path)
    out = tmp_path / "out"
    code, _, err = run(capsys, "volume", str(book), "--layout", str(layout), "--profile", "print", "--lang", "zh",
                       "--format", "pdf", "--out", str(out))
    assert code == 1 and err.count("\n") == 1, err
    assert "press.toml:5: print.gutter_mm: the gutter leaves an outer margin of 2 mm on facing pages" in err
    assert not out.exists()
    stdout, _ = run_ok(capsys, "build", str(CASE_36), "--layout", str(layout), "--profile", "print", "--lang", "zh",
                       "--format", "pdf", "--out", str(out))
    assert stdout.split() == [str(out / "036-cetc.press.zh.print.pdf")]  # a brief is one-sided: not its concern
