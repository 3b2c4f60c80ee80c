"""A hostile corpus: several hundred bad, odd, huge, truncated or malicious inputs of every kind the tool reads
(case YAML, layouts, images, reference documents, fonts, articles, command-line arguments). Each asserts its
exact outcome: built (both files, the PDF readable), or refused with the one expected line naming the file, the
line and the key, nothing written and no traceback.

Large inputs are generated here; nothing of the corpus is stored in the repository."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from conftest import BOOK_DIR, CASE_36, copy_book
from reporter.limits import (CASE_FILE_BYTES, IMAGE_PIXELS, REFERENCE_DOCX_MEMBER_BYTES, TEXT_CHARS, YAML_DEPTH,
                             YAML_NODES)

CASE = "036-cetc.yaml"
LAYOUT_HEAD = 'extends = "default"\nname = "t"\n'
"""Lines 1-2 of every corpus layout: its own keys start on line 3."""
BUILT = "built"


@dataclass
class Hostile:
    """One input: files to write into the scratch folder (relative path -> bytes, or a function of the folder),
    edits of the case file (old -> new), the command's arguments after `build CASE`, and the outcome."""

    expected: str
    """BUILT, or the error line without 'error: '; {case}, {layout}, {dir} stand for the scratch files."""
    files: dict[str, bytes | Callable[[Path], None]] = field(default_factory=dict)
    case_edit: tuple[str, str] | None = None
    layout: str | bytes | None = None
    """A layout's text (LAYOUT_HEAD added unless `whole_layout`), written as layouts/t.toml, used with --layout."""
    whole_layout: bool = False
    args: tuple[str, ...] = ()
    case_text: bytes | None = None
    """The whole case file, for inputs that are not an edit of case 36."""
    article: bytes | None = None
    """Run `reporter import article.txt --book book` on these bytes instead of a build."""


CORPUS: dict[str, Hostile] = {}


def add(name: str, hostile: Hostile) -> None:
    assert name not in CORPUS, name
    CORPUS[name] = hostile


# -- pictures ---------------------------------------------------------------------------------------------------

def png(width: int = 40, height: int = 20, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (40, 20)).save(buffer, "JPEG")
    return buffer.getvalue()


