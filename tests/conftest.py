"""Shared fixtures: case 36 built once per test session in every language mode and format."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml
from docx import Document as open_docx

from reporter.jobs.build import Builder
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


def structure_elements(pdf) -> list:
    """Every structure element of a pikepdf document, in the structure's order (each before its kids)."""
    import pikepdf
    found = []

    def visit(element):
        found.append(element)
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid)
    visit(pdf.Root.StructTreeRoot.K)
    return found


def contents_listing(pages: list[str]) -> tuple[int, dict[str, int]]:
    """A volume's contents page (its index in `pages`) and each case it lists (the enterprise's name) -> page."""
    contents = next(i for i, text in enumerate(pages) if "目录" in text and "案例一" in text)
    listed = {}
    for line in pages[contents].splitlines():
        match = re.match(r"\s*案例(\S+)\s+(\S+?)：.*?(\d+)\s*$", line)
        if match:
            listed[match.group(2)] = int(match.group(3))
    return contents, listed


def squash(text: str) -> str:
    """Text with all white space removed, for matching across line breaks."""
    return "".join(text.split())


def build_in_new_process(out: Path, *options: str, env: dict[str, str] | None = None) -> Path:
    """`reporter build` of case 36 as a command of its own (a new process: nothing cached in memory); `out`."""
    subprocess.run([sys.executable, "-m", "reporter.cli", "build", str(CASE_36), *options, "--out", str(out)],
                   check=True, capture_output=True, env={**os.environ, **(env or {})})
    return out


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


def assert_same_bytes(*items: Path | bytes, label: str = "") -> None:
    """Fail with one short line naming where the first two unequal files part (never pytest's diff of two
    300 KB byte strings, which takes the better part of an hour to compute)."""
    datas = [item.read_bytes() if isinstance(item, Path) else item for item in items]
    for number, other in enumerate(datas[1:], start=2):
        if other != datas[0]:
            raise AssertionError(f"{label}: item 1 and item {number} differ: {difference(datas[0], other)}")


def difference(a: bytes, b: bytes) -> str:
    """Where two files part: sizes, the first differing offset and, in a PDF, the object there and whether a
    stream differs only in its compressed bytes."""
    offset = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    text = f"{len(a)} and {len(b)} bytes, first difference at byte {offset}"
    start = a.rfind(b" 0 obj", 0, offset + 1)
    if not a.startswith(b"%PDF") or start < 0:
        return text + f": {a[offset:offset + 40]!r} / {b[offset:offset + 40]!r}"
    number = a[a.rfind(b"\n", 0, start) + 1:start].decode()
    text += f", in PDF object {number}"
    in_stream = a.find(b"stream\n", start, offset) >= 0
    if not in_stream:
        text += f" before any stream: {a[offset - 20:offset + 20]!r} / {b[offset - 20:offset + 20]!r}"
    streams = [_pdf_object_stream(data, number) for data in (a, b)]
    if None not in streams and streams[0] != streams[1]:
        plain = [_decoded(s) for s in streams]
        text += ("; its stream decodes to the same content, only the compressed bytes differ" if plain[0] == plain[1]
                 else f"; its decoded streams differ: {difference(plain[0], plain[1])}")
    return text


def _pdf_object_stream(data: bytes, number: str) -> bytes | None:
    start = data.find(f"\n{number} 0 obj".encode())
    begin, end = data.find(b"stream\n", start), data.find(b"endstream", start)
    if start < 0 or begin < 0 or end < 0 or data.find(b"endobj", start) < begin:
        return None
    return data[begin + len(b"stream\n"):end]


def streams_decoded(pdf: bytes) -> list[bytes]:
    """Every stream of a PDF, decompressed, in file order."""
    return [_decoded(match.group(1)) for match in re.finditer(rb"stream\n(.*?)endstream", pdf, re.S)]


def _decoded(stream: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(stream)
    except zlib.error:
        return stream


def digests(folder: Path) -> dict[str, str]:
    """{file name: sha256} of a folder's files, for comparing outputs with a short message."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}
