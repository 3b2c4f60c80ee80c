"""A case article sent as a Word file (DOCX), read with python-docx into the importer's lines: paragraphs and
table rows in document order, each marked with what its style says (title, heading N, caption, list item); the
numbers Word draws for numbered headings and lists (一、 （一） 1.) put back in front of their text, as the reader
sees them; each PNG or JPEG picture as a line of its own where it stands."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from reporter.errors import ReporterError
from reporter.i18n.languages import chinese_numeral
from reporter.importer.article import Line
from reporter.importer.pictures import Picture, picture_line, picture_type
from reporter.importer.tables import table_paragraph
from reporter.limits import ARTICLE_BYTES, ARTICLE_PARAGRAPHS, MiB, read_input

DOCX_UNPACKED = 64 * MiB
"""What a Word file may unpack to, at most (a zip bomb is refused before python-docx reads it)."""
DOCX_MEMBERS = 2000
MAX_NUMBER = 32_767
"""The largest number a Word list starts at (Word's own bound); a hostile file's larger start is cut to it."""
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_STYLE_KINDS = {"title": ("title", 1), "标题": ("title", 1), "caption": ("caption", 0), "题注": ("caption", 0)}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$")


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
    except zipfile.BadZipFile:
        raise ReporterError("damaged, or not a Word file: a .docx is a zip archive and this is none (cut short in a "
                            "download?); save it again from Word", path) from None
    except KeyError:  # python-docx: no part of the main document's relationship type
        raise ReporterError("a zip archive but not a Word document: it has no main document part "
                            "(word/document.xml); save it again from Word", path) from None
    except Exception as exc:  # a damaged file python-docx cannot read: its XML, its relationships, its content types
        detail = " ".join(str(exc).split())[:120]
        raise ReporterError(f"a damaged Word file ({exc.__class__.__name__}: {detail}); save it again from Word",
                            path) from None


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _chinese(number: int) -> str:
    return chinese_numeral(number) if number < 10_000 else str(number)


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}", "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese, "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": _chinese, "taiwaneseCounting": _chinese,
    "upperLetter": lambda n: chr(64 + (n - 1) % 26 + 1), "lowerLetter": lambda n: chr(96 + (n - 1) % 26 + 1),
    "upperRoman": _roman, "lowerRoman": lambda n: _roman(n).lower(),
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
}


class _Numbering:
    """The numbers Word draws before numbered paragraphs: numbering.xml's levels (format, text, start), counted
    per list and level in document order, deeper levels starting again under a new number."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counts: dict[str, list[int]] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part, or one python-docx cannot read: nothing is numbered
            return
        abstract = {}
        for item in root.iter(_W + "abstractNum"):
            levels = {}
            for level in item.iter(_W + "lvl"):
                fmt, text, start = level.find(_W + "numFmt"), level.find(_W + "lvlText"), level.find(_W + "start")
                place = _whole(level.get(_W + "ilvl", "0"), None)
                if place is None:  # a level with no number of its own: not defined
                    continue
                levels[place] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    min(_whole(start.get(_W + "val", "1"), 1), MAX_NUMBER) if start is not None else 1)
            abstract[item.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None and ref.get(_W + "val") in abstract:
                self.levels[num.get(_W + "numId")] = abstract[ref.get(_W + "val")]
        for style in document.styles.element.iter(_W + "style"):
            found = _num_pr(style)
            if found:
                self.style_numbers[style.get(_W + "styleId")] = found

    def label(self, paragraph, style_id: str | None) -> tuple[str, bool]:
        """(the number Word draws before this paragraph, whether it is a bullet); ("", False) when unnumbered."""
        found = _num_pr(paragraph) or self.style_numbers.get(style_id or "")
        if not found or found[0] not in self.levels:
            return "", False
        num_id, level = found
        levels = self.levels[num_id]
        fmt, text, _ = levels.get(level, ("decimal", "", 1))
        if fmt == "bullet":
            return "", True
        counts = self.counts.setdefault(num_id, [0] * 9)
        level = min(level, 8)
        counts[level] = counts[level] + 1 if counts[level] else levels.get(level, ("", "", 1))[2]
        counts[level + 1:] = [0] * (8 - level)

        def shown(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            form = _FORMATS.get(levels.get(at, ("decimal",))[0], str)
            return form(max(counts[at] if 0 <= at < 9 else 1, 1)) if fmt != "none" else ""
        return re.sub(r"%([1-9])", shown, text), False


def _whole(value: str | None, default: int | None) -> int | None:
    """A number attribute of numbering.xml, or `default` where a damaged or hostile file has none (ilvl="x")."""
    return int(value) if value and value.isdigit() else default


def _num_pr(element) -> tuple[str, int] | None:
    found = element.find(f"{_W}pPr/{_W}numPr")
    if found is None:
        return None
    num, level = found.find(_W + "numId"), found.find(_W + "ilvl")
    if num is None or num.get(_W + "val") in (None, "0"):
        return None
    return num.get(_W + "val"), _whole(level.get(_W + "val") if level is not None else None, 0)


def read_docx(path: Path) -> tuple[list[Line], list[str]]:
    """The Word file's lines, and warnings. A line's number is its paragraph's (or table's) place in the body; a
    picture stands as a line of its own where it is (pictures.place_pictures gives it to its caption)."""
    document = _open(path)
    numbering = _Numbering(document)
    styles = {style.style_id: (style.name or "").lower() for style in document.styles}
    lines: list[Line] = []
    warnings: list[str] = []
    for place, element in enumerate(document.element.body.iterchildren(), start=1):
        if element.tag == _W + "tbl":
            rows = [[c for c in ("".join(t.text or "" for t in cell.iter(_W + "t")).strip()
                                 for cell in row.iter(_W + "tc")) if c] for row in element.iter(_W + "tr")]
            lines += [Line(text, place) for text in table_paragraph(rows)]
            continue
        if element.tag != _W + "p":
            continue
        if len(lines) > ARTICLE_PARAGRAPHS:
            raise ReporterError(f"the Word file has more than {ARTICLE_PARAGRAPHS:,} paragraphs; a case article has "
                                "fewer (is this a whole report?)", path)
        for blip in element.iter(_BLIP):
            part = document.part.related_parts.get(blip.get(_EMBED))
            data = getattr(part, "blob", b"")
            suffix = picture_type(data)
            if suffix:
                lines.append(picture_line(Picture(data, suffix, place)))
            elif part is not None:
                warnings.append(f"the picture at paragraph {place} is {getattr(part, 'content_type', 'of no type')}, "
                                "not PNG or JPEG: not kept")
        style = element.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(_W + "val") if style is not None else None
        label, bullet = numbering.label(element, style_id)
        text = " ".join("".join(t.text or "" for t in element.iter(_W + "t")).split())
        if not text:
            continue
        name = styles.get(style_id or "", "")
        heading = _HEADING_STYLE.match(name)
        kind, level = ("heading", int(heading.group(1)) + 1) if heading else _STYLE_KINDS.get(name, ("", 0))
        kind = kind or ("item" if bullet else "")
        lines.append(Line(f"{label}{text}" if label and not text.startswith(label) else text, place, kind, level))
    if not any(line.text for line in lines):
        raise ReporterError("the Word file has no text", path)
    return lines, warnings
