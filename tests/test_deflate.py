"""Every compressed byte we write comes from one deflate whose output depends on its input alone: not on what was
compressed before, not on the process, not on the machine (the pinned digest is checked wherever CI runs)."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import zlib
from pathlib import Path

from reporter.deflate import crc32, raw_deflate, zlib_stream

PINNED = "c5b4386f0430e70928e58fe36345d99953b08af0d71befb7477149a36cd4b54d"
"""sha256 of every sample's zlib stream and raw deflate, as the libdeflate bundled in deflate==0.9.0 writes them."""


def samples() -> list[bytes]:
    """Page-content-like streams from empty to large, a font-like binary and a repetitive one."""
    rng = random.Random(36)
    words = ("BT ET q Q Tf Tm TJ Tj re f S rg RG cm Do /F1+0 /F2+0 0 1 12.5 595.2756 841.8898 (Suide) "
             "<0a1b> <4e2d56fd>").split()
    content = [" ".join(rng.choice(words) for _ in range(n)).encode() for n in (0, 1, 20, 60, 400, 5000)]
    return content + [rng.randbytes(3000), rng.randbytes(200) * 50]


def compressed(datas: list[bytes]) -> list[bytes]:
    return [zlib_stream(d) for d in datas] + [raw_deflate(d) for d in datas]


def digest(datas: list[bytes]) -> str:
    return hashlib.sha256(b"".join(compressed(datas))).hexdigest()


def test_round_trip():
    for data in samples():
        assert zlib.decompress(zlib_stream(data)) == data
        assert zlib.decompress(raw_deflate(data), -15) == data
        assert crc32(data) == zlib.crc32(data)
        assert type(zlib_stream(data)) is bytes and type(raw_deflate(data)) is bytes


def test_output_does_not_depend_on_what_came_before():
    datas = samples()
    first = compressed(datas)
    noise = random.Random(1).randbytes(200_000)
    again = []
    for data in reversed(datas):  # in another order, each after a large unrelated buffer
        zlib_stream(noise)
        raw_deflate(noise[:7000])
        again.append((zlib_stream(data), raw_deflate(data)))
    assert [z for z, _ in reversed(again)] + [r for _, r in reversed(again)] == first


def test_output_is_the_same_in_a_fresh_process_and_pinned():
    script = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_deflate as t; " \
             "print(t.digest(t.samples()))"
    fresh = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()
    here = digest(samples())
    assert fresh == here
    assert here == PINNED, ("the compressed bytes changed: another libdeflate than pyproject.toml pins, or a "
                            "machine-dependent compressor; briefs would differ from those built elsewhere")
