"""Safe YAML loading that remembers the line of every value, for one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reporter.errors import ReporterError, format_path

Loc = tuple[str | int, ...]


class LineMap:
    """Maps a field path such as ('metrics', 3, 'value') to its 1-based line in the file."""

    def __init__(self, lines: dict[Loc, int]):
        self._lines = lines

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest part of `loc` that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], file: Path, loader: yaml.BaseLoader) -> Any:
    """The value of a node, noting the line of it and of everything under it; duplicate keys are errors.
    Plain mappings, sequences and strings are built here (PyYAML's constructor is slow Python); anything
    else (numbers, booleans, null, merge keys, explicit tags) is left to the loader."""
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        value: dict = {}
        merge = node.tag != _MAP or any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)
        for key_node, value_node in node.value:
            if merge:  # the loader builds this mapping; only the lines are noted here
                _walk(value_node, loc + (key_node.value,), lines, file, loader)
                continue
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            if key in value:
                raise ReporterError("duplicate key", file, key_node.start_mark.line + 1,
                                    format_path(loc + (key,)))
            value[key] = _walk(value_node, loc + (key,), lines, file, loader)
            lines[loc + (key,)] = key_node.start_mark.line + 1
        return loader.construct_object(node, deep=True) if merge else value
    if isinstance(node, yaml.SequenceNode):
        items = [_walk(item, loc + (index,), lines, file, loader) for index, item in enumerate(node.value)]
        return items if node.tag == _SEQ else loader.construct_object(node, deep=True)
    return node.value if node.tag == _STR else loader.construct_object(node, deep=True)


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster


class _Loader(_Base):
    """SafeLoader that leaves dates as text, so the schema (not a datetime crash) judges 2021-13-45."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read a YAML file safely; errors become a ReporterError naming file and line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReporterError("file not found", path) from None
    except OSError as exc:
        raise ReporterError(f"cannot read file: {exc.strerror}", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReporterError("not UTF-8 text", path, line) from None
    if not text.strip():
        raise ReporterError("file is empty", path)
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise ReporterError("file is empty (no YAML content)", path)
        lines: dict[Loc, int] = {}
        data = _walk(node, (), lines, path, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ReporterError(f"YAML syntax error: {problem}", path, line) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise ReporterError(f"YAML error: {' '.join(str(exc).split())}", path) from None
    finally:
        loader.dispose()
    return data, LineMap(lines)


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: Path) -> ReporterError:
    """A character YAML does not allow (NUL, other control characters), with its line."""
    line = text[: exc.position].count("\n") + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return ReporterError(f"character U+{ord(char):04X} is not allowed in YAML text", path, line)
