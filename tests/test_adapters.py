"""The two library adapters: pinned versions, every patch compared with the library as it ships, every private
name they use present in the installed library, and no private name or patch anywhere else."""

from __future__ import annotations

import ast
import io
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from conftest import CASE_36, ROOT, assert_same_bytes, streams_decoded
from reporter.docx import _python_docx
from reporter.errors import ReporterError
from reporter.jobs.build import Builder
from reporter.layout.schema import PdfStandards, load_layout
from reporter.pdf import _reportlab

PACKAGE = ROOT / "reporter"
ADAPTERS = {PACKAGE / "pdf" / "_reportlab.py": "reportlab", PACKAGE / "docx" / "_python_docx.py": "docx"}
LIBRARIES = ("reportlab", "docx")
LXML_ELEMENT = "_Element"
"""lxml's element class: its documented name, and lxml is never patched."""


def _modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def _own_private_names(trees) -> set[str]:
    """Private names reporter itself defines: functions, classes, module names, attributes set on self."""
    own = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                own.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                own.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                own.add(node.attr)
    return {name for name in own if name.startswith("_")}


def _private_uses(tree, own: set[str]) -> list[tuple[int, str]]:
    """Attributes and imported names that are private and not reporter's own."""
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                and node.attr not in own and node.attr != LXML_ELEMENT:
            uses.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES:
            uses += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("_")]
    return uses


def test_no_private_library_names_outside_the_adapters():
    trees = _modules()
    own = _own_private_names(trees.values())
    found = [f"{path.relative_to(ROOT)}:{line}: {text}" for path, tree in trees.items() if path not in ADAPTERS
             for line, text in _private_uses(tree, own)]
    assert found == []


def _library_names(tree) -> set[str]:
    """The names a module binds to ReportLab's or python-docx's modules, classes and functions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] in LIBRARIES}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in LIBRARIES:
            names |= {a.asname or a.name for a in node.names}
    return names


def _root(node) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def test_no_library_attribute_replaced_outside_the_adapters():
    found = []
    for path, tree in _modules().items():
        if path in ADAPTERS:
            continue
        library = _library_names(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and _root(target) in library:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(target)}")
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr" and node.args \
                    and _root(node.args[0]) in library:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


@pytest.mark.parametrize("adapter,library", list(ADAPTERS.items()), ids=["reportlab", "python-docx"])
def test_every_private_name_an_adapter_uses_is_in_the_installed_library(adapter, library):
    """A private name the library renamed or removed fails here by name (and the patches' own check at install
    catches a replaced attribute that is gone)."""
    tree = ast.parse(adapter.read_text("utf-8"))
    own = _own_private_names([tree])
    used = {text.rsplit(".", 1)[-1] for _, text in _private_uses(tree, own)}
    assert len(used) >= (10 if library == "reportlab" else 1)
    folder = Path(__import__(library).__file__).parent
    source = "\n".join(path.read_text("utf-8", "replace") for path in folder.rglob("*.py"))
    missing = sorted(name for name in used if not re.search(rf"(def |class |\.|\b){re.escape(name)}\b", source))
    assert missing == []


def test_patched_names_exist_in_the_library_as_shipped():
    """In a process that never installed the patches: each attribute a patch replaces is there."""
    script = """
import importlib.util, sys
for name, path in (("rl_adapter", sys.argv[1]), ("docx_adapter", sys.argv[2])):
    spec = importlib.util.spec_from_file_location(name, path)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert "reporter.pdf" not in sys.modules and "reporter.docx" not in sys.modules, "nothing installed"
    for patch in module.PATCHES:
        assert hasattr(patch.owner, patch.name), patch.label
        print(patch.label)
