"""Print masters (`--profile print`, PDF/X-4), read back from the file: boxes and bleed, the output intent and its
profile, the GTS keys, nothing but CMYK, grey and ICC-based colour, total ink, backgrounds into the bleed, black
text in black ink alone; each check fails on a copy broken on purpose. veraPDF keeps them PDF/A-2b and PDF/UA-1.
PDF/X itself has no free validator: these checks are what is checked of it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

import print_checks as checks
from conftest import CASE_36, ROOT, assert_same_bytes, contents_listing, pdf_pages_text, squash
from reporter.jobs.bookdocs import build_volume
from reporter.jobs.build import Builder
from reporter.layout.schema import Layout, load_layout
from reporter.press.profile import SHIPPED_PROFILE, shipped_condition
from verapdf_check import validate, why_not_available

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_book import make_book  # noqa: E402

A4 = (595.2756, 841.8898)


def print_layout(name: str = "bluebook-house", **settings) -> Layout:
    layout = load_layout(name)
    return layout.model_copy(update={"pdf": layout.pdf.model_copy(update={"profile": "print"}),
                                     "print": layout.print.model_copy(update=settings)})


@pytest.fixture(scope="module")
def masters(tmp_path_factory) -> dict[str, Path]:
    """Case 36 as print masters: bluebook-house zh+en with crop marks (a cover, a logo), default zh without."""
    out = tmp_path_factory.mktemp("print")
    found = {}
    for key, layout, mode in (("house", print_layout(crop_marks=True), "zh+en"),
                              ("default", print_layout("default"), "zh")):
        result = Builder(layout).build(CASE_36, [mode], ["pdf"], out / key)
        found[key] = result.outputs[0].path
        found[f"{key}-warnings"] = result.warnings
    return found


def test_print_masters_are_named_apart_from_screen_pdfs(masters):
    assert masters["house"].name == "036-cetc.bluebook-house.zh+en.print.pdf"
    assert masters["default"].name == "036-cetc.zh.print.pdf"


@pytest.mark.parametrize("key", ["house", "default"])
def test_every_page_has_trim_and_bleed_boxes(masters, key):
    with pikepdf.open(masters[key]) as pdf:
        assert checks.box_problems(pdf, A4, 3) == []
        media = [float(v) for v in pdf.pages[0].MediaBox]
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        spaces = {name: [str(v) for v in space[:3]] for name, space in
                  pdf.pages[0].Resources.get("/ColorSpace", pikepdf.Dictionary()).items()}
    offset = trim[0] - media[0]
    if key == "house":  # crop marks: 1 mm past the bleed, 5 mm long, 1 mm to spare, on every plate
        assert offset == pytest.approx((3 + 1 + 5 + 1) * checks.MM, abs=0.01)
        assert spaces["/All"] == ["/Separation", "/All", "/DeviceCMYK"]
    else:
        assert offset == pytest.approx(3 * checks.MM, abs=0.01)


def test_the_boxes_check_fails_without_a_bleed_box(masters, tmp_path):
    with pikepdf.open(masters["house"]) as pdf:
        del pdf.pages[2].obj["/BleedBox"]
        assert checks.box_problems(pdf, A4, 3) == ["page 3: no BleedBox"]
        pdf.pages[0].obj.BleedBox = pdf.pages[0].obj.TrimBox
        assert "page 1: BleedBox" in checks.box_problems(pdf, A4, 3)[0]


def test_the_output_intent_is_the_fogra39_cmyk_profile_shared_with_pdf_a(masters):
    with pikepdf.open(masters["house"]) as pdf:
        assert checks.intent_problems(pdf) == []
        intents = list(pdf.Root.OutputIntents)
        assert sorted(str(i.S) for i in intents) == ["/GTS_PDFA1", "/GTS_PDFX"]
        assert intents[0].DestOutputProfile.read_bytes() == SHIPPED_PROFILE.read_bytes()
        assert str(intents[0].RegistryName) == "http://www.color.org"


def test_the_intent_check_fails_on_an_rgb_profile_or_another_name(masters):
    with pikepdf.open(masters["default"]) as pdf:
        intent = pdf.Root.OutputIntents[0]
        intent.OutputConditionIdentifier = pikepdf.String("sRGB")
        assert checks.intent_problems(pdf) == ["OutputConditionIdentifier sRGB, not FOGRA39"]
        intent.DestOutputProfile.write((ROOT / "reporter" / "pdf" / "data" / "sRGB.icc").read_bytes())
        assert "not a CMYK output profile" in checks.intent_problems(pdf)[-1]
        intent.S = pikepdf.Name.GTS_PDFA1
        assert checks.intent_problems(pdf) == ["0 GTS_PDFX output intents"]


def test_the_pdfx_keys_are_in_the_xmp_and_the_information_dictionary(masters):
    with pikepdf.open(masters["house"]) as pdf:
        assert checks.key_problems(pdf) == []
        assert "<pdfaid:part>2</pdfaid:part>" in checks.xmp_text(pdf)
        assert "<pdfuaid:part>1</pdfuaid:part>" in checks.xmp_text(pdf)
        del pdf.docinfo["/Trapped"]
        pdf.Root.Metadata.write(checks.xmp_text(pdf).replace("PDF/X-4<", "PDF/X-3<").encode())
        assert checks.key_problems(pdf) == ["no pdfxid:GTS_PDFXVersion PDF/X-4 in the XMP", "Trapped is None"]


@pytest.mark.parametrize("key", ["house", "default"])
def test_every_colour_is_cmyk_grey_or_icc_based(masters, key):
    with pikepdf.open(masters[key]) as pdf:
        assert checks.colour_space_problems(pdf) == []
        images = list(checks._images(pdf))
        rgb = [image for image in images if isinstance(image.get("/ColorSpace"), pikepdf.Array)]
        cmyk = [image for image in images if image.get("/ColorSpace") == "/DeviceCMYK"]
        if key == "house":  # the logo: separated as the colours are, its mask grey
            assert cmyk and not rgb and all("/SMask" in image for image in cmyk)


def test_the_colour_check_fails_on_device_rgb(masters):
    with pikepdf.open(masters["house"]) as pdf:
        checks.replace_in_first_content(pdf, rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k", rb"0 0 1 rg", page=1)
        assert checks.colour_space_problems(pdf) == ["page 2: rg (DeviceRGB)"]
        image = next(image for image in checks._images(pdf) if image.get("/ColorSpace") == "/DeviceCMYK")
        image.ColorSpace = pikepdf.Name.DeviceRGB
        assert checks.colour_space_problems(pdf)[-1].endswith("colour space /DeviceRGB")


@pytest.mark.parametrize("key", ["house", "default"])
def test_no_colour_puts_down_more_than_300_percent_ink(masters, key):
    with pikepdf.open(masters[key]) as pdf:
        most, where = checks.most_ink(pdf)
        assert 100 <= most <= 300, (most, where)
        checks.replace_in_first_content(pdf, rb"[\d.]+ [\d.]+ [\d.]+ [\d.]+ k", rb"1 1 1 1 k")
        assert checks.most_ink(pdf)[0] == 400


def test_black_text_is_black_ink_alone(masters):
    """Body text prints in 100% K, not four inks: rich black blurs when the plates are out of register."""
    with pikepdf.open(masters["default"]) as pdf:
        fills = checks.text_fills(pdf)
    body = max(fills, key=fills.get)
    assert body == (0, 0, 0, 1), fills
    assert sum(count for fill, count in fills.items() if len(fill) == 4 and fill[3] == 1 and any(fill[:3])) == 0


def test_the_logo_prints_in_the_inks_of_the_colour_beside_it(masters):
    """The Blue Book mark's navy disc on the navy cover: the same inks, not a navy the RIP makes of RGB."""
    primary = shipped_condition().cmyk(load_layout("bluebook-house").colours.primary)
    with pikepdf.open(masters["house"]) as pdf:
        logo = next(image for image in checks._images(pdf) if image.get("/ColorSpace") == "/DeviceCMYK")
        data = logo.read_bytes()
    pixels = {tuple(data[i:i + 4]) for i in range(0, len(data), 4 * 7)}
    assert tuple(round(v * 2.55) for v in primary) in pixels