def other(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20)).save(buffer, fmt)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width x height pixels in a few hundred bytes (a pixel bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


PICTURES: dict[str, tuple[str, bytes, str | None]] = {
    # name: (file name, content, None when it builds, else the message after the key)
    "png": ("pic.png", png(), None),
    "png palette": ("pic.png", png(mode="P"), None),
    "png grey": ("pic.png", png(mode="L"), None),
    "png grey alpha": ("pic.png", png(mode="LA"), None),
    "png alpha": ("pic.png", png(mode="RGBA"), None),
    "png 1-bit": ("pic.png", png(mode="1"), None),
    "png 16-bit": ("pic.png", png(mode="I;16"), None),
    "png 1x1": ("pic.png", png(1, 1), None),
    "png 1x2000": ("pic.png", png(1, 2000), None),
    "png 600x100": ("pic.png", png(600, 100), None),
    "jpeg": ("pic.jpg", jpeg(), None),
    "jpeg grey": ("pic.jpg", jpeg("L"), None),
    "jpeg cmyk": ("pic.jpg", jpeg("CMYK"),
                  "pic.jpg is a JPEG image in CMYK mode; Word cannot read CMYK JPEG files; convert it to RGB"),
    "empty": ("pic.png", b"", "the image file is empty"),
    "text": ("pic.png", b"hello, world\n", "pic.png is not a PNG or JPEG image (unrecognised content); save it as "
             "PNG or JPEG"),
    "svg": ("pic.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "pic.png is not a PNG or JPEG image (an SVG "
            "drawing); save it as PNG or JPEG"),
    "svg xml": ("pic.svg", b'<?xml version="1.0"?><svg/>', "pic.svg is not a PNG or JPEG image (XML, perhaps an "
                "SVG drawing); save it as PNG or JPEG"),
    "webp": ("pic.webp", other("WEBP"), "pic.webp is not a PNG or JPEG image (WebP or another RIFF file); save it "
             "as PNG or JPEG"),
    "gif": ("pic.gif", other("GIF"), "pic.gif is not a PNG or JPEG image (a GIF); save it as PNG or JPEG"),
    "bmp": ("pic.bmp", other("BMP"), "pic.bmp is not a PNG or JPEG image (a BMP); save it as PNG or JPEG"),
    "tiff": ("pic.tif", other("TIFF"), "pic.tif is not a PNG or JPEG image (a TIFF); save it as PNG or JPEG"),
    "pdf": ("pic.png", b"%PDF-1.4\n%%EOF\n", "pic.png is not a PNG or JPEG image (a PDF); save it as PNG or JPEG"),
    "png truncated": ("pic.png", png(400, 300)[:200], "pic.png is truncated or damaged (image file is truncated); "
                      "save it again"),
    "jpeg truncated": ("pic.jpg", jpeg()[:300], "pic.jpg cannot be read (Truncated File Read); save it again as PNG "
                       "or JPEG"),
    "pixel bomb": ("pic.png", png_header_only(100_000, 100_000),
                   f"pic.png has too many pixels; the limit is {IMAGE_PIXELS:,}"),
    "pixel bomb below PIL's limit": ("pic.png", png_header_only(9000, 9000),
                                     f"pic.png is 9000 x 9000 pixels; the limit is {IMAGE_PIXELS:,} pixels (about "
                                     "8000 x 5000): scale it down"),
    "png header only": ("pic.png", b"\x89PNG\r\n\x1a\n", "pic.png is not a PNG or JPEG image (unrecognised "
                        "content); save it as PNG or JPEG"),
}

FIGURE_LINE = "          - caption: {zh: 中国电科 大爱无疆 科技小屋"
FIGURE_KEY = "sections[1].subsections[2].figures[0].image"


def figure(name: str) -> tuple[str, str]:
    """The case edit that gives the first figure of case 36 the image `name`."""
    return FIGURE_LINE, f"          - image: {name}\n            caption: {{zh: 中国电科 大爱无疆 科技小屋"


for label, (file_name, content, message) in PICTURES.items():
    add(f"figure: {label}", Hostile(BUILT if message is None else f"{{case}}:292: {FIGURE_KEY}: {message}",
                                    files={f"book/{file_name}": content}, case_edit=figure(file_name)))
    if not file_name.endswith((".png", ".jpg")):  # a layout names its logo by a .png or .jpg file, checked first
        message = f"logo must be a PNG or JPEG file, got {file_name}"
    add(f"logo: {label}", Hostile(BUILT if message is None else f"{{layout}}:3: logo.file: {message}",
                                  files={f"layouts/{file_name}": content}, layout=f'logo.file = "{file_name}"\n'))
    add(f"logo on dark: {label}", Hostile(
        BUILT if message is None else f"{{layout}}:4: logo.on_dark: {message}",
        files={"layouts/light.png": png(), f"layouts/{file_name}": content},
        layout=f'logo.file = "light.png"\nlogo.on_dark = "{file_name}"\n'))


add("figure: png 2000x1", Hostile(BUILT, files={"book/pic.png": png(2000, 1)}, case_edit=figure("pic.png")))
for key, line, extra in (("file", 3, ""), ("on_dark", 4, 'logo.file = "pic.png"\n')):
    add(f"logo {key}: png 2000x1", Hostile(
        f"{{layout}}:{line}: logo.{key}: pic.png (2000 x 1 pixels) is 16000 mm wide at 8 mm high; a logo takes at "
        "most 57 mm (a third of the text width): lower logo.height_mm or crop the image",
        files={"layouts/pic.png": png(2000, 1)}, layout=f'{extra}logo.{key} = "pic.png"\n'))
add("logo: png 600x100 at 60 mm", Hostile(
    "{layout}:3: logo.file: pic.png (600 x 100 pixels) is 360 mm wide at 60 mm high; a logo takes at most 57 mm (a "
    "third of the text width): lower logo.height_mm or crop the image",
    files={"layouts/pic.png": png(600, 100)}, layout='logo.file = "pic.png"\nlogo.height_mm = 60\n'))


def symlink(link: str, target: str) -> Callable[[Path], None]:
    """A maker of a symbolic link `link` to `target` (absolute, or relative to the scratch folder)."""
    def make(folder: Path) -> None:
        (folder / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else folder / target, folder / link)
    return make


def fifo(path: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(folder / path)
    return make


def subfolder(path: str) -> Callable[[Path], None]:
    return lambda folder: (folder / path).mkdir(parents=True)


def places(sub: str) -> dict[str, tuple[str, dict, str | None]]:
    """Where a file named by a case (sub 'book') or a layout (sub 'layouts') may lead: (the name given, the files
    to make, the message after the key or None when it builds)."""
    where, what, keep = (("book", "case", "images inside the book's folder") if sub == "book" else
                         ("layout", "layout", "the file beside the layout"))
    nor = "" if sub == "book" else " nor in a layouts folder"
    prefix = "" if sub == "book" else "logo file "
    missing = "image file not found: " if sub == "book" else "logo file not found: "
    return {
        "absolute": ("/etc/passwd", {}, f"{prefix}/etc/passwd is not in the {where}'s folder{nor}; give a path "
                     f"relative to the {what} file"),
        "home": ("~/pic.png", {}, f"{prefix}~/pic.png is not in the {where}'s folder{nor}; give a path relative "
                 f"to the {what} file"),
        "parent": ("../pic.png", {"pic.png": png()},
                   f"{prefix}../pic.png leads outside the {where}'s folder, to {{dir}}/pic.png; keep {keep}"),
        "deep parent": ("../../../../../../../../etc/passwd", {}, f"{prefix}../../../../../../../../etc/passwd "
                        f"leads outside the {where}'s folder, to /etc/passwd; keep {keep}"),
        "symlink out": ("link.png", {f"{sub}/link.png": symlink(f"{sub}/link.png", "/etc/passwd")},
                        f"{prefix}link.png leads outside the {where}'s folder, to /etc/passwd; keep {keep}"),
        "symlink to a picture outside": ("link.png", {"pic.png": png(),
                                                      f"{sub}/link.png": symlink(f"{sub}/link.png", "pic.png")},
                                         f"{prefix}link.png leads outside the {where}'s folder, to {{dir}}/pic.png; "
                                         f"keep {keep}"),
        "symlink inside": ("link.png", {f"{sub}/pic.png": png(),
                                        f"{sub}/link.png": symlink(f"{sub}/link.png", f"{sub}/pic.png")}, None),
        "subfolder": ("pics/pic.png", {f"{sub}/pics/pic.png": png()}, None),
        "missing": ("nope.png", {}, f"{missing}nope.png"),
        "a folder": ("pics", {f"{sub}/pics": subfolder(f"{sub}/pics")}, f"{missing}pics"),
        "a fifo": ("pipe.png", {f"{sub}/pipe.png": fifo(f"{sub}/pipe.png")}, f"{missing}pipe.png"),
    }


for label, (given, files, message) in places("book").items():
    add(f"figure path: {label}", Hostile(BUILT if message is None else f"{{case}}:292: {FIGURE_KEY}: {message}",
                                         files=files, case_edit=figure(given)))
for label, (given, files, message) in places("layouts").items():
    add(f"logo path: {label}", Hostile(BUILT if message is None else f"{{layout}}:3: logo.file: {message}",
                                       files=files, layout=f'logo.file = "{given}"\n'))


# -- layouts ----------------------------------------------------------------------------------------------------

LAYOUT_NUMBERS = {
    # key: (lowest, highest) it takes
    "page.margins_mm.top": (5, 60), "page.margins_mm.bottom": (5, 60), "page.margins_mm.left": (5, 60),
    "page.margins_mm.right": (5, 60), "type.base": (6, 20), "type.scale": (1, 2), "type.leading": (1, 3),
    "type.block_space": (0, 48), "styles.body.step": (-8, 12), "styles.body.leading": (0.8, 3),
    "styles.body.before": (0, 72), "styles.body.after": (0, 72), "metrics.count": (1, 12),
    "metrics.columns": (1, 6),
}
INTEGER_KEYS = ("metrics.count", "metrics.columns")


def number_message(key: str, toml_value: str) -> str:
    """What the layout loader says of `key = toml_value`: strict numbers, finite, within the key's range."""
    low, high = LAYOUT_NUMBERS[key]
    whole = key in INTEGER_KEYS
    kind = "whole number" if whole else "number"
    shown = {"true": "True", '"7"': "'7'", "[1]": "[1]", "1e308": "1e+308", "-1e308": "-1e+308"}
    if toml_value in ("true", '"7"', "[1]") or (whole and toml_value in ("nan", "inf", "-inf", "1e308", "-1e308",
                                                                         "1.5")):
        return f"expected a {kind}, got {shown.get(toml_value, toml_value)}"
    if toml_value in ("nan", "inf", "-inf"):
        return f"expected a finite number, got {toml_value}"
    if toml_value in ("1e308", f"{high + 1}"):
        return f"must be at most {high:g}, got {shown.get(toml_value, toml_value)}"
    return f"must be at least {low:g}, got {shown.get(toml_value, toml_value)}"


for key, (low, high) in LAYOUT_NUMBERS.items():
    values = ["nan", "inf", "-inf", "1e308", "-1e308", "true", '"7"', "[1]", f"{high + 1}", f"{low - 1}"]
    values += ["1.5"] if key in INTEGER_KEYS else []
    table, _, name = key.rpartition(".")
    styles_body = 'styles.body.font = "body"\n' if key.startswith("styles.body") else ""
    for value in values:
        line = 3 + bool(styles_body)
        add(f"layout {key} = {value}", Hostile(f"{{layout}}:{line}: {key}: {number_message(key, value)}",
                                               layout=f"{styles_body}{key} = {value}\n"))

LAYOUTS = {
    # name: (layout text after LAYOUT_HEAD, the message, or BUILT)
    "smallest page": ('page.size = [70, 84]\npage.margins_mm = {top = 12, bottom = 12, left = 5, right = 5}\n',
                      BUILT),
    "smallest page without head or foot": ('page.size = [70, 70]\n'
                                           'page.margins_mm = {top = 5, bottom = 5, left = 5, right = 5}\n'
                                           'header.show = false\nfooter = {source = false, page_numbers = false}\n',
                                           BUILT),
    "running head in a 5 mm margin": ('page.margins_mm = {top = 5, bottom = 20, left = 20, right = 20}\n',
                                      "{layout}:3: page.margins_mm: the top margin is 5 mm; the running head needs at "
                                      "least 12 mm (or set header.show = false)"),
    "footer in a 5 mm margin": ('page.margins_mm = {top = 20, bottom = 5, left = 20, right = 20}\n',
                                "{layout}:3: page.margins_mm: the bottom margin is 5 mm; the footer needs at least "
                                "12 mm (or turn its source, page numbers and text off)"),
    "page smaller than its margins": ('page.size = [100, 100]\n'
                                      'page.margins_mm = {top = 60, bottom = 60, left = 20, right = 20}\n',
                                      "{layout}:4: page.margins_mm: the text frame is 60 x -20 mm (the page less "
                                      "its margins); it needs at least 60 x 60 mm"),
    "frame too narrow": ('page.size = [90, 297]\n', "{layout}:3: page.size: the text frame is 50 x 257 mm "
                         "(the page less its margins); it needs at least 60 x 60 mm"),
    "page nan": ("page.size = [nan, 297]\n", "{layout}:3: page.size: expected finite numbers, got [nan, 297]"),
    "page huge": ("page.size = [1e308, 297]\n", "{layout}:3: page.size: page width and height must be between 70 "
                  "and 1000 mm"),
    "page one number": ("page.size = [210]\n", "{layout}:3: page.size: expected [width_mm, height_mm], two "
                        "numbers, got [210]"),
    "page unknown": ('page.size = "A0"\n', "{layout}:3: page.size: unknown page size 'A0'; use A4, A5, Letter, "
                     "Legal or [width_mm, height_mm]"),
    "largest style too large": ('type.base = 20\ntype.scale = 2\n', "{layout}:4: type.scale: the style comes "
                                "to 320.0 pt (base x scale^step); keep it between 5 and 96 pt"),
    "style too small": ('styles.footer.font = "label"\nstyles.footer.step = -8\n', "{layout}:4: styles.footer.step: "
                        "the style comes to 2.4 pt (base x scale^step); keep it between 5 and 96 pt"),
    "lines do not fit": ('page.size = [120, 94]\npage.margins_mm = {top = 12, bottom = 12, left = 10, right = 10}\n'
                         'type.base = 20\n', "{layout}:4: page.margins_mm: the text frame is 70 mm high; it must "
                         "hold 4 lines of the largest style (19 mm each)"),
    "NUL in header": ('header.text = "a\\u0000b"\n', "{layout}:3: header.text: control character U+0000 in "
                      "'a\\x00b'; remove it"),
    "escape in footer": ('footer.text = "\\u001b[31mred"\n', "{layout}:3: footer.text: control character U+001B in "
                         "'\\x1b[31mred'; remove it"),
    "DEL in name": ('description = "x\\u007f"\n', "{layout}:3: description: control character U+007F in 'x\\x7f'; "
                    "remove it"),
    "header too long": (f'header.text = "{"页" * 501}"\n', "{layout}:3: header.text: text of 501 characters; at "
                        "most 500"),
    "header ok": ('header.text = "Prepared for 客户 · 2026"\n', BUILT),
    "footer text": ('footer.text = "Acme — “quoted” & <marked>"\n', BUILT),
    "footer text per language": ('footer.text = { zh = "客户", en = "Client" }\n', BUILT),
    "escape in a footer text per language": ('footer.text = { en = "\\u001b[31mred" }\n', "{layout}:3: footer.text: control character U+001B in "
                                             "'\\x1b[31mred'; remove it"),
    "footer text in an unknown language": ('footer.text = { fr = "Client" }\n', "{layout}:3: footer.text: a text per "
                                           "language takes the keys zh and en; got ['fr']"),
    "extends etc passwd": ('"/etc/passwd"', "{layout}:1: extends: expected the name of a layout (as 'default') or a "
                           ".toml file beside this one, got '/etc/passwd'"),
    "extends parent folder": ('"../x.toml"', "{layout}:1: extends: ../x.toml is not in this layout's folder; extend a "
                              "layout by its name, or a .toml file beside this one"),
    "extends a number": ("7", "{layout}:1: extends: expected the name of a layout (as 'default') or a .toml file "
                         "beside this one, got 7"),
    "extends unknown": ('"nope"', "{layout}:1: extends: extends 'nope', which is not a layout"),
    "extends itself": ('"t"', "{layout}:1: extends: layouts extend each other in a cycle: t -> t"),
    "extends dots": ('"../../etc/passwd"', "{layout}:1: extends: expected the name of a layout (as 'default') or a "
                     ".toml file beside this one, got '../../etc/passwd'"),
    "unknown key": ('colours.primery = "#112233"\n', "{layout}:3: colours.primery: unknown key; did you mean "
                    "'primary'?"),
    "colour nan": ('colours.primary = "nan"\n', "{layout}:3: colours.primary: 'nan' is not a colour; write it as "
                   "#RRGGBB"),
    "colour number": ('colours.primary = 0x112233\n', "{layout}:3: colours.primary: expected text, got "
                      "1122867"),
    "blocks empty": ("blocks.order = []\n", "{layout}:3: blocks.order: a brief needs at least one block"),
    "blocks twice": ('blocks.order = ["title", "title"]\n', "{layout}:3: blocks.order: block 'title' is listed "
                     "twice"),
    "blocks one": ('blocks.order = ["index"]\n', BUILT),
    "toml syntax": ("colours = [\n", "{layout}:3: TOML syntax error: Invalid value"),
    "toml binary": (b"\xff\xfe\x00\x01", "{layout}: not UTF-8 text"),
    "reference not docx": ('reference_docx = "ref.txt"\n', "{layout}:3: reference_docx: reference document not "
                           "found: ref.txt"),
    "font absolute outside": ('fonts.body.pdf_latin = "/etc/passwd"\n', "{layout}:3: fonts.body.pdf_latin: "
                              "/etc/passwd is not in a font folder; put it beside the layout, in ./fonts or in a "
                              "folder of REPORTER_FONT_PATH"),
    "font face letters": ('fonts.body.pdf_latin = "uming.ttc#x"\n', "{layout}:3: fonts.body.pdf_latin: the face "
                          "after '#' must be a number, as uming.ttc#0; got 'uming.ttc#x'"),
    "font face huge": ('fonts.body.pdf_latin = "uming.ttc#99999999999"\n', "{layout}:3: fonts.body.pdf_latin: the "
                       "face after '#' must be a number, as uming.ttc#0; got 'uming.ttc#99999999999'"),
    "font face beyond": ('fonts.body.pdf_latin = "uming.ttc#7"\n', "{layout}:3: fonts.body.pdf_latin: font "
                         "uming.ttc has 4 faces; #7 is not one of them"),
    "font missing": ('fonts.body.pdf_latin = "NoSuch.ttf"\n', "{layout}:3: fonts.body.pdf_latin: font file not "
                     "found: NoSuch.ttf (looked in the layout's folder, {font_dirs})"),
}
for label, (text, expected) in LAYOUTS.items():
    if label.startswith("extends"):
        add(f"layout {label}", Hostile(expected, layout=f'extends = {text}\nname = "t"\n', whole_layout=True))
    else:
        add(f"layout {label}", Hostile(expected, layout=text, whole_layout=isinstance(text, bytes)))



# -- reference Word documents -----------------------------------------------------------------------------------

def word_document() -> bytes:
    from docx import Document
    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def rezip(change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None,
          method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """Python-docx's blank document with each part passed through `change` (None drops it)."""
    source = zipfile.ZipFile(io.BytesIO(word_document()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def in_styles(transform: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: transform(data) if name == "word/styles.xml" else data


XXE = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
LAUGHS = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
REFERENCES = {
    "word document": (word_document(), None),
    "not a zip": (b"hello", "ref.docx is not a Word document (not a zip file); save it from Word as .docx"),
    "empty": (b"", "ref.docx is not a Word document (not a zip file); save it from Word as .docx"),
    "truncated": (word_document()[:5000], "ref.docx is not a Word document (not a zip file); save it from Word as "
                  ".docx"),
    "empty zip": (rezip(lambda name, data: None), "ref.docx has no [Content_Types].xml; save it from Word as a "
                  ".docx document"),
    "no styles": (rezip(lambda name, data: None if name == "word/styles.xml" else data),
                  "ref.docx has no word/styles.xml; save it from Word as a .docx document"),
    "no document": (rezip(lambda name, data: None if name == "word/document.xml" else data),
                    "ref.docx has no word/document.xml; save it from Word as a .docx document"),
    "broken xml": (rezip(in_styles(lambda data: data[:-30])), "ref.docx, part word/styles.xml, line 2: the XML is "
                   "broken (expected '>', line 2, column 349373)"),
    "external entity": (rezip(in_styles(lambda data: data.replace(b"?>", b"?>" + XXE, 1))),
                        "ref.docx, part word/styles.xml declares a DTD or entities, which Word never writes; refused "
                        "as unsafe"),
    "entity bomb": (rezip(in_styles(lambda data: data.replace(b"?>", b"?>" + LAUGHS, 1))),
                    "ref.docx, part word/styles.xml declares a DTD or entities, which Word never writes; refused as "
                    "unsafe"),
    "entity in document": (rezip(lambda n, d: d.replace(b"?>", b"?>" + XXE, 1) if n == "word/document.xml" else d),
                           "ref.docx, part word/document.xml declares a DTD or entities, which Word never writes; "
                           "refused as unsafe"),
    "huge styles part": (rezip(in_styles(lambda data: data + b"<!--" + b" " * (REFERENCE_DOCX_MEMBER_BYTES + 10)
                                         + b"-->")),
                         "ref.docx, part word/styles.xml unpacks to 16 MiB; the limit is 16 MiB"),
    "zip bomb part": (rezip(lambda n, d: d, {"word/media/bomb.bin": b"\0" * (8 * 1024 * 1024)}),
                      "ref.docx, part word/media/bomb.bin unpacks 1028 times its packed size (a zip bomb); the limit "
                      "is 200"),
    "many parts": (rezip(lambda n, d: d, {f"customXml/item{i}.txt": b"x" for i in range(2001)}),
                   "ref.docx has 2,018 parts; the limit is 2,000"),
    "stored, not deflated": (rezip(lambda n, d: d, method=zipfile.ZIP_STORED), None),
}
for label, (content, message) in REFERENCES.items():
    add(f"reference {label}", Hostile(BUILT if message is None else f"{{layout}}:3: reference_docx: {message}",
                                      files={"layouts/ref.docx": content}, layout='reference_docx = "ref.docx"\n'))


# -- fonts ------------------------------------------------------------------------------------------------------

from reporter.fonts.locate import described_dirs  # noqa: E402 (beside the font cases it serves)


def system_font(name: str) -> bytes:
    from reporter.fonts.locate import find_font
    return find_font(name)[0].read_bytes()


FONTS = {
    "empty": (b"", "font f.ttf cannot be read: it is not an OpenType font (TrueType or CFF)"),
    "text": (b"hello, world\n", "font f.ttf cannot be read: it is not an OpenType font (TrueType or CFF)"),
    "truncated header": (lambda: system_font("DejaVuSans.ttf")[:2000], "font f.ttf cannot be read: the file is "
                         "truncated or damaged"),
    "truncated tables": (lambda: system_font("DejaVuSans.ttf")[:300_000], "font f.ttf cannot be read: the file is "
                         "truncated or damaged"),
    "zeroed tables": (lambda: (lambda d: d[:400] + bytes(len(d) - 400))(system_font("DejaVuSans.ttf")),
                      "font f.ttf cannot be read: its head table gives 0 units to the em"),
    "a real font": (lambda: system_font("DejaVuSans.ttf"), None),
}
for label, (content, message) in FONTS.items():
    add(f"font {label}", Hostile(BUILT if message is None else f"{{layout}}:3: fonts.body.pdf_latin: {message}",
                                 files={"layouts/f.ttf": content() if callable(content) else content}, layout='fonts.body.pdf_latin = "f.ttf"\n',
                                 args=("--lang", "en")))


# -- case files -------------------------------------------------------------------------------------------------

METRIC_VALUES = {
    # YAML text of metrics[0].value (line 32): the message, or BUILT
    "0": BUILT, "-7300.24": BUILT, "999999999999999": BUILT, "0.000001": BUILT, "1.5e+3": BUILT,
    "1000000000000000": "1,000,000,000,000,000 is too large: metric values stay below 10^15",
    "1.0e+30": "1e+30 is too large: metric values stay below 10^15",
    "-1.0e+30": "-1e+30 is too large: metric values stay below 10^15",
    "1e30": "1e+30 is too large: metric values stay below 10^15",  # YAML 1.1 reads 1e30 as text
    ".nan": "expected a finite number, got nan",
    ".inf": "expected a finite number, got inf",
    "-.inf": "expected a finite number, got -inf",
    "1.0e+308": "1e+308 is too large: metric values stay below 10^15",
    "1" + "0" * 5000: "a number of 5,001 digits; metric values stay below 10^15",
    "0.0000001": "1E-7 has more than 6 decimals",
    "1.1234567": "1.1234567 has more than 6 decimals",
    "0x1F": BUILT,
    "'7300'": BUILT,  # a number in quotes is still a number
    "true": "expected a number, got True",
    "null": "{case}:30: metrics[0]: value is required (or from and to for a change)",
    "[]": "expected a number, got []",
    "{}": "expected a number, got {{}}",
    "7,300": "expected a number, got '7,300'",
    "七千": "expected a number, got '七千'",
    "2021-11-15": "expected a number, got '2021-11-15'",
}
for value, message in METRIC_VALUES.items():
    add(f"metric value {value[:20]}", Hostile(message if message in (BUILT,) or message.startswith("{case}") else
                                              f"{{case}}:32: metrics[0].value: {message}",
                                              case_edit=("value: 7300.24", f"value: {value}")))

TITLE = "  zh: 中国电科：“综合党建+特色产业+志愿服务”精准扶贫模式"
CASE_EDITS = {
    # name: (old, new, the message, or BUILT); {line} is the line of the new text
    "date month 13": ("date: 2021-11-15", "date: 2021-13-15", "{case}:6: date: expected a date as YYYY-MM-DD, got "
                      "'2021-13-15'"),
    "date year 99999": ("date: 2021-11-15", "date: 99999-11-15", "{case}:6: date: expected a date as YYYY-MM-DD, got "
                        "'99999-11-15'"),
    "date a number": ("date: 2021-11-15", "date: 20211115", "{case}:6: date: expected a date as YYYY-MM-DD, got "
                      "20211115"),
    "date year 1": ("date: 2021-11-15", "date: 0001-01-01", BUILT),
    "date a time": ("date: 2021-11-15", "date: 2021-11-15 10:00:00", "{case}:6: date: expected a date as YYYY-MM-DD, got '2021-11-15 10:00:00'"),
    "enterprise a list": ("enterprise: cetc", "enterprise: [cetc]", "{case}:5: enterprise: expected text, got "
                          "['cetc']"),
    "enterprise unknown": ("enterprise: cetc", "enterprise: ../../etc/passwd", "{case}:5: enterprise: "
                           "'../../etc/passwd' is not in the book's catalogue; `reporter status BOOK_DIR` lists the "
                           "enterprises with their ids"),
    "enterprise empty": ("enterprise: cetc", "enterprise: ''", "{case}:5: enterprise: '' is not in the book's catalogue; `reporter status "
                                          "BOOK_DIR` lists the enterprises with their ids"),
    "title NUL": (TITLE, '  zh: "中国电科\\0"', '{case}:8: title.zh: control or unassigned character U+0000 in text'),
    "title escape": (TITLE, '  zh: "中国电科\\e[31m"', '{case}:8: title.zh: control or unassigned character U+001B in text'),
    "title bidi override": (TITLE, "  zh: 中国电科\u202e科电国中", '{case}:8: title.zh: bidirectional control character U+202E in text (it reorders what a reader sees); remove it'),
    "title bidi isolate": (TITLE, "  zh: 中国电科\u2066x\u2069", '{case}:8: title.zh: bidirectional control character U+2066 in text (it reorders what a reader sees); remove it'),
    "title zero width": ("  zh: 中国电科：“综合党建", "  zh: 中国电科\u200b：“综合党建", BUILT),
    "title astral": ("  zh: 中国电科：“综合党建", "  zh: 中国电科𠀀😀：“综合党建", BUILT),
    "title markup": (TITLE, '  zh: "<b>中国电科</b>&amp;<font size=99>x</font><para>"', BUILT),
    "title lone surrogate": (TITLE, '  zh: "中国电科\\uD800"', '{case}:8: YAML syntax error: found invalid Unicode character escape code'),
    "title over the limit": ("  zh: 中国电科：“综合党建", f"  zh: {'长' * (TEXT_CHARS + 1)}：“综合党建", '{case}:8: title.zh: text of 50,024 characters; the limit is 50,000 (split it)'),
    "title at the limit": ("  zh: 中国电科：“综合党建+特色产业+志愿服务”精准扶贫模式",
                           f"  zh: {'长' * TEXT_CHARS}", BUILT),
    "keywords 13": ("keywords:\n", "keywords:\n" + "  - {zh: 多, en: more}\n" * 8, '{case}:22: keywords: allows at most 12 item(s)'),
    "keyword long": ("  - {zh: 乡村振兴, en: rural revitalisation}",
                     f"  - {{zh: {'长' * 300}, en: rural revitalisation}}", BUILT),
    "tag set": ("enterprise: cetc", "enterprise: !!set {cetc: null}", '{case}:5: enterprise: YAML tag !!set is not allowed: plain text, numbers, lists and mappings only'),
    "tag python": ("enterprise: cetc", "enterprise: !!python/object/apply:os.system ['true']", '{case}:5: enterprise: YAML tag !!python/object/apply:os.system is not allowed: plain text, numbers, lists and mappings only'),
    "tag binary": ("enterprise: cetc", "enterprise: !!binary aGVsbG8=", '{case}:5: enterprise: YAML tag !!binary is not allowed: plain text, numbers, lists and mappings only'),
    "tag local": ("enterprise: cetc", "enterprise: !mine cetc", '{case}:5: enterprise: YAML tag !mine is not allowed: plain text, numbers, lists and mappings only'),
    "tag str": ("enterprise: cetc", "enterprise: !!str cetc", BUILT),
    "complex key": ("enterprise: cetc", "? [a, b]\n: c\nenterprise: cetc", '{case}:5: a key must be plain text, not a list or a mapping'),
    "number key": ("enterprise: cetc", "7: x\nenterprise: cetc", '{case}:5: a key must be text, got 7 (put it in quotes)'),
    "merge key": ("  - id: funds\n", "  - &m\n    id: funds\n", BUILT),
    "summary of 20,000 characters": ("summary:\n  zh: >-\n    ", "summary:\n  zh: >-\n    " + "长篇摘要" * 5000, BUILT),
    "metric label of 20,000 characters": ("label: {zh: 向两个定点扶贫县累计投入帮扶资金", "label: {zh: " + "长" * 20_000, BUILT),
    "honour of 20,000 characters": ("  - zh: 2019年、2020年", "  - zh: " + "荣" * 20_000 + "2019年、2020年", BUILT),
    "caption of 20,000 characters": ("          - caption: {zh: 中国电科援建的高建村党群服务中心",
                                     "          - caption: {zh: " + "图" * 20_000, BUILT),
    "anchor and alias": ("  - {zh: 乡村振兴, en: rural revitalisation}",
                         "  - &k {zh: 乡村振兴, en: rural revitalisation}\n  - *k", BUILT),
    "undefined alias": ("source: {zh: 责任云, en: Zerenyun}", "source: *nothing", '{case}:10: YAML syntax error: found undefined alias'),
    "duplicate key": ("date: 2021-11-15\n", "date: 2021-11-15\ndate: 2021-11-16\n", '{case}:7: date: duplicate key'),
    "tab indentation": ("    value: 7300.24", "\tvalue: 7300.24", '{case}:32: YAML syntax error: a tab indents this line; YAML indents with spaces only'),
    "unknown field": ("date: 2021-11-15", "date: 2021-11-15\ndatum: 2021-11-15", "{case}:7: datum: unknown field; did you mean 'date'?"),
    "sections empty": ("sections:", "sectionz:", "{case}:180: sectionz: unknown field; did you mean 'sections'?"),
}
for label, (old, new, expected) in CASE_EDITS.items():
    add(f"case {label}", Hostile(expected, case_edit=(old, new)))
add("case unbreakable English title of 20,000 characters", Hostile(
    BUILT, case_edit=('  en: "CETC: Targeted', '  en: "' + "x" * 20_000), args=("--lang", "zh+en")))


def alias_bomb(levels: int = 9) -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join(f'*a{level - 1}' for _ in range(9))}]")
    return ("\n".join(lines) + "\n").encode()


def _cut(data: bytes, share: float, whole_lines: bool = False) -> bytes:
    """The first `share` of a file, cut at a character's start (or a line's end): a truncated download whose cut
    does not move as the example case is edited."""
    end = int(len(data) * share)
    if whole_lines:
        return data[:data.rindex(b"\n", 0, end) + 1]
    while end and data[end] & 0xC0 == 0x80:
        end -= 1
    return data[:end]


CASE_FILES = {
    # name: (the whole case file, the message)
    "empty": (b"", '{case}: file is empty'),
    "a comment": (b"# nothing\n", '{case}: file is empty (no YAML content)'),
    "a list": (b"- a\n- b\n", '{case}:1: expected a mapping of fields at the top, got list'),
    "a scalar": (b"cetc\n", '{case}:1: expected a mapping of fields at the top, got str'),
    "binary": (bytes(range(256)) * 4, '{case}:2: not UTF-8 text (byte 0x80); save it as UTF-8'),
    "NUL": (b"enterprise: cetc\0\n", '{case}:1: character U+0000 is not allowed in YAML text'),
    "UTF-16": ("enterprise: cetc\n".encode("utf-16"), '{case}:1: UTF-16 text; save it as UTF-8'),
    "UTF-8 BOM": (b"\xef\xbb\xbf" + CASE_36.read_bytes(), BUILT),
    "GB18030": ("enterprise: cetc\ntitle: {zh: 中国}\n".encode("gb18030"), '{case}:2: not UTF-8 text (byte 0xd6); save it as UTF-8'),
    "alias bomb": (alias_bomb(), '{case}:1: a5[1][7][8][6][5][8]: more than 200,000 values (aliases counted where used): the file is too large or an alias bomb'),
    "alias bomb in a case": (CASE_36.read_bytes() + b"\n" + alias_bomb().replace(b"a0:", b"x0:"), '{case}:353: a5[1][7][8][2][4][4]: more than 200,000 values (aliases counted where used): the file is too large or an alias bomb'),
    "deep nesting": (b"enterprise: " + b"[" * (YAML_DEPTH + 5) + b"]" * (YAML_DEPTH + 5) + b"\n", '{case}:1: enterprise[0][0][0][0][0][0][0]...: nested more than 40 levels deep (or an alias refers to itself)'),
    "deep mappings": (b"enterprise:\n" + b"".join(b"  " * i + b"k: \n" for i in range(1, YAML_DEPTH + 5)), '{case}:42: enterprise.k.k.k.k.k.k.k...: nested more than 40 levels deep (or an alias refers to itself)'),
    "recursive alias": (b"enterprise: &a [*a]\n", '{case}:1: enterprise[0][0][0][0][0][0][0]...: nested more than 40 levels deep (or an alias refers to itself)'),
    "many nodes": (b"honours: [" + b"x, " * (YAML_NODES + 10) + b"]\n", '{case}:1: honours[199998]: more than 200,000 values (aliases counted where used): the file is too large or an alias bomb'),
    "over the size limit": (b"# " + b"x" * CASE_FILE_BYTES + b"\n", '{case}: this YAML file is 2,097,155 bytes; the limit is 2 MiB (2,097,152 bytes)'),
    "long line": (b"enterprise: " + b"c" * 1_000_000 + b"\n", '{case}:1: title: required field missing\n'
                  'error: {case}:1: date: required field missing\nerror: {case}:1: summary: required field missing\n'
                  'error: {case}:1: sections: required field missing'),
    "truncated quarter": (_cut(CASE_36.read_bytes(), 1 / 4), '{case}:161: YAML syntax error: did not find expected node content'),
    "truncated half": (_cut(CASE_36.read_bytes(), 1 / 2, whole_lines=True), BUILT),
    "truncated inside a character": (CASE_36.read_bytes()[:CASE_36.read_bytes().index("中国电科".encode()) + 1], '{case}:8: not UTF-8 text (byte 0xe4); save it as UTF-8'),
    "CRLF": (CASE_36.read_bytes().replace(b"\n", b"\r\n"), BUILT),
    "CR only": (CASE_36.read_bytes().replace(b"\n", b"\r"), BUILT),
}
for label, (content, expected) in CASE_FILES.items():
    add(f"case file {label}", Hostile(expected, case_text=content))


def book_text() -> str:
    return (BOOK_DIR / "book.yaml").read_text("utf-8")


BOOKS = {
    "book empty": (b"", 'book/book.yaml: file is empty'),
    "book alias bomb": (alias_bomb(), 'book/book.yaml:1: a5[1][7][8][6][5][8]: more than 200,000 values (aliases counted where used): the file is too large or an alias bomb'),
    "book binary": (bytes(range(256)), 'book/book.yaml:2: not UTF-8 text (byte 0x80); save it as UTF-8'),
    "book NUL": (b"title: \0\n", 'book/book.yaml:1: character U+0000 is not allowed in YAML text'),
}
for label, (content, expected) in BOOKS.items():
    add(label, Hostile(expected, files={"book/book.yaml": content}))
add("book missing", Hostile("book/book.yaml: no book.yaml beside the case (give the book's folder with --book DIR)", files={"book/book.yaml": lambda folder: (folder / "book/book.yaml").unlink()}))
add("book a folder", Hostile('book/book.yaml: this YAML file is a folder, not a file', files={"book/book.yaml": lambda folder: (
    (folder / "book/book.yaml").unlink(), (folder / "book/book.yaml").mkdir())}))
add("book a fifo", Hostile('book/book.yaml: this YAML file is not a regular file', files={"book/book.yaml": lambda folder: (
    (folder / "book/book.yaml").unlink(), os.mkfifo(folder / "book/book.yaml"))}))
add("case a fifo", Hostile('{case}: this YAML file is not a regular file', files={"book/036-cetc.yaml": lambda folder: (
    (folder / "book/036-cetc.yaml").unlink(), os.mkfifo(folder / "book/036-cetc.yaml"))}))
add("case a folder", Hostile('{case}: this YAML file is a folder, not a file', files={"book/036-cetc.yaml": lambda folder: (
    (folder / "book/036-cetc.yaml").unlink(), (folder / "book/036-cetc.yaml").mkdir())}))
add("case /dev/zero", Hostile('{case}: this YAML file is not a regular file', files={"book/036-cetc.yaml": lambda folder: (
    (folder / "book/036-cetc.yaml").unlink(), os.symlink("/dev/zero", folder / "book/036-cetc.yaml"))}))


# -- command-line arguments -------------------------------------------------------------------------------------

ARGUMENTS = {
    "language unknown": (("--lang", "fr"), "language mode 'fr' is not valid; use one of zh, en or two joined by '+'"),
    "language empty": (("--lang", ""), BUILT),
    "language NUL": (("--lang", "zh\0"), "language mode 'zh\\x00' is not valid; use one of zh, en or two joined by '+'"),
    "language twice": (("--lang", "zh+zh"), "language mode 'zh+zh' is not valid; use one of zh, en or two joined by '+'"),
    "language all": (("--lang", "all"), BUILT),
    "format unknown": (("--format", "odt"), "unknown format 'odt'; use docx, pdf"),
    "format empty": (("--format", ""), BUILT),
    "out /dev/full": (("--out", "/dev/full"), "/dev/full: not a folder; --out names the folder the outputs go to"),
    "out /dev/null": (("--out", "/dev/null"), "/dev/null: not a folder; --out names the folder the outputs go to"),
    "out /proc": (("--out", "/proc/self"), '/proc/self/036-cetc.zh.docx: cannot write the file: No such file or directory'),
    "out a file": (("--out", "book/book.yaml"), "book/book.yaml: not a folder; --out names the folder the outputs "
                   "go to"),
    "layout unknown": (("--layout", "nope"), 'layouts/nope.toml: layout not found'),
    "layout a path elsewhere": (("--layout", "/etc/passwd"), "/etc/passwd: a layout is a .toml file, or the name of one (as 'acme')"),
    "layout /dev/zero": (("--layout", "/dev/zero.toml"), '/dev/zero.toml: layout not found'),
    "layout a folder": (("--layout", "book"), 'layouts/book.toml: layout not found'),
}
for label, (args, expected) in ARGUMENTS.items():
    add(f"argument {label}", Hostile(expected, args=args))


# -- articles ---------------------------------------------------------------------------------------------------

SEED = (Path(__file__).resolve().parents[1] / "examples" / "articles" / "036-cetc.txt").read_bytes()
ARTICLES = {
    "the seed": (SEED, BUILT),
    "empty": (b"", 'article.txt: the article is empty'),
    "blank": (b" \n\t\n", 'article.txt: the article is empty'),
    "binary": (bytes(range(256)) * 8, 'article.txt: not a text or HTML article: binary data (a NUL byte at offset 0)'),
    "PNG": (png(), 'article.txt: not a text or HTML article: binary data (a NUL byte at offset 8)'),
    "UTF-16 with BOM": (SEED.decode("utf-8").encode("utf-16"), BUILT),
    "UTF-16 BE with BOM": (b"\xfe\xff" + SEED.decode("utf-8").encode("utf-16-be"), BUILT),
    "UTF-32": (SEED.decode("utf-8").encode("utf-32"), BUILT),
    "UTF-16 truncated": (SEED.decode("utf-8").encode("utf-16")[:-1], 'article.txt: not UTF-16-LE text as its start says (bad bytes at offset 9972)'),
    "GB18030": (SEED.decode("utf-8").encode("gb18030"), BUILT),
    "Latin-1 junk": (bytes(range(128, 256)) * 10, 'article.txt: not UTF-8 text (invalid byte 0x80 at offset 0)'),
    "NUL in the middle": (SEED[:500] + b"\0" + SEED[500:], 'article.txt: not a text or HTML article: binary data (a NUL byte at offset 500)'),
    "control characters": (b"\x01\x02\x03\x04" * 100, 'article.txt: not a text or HTML article: 400 control characters'),
    "over the size limit": (b"x" * (8 * 1024 * 1024 + 1), 'article.txt: the article is 8,388,609 bytes; the limit is 8 MiB (8,388,608 bytes)'),
    "one huge line": ("中国电科".encode() * 500_000, "article.txt: the article has 1 paragraph and 2,000,000 characters of text; a case article has 5,000 and 300,000 at most (is this a whole report?)"),
    "a whole report": ("中国电科（案例三十六）\n2021-11-15\n背景\n".encode() + "一段正文。\n".encode() * 30_000, "article.txt: the article has 30,003 lines; a case article has 20,000 at most (is this a whole report?)"),
    "a table of 30,000 rows": (b"<html><body><h1>\xe4\xb8\xad\xe5\x9b\xbd\xe7\x94\xb5\xe7\xa7\x91</h1><table>" + "<tr><td>甲乙丙丁戊己庚辛</td><td>1万元</td></tr>".encode() * 30_000, "article.txt: the article has 2 paragraphs and 360,004 characters of text; a case article has 5,000 and 300,000 at most (is this a whole report?)"),
    "text copied from a PDF, all one paragraph": ("中国电科（案例三十六）\n".encode() + ("一二三四五六七八九十" * 3 + "\n").encode() * 15_000, "article.txt: the article has 2 paragraphs and 450,011 characters of text; a case article has 5,000 and 300,000 at most (is this a whole report?)"),
    "HTML script only": (b"<html><script>alert(1)</script></html>", 'article.txt: the article has no text'),
    "HTML entities": (b"<p>&lt;&#x4e2d;&#22269;&amp;&bogus;&#99999999;</p>", "article.txt:1: no enterprise of the book's catalogue is named in the article (title, source line or text): the case cannot be placed"),
    "HTML deep nesting": (b"<div>" * 100_000 + "中国电科".encode() + b"</div>" * 100_000, 'article.txt: no case found: no section headings (背景, 责任行动, 履责成效, 展望) and no body text'),
    "weather report": ("今天北京晴，最高气温十二度。\n\n明天有小雨，请出门带伞。\n".encode(), "article.txt: no case found: no title naming a case (案例…) or an enterprise of the book's catalogue, and no line that reads as a title"),
    "truncated seed": (SEED[:len(SEED) // 3], BUILT),
    "seed in CRLF": (SEED.replace(b"\n", b"\r\n"), BUILT),
    "a figure beyond the limits": (SEED.replace(b"7300.24", b"1" + b"0" * 22, 1), BUILT),
    "a figure of 5,000 digits": (SEED.replace(b"7300.24", b"1" + b"0" * 5000, 1), BUILT),
    "a figure of 8 decimals": (SEED.replace(b"7300.24", b"7300.12345678", 1), BUILT),
}
for label, (content, expected) in ARTICLES.items():
    add(f"article {label}", Hostile(expected, article=content))


# -- the runner -------------------------------------------------------------------------------------------------

def _prepare(hostile: Hostile, folder: Path) -> list[str]:
    """The scratch folder's files, and the command to run in it."""
    book = copy_book(folder)
    case = book / CASE
    if hostile.case_text is not None:
        case.write_bytes(hostile.case_text)
    if hostile.case_edit is not None:
        old, new = hostile.case_edit
        text = case.read_text("utf-8")
        assert old in text, old
        case.write_text(text.replace(old, new, 1), "utf-8")
    for name, content in hostile.files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(folder)
        else:
            target.write_bytes(content)
    if hostile.article is not None:
        (book / CASE).unlink()
        (folder / "article.txt").write_bytes(hostile.article)
        return ["import", "article.txt", "--book", "book"]
    args = list(hostile.args)
    if hostile.layout is not None:
        layout = folder / "layouts" / "t.toml"
        layout.parent.mkdir(exist_ok=True)
        text = hostile.layout if isinstance(hostile.layout, bytes) else \
            (("" if hostile.whole_layout else LAYOUT_HEAD) + hostile.layout).encode()
        layout.write_bytes(text)
        args += ["--layout", "layouts/t.toml"]
    defaults = {"--out": "out", "--lang": "zh"}
    for option, value in defaults.items():
        if option not in args:
            args += [option, value]
    return ["build", f"book/{CASE}", *args]


def _outcome(capsys, command: list[str]) -> tuple[int, str]:
    from reporter.cli import main
    try:
        main(command)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    return code, capsys.readouterr().err


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_input(name, tmp_path, capsys, monkeypatch):
    hostile = CORPUS[name]
    monkeypatch.chdir(tmp_path)
    command = _prepare(hostile, tmp_path)
    code, err = _outcome(capsys, command)
    assert "Traceback" not in err and "internal error" not in err, err
    if os.environ.get("HOSTILE_SHOW"):
        print(f"\nOUTCOME {name!r}: {code} {err.strip()[:400]!r}")
        return
    if hostile.expected == BUILT:
        assert code == 0, err
        if hostile.article is not None:
            assert (tmp_path / "book" / CASE).is_file()
            return
        pdfs = sorted((tmp_path / "out").glob("*.pdf"))
        assert pdfs and sorted((tmp_path / "out").glob("*.docx")), err
        for pdf in pdfs:
            reader = PdfReader(pdf)
            assert len(reader.pages) >= 1
            xmp = etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
            title = xmp.xpath("//dc:title//rdf:li/text()", namespaces={
                "dc": "http://purl.org/dc/elements/1.1/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})
            assert title == [reader.metadata["/Title"]], "the XMP is well-formed and says the title"
        return
    expected = "error: " + hostile.expected.format(case=f"book/{CASE}", layout="layouts/t.toml",
                                                   dir=tmp_path.resolve(), ttc=_ttc(), font_dirs=described_dirs())
    assert code == 1
    assert err.strip() == expected
    out = tmp_path / "out"
    assert not out.is_dir() or not any(out.iterdir()), "nothing written"
    assert not (tmp_path / "book" / CASE).exists() or hostile.article is None, "no case written by the import"


def _ttc() -> str:
    from reporter.fonts.locate import find_font
    return str(find_font("uming.ttc")[0])


def test_the_corpus_is_large():
    assert len(CORPUS) >= 300, len(CORPUS)


COMMANDS = {
    # other commands in the scratch folder (book/ holds case 36): (arguments, the error line)
    "batch --jobs 0": (["batch", "book", "--jobs", "0"], "Invalid value for '--jobs' / '-j': 0 is not in the range "
                       "1<=x<=64."),
    "batch --jobs -1": (["batch", "book", "--jobs", "-1"], "Invalid value for '--jobs' / '-j': -1 is not in the "
                        "range 1<=x<=64."),
    "batch --jobs huge": (["batch", "book", "--jobs", "9" * 20], f"Invalid value for '--jobs' / '-j': {'9' * 20} is "
                          "not in the range 1<=x<=64."),
    "batch --jobs x": (["batch", "book", "--jobs", "x"], "Invalid value for '--jobs' / '-j': 'x' is not a valid "
                       "integer range."),
    "batch into /dev/full": (["batch", "book", "--out", "/dev/full"], "/dev/full: not a folder; --out names the "
                             "folder the outputs go to"),
    "index into /dev/full": (["index", "book", "--out", "/dev/full"], "/dev/full: not a folder; --out names the "
                             "folder the outputs go to"),
    "import into /proc": (["import", "article.txt", "--book", "book", "-o", "/proc/x.yaml"],
                          "/proc/x.import.txt: cannot write the file: No such file or directory"),
    "import for a folder without a book": (["import", "article.txt", "--book", "/etc"], "/etc/book.yaml: no "
                                           "book.yaml beside the case"),
    "import /dev/zero": (["import", "/dev/zero", "--book", "book"], "/dev/zero: the article is not a regular file"),
    "import a folder": (["import", "book", "--book", "book"], "book: the article is a folder, not a file"),
    "check /etc/passwd": (["check", "/etc/passwd"], "/etc/passwd:1: expected a mapping of fields at the top, got str"),
    "check a missing file": (["check", "nope.yaml"], "nope.yaml: file not found"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_hostile_command(name, tmp_path, capsys, monkeypatch):
    args, expected = COMMANDS[name]
    monkeypatch.chdir(tmp_path)
    copy_book(tmp_path)
    (tmp_path / "article.txt").write_bytes(SEED)
    code, err = _outcome(capsys, args)
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (1, 2) and err.strip().splitlines()[-1] == f"error: {expected}", err
