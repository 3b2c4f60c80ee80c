"""A PDF's pages as pictures for the browser, through PDFium (pypdfium2, the one module that uses it): each page
drawn to a bitmap, its fingerprint taken so that a page that did not change keeps its picture (and the browser its
cached copy), its PNG made only when the browser asks for it, and its text, for the page's text layer."""

from __future__ import annotations

import hashlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

DPI = 110
"""Pixels per inch of the pictures: an A4 page is 909 x 1286 pixels, sharp on a laptop's screen at 100%."""
MAX_PAGES = 200
"""Pages drawn at most (a brief has 2 to 8; a hostile case cannot make the server draw thousands)."""


@dataclass
class PageImage:
    """One drawn page: its fingerprint names its picture (/page/<key>.png), so a new build that leaves a page
    as it was gives it the same name."""

    key: str
    width: int
    height: int
    text: str
    _pixels: object = field(repr=False, default=None)
    _png: bytes | None = field(repr=False, default=None)
    _lock: threading.Lock = field(repr=False, default_factory=threading.Lock)

    def png(self) -> bytes:
        """The page as PNG, made on the first request (fast compression: a preview, not an archive)."""
        with self._lock:
            if self._png is None:
                buffer = io.BytesIO()
                self._pixels.save(buffer, "PNG", compress_level=1)
                self._png, self._pixels = buffer.getvalue(), None
            return self._png


_encoders = ThreadPoolExecutor(max_workers=2, thread_name_prefix="reporter-preview-png")


def draw_pages(pdf: bytes, known: dict[str, PageImage], dpi: int = DPI) -> list[PageImage]:
    """The PDF's pages, reusing from `known` each page whose pixels did not change. The new pages' PNGs start
    at once, beside the event that tells the browser (PNG's compression lets go of the interpreter)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for index in range(min(len(document), MAX_PAGES)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            key = hashlib.sha1(bitmap.buffer, usedforsecurity=False).hexdigest()[:24]  # a name, not a seal
            if key in known:
                pages.append(known[key])
                continue
            text_page = page.get_textpage()
            text = text_page.get_text_range()
            pixels = bitmap.to_pil().copy()  # (the bitmap's memory is PDFium's, freed with it)
            pages.append(PageImage(key, bitmap.width, bitmap.height, text, pixels))
            _encoders.submit(pages[-1].png)
        return pages
    finally:
        document.close()