def test_small_grey_text_prints_in_black_ink_alone(masters):
    with pikepdf.open(masters["house"]) as pdf:
        fills = checks.text_fills(pdf)
    assert (0, 0, 0, 0.76) in fills, fills  # muted: labels, captions, footers
    assert not [fill for fill in fills if len(fill) == 4 and any(fill[:3]) and fill[3] > 0.5 and
                max(fill[:3]) < 0.45], fills  # no four-colour grey


def test_the_cover_background_reaches_the_bleed(masters):
    with pikepdf.open(masters["house"]) as pdf:
        assert checks.bleed_problems(pdf, 1) == []
        primary = shipped_condition().cmyk(load_layout("bluebook-house").colours.primary)
        fill, _ = max(checks.filled_rectangles(pdf.pages[0].obj),
                      key=lambda item: (item[1][2] - item[1][0]) * (item[1][3] - item[1][1]))
        assert fill == pytest.approx(tuple(v / 100 for v in primary), abs=0.001)
        checks.replace_in_first_content(pdf, rb"-8\.50\d* -8\.50\d* ", b"0 0 ")
        assert "stops short of the BleedBox" in checks.bleed_problems(pdf, 1)[0]


def test_the_rendered_sheet_shows_the_bleed_and_the_marks(masters):
    """Rendered at 70 dpi over the whole sheet: navy just inside the bleed's corner, white beyond it, and a crop
    mark's black where the trim line runs on past the bleed."""
    pdf = pdfium.PdfDocument(masters["house"])
    image = pdf[0].render(scale=70 / 72).to_pil().convert("RGB")
    scale = 70 / 72
    with pikepdf.open(masters["house"]) as reader:
        trim = [float(v) for v in reader.pages[0].TrimBox]
        height = float(reader.pages[0].MediaBox[3])
    bleed = 3 * checks.MM

    def pixel(x: float, y: float):
        return image.getpixel((round(x * scale), round((height - y) * scale)))

    inside = pixel(trim[0] - bleed + 1, trim[1] - bleed + 1)
    beyond = pixel(trim[0] - bleed - 2, trim[1] - bleed - 2)
    assert sum(inside) < 200, inside  # navy
    assert min(beyond) > 240, beyond
    fine = pdf[0].render(scale=600 / 72).to_pil().convert("L")  # a 0.25 pt mark is a quarter pixel at 70 dpi
    column = round(trim[0] * 600 / 72)
    rows = [round((height - (trim[1] - bleed - checks.MM - d)) * 600 / 72) for d in range(2, 13)]
    assert max(min(fine.getpixel((x, row)) for x in range(column - 2, column + 3)) for row in rows) < 128
    assert min(fine.getpixel((column + 12, row)) for row in rows) > 240  # beside the mark: white


