"""Everything reporter does to ReportLab's internals, and the only module that does it.

ReportLab is pinned to one version (REPORTLAB_VERSION, checked at import in one line). Every replacement of one
of its functions or classes is a `Patch` in PATCHES, applied by `install()`, once; every private name read or
set elsewhere in ReportLab's objects is reached through a function here. `tests/test_adapters.py` compares each
patch with the original on varied input and fails when a name used here is gone.

This module sits below reporter's own PDF code: it imports none of it. What reporter's typesetting gives ReportLab
(the Chinese line breaker and its glue) is handed to `install` as `Hooks` by reporter.pdf.

What the patches are for (each keeps ReportLab's output unless it says otherwise):
- speed: a leaner drawing of plain text lines, logos decoded once per process, numbers formatted first,
  libdeflate for streams;
- correctness, on purpose different from ReportLab: text in reporter's composite fonts (every face is one,
  reporter/pdf/embedded.py) justified and compressed by offsets in the string (word spacing does nothing to
  2-byte codes), Chinese justified lines flush with both margins, reporter's Chinese line breaking.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable
from unicodedata import east_asian_width

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.rl_accel import fp_str
from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Image
from reportlab.platypus import paragraph as rl_paragraph

from reporter import patching
from reporter.compose.document import WORD_JOINER
from reporter.patching import Patch, apply, require_version
from reporter.compose.punctuation import FULL_WIDTH, compressed_after, compression, has_pair

REPORTLAB_VERSION = "5.1.0"


def check_version(found: str = reportlab.Version) -> None:
    require_version("ReportLab", "reportlab", REPORTLAB_VERSION, found)


check_version()

# -- private names read, each through one function ----------------------------------------------------------
FUZZ: float = rl_config._FUZZ
"""The tolerance ReportLab's line breakers allow a line's width."""
processed_frags: Callable[[list], bool] = rl_paragraph._processed_frags


def is_dynamic(font) -> bool:
    """A TrueType font of ours (embedded in subsets), as opposed to one of the 14 standard fonts."""
    return font._dynamicFont


def text_code(tx) -> list[str]:
    """The operators a text object has written so far (appended to in place)."""
    return tx._code


def text_font(tx) -> tuple[str, float]:
    return tx._fontname, tx._fontsize


def canvas_writer(canvas) -> tuple[Any, Callable[[bytes], str]]:
    """A canvas's document (fonts are registered per document) and its string escaper."""
    return canvas._doc, canvas._escape


def paragraph_wrap_widths(paragraph):
    return paragraph._wrapWidths


def set_paragraph_wrap_widths(paragraph, widths) -> None:
    paragraph._wrapWidths = widths


def reset_break_state(paragraph) -> None:
    """What ReportLab's breakLines resets before breaking a paragraph."""
    paragraph._width_max = 0
    paragraph.height = 0
    paragraph._splitLongWordCount = paragraph._hyphenations = 0


def widen_to(paragraph, width: float) -> None:
    """Record a line's width: ReportLab keeps the widest line of a broken paragraph (wrap reads it)."""
    if width > paragraph._width_max:
        paragraph._width_max = width


def widest_line(paragraph) -> float:
    return paragraph._width_max


def has_bidi(paragraph) -> bool:
    return bool(getattr(paragraph, "_bidi", None))


# -- drawing text ----------------------------------------------------------------------------------------------
# ReportLab's `_putFragLine` serves every kind of fragment (images, links, underlines, background colours,
# rises, end dots) and measures each fragment as it goes; `_formatText` saves and restores the text object's
# state for every fragment. For a line of plain text fragments neither is needed: `lean_put_frag_line` writes
# the same operators, byte for byte, for text objects marked `lean` (paragraphs that `is_plain` says hold
# nothing else).

_original_put_frag_line = rl_paragraph._putFragLine
_original_format_text = PDFTextObject._formatText


def is_plain(paragraph) -> bool:
    """A paragraph of plain text fragments: no images or callbacks, links, underlines or strikes, rises,
    background colours or end dots, and no shaping."""
    style = paragraph.style
    if getattr(style, "endDots", None) or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) \
            or style.wordWrap == "RTL":
        return False
    blpara = getattr(paragraph, "blPara", None)
    if blpara is None or blpara.kind != 1:
        return False
    fonts = set()
    for line in blpara.lines:
        for frag in line.words:
            if hasattr(frag, "cbDefn") or frag.link or frag.us_lines or frag.rise or \
                    getattr(frag, "backColor", None):
                return False
            fonts.add(frag.fontName)
    return all(getFont(name)._dynamicFont and not getattr(getFont(name), "shapable", False) for name in fonts)


