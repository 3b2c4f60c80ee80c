"""The user's cache folder for what the fonts stage learns once per machine: the index of font families and the
parsed metrics of each face. Entries are MessagePack: plain numbers, strings, bytes, lists and maps that cannot run
code when read (a pickle could), each checked for its shape by its reader. A missing, stale or unreadable entry is
ignored and made again; a folder that cannot be written only means no cache. REPORTER_CACHE=off turns it off."""

from __future__ import annotations

import gc
import glob
import os
from pathlib import Path

import msgpack

from reporter.output import atomic_file


def cache_dir() -> Path | None:
    """$REPORTER_CACHE, else $XDG_CACHE_HOME/reporter or ~/.cache/reporter; None when REPORTER_CACHE=off."""
    setting = os.environ.get("REPORTER_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reporter"


def read_entry(path: Path | None) -> object | None:
    """An entry's data, or None (absent, half-written by a crash, not MessagePack)."""
    if path is None:
        return None
    collecting = gc.isenabled()
    gc.disable()  # the collector would walk the heap again and again as a face's ~100k objects are made
    try:
        with open(path, "rb") as stream:
            return msgpack.unpackb(stream.read(), strict_map_key=False)
    except Exception:  # noqa: BLE001 (any damage means: no entry)
        return None
    finally:
        if collecting:
            gc.enable()


def write_entry(path: Path | None, data: object, stale_prefix: str | None = None) -> None:
    """Store an entry; with `stale_prefix`, other entries whose names start with it (an older version of the same
    thing) are removed."""
    if path is None:
        return
    try:
        with atomic_file(path) as stream:
            stream.write(msgpack.packb(data))
        if stale_prefix is not None:
            for old in path.parent.glob(f"{glob.escape(stale_prefix)}*"):
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError:  # a read-only home, a full disk: no cache, nothing else changes
        pass
