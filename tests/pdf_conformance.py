"""The rules of PDF/UA-1 (the Matterhorn protocol's machine-checkable ones) and of PDF/A-2b that can be checked
from the file, walked with pikepdf: `problems(pdf)` lists every broken rule as "rule: what", empty when none is.

Each rule has a name (its Matterhorn checkpoint or PDF/A clause); tests/test_pdf_tagged.py breaks each one in a
copy of a good brief and sees it named. What cannot be checked from the file (is the alt text right, is the
reading order the meaning's, is the colour contrast enough) is left to people: docs/reference.md, "Tagged PDF".
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont
from lxml import etree

STANDARD_TYPES = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3
H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB
RT RP Warichu WT WP Figure Formula Form""".split())
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "INLINE IMAGE"}
"""Operators that put something on the page: each must be tagged content or an artifact."""
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}


def problems(source: Path | bytes) -> list[str]:
    data = source.read_bytes() if isinstance(source, Path) else source
    found: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        drawn: dict[tuple, list[int]] = {}
        """page -> the MCIDs its content opens (from _content, for _structure)"""
        for check in (_file, _catalogue, _metadata, _annotations, _fonts):
            check(pdf, data, found)
        _content(pdf, found, drawn)
        _structure(pdf, found, drawn)
    return found


# -- the file ---------------------------------------------------------------------------------------------------

def _file(pdf, data: bytes, found: list[str]) -> None:
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data):
        found.append("PDF/A 6.1.2: the header is followed by a comment of four bytes over 127")
    if "/ID" not in pdf.trailer:
        found.append("PDF/A 6.1.3: the trailer has no file ID")
    if pdf.is_encrypted:
        found.append("PDF/A 6.1.3: the file is encrypted")
    for match in re.finditer(rb"endstream", data):
        if data[match.start() - 1:match.start()] not in (b"\n", b"\r"):
            found.append(f"PDF/A 6.1.7.1: no end-of-line before endstream at byte {match.start()}")
            break
    for match in re.finditer(rb"stream(\r\n|\n|\r)?", data):
        if data[match.start() - 3:match.start()] != b"end" and match.group(1) not in (b"\n", b"\r\n"):
            found.append(f"PDF/A 6.1.7.1: the stream keyword at byte {match.start()} is not followed by an EOL")
            break
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
            if "/LZWDecode" in names:
                found.append("PDF/A 6.1.7.2: an LZW-compressed stream")
            if "/F" in obj:
                found.append("PDF/A 6.1.7.1: a stream refers to an external file")
        elif isinstance(obj, pikepdf.Dictionary) and obj.get("/S") in ("/JavaScript", "/Launch"):
            found.append(f"PDF/A 6.6.1: a {obj.get('/S')} action")


# -- the catalogue ----------------------------------------------------------------------------------------------

def _catalogue(pdf, data: bytes, found: list[str]) -> None:
    root = pdf.Root
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        found.append("Matterhorn 01-002: the catalogue's MarkInfo does not say Marked true")
    if "/StructTreeRoot" not in root:
        found.append("Matterhorn 01-001: no structure tree")
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        found.append("Matterhorn 07-002: ViewerPreferences has no DisplayDocTitle true")
    lang = str(root.get("/Lang", ""))
    if not LANGUAGE.match(lang):
        found.append(f"Matterhorn 11-006: the document's /Lang is {lang!r}, not a language")
    if "/Outlines" not in root:
        found.append("PDF/UA 7.17: no outline (bookmarks)")
    intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if len(intents) != 1:
        found.append("PDF/A 6.2.3: not exactly one GTS_PDFA1 output intent")
    elif intents[0].get("/DestOutputProfile") is None or intents[0].DestOutputProfile.get("/N") != 3:
        found.append("PDF/A 6.2.3: the output intent has no RGB profile")
    for key in ("/AA", "/OpenAction"):
        if key in root:
            found.append(f"PDF/A 6.6.2: the catalogue has {key}")
    if "/Names" in root and "/EmbeddedFiles" in root.Names:
        found.append("PDF/A 6.8: embedded files")