def lean_put_frag_line(cur_x, tx, line, last, pKind):  # noqa: N803 (ReportLab's signature)
    at = _last_text(line.words) if not last and not getattr(tx, "cjk_text", False) else None
    if at is not None and ends_between_words(line.words[at].text):
        final = line.words[at]
        line.words[at] = final.clone(text=final.text + " ")  # the space the line broke at (see below)
        try:
            return lean_put_frag_line(cur_x, tx, line, last, pKind)
        finally:
            line.words[at] = final
    if not getattr(tx, "lean", False):
        return _original_put_frag_line(cur_x, tx, line, last, pKind)
    xs = tx.XtraState
    if tx._leading != xs.leading:
        tx.setLeading(xs.leading)
    code = tx._code
    doc = tx._canvas._doc
    escape = tx._canvas._escape
    words = line.words
    final = words[-1]
    for frag in words:
        name, size = frag.fontName, frag.fontSize
        if tx._fontname != name or tx._fontsize != size:
            tx._setFont(name, size)
        if xs.textColor != frag.textColor:
            xs.textColor = frag.textColor
            tx.setFillColor(frag.textColor)
        text = shown(tx, getFont(name), frag.text, doc, escape)
        lang = getattr(frag, "span_lang", None)
        if lang:  # a span in another language than its paragraph's element (tagged PDF: 14.9.2.2)
            text = f"/Span <</Lang ({lang})>> BDC {text} EMC"
        code.append(text + (" T*" if frag is final else ""))


def shown(tx, font, text: str, doc, escape) -> str:
    """The operators that show `text` in the text object's current font (a TrueType font of ours), with the
    font selected first where its subset changes: what ReportLab's _formatText writes for plain text (and
    for a CID font at a word spacing, the spaced string `spaced_text` makes)."""
    if needs_spaced_text(tx, font, text):
        return spaced_text(tx, font, text)
    parts = []
    for subset, data in font.splitString(text, doc):
        if subset != tx._curSubset:
            parts.append(font_selection(tx, font, subset, doc))
        parts.append(f"({escape(data)}) Tj")
    return " ".join(parts)


def font_selection(tx, font, subset: int, doc) -> str:
    """The operator that makes `subset` of `font` the text object's current font, at its size and leading."""
    tx._curSubset = subset
    return f"{font.getSubsetInternalName(subset, doc)} {fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL"


# ReportLab justifies Latin lines with word spacing (Tw), which a PDF reader applies only to the one-byte code 32:
# with 2-byte codes it does nothing. For text in a CID font with word spacing set, the extra width goes into the
# string itself as TJ offsets after each space. Adjacent Chinese punctuation is compressed the same way
# (punctuation.py: the line breaker measured it narrowed).

def needs_spaced_text(tx, font, text: str = "") -> bool:
    """Text in a CID font (one of reporter/pdf/embedded.py) at a word spacing, or with punctuation to compress: shown as a
    TJ array of the string's pieces and offsets."""
    return hasattr(font, "encoder") and (bool(getattr(tx, "_wordSpace", 0)) or has_pair(text)
                                         or bool(font.kerns(text)))


def spaced_text(tx, font, text: str) -> str:
    """The operators that show `text` in a CID font at the text object's word spacing, its adjacent punctuation
    compressed."""
    doc = tx._canvas._doc
    (_, data), = font.splitString(text, doc)
    parts = []
    if tx._curSubset != 0:
        parts.append(font_selection(tx, font, 0, doc))
    drawn = font.drawn(text)  # a 2-byte code each
    offsets: dict[int, float] = {}
    if getattr(tx, "_wordSpace", 0):
        for index, char in enumerate(drawn):
            if char in " \u00a0":
                offsets[index] = -tx._wordSpace * 1000 / tx._fontsize
    for index in compressed_after(drawn):
        if font.stringWidth(drawn[index], 1000) >= FULL_WIDTH * 1000:  # as punctuation.compress measured it
            offsets[index] = offsets.get(index, 0) + compression(drawn[index], drawn[index + 1], font.blanks) * 1000
    for index, offset in font.kerns(text).items():  # the font's own (a squeezed mark's blank half)
        offsets[index] = offsets.get(index, 0) + offset
    escape = tx._canvas._escape
    if not offsets:
        parts.append(f"({escape(data)}) Tj")
        return " ".join(parts)
    pieces, start = [], 0
    if -1 in offsets:
        pieces.append(fp_str(offsets.pop(-1)))
    for index in sorted(offsets):
        pieces += [f"({escape(data[start:index * 2 + 2])})", fp_str(offsets[index])]
        start = index * 2 + 2
    if start < len(data):
        pieces.append(f"({escape(data[start:])})")
    parts.append(f"[{' '.join(pieces)}] TJ")
    return " ".join(parts)


def format_text(self, text):
    font = getFont(self._fontname)
    if needs_spaced_text(self, font, text):
        return spaced_text(self, font, text)
    return _original_format_text(self, text)


# ReportLab justifies by widening spaces (Tw), and Chinese has none: its justified Chinese paragraphs stayed
# ragged on the right by up to a character. A justified line of a CJK paragraph (not the last, not one ending
# in a forced break) gets the missing width spread between its characters instead (Tc), as Word does, in text
# objects marked `cjk_justify`.

