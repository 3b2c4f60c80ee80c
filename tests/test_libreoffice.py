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