"""
    paths = [str(path) for path in ADAPTERS]
    result = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    labels = result.stdout.split()
    assert len(labels) == len(_reportlab.PATCHES) + len(_python_docx.PATCHES)
    assert "reportlab.platypus.paragraph._putFragLine" in labels and "docx.opc.pkgwriter.PhysPkgWriter" in labels


def test_a_vanished_name_is_one_line_at_install():
    from reporter.patching import Patch, apply

    class Library:
        present = 1

    with pytest.raises(ReporterError) as caught:
        apply([Patch(Library, "present", lambda: 2), Patch(Library, "gone", lambda: 3)], "Library 9.9")
    assert str(caught.value) == "Library 9.9 has no Library.gone, which reporter patches"
    assert Library.present == 1, "nothing applied when one name is missing"


def test_version_checks_name_the_expected_and_found_versions():
    with pytest.raises(ReporterError) as caught:
        _reportlab.check_version("4.2.0")
    assert str(caught.value).startswith("reporter needs ReportLab 5.1.0, found 4.2.0")
    with pytest.raises(ReporterError) as caught:
        _python_docx.check_version("1.1.0")
    assert str(caught.value).startswith("reporter needs python-docx 1.2.0, found 1.1.0")
    _reportlab.check_version(_reportlab.REPORTLAB_VERSION)
    _python_docx.check_version(_python_docx.PYTHON_DOCX_VERSION)


def test_a_wrong_library_version_is_one_line_from_the_command(tmp_path):
    script = ("import sys, reportlab; reportlab.Version = '4.2.0'\n"
              "from reporter.__main__ import main; main(sys.argv[1:])")
    result = subprocess.run([sys.executable, "-c", script, "build", str(CASE_36), "--out", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: reporter needs ReportLab 5.1.0, found 4.2.0 (its internals are patched): "
        "pip install 'reportlab==5.1.0'"]
    assert list(tmp_path.iterdir()) == []


# -- each patch against the library as it ships -------------------------------------------------------------

KEEPING = [patch for patch in _reportlab.PATCHES if not patch.changes]


@pytest.fixture(scope="module")
def builders():
    """Builders of untagged PDFs: a tagged canvas marks content where ReportLab draws it (test_pdf_tagged.py)."""
    plain = PdfStandards(accessible=False, archival=True)
    return {name: Builder(load_layout(name).model_copy(update={"pdf": plain}))
            for name in ("default", "bluebook-house")}


def _pdf(builder: Builder, folder: Path, mode: str = "zh+en") -> bytes:
    return builder.build(CASE_36, [mode], ["pdf"], folder).outputs[0].path.read_bytes()


@pytest.mark.parametrize("patch", KEEPING, ids=[patch.label for patch in KEEPING])
def test_a_patch_that_keeps_the_output_gives_the_librarys_bytes(patch, builders, tmp_path):
    """Built with the patch, and with only that patch undone: the same PDF (in zh+en, every path is taken:
    CID fonts and a 464-glyph TrueType font, Chinese and Latin line breaking, the logo's image)."""
    builder = builders["bluebook-house" if patch.name == "PDFImageXObject" else "default"]
    patched = _pdf(builder, tmp_path / "patched")
    with _reportlab.unpatched(patch):
        assert getattr(patch.owner, patch.name) is patch.original
        shipped = _pdf(builder, tmp_path / "shipped")
    assert getattr(patch.owner, patch.name) is not patch.original
    assert_same_bytes(patched, shipped, label=patch.label)


def test_text_formatting_differs_only_for_two_byte_fonts_at_a_word_spacing(builders):
    """A PDF's word spacing (Tw) applies to the one-byte space only: text in our two-byte fonts gets each space's
    extra as a TJ offset; a standard font's text is formatted as ReportLab does."""
    latin = "Helvetica"
    cid = next(name for name in pdfmetrics.getRegisteredFontNames()
               if hasattr(pdfmetrics.getFont(name), "encoder"))
    original = _reportlab.original(type(Canvas(io.BytesIO()).beginText()), "_formatText")
    for font, spacing, same in ((latin, 0, True), (latin, 2.5, True), (cid, 0, True), (cid, 2.5, False)):
        ours, theirs = Canvas(io.BytesIO()).beginText(), Canvas(io.BytesIO()).beginText()
        for text in (ours, theirs):
            text.setFont(font, 10)
            text.setWordSpace(spacing)
        mine, shipped = _reportlab.format_text(ours, "a b  c"), original(theirs, "a b  c")
        assert (mine == shipped) is same, (font, spacing, mine, shipped)
        if not same:
            assert mine.endswith("] TJ") and mine.count(f"-{spacing * 100:g}") == 3, mine


def _words(pdf: bytes) -> list[str]:
    import subprocess
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode().split()


def test_justification_patches_change_only_chinese_lines(builders, tmp_path):
    patches = [p for p in _reportlab.PATCHES if p.name.startswith("_justifyDrawParaLine")]
    builder = builders["default"]
    english = _pdf(builder, tmp_path / "en", "en")
    chinese = _pdf(builder, tmp_path / "zh", "zh")
    with _reportlab.unpatched(*patches):
        shipped_english = _pdf(builder, tmp_path / "en-shipped", "en")
    # English lines differ only by the space a line broke at, which justify_line also draws (past the margin)
    assert _words(english) == _words(shipped_english)
    with _reportlab.unpatched(*patches):
        shipped_chinese = _pdf(builder, tmp_path / "zh-shipped", "zh")
    assert b" Tc" in b"".join(streams_decoded(chinese)) and b" Tc" not in b"".join(streams_decoded(shipped_chinese))


def test_libdeflate_changes_only_the_compressed_bytes(builders, tmp_path):
    builder = builders["default"]
    ours = _pdf(builder, tmp_path / "ours", "zh")
    (patch,) = [p for p in _reportlab.PATCHES if p.name == "encode"]
    with _reportlab.unpatched(patch):
        zlibbed = _pdf(builder, tmp_path / "zlib", "zh")
    assert ours != zlibbed
    assert streams_decoded(ours) == streams_decoded(zlibbed)


@pytest.mark.parametrize("content", [b"", b"q 1 0 0 1 0 0 cm Q", b"ends in a newline\n", bytes(range(256)),
                                     b"endstream"])
def test_streams_end_in_an_end_of_line_outside_their_length(content):
    """ReportLab's stream object, byte for byte, with one end-of-line added before `endstream`; /Length still
    counts the data alone."""
    stream = pdfdoc.PDFStream(content=content, filters=[])
    document = pdfdoc.PDFDocument()
    (patch,) = [p for p in _reportlab.PATCHES if p.owner is pdfdoc.PDFStream and p.name == "format"]
    with _reportlab.unpatched(patch):
        original = stream.format(document)
    ours = stream.format(document)
    assert ours == original[:-len(b"endstream\n")] + b"\nendstream\n"
    assert f"/Length {len(content)}".encode() in ours
    assert ours.endswith(b"stream\n" + content + b"\nendstream\n")


def test_every_stream_of_a_brief_ends_as_pdf_a_asks(built):
    data = built[("zh+en", "pdf")].read_bytes()
    lengths = list(re.finditer(rb"/Length (\d+)\b(?:[^>]|>(?!>\nstream))*>>\nstream\n", data))
    assert len(lengths) == data.count(b"endstream") > 10
    for match in lengths:
        end = match.end() + int(match.group(1))
        assert data[end:end + 11] == b"\nendstream\n", data[end - 20:end + 11]


def _page_objects(draw) -> list[bytes]:
    """The objects of a one-page PDF drawn by `draw(canvas)`, uncompressed."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1, pageCompression=0)
    canvas.bookmarkPage("there")
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return re.findall(rb"\d+ 0 obj\n(.*?)\nendobj", buffer.getvalue(), re.S)


def test_links_are_printed_and_described_and_their_pages_ordered_by_structure():
    """ReportLab's link annotations and page, with /F 4 and a /Contents added (the writer's text for the target,
    else the target), and /Tabs /S on the page; nothing else changes. A page without links gets no /Tabs."""
    def links(canvas):
        canvas.linkRect("", "there", (10, 10, 50, 20), relative=1)
        canvas.linkURL("036-cetc.zh.pdf", (10, 30, 50, 40), relative=1)
        canvas.linkRect("told", "there", (10, 50, 50, 60), relative=1)

    patches = [p for p in _reportlab.PATCHES if p.owner in (Canvas, pdfdoc.PDFPage) and p.name in
               ("linkRect", "linkURL", "__NoDefault__", "check_format")]
    assert len(patches) == 4
    with _reportlab.unpatched(*patches):
        theirs = _page_objects(links)
    with _reportlab.described_links({"036-cetc.zh.pdf": "36 中国电科"}):
        ours = _page_objects(links)
    annotations = [(t, o) for t, o in zip(theirs, ours) if b"/Subtype /Link" in t]
    assert len(annotations) == 3

    def plain(annotation: bytes) -> bytes:
        """An annotation without its print flag, its description emptied (linkURL gives none at all)."""
        annotation = re.sub(rb"\s*/F 4\b", b"", annotation)
        return b" ".join(re.sub(rb"\s*/Contents \([^)]*\)", b"", annotation).split())

    for theirs_object, ours_object in annotations:
        assert b"/F 4" in ours_object and b"/F 4" not in theirs_object
        assert plain(ours_object) == plain(theirs_object)
    contents = [re.search(rb"/Contents \(([^)]*)\)", o).group(1) for _, o in annotations]
    assert contents[0] == b"there" and contents[2] == b"told" and contents[1] != b""
    page = next(o for o in ours if b"/Type /Page\n" in o or b"/Type /Page " in o)
    assert b"/Tabs /S" in page
    assert not any(b"/Tabs" in o for o in _page_objects(lambda canvas: canvas.drawString(10, 10, "no links")))


class _Marker:
    """What a tagged canvas's marker tells of link annotations (reporter/pdf/tags.py), for the adapter's hook."""

    def __init__(self):
        self.made: list[tuple[int, str]] = []

    def annotation_key(self) -> int:
        return 7 + len(self.made)

    def annotation_made(self, key: int, ref) -> None:
        self.made.append((key, ref.name))


def test_links_on_a_tagged_canvas_get_a_struct_parent_and_nothing_else_changes():
    """On a canvas with a marker, each link annotation gets the /StructParent its marker gives, and the marker
    hears of the annotation's reference; ReportLab's internal links refuse that key unpatched."""
    def links(canvas):
        canvas.linkRect("", "there", (10, 10, 50, 20), relative=1)
        canvas.linkURL("036-cetc.zh.pdf", (10, 30, 50, 40), relative=1)

    marker = _Marker()

    def tagged(canvas):
        canvas.marker = marker
        links(canvas)

    plain = [o for o in _page_objects(links) if b"/Subtype /Link" in o]
    ours = [o for o in _page_objects(tagged) if b"/Subtype /Link" in o]
    assert marker.made == [(7, "Annot.NUMBER1"), (8, "Annot.NUMBER2")]
    assert [re.search(rb"/StructParent (\d+)", o).group(1) for o in ours] == [b"7", b"8"]
    assert [b" ".join(re.sub(rb"\s*/StructParent \d+", b"", o).split()) for o in ours] == \
        [b" ".join(o.split()) for o in plain]
    (patch,) = [p for p in _reportlab.PATCHES if p.owner is pdfdoc.LinkAnnotation]
    with _reportlab.unpatched(patch), pytest.raises(ValueError, match="StructParent"):
        _page_objects(tagged)


def test_a_bullet_on_a_tagged_canvas_ends_the_label_and_elsewhere_changes_nothing():
    """ReportLab's _drawBullet, patched, tells a tagged canvas's marker that the label is drawn; on any other
    canvas the page is ReportLab's."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    calls = []

    def draw(canvas, marker=None):
        if marker is not None:
            canvas.marker = marker
        paragraph = Paragraph("item", ParagraphStyle("s", leftIndent=12), bulletText="-")
        paragraph.wrapOn(canvas, 200, 100)
        paragraph.drawOn(canvas, 10, 10)

    class Told:
        def next(self, canvas):
            calls.append(canvas.getPageNumber())

    ours = _page_objects(draw)
    (patch,) = [p for p in _reportlab.PATCHES if p.name == "_drawBullet"]
    with _reportlab.unpatched(patch):
        assert _page_objects(draw) == ours
    _page_objects(lambda canvas: draw(canvas, Told()))
    assert calls == [1]


