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

from conftest import CASE_36, ROOT, run_ok, squash, structure_elements
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
    return pdf, structure_elements(pdf)


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
# A case: the words of the problem it must produce (a literal part of one of pdf_conformance's messages), the PDF
# to break, and the change (to the file's bytes, or to the PDF opened with pikepdf and saved again).

def _content(pdf, number: int, edit) -> None:
    page = pdf.pages[number]
    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(stream.read_bytes() for stream in streams)
    page.obj.Contents = pdf.make_stream(edit(data))


def _elements_of(pdf) -> list:
    return structure_elements(pdf)


def _element(pdf, role: str):
    return next(e for e in _elements_of(pdf) if e.S == role)


def _set_xmp(pdf, old: bytes, new: bytes) -> None:
    data = pdf.Root.Metadata.read_bytes()
    assert old in data
    if old == b"<dc:title>":  # the element renamed, its end tag too
        data = data.replace(b"</dc:title>", new.replace(b"<", b"</"))
    pdf.Root.Metadata = pdf.make_stream(data.replace(old, new))


def _rename(pdf, old: str, new: str, count: int = 10**6) -> None:
    for element in [e for e in _elements_of(pdf) if e.S == old][:count]:
        element.S = pikepdf.Name(new)


def _annotation(pdf):
    return next(a for page in pdf.pages for a in page.obj.get("/Annots", []))


def _fonts(pdf):
    return [f for page in pdf.pages for f in page.Resources.Font.values()]


def _cid_font(pdf, subtype: str):
    return next(f.DescendantFonts[0] for f in _fonts(pdf) if f.Subtype == "/Type0"
                and f.DescendantFonts[0].Subtype == subtype)


def _widen(pdf, subtype: str) -> None:
    """One width wrong: the first in W, or the common width (DW) where W is empty (a Chinese face)."""
    font = _cid_font(pdf, subtype)
    if len(font.W):
        font.W[1][0] = font.W[1][0] + 100
    else:
        font.DW = font.DW + 100


def _form_with_mcid(pdf) -> None:
    form = next(x for page in pdf.pages for x in page.Resources.get("/XObject", {}).values()
                if x.get("/Subtype") == "/Form")
    form.write(form.read_bytes() + b"\n/P <</MCID 0>> BDC EMC\n")


def _parent_tree_wrong(pdf) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = next(nums[i + 1] for i in range(0, len(nums), 2) if isinstance(nums[i + 1], pikepdf.Array)
                  and len(nums[i + 1]) > 1)
    owners[0] = owners[1]


def _link_without_objr(pdf) -> None:
    link = _element(pdf, "/Link")
    link.K = pikepdf.Array([k for k in link.K if not (isinstance(k, pikepdf.Dictionary) and k.get("/Type") ==
                                                      "/OBJR")])


def _no_page(pdf) -> None:
    element = next(e for e in _elements_of(pdf) if e.S == "/P" and isinstance(e.K, int))
    del element["/Pg"]


def _lzw(pdf) -> None:
    stream = pdf.make_stream(b"")
    stream.write(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", filter=pikepdf.Name.LZWDecode)  # "-----A---B"
    pdf.Root.Extra = stream


def _encrypted(pdf):
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(owner="o", user=""))
    return buffer.getvalue()


