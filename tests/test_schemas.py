"""The JSON Schemas an editor completes and checks keys with, generated from the models: the shipped case, book and
layouts pass them, broken copies fail them, and every key has a description."""

from __future__ import annotations

import copy
import json
import tomllib

import jsonschema
import pytest
import yaml

from conftest import BOOK_DIR, CASE_36, ROOT, run_ok
from reporter.jobs.schemas import json_schema

LAYOUTS = sorted((ROOT / "reporter" / "layout" / "builtin").glob("*.toml"))


class _TextDates(yaml.SafeLoader):
    """YAML as an editor's language server reads it: a date is the text it is written as."""


_TextDates.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _problems(kind: str, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema(kind))
    return [f"{'.'.join(map(str, error.path))}: {error.message}" for error in validator.iter_errors(data)]


def _yaml(path):
    return yaml.load(path.read_text("utf-8"), Loader=_TextDates)


def test_the_schemas_are_valid_json_schemas():
    for kind in ("case", "book", "layout", "defaults"):
        jsonschema.Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("kind, path", [("case", CASE_36), ("book", BOOK_DIR / "book.yaml"),
                                        ("defaults", ROOT / "reporter" / "starter" / "reporter.toml"),
                                        ("layout", ROOT / "reporter" / "starter" / "client.toml"),
                                        *[("layout", path) for path in LAYOUTS]],
                         ids=lambda value: getattr(value, "name", value))
def test_the_shipped_files_pass_their_schema(kind, path):
    data = tomllib.loads(path.read_text("utf-8")) if path.suffix == ".toml" else _yaml(path)
    assert _problems(kind, data) == []


def test_a_broken_case_fails_its_schema():
    case = _yaml(CASE_36)
    broken = copy.deepcopy(case)
    broken["titel"] = broken.pop("title")
    found = _problems("case", broken)
    assert any("'title' is a required property" in problem for problem in found), found
    assert any("'titel' was unexpected" in problem for problem in found), found
    broken = copy.deepcopy(case)
    broken["metrics"][0]["highlight"] = "yes"
    assert any(problem.startswith("metrics.0.highlight") for problem in _problems("case", broken))


def test_a_broken_layout_fails_its_schema():
    layout = tomllib.loads((ROOT / "reporter/layout/builtin/default.toml").read_text("utf-8"))
    layout["print"]["bleed_mm"] = 11
    layout["page"]["sise"] = "A4"
    found = _problems("layout", layout)
    assert any(problem.startswith("print.bleed_mm: 11 is greater than the maximum of 10") for problem in found), found
    assert any("'sise' was unexpected" in problem for problem in found), found


@pytest.mark.parametrize("kind", ["case", "book", "layout", "defaults"])
def test_every_key_is_described(kind):
    schema = json_schema(kind)
    missing = [f"{owner}.{name}" for owner, node in [(kind, schema), *schema.get("$defs", {}).items()]
               for name, prop in node.get("properties", {}).items() if not prop.get("description")]
    assert missing == []


def test_the_command_prints_and_writes_a_schema(capsys, tmp_path):
    out, _ = run_ok(capsys, "schema", "case")
    assert json.loads(out) == json_schema("case")
    target = tmp_path / "layout.schema.json"
    out, _ = run_ok(capsys, "schema", "Layout", "-o", str(target))
    assert out.strip() == str(target) and json.loads(target.read_text("utf-8")) == json_schema("layout")


def test_the_key_reference_is_current():
    """docs/keys.md is written from the schemas (python -m reporter.jobs.keyref > docs/keys.md)."""
    from reporter.jobs.keyref import key_reference
    assert (ROOT / "docs" / "keys.md").read_text("utf-8") == key_reference()
    assert "| `print.bleed_mm` | number (≥ 0, ≤ 10) | `3` |" in key_reference()
