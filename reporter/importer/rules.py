"""The importer's rules, read once from reporter/importer/rules.toml: section names and patterns are data."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


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


_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9)))
_PLACES = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千"
"""The characters of a Chinese numeral below 10,000 (三千五百, 一十六); 万 and 亿 are magnitudes of a unit."""


def chinese_value(text: str) -> int | None:
    """三千五百 -> 3500, 一百零五 -> 105, 十二 -> 12, 一十六 -> 16; None when it is no numeral (二三, 十十)."""
    total, digit, last_place = 0, None, 10_000
    for char in text:
        if char in _DIGITS:
            if digit:  # two digits in a row
                return None
            digit = _DIGITS[char]
        elif char in _PLACES and _PLACES[char] < last_place:
            total += (1 if digit is None else digit) * _PLACES[char]
            digit, last_place = None, _PLACES[char]
        else:
            return None
    return total + (digit or 0) if text else None


def parse_numeral(text: str) -> int | None:
    """三十六 -> 36, 36 -> 36; None beyond 1-99 or when it is no numeral."""
    number = int(text) if text.isdigit() else chinese_value(text)
    return number if number and 0 < number < 100 else None
