"""The text of a PDF as a screen reader, a search or a copy takes it, three ways, and the text the composer made.

- `structure_texts`: each structure element's own text, from the marked content it owns (as assistive technology
  reads tagged PDF: the strings drawn, decoded through each font's ToUnicode map, ActualText in place of what it
  covers, nothing inferred from positions);
- `pdftotext_lines` and `pypdf_lines`: the lines two common extractors give;
- `composed_text`: every string of the composed document, the text all of those must come from.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pikepdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from benchutil import document_strings  # noqa: E402

INVISIBLE = str.maketrans({"\u00ad": None, "\u2060": None, "\u00a0": " ", "\u202f": " ",
                           **{chr(code): " " for code in range(0x2000, 0x200B)}, "\u3000": " "})
"""What a reader does not see as text: a soft hyphen at a line's end, a word joiner; every space is a space."""


INLINE = ("/Span", "/Link", "/Quote", "/Code", "/Note", "/Reference")
"""Inline elements: part of the text of the element that holds them."""
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACED_CJK = re.compile(f"[{CJK}][ \u00a0]+[{CJK}]")


def glued_words(text: str, corpus_words: set[str]) -> list[str]:
    """Latin words of `text` that the composed text does not have: two words run together at a line's end."""
    return [word for word in LATIN_WORD.findall(normalised(text)) if word not in corpus_words]


def spaces_in_chinese(text: str, corpus: str) -> list[str]:
    """Spaces between two Chinese characters that the composed text does not have."""
    return [found for found in SPACED_CJK.findall(text.replace("\u00ad", "").replace("\u2060", ""))
            if normalised(found) not in corpus]


def normalised(text: str) -> str:
    return text.translate(INVISIBLE)


def _cmap(font) -> dict[bytes, str]:
    """Code bytes -> text, from a font's ToUnicode map (bfchar and bfrange)."""
    stream = font.get("/ToUnicode")
    if not isinstance(stream, pikepdf.Stream):
        return {}
    data = stream.read_bytes().decode("latin-1")
    out: dict[bytes, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            width, start, end = len(first) // 2, int(first, 16), int(last, 16)
            base = bytes.fromhex(text).decode("utf-16-be")
            for offset in range(end - start + 1):
                out[(start + offset).to_bytes(width, "big")] = base[:-1] + chr(ord(base[-1]) + offset)
    return out


class _Font:
    def __init__(self, font):
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.map = _cmap(font)

    def decode(self, data: bytes) -> str:
        step = 2 if self.two_byte else 1
        return "".join(self.map.get(data[i:i + step], "" if self.two_byte else chr(data[i]))
                       for i in range(0, len(data), step))


@dataclass
class _Marked:
    mcid: int | None
    actual: str | None
    artifact: bool
    text: list[str]


def _page_text(page, resources, owned: dict[int, str], artifacts: list[str], stack: list[_Marked]) -> None:
    fonts = {str(name): _Font(font) for name, font in resources.get("/Font", {}).items()}
    font = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "Tf":
            font = fonts.get(str(operands[0]))
        elif op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" and len(operands) > 1 else {}
            if isinstance(props, pikepdf.Name):
                props = resources.get("/Properties", {}).get(str(props), {})
            mcid = props.get("/MCID") if hasattr(props, "get") else None
            actual = props.get("/ActualText") if hasattr(props, "get") else None
            stack.append(_Marked(int(mcid) if mcid is not None else None,
                                 str(actual) if actual is not None else None,
                                 str(operands[0]) == "/Artifact", []))
        elif op == "EMC" and stack:
            done = stack.pop()
            text = done.actual if done.actual is not None else "".join(done.text)
            if done.mcid is not None:
                owned[done.mcid] = owned.get(done.mcid, "") + text
            elif stack:
                stack[-1].text.append(text)
        elif op in ("Tj", "'", '"', "TJ") and font is not None:
            strings = operands[-1] if op == "TJ" else [operands[-1]]
            text = "".join(font.decode(bytes(item)) for item in strings if isinstance(item, pikepdf.String))
            if stack:
                stack[-1].text.append(text)
            if any(marked.artifact for marked in stack):
                artifacts.append(text)
        elif op == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                _page_text(xobject, xobject.get("/Resources", resources), owned, artifacts, stack)


@dataclass(frozen=True)
class Element:
    role: str
    lang: str | None
    """Its own /Lang or the nearest ancestor's (the document's at the top)."""
    text: str
    """Its marked content and its descendants', in structure order."""
    alt: str | None
    leaf: bool
    """Whether it holds no element but spans and links (a paragraph, a heading, a cell of text)."""


def structure_texts(path: Path) -> tuple[list[Element], list[str]]:
    """Every structure element with its text, in structure order, and each string drawn as an artifact."""
    with pikepdf.open(path) as pdf:
        owned: dict[tuple, str] = {}
        artifacts: list[str] = []
        for page in pdf.pages:
            texts: dict[int, str] = {}
            _page_text(page.obj, page.obj.get("/Resources", {}), texts, artifacts, [])
            owned.update({(page.obj.objgen, mcid): text for mcid, text in texts.items()})
        root = pdf.Root.StructTreeRoot
        document_lang = str(pdf.Root.get("/Lang", "")) or None
        elements: list[Element] = []

        def visit(node, page, lang) -> str:
            page = node.get("/Pg", page) if isinstance(node, pikepdf.Dictionary) else page
            if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/MCR":
                return owned.get((node.Pg.objgen, int(node.MCID)), "")
            if isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/OBJR":
                return ""
            own_lang = str(node.get("/Lang")) if "/Lang" in node else lang
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
            start = len(elements)
            elements.append(None)  # its place, before its descendants
            parts = []
            leaf = all(not isinstance(kid, pikepdf.Dictionary) or kid.get("/Type") in ("/MCR", "/OBJR")
                       or str(kid.get("/S")) in INLINE for kid in kids)
            for kid in kids:
                if isinstance(kid, int):
                    parts.append(owned.get((page.objgen, int(kid)), "") if page is not None else "")
                else:
                    parts.append(visit(kid, page, own_lang))
            text = "".join(parts)
            actual = node.get("/ActualText")
            if actual is not None:
                text = str(actual)
            alt = node.get("/Alt")
            elements[start] = Element(str(node.get("/S")), own_lang, text, str(alt) if alt is not None else None,
                                      leaf)
            return text

        kids = root.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            visit(kid, None, document_lang)
        return [e for e in elements if e is not None], artifacts


def pdftotext_lines(path: Path) -> list[str]:
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return [line for line in done.stdout.replace("\f", "\n").splitlines() if line.strip()]


def pypdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [line for page in reader.pages for line in page.extract_text().splitlines() if line.strip()]


def composed_text(document) -> str:
    """Every string of a composed document, joined by newlines."""
    return normalised("\n".join(document_strings(document)))
