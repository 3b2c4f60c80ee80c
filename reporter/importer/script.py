"""An article's text made the book's: traditional script converted to simplified with OpenCC (mirror sites serve
關鍵詞, 萬, 億, 個, 餘, which the importer's rules and units do not know), and mirror clutter (pinyin glosses in
brackets, broken ones too) removed by the rules of rules.toml. Each change is listed for the import report."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reporter.importer.article import Line
from reporter.importer.rules import rules

TRADITIONAL_SHARE = 0.02
"""An article is taken as traditional script when converting changes this share of its Chinese characters (a
simplified article has none to change; one traditional word quoted in it stays)."""
TRADITIONAL_MIN = 5
SHOWN = 12
"""Converted words listed in the report, at most (the count covers them all)."""


@dataclass
class Edit:
    line: int
    reason: str
    before: str
    after: str = ""


_MAINLAND_QUOTES = str.maketrans("「」『』", "“”‘’")
"""Corner brackets, the quotation marks of traditional-script texts, as the book's simplified text has them."""
CONVERSION = "hk2s"
"""OpenCC's configuration: traditional to simplified, with Hong Kong's variant forms (敍 -> 叙, 衞 -> 卫) as well
as the general ones (t2s left 敍永县); Taiwan's forms (裡, 臺) convert with it too."""


@cache
def _converter():
    import opencc  # a kept library: OpenCC's phrase tables, not a character list of ours
    return opencc.OpenCC(CONVERSION)


def _han(text: str) -> int:
    return sum("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" for char in text)


def simplified(lines: list[Line]) -> tuple[list[Line], list[Edit]]:
    """The article in simplified script, and one edit per line changed (its converted words), or the lines as
    they were when the article is simplified already."""
    converter = _converter()
    converted = [converter.convert(line.text).translate(_MAINLAND_QUOTES) for line in lines]
    changed = sum(a != b for line, new in zip(lines, converted) for a, b in zip(line.text, new))
    han = sum(_han(line.text) for line in lines)
    if changed < TRADITIONAL_MIN or changed < TRADITIONAL_SHARE * han:
        return lines, []
    edits = []
    for line, new in zip(lines, converted):
        words = _changed_words(line.text, new)
        if words:
            edits.append(Edit(line.line, f"traditional script (OpenCC {CONVERSION})", " ".join(b for b, _ in words),
                              " ".join(a for _, a in words)))
    return [line.with_text(new) for line, new in zip(lines, converted)], edits


def _changed_words(before: str, after: str) -> list[tuple[str, str]]:
    """The runs of characters conversion changed (same length: t2s maps character for character)."""
    if len(before) != len(after):
        return [(before[:SHOWN * 2], after[:SHOWN * 2])]
    runs, start = [], None
    for index, (a, b) in enumerate(zip(before + " ", after + " ")):
        if a != b and start is None:
            start = index
        elif a == b and start is not None:
            runs.append((before[start:index], after[start:index]))
            start = None
    return runs[:SHOWN]


def without_clutter(lines: list[Line]) -> tuple[list[Line], list[Edit]]:
    """Each line with what the [[clutter]] rules match taken out, and an edit for each removal."""
    out, edits = [], []
    for line in lines:
        text = line.text
        for pattern, reason in rules().clutter:
            for found in pattern.finditer(text):
                edits.append(Edit(line.line, reason, found.group()))
            text = pattern.sub("", text)
        if text.strip():
            out.append(line.with_text(" ".join(text.split())))
    return out, edits
