"""Writing files safely and reproducibly: temp file + rename, fixed zip timestamps."""

from __future__ import annotations

import io
import os
import struct
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

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
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def normalise_zip(data: bytes) -> bytes:
    """Give every member of a zip (DOCX) a fixed timestamp, so equal content gives equal bytes.

    The DOS time and date fields sit at fixed offsets in each local header and central directory entry and
    are covered by no checksum, so they are patched in place: no re-compression."""
    buffer = bytearray(data)
    stamp = struct.pack("<HH", 0, ((ZIP_EPOCH[0] - 1980) << 9) | (ZIP_EPOCH[1] << 5) | ZIP_EPOCH[2])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        central = archive.start_dir
    for member in members:
        offset = member.header_offset
        if buffer[offset:offset + 4] != b"PK\x03\x04":
            raise ValueError("not a zip local header")
        buffer[offset + 10:offset + 14] = stamp
    offset = central
    for _ in members:
        if buffer[offset:offset + 4] != b"PK\x01\x02":
            raise ValueError("not a zip central directory entry")
        buffer[offset + 12:offset + 16] = stamp
        name, extra, comment = struct.unpack("<HHH", buffer[offset + 28:offset + 34])
        offset += 46 + name + extra + comment
    return bytes(buffer)
