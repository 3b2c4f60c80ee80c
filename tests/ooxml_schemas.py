"""Validating every XML part of a DOCX against the ECMA-376 Transitional schemas in ../shared/ooxml-schemas.

The schemas import the xml:, Dublin Core and dcterms namespaces without a location; small stand-ins for those are
written beside a copy of the schemas. Markup Compatibility is resolved first, as Word does: elements and attributes
of the namespaces a part lists in mc:Ignorable are removed, and of an mc:AlternateContent the first mc:Choice whose
required namespaces the schemas know is taken, else the mc:Fallback."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(os.environ.get("OOXML_SCHEMAS") or Path(__file__).resolve().parents[2] / "shared" / "ooxml-schemas")
"""../shared/ooxml-schemas from the project, or the folder OOXML_SCHEMAS names."""
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ROOTS = {
    # root element's namespace -> the schema that declares it
    W: "OfficeOpenXML-XMLSchema-Transitional/wml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "OfficeOpenXML-XMLSchema-Transitional/dml-main.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types":
        "OpenPackagingConventions-XMLSchema/opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships":
        "OpenPackagingConventions-XMLSchema/opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties":
        "OpenPackagingConventions-XMLSchema/opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "OfficeOpenXML-XMLSchema-Transitional/shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml":
        "OfficeOpenXML-XMLSchema-Transitional/shared-customXmlDataProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography":
        "OfficeOpenXML-XMLSchema-Transitional/shared-bibliography.xsd",
}

_XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space"><xs:simpleType><xs:restriction base="xs:NCName">
    <xs:enumeration value="default"/><xs:enumeration value="preserve"/></xs:restriction></xs:simpleType>
  </xs:attribute>
</xs:schema>"""
_DC_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://purl.org/dc/elements/1.1/" xmlns:dc="http://purl.org/dc/elements/1.1/"
           elementFormDefault="qualified">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
  <xs:complexType name="SimpleLiteral"><xs:simpleContent><xs:extension base="xs:string">
    <xs:attribute ref="xml:lang" xmlns:xml="http://www.w3.org/XML/1998/namespace"/></xs:extension>
  </xs:simpleContent></xs:complexType>
  <xs:element name="any" type="dc:SimpleLiteral" abstract="true" xmlns:dc="http://purl.org/dc/elements/1.1/"/>
  %s
</xs:schema>"""
_DC_ELEMENTS = ("title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format",
                "identifier", "source", "language", "relation", "coverage", "rights")
_DCTERMS_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://purl.org/dc/terms/"
           xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
           elementFormDefault="qualified">
  <xs:import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="dc.xsd"/>
  <xs:complexType name="W3CDTF"><xs:simpleContent><xs:restriction base="dc:SimpleLiteral">
    <xs:pattern value="\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?"/>
  </xs:restriction></xs:simpleContent></xs:complexType>
  <xs:element name="created" type="dc:SimpleLiteral"/>
  <xs:element name="modified" type="dc:SimpleLiteral"/>
</xs:schema>"""


def available() -> bool:
    return (SCHEMAS / "OfficeOpenXML-XMLSchema-Transitional" / "wml.xsd").is_file()


@cache
def _schema_folder() -> Path:
    """A copy of the schemas whose location-less imports point at the stand-ins."""
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="ooxml-schemas-"))
    for source in SCHEMAS.rglob("*.xsd"):
        text = source.read_text("utf-8")
        text = re.sub(r'(<xs[d]?:import\b[^>]*namespace="http://www.w3.org/XML/1998/namespace")\s*/>',
                      r'\1 schemaLocation="xml.xsd"/>', text)
        text = text.replace("http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd", "dcterms.xsd")
        text = text.replace("http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd", "dc.xsd")
        target = folder / source.relative_to(SCHEMAS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    for sub in {p.parent for p in folder.rglob("*.xsd")}:
        (sub / "xml.xsd").write_text(_XML_XSD, "utf-8")
        elements = "".join(f'<xs:element name="{name}" substitutionGroup="dc:any" type="dc:SimpleLiteral" '
                           f'xmlns:dc="http://purl.org/dc/elements/1.1/"/>' for name in _DC_ELEMENTS)
        (sub / "dc.xsd").write_text(_DC_XSD % elements, "utf-8")
        (sub / "dcterms.xsd").write_text(_DCTERMS_XSD, "utf-8")
    return folder


@cache
def _schema(relative: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(_schema_folder() / relative)))


def _known_namespaces() -> set[str]:
    found = set()
    for source in SCHEMAS.rglob("*.xsd"):
        found.update(re.findall(r'targetNamespace="([^"]+)"', source.read_text("utf-8")))
    return found


def resolve_compatibility(root: etree._Element) -> etree._Element:
    """Markup Compatibility resolved as a consumer that knows only the standard's namespaces."""
    known = _known_namespaces()
    ignorable = set()
    for element in root.iter():
        value = element.get(f"{{{MC}}}Ignorable")
        if value:
            ignorable.update(element.nsmap.get(prefix) for prefix in value.split())
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        chosen = None
        for choice in alternate.findall(f"{{{MC}}}Choice"):
            needs = {choice.nsmap.get(prefix) for prefix in choice.get("Requires", "").split()}
            if needs <= known:
                chosen = choice
                break
        chosen = chosen if chosen is not None else alternate.find(f"{{{MC}}}Fallback")
        parent = alternate.getparent()
        index = parent.index(alternate)
        for offset, child in enumerate(list(chosen) if chosen is not None else []):
            parent.insert(index + offset, child)
        parent.remove(alternate)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        namespace = etree.QName(element).namespace
        if namespace in ignorable and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            space = etree.QName(name).namespace
            if space in ignorable or space == MC:
                del element.attrib[name]
    return root


def validate_docx(path: Path) -> list[str]:
    """Every schema error of every XML part, as 'part:line: message'; parts no schema covers are named too."""
    errors = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = resolve_compatibility(etree.fromstring(archive.read(name)))
            namespace = etree.QName(root).namespace
            if namespace not in ROOTS:
                errors.append(f"{name}: no schema for a root in {namespace}")
                continue
            schema = _schema(ROOTS[namespace])
            if not schema.validate(etree.ElementTree(root)):
                errors += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    return errors


def cleanup() -> None:
    if _schema_folder.cache_info().currsize:
        shutil.rmtree(_schema_folder(), ignore_errors=True)