# -- XMP ---------------------------------------------------------------------------------------------------------

def _info_date(value) -> str:
    d = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", str(value))
    return f"{d[1]}-{d[2]}-{d[3]}T{d[4]}:{d[5]}:{d[6]}" if d else ""


def _metadata(pdf, data: bytes, found: list[str]) -> None:
    if "/Metadata" not in pdf.Root:
        found.append("Matterhorn 06-001: no XMP metadata")
        return
    xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
    info = pdf.trailer.get("/Info", {})

    def one(path: str) -> str | None:
        values = xmp.xpath(path, namespaces=NS)
        return str(values[0]) if len(values) == 1 else None

    if one("//pdfuaid:part/text()") != "1":
        found.append("Matterhorn 06-002: XMP does not say pdfuaid:part 1")
    if (one("//pdfaid:part/text()"), one("//pdfaid:conformance/text()")) != ("2", "B"):
        found.append("PDF/A 6.6.4: XMP does not say pdfaid:part 2, conformance B")
    title = one("//dc:title/rdf:Alt/rdf:li/text()")
    if not title:
        found.append("Matterhorn 06-003: XMP has no dc:title")
    pairs = {"/Title": title, "/Author": one("//dc:creator/rdf:Seq/rdf:li/text()"),
             "/Subject": one("//dc:description/rdf:Alt/rdf:li/text()"), "/Keywords": one("//pdf:Keywords/text()"),
             "/Producer": one("//pdf:Producer/text()"), "/Creator": one("//xmp:CreatorTool/text()")}
    for key, value in pairs.items():
        if key in info and str(info[key]) != value:
            found.append(f"PDF/A 6.6.3: Info {key} is not what XMP says")
    for key, path in (("/CreationDate", "//xmp:CreateDate/text()"), ("/ModDate", "//xmp:ModifyDate/text()")):
        if key in info and not (one(path) or "").startswith(_info_date(info[key])):
            found.append(f"PDF/A 6.6.3: Info {key} is not what XMP says")


# -- content -------------------------------------------------------------------------------------------------------

def _content(pdf, found: list[str], drawn: dict[tuple, list[int]]) -> None:
    """Every painting operator inside a tagged sequence (one with an MCID) or an artifact, never both; sequences
    nested within text objects; MCIDs unique on their page."""
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[str] = []
        in_text = False
        text_depth = 0
        mcids: list[int] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BMC", "BDC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" else None
                has_mcid = isinstance(props, pikepdf.Dictionary) and "/MCID" in props
                if has_mcid:
                    mcids.append(int(props.MCID))
                kind = "artifact" if tag == "/Artifact" else "tagged" if has_mcid else "other"
                if kind == "tagged" and "tagged" in stack:
                    found.append(f"ISO 32000 14.7.4.2: page {number}: a tagged sequence within another")
                if kind == "tagged" and "artifact" in stack:
                    found.append(f"Matterhorn 01-003: page {number}: tagged content within an artifact")
                if kind == "artifact" and "tagged" in stack:
                    found.append(f"Matterhorn 01-004: page {number}: an artifact within tagged content")
                stack.append(kind)
                if in_text:
                    text_depth += 1
            elif op == "EMC":
                if not stack:
                    found.append(f"ISO 32000 14.6: page {number}: EMC without a sequence")
                    continue
                stack.pop()
                if in_text:
                    text_depth -= 1
                    if text_depth < 0:
                        found.append(f"ISO 32000 14.6: page {number}: a sequence begun outside a text object "
                                     "ends within it")
            elif op == "BT":
                in_text, text_depth = True, 0
            elif op == "ET":
                if text_depth:
                    found.append(f"ISO 32000 14.6: page {number}: a sequence begun within a text object ends "
                                 "outside it")
                in_text = False
            elif op in PAINTING and "tagged" not in stack and "artifact" not in stack:
                found.append(f"Matterhorn 01-005: page {number}: {op} is neither tagged content nor an artifact")
        if stack:
            found.append(f"ISO 32000 14.6: page {number}: a sequence is not closed")
        for mcid, count in Counter(mcids).items():
            if count > 1:
                found.append(f"ISO 32000 14.7.4.4: page {number}: MCID {mcid} is used {count} times")
        drawn[page.objgen] = mcids
        for xobject in page.Resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and b"/MCID" in xobject.read_bytes():
                found.append(f"ISO 32000 14.7.4.3: page {number}: a form with marked content of its own")


