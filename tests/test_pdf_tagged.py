"""Tagged PDF/UA-1 and PDF/A-2b (issue 12): every PDF the tool writes passes the checkable rules
(tests/pdf_conformance.py) and the independent `pdfua` checker; each rule, broken in a copy, is caught; the structure
says what the brief says, in its reading order and languages; either standard can be turned off."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from pdfua import validate

from conftest import CASE_36, ROOT, run_ok, squash
from pdf_conformance import problems
from reporter.jobs.bookdocs import build_index, build_volume
from reporter.jobs.build import Builder
from reporter.layout.schema import PdfStandards, load_layout

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_book import make_book  # noqa: E402

logging.getLogger("fontTools").setLevel(logging.ERROR)  # the fonts' 'created' dates are zero


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, built) -> dict[str, Path]:
    """One PDF of each kind the tool writes: briefs in three modes and three layouts (a cover, side by side, a
    figure, client logos), the linked category index, and a volume (contents linked to its cases)."""
    out = tmp_path_factory.mktemp("tagged")
    found = {f"default {mode}": built[(mode, "pdf")] for mode in ("zh", "en", "zh+en")}
    for layout, mode in (("bluebook-house", "zh+en"), ("acme", "en"), ("acme", "zh")):
        result = Builder(layout).build(CASE_36, [mode], ["pdf"], out / layout)
        found[f"{layout} {mode}"] = result.outputs[0].path
    book = out / "book"
    book.mkdir()
    make_book(book, count=3)
    (book / "036-cetc.yaml").write_bytes(CASE_36.read_bytes())
    builder = Builder()
    builder.build(CASE_36, ["zh"], ["pdf"], out / "book-out")
    index, _ = build_index(builder, book, ["zh"], ["pdf"], out / "book-out")
    found["index zh"] = index[0].path
    volume, _, _ = build_volume(builder, book, ["zh+en"], ["pdf"], out / "book-out")
    found["volume zh+en"] = volume[0].path
    return found


KINDS = ["default zh", "default en", "default zh+en", "bluebook-house zh+en", "acme en", "acme zh", "index zh",
         "volume zh+en"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_meets_the_checkable_rules_of_pdf_ua_and_pdf_a(pdfs, kind):
    assert problems(pdfs[kind]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_the_pdfua_checker_finds_nothing(pdfs, kind):
    report = validate(str(pdfs[kind]))
    assert [(f.rule_id, f.message) for f in report.findings] == []
    assert not report.skipped, [(s.rule_id, s.reason) for s in report.skipped]


# -- the structure, as poppler reads it -----------------------------------------------------------------------

@dataclass
class Node:
    role: str
    depth: int
    texts: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    kids: list["Node"] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.texts) + "".join(kid.all_text() for kid in self.kids)

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


def structure(path: Path) -> Node:
    """pdfinfo -struct-text's tree: each element with its text and attributes."""
    lines = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    root = Node("(root)", -1)
    stack = [root]
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        if not body:
            continue
        while stack[-1].depth >= depth and len(stack) > 1 and not body.startswith(("\"", "/")):
            stack.pop()
        if body.startswith("\""):
            stack[-1].texts.append(body[1:-1])
        elif body.startswith("/"):
            stack[-1].attributes.append(body)
        else:
            node = Node(re.split(r"[ :]", body)[0], depth)
            stack[-1].kids.append(node)
            stack.append(node)
    return root


def roles(tree: Node) -> list[str]:
    return [node.role for node in tree.walk()]


def test_headings_are_h1_to_h3_in_the_order_of_the_brief(pdfs, case_data):
    tree = structure(pdfs["default zh"])
    headings = [(node.role, node.all_text()) for node in tree.walk() if re.fullmatch(r"H\d", node.role)]
    assert headings[0] == ("H1", case_data["title"]["zh"])
    assert [role for role, _ in headings].count("H1") == 1
    sections = [text for role, text in headings if role == "H2"]
    assert sections[0] == "关键数据"
    assert all(role in ("H1", "H2", "H3") for role, _ in headings)
    third = [text for role, text in headings if role == "H3"]
    subsections = [sub["title"]["zh"] for section in case_data["sections"] for sub in section.get("subsections", [])]
    assert len(third) == len(subsections)
    assert all(shown.endswith(title) for shown, title in zip(third, subsections))  # after its number, （一）


