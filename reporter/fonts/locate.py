"""Where fonts are looked for, on every system, and finding a font named by its file.

The user's folders come first (the layout's own folder, REPORTER_FONT_PATH, ./fonts), then the system's: on Linux
the usual folders (those fontconfig reads by default), on Windows %WINDIR%\\Fonts and the user's own fonts folder,
on macOS the three Library folders. No font library is imported here, so a layout can be checked without loading
the PDF machinery."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from reporter.errors import ReporterError

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
"""OpenType files: TrueType or CFF outlines, single faces or collections."""
OPENTYPE_SIGNATURES = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
"""How an OpenType file (or collection) begins."""


def system_font_dirs(platform: str | None = None, environ: Mapping[str, str] | None = None,
                     home: Path | None = None) -> list[Path]:
    """The system's font folders, for `platform` (sys.platform's values) as seen from `environ` and `home`
    (the running system's by default: the tests fake the others)."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    home = Path.home() if home is None else home
    if platform.startswith("win"):
        windows = Path(environ.get("WINDIR") or environ.get("SystemRoot") or "C:/Windows")
        local = Path(environ["LOCALAPPDATA"]) if environ.get("LOCALAPPDATA") else home / "AppData" / "Local"
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                Path("/Network/Library/Fonts")]
    data_home = Path(environ["XDG_DATA_HOME"]) if environ.get("XDG_DATA_HOME") else home / ".local" / "share"
    data_dirs = [Path(p) for p in (environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":") if p]
    return list(dict.fromkeys([data_home / "fonts", home / ".fonts", *(d / "fonts" for d in data_dirs)]))


def user_font_dirs() -> list[Path]:
    """REPORTER_FONT_PATH's folders, then ./fonts of the working directory."""
    extra = [Path(p) for p in os.environ.get("REPORTER_FONT_PATH", "").split(os.pathsep) if p]
    return [*extra, Path("fonts")]


def font_dirs() -> list[Path]:
    """Every folder fonts are looked for in, in order (a layout's own folder is looked in first, by the caller)."""
    return [*user_font_dirs(), *system_font_dirs()]


def described_dirs() -> str:
    """The folders, as an error message names them."""
    return ", ".join(str(folder) for folder in font_dirs())


def font_files(folders: list[Path]) -> list[Path]:
    """The font files under the folders, in a fixed order (sorted per folder), each once."""
    found: dict[Path, None] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    found.setdefault(Path(root) / name)
    return list(found)


@cache
def _file_index(folders: tuple[Path, ...]) -> dict[str, Path]:
    """Lower-cased file name -> path, over the folders (first wins)."""
    index: dict[str, Path] = {}
    for path in font_files(list(folders)):
        index.setdefault(path.name.lower(), path)
    return index


def parse_file_spec(spec: str) -> tuple[str, int]:
    """'uming.ttc#0' -> ('uming.ttc', 0)."""
    name, _, face = spec.partition("#")
    if face and not (face.isdigit() and len(face) <= 3):
        raise ReporterError(f"the face after '#' must be a number, as uming.ttc#0; got {spec!r}")
    return name, int(face) if face else 0


def find_font(spec: str, base_dir: Path | None = None) -> tuple[Path, int]:
    """'uming.ttc#0' or a path -> (file, face index): beside the layout, then in the font folders. Raises
    ReporterError when it is nowhere, or when a path leads outside those folders."""
    name, face_index = parse_file_spec(spec)
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        resolved = candidate.resolve()
        folders = [folder.resolve() for folder in font_dirs()]
        if base_dir is not None:
            folders.append(base_dir.resolve())
        if not any(resolved.is_relative_to(folder) for folder in folders):
            raise ReporterError(f"{spec} is not in a font folder; put it beside the layout, in ./fonts or in a "
                                "folder of REPORTER_FONT_PATH")
        if resolved.is_file():
            return resolved, face_index
    elif base_dir is not None and (base_dir / candidate).is_file():
        resolved = (base_dir / candidate).resolve()
        if not resolved.is_relative_to(base_dir.resolve()):
            raise ReporterError(f"{spec} leads outside the layout's folder, to {resolved}")
        return resolved, face_index
    found = _file_index(tuple(font_dirs())).get(candidate.name.lower())
    if found is None:
        raise ReporterError(f"font file not found: {spec} (looked in the layout's folder, {described_dirs()})")
    return found, face_index
