"""The one deflate behind the PDF's streams (zlib format) and the DOCX members (raw). (Logo pixels are the
exception: ReportLab deflates them with zlib, once per process, see writers/pdfimage.py.)

libdeflate (through the `deflate` package, pinned to one version in pyproject.toml) instead of the standard zlib:
on a zh+en brief's 534 KB of page content and font programs, level 1 takes 4.7 ms where zlib needs 14.0 ms at
level 3 (24 ms at ReportLab's level 6), for the same size as zlib's level 3. libdeflate compresses a whole buffer
at once, and its author states that its output depends on the input, level and version alone (ebiggers/libdeflate
#400): the same on every machine and whatever was compressed before; tests/test_deflate.py checks that here and
pins the bytes, so CI checks it on its machine too.
ISA-L, used before, is faster still but not that: in CI its level 2 gave a brief's small streams one byte
shorter on a rebuild in the same process, and its maintainers promise no fixed output (intel/isa-l#140).
"""

from __future__ import annotations

import deflate as _libdeflate

LEVEL = 1
"""libdeflate's levels run 1-12; 1 is twice as fast as 3 here for 3% more bytes."""

crc32 = _libdeflate.crc32


def zlib_stream(data: bytes) -> bytes:
    """Deflate with the zlib header and checksum, as a PDF /FlateDecode stream holds it."""
    return bytes(_libdeflate.zlib_compress(data, LEVEL))  # it answers with a bytearray


def raw_deflate(data: bytes) -> bytes:
    """Deflate without header or checksum, as a zip member is stored."""
    return bytes(_libdeflate.deflate_compress(data, LEVEL))
