"""The DOCX through a real word processor: LibreOffice converts it to PDF and the brief is all there."""

from __future__ import annotations

import subprocess

import pytest

from conftest import has_tool, pdf_pages_text, pdf_text, squash

pytestmark = pytest.mark.skipif(not has_tool("soffice"),
                                reason="LibreOffice (soffice) is not installed: DOCX rendering check SKIPPED; "
                                       "scripts/setup.sh installs it unless REPORTER_SKIP_LIBREOFFICE=1")


@pytest.fixture(scope="module")
def rendered(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("soffice")
    sources = [str(built[(mode, "docx")]) for mode in ("zh", "en", "zh+en")]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
                    "--outdir", str(out), *sources], check=True, capture_output=True, timeout=240)
    return {mode: out / f"036-cetc.{mode}.pdf" for mode in ("zh", "en", "zh+en")}


@pytest.mark.parametrize("mode", ["zh", "en"])
def test_docx_renders_with_every_heading(rendered, built, mode):
    ours = squash(pdf_text(built[(mode, "pdf")]))
    theirs = squash(pdf_text(rendered[mode]))
    headings = ["关键数据", "背景", "责任行动", "履责成效", "展望", "蓝皮书案例目录"] if mode == "zh" else \
        ["Keyfigures", "Background", "Actions", "Results", "Outlook", "BlueBookcaseindex"]
    position = 0
    for heading in headings:
        assert heading in ours
        position = theirs.index(heading, position)


@pytest.mark.parametrize("mode", ["zh", "en"])
def test_docx_page_fields_resolve(rendered, mode):
    pages = pdf_pages_text(rendered[mode])
    assert 3 <= len(pages) <= 8
    template = "第{}页共{}页" if mode == "zh" else "Page{}of{}"
    for number, text in enumerate(pages, start=1):
        assert template.format(number, len(pages)) in squash(text), "PAGE and NUMPAGES fields are live"


def test_docx_and_pdf_page_counts_agree(rendered, built):
    for mode in ("zh", "en"):
        ours = len(pdf_pages_text(built[(mode, "pdf")]))
        theirs = len(pdf_pages_text(rendered[mode]))
        assert abs(ours - theirs) <= 1, f"{mode}: PDF {ours} pages, DOCX via LibreOffice {theirs}"


def test_the_docx_key_figures_stay_on_one_page(rendered):
    """The key-figure table is kept whole with its heading, as the PDF keeps it (before: split across pages 1
    and 2 of the zh+en DOCX)."""
    pages = [squash(text) for text in pdf_pages_text(rendered["zh+en"])]
    (page,) = [text for text in pages if "关键数据" in text]
    for shown in ("7300.24万元", "RMB73.0024million", "4907名", "Primaryandsecondaryschoolteacherstrained"):
        assert shown in page, shown


@pytest.mark.parametrize("mode", ["en", "zh+en"])
def test_the_docx_english_title_breaks_where_the_pdf_does(rendered, built, case_data, mode):
    """Word breaks the DOCX's English title itself: at the PDF's measure (its balanced lines' width), it breaks
    at the PDF's places. (Before: across the whole text width, CETC: … Party / Building, … Volunteer / Service.)"""
    from test_typesetting import _title_lines
    title = case_data["title"]["en"]
    ours = _title_lines(pdf_text(built[(mode, "pdf")]), title)
    theirs = _title_lines(pdf_text(rendered[mode]), title)
    assert ours and theirs and ours[0] == theirs[0], (ours, theirs)


def head_gaps(pdf) -> list[float]:
    """On each page but the first two (cover, band): from the running head's lowest line, or its logo, to the first
    line of the body below them, in pt (pdftotext's word boxes and pdfium's image boxes)."""
    import re as _re
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    document = pdfium.PdfDocument(str(pdf))
    gaps = []
    try:
        for number, body in enumerate(_re.findall(r"<page [^>]*>(.*?)</page>", boxes, _re.S)):
            if number < 2:
                continue
            page = document[number]
            height = page.get_height()
            logos = [height - image.get_bounds()[1] for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
                     if height - image.get_bounds()[3] < 60]
            lines = sorted({(float(top), float(bottom)) for top, bottom in
                            _re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', body)})
            head = [bottom for top, bottom in lines if top < 50]  # the head's lines stand in the top margin
            foot_of_head = max(head + logos)
            gaps.append(min(top for top, _ in lines if top > foot_of_head) - foot_of_head)
    finally:
        document.close()
    return gaps


def test_the_docx_running_head_and_logo_leave_the_body_room(tmp_path):
    """bluebook-house zh+en, its emblem in the running head: in LibreOffice the head's two lines end level with
    the logo, in the top margin, and the body starts at least 18 pt below them, as in the PDF. (Before: the logo
    set inline pushed the head's lines down onto the first heading, 2.6 pt above it.) The index's header row
    repeats on each page the index takes there."""
    from conftest import CASE_36
    from reporter.jobs.build import Builder
    outputs = Builder("bluebook-house").build(CASE_36, ["zh+en"], ["pdf", "docx"], tmp_path).outputs
    pdf, docx = (next(o.path for o in outputs if o.format == kind) for kind in ("pdf", "docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "lo"), str(docx)], check=True, capture_output=True, timeout=240)
    for gaps in (head_gaps(pdf), head_gaps(tmp_path / "lo" / pdf.name)):
        assert gaps and min(gaps) >= 18, gaps
    # the index's header row (类别 案例) opens each page the index takes in Word's and LibreOffice's pages
    pages = [squash(text) for text in pdf_pages_text(tmp_path / "lo" / pdf.name)]
    first = next(i for i, page in enumerate(pages) if "蓝皮书案例目录" in page)
    last = next(i for i, page in enumerate(pages) if "责任管理篇" in page)
    assert all(page.count("类别案例") == 1 for page in pages[first:last + 1]), (first, last)