_original_justify_line = rl_paragraph._justifyDrawParaLine
_original_justify_frag_line = rl_paragraph._justifyDrawParaLineX


def _drawn_count(text: str, font_name: str) -> int:
    """How many glyphs `text` draws: a word joiner draws none (nor does anything our fonts fold into a glyph)."""
    drawn = getattr(getFont(font_name), "drawn", None)
    return len(drawn(text)) if drawn is not None else len(text) - text.count(WORD_JOINER)


def _spread(tx, extra: float, chars: int) -> bool:
    """Emit character spacing for a line of `chars` characters short of the margin by `extra`; return whether."""
    if not getattr(tx, "cjk_justify", False) or extra <= 1e-8 or chars < 2:
        return False
    tx._code.append(f"{fp_str(extra / (chars - 1))} Tc")
    return True


def justify_line(tx, offset, extraspace, words, last=0):
    words = _with_break_space(tx, words, last)
    text = " ".join(words)
    spread = not last and _spread(tx, extraspace, _drawn_count(text, tx._fontname))
    result = _original_justify_line(tx, offset, 0 if spread else extraspace, words, last)
    if spread:
        tx._code.append("0 Tc")
    return result


def justify_frag_line(tx, offset, line, last=0):
    spread = not last and not line.lineBreak and _spread(
        tx, line.extraSpace,
        sum(_drawn_count(w.text, w.fontName) for w in line.words if not hasattr(w, "cbDefn")))
    if spread:
        line.extraSpace, extra = 0, line.extraSpace
        try:
            return _original_justify_frag_line(tx, offset, line, last)
        finally:
            line.extraSpace = extra
            tx._code.append("0 Tc")
    return _original_justify_frag_line(tx, offset, line, last)


# -- the space a line broke at ---------------------------------------------------------------------------------
# ReportLab drops the space a Latin line broke at, so the text a screen reader takes from the tags (the strings
# drawn, in order) ran the last word of each line into the first of the next ("importantspeech"). A line of Latin
# text that ends between words, or at a forced break (a balanced title's), draws a space after its last word (past
# the margin: nothing shows). The last line, a line ending in a hyphen, a soft hyphen, a space or a wide (CJK)
# character, and the lines of CJK text
# (`cjk_text`: they break between characters) are left as they are. ReportLab's split of a paragraph between
# pages also put a space after each line of the part it kept: not after a CJK paragraph's lines (高度重视 扶贫).

