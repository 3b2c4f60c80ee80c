"""Small WordprocessingML helpers: children inserted in the order the schema requires (Word rejects
documents whose property elements are out of order; LibreOffice forgives, so checks must not rely on it)."""

from __future__ import annotations

from lxml import etree
from docx.oxml.ns import qn

# Child order of the property elements we touch (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.4.70, 17.4.60, 17.4.82).
SCHEMA_ORDER = {
    "w:pPr": ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"],
    "w:tcPr": ["w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
               "w:cellDel", "w:cellMerge", "w:tcPrChange"],
    "w:tblPr": ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"],
    "w:rPr": ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"],
    "w:trPr": ["w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
               "w:trPrChange"],
}
_CLARK_ORDER = {qn(parent): [qn(tag) for tag in tags] for parent, tags in SCHEMA_ORDER.items()}


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
_W_DECLARATION = f' xmlns:w="{W_NS}"'.encode()


def serialized(element) -> bytes:
    """An element's XML as it reads inside a part whose root declares the w: prefix (ours all do): without
    the namespace declaration lxml puts on an element serialized on its own."""
    return etree.tostring(element, encoding="UTF-8").replace(_W_DECLARATION, b"", 1)


def child(parent, tag: str, **attributes: str):
    """A new last child in the w: namespace: `child(p, "r")`, `child(ppr, "pStyle", val="Title")`."""
    node = etree.SubElement(parent, W + tag)
    for key, value in attributes.items():
        node.set(W + key, value)
    return node


def put(parent, tag: str, **attributes: str):
    """A property child ("w:shd") at its schema position, replacing one of the same tag; returns it.

    Made in place (SubElement, then moved): creating free-standing elements costs a document each."""
    clark = qn(tag)
    for old in parent.findall(clark):
        parent.remove(old)
    node = child(parent, tag.split(":")[1], **attributes)
    order = _CLARK_ORDER[parent.tag]
    successors = set(order[order.index(clark) + 1:])
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, node)
            break
    return node


def shade(properties, colour: str) -> None:
    """Background fill on a w:tcPr or w:pPr."""
    put(properties, "w:shd", val="clear", color="auto", fill=colour.lstrip("#").upper())


def borders(properties, tag: str, sides: dict[str, tuple[str, int, str]], space: int = 0) -> None:
    """sides: name -> (val, size in eighths of a point, colour or 'auto'); placed in schema order."""
    box = put(properties, tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            val, size, colour = sides[side]
            child(box, side, val=val, sz=str(size), space=str(space),
                  color=colour.lstrip("#").upper() if colour != "auto" else "auto")


def cell_margins(tc_pr, points: float) -> None:
    box = put(tc_pr, "w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        child(box, side, w=str(int(points * 20)), type="dxa")


def field(paragraph, instruction: str, shown: str, new_run) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result, so readers show a number before updating.
    `new_run(paragraph, text)` appends a formatted w:r (text None: an empty run) and returns it."""
    child(new_run(paragraph, None), "fldChar", fldCharType="begin")
    instr = child(new_run(paragraph, None), "instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    child(new_run(paragraph, None), "fldChar", fldCharType="separate")
    new_run(paragraph, shown)
    child(new_run(paragraph, None), "fldChar", fldCharType="end")


A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
"""Office's extension (2017) that marks a picture decorative: screen readers pass it by."""
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def mark_decorative(doc_pr) -> None:
    """Mark a drawing's wp:docPr decorative (a:extLst/a:ext/adec:decorative val=1), its description dropped."""
    doc_pr.attrib.pop("descr", None)
    ext_list = etree.SubElement(doc_pr, f"{{{A_NS}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{A_NS}}}ext", uri=DECORATIVE_EXT)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", {"val": "1"}, nsmap={"adec": DECORATIVE_NS})