@pytest.mark.parametrize("day", ["2000-01-01", "2021-11-15", "1999-12-31", "2038-01-20"])
def test_document_dates_equal_reportlabs_for_that_day_whatever_the_environment(day, monkeypatch):
    """The dated stamp is ReportLab's invariant stamp with SOURCE_DATE_EPOCH at midnight UTC of the day; with
    SOURCE_DATE_EPOCH set to something else (or to garbage, which makes ReportLab's own stamp raise) it is
    unchanged."""
    import calendar
    import datetime as dt

    from reportlab.lib.utils import TimeStamp

    date = dt.date.fromisoformat(day)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm(date.timetuple())))
    expected = vars(TimeStamp(invariant=1))
    for environment in ("1", "not a number", None):
        if environment is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH")
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", environment)
        with _reportlab.document_date(date):
            assert vars(pdfdoc.TimeStamp()) == expected
            canvas = Canvas(io.BytesIO(), invariant=1)
            canvas.save()
            info = canvas._doc.info.format(canvas._doc)
        assert f"(D:{date:%Y%m%d}000000+00'00')".encode() in info, info


def test_a_brief_is_dated_by_its_case_in_both_formats_whatever_source_date_epoch(tmp_path):
    """SOURCE_DATE_EPOCH is honoured by neither format: the same case gives the same bytes with it set or not,
    and both documents carry the case's date."""
    import hashlib
    import os

    def build(out: Path, **env: str) -> dict[str, bytes]:
        subprocess.run([sys.executable, "-m", "reporter", "build", str(CASE_36), "--lang", "zh", "--out", str(out)],
                       check=True, capture_output=True, env={**os.environ, **env})
        return {p.suffix: p.read_bytes() for p in out.iterdir()}

    plain = build(tmp_path / "plain")
    dated = build(tmp_path / "dated", SOURCE_DATE_EPOCH="1700000000")
    assert {k: hashlib.sha256(v).hexdigest() for k, v in plain.items()} == \
        {k: hashlib.sha256(v).hexdigest() for k, v in dated.items()}
    assert b"/CreationDate (D:20211115000000+00'00')" in plain[".pdf"]
    with zipfile.ZipFile(io.BytesIO(plain[".docx"])) as docx:
        assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2021-11-15T00:00:00Z" in docx.read("docProps/core.xml")