# -- the structure tree -----------------------------------------------------------------------------------------------

def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _structure(pdf, found: list[str], drawn: dict[tuple, list[int]]) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pages = {page.objgen: page for page in pdf.pages}
    referenced: dict[tuple, list[int]] = {key: [] for key in pages}
    owner_of: dict[tuple[tuple, int], tuple] = {}
    role_map = root.get("/RoleMap", {})
    headings: list[int] = []

    def visit(element, parent, page_of) -> None:
        role = str(element.get("/S", ""))[1:]
        mapped = str(role_map.get("/" + role, "/" + role))[1:]
        if mapped not in STANDARD_TYPES:
            found.append(f"Matterhorn 02-004: {role} is not a standard structure type and is not role-mapped")
        if element.get("/P") is None or element.P.objgen != parent.objgen:
            found.append(f"ISO 32000 14.7.2: a {role}'s /P is not its parent")
        if mapped == "Figure" and not str(element.get("/Alt", "")).strip():
            found.append("Matterhorn 13-004: a Figure has no alternative text")
        if mapped in ("H1", "H2", "H3", "H4", "H5", "H6"):
            headings.append(int(mapped[1]))
        if mapped == "TH":
            scope = element.get("/A", {}).get("/Scope") if isinstance(element.get("/A"), pikepdf.Dictionary) \
                else None
            if scope not in ("/Row", "/Column", "/Both") and "/ID" not in element:
                found.append("Matterhorn 15-003: a TH has neither a Scope nor an ID for Headers")
        if mapped == "TR" and any(str(k.get("/S", ""))[1:] not in ("TH", "TD") for k in _kids(element)
                                  if isinstance(k, pikepdf.Dictionary) and "/S" in k):
            found.append("ISO 32000 14.8.4.3.4: a TR holds something other than TH and TD")
        if mapped == "Table" and not any(str(k.get("/S", "")) in ("/TR", "/THead", "/TBody", "/TFoot")
                                         for k in _kids(element) if isinstance(k, pikepdf.Dictionary)):
            found.append("ISO 32000 14.8.4.3.4: a Table without rows")
        if "/Lang" in element and not LANGUAGE.match(str(element.Lang)):
            found.append(f"Matterhorn 11-006: a {role}'s /Lang {str(element.Lang)!r} is not a language")
        if mapped == "Link" and not any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                                        for k in _kids(element)):
            found.append("Matterhorn 28-011: a Link element without its annotation (OBJR)")
        own_page = element.get("/Pg", page_of)
        for kid in _kids(element):
            if isinstance(kid, int):
                if own_page is None:
                    found.append(f"ISO 32000 14.7.4.2: an MCID of a {role} without a page")
                    continue
                referenced.setdefault(own_page.objgen, []).append(kid)
                owner_of[(own_page.objgen, kid)] = element.objgen
            elif kid.get("/Type") == "/MCR":
                kid_page = kid.get("/Pg", own_page)
                referenced.setdefault(kid_page.objgen, []).append(int(kid.MCID))
                owner_of[(kid_page.objgen, int(kid.MCID))] = element.objgen
            elif kid.get("/Type") == "/OBJR":
                continue
            else:
                visit(kid, element, own_page)

    for kid in _kids(root):
        visit(kid, root, None)
    if headings and headings[0] != 1:
        found.append(f"Matterhorn 14-002: the first heading is H{headings[0]}, not H1")
    for before, after in zip(headings, headings[1:]):
        if after > before + 1:
            found.append(f"Matterhorn 14-003: H{before} is followed by H{after}")
            break
    parent_tree = _number_tree(root.get("/ParentTree"))
    for key, page in pages.items():
        mcids = sorted(drawn.get(key, []))
        if sorted(referenced.get(key, [])) != mcids:
            found.append(f"ISO 32000 14.7.4.4: page {pdf.pages.index(page) + 1}: the MCIDs drawn and those "
                         "the structure names differ")
        if mcids:
            if "/StructParents" not in page.obj:
                found.append(f"ISO 32000 14.7.4.4: page {pdf.pages.index(page) + 1} has marked content and no "
                             "/StructParents")
                continue
            owners = parent_tree.get(int(page.obj.StructParents))
            if owners is None or len(owners) <= max(mcids) or any(
                    owner_of.get((key, mcid)) != owners[mcid].objgen for mcid in mcids):
                found.append(f"ISO 32000 14.7.4.4: page {pdf.pages.index(page) + 1}: the parent tree does not "
                             "name each MCID's element")
    if parent_tree and int(root.get("/ParentTreeNextKey", 0)) <= max(parent_tree):
        found.append("ISO 32000 14.7.4.4: ParentTreeNextKey is not above every key")