_NO_SPACE_AFTER = frozenset("-\u00ad\u2010\u2011\u2013\u2014/ \u00a0\u2060\n")
_original_line_drawers = {name: getattr(rl_paragraph, name)
                          for name in ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine")}
_original_split_hard = rl_paragraph._split_blParaHard


def ends_between_words(text: str) -> bool:
    """Whether a line of Latin text ending in `text` broke at a space (and so should draw it)."""
    return bool(text) and text[-1] not in _NO_SPACE_AFTER and east_asian_width(text[-1]) not in "WF"


def _last_text(words) -> int | None:
    """The index of a line's last word with text (a forced break ends a line with an empty one)."""
    for index in range(len(words) - 1, -1, -1):
        if not hasattr(words[index], "cbDefn") and words[index].text:
            return index
    return None


def _with_break_space(tx, words: list[str], last) -> list[str]:
    if last or not words or getattr(tx, "cjk_text", False) or not ends_between_words(words[-1]):
        return words
    return [*words[:-1], words[-1] + " "]


def _line_drawer(name: str):
    original_drawer = _original_line_drawers[name]

    def draw(tx, offset, extraspace, words, last=0):
        return original_drawer(tx, offset, extraspace, _with_break_space(tx, words, last), last)
    return draw


def split_lines_hard(bl_para, start, stop):
    """ReportLab's _split_blParaHard, without the space after each line of a CJK paragraph (`cjk` lines)."""
    if not getattr(bl_para, "cjk", False):
        return _original_split_hard(bl_para, start, stop)
    return [word for line in bl_para.lines[start:stop] for word in line.words]


# -- images read once per process -----------------------------------------------------------------------------
# Every brief of a layout shows the same logos, but ReportLab decodes each logo file again for every document and
# deflates its pixels, and its alpha channel as a soft mask: about 7 ms a logo. Here a file's pixels are read
# once (`shared_image`) and the image object of the same pixels is built once, each document getting a fresh
# copy of it (ReportLab marks an object with the document it is registered in).

_original_image = pdfdoc.PDFImageXObject
_loaded: dict[tuple, dict[str, Any]] = {}
"""(name, mask) -> the attributes ReportLab's constructor gave the image object."""
_readers: dict[tuple, ImageReader] = {}
"""(path, size, mtime) -> the file's pixels, read once."""
_shared: set[int] = set()
"""ids of those readers and of their alpha channels' readers (kept alive by `_readers`): the images cached here.
A case's figures, different in every brief, are left to ReportLab."""


Separation = Callable[[Any], tuple[Any, Any]]
"""A PIL image -> the same in CMYK and its alpha channel (an "L" image, or None)."""


def shared_image(path: str, width: float, height: float, kind: type[Image] = Image,
                 separate: tuple[str, Separation] | None = None, keep: bool = True) -> Image:
    """A platypus Image (of `kind`) of a file every brief shows (a logo), its pixels decoded once per process;
    with `separate` (a name for the conversion, and the conversion), its pixels in CMYK, the alpha channel kept as
    the soft mask. Not `keep`: decoded for this document alone (a case's figure)."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns, separate[0] if separate else None)
    reader = _readers.get(key)
    if reader is None:
        if separate is None:
            reader = ImageReader(path)
            reader.getRGBData()  # decodes the pixels, and splits off the alpha channel as reader._dataA
        else:
            with PILImage.open(path) as opened:
                cmyk, alpha = separate[1](opened)
            reader = ImageReader(cmyk)
            reader.getRGBData()  # the CMYK bytes, as DeviceCMYK
            reader._dataA = ImageReader(alpha) if alpha is not None else None
        if keep:
            _readers[key] = reader
            _shared.update(id(r) for r in (reader, reader._dataA) if r is not None)
    flowable = kind(path, width=width, height=height)
    flowable._img = reader  # what Image would make for itself on first use, a new one for every brief
    return flowable


class OncePerProcessImage(_original_image):
    """ReportLab's image XObject, taken from an earlier document's for the pixels of a shared reader; in the
    colour space its document gives RGB images (rgb_images_as_icc)."""

    def format(self, document) -> bytes:
        data = super().format(document)
        space = getattr(document, "rgb_image_space", None)
        if space is None or self.colorSpace != "DeviceRGB":
            return data
        head, keyword, rest = data.partition(b"stream")  # the dictionary, before the pixels
        return head.replace(b"/ColorSpace /DeviceRGB", b"/ColorSpace " + space.format(document), 1) + keyword + rest

    def __init__(self, name, source=None, mask=None):
        # drawImage (and the soft mask's maker) name an image by a digest of its pixels and mask
        key = (name, repr(mask)) if id(source) in _shared else None
        state = _loaded.get(key) if key is not None else None
        if state is not None:
            self.__dict__.update(_restored(state))
            return
        super().__init__(name, source, mask)
        if key is not None:
            _loaded[key] = _image_state(self)


def _image_state(image) -> dict[str, Any]:
    state = dict(image.__dict__)
    if state.get("_smask") is not None:
        state["_smask"] = dict(state["_smask"].__dict__)
    return state


def _restored(state: dict[str, Any]) -> dict[str, Any]:
    """The attributes for a new document's object; its soft mask a new object too."""
    attributes = dict(state)
    if attributes.get("_smask") is not None:
        mask = _original_image.__new__(_original_image)
        mask.__dict__.update(attributes["_smask"])
        attributes["_smask"] = mask
    return attributes


# -- the document's bytes ----------------------------------------------------------------------------------------

_original_format = pdfdoc.format


def format_numbers_first(element, document, toplevel=0):
    """pdfdoc.format with numbers first: a brief's font subsets hold thousands of glyph widths, each formatted
    through this function (the same bytes as ReportLab's branch for numbers)."""
    kind = type(element)
    if kind is int or kind is float:
        return fp_str(element).encode("ascii")
    return _original_format(element, document, toplevel)


# -- the patches ---------------------------------------------------------------------------------------------------

def _deflate():
    from reporter.deflate import zlib_stream

    def encode(self, text) -> bytes:
        return zlib_stream(text.encode("utf-8") if isinstance(text, str) else text)
    return encode


# -- stream endings ---------------------------------------------------------------------------------------------
# ReportLab writes a stream's data straight before `endstream`. PDF/A (ISO 19005-2, 6.1.7.1) wants an end-of-line
# there, not counted in /Length, so that a reader finds the keyword whatever the data's last byte.

_original_stream_format = pdfdoc.PDFStream.format
_ENDSTREAM = b"endstream\n"


def stream_with_eol(self, document) -> bytes:
    """ReportLab's stream object with an end-of-line between its data and `endstream` (Length unchanged)."""
    data = _original_stream_format(self, document)
    return data[:-len(_ENDSTREAM)] + b"\n" + _ENDSTREAM


# -- links ------------------------------------------------------------------------------------------------------
# ReportLab's link annotations have no print flag and an empty /Contents, and the pages that hold them no tab order.
# PDF/A wants /F 4 (print) on every annotation; PDF/UA a description of each link and /Tabs /S (the structure's
# order) on every page with annotations. A link's description is what the writer said of its target
# (`described_links`), else the target itself.

_link_texts: ContextVar[dict[str, str]] = ContextVar("link_texts", default={})
_original_link_rect = Canvas.linkRect
_original_link_url = Canvas.linkURL
_original_page_check = pdfdoc.PDFPage.check_format
PRINT = 4
"""An annotation's /F flag: printed (and shown) as the page is."""


@contextmanager
def described_links(texts: dict[str, str]):
    """Within the block, a link to a target of `texts` (a destination name, a URL) is described by its text."""
    token = _link_texts.set(texts)
    try:
        yield
    finally:
        _link_texts.reset(token)


def _describe(target: str) -> str:
    return _link_texts.get().get(target) or target


def _in_structure(canvas, kw: dict, make: Callable[[], Any]) -> Any:
    """Make an annotation; on a tagged canvas (one with a `marker`, reporter/pdf/tags.py) it gets a /StructParent
    and becomes an OBJR of the Link element being drawn."""
    marker = getattr(canvas, "marker", None)
    key = marker.annotation_key() if marker is not None else None
    if key is None:
        return make()
    kw["StructParent"] = key
    result = make()
    marker.annotation_made(key, canvas._annotationrefs[-1])
    return result


def link_rect(self, contents, destinationname, *args, **kw):
    """ReportLab's internal link, printed and described."""
    kw.setdefault("F", PRINT)
    return _in_structure(self, kw, lambda: _original_link_rect(
        self, contents or _describe(destinationname), destinationname, *args, **kw))


def link_url(self, url, rect, *args, **kw):
    """ReportLab's external link, printed and described."""
    kw.setdefault("F", PRINT)
    kw.setdefault("Contents", pdfdoc.PDFString(_describe(url)))
    return _in_structure(self, kw, lambda: _original_link_url(self, url, rect, *args, **kw))


def page_check_format(self, document) -> None:
    """ReportLab's page, with /Tabs /S where it has annotations."""
    _original_page_check(self, document)
    if self.Annots:
        self.Tabs = pdfdoc.PDFName("S")


# -- tagged PDF -------------------------------------------------------------------------------------------------
# The structure tree is reporter/pdf/tags.py's; ReportLab is told of it here: a list item's bullet ends the label's
# marked content (`bullet_then_body`), the pages get /StructParents, the catalogue the tree.

_original_draw_bullet = rl_paragraph._drawBullet


def bullet_then_body(canvas, *args, **kw):
    """ReportLab's bullet, after which a tagged canvas marks what follows as the list item's body."""
    drawn = getattr(canvas, "drawn", None)
    if drawn is not None:
        drawn.in_bullet = True  # a bullet's square is a mark, not text to read: no size floor
    try:
        offset = _original_draw_bullet(canvas, *args, **kw)
    finally:
        if drawn is not None:
            drawn.in_bullet = False
    marker = getattr(canvas, "marker", None)
    if marker is not None:
        marker.next(canvas)
    return offset


def set_last_page(canvas, **entries) -> None:
    """Entries of the page dictionary of the page the canvas showed last (/StructParents)."""
    page = canvas._doc.Pages.pages[-1]
    for key, value in entries.items():
        setattr(page, key, value)


@dataclass(frozen=True)
class FrameRoom:
    """Where a frame stands: the room left in it, its full size, and whether nothing is in it yet."""

    width: float
    left: float
    height: float
    at_top: bool


def frame_room(frame) -> FrameRoom:
    """The room left in a frame being filled (ReportLab keeps it in private attributes)."""
    return FrameRoom(frame._aW, frame._y - frame._y1p, frame._aH, bool(getattr(frame, "_atTop", 0)))


def kept_height(keep: Any, canvas, width: float) -> float:
    """The height of a KeepTogether's content (its wrap answers 0xffffff, to be split, and keeps the height)."""
    keep.wrapOn(canvas, width, 0xFFFFFF)
    return keep._H


def table_row_heights(table) -> list[float]:
    """A wrapped Table's row heights, top to bottom (ReportLab keeps them private)."""
    return list(table._rowHeights)


def page_name(index: int) -> str:
    """The name ReportLab registers a document's page under, counted from 0 (Page1, Page2, ...)."""
    return f"Page{index + 1}"


def register(canvas, obj, name: str) -> pdfdoc.PDFObjectReference:
    """`obj` written as an indirect object of the canvas's document, under `name`."""
    return canvas._doc.Reference(obj, name)


def object_number(canvas, name: str) -> int:
    """The object number of what the canvas's document registered under `name` (a page, an annotation, ...)."""
    return canvas._doc.idToObjectNumberAndVersion[name][0]


def set_catalogue(canvas, **entries) -> None:
    for key, value in entries.items():
        setattr(canvas._doc.Catalog, key, value)


# -- metadata and output intent ---------------------------------------------------------------------------------
# PDF/A and PDF/UA read a document's properties from XMP metadata in the catalogue, and PDF/A its colours from an
# output intent (an ICC profile). ReportLab writes neither; the catalogue gets both here.


class UnfilteredStream(pdfdoc.PDFStream):
    """A stream written as it is, whatever the document's compression (XMP must stay readable as text)."""

    def format(self, document) -> bytes:
        filters, document.defaultStreamFilters = document.defaultStreamFilters, None
        try:
            return super().format(document)
        finally:
            document.defaultStreamFilters = filters


@dataclass(frozen=True)
class OutputIntent:
    """The output intents of a document: one profile, under each standard's name for an intent (GTS_PDFA1 for
    PDF/A, GTS_PDFX for PDF/X; PDF/A-2 asks that all share one profile object)."""

    icc_profile: bytes
    components: int
    """3 for RGB, 4 for CMYK."""
    kinds: tuple[str, ...]
    condition: str
    info: str
    registry: str | None = None


def add_metadata_and_output_intent(canvas, xmp: bytes, intent: OutputIntent | None) -> None:
    """The catalogue of the canvas's document gets `xmp` as its /Metadata and the output intents (none without)."""
    document = canvas._doc
    names = pdfdoc.PDFName
    metadata = UnfilteredStream(pdfdoc.PDFDictionary({"Type": names("Metadata"), "Subtype": names("XML")}), xmp)
    document.Catalog.Metadata = metadata
    if intent is None:
        return
    profile = document.Reference(pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": intent.components}),
                                                  intent.icc_profile, filters=[pdfdoc.PDFZCompress]))
    registry = {"RegistryName": pdfdoc.PDFString(intent.registry)} if intent.registry else {}
    document.Catalog.OutputIntents = pdfdoc.PDFArray([pdfdoc.PDFDictionary({
        "Type": names("OutputIntent"), "S": names(kind),
        "OutputConditionIdentifier": pdfdoc.PDFString(intent.condition), "Info": pdfdoc.PDFString(intent.info),
        **registry, "DestOutputProfile": profile}) for kind in intent.kinds])


