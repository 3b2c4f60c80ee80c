"""Tagged PDF (PDF/UA-1): the structure tree of a brief and the marked content that ties the page to it.

The writer builds `Element`s as it makes flowables (a P for a paragraph, a TD for a table cell, ...) and hangs each
on the flowable that draws it (`Tagged`). While the pages are drawn, a `Marker` on the canvas wraps what a tagged
flowable draws in a marked-content sequence with a fresh MCID and notes it on the element; everything else drawn
(backgrounds, rules, running heads and footers, page numbers) falls into an /Artifact sequence, which is open
whenever no tagged flowable is drawing. At the end `structure_objects` turns the elements into the PDF's
StructTreeRoot and parent tree. ReportLab knows none of this; the few hooks it needs are in _reportlab.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

TABLE_CELLS = ("TD", "TH")
"""Kept when empty: a table's rows keep their cells."""


@dataclass(frozen=True)
class Marked:
    """A marked-content sequence: its page (0-based) and MCID."""

    page: int
    mcid: int


@dataclass(frozen=True)
class Annotated:
    """A link annotation that belongs to an element (an OBJR)."""

    page: int
    ref: Any


@dataclass(eq=False)
class Element:
    """A structure element: its standard type, and what the PDF's StructElem says of it."""

    role: str
    parent: "Element | None" = None
    lang: str | None = None
    """BCP 47; written where it differs from the parent's."""
    alt: str | None = None
    attributes: dict[str, Any] | None = None
    """The /A dictionary (a table cell's /Scope and /RowSpan); its /O is Table."""
    kids: list["Element | Marked | Annotated"] = field(default_factory=list)

    def add(self, role: str, **kw) -> "Element":
        child = Element(role, self, **kw)
        self.kids.append(child)
        return child

    def has_content(self) -> bool:
        return any(not isinstance(kid, Element) or kid.has_content() for kid in self.kids)


