"""JSON Schemas of the files an editor writes (a case, the book, a layout), generated from the models that validate
them, for editors that complete and check keys as they are typed (YAML and TOML language servers)."""

from __future__ import annotations

import json
from typing import Any

from reporter.jobs.defaults import DefaultsFile
from reporter.layout.schema import Layout
from reporter.model.schema import Book, Case

KINDS = {"case": Case, "book": Book, "layout": Layout, "defaults": DefaultsFile}
"""Each kind of file an editor writes; `defaults` is reporter.toml."""
INTERNAL = {"layout": ("source_path", "source_chain")}
"""Fields the loader sets, which no file gives."""
BASE_ID = "https://reporter.invalid/schemas/"
"""The schemas' $id: a name, not a place to fetch them from (`reporter schema KIND` prints them)."""


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a kind of file: `case`, `book` or `layout`."""
    schema = KINDS[kind].model_json_schema(mode="validation")
    for name in INTERNAL.get(kind, ()):
        schema.get("properties", {}).pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    if kind == "layout":
        _optional(schema)  # a layout that extends another gives only what differs: the merged one is checked at load
    titles = {"case": "A case of the Blue Book (reporter)", "book": "book.yaml: a Blue Book's catalogue (reporter)",
              "layout": "A reporter layout (TOML)", "defaults": "reporter.toml: defaults of the commands (reporter)"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{BASE_ID}{kind}.schema.json",
            "title": titles[kind], **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _optional(node: Any) -> None:
    """No key required anywhere in the schema (of objects and their definitions)."""
    if isinstance(node, dict):
        node.pop("required", None)
        for value in node.values():
            _optional(value)
    elif isinstance(node, list):
        for value in node:
            _optional(value)
