"""Safe YAML loading that remembers the line of every value, for one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reporter import limits
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
_MERGE = "tag:yaml.org,2002:merge"
PLAIN_TAGS = frozenset({_STR, _MAP, _SEQ, _MERGE} | {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null")})
"""Plain data only: a !!set, !!binary, !!omap or a tag of one's own is refused, never given a meaning."""


class _Walk:
    """Builds the value of a node tree within the bounds: nodes counted (an alias each time it is used),
    nesting depth, plain tags, text keys."""

    def __init__(self, file: Path, loader: yaml.BaseLoader):
        self.file, self.loader, self.nodes = file, loader, 0
        self.lines: dict[Loc, int] = {}

    def refuse(self, message: str, node: yaml.Node, loc: Loc) -> ReporterError:
        where = format_path(loc[:8]) + ("..." if len(loc) > 8 else "")
        return ReporterError(message, self.file, node.start_mark.line + 1, where or None)

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag == _STR:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # an integer of more digits than Python converts, ...
            if "integer string conversion" in str(exc):
                raise self.refuse(f"a number of {len(node.value):,} digits; metric values stay below "
                                  f"10^{limits.METRIC_DIGITS}", node, loc) from None
            reason = " ".join(str(exc).split()).split(";")[0]
            raise self.refuse(f"cannot read this value: {reason}", node, loc) from None

    def value(self, node: yaml.Node, loc: Loc, depth: int = 0) -> Any:
        """The value of a node, noting the line of it and of everything under it; duplicate keys are errors.
        Plain mappings, sequences and strings are built here (PyYAML's constructor is slow Python)."""
        self.nodes += 1
        if self.nodes > limits.YAML_NODES:
            raise self.refuse(f"more than {limits.YAML_NODES:,} values (aliases counted where used): the "
                              "file is too large or an alias bomb", node, loc)
        if depth > limits.YAML_DEPTH:
            raise self.refuse(f"nested more than {limits.YAML_DEPTH} levels deep (or an alias refers to itself)",
                              node, loc)
        if node.tag not in PLAIN_TAGS:
            raise self.refuse(f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: plain "
                              "text, numbers, lists and mappings only", node, loc)
        self.lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, loc + (index,), depth + 1) for index, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict:
        value: dict = {}
        merged: set = set()  # keys that came from a merge: a key of the mapping's own replaces them
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # << : *defaults, or a list of them
                parts = self.value(value_node, loc, depth + 1)
                for part in parts if isinstance(parts, list) else [parts]:
                    if not isinstance(part, dict):
                        raise self.refuse("a merge key (<<) takes a mapping or a list of mappings", key_node, loc)
                    for name, item in part.items():
                        if name not in value:
                            value[name] = item
                            merged.add(name)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.refuse("a key must be plain text, not a list or a mapping", key_node, loc)
            key = self.scalar(key_node, loc)
            if not isinstance(key, str):
                raise self.refuse(f"a key must be text, got {key!r} (put it in quotes)", key_node, loc)
            if key in value and key not in merged:
                raise self.refuse("duplicate key", key_node, loc + (key,))
            merged.discard(key)
            value[key] = self.value(value_node, loc + (key,), depth + 1)
            self.lines[loc + (key,)] = key_node.start_mark.line + 1
        return value


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: several times faster


class _Loader(_Base):
    """SafeLoader that leaves dates as text, so the schema (not a datetime crash) judges 2021-13-45."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> tuple[Any, LineMap]:
    """Read a YAML file safely; errors become a ReporterError naming file and line."""
    raw = limits.read_input(path, limits.CASE_FILE_BYTES, "this YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReporterError("UTF-16 text; save it as UTF-8", path, 1) from None
        line = raw[: exc.start].count(b"\n") + 1
        raise ReporterError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8", path, line) from None
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
        walk = _Walk(path, loader)
        data = walk.value(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None and _tab_at(text, mark):
            problem = "a tab indents this line; YAML indents with spaces only"
        raise ReporterError(f"YAML syntax error: {problem}", path, line) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:
        raise ReporterError(f"YAML error: {' '.join(str(exc).split())}", path) from None
    finally:
        loader.dispose()
    return data, LineMap(walk.lines)


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: Path) -> ReporterError:
    """A character YAML does not allow (NUL, other control characters), with its line."""
    line = text[: exc.position].count("\n") + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return ReporterError(f"character U+{ord(char):04X} is not allowed in YAML text", path, line)


def _tab_at(text: str, mark) -> bool:
    """Whether the line a YAML error points at is indented with a tab (what PyYAML calls 'a character that cannot
    start any token', or a mapping it did not expect)."""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return False
    line = lines[mark.line]
    return "\t" in line[:len(line) - len(line.lstrip())]