# -- python-docx ------------------------------------------------------------------------------------------------

def test_collected_package_members_are_what_python_docx_zips():
    document = new_docx()
    document.add_paragraph("成员 members")
    members = _python_docx.package_members(document)
    with _python_docx.unpatched():
        buffer = io.BytesIO()
        document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        shipped = [(info.filename, package.read(info)) for info in package.infolist()]
    assert members == shipped


def test_a_paragraph_style_added_directly_equals_python_docxs():
    ours, theirs = new_docx(), new_docx()
    for name in ("Index Entry", "Key Figure", "Case Band"):
        mine = _python_docx.add_paragraph_style(ours.styles, name)
        shipped = theirs.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert etree.tostring(mine.element) == etree.tostring(shipped.element), name
        assert (mine.name, mine.style_id) == (shipped.name, shipped.style_id)


def test_styles_unparsed_keep_the_package_and_the_header_element():
    document = new_docx()
    document.add_paragraph("正文")
    buffer = io.BytesIO()
    document.save(buffer)
    opened = _python_docx.open_with_styles_unparsed(buffer.getvalue())
    normal = new_docx(io.BytesIO(buffer.getvalue()))
    assert _python_docx.package_members(opened) == _python_docx.package_members(normal)
    header = opened.sections[0].header
    header.add_paragraph("页眉 header")
    element = _python_docx.element_of(header)
    assert element.tag == qn("w:hdr") and "页眉 header" in "".join(element.itertext())


