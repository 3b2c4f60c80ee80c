"""The importer's rules, read once from reporter/importer/rules.toml: section names and patterns are data."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reporter.i18n.languages import chinese_numeral

DATA = Path(__file__).resolve().parent / "rules.toml"


@dataclass(frozen=True)
class Rules:
    section_names: dict[str, str]
    """Heading text -> section kind."""
    patterns: dict[str, re.Pattern]
    noise: list[tuple[re.Pattern, str]]
    tail: list[tuple[re.Pattern, str]]
    clutter: list[tuple[re.Pattern, str]]
    """What mirror sites insert into a line (pinyin glosses): taken out of the text, each removal reported."""
    metrics: dict
    """The [metrics] table: units left out, qualifier words, label trimming, how many to highlight."""


@cache
def rules() -> Rules:
    data = tomllib.loads(DATA.read_text("utf-8"))
    names = {name: kind for kind, listed in data["sections"].items() for name in listed}
    patterns = {key: re.compile(value) for key, value in data["patterns"].items()}
    noise = [(re.compile(item["pattern"]), item["reason"]) for item in data["noise"]]
    tail = [(re.compile(item["pattern"]), item["reason"]) for item in data["tail"]]
    clutter = [(re.compile(item["pattern"]), item["reason"]) for item in data.get("clutter", [])]
    return Rules(names, patterns, noise, tail, clutter, data["metrics"])


@cache
def _numerals() -> dict[str, int]:
    table = {chinese_numeral(n): n for n in range(1, 100)}
    table.update({"一" + chinese_numeral(n): n for n in range(10, 20)})  # 一十六, as some write it
    table["两"] = 2
    return table


def parse_numeral(text: str) -> int | None:
    """三十六 -> 36, 36 -> 36; None beyond 1-99 or when it is no numeral."""
    if text.isdigit():
        number = int(text)
    else:
        number = _numerals().get(text.replace("〇", "零"))
    return number if number and 0 < number < 100 else None
