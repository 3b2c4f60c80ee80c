"""Everything reporter does to python-docx's internals, and the only module that does it.

python-docx is pinned to one version (PYTHON_DOCX_VERSION, checked at import in one line). Its one patch (the
package writer, so that a package's members can be collected rather than zipped) is in PATCHES and applied by
`install()`; the private and undocumented names used are reached through the functions here.
`tests/test_python_docx_adapter.py` compares each with the library's own result and fails when a name is gone.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.opc import pkgwriter
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import Part, PartFactory
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from reporter import patching
from reporter.patching import Patch, apply, require_version

PYTHON_DOCX_VERSION = "1.2.0"


def check_version(found: str = docx.__version__) -> None:
    require_version("python-docx", "python-docx", PYTHON_DOCX_VERSION, found)


check_version()


def element_of(header_or_footer) -> Any:
    """The w:hdr or w:ftr element of a section's header or footer (python-docx makes it on first use)."""
    return header_or_footer._element


def add_paragraph_style(styles, name: str):
    """A new paragraph style in `styles`, by its UI name (Heading 1). python-docx's styles.add_style first looks
    the name up among all styles, once per style added; the caller knows it is new."""
    from docx.enum.style import WD_STYLE_TYPE

    return StyleFactory(styles.element.add_style_of_type(BabelFish.ui2internal(name), WD_STYLE_TYPE.PARAGRAPH, False))


def _styles_as_bytes(content_type: str, _reltype: str):
    return Part if content_type == CT.WML_STYLES else None


def open_with_styles_unparsed(data: bytes):
    """A document opened from bytes with its styles part kept as bytes: parsing it (hundreds of KB) for each
    brief that never touches it cost a quarter of the brief's time."""
    PartFactory.part_class_selector = _styles_as_bytes
    try:
        return docx.Document(io.BytesIO(data))
    finally:
        PartFactory.part_class_selector = None


class _Members:
    """Where python-docx writes a package's members (its PhysPkgWriter's interface): collected as bytes."""

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))

    def close(self) -> None:
        pass


def package_members(document) -> list[tuple[str, bytes]]:
    """A document's package as (member name, bytes) in python-docx's order, for a zip writer of our own."""
    target = _Members()
    document.save(target)
    return target.members


_original_writer = pkgwriter.PhysPkgWriter


def _writer(target):
    return target if isinstance(target, _Members) else _original_writer(target)


PATCHES = [Patch(pkgwriter, "PhysPkgWriter", lambda: _writer)]


def install() -> None:
    """Apply every patch, once per process."""
    apply(PATCHES, f"python-docx {docx.__version__}")


def unpatched(*only: Patch):
    """Within the block, python-docx as it ships, or with only the patches given undone."""
    return patching.unpatched(PATCHES, *only)
