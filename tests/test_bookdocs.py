"""The book's own documents: the category index linked to the briefs, and the collected volume whose contents
give the pages the cases really start on."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from conftest import contents_listing, pdf_outline, pdf_pages_text, squash

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_book import make_book  # noqa: E402

from reporter.jobs.bookdocs import build_index, build_volume  # noqa: E402
from reporter.jobs.build import Builder  # noqa: E402


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("book")
    make_book(folder, count=3)
    (folder / "036-cetc.yaml").write_bytes((ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml").read_bytes())
    return folder


def test_volume_contents_give_the_pages_cases_start_on(book, tmp_path):
    builder = Builder()
    outputs, warnings, starts = build_volume(builder, book, ["zh"], ["pdf", "docx"], tmp_path)
    pdf = next(o.path for o in outputs if o.format == "pdf")
    pages = pdf_pages_text(pdf)
    contents, listed = contents_listing(pages)
    assert set(listed) == {"中国华能", "中国华电", "中国电信", "中国电科"}
    for name, page in listed.items():
        assert page > contents + 1
        assert name in squash(pages[page - 1]).split("·")[0] or name in squash(pages[page - 1])
        assert name not in squash(pages[page - 2]) or "目录" in pages[page - 2], f"{name} starts on page {page}"
    assert sorted(listed.values()) == sorted(starts["zh"].values())
    # the cases' figures without images: one warning for the volume, not one per case
    figure_warnings = [w for w in warnings if "without images" in w or "no image" in w]
    assert figure_warnings == ["figures without images are left out, in 4 cases: 001-huaneng.yaml (3), "
                               "002-huadian.yaml (3), 003-china-telecom.yaml (3), 036-cetc.yaml (3); give each its "
                               "image: (a file beside the case)"]
    entries = pdf_outline(PdfReader(str(pdf)))
    categories = [(title, page) for level, title, page in entries if level == 0 and "篇" in title]
    assert [t for t, _ in categories] == ["主业履责篇", "乡村振兴篇"]
    cases = [(title, page) for level, title, page in entries if level == 1 and title.startswith("案例")]
    assert [p for _, p in cases] == sorted(listed.values())
    assert "蓝皮书案例目录" not in squash(" ".join(pages[contents + 1:])), "no per-case index inside a volume"
    reader = PdfReader(str(pdf))
    linked = [page for page in reader.pages if "/Annots" in page]
    assert linked and all(page.get("/Tabs") == "/S" for page in linked), "pages with links keep structure order"
    assert all("/Tabs" not in page for page in reader.pages if "/Annots" not in page)
    annotations = [a.get_object() for page in linked for a in page["/Annots"]]
    assert all(a["/F"] == 4 for a in annotations), "links are printed (PDF/A)"
    described = {str(a["/Contents"]) for a in annotations}
    assert {text for text in described if text.startswith("案例")} == described, described
    assert any("中国电科" in text for text in described)


def test_volume_docx_has_a_filled_toc_field(book, tmp_path):
    builder = Builder()
    outputs, _, starts = build_volume(builder, book, ["zh"], ["docx", "pdf"], tmp_path)
    docx = next(o.path for o in outputs if o.format == "docx")
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert re.search(r'<w:instrText[^>]*> TOC \\f \\l "1-2" \\h </w:instrText>', xml)
    assert xml.count(' TC "') == 4 + 2, "a TC field per case and per category"
    assert "<w:updateFields" in settings
    toc = [p for p in open_docx(str(docx)).paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    texts = [p.text for p in toc]
    assert texts[0].startswith("主业履责篇") and texts[0].endswith(str(starts["zh"][1]))
    assert any(t.startswith("案例三十六  中国电科：") and t.endswith(str(starts["zh"][36])) for t in texts)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_navigation(docx: Path) -> list[tuple[int, str]]:
    """(outline level, text) of each paragraph Word's navigation pane shows: its own w:outlineLvl, else its
    style's (Heading 1 is level 0)."""
    from lxml import etree
    with zipfile.ZipFile(docx) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    by_style = {}
    for style in styles.iter(f"{W}style"):
        level = style.find(f"{W}pPr/{W}outlineLvl")
        if level is not None:
            by_style[style.get(f"{W}styleId")] = int(level.get(f"{W}val"))
    out = []
    for p in body.iter(f"{W}p"):
        own, style = p.find(f"{W}pPr/{W}outlineLvl"), p.find(f"{W}pPr/{W}pStyle")
        level = int(own.get(f"{W}val")) if own is not None else by_style.get(style.get(f"{W}val") if style is not None
                                                                           else None)
        if level is not None and level < 9:
            out.append((level, "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return out


def pdf_heading_levels(pdf: Path) -> list[int]:
    """The levels of the PDF's H1 to H6 elements, in structure order."""
    import pikepdf
    from conftest import structure_elements
    with pikepdf.open(pdf) as document:
        roles = [str(element.get("/S", "")) for element in structure_elements(document)]
    return [int(role[2]) for role in roles if re.fullmatch(r"/H[1-6]", role)]


def test_the_volume_names_each_company_once_and_nests_each_case(book, tmp_path):
    """The contents and the outline say 案例三十六  中国电科：“综合党建…, not 中国电科：中国电科：…. In Word's
    navigation the top level is the volume's parts and its cases' titles, each case's sections under its title
    (before: every case's sections at the top, 422 in the 70-case volume); the PDF's headings descend without
    skipping a level, the cases' titles one under the volume's."""
    outputs, _, _ = build_volume(Builder(), book, ["zh"], ["pdf", "docx"], tmp_path)
    pdf, docx = (next(o.path for o in outputs if o.format == kind) for kind in ("pdf", "docx"))
    names = ("中国华能", "中国华电", "中国电信", "中国电科")
    toc = [p.text for p in open_docx(str(docx)).paragraphs if p.style.name == "TOC 2"]
    outline = [title for _, title, _ in pdf_outline(PdfReader(str(pdf))) if title.startswith("案例")]
    for line in toc + outline:
        assert not any(f"{name}：{name}" in line or f"{name}  {name}" in line for name in names), line
    assert any(line.startswith("案例三十六  中国电科：“综合党建") for line in toc), toc
    navigation = docx_navigation(docx)
    top = [text for level, text in navigation if level == 0]
    assert top[:2] == ["编者按", "目录"] and len(top) == 2 + 4, top
    assert all(any(text.startswith(name) for name in names) for text in top[2:]), top
    assert [level for level, _ in navigation[2:]].count(1) >= 4 * 4, "each case's sections under its title"
    levels = pdf_heading_levels(pdf)
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    assert levels.count(1) == 1, "one H1: the volume's title"


def test_a_case_opening_page_of_the_volume_has_its_band_and_no_running_head(book, tmp_path):
    """Each case opens with its band (the book, the category and the case); the volume's running head is left off
    that page, which would say the book's name twice over it, and is back on the next."""
    outputs, _, starts = build_volume(Builder("bluebook-house"), book, ["zh+en"], ["pdf"], tmp_path)
    pages = [squash(text) for text in pdf_pages_text(outputs[0].path)]
    head = "央企责任蓝皮书·合订本"
    opening = sorted(starts["zh+en"].values())
    assert len(opening) == 4
    for page in opening:
        assert head not in pages[page - 1] and "中央企业社会责任蓝皮书（2021）" in pages[page - 1], page
        assert head in pages[page], page + 1


def test_the_volumes_cover_carries_the_books_titles(book, tmp_path):
    """The collected volume's cover, in a layout with covers: the book's title in each language, the kicker and the
    publisher, inside the page. (Before: the cover showed only the logo and the publisher; its titles were never
    planned, so none was drawn.)"""
    outputs, _, _ = build_volume(Builder("bluebook-house"), book, ["zh+en"], ["pdf"], tmp_path)
    cover = squash(pdf_pages_text(outputs[0].path)[0])
    for text in ("中央企业社会责任蓝皮书（2021）", "BlueBookontheSocialResponsibilityofCentralSOEs(2021)", "责任云研究院",
                 "央企责任蓝皮书·合订本"):
        assert squash(text) in cover, (text, cover)


def test_index_document_links_the_built_briefs(book, tmp_path):
    builder = Builder()
    builder.build(book / "036-cetc.yaml", ["zh"], ["pdf", "docx"], tmp_path)
    outputs, _ = build_index(builder, book, ["zh"], ["pdf", "docx"], tmp_path)
    pdf = next(o.path for o in outputs if o.format == "pdf")
    text = squash(" ".join(pdf_pages_text(pdf)))
    for name in ("中国华能", "中国电科", "中国建筑"):
        assert name in text
    links = [a.get_object()["/A"]["/URI"] for page in PdfReader(str(pdf)).pages for a in page.get("/Annots", [])]
    assert links == ["036-cetc.zh.pdf"], "only built briefs are linked"
    docx = next(o.path for o in outputs if o.format == "docx")
    with zipfile.ZipFile(docx) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        xml = archive.read("word/document.xml").decode()
    assert 'Target="036-cetc.zh.docx" TargetMode="External"' in rels
    assert xml.count("<w:hyperlink ") == 1


def test_book_documents_follow_the_layouts_page_furniture(book, tmp_path):
    """The index and the volume honour the layout's header and footer settings, as the briefs do."""
    from reporter.layout.schema import load_layout
    layout = tmp_path / "quiet.toml"
    layout.write_text(f'extends = "default"\nname = "Quiet"\n'
                      '[footer]\npage_numbers = false\ntext = "Internal draft"\n[header]\nshow = false\n', "utf-8")
    builder = Builder(load_layout(str(layout)))
    outputs, _, _ = build_volume(builder, book, ["zh"], ["pdf"], tmp_path)
    pages = pdf_pages_text(outputs[0].path)
    assert all("第" not in page.split("来源")[-1] for page in pages[1:]), "no page numbers"
    assert all("Internaldraft" in squash(page) for page in pages[1:])
    assert not any("央企责任蓝皮书·合订本" in squash(page) for page in pages[1:]), "no running head"
    outputs, _ = build_index(builder, book, ["zh"], ["pdf"], tmp_path)
    assert "Internaldraft" in squash(pdf_pages_text(outputs[0].path)[0])
