"""Small WordprocessingML helpers: children inserted in the order the schema requires (Word rejects
documents whose property elements are out of order; LibreOffice forgives, so checks must not rely on it)."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Child order of the property elements we touch (ECMA-376 Part 1, 17.3.1.26, 17.4.70, 17.4.60, 17.4.82).
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
    "w:trPr": ["w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
               "w:trPrChange"],
}
_CLARK_ORDER = {qn(parent): [qn(tag) for tag in tags] for parent, tags in SCHEMA_ORDER.items()}


def put(parent, child):
    """Insert `child` into a property element at its schema position, replacing one of the same tag."""
    order = _CLARK_ORDER[parent.tag]
    for old in parent.findall(child.tag):
        parent.remove(old)
    position = order.index(child.tag)
    successors = set(order[position + 1:])
    for index, existing in enumerate(parent):
        if existing.tag in successors:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def element(tag: str, **attributes: str):
    """`element("w:shd", val="clear")` -> <w:shd w:val="clear"/>."""
    node = OxmlElement(tag)
    for key, value in attributes.items():
        node.set(qn(f"w:{key}"), value)
    return node


def shade(properties, colour: str) -> None:
    """Background fill on a w:tcPr or w:pPr."""
    put(properties, element("w:shd", val="clear", color="auto", fill=colour.lstrip("#").upper()))


def borders(properties, tag: str, sides: dict[str, tuple[str, int, str]], space: int = 0) -> None:
    """sides: name -> (val, size in eighths of a point, colour or 'auto'); placed in schema order."""
    box = OxmlElement(tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            val, size, colour = sides[side]
            box.append(element(f"w:{side}", val=val, sz=str(size), space=str(space),
                               color=colour.lstrip("#").upper() if colour != "auto" else "auto"))
    put(properties, box)


def cell_margins(tc_pr, points: float) -> None:
    margins = OxmlElement("w:tcMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(element(f"w:{side}", w=str(int(points * 20)), type="dxa"))
    put(tc_pr, margins)


def field(paragraph, instruction: str, shown: str, new_run) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result, so readers show a number before updating.
    `new_run(paragraph, text)` appends a formatted w:r (text None: an empty run) and returns it."""
    new_run(paragraph, None).append(element("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    new_run(paragraph, None).append(instr)
    new_run(paragraph, None).append(element("w:fldChar", fldCharType="separate"))
    new_run(paragraph, shown)
    new_run(paragraph, None).append(element("w:fldChar", fldCharType="end"))
