"""The DOCX as a package: every XML part of every kind of DOCX the tool writes valid against the ECMA-376
Transitional schemas, and the parts around the text those of a current Word (no template leftovers), with
pictures that have ids of their own and alternative text."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest

import ooxml_schemas
from conftest import CASE_36, ROOT
from reporter.jobs.bookdocs import build_index, build_volume
from reporter.jobs.build import Builder
from reporter.layout.schema import load_layout

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_book import make_book  # noqa: E402

LAYOUTS = ("default", "acme", "bluebook-house")
MODES = ("zh", "en", "zh+en")


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """Every kind of DOCX: case 36 in each layout and mode, a brief on a client's reference document, and the
    index and the volume of a small book."""
    out = tmp_path_factory.mktemp("docx")
    found: dict[str, Path] = {}
    for name in LAYOUTS:
        result = Builder(name).build(CASE_36, list(MODES), ["docx"], out / name)
        found.update({f"{name} {o.mode}": o.path for o in result.outputs})
    from docx import Document
    reference = out / "reference"
    reference.mkdir()
    Document().save(reference / "client.docx")
    (reference / "word.toml").write_text('extends = "default"\nname = "Word"\nreference_docx = "client.docx"\n',
                                         "utf-8")
    result = Builder(load_layout(str(reference / "word.toml"))).build(CASE_36, ["zh+en"], ["docx"], out / "word")
    found["reference document"] = result.outputs[0].path
    book = out / "book"
    make_book(book, count=2)
    (book / "036-cetc.yaml").write_bytes(CASE_36.read_bytes())
    builder = Builder("bluebook-house")
    found["index"] = build_index(builder, book, ["zh+en"], ["docx"], out / "book-out")[0][0].path
    found["volume"] = build_volume(builder, book, ["zh"], ["docx"], out / "book-out")[0][0].path
    return found


def _kinds() -> list[str]:
    return [f"{layout} {mode}" for layout in LAYOUTS for mode in MODES] + ["reference document", "index", "volume"]


@pytest.mark.parametrize("kind", _kinds())
def test_every_part_is_valid_against_the_ecma_schemas(documents, kind):
    if not ooxml_schemas.available():
        pytest.skip(f"no ECMA-376 schemas at {ooxml_schemas.SCHEMAS}: the DOCX parts are not schema-checked")
    errors = ooxml_schemas.validate_docx(documents[kind])
    assert errors == [], "\n".join(errors[:20])


def test_the_schema_check_finds_a_broken_part(documents, tmp_path):
    """The validator is not a formality: an unknown element and a value outside its enumeration are errors."""
    if not ooxml_schemas.available():
        pytest.skip(f"no ECMA-376 schemas at {ooxml_schemas.SCHEMAS}")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(documents["default zh"]) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/settings.xml":
                data = data.replace(b'w:percent="100"', b'w:percent="lots"', 1)
            if name == "word/styles.xml":
                data = data.replace(b"<w:docDefaults>", b"<w:docDefaults><w:bogus/>", 1)
            target.writestr(name, data)
    errors = ooxml_schemas.validate_docx(broken)
    assert any(e.startswith("word/styles.xml:") and "bogus" in e for e in errors), errors
    assert any(e.startswith("word/settings.xml:") and "percent" in e for e in errors), errors


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("kind", ["bluebook-house zh+en", "acme zh", "reference document", "volume"])
def test_no_template_leftovers(documents, kind):
    parts = _parts(documents[kind])
    assert not [name for name in parts if "thumbnail" in name]
    assert b"thumbnail" not in parts["_rels/.rels"]
    app = parts["docProps/app.xml"].decode()
    assert "<Application>reporter</Application>" in app and "Macintosh" not in app and "<Pages>" not in app
    settings = parts["word/settings.xml"].decode()
    assert re.search(r'w:name="compatibilityMode" w:uri="[^"]+" w:val="15"', settings)
    assert '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in settings
    assert "savePreviewPicture" not in settings


@pytest.mark.parametrize("kind", ["bluebook-house zh+en", "acme zh", "volume"])
def test_pictures_have_ids_of_their_own_and_alternative_text(documents, kind):
    parts = _parts(documents[kind])
    pictures = [(name, match) for name, data in parts.items() if name.startswith("word/")
                for match in re.findall(rb"<wp:docPr [^>]*>", data)]
    assert pictures, "the layout's logo is in the band and the running head"
    ids = [re.search(rb' id="(\d+)"', match).group(1) for _, match in pictures]
    assert len(ids) == len(set(ids)), f"drawing ids repeat across parts: {pictures}"
    names = [re.search(rb' name="([^"]+)"', match).group(1) for _, match in pictures]
    assert len(names) == len(set(names))
    layout = load_layout(kind.split()[0] if kind != "volume" else "bluebook-house")
    described = [match for name, match in pictures if "header" not in name]
    assert described and all(f' descr="{layout.logo.alt}"'.encode() in match for match in described), pictures
    decorative = [match for name, match in pictures if "header" in name]
    assert all(b"descr=" not in match for match in decorative)
    for name, data in parts.items():
        if "header" in name and b"<wp:docPr" in data:  # the running head's logo repeats the band's
            assert data.count(b'<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
                              b'decorative" val="1"/>') == data.count(b"<wp:docPr"), name
    if kind.startswith("bluebook-house"):
        assert {name for name, _ in pictures} >= {"word/document.xml", "word/header1.xml"}, \
            "a logo in the body and one in the running head"


def test_headings_have_outline_levels_and_the_index_its_header_column(documents):
    """A screen reader's headings list and table navigation: section headings in Heading 1 and 2, whose styles
    carry outline levels 0 and 1; the category index's first column marked as the header of its rows."""
    parts = _parts(documents["default zh+en"])
    styles, body = parts["word/styles.xml"].decode(), parts["word/document.xml"].decode()
    for level in (1, 2):
        style = re.search(rf'<w:style [^>]*w:styleId="Heading{level}".*?</w:style>', styles, re.S).group(0)
        assert f'<w:outlineLvl w:val="{level - 1}"/>' in style
        assert f'<w:pStyle w:val="Heading{level}"/>' in body
    looks = re.findall(r'<w:tblLook [^>]*>', body)
    assert sum('w:firstColumn="1"' in look for look in looks) == 1, looks
