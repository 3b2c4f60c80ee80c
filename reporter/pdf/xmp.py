"""The PDF's XMP metadata: the document's properties as the document information dictionary gives them (title,
author, subject, keywords, dates, producer), for archives and assistive technology that read XMP only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reporter.compose.document import Meta

PRODUCER = "reporter"
KEYWORD_JOIN = ", "
"""How ReportLab joins a list of keywords in the information dictionary; the XMP says the same."""


@dataclass(frozen=True)
class Standards:
    """What a PDF is written to meet (a layout's [pdf] table, or the command line)."""

    tagged: bool = True
    """PDF/UA-1: a structure tree, every content marked or an artifact."""
    archival: bool = True
    """PDF/A-2b: an sRGB output intent (a print master's CMYK one)."""
    print_master: bool = False
    """PDF/X-4: a CMYK output intent, trim and bleed boxes, nothing but CMYK, grey and ICC-based colour."""


PDFUA_SCHEMA = """   <rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li>"""
"""PDF/A knows only its own and a few common XMP schemas: a file that is both describes pdfuaid (ISO 14289-1, 5)."""

PDFX_SCHEMA = """   <rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/X ID Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.npes.org/pdfx/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>GTS_PDFXVersion</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>ID of PDF/X standard</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li>"""
"""And a PDF/A file that is also PDF/X describes pdfxid (ISO 15930-7 names the property, PDF/A-2 knows it not)..."""

TRAPPED_SCHEMA = """   <rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>Adobe PDF Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://ns.adobe.com/pdf/1.3/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdf</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>Trapped</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Whether the document has been trapped</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li>"""
"""...and pdf:Trapped, which PDF/X asks for and the XMP of 2005 that PDF/A-2 refers to lacks."""


EXTENSIONS = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
{schemas}
  </rdf:Description>"""
"""The extension schemas in a description of their own, ahead of the one that uses them: validators that read
the packet in one pass (PDFBox's) know pdfuaid before they meet it."""


def _extensions(standards: Standards) -> str:
    if not standards.archival:
        return ""
    schemas = ([PDFUA_SCHEMA] if standards.tagged else []) + ([PDFX_SCHEMA, TRAPPED_SCHEMA] if standards.print_master else [])
    if not schemas:
        return ""
    items = "\n".join(schemas).removeprefix("   ")
    return EXTENSIONS.format(schemas=f"   <pdfaExtension:schemas><rdf:Bag>{items}</rdf:Bag></pdfaExtension:schemas>")


def _claims(standards: Standards, meta: Meta) -> str:
    lines = []
    if standards.print_master:
        document = uuid.uuid5(uuid.NAMESPACE_URL, f"reporter:{meta.title}:{meta.date}:{meta.language}")
        lines += ["   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", "   <pdf:Trapped>False</pdf:Trapped>",
                  f"   <xmpMM:DocumentID>uuid:{document}</xmpMM:DocumentID>", "   <xmpMM:VersionID>1</xmpMM:VersionID>",
                  "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>"]
    if standards.archival:
        lines += ["   <pdfaid:part>2</pdfaid:part>", "   <pdfaid:conformance>B</pdfaid:conformance>"]
    if standards.tagged:
        lines.append("   <pdfuaid:part>1</pdfuaid:part>")
    return "".join(f"\n{line}" for line in lines)


def _print_namespaces(standards: Standards) -> str:
    if not standards.print_master:
        return ""
    return '\n    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'


def xmp_packet(meta: Meta, standards: Standards) -> bytes:
    """An XMP packet equal to the information dictionary ReportLab writes for `meta` (its dates at midnight UTC
    of the document's date, as reporter.pdf._reportlab.document_date sets them), claiming the standards met."""
    date = f"{meta.date:%Y-%m-%d}T00:00:00Z"

    def text(value: str) -> str:
        return escape(value)

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{_extensions(standards)}
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"{_print_namespaces(standards)}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{text(meta.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{text(KEYWORD_JOIN.join(meta.keywords))}</pdf:Keywords>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>{_claims(standards, meta)}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")