def test_print_masters_pass_verapdf_for_pdf_a_and_pdf_ua(masters, volume, tmp_path):
    reason = why_not_available()
    if reason:
        pytest.skip(f"veraPDF cannot run here: {reason}; print masters are NOT checked for PDF/A and PDF/UA")
    files = [Path(shutil.copy(masters[key], tmp_path / f"{key}.pdf")) for key in ("house", "default")]
    files.append(Path(shutil.copy(volume[0], tmp_path / "volume.pdf")))
    verdicts = validate(files)
    assert {key: verdict.status for key, verdict in verdicts.items()} == {
        (f"{key}.pdf", flavour): "PASS" for key in ("house", "default", "volume") for flavour in ("2b", "ua1")}, \
        verdicts


def test_the_volume_print_master_passes_the_print_checks(volume):
    with pikepdf.open(volume[0]) as pdf:
        assert checks.box_problems(pdf, A4, 3) == []
        assert checks.intent_problems(pdf) == [] and checks.key_problems(pdf) == []
        assert checks.colour_space_problems(pdf) == []
        assert checks.most_ink(pdf)[0] <= 300
        assert checks.bleed_problems(pdf, 1) == []  # its cover


def test_print_masters_have_no_link_annotations_and_keep_their_tags(masters):
    with pikepdf.open(masters["house"]) as pdf:
        assert all("/Annots" not in page.obj for page in pdf.pages)
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked


