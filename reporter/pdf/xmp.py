"""The PDF's XMP metadata: the document's properties as the document information dictionary gives them (title,
author, subject, keywords, dates, producer), for archives and assistive technology that read XMP only."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reporter.compose.document import Meta

PRODUCER = "reporter"
KEYWORD_JOIN = ", "
"""How ReportLab joins a list of keywords in the information dictionary; the XMP says the same."""


def xmp_packet(meta: Meta) -> bytes:
    """An XMP packet equal to the information dictionary ReportLab writes for `meta` (its dates at midnight UTC
    of the document's date, as reporter.pdf._reportlab.document_date sets them)."""
    date = f"{meta.date:%Y-%m-%d}T00:00:00Z"

    def text(value: str) -> str:
        return escape(value)

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
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
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode("utf-8")