def add_info(canvas, **entries: str) -> None:
    """Text entries of the document information dictionary beyond ReportLab's own (GTS_PDFXVersion)."""
    info = canvas._doc.info
    original_format = info.format

    def format_with_entries(document):
        data = original_format(document)
        extra = "".join(f"/{key} {pdfdoc.PDFString(value).format(document).decode('latin-1')}"
                        for key, value in entries.items())
        return data[:-2] + extra.encode("latin-1") + data[-2:]  # before the dictionary's closing >>

    info.format = format_with_entries


# -- what was drawn, for the preflight ----------------------------------------------------------------------------
# The text sizes and line widths a document sets, per page, as the canvas writes its operators (reading them back
# from the file through PDFium costs 3-6 ms a page, more than a brief's typesetting); tests/pdf_scan.py reads the file
# and finds the same.


@dataclass
class Drawn:
    """The smallest text size and the thinnest line width set on each page (from 1) of a canvas's document; what a
    form sets counts on each page that draws the form, whether it was defined before or after."""

    smallest_text: dict[int, float]
    thinnest_line: dict[int, float]
    in_bullet: bool = False
    form: str | None = None
    """The form being defined."""
    forms: dict[str, tuple[dict, dict]] = field(default_factory=dict)
    """Form -> (its smallest text, its thinnest line), under key 0."""
    drawn_on: dict[str, set[int]] = field(default_factory=dict)
    """Form -> the pages that draw it."""

    def _target(self, page: int) -> tuple[dict, dict, int]:
        if self.form is None:
            return self.smallest_text, self.thinnest_line, page
        text, lines = self.forms.setdefault(self.form, ({}, {}))
        return text, lines, 0

    def text(self, page: int, size: float) -> None:
        sizes, _, key = self._target(page)
        if not self.in_bullet and size < sizes.get(key, float("inf")):
            sizes[key] = size

    def line(self, page: int, width: float) -> None:
        _, widths, key = self._target(page)
        if width < widths.get(key, float("inf")):
            widths[key] = width

    def form_drawn(self, name: str, page: int) -> None:
        self.drawn_on.setdefault(name, set()).add(page)
        self._merge(name)

    def _merge(self, name: str) -> None:
        text, lines = self.forms.get(name, ({}, {}))
        for page in self.drawn_on.get(name, ()):
            if 0 in text:
                self.smallest_text[page] = min(self.smallest_text.get(page, float("inf")), text[0])
            if 0 in lines:
                self.thinnest_line[page] = min(self.thinnest_line.get(page, float("inf")), lines[0])

    def form_begins(self, name: str) -> None:
        self.form = name

    def form_ends(self) -> None:
        name, self.form = self.form, None
        if name is not None:
            self._merge(name)  # a form drawn before it was defined (page X of Y)


