"""The parts of a DOCX around its text: python-docx's blank template cleaned of what belonged to the machine it
was made on (a Macintosh Word 2010 app.xml, compatibility mode 14, a Japanese theme language, a thumbnail), and
the drawings of every part numbered once, with their alternative text."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from reporter.docx.ooxml import W as _W

WORD_COMPATIBILITY_MODE = "15"
"""Word 2013 and later: the layout rules of a current Word, not Word 2010's."""
_APP_XML = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            b"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>reporter</Application>"
            b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
            b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")
"""The extended properties: which application wrote the file, and nothing about pages or words that a word
processor counts better (the template said one page, none of words, written by Macintosh Word 14)."""
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def clean_template(docx, east_asian_language: str) -> None:
    """The blank document's package and settings made those of a current Word for this tool's documents."""
    package = docx.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[r_id]  # a part no relationship reaches is not saved
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML, package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    settings = docx.settings.element
    for element in settings:
        name = element.tag.removeprefix(_W)
        if name == "zoom":
            element.set(_W + "percent", "100")  # required by the schema; the template left it out
        elif name == "themeFontLang":
            element.set(_W + "eastAsia", east_asian_language)
        elif name == "characterSpacingControl":
            # adjacent Chinese punctuation at half width (：“), as the PDF sets it; the template said doNotCompress
            element.set(_W + "val", "compressPunctuation")
        elif name == "compat":
            for setting in element:
                if setting.get(_W + "name") == "compatibilityMode":
                    setting.set(_W + "val", WORD_COMPATIBILITY_MODE)
    for element in list(settings):
        if element.tag == _W + "savePreviewPicture":  # asks Word to store a thumbnail again
            settings.remove(element)
    # English hyphenated, as the PDF hyphenates it (in the language of each run; words in capitals left whole; no
    # more than two hyphens in a row)
    tab_stop = settings.find(_W + "defaultTabStop")
    if tab_stop is not None and settings.find(_W + "autoHyphenation") is None:
        at = list(settings).index(tab_stop) + 1
        for offset, (name, value) in enumerate((("autoHyphenation", "true"), ("consecutiveHyphenLimit", "2"),
                                                ("doNotHyphenateCaps", "true"))):
            settings.insert(at + offset, settings.makeelement(_W + name, {_W + "val": value}))


def number_drawings(parts) -> None:
    """Every picture of the document's parts (body, headers, footers) a drawing id of its own, in order: python-docx
    numbers them per part, so a header's logo and the body's first picture shared id 1, which Word may repair."""
    number = 0
    for part in parts:
        for properties in part.iter(_WP + "docPr"):
            number += 1
            properties.set("id", str(number))
            properties.set("name", f"Picture {number}")