def test_sections_are_sect_elements_and_the_band_and_running_text_are_where_they_belong(pdfs):
    tree = structure(pdfs["default zh"])
    document = tree.kids[0]
    assert document.role == "Document" and {kid.role for kid in document.kids} == {"Sect"}
    text = tree.all_text()
    assert "中央企业社会责任蓝皮书（2021）" in document.kids[0].all_text()  # the band, read first
    pages = subprocess.run(["pdftotext", str(pdfs["default zh"]), "-"], capture_output=True, text=True).stdout
    assert re.search(r"第\s*2\s*页\s*共", pages) and "页共" not in squash(text)  # page numbers are artifacts
    assert "来源" in pages and "来源" not in text  # so is the source line of the footer


def test_key_figures_and_the_index_are_tables_with_row_headers(pdfs, case_data):
    tree = structure(pdfs["default zh"])
    tables = [node for node in tree.walk() if node.role == "Table"]
    assert len(tables) == 2
    figures, index = tables
    rows = [row for row in figures.kids if row.role == "TR"]
    highlighted = [m for m in case_data["metrics"] if m.get("highlight")]
    assert len(rows) == len(highlighted)
    for row, metric in zip(rows, highlighted):
        assert [kid.role for kid in row.kids] == ["TH", "TD"] and "/Scope /Row" in row.kids[0].attributes
        assert row.kids[0].all_text() == metric["label"]["zh"]
    headers = [cell for cell in index.walk() if cell.role == "TH"]
    assert len(headers) == 7 and all("/Scope /Row" in h.attributes for h in headers)
    assert sum(int(a.split()[1]) for h in headers for a in h.attributes if a.startswith("/RowSpan")) == \
        len([row for row in index.kids if row.role == "TR"])
    entries = [cell.all_text() for cell in index.walk() if cell.role == "TD" and cell.all_text()]
    assert len(entries) == 70 and entries[35].startswith("36")


def test_honours_are_a_list_of_labelled_items(pdfs, case_data):
    tree = structure(pdfs["default zh"])
    (honours,) = [node for node in tree.walk() if node.role == "L"]
    items = honours.kids
    assert [item.role for item in items] == ["LI"] * len(case_data["honours"])
    for item, honour in zip(items, case_data["honours"]):
        assert [kid.role for kid in item.kids] == ["Lbl", "LBody"]
        assert item.kids[0].all_text() == "■" and item.kids[1].all_text() == honour["zh"]


def test_side_by_side_is_read_column_by_column(pdfs):
    """The bluebook-house layout sets Chinese left and English right, page by page; the structure reads the
    whole Chinese column of each pair first, then the English one."""
    tree = structure(pdfs["bluebook-house zh+en"])
    pairs = [node for node in tree.walk() if node.role == "Div" and [k.role for k in node.kids] == ["Div", "Div"]]
    assert len(pairs) >= 5
    for pair in pairs:
        left, right = (kid.all_text() for kid in pair.kids)
        assert re.search(r"[\u4e00-\u9fff]", left) and not re.search(r"[\u4e00-\u9fff]", right)
    cover = tree.kids[0].kids[0]  # the cover page, read before the brief
    assert cover.role == "Sect" and cover.kids[0].role == "Figure"


def _elements(path: Path):
    pdf = pikepdf.open(path)

    def visit(element):
        yield element
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield from visit(kid)

    return pdf, list(visit(pdf.Root.StructTreeRoot.K))


def test_figures_have_the_captions_or_the_layouts_logo_text_as_alt(pdfs):
    _, elements = _elements(pdfs["bluebook-house zh+en"])
    alts = [str(e.Alt) for e in elements if e.S == "/Figure"]
    layout = load_layout("bluebook-house")
    assert alts and all(alt == (layout.logo.alt or layout.name) for alt in alts)


def test_english_text_in_a_chinese_brief_says_its_language(pdfs):
    pdf, elements = _elements(pdfs["default zh+en"])
    assert str(pdf.Root.Lang) == "zh-CN"
    english = [e for e in elements if str(e.get("/Lang", "")) == "en-GB"]
    assert len(english) > 20 and all(e.S in ("/P", "/H1", "/LBody", "/Caption") for e in english)
    spans = [operands[1].Lang for page in pdf.pages for operands, op in pikepdf.parse_content_stream(page)
             if str(op) == "BDC" and operands[0] == "/Span"]
    assert spans and set(map(str, spans)) == {"en-GB"}  # the English half of each bilingual heading


