"""The named bounds on every input, and reading a file within them: a hostile or mistaken input is refused in
one line before it can exhaust memory or time."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reporter.errors import ReporterError

MiB = 1024 * 1024

CASE_FILE_BYTES = 2 * MiB
"""A case or book YAML file (case 36 is 20 KB)."""
LAYOUT_FILE_BYTES = 1 * MiB
ARTICLE_BYTES = 8 * MiB
"""An article file (a WeChat page saved with its pictures inline is a few MiB)."""
ARTICLE_PARAGRAPHS = 5_000
"""Paragraphs of an article's text (case 36's article has 92 lines; a case article has a few hundred at most), and
four times as many lines of a text file (one copied from a PDF has a line per printed line)."""
ARTICLE_CHARACTERS = 300_000
"""Characters of an article's text (case 36's has 9,000): more would make a case file over its limit."""
ARTICLE_PICTURES = 500
ARTICLE_PICTURE_BYTES = 256 * MiB
"""Pictures an article's page or Markdown file may name (each looked for in its folder), and the bytes of those
read, together (a case has a handful, a saved page a few dozen icons; a hostile page could name one large file a
hundred thousand times)."""
IMAGE_FILE_BYTES = 32 * MiB
IMAGE_PIXELS = 40_000_000
"""A figure or logo: about an 8000 x 5000 photograph."""
FONT_FILE_BYTES = 64 * MiB
REFERENCE_DOCX_BYTES = 32 * MiB
REFERENCE_DOCX_MEMBER_BYTES = 16 * MiB
"""One part of a reference DOCX, unpacked."""
REFERENCE_DOCX_MEMBERS = 2000
"""Parts of a reference DOCX (Word writes a few dozen)."""
REFERENCE_DOCX_RATIO = 200
"""Unpacked size over packed size of one part: more is a zip bomb."""

YAML_NODES = 200_000
"""Nodes read from one YAML file, every alias counted again where it is used (a billion-laughs file stops here)."""
YAML_DEPTH = 40
TEXT_CHARS = 50_000
"""One text of a case (a paragraph, a title): about 25 printed pages of Chinese."""
METRIC_DIGITS = 15
"""Significant digits of a metric value; with it, values below 10^15 (a quadrillion)."""
METRIC_DECIMALS = 6


def read_input(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a one-line error naming it. A FIFO, a device
    (/dev/zero) or a folder is refused before anything is read; a file that grows while read stops at the limit."""
    try:
        # O_NONBLOCK: opening a FIFO would otherwise wait for a writer; on a regular file it changes nothing
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ReporterError(f"{what} is not a regular file", path)
            if info.st_size > limit:
                raise ReporterError(f"{what} is {info.st_size:,} bytes; the limit is {limit / MiB:g} MiB "
                                    f"({limit:,} bytes)", path)
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise ReporterError("file not found", path) from None
    except IsADirectoryError:
        raise ReporterError(f"{what} is a folder, not a file", path) from None
    except OSError as exc:
        raise ReporterError(f"cannot read file: {exc.strerror or exc}", path) from None
    if len(data) > limit:
        raise ReporterError(f"{what} is over the limit of {limit / MiB:.0f} MiB", path)
    return data


def file_version(path: Path) -> tuple[Path, int, int]:
    """(path, size, modification time): a key under which what was learnt of a file holds until it changes."""
    info = path.stat()
    return path, info.st_size, info.st_mtime_ns


def read_for_check(path: Path, limit: int, what: str, problem: type[Exception]) -> bytes:
    """read_input for a checker whose caller names the file and key: its refusal as `problem`, in words."""
    try:
        return read_input(path, limit, what)
    except ReporterError as exc:
        raise problem(exc.message) from None
