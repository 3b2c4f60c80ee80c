"""Client layouts: three shipped layouts that differ as they say, a new one with no code, a Word reference
document, and one-line errors for every mistake in a layout file."""

from __future__ import annotations

import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from pypdf import PdfReader

from conftest import (CASE_36, assert_same_bytes, build_in_new_process, docx_paragraphs, pdf_pages_text, pdf_text,
                      squash)
from reporter.jobs.build import Builder
from reporter.cli import main
from reporter.layout.schema import load_layout

A4 = (595, 842)
LETTER = (612, 792)


def pdf_fill(colour: str) -> bytes:
    """The PDF operator that sets a fill colour, as ReportLab writes it."""
    def part(value: int) -> str:
        text = f"{value / 255:.6f}".rstrip("0").rstrip(".")
        return text[1:] if text.startswith("0.") else text
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"{part(r)} {part(g)} {part(b)} rg".encode()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Case 36 under each shipped layout, in that layout's own default language mode."""
    out = tmp_path_factory.mktemp("layouts")
    result = {}
    for name in ("default", "bluebook-house", "acme"):
        builder = Builder(name)
        built = builder.build(CASE_36, [builder.layout.language.default], ["pdf", "docx"], out)
        result[name] = {o.format: o.path for o in built.outputs}
    return result


def content(path: Path) -> bytes:
    return b"".join(page.get_contents().get_data() for page in PdfReader(str(path)).pages)


def fonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def docx_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("name,size", [("default", A4), ("bluebook-house", A4), ("acme", LETTER)])
def test_page_size(shipped, name, size):
    box = PdfReader(str(shipped[name]["pdf"])).pages[1].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    section = open_docx(str(shipped[name]["docx"])).sections[-1]
    assert (round(section.page_width.pt), round(section.page_height.pt)) == size


@pytest.mark.parametrize("name", ["default", "bluebook-house", "acme"])
def test_colours_in_pdf_and_docx(shipped, name):
    colours = load_layout(name).colours
    others = [load_layout(n).colours.primary for n in ("default", "bluebook-house", "acme") if n != name]
    stream = content(shipped[name]["pdf"])
    assert pdf_fill(colours.primary) in stream, "the band / cover in the primary colour"
    for other in others:
        assert pdf_fill(other) not in stream
    xml = docx_xml(shipped[name]["docx"])
    assert f'w:fill="{colours.primary[1:]}"' in xml and f'w:val="{colours.primary[1:]}"' in xml
    assert f'w:fill="{colours.panel[1:]}"' in xml


def test_fonts_follow_the_layout(shipped):
    default = fonts(shipped["default"]["pdf"])
    assert "NotoSerifCJKsc-Regular" in default and "NotoSansCJKsc-Bold" in default and "LXGWWenKai" not in default
    house = fonts(shipped["bluebook-house"]["pdf"])
    assert "LXGWWenKai-Regular" in house and "NotoSansCJKsc-Bold" in house and "Carlito" not in house
    acme = fonts(shipped["acme"]["pdf"])
    assert "NotoSansCJKsc-Regular" in acme and "Carlito" in acme and "NotoSerif" not in acme and "Caladea" not in acme
    for name, east_asian, latin in (("bluebook-house", "Microsoft YaHei", "Cambria"),
                                    ("acme", "Microsoft YaHei", "Segoe UI Semibold")):
        style = open_docx(str(shipped[name]["docx"])).styles["Heading 1"]
        fonts_el = style.element.rPr.find(qn("w:rFonts"))
        assert (fonts_el.get(qn("w:eastAsia")), fonts_el.get(qn("w:ascii"))) == (east_asian, latin)


def test_block_order_and_language_per_layout(shipped):
    acme = squash(pdf_text(shipped["acme"]["pdf"]))
    assert acme.index("Keyfigures") < acme.index("Summary"), "acme: key figures before the summary"
    assert acme.index("CETC:Targeted") < acme.index("中国电科：“综合党建"), "acme: English first"
    assert "BlueBookcaseindex" not in acme and "蓝皮书案例目录" not in acme, "acme: no index"
    assert "PreparedforAcmeSustainabilityPartners" in acme
    house_pages = pdf_pages_text(shipped["bluebook-house"]["pdf"])
    cover = squash(house_pages[0])
    assert "中国电科：“综合党建" in cover and "第1页" not in cover, "house: a cover page without page furniture"
    assert "案例三十六" in cover and "责任云研究院" in cover
    house = squash(pdf_text(shipped["bluebook-house"]["pdf"]))
    assert "蓝皮书案例目录" in house and "联系我们" in house and "may@zerenyun.com" in house
    default = squash(pdf_text(shipped["default"]["pdf"]))
    assert "联系我们" not in default and default.index("摘要") < default.index("关键数据")


