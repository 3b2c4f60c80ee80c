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

from reportlab.pdfbase.pdfdoc import PDFObject

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


class Prepared(PDFObject):
    """An object written as the bytes given. A brief has a few hundred structure elements; built as dictionaries
    of ReportLab's PDF objects they took longer to format than the rest of the tagging together."""

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document) -> bytes:
        return self.data


def _string(text: str) -> str:
    """A PDF text string: PDFDocEncoding's ASCII part as a literal, anything else as UTF-16BE in hex."""
    if text.isascii() and text.isprintable():
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def structure_objects(marker: Marker, register: Callable[[Any, str], Any], number: Callable[[str], int],
                      page_name: Callable[[int], str], document_lang: str) -> tuple[Any, Any]:
    """The StructTreeRoot (registered) and the MarkInfo for the catalogue, from the marker's elements.

    `register(object, name)` makes an indirect object, `number(name)` tells its object number (and that of a page,
    `page_name(index)`, or an annotation). Elements without content are left out (table cells kept, so rows keep
    their shape); /Lang is written where an element's differs from what it inherits; MCIDs on the element's own
    page are written as numbers."""
    content: dict[int, bool] = {}

    def has_content(element: Element) -> bool:
        found = False
        for kid in element.kids:
            found = (has_content(kid) if isinstance(kid, Element) else True) or found
        content[id(element)] = found
        return found

    has_content(marker.root)
    kept: list[Element] = []

    def keep(element: Element) -> None:
        kept.append(element)
        for kid in element.kids:
            if isinstance(kid, Element) and (content[id(kid)] or kid.role in TABLE_CELLS or kid.role == "TR"
                                             and content[id(element)]):
                keep(kid)

    keep(marker.root)
    objects = {id(element): Prepared() for element in kept}
    numbers = {id(element): number(register(objects[id(element)], f"SE{index}").name)
               for index, element in enumerate(kept)}
    pages: dict[int, int] = {}

    def page(index: int) -> int:
        found = pages.get(index)
        if found is None:
            found = pages[index] = number(page_name(index))
        return found

    root_object = Prepared()
    root = register(root_object, "StructTreeRoot")
    root_number = number(root.name)
    langs = {id(marker.root.parent): document_lang}
    for element in kept:
        parent = element.parent
        inherited = langs[id(parent)]
        lang = langs[id(element)] = element.lang or inherited
        first_page = next((kid.page for kid in element.kids if not isinstance(kid, Element)), None)
        text = f"<< /S /{element.role} /P {numbers[id(parent)] if parent else root_number} 0 R"
        if first_page is not None:
            text += f" /Pg {page(first_page)} 0 R"
        if lang != inherited:
            text += f" /Lang {_string(lang)}"
        if element.alt is not None:
            text += f" /Alt {_string(element.alt)}"
        if element.attributes:
            text += " /A << /O /Table" + "".join(
                f" /{key} {'/' + value if isinstance(value, str) else value}"
                for key, value in element.attributes.items()) + " >>"
        kids: list[str] = []
        for kid in element.kids:
            if isinstance(kid, Element):
                if id(kid) in numbers:
                    kids.append(f"{numbers[id(kid)]} 0 R")
            elif isinstance(kid, Marked):
                kids.append(str(kid.mcid) if kid.page == first_page else
                            f"<< /Type /MCR /Pg {page(kid.page)} 0 R /MCID {kid.mcid} >>")
            else:
                kids.append(f"<< /Type /OBJR /Obj {number(kid.ref.name)} 0 R /Pg {page(kid.page)} 0 R >>")
        text += f" /K {kids[0]} >>" if len(kids) == 1 else f" /K [{' '.join(kids)}] >>"
        objects[id(element)].data = text.encode("ascii")
    nums = []
    for key in sorted([*marker.owners, *marker.links]):
        owner = marker.owners.get(key)
        nums.append(f"{key} {numbers[id(marker.links[key])]} 0 R" if owner is None else
                    f"{key} [{' '.join(f'{numbers[id(element)]} 0 R' for element in owner)}]")
    parent_tree = register(Prepared(f"<< /Nums [{' '.join(nums)}] >>".encode("ascii")), "ParentTree")
    root_object.data = (f"<< /Type /StructTreeRoot /K {numbers[id(marker.root)]} 0 R /ParentTree "
                        f"{number(parent_tree.name)} 0 R /ParentTreeNextKey {marker.next_key} >>").encode("ascii")
    return root, Prepared(b"<< /Marked true >>")
