"""Shared fixtures: case 36 built once per test session in every language mode and format."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document as open_docx

from reporter.build import Builder
from reporter.cli import main

ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = ROOT / "cases" / "bluebook-2021"
CASE_36 = BOOK_DIR / "036-cetc.yaml"
MODES = ("zh", "en", "zh+en")


@pytest.fixture(scope="session")
def builder() -> Builder:
    return Builder("default")


@pytest.fixture(scope="session")
def built(tmp_path_factory, builder) -> dict[tuple[str, str], Path]:
    """{(mode, format): path} for case 36."""
    out = tmp_path_factory.mktemp("out")
    result = builder.build(CASE_36, list(MODES), ["docx", "pdf"], out)
    return {(o.mode, o.format): o.path for o in result.outputs}


@pytest.fixture(scope="session")
def case_data() -> dict:
    return yaml.safe_load(CASE_36.read_text("utf-8"))


@pytest.fixture(scope="session")
def book_data() -> dict:
    return yaml.safe_load((BOOK_DIR / "book.yaml").read_text("utf-8"))


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages_text(path: Path) -> list[str]:
    return pdf_text(path, layout=True).split("\f")[:-1]


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in reading order, table cells included."""
    document = open_docx(str(path))
    styles = {s.style_id: s.name for s in document.styles}
    out = []
    for p in document.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        style_el = p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pStyle")
        style = styles.get(style_el.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"), "") \
            if style_el is not None else "Normal"
        text = "".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        out.append((style, text))
    return out


def pdf_outline(reader, items=None, level=0, out=None) -> list[tuple[int, str, int]]:
    """(level, title, 1-based page) of every outline entry of a pypdf reader, in order."""
    out = [] if out is None else out
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            pdf_outline(reader, item, level + 1, out)
        else:
            out.append((level, item.title, reader.get_destination_page_number(item) + 1))
    return out


def squash(text: str) -> str:
    """Text with all white space removed, for matching across line breaks."""
    return "".join(text.split())


def copy_book(tmp_path: Path) -> Path:
    """A private copy of the book folder (book.yaml + case 36) to break things in."""
    target = tmp_path / "book"
    target.mkdir()
    shutil.copy(BOOK_DIR / "book.yaml", target / "book.yaml")
    shutil.copy(CASE_36, target / "036-cetc.yaml")
    return target


def has_tool(name: str) -> bool:
    return shutil.which(name) is not None


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run the CLI expecting it to exit: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def run_ok(capsys, *args: str) -> tuple[str, str]:
    """Run the CLI expecting success: (stdout, stderr)."""
    try:
        main(list(args))
    except SystemExit as exc:
        assert exc.code in (0, None), capsys.readouterr().err
    captured = capsys.readouterr()
    return captured.out, captured.err
