"""A cache of parsed TrueType metrics, so a process registers its fonts in a fraction of the time.

ReportLab parses a font's tables in Python each time a process registers it: some 130-170 ms for each CJK face,
0.4 s for a layout's five faces, paid by every `reporter build` and before a batch's workers can start. The parsed
face (character map, widths, glyph positions: plain numbers, strings and lists) is kept as a pickle under
$REPORTER_CACHE (default: $XDG_CACHE_HOME/reporter or ~/.cache/reporter), keyed by the font file's path, size and
modification time and by the ReportLab version; the default layout's five faces load in ~0.1 s instead of 0.4 s.
The font file itself is read afresh, so the PDF is the same either way. A missing, stale or unreadable cache is
ignored and rewritten (older entries of the same face removed); a folder that cannot be written only means no
cache. REPORTER_CACHE=off turns it off.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import pickle
from functools import partial
from pathlib import Path

import reportlab

from reporter.output import atomic_file
from reporter.pdf._reportlab import LAZY_TABLES, faces_from

FORMAT = 3
LAZY = ("glyphToChar",)
"""Tables kept as a pickle inside the entry and unpickled only when asked for: glyph -> characters (tens of
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
    return folder / "fonts" / f"{_prefix(path, face)}{hashlib.sha256(key.encode()).hexdigest()[:16]}.pickle"


def _prefix(path: Path, face: int) -> str:
    """What the names of all entries for one face of one font file begin with."""
    return f"{path.stem}-{face}-{hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:8]}-"


def _load(filename: str, face: int) -> dict | None:
    """A face's parsed state from its entry, or None; lazy tables stay pickled until asked for."""
    state = _read(_entry(Path(filename), face))
    if state is not None:
        state[LAZY_TABLES] = {name: partial(pickle.loads, blob) for name, blob in state.pop("_lazy").items()}
    return state


def _store(filename: str, face: int, state: dict) -> None:
    path = Path(filename)
    kept = {k: v for k, v in state.items() if k not in LAZY}
    kept["_lazy"] = {k: pickle.dumps(state[k], protocol=pickle.HIGHEST_PROTOCOL) for k in LAZY}
    _write(_entry(path, face), kept, _prefix(path, face))


def _read(entry: Path | None) -> dict | None:
    if entry is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # the collector would walk the heap again and again as the load makes ~200k objects
    try:
        with open(entry, "rb") as stream:
            state = pickle.load(stream)
        return state if isinstance(state, dict) and "charToGlyph" in state and "_lazy" in state else None
    except Exception:  # missing, half-written by a crash, from another Python: parse the font instead
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
            pickle.dump(state, stream, protocol=pickle.HIGHEST_PROTOCOL)
        for old in entry.parent.glob(f"{glob.escape(prefix)}*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only home, a full disk: no cache, nothing else changes
        pass


def cached_faces():
    """Within the block, ReportLab's TTFont builds its face through the cache."""
    return faces_from(_load, _store)
