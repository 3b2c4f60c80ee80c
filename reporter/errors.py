"""One error type for everything a user can get wrong, printed as one line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ReporterError(Exception):
    """A problem in the user's input: `file:line: field.path: message`."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


def format_path(loc: tuple[str | int, ...]) -> str:
    """('metrics', 3, 'value') -> 'metrics[3].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(file: Path | str) -> str:
    """A path as an editor reads it: relative to the working folder when inside it (layouts/acme.toml)."""
    path = Path(file)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