def test_rebuilding_a_print_master_gives_the_same_bytes(masters, tmp_path):
    again = Builder(print_layout(crop_marks=True)).build(CASE_36, ["zh+en"], ["pdf"], tmp_path).outputs[0].path
    assert_same_bytes(masters["house"], again, label="print master")


def test_the_screen_profile_is_unchanged(tmp_path):
    screen = Builder("default").build(CASE_36, ["zh"], ["pdf"], tmp_path).outputs[0].path
    with pikepdf.open(screen) as pdf:
        assert "/TrimBox" not in pdf.pages[0].obj
        assert [str(i.S) for i in pdf.Root.OutputIntents] == ["/GTS_PDFA1"]
        assert pdf.Root.OutputIntents[0].DestOutputProfile.N == 3
        assert "pdfxid" not in checks.xmp_text(pdf)


# -- the volume as a printed book ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def volume(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    make_book(folder, count=3)
    (folder / "036-cetc.yaml").write_bytes(CASE_36.read_bytes())
    outputs, _, starts = build_volume(Builder(print_layout()), folder, ["zh"], ["pdf"], folder / "out")
    return outputs[0].path, starts["zh"]


def _words(path: Path, page: int) -> list[tuple[str, float, float]]:
    """(text, left x from the trim, top y from the trim's top) of each text run on a page."""
    pdf = pdfium.PdfDocument(path)
    text_page = pdf[page - 1].get_textpage()
    with pikepdf.open(path) as reader:
        trim = [float(v) for v in reader.pages[page - 1].TrimBox]
    runs = []
    for index in range(text_page.count_rects()):
        left, bottom, right, top = text_page.get_rect(index)
        text = text_page.get_text_bounded(left, bottom, right, top).strip()
        if text:
            runs.append((text, left - trim[0], trim[3] - top))
    return runs


def test_each_case_opens_a_right_hand_page_after_a_blank_left_one(volume):
    path, starts = volume
    assert starts and all(page % 2 == 1 for page in starts.values()), starts
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    texts = {page: _words(path, page) for page in range(1, count + 1)}
    blank = [page for page, runs in texts.items() if not runs]
    assert blank, "no page was left blank"
    last_text = max(page for page, runs in texts.items() if runs)
    assert all(page % 2 == 0 for page in blank if page < last_text), "only left-hand pages are left blank"
    assert 2 in blank, "the cover's back is left blank"
    assert count % 4 == 0 and blank[-1] == count, "sheets folded once: the book ends on a multiple of 4 pages"
    for page in starts.values():  # a case's page before it, if left blank, has no number, head nor foot
        if page - 1 in blank:
            assert texts[page - 1] == []


def test_page_numbers_and_running_heads_sit_on_the_outer_edge(volume):
    path, starts = volume
    trim_width = A4[0]
    for page in (8, 9):
        runs = _words(path, page)
        number = next((x, y) for text, x, y in runs if text == "第")
        head = [(x, y) for text, x, y in runs if y < 40]
        if page % 2:  # right-hand: the number at the right
            assert number[0] > trim_width / 2
            assert any(x > trim_width / 2 for x, _ in head)
        else:
            assert number[0] < trim_width / 4
            assert min(x for x, _ in head) < trim_width / 4


def test_facing_pages_mirror_the_margins_with_the_gutter(volume):
    path, _ = volume
    layout = print_layout()
    margins, gutter = layout.page.margins_mm, layout.print.gutter_mm
    lefts = {}
    for page in (8, 9):
        body = [x for text, x, y in _words(path, page) if 60 < y < A4[1] - 80 and len(text) > 10]
        lefts[page] = min(body)
    assert lefts[9] == pytest.approx((margins["left"] + gutter) * checks.MM, abs=1.5)  # inner
    assert lefts[8] == pytest.approx((margins["right"] - gutter) * checks.MM, abs=1.5)  # outer


def test_the_contents_give_the_pages_cases_start_on(volume):
    path, starts = volume
    pages = pdf_pages_text(path)
    contents, listed = contents_listing(pages)
    assert sorted(listed.values()) == sorted(starts.values())
    for name, page in listed.items():
        assert name in squash(pages[page - 1]), (name, page)
        assert name not in squash(pages[page - 2]), f"{name} starts before page {page}"
