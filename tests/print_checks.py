"""What a print master is checked for, read from the file with pikepdf: its boxes and bleed, its output intent and
profile, the PDF/X keys, its colour spaces, its total ink and whether its backgrounds reach the bleed. Each check
returns what it found wrong (empty when the file passes), so that a broken copy shows each one failing."""

from __future__ import annotations

import re

import pikepdf

MM = 72 / 25.4
DEVICE_RGB_OPERATORS = {"rg", "RG"}
SPACE_OPERATORS = {"cs", "CS"}


def _box(page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]] if name in page.obj else []


def box_problems(pdf: pikepdf.Pdf, trim: tuple[float, float], bleed_mm: float) -> list[str]:
    """Every page has a TrimBox of the trimmed page's size, a BleedBox `bleed_mm` around it, a MediaBox holding both."""
    problems = []
    for number, page in enumerate(pdf.pages, 1):
        media, trim_box, bleed_box = (_box(page, f"/{name}") for name in ("MediaBox", "TrimBox", "BleedBox"))
        if not trim_box or not bleed_box:
            problems.append(f"page {number}: no {'TrimBox' if not trim_box else 'BleedBox'}")
            continue
        width, height = trim_box[2] - trim_box[0], trim_box[3] - trim_box[1]
        if abs(width - trim[0]) > 0.01 or abs(height - trim[1]) > 0.01:
            problems.append(f"page {number}: TrimBox {width:.2f} x {height:.2f}, not {trim[0]:.2f} x {trim[1]:.2f}")
        bleed = bleed_mm * MM
        wanted = [trim_box[0] - bleed, trim_box[1] - bleed, trim_box[2] + bleed, trim_box[3] + bleed]
        if any(abs(a - b) > 0.01 for a, b in zip(bleed_box, wanted)):
            problems.append(f"page {number}: BleedBox {bleed_box} is not {bleed_mm} mm around the TrimBox")
        if not (media[0] <= bleed_box[0] and media[1] <= bleed_box[1] and media[2] >= bleed_box[2]
                and media[3] >= bleed_box[3]):
            problems.append(f"page {number}: the BleedBox is outside the MediaBox")
    return problems


def intent_problems(pdf: pikepdf.Pdf, condition: str = "FOGRA39") -> list[str]:
    """One GTS_PDFX output intent naming `condition`, its profile an ICC CMYK output profile; any PDF/A intent
    sharing that one profile object."""
    intents = list(pdf.Root.get("/OutputIntents", []))
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return [f"{len(pdfx)} GTS_PDFX output intents"]
    intent, problems = pdfx[0], []
    if str(intent.get("/OutputConditionIdentifier", "")) != condition:
        problems.append(f"OutputConditionIdentifier {intent.get('/OutputConditionIdentifier')}, not {condition}")
    profile = intent.get("/DestOutputProfile")
    data = profile.read_bytes() if profile is not None else b""
    if data[36:40] != b"acsp" or data[16:20] != b"CMYK" or data[12:16] != b"prtr" or profile.get("/N") != 4:
        problems.append("the DestOutputProfile is not a CMYK output profile")
    for other in intents:
        if other.get("/S") != "/GTS_PDFX" and other.get("/DestOutputProfile").objgen != profile.objgen:
            problems.append(f"the {other.get('/S')} intent has a profile of its own")
    return problems


def key_problems(pdf: pikepdf.Pdf) -> list[str]:
    """PDF 1.6; GTS_PDFXVersion PDF/X-4 and Trapped False in the XMP and the information dictionary."""
    problems = []
    if pdf.pdf_version != "1.6":
        problems.append(f"PDF {pdf.pdf_version}, not 1.6")
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in pdf.Root else ""
    if "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" not in xmp:
        problems.append("no pdfxid:GTS_PDFXVersion PDF/X-4 in the XMP")
    if "<pdf:Trapped>False</pdf:Trapped>" not in xmp:
        problems.append("no pdf:Trapped in the XMP")
    if str(pdf.docinfo.get("/GTS_PDFXVersion", "")) != "PDF/X-4":
        problems.append("no GTS_PDFXVersion in the information dictionary")
    if str(pdf.docinfo.get("/Trapped")) != "/False":
        problems.append(f"Trapped is {pdf.docinfo.get('/Trapped')}")
    return problems