def record_drawing(canvas) -> Drawn:
    """From now on, the text sizes and line widths the canvas sets are noted in what this returns."""
    canvas.drawn = Drawn({}, {})
    return canvas.drawn


def _noting_size(original):
    def set_font(self, psfontname, size, *args, **kw):
        drawn = getattr(self._canvas, "drawn", None)
        if drawn is not None:
            drawn.text(self._canvas.getPageNumber(), size)
        return original(self, psfontname, size, *args, **kw)
    return set_font


def set_line_width(self, width):
    drawn = getattr(self, "drawn", None)
    if drawn is not None:
        drawn.line(self.getPageNumber(), width)
    return _original_set_line_width(self, width)


def begin_form(self, name, *args, **kw):
    drawn = getattr(self, "drawn", None)
    if drawn is not None:
        drawn.form_begins(name)
    return _original_forms["beginForm"](self, name, *args, **kw)


def end_form(self, *args, **kw):
    drawn = getattr(self, "drawn", None)
    if drawn is not None:
        drawn.form_ends()
    return _original_forms["endForm"](self, *args, **kw)


def do_form(self, name):
    drawn = getattr(self, "drawn", None)
    if drawn is not None:
        drawn.form_drawn(name, self.getPageNumber())
    return _original_forms["doForm"](self, name)


