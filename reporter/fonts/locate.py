"""Finding font files by name: the user's folders, then the system's. No font library is imported here, so a
layout can be checked without loading the PDF machinery."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from reporter.errors import ReporterError

SYSTEM_FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                    Path.home() / ".local/share/fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts"),
                    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"]


def user_font_dirs() -> list[Path]:
    """REPORTER_FONT_PATH's folders, then ./fonts of the working directory."""
    extra = [Path(p) for p in os.environ.get("REPORTER_FONT_PATH", "").split(os.pathsep) if p]
    return [*extra, Path("fonts")]


@cache
def _font_index() -> dict[str, Path]:
    """Lower-cased file name -> path, over the project's and the system's font folders (first wins)."""
    index: dict[str, Path] = {}
    for folder in [*user_font_dirs(), *SYSTEM_FONT_DIRS]:
        if not folder.is_dir():
            continue
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.lower().endswith((".ttf", ".ttc", ".otf")):
                    index.setdefault(name.lower(), Path(root) / name)
    return index


def find_font(spec: str, base_dir: Path | None = None) -> tuple[Path, int]:
    """'uming.ttc#0' or a path -> (file, face index). Raises ReporterError when it is nowhere."""
    name, _, face = spec.partition("#")
    face_index = int(face) if face.isdigit() else 0
    candidate = Path(name).expanduser()
    if candidate.is_absolute() and candidate.is_file():
        return candidate, face_index
    if base_dir is not None and (base_dir / candidate).is_file():
        return (base_dir / candidate).resolve(), face_index
    found = _font_index().get(candidate.name.lower())
    if found is None:
        raise ReporterError(f"font file not found: {spec} (looked in the layout's folder, REPORTER_FONT_PATH, "
                            "./fonts and the system font folders)")
    return found, face_index


