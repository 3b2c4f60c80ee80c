"""One error type for everything a user can get wrong, printed as one line."""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel


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


def suggest(word: str, choices, otherwise: str = "") -> str:
    """'; did you mean 'primary'?' for the closest choice, or `otherwise`."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else otherwise


def fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model reached by following `loc` from `model` (for 'did you mean').

    List indexes are passed over; a mapping of models (styles.body) passes over its key."""
    current, skip_key = model, False
    for part in loc:
        if isinstance(part, int):
            continue
        if skip_key:
            skip_key = False
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        annotation = field.annotation
        found = next((a for a in (annotation, *typing.get_args(annotation))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if found is None:
            return []
        skip_key = typing.get_origin(annotation) is dict
        current = found
    return list(current.model_fields)
