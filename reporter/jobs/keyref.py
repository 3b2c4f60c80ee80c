"""The reference of every key of the case, book and layout files, written from their JSON Schemas (docs/keys.md):
a key's path, its type, its default and its description, in the order the models give them."""

from __future__ import annotations

import json
from typing import Any

from reporter.jobs.schemas import json_schema

TITLES = {"case": "A case (`NNN-id.yaml`)", "book": "The book (`book.yaml`)", "layout": "A layout (`*.toml`)",
          "defaults": "Defaults (`reporter.toml`)"}


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "table"
    if "enum" in prop:
        return " \\| ".join(json.dumps(value, ensure_ascii=False) for value in prop["enum"])
    if "anyOf" in prop:
        kinds = [_type(option, defs) for option in prop["anyOf"] if option.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    kind = prop.get("type", "")
    if kind == "array":
        items = prop.get("items") or {}
        return f"list of {_type(items, defs)}" if items else "list"
    if kind == "object":
        return "table"
    bounds = [f"{word} {prop[key]:g}" for key, word in (("minimum", "≥"), ("maximum", "≤")) if key in prop]
    return {"string": "text", "number": "number", "integer": "whole number", "boolean": "true or false"}.get(
        kind, kind) + (f" ({', '.join(bounds)})" if bounds else "")


def _refs(prop: dict[str, Any]) -> list[str]:
    """The definitions a property leads to (a table, a list of tables, a table or a value, a table of tables)."""
    nodes = [prop, prop.get("items") or {}, *prop.get("anyOf", [])]
    if isinstance(prop.get("additionalProperties"), dict):
        nodes.append(prop["additionalProperties"])
    found = []
    for node in nodes:
        for candidate in (node, node.get("items") or {}):
            if isinstance(candidate, dict) and "$ref" in candidate:
                found.append(candidate["$ref"].rsplit("/", 1)[-1])
    return list(dict.fromkeys(found))


def _rows(node: dict[str, Any], defs: dict[str, Any], prefix: str, seen: set[str]) -> list[str]:
    rows = []
    for name, prop in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        default = f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop and \
            prop["default"] not in (None, [], {}) and not _refs(prop) else ""
        description = " ".join(prop.get("description", "").split()).replace("|", "\\|")
        rows.append(f"| `{path}` | {_type(prop, defs)} | {default} | {description} |")
        for ref in _refs(prop):
            if ref in seen:
                continue
            list_mark = "[]" if prop.get("type") == "array" else ".*" if "additionalProperties" in prop else ""
            rows += _rows(defs[ref], defs, f"{path}{list_mark}.", seen | {ref})
    return rows


def key_reference() -> str:
    parts = ["# Every key", "",
             "Each key of the files an editor writes, as `reporter schema` gives them: its path (`[]` an item of a",
             "list, `.*` any name), its type, its default where it has one, and what it holds. It is written from",
             "the models that check the files, so it says what the tool accepts.", ""]
    for kind, title in TITLES.items():
        schema = json_schema(kind)
        parts += [f"## {title}", "", "| Key | Type | Default | What it holds |", "| --- | --- | --- | --- |",
                  *_rows(schema, schema.get("$defs", {}), "", {kind}), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(key_reference(), end="")