_original_forms = {name: getattr(Canvas, name) for name in ("beginForm", "endForm", "doForm")}
_original_set_line_width = Canvas.setLineWidth
_original_text_fonts = {name: getattr(PDFTextObject, name) for name in ("setFont", "_setFont")}


def fonts_not_embedded(canvas) -> list[str]:
    """The fonts the canvas's document uses that it does not embed (ReportLab's standard fonts)."""
    return sorted(name for name in canvas._doc.fontMapping if not getFont(name)._dynamicFont)


# -- colour ------------------------------------------------------------------------------------------------------
# ReportLab writes the colours it is given as DeviceRGB or DeviceCMYK, and every image as DeviceRGB. A print master
# converts the colours (the canvas's enforceColorSpace) and has its RGB images ICC-based, tagged with the sRGB
# profile their pixels are in.


def fill_operator(canvas, hex_colour: str) -> str:
    """The fill-colour operator ReportLab writes on this canvas for a colour given as hex (converted, on a canvas
    that enforces a colour space)."""
    enforce = canvas._enforceColorSpace
    colour = colors.HexColor(hex_colour)
    if enforce is not None:
        colour = enforce(colour)
    if isinstance(colour, colors.CMYKColor):
        return f"{fp_str(colour.cyan, colour.magenta, colour.yellow, colour.black)} k"
    return f"{fp_str(colour.red, colour.green, colour.blue)} rg"


def rgb_images_as_icc(canvas, icc_profile: bytes) -> None:
    """The RGB images of the canvas's document go in the ICC-based colour space of the profile, not DeviceRGB."""
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), icc_profile, filters=[pdfdoc.PDFZCompress])
    space = canvas._doc.Reference(pdfdoc.PDFArray([pdfdoc.PDFName("ICCBased"), canvas._doc.Reference(stream)]))
    canvas._doc.rgb_image_space = space


# -- document dates ----------------------------------------------------------------------------------------------
# ReportLab dates a document by the clock, or, when `invariant`, by SOURCE_DATE_EPOCH if set (a value that is not
# a whole number raises) and else 2000-01-01. A brief is dated by its content instead (the case's date, as its
# DOCX is), whatever the clock or the environment says: same input, same bytes, on any machine.

_document_day: ContextVar[dt.date] = ContextVar("document_day", default=dt.date(2000, 1, 1))


class DatedTimeStamp(TimeStamp):
    """ReportLab's time stamp of an invariant document, at midnight UTC of the day `document_date` set."""

    def __init__(self, invariant=None):  # noqa: ARG002 (ReportLab's signature; every document is invariant)
        seconds = calendar.timegm(_document_day.get().timetuple())
        self.t, self.lt = seconds, time.gmtime(seconds)
        self.YMDhms, self.dhh, self.dmm, self.tzname = tuple(self.lt)[:6], 0, 0, "UTC"


@contextmanager
def document_date(day: dt.date):
    """Within the block, the documents ReportLab makes are dated `day` (CreationDate, ModDate, the file's ID)."""
    token = _document_day.set(day)
    try:
        yield
    finally:
        _document_day.reset(token)


