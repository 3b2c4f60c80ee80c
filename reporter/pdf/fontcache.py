"""A cache of parsed TrueType metrics, so a process registers its fonts in a fraction of the time.

ReportLab parses a font's tables in Python each time a process registers it: some 130-170 ms for each CJK face,
0.4 s for a layout's five faces, paid by every `reporter build` and before a batch's workers can start. The parsed
face (character map, widths, glyph positions: plain numbers, strings and lists) is kept as MessagePack under
$REPORTER_CACHE (default: $XDG_CACHE_HOME/reporter or ~/.cache/reporter), keyed by the font file's path, size and
modification time and by the ReportLab version; the default layout's five faces load in ~0.1 s instead of 0.4 s.
The font file itself is read afresh, so the PDF is the same either way. A missing, stale or unreadable cache is
ignored and rewritten (older entries of the same face removed); a folder that cannot be written only means no
cache. REPORTER_CACHE=off turns it off.

An entry is plain data, never code: MessagePack holds only numbers, strings, bytes, lists and maps, and an entry
whose tables are not of the expected kinds (`_SHAPE`) is ignored. A file planted in the cache folder can at
worst make a wrong PDF of a font the user chose, never run anything.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
from functools import partial
from pathlib import Path

import msgpack
import reportlab

from reporter.output import atomic_file
from reporter.pdf._reportlab import LAZY_TABLES, NAME_FIELDS, faces_from, name_bytes

FORMAT = 4
SUFFIX = ".msgpack"
LAZY = ("glyphToChar",)
"""Tables kept packed inside the entry and unpacked only when asked for: glyph -> characters (tens of
thousands of small lists in a CJK face, a third of its load time) serves only ReportLab's text shaping."""


def cache_dir() -> Path | None:
    setting = os.environ.get("REPORTER_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reporter"


def _entry(path: Path, face: int) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    stat = path.stat()
    key = f"{FORMAT}|{reportlab.Version}|{path.resolve()}|{face}|{stat.st_size}|{stat.st_mtime_ns}"
    return folder / "fonts" / f"{_prefix(path, face)}{hashlib.sha256(key.encode()).hexdigest()[:16]}{SUFFIX}"


def _prefix(path: Path, face: int) -> str:
    """What the names of all entries for one face of one font file begin with."""
    return f"{path.stem}-{face}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]}-"


_SHAPE: dict[str, type | tuple[type, ...]] = {
    "charToGlyph": dict, "charWidths": dict, "hmetrics": list, "glyphPos": list, "unitsPerEm": int,
    "numGlyphs": int, "ascent": (int, float), "descent": (int, float), "bbox": list, "flags": int,
    "italicAngle": (int, float), "stemV": int, "capHeight": (int, float), "defaultWidth": (int, float),
    "table": dict, "filename": str, "_lazy": dict,
}
"""The kind of each table a face needs; an entry with any other is not used."""
_TUPLES = ("ttfVersions", "fontRevision")
"""Kept by ReportLab as tuples (MessagePack gives lists back); so are the rows of `hmetrics`."""


def _well_formed(state: object) -> bool:
    if not isinstance(state, dict) or not all(isinstance(state.get(k), kind) for k, kind in _SHAPE.items()):
        return False
    glyphs, widths = state["charToGlyph"], state["charWidths"]
    return (all(type(k) is int and type(v) is int and 0 <= v < state["numGlyphs"] for k, v in glyphs.items())
            and all(type(k) is int and isinstance(v, (int, float)) for k, v in widths.items())
            and all(isinstance(v, bytes) for v in state["_lazy"].values()))


def _unpack(blob: bytes):
    return msgpack.unpackb(blob, strict_map_key=False)


def _load(filename: str, face: int) -> dict | None:
    """A face's parsed state from its entry, or None; lazy tables stay packed until asked for."""
    state = _read(_entry(Path(filename), face))
    if state is None:
        return None
    state[LAZY_TABLES] = {name: partial(_unpack, blob) for name, blob in state.pop("_lazy").items()}
    for name in NAME_FIELDS:
        if isinstance(state.get(name), bytes):
            state[name] = name_bytes(state[name])
    for name in _TUPLES:
        if isinstance(state.get(name), list):
            state[name] = tuple(state[name])
    state["hmetrics"] = [tuple(row) for row in state["hmetrics"]]
    return state


def _store(filename: str, face: int, state: dict) -> None:
    path = Path(filename)
    kept = {k: v for k, v in state.items() if k not in LAZY}
    kept["_lazy"] = {k: msgpack.packb(state[k]) for k in LAZY}
    _write(_entry(path, face), kept, _prefix(path, face))


def _read(entry: Path | None) -> dict | None:
    if entry is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # the collector would walk the heap again and again as the load makes ~200k objects
    try:
        with open(entry, "rb") as stream:
            state = _unpack(stream.read())
        return state if _well_formed(state) else None
    except Exception:  # missing, half-written by a crash, not MessagePack: parse the font instead
        return None
    finally:
        if collecting:
            gc.enable()


def _write(entry: Path | None, state: dict, prefix: str) -> None:
    """Store the entry; older entries of the same face (the font file changed, or ReportLab or this format did)
    are removed."""
    if entry is None:
        return
    try:
        with atomic_file(entry) as stream:
            stream.write(msgpack.packb(state))
        for old in entry.parent.glob(f"{glob.escape(prefix)}*"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only home, a full disk: no cache, nothing else changes
        pass


def cached_faces():
    """Within the block, ReportLab's TTFont builds its face through the cache."""
    return faces_from(_load, _store)