def test_links_are_link_elements_holding_their_annotations(pdfs):
    pdf, elements = _elements(pdfs["volume zh+en"])
    links = [e for e in elements if e.S == "/Link"]
    annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert links and len(annotations) >= len(links)
    owned = {k.Obj.objgen for e in links for k in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
             if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"}
    assert owned == {a.objgen for a in annotations}
    toc = [e for e in elements if e.S == "/TOC"]
    assert len(toc) == 1


# -- each rule broken in a copy, and caught ---------------------------------------------------------------------

def _mutated(path: Path, change) -> bytes:
    pdf = pikepdf.open(path)
    change(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True)
    return buffer.getvalue()


def _content(pdf, number: int, edit) -> None:
    page = pdf.pages[number]
    data = b"\n".join(c.read_bytes() for c in page.obj.Contents) if isinstance(page.obj.Contents, pikepdf.Array) \
        else page.obj.Contents.read_bytes()
    page.obj.Contents = pdf.make_stream(edit(data))


def _first(elements, role):
    return next(e for e in elements if e.S == role)


def _set_xmp(pdf, old: bytes, new: bytes) -> None:
    pdf.Root.Metadata = pdf.make_stream(pdf.Root.Metadata.read_bytes().replace(old, new))


def _structure_edit(edit):
    def change(pdf):
        elements = []

        def visit(element):
            elements.append(element)
            kids = element.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    visit(kid)
        visit(pdf.Root.StructTreeRoot.K)
        edit(elements)
    return change


def _rename_headings(elements):
    for element in elements:
        if element.S == "/H3":
            element.S = pikepdf.Name("/H5")


def _first_heading_h2(elements):
    _first(elements, "/H1").S = pikepdf.Name("/H2")


def _unscoped_header(elements):
    del _first(elements, "/TH")["/A"]


def _drop_alt(elements):
    del _first(elements, "/Figure")["/Alt"]


def _odd_role(elements):
    _first(elements, "/P").S = pikepdf.Name("/Paragraph")


def _drop_a_kid(elements):
    _first(elements, "/P").K = pikepdf.Array([])


def _width(pdf):
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            if font.Subtype == "/Type0":
                widths = font.DescendantFonts[0].W
                widths[1][0] = widths[1][0] + 100
                return


BROKEN = {
    "Matterhorn 01-002": lambda pdf: pdf.Root.MarkInfo.__setitem__("/Marked", False),
    "Matterhorn 01-001": lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"),
    "Matterhorn 07-002": lambda pdf: pdf.Root.ViewerPreferences.__setitem__("/DisplayDocTitle", False),
    "Matterhorn 11-006": lambda pdf: pdf.Root.__setitem__("/Lang", pikepdf.String("")),
    "PDF/UA 7.17": lambda pdf: pdf.Root.__delitem__("/Outlines"),
    "PDF/A 6.2.3": lambda pdf: pdf.Root.__delitem__("/OutputIntents"),
    "Matterhorn 06-002": lambda pdf: _set_xmp(pdf, b"<pdfuaid:part>1", b"<pdfuaid:part>2"),
    "PDF/A 6.6.4": lambda pdf: _set_xmp(pdf, b"<pdfaid:conformance>B", b"<pdfaid:conformance>U"),
    "PDF/A 6.6.3": lambda pdf: _set_xmp(pdf, b"<pdf:Producer>reporter", b"<pdf:Producer>someone"),
    "Matterhorn 01-005": lambda pdf: _content(pdf, 1, lambda d: d + b"\nBT /F1+0 9 Tf (x) Tj ET\n"),
    "Matterhorn 01-003": lambda pdf: _content(pdf, 1, lambda d: d.replace(b"EMC /P <<", b"/P <<", 1)),
    "Matterhorn 01-004": lambda pdf: _content(pdf, 1, lambda d: d.replace(b"BDC", b"BDC /Artifact BMC 0 0 1 1 re "
                                                                               b"f EMC", 1)),
    "ISO 32000 14.7.4.4": lambda pdf: _content(pdf, 1, lambda d: d.replace(b"/MCID 1>>", b"/MCID 0>>", 1)),
    "ISO 32000 14.6": lambda pdf: _content(pdf, 1, lambda d: d + b"\n/Artifact BMC\n"),
    "Matterhorn 14-003": _structure_edit(_rename_headings),
    "Matterhorn 14-002": _structure_edit(_first_heading_h2),
    "Matterhorn 15-003": _structure_edit(_unscoped_header),
    "Matterhorn 02-004": _structure_edit(_odd_role),
    "Matterhorn 01-? (ISO 32000 14.7.4.4)": _structure_edit(_drop_a_kid),
    "PDF/A 6.2.11.5": _width,
    "Matterhorn 31-009": lambda pdf: pdf.pages[0].Resources.Font.values().__iter__().__next__().__delitem__(
        "/ToUnicode"),
}
FIGURE_BROKEN = {"Matterhorn 13-004": _structure_edit(_drop_alt)}


def _link_edit(key, value):
    def change(pdf):
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                if value is None:
                    del annotation[key]
                else:
                    annotation[key] = value
                return
    return change


LINK_BROKEN = {
    "PDF/A 6.3.2": _link_edit("/F", 0),
    "Matterhorn 28-004": _link_edit("/Contents", None),
    "Matterhorn 28-011": _link_edit("/StructParent", None),
    "PDF/UA 7.18.3": lambda pdf: next(p for p in pdf.pages if "/Annots" in p.obj).obj.__delitem__("/Tabs"),
}


@pytest.mark.parametrize("rule", BROKEN)
def test_a_broken_rule_is_caught(pdfs, rule):
    found = problems(_mutated(pdfs["default zh"], BROKEN[rule]))
    assert any(rule in line for line in found), found


@pytest.mark.parametrize("rule", FIGURE_BROKEN)
def test_a_figure_without_alt_text_is_caught(pdfs, rule):
    found = problems(_mutated(pdfs["bluebook-house zh+en"], FIGURE_BROKEN[rule]))
    assert any(rule in line for line in found), found


@pytest.mark.parametrize("rule", LINK_BROKEN)
def test_a_broken_link_rule_is_caught(pdfs, rule):
    found = problems(_mutated(pdfs["volume zh+en"], LINK_BROKEN[rule]))
    assert any(rule in line for line in found), found


@pytest.mark.parametrize("rule, old, new", [
    ("PDF/A 6.1.7.1", b"\nendstream", b" endstream"),
    ("PDF/A 6.1.2", b"%\x93\x8c\x8b\x9e", b"%abcd"),
    ("PDF/A 6.1.3", b"/ID ", b"/XD "),
])
def test_a_broken_file_rule_is_caught(pdfs, rule, old, new):
    data = pdfs["default zh"].read_bytes()
    assert old in data
    found = problems(data.replace(old, new, 1))
    assert any(rule in line for line in found), found


# -- turning the standards off ----------------------------------------------------------------------------------

def test_either_standard_can_be_turned_off_by_the_layout_or_the_command(tmp_path, capsys):
    plain = PdfStandards(accessible=False, archival=False)
    layout = load_layout("default").model_copy(update={"pdf": plain})
    (path,) = [o.path for o in Builder(layout).build(CASE_36, ["zh"], ["pdf"], tmp_path / "layout").outputs]
    data = path.read_bytes()
    assert b"/StructTreeRoot" not in data and b"/MCID" not in data and b"/OutputIntents" not in data
    assert b"<pdfuaid:part>" not in data and b"<pdfaid:part>" not in data and b"/Metadata" in data
    run_ok(capsys, "build", str(CASE_36), "--lang", "zh", "--format", "pdf", "--out", str(tmp_path / "ua"),
           "--no-pdf-a")
    found = problems(tmp_path / "ua" / "036-cetc.zh.pdf")
    assert found and all(line.startswith("PDF/A 6.2.3") or line.startswith("PDF/A 6.6.4") for line in found)
    run_ok(capsys, "build", str(CASE_36), "--lang", "zh", "--format", "pdf", "--out", str(tmp_path / "a"),
           "--no-pdf-ua")
    data = (tmp_path / "a" / "036-cetc.zh.pdf").read_bytes()
    assert b"/StructTreeRoot" not in data and b"/MCID" not in data and b"/OutputIntents" in data
    assert b"<pdfaid:part>2" in data and b"<pdfuaid:part>" not in data