def _line_facts(lines) -> list[tuple]:
    return [(round(line.extraSpace, 6), bool(getattr(line, "lineBreak", False)), round(line.currentWidth, 6),
             line.fontSize, line.ascent, line.descent, [(w.fontName, w.text) for w in line.words])
            for line in lines.lines]


def test_the_chinese_line_breaker_makes_reportlabs_lines_where_nothing_hangs(builder, monkeypatch):
    """Text with no punctuation nor Latin words (those are glued: the next test): ReportLab's lines, field for
    field, at any width. With closing marks: the same text on the same lines except that a mark never hangs past
    the margin. (Line by line: the paragraphs it serves badly are broken again as a whole, the test after.)"""
    from reporter.compose.brief import text_languages
    from reporter.compose.document import Span
    from reporter.pdf import cjkbreak
    from reporter.pdf.cjkbreak import cjk_frag_split
    from reportlab.platypus import paragraph as rl_paragraph

    monkeypatch.setattr(cjkbreak, "REFIT", False)

    builder.pdf.languages = text_languages()
    original = _reportlab.original(rl_paragraph, "cjkFragSplit")
    rng = random.Random(11)
    hanzi = "中国电科扶贫工作帮扶县产业发展教育医疗消费就业党建志愿服务科技小屋绥德县吴起县"
    words = ["", "", "", ""]  # nothing glued: spaces only
    hung = 0
    for trial in range(200):
        marks = trial % 2 == 1
        pieces = [rng.choice(hanzi) if rng.random() < 0.9 else " " + rng.choice(words) + " "
                  for _ in range(rng.randint(5, 160))]
        if marks:
            pieces = [p + rng.choice("，。、）”") if rng.random() < 0.12 else p for p in pieces]
        frags = builder.pdf.para(Span("".join(pieces), "zh"), rng.choice(["body", "summary"])).frags
        width = rng.uniform(60, 480)
        ours, theirs = cjk_frag_split(frags, [width], None), original(frags, [width], None)
        if not marks:
            assert _line_facts(ours) == _line_facts(theirs), (trial, width)
            continue
        assert "".join(w.text for line in ours.lines for w in line.words) == \
            "".join(w.text for line in theirs.lines for w in line.words)
        assert min(line.extraSpace for line in ours.lines) >= -_reportlab.FUZZ
        hung += min(line.extraSpace for line in theirs.lines) < -_reportlab.FUZZ
    assert hung > 5, "ReportLab hangs marks past the margin in some of these"


