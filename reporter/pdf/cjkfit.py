"""Chinese paragraphs broken as a whole, where breaking line by line spaced a line out or left a runt.

A justified Chinese line is filled by spacing its characters apart. When an unbreakable group (7,300.24万元, a
Latin word, a mark glued to its neighbour) does not fit at a line's end, greedy breaking moves it whole and leaves
the line short: in a narrow column that spreads the rest by a third of an em a character. Breaking the lines
before it a character earlier or later shares the shortfall among several lines, each spaced by a little. And a
paragraph whose last line holds a single character (接。) takes one more from the line above.

Every group boundary is a place a line may end. A line costs its spread cubed (in tenths of an em a character, as
TeX weighs badness), a last line of fewer than two Han characters costs most; the cheapest set of lines wins."""

from __future__ import annotations

import re

SPREAD_UNIT = 0.1
"""A line spaced out by this much (em a character) costs 100: the most a proof-reader lets pass."""
RUNT_COST = 1_000_000
INFEASIBLE = float("inf")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def is_runt(text: str) -> bool:
    """A paragraph's last line a proof-reader marks: fewer than two Han characters (punctuation not counted)."""
    return bool(text) and len(_HAN.findall(text)) < 2


def spread_of(extra: float, glyphs: int, size: float) -> float:
    """How far a justified line is spaced out, in em a character."""
    return extra / max(glyphs - 1, 1) / size


def fit(breaks: list[int], width_between, max_width: float, size: float, glyphs_between,
        last_text) -> list[int] | None:
    """The line ends (indexes into the paragraph's characters, each the start of the next line; the last is the
    paragraph's end) costing least. `breaks`: where a line may end, ascending, ending with the paragraph's end;
    `width_between(i, j)`: the natural width of characters i..j-1 as a line; `glyphs_between(i, j)`: how many
    glyphs that line draws; `last_text(i)`: the text of a last line starting at i. None if no line fits."""
    best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    starts = [0]
    end_of_text = breaks[-1]
    for end in breaks:
        found: tuple[float, int] | None = None
        for start in reversed(starts):
            if start >= end:
                continue
            width = width_between(start, end)
            if width > max_width + 1e-6:
                break  # an earlier start only makes the line wider
            if end == end_of_text:
                cost = RUNT_COST if is_runt(last_text(start)) else 0.0
            else:
                spread = spread_of(max_width - width, glyphs_between(start, end), size)
                cost = 100 * (spread / SPREAD_UNIT) ** 3
            total = best[start][0] + cost
            if found is None or total < found[0]:
                found = (total, start)
        if found is not None:
            best[end] = found
            starts.append(end)
    if end_of_text not in best:
        return None
    ends, at = [], end_of_text
    while at > 0:
        ends.append(at)
        at = best[at][1]
    return ends[::-1]
