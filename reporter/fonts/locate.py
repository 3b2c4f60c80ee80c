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
    if face and not (face.isdigit() and len(face) <= 3):
        raise ReporterError(f"the face after '#' must be a number, as uming.ttc#0; got {spec!r}")
    face_index = int(face) if face else 0
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        resolved = candidate.resolve()
        folders = [folder.resolve() for folder in (*user_font_dirs(), *SYSTEM_FONT_DIRS)]
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
    found = _font_index().get(candidate.name.lower())
    if found is None:
        raise ReporterError(f"font file not found: {spec} (looked in the layout's folder, REPORTER_FONT_PATH, "
                            "./fonts and the system font folders)")
    return found, face_index