class Tagged:
    """A flowable mixin: what it draws is the content of `tag` (and a list item's bullet that of `label`)."""

    tag: Element | None = None
    label: Element | None = None

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 (ReportLab's names)
        marker: Marker | None = getattr(canvas, "marker", None)
        if marker is None or self.tag is None:
            return super().drawOn(canvas, x, y, _sW)
        first = self.label if self.label is not None and getattr(self, "bulletText", None) else self.tag
        marker.begin(canvas, first, then=self.tag)
        try:
            return super().drawOn(canvas, x, y, _sW)
        finally:
            marker.end(canvas)

    def tag_parts(self, parts: list) -> list:
        """The parts a split makes carry on this one's tag (a paragraph's rest on the next page)."""
        for part in parts:
            if isinstance(part, Tagged):
                part.tag, part.label = self.tag, self.label
        return parts


ARTIFACT = "/Artifact BMC"
END = "EMC"


class Marker:
    """What a canvas draws, as marked content: see the module's docstring. One per document written."""

    def __init__(self, root: Element):
        self.root = root
        self.owners: dict[int, list[Element]] = {}
        """Parent-tree key of a page -> the element of each of its MCIDs."""
        self.links: dict[int, Element] = {}
        """Parent-tree key of an annotation -> its Link element."""
        self.page_keys: list[int] = []
        self._next_key = 0
        self._page = -1
        self._open: Element | None = None
        self._then: Element | None = None
        self._depth = 0

    def _key(self) -> int:
        self._next_key += 1
        return self._next_key - 1

    # -- pages ----------------------------------------------------------------------------------------
    def page_begins(self, canvas) -> None:
        """Called before anything is drawn on a page: all is an artifact until a tagged flowable draws."""
        self._page += 1
        key = self._key()
        self.page_keys.append(key)
        self.owners[key] = []
        canvas.addLiteral(ARTIFACT)

    def page_ends(self, canvas) -> int | None:
        """Called before the page is shown; returns its /StructParents key."""
        if self._page < 0:
            return None
        canvas.addLiteral(END)
        return self.page_keys[self._page]

    # -- marked content -------------------------------------------------------------------------------
    def sequence(self, element: Element) -> str:
        """The operator opening a marked-content sequence of the element, with the next MCID of the page."""
        owners = self.owners[self.page_keys[self._page]]
        element.kids.append(Marked(self._page, len(owners)))
        owners.append(element)
        self._open = element
        return f"/{element.role} <</MCID {len(owners) - 1}>> BDC"

    def begin(self, canvas, element: Element, then: Element | None = None) -> None:
        """What is drawn from now on is `element`'s (a bullet's, then `then`'s after `next`)."""
        self._depth += 1
        if self._depth > 1:  # within a tagged flowable: its content
            return
        self._then = then if then is not element else None
        canvas.addLiteral(f"{END} {self.sequence(element)}")

    def next(self, canvas) -> None:
        """A list item's bullet is drawn: what follows is its body's."""
        if self._depth == 1 and self._then is not None:
            element, self._then = self._then, None
            canvas.addLiteral(f"{END} {self.sequence(element)}")

    def end(self, canvas) -> None:
        self._depth -= 1
        if self._depth:
            return
        self._open = self._then = None
        canvas.addLiteral(f"{END} {ARTIFACT}")

    def pause(self, canvas) -> None:
        """Leave the artifact, for a text object that opens sequences of its own (`sequence`, `close`)."""
        canvas.addLiteral(END)

    def resume(self, canvas) -> None:
        canvas.addLiteral(ARTIFACT)

    def close(self) -> str:
        self._open = None
        return END

    # -- annotations ----------------------------------------------------------------------------------
    def annotation_key(self) -> int | None:
        """The /StructParent of a link annotation about to be made in the open sequence (None: not tagged)."""
        if self._open is None:
            return None
        key = self._key()
        self.links[key] = self._open
        return key

    def annotation_made(self, key: int, ref) -> None:
        self.links[key].kids.append(Annotated(self._page, ref))

    @property
    def next_key(self) -> int:
        """The parent tree's next free key."""
        return self._next_key


# -- the PDF objects ------------------------------------------------------------------------------------------------

def structure_objects(marker: Marker, register: Callable[[Any, str], Any], page_ref: Callable[[int], Any],
                      document_lang: str) -> tuple[Any, Any]:
    """The StructTreeRoot (registered) and the MarkInfo for the catalogue, from the marker's elements.

    Elements without content are left out (table cells kept, so rows keep their shape); /Lang is written where
    an element's differs from what it inherits; MCIDs on the element's own page are written as numbers."""
    names: dict[int, str] = {}

    def name(element: Element) -> str:
        return names.setdefault(id(element), f"SE{len(names)}")

    def ref(element: Element) -> PDFObjectReference:
        return PDFObjectReference(name(element))

    def kept(element: Element) -> bool:
        return element.role in TABLE_CELLS or element.has_content() or (
            element.role == "TR" and any(kid.has_content() for kid in element.kids if isinstance(kid, Element)))

    def write(element: Element, parent_ref, inherited: str) -> None:
        pages = [kid.page for kid in element.kids if not isinstance(kid, Element)]
        entries: dict[str, Any] = {"Type": PDFName("StructElem"), "S": PDFName(element.role), "P": parent_ref}
        if pages:
            entries["Pg"] = page_ref(pages[0])
        lang = element.lang or inherited
        if lang != inherited:
            entries["Lang"] = PDFString(lang)
        if element.alt is not None:
            entries["Alt"] = PDFString(element.alt)
        if element.attributes:
            entries["A"] = PDFDictionary({"O": PDFName("Table"), **{
                k: PDFName(v) if isinstance(v, str) else v for k, v in element.attributes.items()}})
        kids: list[Any] = []
        for kid in element.kids:
            if isinstance(kid, Element):
                if kept(kid):
                    kids.append(ref(kid))
                    write(kid, ref(element), lang)
            elif isinstance(kid, Marked):
                kids.append(kid.mcid if kid.page == pages[0] else PDFDictionary(
                    {"Type": PDFName("MCR"), "Pg": page_ref(kid.page), "MCID": kid.mcid}))
            else:
                kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": kid.ref, "Pg": page_ref(kid.page)}))
        entries["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        register(PDFDictionary(entries), name(element))

    root_name = "StructTreeRoot"
    write(marker.root, PDFObjectReference(root_name), document_lang)
    nums: list[Any] = []
    for key in sorted([*marker.owners, *marker.links]):
        owner = marker.owners.get(key)
        nums += [key, PDFArray([ref(e) for e in owner]) if owner is not None else ref(marker.links[key])]
    parent_tree = register(PDFDictionary({"Nums": PDFArray(nums)}), "ParentTree")
    root = register(PDFDictionary({"Type": PDFName("StructTreeRoot"), "K": ref(marker.root),
                                   "ParentTree": parent_tree, "ParentTreeNextKey": marker.next_key}), root_name)
    return root, PDFDictionary({"Marked": b"true"})
