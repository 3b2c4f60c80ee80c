"""What a PDF for distribution carries besides its pages (issue 12, first steps): XMP metadata that says what
the information dictionary says, an sRGB output intent, streams that end as PDF/A asks, printed and described
links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import MODES

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/"}
PROFILE = Path(__file__).resolve().parents[1] / "reporter" / "pdf" / "data" / "sRGB.icc"


def _xmp_date(info_date: str) -> str:
    """D:20211115000000+00'00' -> 2021-11-15T00:00:00Z"""
    d = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", info_date)
    return f"{d[1]}-{d[2]}-{d[3]}T{d[4]}:{d[5]}:{d[6]}Z"


@pytest.mark.parametrize("mode", MODES)
def test_xmp_metadata_says_what_the_information_dictionary_says(built, mode):
    reader = PdfReader(str(built[(mode, "pdf")]))
    root = reader.trailer["/Root"]
    stream = root["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML" and "/Filter" not in stream
    xmp = etree.fromstring(stream.get_data())
    info = reader.metadata

    def one(path: str) -> str:
        (found,) = xmp.xpath(path, namespaces=NS)
        return found

    assert one("//dc:title/rdf:Alt/rdf:li/text()") == info["/Title"]
    assert one("//dc:creator/rdf:Seq/rdf:li/text()") == info["/Author"]
    assert one("//dc:description/rdf:Alt/rdf:li/text()") == info["/Subject"]
    assert one("//pdf:Keywords/text()") == info["/Keywords"]
    assert one("//pdf:Producer/text()") == info["/Producer"]
    assert one("//xmp:CreatorTool/text()") == info["/Creator"]
    assert one("//xmp:CreateDate/text()") == _xmp_date(info["/CreationDate"])
    assert one("//xmp:ModifyDate/text()") == _xmp_date(info["/ModDate"])
    assert one("//dc:language/rdf:Bag/rdf:li/text()") == root["/Lang"]


def test_the_xmp_declares_its_extension_schema_before_it_uses_it(built):
    """PDFBox-based validators read the packet once, in order: pdfuaid must be described before pdfuaid:part."""
    reader = PdfReader(str(built[("zh+en", "pdf")]))
    xmp = etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    ns = {**NS, "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
          "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
    order = [e for e in xmp.iter() if e.tag in (f"{{{ns['pdfaSchema']}}}prefix", f"{{{ns['pdfuaid']}}}part")]
    assert [etree.QName(e).localname for e in order] == ["prefix", "part"]
    assert order[0].text == "pdfuaid"
    (schemas,) = xmp.xpath("//pdfaExtension:schemas", namespaces=ns)
    (part,) = xmp.xpath("//pdfuaid:part", namespaces=ns)
    assert schemas.getparent() is not part.getparent(), "the schema has a description of its own"


def test_an_srgb_output_intent(built):
    reader = PdfReader(str(built[("zh", "pdf")]))
    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1" and intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data() == PROFILE.read_bytes()
    assert PROFILE.read_bytes()[36:40] == b"acsp" and PROFILE.read_bytes()[16:20] == b"RGB "