def _contents(pdf: pikepdf.Pdf):
    """(where, content stream object) for every page and every form XObject the pages use."""
    seen = set()
    for number, page in enumerate(pdf.pages, 1):
        yield f"page {number}", page.obj
        pending = [page.obj.get("/Resources", pikepdf.Dictionary())]
        while pending:
            resources = pending.pop()
            for name, xobject in resources.get("/XObject", pikepdf.Dictionary()).items():
                if xobject.objgen in seen or xobject.get("/Subtype") != "/Form":
                    continue
                seen.add(xobject.objgen)
                yield f"page {number} form {name}", xobject
                pending.append(xobject.get("/Resources", pikepdf.Dictionary()))


def _images(pdf: pikepdf.Pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            yield obj


def colour_space_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every colour CMYK, grey or ICC-based: no rg/RG operator, no DeviceRGB colour space or image."""
    problems = []
    for where, holder in _contents(pdf):
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name in DEVICE_RGB_OPERATORS:
                problems.append(f"{where}: {name} (DeviceRGB)")
            elif name in SPACE_OPERATORS and operands and str(operands[0]) == "/DeviceRGB":
                problems.append(f"{where}: {name} /DeviceRGB")
    for image in _images(pdf):
        space = image.get("/ColorSpace")
        if space == "/DeviceRGB" or (isinstance(space, pikepdf.Array) and space[0] != "/ICCBased"):
            problems.append(f"image {image.objgen}: colour space {space}")
    return problems


def most_ink(pdf: pikepdf.Pdf) -> tuple[float, str]:
    """The most ink (C + M + Y + K, in %) any k or K operator sets, and where."""
    most, where_most = 0.0, ""
    for where, holder in _contents(pdf):
        for operands, operator in pikepdf.parse_content_stream(holder):
            if str(operator) in ("k", "K"):
                total = sum(float(value) for value in operands) * 100
                if total > most:
                    most, where_most = total, where
    return most, where_most


def text_fills(pdf: pikepdf.Pdf) -> dict[tuple[float, ...], int]:
    """How many text-showing operators each fill colour (as k operands) draws, over all pages and forms."""
    counts: dict[tuple[float, ...], int] = {}
    for _, holder in _contents(pdf):
        fill: tuple[float, ...] = ()
        for operands, operator in pikepdf.parse_content_stream(holder):
            name = str(operator)
            if name in ("k", "rg", "g"):
                fill = tuple(round(float(value), 3) for value in operands)
            elif name in ("Tj", "TJ"):
                counts[fill] = counts.get(fill, 0) + 1
    return counts


def filled_rectangles(holder) -> list[tuple[tuple[float, ...], tuple[float, float, float, float]]]:
    """(fill colour, rectangle in page space) of each `re f` in a content stream, through `cm` translations."""
    found, fill, origin, stack, rect = [], (), (0.0, 0.0), [], None
    for operands, operator in pikepdf.parse_content_stream(holder):
        name = str(operator)
        if name == "q":
            stack.append(origin)
        elif name == "Q":
            origin = stack.pop() if stack else (0.0, 0.0)
        elif name == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            origin = (origin[0] + e, origin[1] + f)
        elif name == "k":
            fill = tuple(float(v) for v in operands)
        elif name == "re":
            x, y, w, h = (float(v) for v in operands)
            rect = (origin[0] + x, origin[1] + y, origin[0] + x + w, origin[1] + y + h)
        elif name in ("f", "f*", "B", "b") and rect is not None:
            found.append((fill, rect))
            rect = None
    return found


def bleed_problems(pdf: pikepdf.Pdf, page_number: int) -> list[str]:
    """A page whose background runs to the trim must run on to the BleedBox: its largest filled rectangle covers it."""
    page = pdf.pages[page_number - 1]
    bleed = _box(page, "/BleedBox")
    rects = filled_rectangles(page.obj)
    if not rects:
        return [f"page {page_number}: no background"]
    _, (x1, y1, x2, y2) = max(rects, key=lambda item: (item[1][2] - item[1][0]) * (item[1][3] - item[1][1]))
    if x1 > bleed[0] + 0.01 or y1 > bleed[1] + 0.01 or x2 < bleed[2] - 0.01 or y2 < bleed[3] - 0.01:
        return [f"page {page_number}: the background ({x1:.1f}, {y1:.1f}, {x2:.1f}, {y2:.1f}) stops short of the "
                f"BleedBox {bleed}"]
    return []


def xmp_text(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def replace_in_first_content(pdf: pikepdf.Pdf, pattern: bytes, replacement: bytes, page: int = 0) -> None:
    """A broken copy: the first match of `pattern` in a page's content stream replaced."""
    contents = pdf.pages[page].obj.Contents
    data = contents.read_bytes()
    changed = re.sub(pattern, replacement, data, count=1)
    assert changed != data, f"{pattern!r} not found"
    contents.write(changed)