CASES: list[tuple[str, str, object]] = [
    # the file
    ("followed by a comment of four bytes over 127", "default zh", (b"%\x93\x8c\x8b\x9e", b"%abcd")),
    ("the trailer has no file ID", "default zh", (b"/ID ", b"/XD ")),
    ("the file is encrypted", "default zh", _encrypted),
    ("no end-of-line before endstream", "default zh", (b"\nendstream", b" endstream")),
    ("is not followed by an EOL", "default zh", (b">>\nstream\n", b">>\nstream ")),
    ("an LZW-compressed stream", "default zh", _lzw),
    ("a stream refers to an external file", "default zh",
     lambda pdf: pdf.Root.__setitem__("/Extra", pdf.make_stream(b"x", F=pikepdf.String("elsewhere")))),
    ("action", "default zh", lambda pdf: pdf.Root.__setitem__("/Extra", pdf.make_indirect(pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))))),
    # the catalogue
    ("MarkInfo does not say Marked true", "default zh", lambda pdf: pdf.Root.MarkInfo.__setitem__("/Marked", False)),
    ("no structure tree", "default zh", lambda pdf: pdf.Root.__delitem__("/StructTreeRoot")),
    ("no DisplayDocTitle true", "default zh",
     lambda pdf: pdf.Root.ViewerPreferences.__setitem__("/DisplayDocTitle", False)),
    ("the document's /Lang is", "default zh", lambda pdf: pdf.Root.__setitem__("/Lang", pikepdf.String(""))),
    ("no outline (bookmarks)", "default zh", lambda pdf: pdf.Root.__delitem__("/Outlines")),
    ("not exactly one GTS_PDFA1 output intent", "default zh", lambda pdf: pdf.Root.__delitem__("/OutputIntents")),
    ("the output intent has no RGB profile", "default zh",
     lambda pdf: pdf.Root.OutputIntents[0].DestOutputProfile.__setitem__("/N", 4)),
    ("the catalogue has", "default zh", lambda pdf: pdf.Root.__setitem__("/OpenAction", pikepdf.Array([0]))),
    ("embedded files", "default zh", lambda pdf: pdf.Root.__setitem__("/Names", pikepdf.Dictionary(
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array([]))))),
    # XMP
    ("no XMP metadata", "default zh", lambda pdf: pdf.Root.__delitem__("/Metadata")),
    ("XMP does not say pdfuaid:part 1", "default zh",
     lambda pdf: _set_xmp(pdf, b"<pdfuaid:part>1", b"<pdfuaid:part>2")),
    ("XMP does not say pdfaid:part 2, conformance B", "default zh",
     lambda pdf: _set_xmp(pdf, b"<pdfaid:conformance>B", b"<pdfaid:conformance>U")),
    ("XMP has no dc:title", "default en", lambda pdf: _set_xmp(pdf, b"<dc:title>", b"<dc:subject>")),
    ("is not what XMP says", "default zh", lambda pdf: _set_xmp(pdf, b"<pdf:Producer>reporter",
                                                                  b"<pdf:Producer>someone")),
    ("is not what XMP says", "default zh", lambda pdf: _set_xmp(pdf, b"<xmp:CreateDate>2021", b"<xmp:CreateDate>2020")),
    # content
    ("a tagged sequence within another", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d.replace(b"BDC", b"BDC /Span <</MCID 999>> BDC EMC", 1))),
    ("tagged content within an artifact", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d.replace(b"EMC /P <<", b"/P <<", 1))),
    ("an artifact within tagged content", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d.replace(b"BDC", b"BDC /Artifact BMC 0 0 1 1 re f EMC", 1))),
    ("EMC without a sequence", "default zh", lambda pdf: _content(pdf, 1, lambda d: d + b"\nEMC EMC\n")),
    ("a sequence begun outside a text object ends within it", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d + b"\n/Artifact BMC BT EMC ET\n")),
    ("a sequence begun within a text object ends outside it", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d + b"\nBT /Artifact BMC ET EMC\n")),
    ("is neither tagged content nor an artifact", "default zh",
     lambda pdf: _content(pdf, 1, lambda d: d + b"\nBT /F1+0 9 Tf (x) Tj ET\n")),
    ("a sequence is not closed", "default zh", lambda pdf: _content(pdf, 1, lambda d: d + b"\n/Artifact BMC\n")),
    ("is used", "default zh", lambda pdf: _content(pdf, 1, lambda d: d.replace(b"/MCID 1>>", b"/MCID 0>>", 1))),
    ("a form with marked content of its own", "default zh", _form_with_mcid),
    # the structure tree
    ("is not a standard structure type", "default zh", lambda pdf: _rename(pdf, "/P", "/Paragraph", 1)),
    ("/P is not its parent", "default zh",
     lambda pdf: _element(pdf, "/H2").__setitem__("/P", pdf.Root.StructTreeRoot)),
    ("a Figure has no alternative text", "bluebook-house zh+en", lambda pdf: _element(pdf, "/Figure").__delitem__(
        "/Alt")),
    ("a TH has neither a Scope nor an ID", "default zh", lambda pdf: _element(pdf, "/TH").__delitem__("/A")),
    ("a TR holds something other than TH and TD", "default zh", lambda pdf: _rename(pdf, "/TD", "/P", 1)),
    ("a Table without rows", "default zh", lambda pdf: _rename(pdf, "/TR", "/Div")),
    ("is not a language", "default zh", lambda pdf: _element(pdf, "/TH").__setitem__("/Lang", pikepdf.String("1"))),
    ("a Link element without its annotation (OBJR)", "volume zh+en", _link_without_objr),
    ("without a page", "default zh", _no_page),
    ("the first heading is", "default zh", lambda pdf: _rename(pdf, "/H1", "/H2")),
    ("is followed by", "default zh", lambda pdf: _rename(pdf, "/H3", "/H5")),
    ("the MCIDs drawn and those the structure names differ", "default zh",
     lambda pdf: _element(pdf, "/P").__setitem__("/K", pikepdf.Array([]))),
    ("has marked content and no /StructParents", "default zh", lambda pdf: pdf.pages[1].obj.__delitem__(
        "/StructParents")),
    ("the parent tree does not name each MCID's element", "default zh", _parent_tree_wrong),
    ("ParentTreeNextKey is not above every key", "default zh",
     lambda pdf: pdf.Root.StructTreeRoot.__setitem__("/ParentTreeNextKey", 0)),
    # annotations
    ("has annotations and no /Tabs /S", "volume zh+en",
     lambda pdf: next(p for p in pdf.pages if "/Annots" in p.obj).obj.__delitem__("/Tabs")),
    ("an annotation not printed, or hidden", "volume zh+en", lambda pdf: _annotation(pdf).__setitem__("/F", 0)),
    ("an annotation without an appearance", "default zh", lambda pdf: pdf.pages[0].obj.__setitem__(
        "/Annots", pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 10, 10], F=4,
            Contents=pikepdf.String("note")))]))),
    ("a link without /Contents", "volume zh+en", lambda pdf: _annotation(pdf).__delitem__("/Contents")),
    ("a link annotation not in a Link element", "volume zh+en",
     lambda pdf: _annotation(pdf).__delitem__("/StructParent")),
    # fonts
    ("is not embedded", "default zh", lambda pdf: _cid_font(pdf, "/CIDFontType0").FontDescriptor.__delitem__(
        "/FontFile3")),
    ("is not embedded", "default en", lambda pdf: _cid_font(pdf, "/CIDFontType2").FontDescriptor.__delitem__(
        "/FontFile2")),
    ("is not of subtype CIDFontType0C", "default zh",
     lambda pdf: _cid_font(pdf, "/CIDFontType0").FontDescriptor.FontFile3.__delitem__("/Subtype")),
    ("has no ToUnicode map", "default zh", lambda pdf: _fonts(pdf)[0].__delitem__("/ToUnicode")),
    ("has no CIDToGIDMap", "default en", lambda pdf: _cid_font(pdf, "/CIDFontType2").__delitem__("/CIDToGIDMap")),
    ("is not a Type 0 font", "default zh", lambda pdf: _fonts(pdf)[0].__setitem__("/Subtype", pikepdf.Name.TrueType)),
    ("in the PDF and", "default zh", lambda pdf: _widen(pdf, "/CIDFontType0")),
    ("in the PDF and", "default en", lambda pdf: _widen(pdf, "/CIDFontType2")),
    ("is not an integer", "default en",
     lambda pdf: _cid_font(pdf, "/CIDFontType2").__setitem__("/DW", pikepdf.Object.parse(b"506.836"))),
]


