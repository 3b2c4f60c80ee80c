"""The PDF's XMP metadata: the document's properties as the document information dictionary gives them (title,
author, subject, keywords, dates, producer), for archives and assistive technology that read XMP only."""

from __future__ import annotations

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
    """PDF/A-2b: an sRGB output intent."""


PDFUA_SCHEMA = """   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>"""
"""PDF/A knows only its own and a few common XMP schemas: a file that is both describes pdfuaid (ISO 14289-1, 5)."""


EXTENSIONS = """
  <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
{schemas}
  </rdf:Description>"""
"""The extension schemas in a description of their own, ahead of the one that uses them: validators that read
the packet in one pass (PDFBox's) know pdfuaid before they meet it."""


def _extensions(standards: Standards) -> str:
    return EXTENSIONS.format(schemas=PDFUA_SCHEMA) if standards.tagged and standards.archival else ""


def _claims(standards: Standards) -> str:
    lines = []
    if standards.archival:
        lines += ["   <pdfaid:part>2</pdfaid:part>", "   <pdfaid:conformance>B</pdfaid:conformance>"]
    if standards.tagged:
        lines.append("   <pdfuaid:part>1</pdfuaid:part>")
    return "".join(f"\n{line}" for line in lines)


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
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
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
   <xmp:MetadataDate>{date}</xmp:MetadataDate>{_claims(standards)}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")
