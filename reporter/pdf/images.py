"""Logo images read and compressed once per process, installed by importing this module.

Every brief of a layout shows the same logos, but ReportLab decodes each logo file again for every document and
deflates its pixels, and its alpha channel as a soft mask: about 7 ms a logo. Here a file's pixels are read once
(`image_flowable`) and the image object of the same pixels is built once, each document getting a fresh copy of it
(ReportLab marks an object with the document it is registered in).
"""

from __future__ import annotations

import os
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.platypus import Image

_ReportLabImage = pdfdoc.PDFImageXObject
_loaded: dict[tuple, dict[str, Any]] = {}
"""(name, mask) -> the attributes ReportLab's constructor gave the image object."""


_readers: dict[tuple, ImageReader] = {}
"""(path, size, mtime) -> the file's pixels, read once."""
_shared: set[int] = set()
"""ids of those readers and of their alpha channels' readers (kept alive by `_readers`): the images cached here.
A case's figures, different in every brief, are left to ReportLab."""


def image_flowable(path: str, width: float, height: float) -> Image:
    """A platypus Image of a file every brief shows (a logo), its pixels decoded once per process."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    reader = _readers.get(key)
    if reader is None:
        reader = _readers[key] = ImageReader(path)
        reader.getRGBData()  # decodes the pixels, and splits off the alpha channel as reader._dataA
        _shared.update(id(r) for r in (reader, reader._dataA) if r is not None)
    flowable = Image(path, width=width, height=height)
    flowable._img = reader  # what Image would make for itself on first use, a new one for every brief
    return flowable


class OncePerProcessImage(_ReportLabImage):
    """ReportLab's image XObject, taken from an earlier document's for the pixels of a shared reader."""

    def __init__(self, name, source=None, mask=None):
        # drawImage (and the soft mask's maker) name an image by a digest of its pixels and mask
        key = (name, repr(mask)) if id(source) in _shared else None
        state = _loaded.get(key) if key is not None else None
        if state is not None:
            self.__dict__.update(_restored(state))
            return
        super().__init__(name, source, mask)
        if key is not None:
            _loaded[key] = _state(self)


def _state(image: _ReportLabImage) -> dict[str, Any]:
    state = dict(image.__dict__)
    if state.get("_smask") is not None:
        state["_smask"] = dict(state["_smask"].__dict__)
    return state


def _restored(state: dict[str, Any]) -> dict[str, Any]:
    """The attributes for a new document's object; its soft mask a new object too."""
    attributes = dict(state)
    if attributes.get("_smask") is not None:
        mask = _ReportLabImage.__new__(_ReportLabImage)
        mask.__dict__.update(attributes["_smask"])
        attributes["_smask"] = mask
    return attributes


pdfdoc.PDFImageXObject = OncePerProcessImage