def test_side_by_side_in_house_style(shipped, case_data):
    first = case_data["sections"][0]["paragraphs"][0]
    lines = pdf_text(shipped["bluebook-house"]["pdf"], layout=True).splitlines()
    line = next(line for line in lines if squash(first["zh"])[:8] in squash(line))
    assert squash(first["en"])[:8] in squash(line)


def test_logos(shipped):
    for name, expected in (("default", 0), ("bluebook-house", 2), ("acme", 1)):
        reader = PdfReader(str(shipped[name]["pdf"]))
        images = sum(len(page.images) for page in reader.pages)
        assert (images > 0) == (expected > 0), name
        with zipfile.ZipFile(shipped[name]["docx"]) as archive:
            media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert (len(media) > 0) == (expected > 0), name
    house = PdfReader(str(shipped["bluebook-house"]["pdf"]))
    assert house.pages[0].images and house.pages[2].images, "house: logo on the cover and in the running head"
    header = docx_xml(shipped["bluebook-house"]["docx"])
    assert "<w:drawing>" in header


def test_logos_are_read_and_compressed_once_per_process(tmp_path, monkeypatch):
    """The house layout's two logos (with alpha channels) are decoded and deflated for the first brief only; the
    later briefs of the process, and a brief built in a fresh process, are the same bytes."""
    from reporter.pdf import _reportlab

    builder = Builder("bluebook-house")
    first = builder.build(CASE_36, ["zh"], ["pdf"], tmp_path / "first").outputs[0].path
    loads = []
    image_class = _reportlab.original(_reportlab.pdfdoc, "PDFImageXObject")
    original = image_class.loadImageFromSRC
    monkeypatch.setattr(image_class, "loadImageFromSRC",
                        lambda self, image: (loads.append(image), original(self, image)))
    again = builder.build(CASE_36, ["zh"], ["pdf"], tmp_path / "again").outputs[0].path
    assert loads == [], "no logo decoded or deflated again"
    fresh = build_in_new_process(tmp_path / "fresh", "--layout", "bluebook-house", "--lang", "zh", "--format", "pdf")
    assert_same_bytes(first, again, fresh / first.name, label=first.name)
    pages = PdfReader(str(again)).pages
    logos = [image for page in pages for image in page.images]
    assert len(logos) >= 2 and all(image.image.size[0] >= 500 for image in logos), "the logos are on the pages"
    assert pages[0].images[0].image.mode == "RGBA", "the logo keeps its alpha channel (a soft mask)"


def test_a_new_layout_needs_no_code(tmp_path):
    layout = tmp_path / "client.toml"
    layout.write_text("""extends = "default"
name = "Client X"
[page]
size = "Letter"
margins_mm = { top = 15, bottom = 15, left = 25, right = 25 }
[colours]
primary = "#7A1F5C"
[blocks]
order = ["title", "metrics", "sections"]
[metrics]
count = 2
columns = 2
[footer]
page_numbers = false
text = "Client X internal"
""", "utf-8")
    built = Builder(load_layout(str(layout))).build(CASE_36, ["zh"], ["pdf", "docx"], tmp_path / "out")
    pdf = next(o.path for o in built.outputs if o.format == "pdf")
    assert pdf.name == "036-cetc.client.zh.pdf"
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == LETTER
    text = squash(pdf_text(pdf))
    assert "摘要" not in text and "蓝皮书案例目录" not in text and "第1页" not in text
    assert "ClientXinternal" in text
    assert "7300.24" in text and "2300余人" not in text.split("背景")[0], "two callouts only"
    assert pdf_fill("#7A1F5C") in content(pdf)
    docx = next(o.path for o in built.outputs if o.format == "docx")
    styles = [style for style, text in docx_paragraphs(docx) if text]
    assert styles[0] == "Title" and "Summary" not in styles
    assert '"7A1F5C"' in docx_xml(docx)


