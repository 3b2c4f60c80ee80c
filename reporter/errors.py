"""One error type for everything a user can get wrong, printed as one line."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel


MOST_PROBLEMS = 20
"""The most problems of one file told in one run."""


@dataclass
class ReporterError(Exception):
    """A problem in the user's input: `file:line: field.path: message`."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None
    more: tuple["ReporterError", ...] = ()
    """The file's other problems, found in the same run (what `check` and `build` print after this one)."""

    def lines(self) -> list[str]:
        """This problem and the file's others, each one line, at most MOST_PROBLEMS (and how many more)."""
        found = [str(self), *map(str, self.more)]
        if len(found) > MOST_PROBLEMS:
            found = found[:MOST_PROBLEMS] + [f"... and {len(found) - MOST_PROBLEMS} more problem(s) in this file"]
        return found

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


_MESSAGES = {
    "float_parsing": "expected a number, got {input!r}",
    "decimal_parsing": "expected a number, got {input!r}",
    "decimal_type": "expected a number, got {input!r}",
    "float_type": "expected a number, got {input!r}",
    "int_parsing": "expected a whole number, got {input!r}",
    "int_type": "expected a whole number, got {input!r}",
    "string_type": "expected text, got {input!r}",
    "dict_type": "expected a mapping, got {input!r}",
    "list_type": "expected a list, got {input!r}",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD, got {input!r}",
    "date_parsing": "expected a date as YYYY-MM-DD, got {input!r}",
    "date_type": "expected a date as YYYY-MM-DD, got {input!r}",
    "bool_parsing": "expected true or false, got {input!r}",
    "bool_type": "expected true or false, got {input!r}",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "allows at most {max_length} item(s)",
    "finite_number": "expected a finite number, got {input!r}",
    "greater_than_equal": "must be at least {ge}, got {input!r}",
    "less_than_equal": "must be at most {le}, got {input!r}",
    "greater_than": "must be more than {gt}, got {input!r}",
    "less_than": "must be less than {lt}, got {input!r}",
    "string_too_long": "text of at most {max_length} characters",
}
"""Pydantic's error kinds, as a reader of the file would put them."""


def _short(value: object) -> object:
    text = repr(value)
    return value if len(text) <= 40 else text[:37] + "..."


def error_loc(error: dict) -> tuple:
    """A pydantic error's place in the file: its loc without the names of a union's members (list[str])."""
    return tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))


def every_error(exc) -> list[dict]:
    """The errors of a pydantic ValidationError to tell, first_error first: one per place (a union's members each
    add one for the same value), and no 'missing' key in a table that has an unknown one (its typo: summery)."""
    errors = exc.errors()
    first = first_error(exc)
    unknown = {tuple(e["loc"][:-1]) for e in errors if e["type"] == "extra_forbidden" and e["loc"]}
    told, seen = [], set()
    for error in [first, *[e for e in errors if e is not first]]:
        loc = error_loc(error)
        if loc in seen:
            continue
        if error["type"] == "missing" and tuple(error["loc"][:-1]) in unknown:
            continue  # the unknown key beside it is its typo, and its message lists the table's keys
        seen.add(loc)
        told.append(error)
    return told


def first_error(exc) -> dict:
    """The error to tell of a pydantic ValidationError: an unknown key first (usually the typo behind a missing
    one: summery -> summary)."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def error_message(error: dict, model: type[BaseModel], loc: tuple, key_word: str) -> str:
    """One pydantic error in words; `key_word` is what the file calls its keys ('field', 'key')."""
    bounds = {key: f"{value:g}" if isinstance(value, float) else value for key, value in error.get("ctx", {}).items()}
    ctx = {**bounds, "input": _short(error.get("input"))}
    kind = error["type"]
    if kind == "extra_forbidden":
        known = fields_at(model, loc[:-1])
        listed = f"; the {key_word}s here: {', '.join(known)}" if known else ""
        return f"unknown {key_word}" + suggest(str(loc[-1]), known, listed)
    if kind == "model_type" or kind == "dict_type":  # a table given as a single value (logo = "a.png")
        known = fields_at(model, loc)
        if known:
            return f"expected a table of {', '.join(known)}, got {ctx['input']!r}"
    if kind == "missing":
        return f"required {key_word} missing"
    if kind == "literal_error":
        return f"got {ctx['input']!r}; expected one of {ctx.get('expected', '')}"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(**ctx)
    return error["msg"].removeprefix("Value error, ")


def format_path(loc: tuple[str | int, ...]) -> str:
    """('metrics', 3, 'value') -> 'metrics[3].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def parse_path(text: str) -> tuple[str | int, ...]:
    """'metrics[3].value' -> ('metrics', 3, 'value'): format_path undone."""
    return tuple(int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", text))


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
