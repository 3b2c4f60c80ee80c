"""Writing files safely and reproducibly: temp file + rename; zips with fixed timestamps."""

from __future__ import annotations

import errno
import io
import os
import shutil
import struct
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from reporter.deflate import crc32, raw_deflate

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def make_folder(folder: Path) -> None:
    """The output folder, made if missing; a file where it should be is an OSError naming it."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "the output folder is not a folder", str(folder))
    folder.mkdir(parents=True, exist_ok=True)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a temp file beside `path`; it replaces `path` only if the block succeeds.

    A failure leaves no partial file and keeps an earlier good output untouched."""
    make_folder(path.parent)
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


def temp_of(path: Path) -> Path:
    """Where a new version of an output waits until its whole set is written."""
    return path.with_name(f".{path.name}.new")


def _kept(path: Path) -> Path:
    """Where the earlier version of an output waits while a set of outputs is put in place."""
    return path.with_name(f".{path.name}.kept")


def replace_all(files: list[tuple[Path, bytes]]) -> None:
    """Put every file in place or none. All are first written to temp files beside their targets (a full disk
    or a folder in the way stops here, nothing changed); then each earlier version is kept aside as the new one
    replaces it, and any failure puts the earlier set back. A version kept aside by a process killed meanwhile
    is put back first. OSError names the file that failed."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            if path.exists() and not path.is_file():
                raise IsADirectoryError(errno.EISDIR, "something other than a file is in the way", str(path))
            try:
                with atomic_file(temp_of(path)) as stream:
                    stream.write(data)
            except OSError as exc:
                if not isinstance(exc, NotADirectoryError):  # that one names the folder
                    exc.filename = str(path)  # the output, not its temp, is what the user knows
                raise
            temps.append((path, temp_of(path)))
        placed: list[tuple[Path, bool]] = []
        try:
            for path, temp in temps:
                kept = _kept(path)
                if kept.exists():
                    put_back(path)
                had = path.exists()
                if had:
                    _keep_aside(path, kept)
                placed.append((path, had))
                os.replace(temp, path)
        except BaseException:
            for path, had in reversed(placed):
                if had:
                    put_back(path)
                elif not temp_of(path).exists():  # placed: remove it (a file not placed still has its temp)
                    path.unlink(missing_ok=True)
            raise
        for path, had in placed:
            if had:
                _kept(path).unlink(missing_ok=True)
    finally:
        for _path, temp in temps:
            temp.unlink(missing_ok=True)


def put_back(path: Path) -> None:
    """The earlier version kept aside back in place (rename does nothing when both names are one file)."""
    kept = _kept(path)
    if path.exists() and os.path.samefile(kept, path):
        kept.unlink()
    else:
        os.replace(kept, path)


def _keep_aside(path: Path, kept: Path) -> None:
    """A second name for the earlier version (the output itself stays in place until replaced)."""
    kept.unlink(missing_ok=True)
    try:
        os.link(path, kept)
    except OSError:  # a file system without hard links
        shutil.copy2(path, kept)


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