def test_reference_docx_gives_styles_page_and_header(tmp_path):
    from docx import Document
    reference = Document()
    heading = reference.styles["Heading 1"]
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    heading.font.size = Pt(20)
    section = reference.sections[0]
    section.page_width, section.page_height = Pt(612), Pt(792)
    section.header.paragraphs[0].text = "CLIENT TEMPLATE HEADER"
    reference.add_paragraph("this body text must not reach the brief")
    reference.save(tmp_path / "reference.docx")
    layout = tmp_path / "word.toml"
    layout.write_text('extends = "default"\nname = "Word template"\nreference_docx = "reference.docx"\n', "utf-8")
    built = Builder(load_layout(str(layout))).build(CASE_36, ["zh"], ["docx"], tmp_path / "out")
    document = open_docx(str(built.outputs[0].path))
    style = document.styles["Heading 1"]
    assert style.font.color.rgb == RGBColor(0xC0, 0x00, 0x00) and style.font.size == Pt(20)
    headings = [text for name, text in docx_paragraphs(built.outputs[0].path) if name == "Heading 1"]
    assert headings[:2] == ["关键数据", "背景"]
    assert round(document.sections[-1].page_width.pt) == 612
    assert "CLIENT TEMPLATE HEADER" in docx_xml(built.outputs[0].path)
    assert "must not reach" not in docx_xml(built.outputs[0].path)
    assert document.styles["Metric Value"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == \
        "Microsoft YaHei", "styles the reference lacks come from the layout"
    assert document.styles["Body Text"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "SimSun", \
        "a reference style without an East Asian font gets the layout's, so Chinese never falls back"


ERRORS = {
    "unknown key": ('[colours]\nprimery = "#112233"\n', "{file}:3: colours.primery: unknown key; did you mean 'primary'?"),
    "bad colour": ('[colours]\nprimary = "navy"\n', "{file}:3: colours.primary: 'navy' is not a colour; write it as #RRGGBB"),
    "missing font": ('[fonts.body]\npdf_east_asian = "SimSun.ttc"\n',
                     "{file}:3: fonts.body.pdf_east_asian: font file not found: SimSun.ttc"),
    "missing logo": ('[logo]\nfile = "logos/nope.png"\n', "{file}:3: logo.file: logo file not found: logos/nope.png"),
    "bad page size": ('[page]\nsize = "A3+"\n', "{file}:3: page.size: unknown page size 'A3+'"),
    "bad page box": ('[page]\nsize = [10, 20]\n', "{file}:3: page.size: page width and height must be between"),
    "unknown block": ('[blocks]\norder = ["title", "chart"]\n', "{file}:3: blocks.order[1]: got 'chart'; expected"),
    "bad language": ('[language]\ndefault = "zh+fr"\n', "{file}:3: language.default: language mode 'zh+fr' is not valid"),
    "toml syntax": ('[colours\nprimary = "#112233"\n', "{file}:2: TOML syntax error"),
    "unknown style key": ('[styles.body]\nfont = "body"\nsize = 11\n', "{file}:4: styles.body.size: unknown key"),
    "missing reference": ('reference_docx = "client.docx"\n', "{file}:2: reference_docx: reference document not found"),
    "measure too narrow": ('[type]\nlatin_measure = 12\n',
                           "{file}:3: type.latin_measure: a measure of 12 characters is too narrow for running text"),
    "measure not a number": ('[type]\nlatin_measure = "wide"\n', "{file}:3: type.latin_measure: "),
    "measure huge": ('[type]\nlatin_measure = 100000\n', "{file}:3: type.latin_measure: "),
    "leading too tight": ('[type]\nlatin_leading = 0.5\n', "{file}:3: type.latin_leading: "),
    "type below the floor": ('[styles.footer]\nstep = -2.5\n',
                             "{file}:3: styles.footer.step: the footer style comes to 6.5 pt, below the type floor of "
                             "7.5 pt"),
    "faint text": ('[colours]\nmuted = "#AAAAAA"\n', "{file}:3: colours.muted: subtitle text in colours.muted #AAAAAA "
                   "on white paper is 2.32:1; text at 10.5 pt needs 4.5:1"),
    "faint accent": ('[colours]\naccent = "#F0A030"\n', "{file}:3: colours.accent: heading3 text in colours.accent_text"),
    "faint band": ('[colours]\nprimary = "#A0C0E0"\n', "{file}:3: colours.primary: "),
    "column share too wide": ('[language]\nfirst_column_share = 0.9\n',
                              '{file}:3: language.first_column_share: got 0.9; expected "auto" or a share'),
    "column share a word": ('[language]\nfirst_column_share = "wide"\n',
                            "{file}:3: language.first_column_share: got 'wide'"),
    "unknown page text field": ('[footer]\ntext = "{publisher} · {book_title}"\n',
                                "{file}:3: footer.text: {{book_title}} is not a field a page's text can show: "
                                "{{book}}, {{book_short}}, {{publisher}}"),
    "formatted page text field": ('[footer]\ntext = "{book_short:>9999999999}"\n',
                                  "{file}:3: footer.text: write the field as {{book_short}}, with nothing after its "
                                  "name"),
    "stray brace in page text": ('[header]\ntext = "Acme {"\n',
                                 "{file}:3: header.text: a brace that names no field in 'Acme {{': write {{{{ and "
                                 "}}}} for braces"),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_layout_errors_are_one_line(capsys, tmp_path, name):
    body, expected = ERRORS[name]
    layout = tmp_path / "acme.toml"
    layout.write_text('extends = "default"\n' + body, "utf-8")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(CASE_36), "--layout", str(layout), "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert exit_info.value.code == 1 and len(err.splitlines()) == 1, err
    assert err.startswith("error: " + expected.format(file=layout)), err
    assert not out.exists(), "nothing is built"


def test_layout_cycle(capsys, tmp_path):
    (tmp_path / "a.toml").write_text('extends = "b"\nname = "A"\n', "utf-8")
    (tmp_path / "b.toml").write_text('extends = "a"\nname = "B"\n', "utf-8")
    with pytest.raises(SystemExit):
        main(["build", str(CASE_36), "--layout", str(tmp_path / "a.toml"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert err == f"error: {tmp_path / 'b.toml'}:1: extends: layouts extend each other in a cycle: a -> b -> a"


def test_inheritance_to_any_depth(tmp_path):
    (tmp_path / "one.toml").write_text('extends = "default"\nname = "One"\n[colours]\nprimary = "#111111"\n', "utf-8")
    (tmp_path / "two.toml").write_text('extends = "one"\nname = "Two"\n[colours]\naccent = "#222222"\n', "utf-8")
    (tmp_path / "three.toml").write_text('extends = "two"\nname = "Three"\n[page]\nsize = "A5"\n', "utf-8")
    layout = load_layout(str(tmp_path / "three.toml"))
    assert (layout.colours.primary, layout.colours.accent, layout.page.size) == ("#111111", "#222222", "A5")
    assert layout.colours.text == load_layout("default").colours.text


def test_layouts_command_and_show(capsys, tmp_path):
    main(["layouts"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["acme", "bluebook-house", "default"]
    assert "Letter" in lines[0] and "en+zh" in lines[0]
    main(["layout", "show", "acme"])
    shown = capsys.readouterr().out
    data = tomllib.loads(shown)
    assert data["page"]["size"] == "Letter" and data["colours"]["text"] == "#1F2937"
    assert data["styles"]["heading1"]["font"] == "heading", "inherited keys are shown resolved"
    copy = tmp_path / "copy.toml"
    copy.write_text(shown, "utf-8")
    resolved = load_layout(str(copy)).model_dump(exclude={"source_path", "source_chain", "extends", "logo"})
    assert resolved == load_layout("acme").model_dump(exclude={"source_path", "source_chain", "extends", "logo"})


def test_a_user_layout_extending_a_shipped_one_keeps_its_logo(tmp_path):
    """Files a layout names are found beside the file that names them: a client layout elsewhere that extends
    the shipped acme gets acme's logo, and a logo beside the client's file wins."""
    client = tmp_path / "client.toml"
    client.write_text('extends = "acme"\nname = "Client"\n', "utf-8")
    layout = load_layout(str(client))
    assert layout.logo_path == (Path(load_layout("acme").source_path).parent / "logos" / "acme.png").resolve()
    assert layout.logo_path.is_file()
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "acme.png").write_bytes(layout.logo_path.read_bytes())
    assert load_layout(str(client)).logo_path == (tmp_path / "logos" / "acme.png").resolve()


def test_a_logo_without_alt_text_is_warned_at_its_line(tmp_path):
    """A client's logo with no logo.alt would be read as the layout's name: the build says so, at the [logo] line
    of the client's file; the shipped layouts say what their logos show, and are not warned."""
    logo = Path(load_layout("acme").source_path).parent / "logos" / "acme.png"
    client = tmp_path / "client.toml"
    client.write_text(f'extends = "default"\nname = "Client"\n[logo]\nfile = "{logo}"\n', "utf-8")
    warned = [w for w in Builder(load_layout(str(client))).build(CASE_36, ["zh"], ["pdf"], tmp_path / "a").warnings
              if "alt text" in w]
    assert len(warned) == 1 and f"{client}:3: logo: the logo has no alt text" in warned[0], warned
    assert "'Client'" in warned[0] and "set logo.alt to what the logo shows" in warned[0]
    for shipped in ("acme", "bluebook-house"):
        assert not [w for w in Builder(shipped).build(CASE_36, ["zh"], ["pdf"], tmp_path / shipped).warnings
                    if "logo has no alt" in w]


def test_a_layout_may_allow_small_or_faint_type_deliberately(tmp_path):
    """[checks] lets a designer go below the floor or under AA on purpose, and only then."""
    layout = tmp_path / "proof.toml"
    layout.write_text('extends = "default"\n[colours]\nmuted = "#AAAAAA"\n[styles.footer]\nstep = -2.5\n'
                      '[checks]\ntype_floor = 6\ncontrast = false\n', "utf-8")
    loaded = load_layout(str(layout))
    assert loaded.checks.type_floor == 6 and loaded.colours.muted == "#AAAAAA"