def test_the_chinese_line_breaker_keeps_latin_words_numbers_and_units_whole(builder):
    """A Latin word or number inside Chinese text, and a number with the unit the composer joined to it, are never
    parted, at any width (ReportLab parts them); the word joiner itself is never drawn."""
    from reporter.compose.brief import text_languages
    from reporter.compose.document import WORD_JOINER, Span
    from reporter.fonts.twins import ROOM_MARKS
    from reporter.pdf.cjkbreak import cjk_frag_split
    from reportlab.platypus import paragraph as rl_paragraph

    builder.pdf.languages = text_languages()
    original = _reportlab.original(rl_paragraph, "cjkFragSplit")
    rng = random.Random(5)
    hanzi = "中国电科扶贫工作帮扶县产业发展教育医疗消费就业党建志愿服务"
    joined = WORD_JOINER.join
    tokens = ["CETC", "2,300", "61.07", "7,300.2" + joined("4万元"), "10" + joined("0余名"), "0.55%"]
    parted = 0
    NO_ROOM = dict.fromkeys(map(ord, ROOM_MARKS + "\ufdd2"))
    for trial in range(150):
        # each token between two Chinese characters (tokens side by side make one longer word), lines wider than any
        pieces = [rng.choice(hanzi) + (rng.choice(tokens) if rng.random() < 0.2 else "")
                  for _ in range(rng.randint(5, 120))]
        frags = builder.pdf.para(Span("".join(pieces), "zh"), "body").frags
        width = rng.uniform(100, 400)
        for splitter, ours in ((cjk_frag_split, True), (original, False)):
            marked = ["".join(w.text for w in line.words) for line in splitter(frags, [width], None).lines]
            if ours:  # no room at a line's start or end: it stands between two scripts, not at a margin
                assert not [line for line in marked if line[:1] in ROOM_MARKS or line[-1:] in ROOM_MARKS], marked
            lines = [line.translate(NO_ROOM) for line in marked]  # (room marks fold into glyphs)
            whole = sum(line.count(token) for line in lines for token in tokens)
            given = sum("".join(pieces).count(token) for token in tokens)
            if ours:
                assert whole == given, (trial, width, lines)
            else:
                parted += whole < given
    assert parted > 10, "ReportLab parts some of these"