def _number_tree(node) -> dict[int, object]:
    out: dict[int, object] = {}
    if node is None:
        return out
    nums = list(node.get("/Nums", []))
    for index in range(0, len(nums) - 1, 2):
        out[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid))
    return out


# -- annotations ----------------------------------------------------------------------------------------------------

def _annotations(pdf, data: bytes, found: list[str]) -> None:
    root = pdf.Root.get("/StructTreeRoot")
    parent_tree = _number_tree(root.get("/ParentTree")) if root is not None else {}
    for number, page in enumerate(pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", []))
        if annotations and page.obj.get("/Tabs") != "/S":
            found.append(f"PDF/UA 7.18.3: page {number} has annotations and no /Tabs /S")
        for annotation in annotations:
            flags = int(annotation.get("/F", 0))
            if not flags & 4 or flags & (1 | 2 | 32):
                found.append(f"PDF/A 6.3.2: page {number}: an annotation not printed, or hidden")
            if annotation.get("/Subtype") not in ("/Link", "/Popup") and "/AP" not in annotation:
                found.append(f"PDF/A 6.3.3: page {number}: an annotation without an appearance")
            if annotation.get("/Subtype") == "/Link":
                if not str(annotation.get("/Contents", "")).strip():
                    found.append(f"PDF/UA 7.18.5: page {number}: a link without /Contents")
                key = annotation.get("/StructParent")
                owner = parent_tree.get(int(key)) if key is not None else None
                if owner is None or str(owner.get("/S")) != "/Link" or not any(
                        isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                        and k.Obj.objgen == annotation.objgen for k in _kids(owner)):
                    found.append(f"Matterhorn 28-011: page {number}: a link annotation not in a Link element")


# -- fonts ---------------------------------------------------------------------------------------------------------

def _fonts(pdf, data: bytes, found: list[str]) -> None:
    seen: set[tuple] = set()
    for page in pdf.pages:
        fonts = list(page.Resources.get("/Font", {}).values())
        for xobject in page.Resources.get("/XObject", {}).values():
            fonts += list(xobject.get("/Resources", {}).get("/Font", {}).values())
        for font in fonts:
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            _font(font, found)


def _font(font, found: list[str]) -> None:
    name = str(font.get("/BaseFont"))
    if font.get("/Subtype") != "/Type0":
        found.append(f"PDF/UA 7.21.3: {name} is not a Type 0 font (the writer embeds every face as one)")
        return
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor")
    truetype = descendant.get("/Subtype") == "/CIDFontType2"
    program = descriptor.get("/FontFile2" if truetype else "/FontFile3") if descriptor is not None else None
    if program is None:
        found.append(f"PDF/A 6.2.11.4.1: {name} is not embedded (FontFile2 for TrueType, FontFile3 for CFF)")
        return
    if not truetype and program.get("/Subtype") != "/CIDFontType0C":
        found.append(f"PDF/A 6.2.11.4.1: the CFF program of {name} is not of subtype CIDFontType0C")
        return
    if "/ToUnicode" not in font:
        found.append(f"PDF/UA 7.21.7: {name} has no ToUnicode map")
    advance = _truetype_advances(program.read_bytes()) if truetype else _cff_advances(program.read_bytes())
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    index = 0
    while index < len(entries):
        first = int(entries[index])
        if isinstance(entries[index + 1], pikepdf.Array):
            widths.update({first + i: float(w) for i, w in enumerate(entries[index + 1])})
            index += 2
        else:
            widths.update({c: float(entries[index + 2]) for c in range(first, int(entries[index + 1]) + 1)})
            index += 3
    if "/DW" in descendant and not isinstance(descendant.DW, int):
        found.append(f"PDF 9.7.4.3: the DW of {name} is not an integer ({descendant.DW}): poppler sets every "
                     "code W leaves out a full em wide")
    if "/ToUnicode" in font:  # the codes drawn (each has its text) that W leaves to DW
        common = float(descendant.get("/DW", 1000))
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", font.ToUnicode.read_bytes(), re.S):
            for code in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<", block):
                widths.setdefault(int(code, 16), common)
    cid_map = descendant.get("/CIDToGIDMap")
    if truetype and cid_map is None:
        found.append(f"PDF/A 6.2.11.3.2: the CIDFontType2 {name} has no CIDToGIDMap")
    if isinstance(cid_map, pikepdf.Stream):
        table = cid_map.read_bytes()
        glyph_of = {cid: int.from_bytes(table[2 * cid:2 * cid + 2], "big") for cid in widths}
    else:
        glyph_of = {cid: cid for cid in widths}
    for code, gid in glyph_of.items():
        expected = advance(gid)
        if expected is not None and abs(widths[code] - expected) > 1:
            found.append(f"PDF/A 6.2.11.5: {name}: the width of glyph {gid} is {widths[code]:g} in the PDF and "
                         f"{expected:g} in the font")
            break


def _truetype_advances(data: bytes):
    """Glyph number -> advance in thousandths of the em, from a TrueType program."""
    face = TTFont(io.BytesIO(data), lazy=True)
    scale = 1000 / face["head"].unitsPerEm
    metrics, order = face["hmtx"].metrics, face.getGlyphOrder()
    return lambda gid: metrics[order[gid]][0] * scale if gid < len(order) else None


def _cff_advances(data: bytes):
    """CID (or glyph number, in a name-keyed font) -> advance in thousandths of the em, from a bare CFF program:
    each charstring's width, from its Private dictionary's nominal and default widths."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.misc.psCharStrings import T2WidthExtractor

    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    matrix = getattr(top, "FontMatrix", [0.001])
    scale = matrix[0] * 1000
    strings = top.CharStrings
    cid_keyed = hasattr(top, "ROS")
    order = top.charset

    def advance(code: int) -> float | None:
        name = f"cid{code:05d}" if cid_keyed else (order[code] if code < len(order) else None)
        if name is None or name not in strings:
            return None
        charstring = strings[name]
        private = charstring.private
        extractor = T2WidthExtractor(charstring.subrs if hasattr(charstring, "subrs") else [],
                                     charstring.globalSubrs, private.nominalWidthX, private.defaultWidthX)
        extractor.execute(charstring)
        return extractor.width * scale

    return advance
