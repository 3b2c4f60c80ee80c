"""A case article sent as a Word file (DOCX), read with python-docx into the importer's lines: paragraphs and
table rows in document order; headings by style made the form the parser knows by text (a Heading 1 that names
no known section gets a part number, a Heading 2 a subsection number); pictures kept with the short paragraph
under them, their caption."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reporter.errors import ReporterError
from reporter.i18n.languages import chinese_numeral
from reporter.importer.article import Line
from reporter.importer.rules import rules
from reporter.limits import ARTICLE_BYTES, MiB, read_input

DOCX_UNPACKED = 64 * MiB
"""What a Word file may unpack to, at most (a zip bomb is refused before python-docx reads it)."""
DOCX_MEMBERS = 2000
PICTURE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


@dataclass
class Picture:
    data: bytes
    suffix: str
    line: int


def _open(path: Path):
    from docx import Document  # the importer's only use of python-docx: loaded for a Word file alone

    data = read_input(path, ARTICLE_BYTES, "the article")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MEMBERS or sum(m.file_size for m in members) > DOCX_UNPACKED:
                raise ReporterError(f"the Word file unpacks to more than {DOCX_UNPACKED // MiB} MiB or "
                                    f"{DOCX_MEMBERS} parts: refused", path)
        return Document(io.BytesIO(data))
    except ReporterError:
        raise
    except Exception as exc:  # a damaged or truncated file, or not a Word document: python-docx raises many kinds
        raise ReporterError(f"not a readable Word file (.docx): {exc.__class__.__name__}", path) from None


def read_docx(path: Path) -> tuple[list[Line], dict[str, Picture]]:
    """(lines, {caption: picture}). A line's number is its paragraph's (or table row's) place in the body."""
    document = _open(path)
    names = rules().section_names
    number_marker = rules().patterns["heading_number"]
    subsection = rules().patterns["subsection"]
    lines: list[Line] = []
    pictures: dict[str, Picture] = {}
    waiting: list[Picture] = []
    sections = subsections = 0
    styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    for place, element in enumerate(document.element.body.iterchildren(), start=1):
        if element.tag == _W + "tbl":
            for row in element.iter(_W + "tr"):
                cells = ["".join(t.text or "" for t in cell.iter(_W + "t")).strip() for cell in row.iter(_W + "tc")]
                cells = [c for c in cells if c]
                if cells:  # a row reads as a sentence (label：value。), never as a short caption line
                    row_text = "：".join(cells) if len(cells) == 2 else "，".join(cells)
                    lines.append(Line(row_text if row_text[-1] in "。！？；" else row_text + "。", place))
            continue
        if element.tag != _W + "p":
            continue
        for blip in element.iter(_BLIP):
            part = document.part.related_parts.get(blip.get(_EMBED))
            suffix = PICTURE_TYPES.get(getattr(part, "content_type", ""))
            if suffix:
                waiting.append(Picture(part.blob, suffix, place))
        text = " ".join("".join(t.text or "" for t in element.iter(_W + "t")).split())
        if not text:
            continue
        style = element.find(f"{_W}pPr/{_W}pStyle")
        name = styles.get(style.get(_W + "val"), "") if style is not None else ""
        if name in ("heading 1", "标题 1") and text not in names and not number_marker.match(text):
            sections += 1
            text = f"PART {sections:02d} {text}"
        elif name in ("heading 2", "标题 2") and not subsection.match(text):
            subsections += 1
            text = f"（{chinese_numeral(subsections)}）{text}"
        if waiting:  # the first text under a picture is its caption
            pictures[text] = waiting[0]
            waiting = []
        lines.append(Line(text, place))
    if not lines:
        raise ReporterError("the Word file has no text", path)
    return lines, pictures