PATCHES = [
    Patch(PDFTextObject, "_formatText", lambda: format_text,
          changes="justified Latin text in a CID font widened by TJ offsets (word spacing ignores 2-byte codes)"),
    Patch(rl_paragraph, "_putFragLine", lambda: lean_put_frag_line,
          changes="a Latin line draws the space it broke at (the text read from the tags)"),
    Patch(rl_paragraph, "_justifyDrawParaLine", lambda: justify_line,
          changes="justified Chinese lines flush with both margins (character spacing)"),
    *(Patch(rl_paragraph, name, (lambda name=name: _line_drawer(name)),
            changes="a Latin line draws the space it broke at (the text read from the tags)")
      for name in _original_line_drawers),
    Patch(rl_paragraph, "_split_blParaHard", lambda: split_lines_hard,
          changes="a CJK paragraph split between pages gets no space after its lines"),
    Patch(rl_paragraph, "_justifyDrawParaLineX", lambda: justify_frag_line,
          changes="justified Chinese lines flush with both margins (character spacing)"),
    Patch(rl_paragraph, "cjkFragSplit", lambda: _hooks().cjk_frag_split,
          changes="Chinese lines broken by reporter's breaker (reporter/pdf/cjkbreak.py)"),
    Patch(rl_textsplit, "getCharWidths", lambda: _hooks().char_widths,
          changes="opening marks glued to what follows, closing marks to what precedes"),
    Patch(rl_paragraph, "ALL_CANNOT_START", lambda: _cannot_start(rl_paragraph),
          changes="Chinese closing marks never start a line"),
    Patch(rl_textsplit, "ALL_CANNOT_START", lambda: _cannot_start(rl_textsplit),
          changes="Chinese closing marks never start a line"),
    Patch(pdfdoc, "PDFImageXObject", lambda: OncePerProcessImage),
    Patch(pdfdoc, "format", lambda: format_numbers_first),
    Patch(pdfdoc.PDFStreamFilterZCompress, "encode", _deflate, changes="streams deflated by libdeflate"),
    Patch(pdfdoc, "TimeStamp", lambda: DatedTimeStamp,
          changes="documents dated by their content (document_date), not the clock nor SOURCE_DATE_EPOCH"),
    Patch(pdfdoc.PDFStream, "format", lambda: stream_with_eol,
          changes="an end-of-line before endstream, outside /Length (PDF/A)"),
    Patch(Canvas, "linkRect", lambda: link_rect, changes="links printed (/F 4) and described (/Contents)"),
    Patch(Canvas, "linkURL", lambda: link_url, changes="links printed (/F 4) and described (/Contents)"),
    Patch(pdfdoc.PDFPage, "__NoDefault__", lambda: [*pdfdoc.PDFPage.__NoDefault__, "Tabs", "StructParents"],
          changes="a page may have /Tabs and /StructParents"),
    Patch(rl_paragraph, "_drawBullet", lambda: bullet_then_body),
    Patch(pdfdoc.LinkAnnotation, "permitted", lambda: (*pdfdoc.LinkAnnotation.permitted, "StructParent"),
          changes="an internal link may have /StructParent"),
    Patch(pdfdoc.PDFPage, "check_format", lambda: page_check_format,
          changes="/Tabs /S on pages with annotations"),
    Patch(pdfdoc.PDFCatalog, "__NoDefault__", lambda: [*pdfdoc.PDFCatalog.__NoDefault__, "OutputIntents"],
          changes="a catalogue may have /OutputIntents"),
    Patch(rl_config, "useA85", lambda: 0, changes="binary streams: ASCII85 makes files a quarter larger"),
    Patch(Canvas, "setLineWidth", lambda: set_line_width),  # line widths noted for the preflight
    Patch(Canvas, "beginForm", lambda: begin_form),  # ... and those of forms, on each page that draws one
    Patch(Canvas, "endForm", lambda: end_form),
    Patch(Canvas, "doForm", lambda: do_form),
    *(Patch(PDFTextObject, name, (lambda name=name: _noting_size(_original_text_fonts[name])))
      for name in _original_text_fonts),  # text sizes noted for the preflight
]


@dataclass(frozen=True)
class Hooks:
    """What reporter's own typesetting gives ReportLab: handed to `install` by reporter.pdf, so that this adapter
    imports nothing of reporter's PDF modules (they import it)."""

    cjk_frag_split: Callable
    """ReportLab's cjkFragSplit: a CJK paragraph's fragments into lines."""
    char_widths: Callable
    """textsplit.getCharWidths: a single-font CJK paragraph's character widths, glued where no break may fall."""
    cannot_start: str
    """Characters no line may start with, beyond ReportLab's own list."""


_installed: list[Hooks] = []


def _hooks() -> Hooks:
    return _installed[0]


def _cannot_start(module) -> str:
    return "".join(dict.fromkeys(original(module, "ALL_CANNOT_START") + _hooks().cannot_start))


def install(hooks: Hooks) -> None:
    """Apply every patch, once per process, with reporter's hooks."""
    if not _installed:
        _installed.append(hooks)
    apply(PATCHES, f"ReportLab {reportlab.Version}")


def original(owner: Any, name: str) -> Any:
    """What ReportLab had before `install()` (for the tests that compare)."""
    return patching.original(PATCHES, owner, name)


def unpatched(*only: Patch):
    """Within the block, ReportLab as it ships, or with only the patches given undone."""
    return patching.unpatched(PATCHES, *only)
