"""A client's reference Word document, checked before python-docx opens it: a real zip within its bounds (no zip
bomb), the parts a document needs, and XML without DTDs or entities (no entity bomb, no external file read).
No document library is imported here; zipfile and lxml do the reading."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

from reporter.limits import (MiB, REFERENCE_DOCX_BYTES, REFERENCE_DOCX_MEMBER_BYTES, REFERENCE_DOCX_MEMBERS,
                             REFERENCE_DOCX_RATIO, file_version, read_for_check)

NEEDED = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml")
"""The parts a reference gives the brief: its styles are what it is for."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class ReferenceProblem(ValueError):
    """Why a reference document cannot be used, in words (the caller names the layout key)."""


def check_reference(path: Path) -> None:
    _checked(*file_version(path))


@cache
def _checked(path: Path, size: int, mtime_ns: int) -> None:
    data = read_for_check(path, REFERENCE_DOCX_BYTES, "the reference document", ReferenceProblem)
    name = path.name
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReferenceProblem(f"{name} is not a Word document (not a zip file); save it from Word as .docx") \
            from None
    with archive:
        members = archive.infolist()
        if len(members) > REFERENCE_DOCX_MEMBERS:
            raise ReferenceProblem(f"{name} has {len(members):,} parts; the limit is {REFERENCE_DOCX_MEMBERS:,}")
        missing = [part for part in NEEDED if part not in archive.NameToInfo]
        if missing:
            raise ReferenceProblem(f"{name} has no {missing[0]}; save it from Word as a .docx document")
        for member in members:
            _check_member(archive, member, name)


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    where = f"{name}, part {member.filename}"
    if member.file_size > REFERENCE_DOCX_MEMBER_BYTES:
        raise ReferenceProblem(f"{where} unpacks to {member.file_size / MiB:.0f} MiB; the limit is "
                               f"{REFERENCE_DOCX_MEMBER_BYTES // MiB} MiB")
    if member.file_size > REFERENCE_DOCX_RATIO * max(member.compress_size, 1) and member.file_size > MiB:
        raise ReferenceProblem(f"{where} unpacks {member.file_size // max(member.compress_size, 1)} times its "
                               f"packed size (a zip bomb); the limit is {REFERENCE_DOCX_RATIO}")
    if not member.filename.endswith((".xml", ".rels")):
        return
    try:
        # read no more than declared: a forged header cannot make the read run on
        with archive.open(member) as stream:
            data = stream.read(REFERENCE_DOCX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, RuntimeError) as exc:
        raise ReferenceProblem(f"{where} cannot be unpacked ({exc})") from None
    if len(data) > REFERENCE_DOCX_MEMBER_BYTES:
        raise ReferenceProblem(f"{where} is larger than its header says")
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ReferenceProblem(f"{where} declares a DTD or entities, which Word never writes; refused as unsafe")
    try:
        etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReferenceProblem(f"{where}, line {exc.lineno}: the XML is broken ({exc.msg})") from None