NOT_DRAWN = dict.fromkeys(map(ord, "\u2060\ufdd0\ufdd1\ufdd2"))


def test_badly_served_chinese_paragraphs_are_broken_again_as_a_whole(builder, monkeypatch):
    """Narrow columns and unbreakable groups (7,300.24万元 moved whole left its line spaced out by a third of an em
    a character): broken as a whole, no paragraph is spaced out more than line by line, far fewer lines pass a
    tenth of an em, and no paragraph ends on a single character where another set of lines avoids it."""
    from reporter.compose.brief import text_languages
    from reporter.compose.document import WORD_JOINER, Span
    from reporter.pdf import cjkbreak
    from reporter.pdf.cjkfit import is_runt, spread_of
    from reporter.pdf.embedded import EmbeddedFont

    builder.pdf.languages = text_languages()
    rng = random.Random(23)
    hanzi = "中国电科扶贫工作帮扶县产业发展教育医疗消费就业党建志愿服务"
    tokens = ["CETC", "2,300", "7,300.2" + WORD_JOINER.join("4万元"), "10" + WORD_JOINER.join("0余名"), "，", "。"]

    def facts(lines):
        spreads = [spread_of(line.extraSpace, len(EmbeddedFont.drawn("".join(w.text for w in line.words))),
                             line.fontSize) for line in lines[:-1]]
        return max(spreads, default=0), sum(s > 0.1 for s in spreads), is_runt("".join(w.text for w in lines[-1].words))

    loose = {True: 0, False: 0}
    runts = {True: 0, False: 0}
    for trial in range(150):
        pieces = [rng.choice(hanzi) + (rng.choice(tokens) if rng.random() < 0.08 else "")
                  for _ in range(rng.randint(20, 140))]
        text = "".join(pieces)
        frags = builder.pdf.para(Span(text, "zh"), "body").frags
        width = rng.randint(12, 26) * frags[0].fontSize + rng.uniform(0, 0.3 * frags[0].fontSize)  # about whole ems
        found = {}
        for refit in (False, True):
            monkeypatch.setattr(cjkbreak, "REFIT", refit)
            lines = cjkbreak.cjk_frag_split(frags, [width], None).lines
            assert "".join(w.text for line in lines for w in line.words).translate(NOT_DRAWN) == \
                text.translate(NOT_DRAWN)
            assert min(line.extraSpace for line in lines) >= -_reportlab.FUZZ
            found[refit] = facts(lines)
            loose[refit] += found[refit][1]
            runts[refit] += found[refit][2]
        # (the sum of the spreads cubed is least: the worst line may be a hair looser, never by a hundredth)
        assert found[True][0] <= found[False][0] + 0.01 or found[False][2], (trial, width, found)
    assert loose[True] < loose[False], loose  # (most loose lines here cannot be helped: the first of a paragraph)
    assert runts[True] == 0 < runts[False], runts
