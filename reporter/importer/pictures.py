"""An article's pictures, whatever it came as: a Word file's embedded ones, and the files beside a saved web page or
a Markdown file (its `name_files/` folder, an `images/` folder). A reader puts a picture line where the picture
stands; `captioned` gives each picture to its caption (a caption-styled or 图N line just above it, else the short
line just under it), so that the brief shows it over its caption. Pictures are PNG or JPEG, known by their first
bytes; a file is read only inside the article's folder, and no picture is fetched from the web."""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

from reporter.errors import ReporterError
from reporter.importer.article import PICTURE, PICTURE_SOURCE, Line
from reporter.limits import ARTICLE_PICTURE_BYTES, ARTICLE_PICTURES, IMAGE_FILE_BYTES, MiB, read_input

CAPTION_LENGTH = 60
"""A line under a picture longer than this is running text, not its caption."""
_NUMBERED_CAPTION = re.compile(r"^图\s*[0-9一二三四五六七八九十]+")
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}
_DATA_URI = re.compile(r"^data:image/(?:png|jpe?g);base64,(.+)$", re.S | re.I)


@dataclass
class Picture:
    data: bytes
    suffix: str
    line: int


def picture_type(data: bytes) -> str | None:
    """.png or .jpg by the file's first bytes (a name or a declared type can lie)."""
    return next((suffix for signature, suffix in _SIGNATURES.items() if data.startswith(signature)), None)


def local_picture(folder: Path, source: str, line: int) -> Picture | str:
    """The picture a saved page or a Markdown file points to, or why it is not kept: on the web, outside the
    article's folder, missing, too large, or neither PNG nor JPEG."""
    inline = _DATA_URI.match(source.strip())
    if inline:
        try:
            data = base64.b64decode(inline.group(1), validate=False)
        except (binascii.Error, ValueError):
            return "an inline picture that does not decode"
        if len(data) > IMAGE_FILE_BYTES:
            return "an inline picture over the image size limit"
    else:
        parts = urllib.parse.urlsplit(source.strip())
        if parts.scheme or parts.netloc:
            return "on the web (not fetched)"
        relative = urllib.parse.unquote(parts.path)
        if not relative:
            return "with no file named"
        base = folder.resolve()
        path = (base / relative).resolve()
        if not path.is_relative_to(base):
            return "outside the article's folder"
        if not path.is_file():
            return "not found beside the article"
        try:
            data = read_input(path, IMAGE_FILE_BYTES, "the picture")
        except ReporterError as exc:
            return exc.message
    suffix = picture_type(data)
    return Picture(data, suffix, line) if suffix else "neither PNG nor JPEG"


def picture_line(picture: Picture) -> Line:
    return Line("", picture.line, PICTURE, 0, picture)


def captioned(lines: list[Line]) -> tuple[list[Line], list[int]]:
    """The lines with each picture given to its caption line, and the places of the pictures that found none
    (not kept)."""
    out: list[Line] = []
    lost: list[int] = []
    waiting: Picture | None = None
    for line in lines:
        if line.kind == PICTURE:
            if waiting is not None:
                lost.append(waiting.line)
            above = out[-1] if out else None
            waiting = None
            if above is not None and above.picture is None and (
                    above.kind == "caption" or _NUMBERED_CAPTION.match(above.text)):
                out[-1] = replace(above, kind="caption", picture=line.picture)
            else:
                waiting = line.picture
            continue
        if waiting is not None:  # the short line under a picture is its caption
            if len(line.text) <= CAPTION_LENGTH and line.kind in ("", "caption"):
                line = replace(line, kind="caption", picture=waiting)
            else:
                lost.append(waiting.line)
            waiting = None
        out.append(line)
    if waiting is not None:
        lost.append(waiting.line)
    return out, lost


def _places(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:8])) + (", …" if len(lines) > 8 else "")


def place_pictures(lines: list[Line], folder: Path) -> tuple[list[Line], list[str]]:
    """Pictures named by the article read from its folder, then every picture given to its caption. Warnings
    count what was not kept, by reason, with the lines (a saved page has many icons and QR codes)."""
    loaded: list[Line] = []
    refused: dict[str, list[int]] = {}
    looked = size = 0
    beyond = f"beyond the {ARTICLE_PICTURES} pictures or {ARTICLE_PICTURE_BYTES // MiB} MiB an article may bring"
    for line in lines:
        if line.kind != PICTURE_SOURCE:
            loaded.append(line)
            continue
        within = looked < ARTICLE_PICTURES and size < ARTICLE_PICTURE_BYTES
        found = local_picture(folder, line.text, line.line) if within else beyond
        looked += 1
        if isinstance(found, Picture):
            loaded.append(picture_line(found))
            size += len(found.data)
        else:
            refused.setdefault(found, []).append(line.line)
    placed, lost = captioned(loaded)
    warnings = [f"{len(at)} picture(s) {reason}: not kept (line {_places(at)})" for reason, at in refused.items()]
    if lost:
        warnings.append(f"{len(lost)} picture(s) with no caption beside them: not kept (line {_places(lost)})")
    return placed, warnings