def _broken(pdfs, kind: str, change) -> bytes:
    if isinstance(change, tuple):
        data = pdfs[kind].read_bytes()
        assert change[0] in data
        return data.replace(*change, 1)
    pdf = pikepdf.open(pdfs[kind])
    made = change(pdf)
    if isinstance(made, bytes):
        return made
    buffer = io.BytesIO()
    # streams kept as they are (qpdf would otherwise decode the LZW one and deflate it again)
    pdf.save(buffer, static_id=True, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return buffer.getvalue()


@pytest.mark.parametrize("words, kind, change", CASES, ids=[f"{words} ({kind})" for words, kind, _ in CASES])
def test_a_broken_rule_is_caught(pdfs, words, kind, change):
    found = problems(_broken(pdfs, kind, change))
    assert any(words in line for line in found), found


def test_every_rule_has_a_broken_case():
    """Each problem the checker can report (its message's words around the placeholders) has a case above."""
    source = (ROOT / "tests" / "pdf_conformance.py").read_text("utf-8")
    messages = re.findall(r'found\.append\((f?"(?:[^"\\]|\\.)*"(?:\s*f?"(?:[^"\\]|\\.)*")*)\)', source)
    assert len(messages) > 50
    cases = [words for words, _, _ in CASES]
    for message in messages:
        text = "".join(re.findall(r'f?"((?:[^"\\]|\\.)*)"', message))
        assert any(words in text for words in cases), text


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
