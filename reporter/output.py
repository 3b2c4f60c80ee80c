"""Writing files safely and reproducibly: temp file + rename; zips with fixed timestamps."""

from __future__ import annotations

import io
import os
import struct
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from reporter.deflate import crc32, raw_deflate

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a temp file beside `path`; it replaces `path` only if the block succeeds.

    A failure leaves no partial file and keeps an earlier good output untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a write (a full disk) names no file: this one
            exc.filename = str(path)
        raise


_deflated: dict[bytes, bytes] = {}
"""Large members that recur from one package to the next (a DOCX's styles, theme, font table) -> their
compressed bytes, so each is deflated once per process."""


def _deflate(data: bytes) -> bytes:
    cached = _deflated.get(data) if len(data) >= 4096 else None
    if cached is None:
        cached = raw_deflate(data)
        if len(data) >= 4096:
            if len(_deflated) >= 64:
                _deflated.clear()
            _deflated[data] = cached
    return cached


def stable_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip (DOCX) of the members in the order given, every one deflated and dated ZIP_EPOCH, so equal
    content gives equal bytes."""
    stamp = struct.pack("<HH", 0, ((ZIP_EPOCH[0] - 1980) << 9) | (ZIP_EPOCH[1] << 5) | ZIP_EPOCH[2])
    out, central = io.BytesIO(), io.BytesIO()
    for name, data in members:
        encoded, packed = name.encode("utf-8"), _deflate(data)
        # version needed 2.0, flag bit 11 (UTF-8 names), method 8 (deflate)
        common = struct.pack("<HHH", 20, 0x800, 8) + stamp + struct.pack(
            "<III", crc32(data), len(packed), len(data))
        offset = out.tell()
        out.write(b"PK\x03\x04" + common + struct.pack("<HH", len(encoded), 0) + encoded + packed)
        central.write(b"PK\x01\x02" + struct.pack("<H", 20) + common
                      + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    directory = central.getvalue()
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory),
                      out.tell(), 0)
    return out.getvalue() + directory + end
