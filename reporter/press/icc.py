"""An ICC profile file checked for what a print master needs of it (a CMYK output profile), from its header alone:
cheap enough for loading a layout, with no colour library."""

from __future__ import annotations

from pathlib import Path

from reporter.limits import read_for_check

PROFILE_BYTES = 4 * 1024 * 1024
"""The largest profile read: a printer's CMYK profile is 0.5-3 MB."""
HEADER = 128


class ProfileProblem(ValueError):
    """Why a file cannot be the print profile, in words (the caller knows which layout key named it)."""


def check_header(data: bytes, name: str) -> None:
    """ProfileProblem unless `data` starts as an ICC output profile of CMYK colour."""
    if len(data) < HEADER + 4 or data[36:40] != b"acsp":
        raise ProfileProblem(f"{name} is not an ICC profile")
    space, device_class = data[16:20].decode("latin-1").strip(), data[12:16].decode("latin-1")
    if space != "CMYK":
        raise ProfileProblem(f"{name} is an ICC profile of {space or 'no'} colour, not CMYK; a print master needs "
                             "the CMYK profile of the press (FOGRA39, GRACoL, ...)")
    if device_class != "prtr":
        raise ProfileProblem(f"{name} is a CMYK {device_class.strip() or 'unknown'} profile, not an output "
                             "(printer) profile")
    if int.from_bytes(data[:4], "big") != len(data):
        raise ProfileProblem(f"{name} is truncated: its header says {int.from_bytes(data[:4], 'big')} bytes, the "
                             f"file has {len(data)}")


def read_profile(path: Path) -> bytes:
    """A CMYK output profile's bytes (bounded in size); ProfileProblem if it is not one."""
    data = read_for_check(path, PROFILE_BYTES, "the ICC profile", ProfileProblem)
    check_header(data, path.name)
    return data
