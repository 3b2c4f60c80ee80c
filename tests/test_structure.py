"""What a reader's software sees: embedded fonts, East Asian styles, page fields, metadata, outline, index."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from conftest import CASE_36, assert_same_bytes, docx_paragraphs, pdf_outline, pdf_pages_text, pdf_text, squash
from reporter.jobs.build import Builder
from reporter.layout.schema import load_layout
from reporter.fonts.twins import ROOM_MARKS, SQUEEZE_BEFORE
from reporter.docx.ooxml import SCHEMA_ORDER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CLOSING = "，。、；：？！）」》』】”’"
OPENING = "“‘（《「『【"


@pytest.mark.parametrize("mode", ["zh", "en", "zh+en"])
def test_every_pdf_font_embedded(built, mode):
    listing = subprocess.run(["pdffonts", str(built[(mode, "pdf")])], check=True, capture_output=True,
                             text=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    for line in listing:
        columns = line.split()
        assert columns[-5] == "yes", f"font not embedded: {line}"
        assert columns[-4] == "yes", f"font not subset: {line}"
    if mode != "en":
        assert any("NotoSerifCJKsc-Regular" in line for line in listing), "the Song (body) face"
        assert any("NotoSansCJKsc-Bold" in line for line in listing), "the Hei (heading) face"


def test_docx_styles_carry_east_asian_fonts_and_language(built):
    document = open_docx(str(built[("zh", "docx")]))
    layout = load_layout()
    expected = {"Title": layout.fonts.heading, "Heading 1": layout.fonts.heading, "Body Text": layout.fonts.body,
                "Caption": layout.fonts.label, "Metric Value": layout.fonts.numbers, "Index Entry": layout.fonts.label}
    for name, role in expected.items():
        style = document.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == role.docx_east_asian, name
        assert fonts.get(qn("w:ascii")) == role.docx_latin, name
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None, name
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    body_size = document.styles["Body Text"].font.size.pt
    assert body_size == layout.type.base
    assert document.styles["Heading 1"].font.size.pt > document.styles["Heading 2"].font.size.pt > body_size


def test_docx_body_uses_named_styles(built):
    styles = {style for style, text in docx_paragraphs(built[("zh", "docx")]) if text}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Body Text", "Summary", "Keywords",
            "Metric Value", "Metric Label", "Index Category", "Index Entry", "Honour", "Band", "Kicker"} <= styles
    # no Caption: case 36 gives no images, so its figures are left out (test_typesetting checks captions)


def test_docx_footer_has_page_and_numpages_fields(built):
    for mode in ("zh", "en"):
        with zipfile.ZipFile(built[(mode, "docx")]) as archive:
            footers = [archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")]
        joined = " ".join(footers)
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", joined)
        assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", joined)
        label = "第" if mode == "zh" else "Page"
        assert label in joined and ("来源" in joined if mode == "zh" else "Source" in joined)


def test_docx_core_properties(built, case_data):
    props = open_docx(str(built[("zh", "docx")])).core_properties
    assert props.title == case_data["title"]["zh"]
    assert props.author == "责任云研究院"
    assert "案例三十六" in props.subject
    assert props.keywords.split("; ")[0] == "乡村振兴"
    assert props.language == "zh-CN"
    assert props.created.date().isoformat() == "2021-11-15"


def test_docx_property_elements_in_schema_order(built):
    """Word refuses files whose property children are out of order; LibreOffice would not notice."""
    order = {W + parent.split(":")[1]: [W + t.split(":")[1] for t in tags] for parent, tags in SCHEMA_ORDER.items()}
    for mode in ("zh", "zh+en"):
        with zipfile.ZipFile(built[(mode, "docx")]) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml") or not name.startswith("word/"):
                    continue
                from lxml import etree
                root = etree.fromstring(archive.read(name))
                for parent_tag, sequence in order.items():
                    for parent in root.iter(parent_tag):
                        positions = [sequence.index(child.tag) for child in parent if child.tag in sequence]
                        assert positions == sorted(positions), f"{name}: children of {parent_tag} out of order"


def test_pdf_document_info(built, case_data):
    reader = PdfReader(str(built[("zh", "pdf")]))
    info = reader.metadata
    assert info.title == case_data["title"]["zh"]
    assert info.author == "责任云研究院"
    assert "案例三十六" in info.subject
    assert "乡村振兴" in info["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_pdf_outline_matches_headings(built):
    for mode in ("zh", "en"):
        path = built[(mode, "pdf")]
        outline = pdf_outline(PdfReader(str(path)))
        headings = [(int(style[-1]) - 1, text) for style, text in docx_paragraphs(built[(mode, "docx")])
                    if style in ("Heading 1", "Heading 2")]
        assert [(level, title) for level, title, _ in outline] == headings
        pages = pdf_pages_text(path)
        for _level, title, page in outline:
            assert squash(title) in squash(pages[page - 1]), f"bookmark {title!r} points to page {page}"


@pytest.mark.parametrize("mode,template", [("zh", "第 {} 页 共 {} 页"), ("en", "Page {} of {}")])
def test_pdf_page_x_of_y(built, mode, template):
    pages = pdf_pages_text(built[(mode, "pdf")])
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert squash(template.format(number, len(pages))) in squash(text)


def test_chinese_line_breaking_rules(built):
    """No line starts with closing punctuation, none ends with opening punctuation (case 36 has places where
    ReportLab alone breaks “‘ from the word they open)."""
    for mode in ("zh", "zh+en"):
        for line in pdf_text(built[(mode, "pdf")], layout=True).splitlines():
            stripped = line.strip()
            assert not stripped or stripped[0] not in CLOSING, f"line starts with closing punctuation: {stripped!r}"
            assert not stripped or stripped[-1] not in OPENING, f"line ends with opening punctuation: {stripped!r}"


def test_category_index_in_docx(built, book_data):
    document = open_docx(str(built[("zh", "docx")]))
    table = next(t for t in document.tables if "主业履责篇" in t._tbl.xml)
    entries, categories, highlighted = [], [], []
    for tc in table._tbl.iter(W + "tc"):
        text = "".join(t.text or "" for t in tc.iter(W + "t"))
        match = re.fullmatch(r"(\d+)\s*(\D+)", text)  # (the number, a tab, the name)
        if match:
            entries.append((int(match.group(1)), match.group(2)))
            fill = tc.find(f"{W}tcPr/{W}shd")
            if fill is not None and fill.get(W + "fill") == load_layout().colours.highlight.lstrip("#"):
                highlighted.append(int(match.group(1)))
        elif text.endswith(tuple("0123456789")) and "篇" in text:
            categories.append(text)
    expected = [e["short"]["zh"] for c in book_data["categories"] for e in c["enterprises"]]
    assert [n for n, _ in entries] == list(range(1, 71))
    assert [name for _, name in entries] == expected
    assert len(categories) == 7 and categories[3].startswith("乡村振兴篇35–47")
    assert highlighted == [36] and entries[35] == (36, "中国电科")


def test_category_index_in_pdf(built, book_data):
    pages = pdf_pages_text(built[("zh", "pdf")])
    start = next(n for n, p in enumerate(pages) if "蓝皮书案例目录" in p)
    # the index may break between its categories: read on to the end, without the pages' furniture
    index_text = "\n".join(line for page in pages[start:] for line in page.splitlines()
                           if "页 共" not in line and "案例三十六 ·" not in line)
    text = squash(index_text)
    entries = re.findall(r"(?<![\d–])(\d{1,2}) +([\u4e00-\u9fff]+)", index_text.split("蓝皮书案例目录")[1])
    expected = [e["short"]["zh"] for c in book_data["categories"] for e in c["enterprises"]]
    assert [int(n) for n, _ in entries] == list(range(1, 71))
    assert [name for _, name in entries] == expected
    for category in book_data["categories"]:
        assert category["name"]["zh"] in text
    highlight = load_layout().colours.highlight
    r, g, b = (int(highlight[i:i + 2], 16) / 255 for i in (1, 3, 5))
    content = b"".join(page.get_contents().get_data() for page in PdfReader(str(built[("zh", "pdf")])).pages)
    fill = f"{r:.6f}".rstrip("0").lstrip("0") + " " + f"{g:.6f}".rstrip("0").lstrip("0")
    assert fill.encode() in content, "the highlight colour of case 36 is painted"


@pytest.mark.parametrize("mode", ["zh", "en"])
def test_justified_paragraphs_are_flush_with_both_margins(built, builder, mode, tmp_path):
    """Justified lines end at the right margin: Chinese ones with the width left over spread between characters
    (ReportLab leaves them up to a character short), English ones with wider spaces, which in a CID font must be
    offsets in the string (word spacing does nothing to 2-byte codes). (The shipped layouts set English ragged: a
    layout of the default's that justifies it across the column.)"""
    pdf = built[(mode, "pdf")]
    if mode == "en":
        justified = tmp_path / "justified.toml"
        justified.write_text('extends = "default"\n[type]\nlatin_measure = 0\n[styles.body]\njustify = true\n',
                             "utf-8")
        pdf = Builder(str(justified)).build(CASE_36, ["en"], ["pdf"], tmp_path).outputs[0].path
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    lines = [(float(a), float(b)) for a, b in re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', layout)]
    left = builder.sheet.margins_pt["left"]
    right = left + builder.sheet.text_width_pt
    full = [end for start, end in lines if abs(start - left) < 0.5 and end > left + 0.8 * (right - left)]
    flush = [end for end in full if abs(end - right) < 0.05]
    ragged = [end for end in full if right - 12 < end < right - 0.05]
    assert len(full) > 30
    assert len(flush) >= 0.8 * len(full) and len(ragged) <= 0.15 * len(full), (len(full), len(flush), len(ragged))


def test_cjk_fonts_are_embedded_as_cid_fonts(built):
    """A Chinese face is one CID font (Identity-H) with a ToUnicode map, not a series of 256-glyph subsets; the
    OpenType faces with CFF outlines keep them (CIDFontType0C), the TrueType ones theirs."""
    listing = subprocess.run(["pdffonts", str(built[("zh+en", "pdf")])], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    cjk = [line for line in listing if "CJKsc" in line]
    assert cjk and all("CID Type 0C" in line and "Identity-H" in line for line in cjk), listing
    latin = [line for line in listing if "Caladea" in line or "Carlito" in line]
    assert latin and all("CID TrueType" in line and "Identity-H" in line for line in latin), listing
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in listing), listing  # emb, sub, uni
    names = [line.split()[0].split("+", 1)[1] for line in listing]
    assert len(names) == len(set(names)), "one font per face"


def test_category_index_splits_between_categories(builder):
    """The index grid goes to the next page category by category, under its heading marked continued; the shaded
    cell stays with its entry."""
    from reporter.compose.brief import compose
    from reporter.compose.document import CategoryIndex
    from reporter.model.load import load_case
    document = compose(load_case(CASE_36), builder.layout, "zh+en")
    block = next(b for b in document.blocks if isinstance(b, CategoryIndex))
    grid = builder.pdf.flowables(block, builder.sheet.text_width_pt)[0]
    width, height = grid.wrap(500, 10_000)
    first, heading, second = grid.split(width, height * 0.5)
    assert heading.getPlainText().startswith("蓝皮书案例目录（续）")
    assert first.height <= height * 0.5 and abs(first.height + second.height - height) < 0.01
    assert len(first.spans) + len(second.spans) == 7
    assert len(first.rows) == first.spans[-1][1] + 1 and second.spans[0][0] == 0
    shaded = [(part, row, column) for part in (first, second) for row, column in part.current]
    assert len(shaded) == 1
    part, row, column = shaded[0]
    assert part.rows[row][column].lines[0].runs[-1][3] == "中国电科"
    assert grid.split(width, 10) == []  # not even one category fits: the whole grid moves on


def test_byte_identical_rebuilds(builder, tmp_path, built):
    from conftest import CASE_36
    again = builder.build(CASE_36, ["zh", "zh+en"], ["docx", "pdf"], tmp_path)
    for output in again.outputs:
        assert_same_bytes(output.path, built[(output.mode, output.format)], label=output.path.name)


def test_docx_zip_members_have_fixed_timestamps(built):
    with zipfile.ZipFile(built[("zh", "docx")]) as archive:
        assert archive.testzip() is None
        assert {member.date_time for member in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def _headings_left_at_page_foot(pdf_path) -> list[str]:
    """Headings whose page has nothing after them but the footer."""
    reader = PdfReader(str(pdf_path))
    pages = pdf_pages_text(pdf_path)
    stranded = []
    for _level, title, page in pdf_outline(reader):
        lines = [squash(line) for line in pages[page - 1].splitlines() if line.strip()][:-1]  # minus footer
        first_word = squash(title.split(" ")[0])
        hits = [i for i, line in enumerate(lines) if line.startswith(first_word)]
        if hits and hits[-1] == len(lines) - 1:
            stranded.append(title)
    return stranded


@pytest.mark.parametrize("mode", ["zh", "en", "zh+en"])
def test_no_heading_stranded_at_page_foot(built, mode):
    assert _headings_left_at_page_foot(built[(mode, "pdf")]) == []


def test_side_by_side_bilingual(tmp_path, case_data):
    """A layout asking for side by side puts each Chinese paragraph beside its English one."""
    from conftest import CASE_36, ROOT
    layout = tmp_path / "sbs.toml"
    layout.write_text(f'extends = "default"\nname = "SBS"\n'
                      '[language]\nbilingual = "side_by_side"\n', "utf-8")
    result = Builder(load_layout(str(layout))).build(CASE_36, ["zh+en"], ["pdf", "docx"], tmp_path)
    pdf = next(o.path for o in result.outputs if o.format == "pdf")
    assert _headings_left_at_page_foot(pdf) == []
    first = case_data["sections"][0]["paragraphs"][0]
    for line in pdf_text(pdf, layout=True).splitlines():
        if squash(first["zh"])[:8] in squash(line):
            assert squash(first["en"])[:8] in squash(line), "the English starts on the same line, beside it"
            break
    else:
        raise AssertionError("first background paragraph not found")
    document = open_docx(str(next(o.path for o in result.outputs if o.format == "docx")))
    pairs = [t for t in document.tables if len(t.columns) == 3 and first["zh"][:10] in t.cell(0, 0).text]
    assert pairs and first["en"][:10] in pairs[0].cell(0, 2).text.replace("\xa0", " ")


NO_ROOM = dict.fromkeys(map(ord, ROOM_MARKS + SQUEEZE_BEFORE))


@pytest.mark.parametrize("text", [
    "中国电科始终牢记习近平总书记关于“要因地制宜”和“‘精准扶贫’要做到扶贫产业精准”的重要论述。" * 3,
    "在2019年、2020年扶贫工作考核中，成效连续两年被评价为“好”！培训教师4907名（其中《大爱电科》课堂400余场）。" * 3,
])
def test_opening_marks_never_end_a_line_at_any_width(builder, text):
    """Both of ReportLab's CJK paths (one font, and several fonts in one paragraph) at every width."""
    from reporter.compose.brief import text_languages
    from reporter.compose.document import Span
    builder.pdf.languages = text_languages()  # what writing a document sets
    for width in range(120, 480, 3):
        paragraph = builder.pdf.para(Span(text, "zh"), "body")
        paragraph.wrap(width, 10_000)
        lines = ["".join(word.text for word in line.words) if hasattr(line, "words") else "".join(line[1])
                 for line in paragraph.blPara.lines]
        lines = [line.translate(NO_ROOM) for line in lines]  # (room and squeeze marks: offsets, not text)
        assert "".join(lines) == text
        for line in lines[:-1]:
            assert line[-1] not in OPENING, f"width {width}: line ends with {line[-1]!r}"
            assert line[0] not in CLOSING, f"width {width}: line starts with {line[0]!r}"


def test_fonts_registered_once_per_process(builder, tmp_path):
    from conftest import CASE_36
    from reporter.pdf.fonts import registered_count
    builder.build(CASE_36, ["zh"], ["pdf"], tmp_path)
    before = registered_count()
    Builder("default").build(CASE_36, ["zh", "zh+en"], ["pdf"], tmp_path)
    assert registered_count() == before, "a second builder re-registered fonts"


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_docx_tables_keep_their_rows_together(built):
    """Every row of every table of several rows (key figures, index) is a row Word may not split. The key figures
    are kept whole (each row kept with the next), as in the PDF, each line of tiles a table whose header row holds
    the labels; a page may end between two categories of the index, never inside one."""
    xml = _document_xml(built[("zh+en", "docx")])
    tables = [rows for rows in (re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
                                for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)) if len(rows) > 1]
    assert len(tables) == 3  # the key figures' two lines of tiles, and the index
    for rows in tables:
        assert all("<w:trPr><w:cantSplit/>" in row for row in rows), rows[0][:200]
    *lines, index = sorted(tables, key=len)
    figures = [row for line in lines for row in line]
    assert all("<w:keepNext/>" in row for row in figures[:-1]) and "<w:keepNext/>" not in figures[-1]
    for labels, values in lines:  # each line's labels are its header row, over the values
        assert "<w:tblHeader/>" in labels and "<w:tblHeader/>" not in values
        assert "向两个定点扶贫县" in lines[0][0] and "7300.24" in lines[0][1] and "7300.24" not in lines[0][0]
    header, *index = index  # the index's header row, repeated on each page it takes, names its columns
    assert "<w:tblHeader/>" in header and "类别" in header and "案例" in header and "<w:keepNext/>" in header
    assert not any("<w:tblHeader/>" in row for row in index)
    kept = ["<w:keepNext/>" in row for row in index]
    assert len(index) >= 14 and kept.count(False) == 7 and not kept[-1]  # the last row of each category


def test_docx_text_with_outer_spaces_keeps_them(built):
    """A run whose text begins or ends with white space (摘要 followed by an ideographic space, the gaps between
    keywords) says xml:space="preserve", or Word drops the spaces."""
    xml = _document_xml(built[("zh+en", "docx")])
    texts = re.findall(r"<w:t( xml:space=\"preserve\")?>([^<]*)</w:t>", xml)
    spaced = [(preserve, text) for preserve, text in texts if text != text.strip()]
    assert len(spaced) > 10 and any(text == "摘要\u3000" for _, text in spaced)
    assert [text for preserve, text in spaced if not preserve] == []
    assert any(text.startswith("摘要\u3000") for _, text in docx_paragraphs(built[("zh+en", "docx")]))


def test_docx_index_numbers_take_the_muted_colour(built):
    """A run's own colour wins over its paragraph style's: the index's case numbers are muted, their names
    are in the entry style's colour."""
    layout = load_layout("default")
    muted, text = layout.colours.muted.lstrip("#").upper(), layout.colours.text.lstrip("#").upper()
    assert muted != text
    xml = _document_xml(built[("zh", "docx")])
    runs = re.findall(r"<w:r>(<w:rPr>.*?</w:rPr>)?<w:t[^>]*>([^<]*)</w:t></w:r>", xml, re.S)
    numbers = [props for props, value in runs if value.isdigit() and 1 <= int(value) <= 70]
    assert len(numbers) == 70
    assert all(f'<w:color w:val="{muted}"/>' in props for props in numbers)


def _pdf_fonts(path):
    reader = PdfReader(str(path))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    return fonts


def test_cid_font_descriptors_say_symbolic(built):
    """A CID font's glyphs are reached by glyph number, not through a standard encoding: its descriptor's flags
    must say symbolic (4) and not non-symbolic (32), or readers may substitute glyphs."""
    cid = [font for font in _pdf_fonts(built[("zh+en", "pdf")]).values() if font["/Subtype"] == "/Type0"]
    assert len(cid) >= 2
    for font in cid:
        flags = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()["/Flags"]
        assert flags & 4 and not flags & 32, (font["/BaseFont"], flags)


def test_pdf_index_colours_are_the_layouts(built):
    """The index page's text is drawn in the layout's muted and text colours, as `r g b rg` operators."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.rl_accel import fp_str

    layout = load_layout("default")
    reader = PdfReader(str(built[("zh", "pdf")]))
    index_page = next(page for page in reader.pages if "主业履责篇" in page.extract_text() and "中国华能" in
                      page.extract_text())
    content = index_page.get_contents().get_data().decode("latin-1")
    for name in ("muted", "text"):
        colour = HexColor(getattr(layout.colours, name))
        assert f"{fp_str(colour.red, colour.green, colour.blue)} rg" in content, name
