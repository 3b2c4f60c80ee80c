"""English paragraphs broken as a whole (Knuth and Plass's total fit, simplified), where breaking line by line
left loose lines or a last line of one short word.

Every place a line may end is weighed at once: after a word, or inside one at a hyphenation point. A line costs
more the more its spaces stretch (cubed, as TeX's badness), shrinking costs by how much of the allowed shrink it
takes, a hyphen costs a fixed amount (a third in a row far more), and a last line of a single short word costs
most. The cheapest set of lines wins. Greedy breaking stays the rule (it is fast and usually good): this runs only for the paragraphs it
served badly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

STRETCH_UNIT = 0.3
"""A space stretched by this much (em) has badness 100."""
HYPHEN_COST = 3000
LADDER_COST = 200_000
"""A third line in a row ending in a hyphen (a ladder down the margin) costs this much more."""
HYPHENS_IN_A_ROW = 2
RUNT_COST = 400_000
RUNT_LETTERS = 8
"""A paragraph's last line of one word shorter than this (the punctuation counted) is a runt."""
INFEASIBLE = float("inf")
HALF_FULL = 0.7
"""(Its spaces would stretch by an em or more: a cost no fuller line comes near.)"""


@dataclass(frozen=True)
class Word:
    text: str
    cuts: tuple[int, ...]
    """Where the word may end a line: 0, each hyphenation point, and its length (the last: a space break)."""


def total_fit(words: list[Word], space: float, shrink: float, line_widths: list[float], size: float,
              width_of: Callable[[str], float], hyphen: str) -> list[tuple[float, list[str]]] | None:
    """The cheapest lines for `words`, as ReportLab's (extra space, [words]) pairs; None when no set of lines
    fits (a word wider than a line)."""
    states = [(w, k) for w, word in enumerate(words) for k in range(1, len(word.cuts))]
    """Every place a line may end: (word, cut) after cut number k of the word (its last: the word's end)."""
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, int, int]] = {(-1, 0): (0.0, None, 0, 0)}
    """End state -> (cost so far, the previous end state, lines so far, hyphenated lines in a row up to it)."""
    order = [(-1, 0)] + states
    last_state = states[-1]
    measure = _Measure(words, space, width_of, hyphen)
    at = [measure.position(state) for state in order]
    for index, end in enumerate(states, start=1):
        last = end == last_state
        # a line less than seven tenths full is never the cheapest but the last, or where no fuller one fits:
        # the search starts from the nearest start that could fill that much, and goes nearer only if none fits
        nearest = index - 1 if last else \
            min(index - 1, bisect_right(at, at[index] - HALF_FULL * min(line_widths)) - 1)
        found = None
        for starts in (range(nearest, -1, -1), range(index - 1, nearest, -1)):
            for start_index in starts:
                start = order[start_index]
                if start not in best:
                    continue
                cost_before, _, lines_before, hyphens_before = best[start]
                natural, spaces = measure.line(start, end)
                line_width = line_widths[min(lines_before, len(line_widths) - 1)]
                if natural > line_width + shrink * spaces + 1e-6:
                    break  # starting earlier only makes the line wider
                cost = _cost(natural, spaces, line_width, shrink, size, last, lines_before,
                             _line(words, start, end, space, width_of, hyphen)[2] if last else [])
                hyphens = hyphens_before + 1 if end[1] < len(words[end[0]].cuts) - 1 else 0
                cost += (HYPHEN_COST if hyphens else 0) + (LADDER_COST if hyphens > HYPHENS_IN_A_ROW else 0)
                total = cost_before + cost
                if found is None or total < found[0]:
                    found = (total, start, lines_before + 1, hyphens)
            if found is not None:
                break
        if found is not None:
            best[end] = found
    if last_state not in best:
        return None
    ends = []
    state: tuple[int, int] | None = last_state
    while state is not None and state != (-1, 0):
        ends.append(state)
        state = best[state][1]
    ends.reverse()
    lines, start = [], (-1, 0)
    for number, end in enumerate(ends):
        natural, _, text = _line(words, start, end, space, width_of, hyphen)
        lines.append((line_widths[min(number, len(line_widths) - 1)] - natural, text))
        start = end
    return lines


class _Measure:
    """Lines' natural widths and stretchable spaces from positions on the paragraph set as one endless line: a
    line is the distance from where it starts to where it ends (a font's widths add up: no kerning), plus a
    hyphen where it ends inside a word. Total fit weighs tens of thousands of lines; each is two subtractions."""

    def __init__(self, words: list[Word], space: float, width_of: Callable[[str], float], hyphen: str):
        self.hyphen_width = width_of(hyphen)
        self.ends: dict[tuple[int, int], tuple[float, int, bool]] = {(-1, 0): (0.0, 0, False)}
        """State -> (where a line ending there ends, no-break spaces before it, whether inside a word)."""
        self.starts: dict[tuple[int, int], tuple[float, int, int]] = {(-1, 0): (0.0, 0, 0)}
        """State -> (where the line after it starts, no-break spaces before that, the word it starts in)."""
        x, nbsp = 0.0, 0
        for index, word in enumerate(words):
            last = len(word.cuts) - 1
            for cut in range(1, last + 1):
                piece = word.text[:word.cuts[cut]]
                at, count = x + width_of(piece), nbsp + piece.count("\u00a0")
                self.ends[(index, cut)] = (at, count, cut < last)
                self.starts[(index, cut)] = (at, count, index) if cut < last else \
                    (at + space, count, index + 1)
            x = x + width_of(word.text) + space
            nbsp += word.text.count("\u00a0")

    def position(self, state: tuple[int, int]) -> float:
        """How far into the paragraph, set on one endless line, a line ending at `state` would end."""
        return self.ends[state][0]

    def line(self, start: tuple[int, int], end: tuple[int, int]) -> tuple[float, int]:
        """(natural width, stretchable spaces) of the line after `start` up to `end` (as _line measures it)."""
        begin, nbsp_before, first_word = self.starts[start]
        stop, nbsp_to, inside = self.ends[end]
        width = stop - begin + (self.hyphen_width if inside else 0.0)
        return width, end[0] - first_word + nbsp_to - nbsp_before


def _line(words: list[Word], start: tuple[int, int], end: tuple[int, int], space: float,
          width_of: Callable[[str], float], hyphen: str) -> tuple[float, int, list[str]]:
    """(natural width, spaces justification stretches, words as drawn) of the line after `start` up to `end`."""
    first_word, first_cut = start
    if first_word < 0 or first_cut == len(words[first_word].cuts) - 1:
        first_word, first_cut = first_word + 1, 0
    last_word, last_cut = end
    text = []
    for w in range(first_word, last_word + 1):
        word = words[w]
        begin = word.cuts[first_cut] if w == first_word else 0
        stop = word.cuts[last_cut] if w == last_word else len(word.text)
        piece = word.text[begin:stop]
        if w == last_word and stop < len(word.text):
            piece += hyphen
        text.append(piece)
    # the spaces justification stretches: those between the words, and the no-break spaces inside them (RMB 4.108
    # million): a line of one word held together by them stretches those, or nothing
    stretched = len(text) - 1 + sum(piece.count("\u00a0") for piece in text)
    return sum(map(width_of, text)) + space * (len(text) - 1), stretched, text


def _cost(natural: float, spaces: int, line_width: float, shrink: float, size: float, last: bool,
          lines_before: int, text: list[str]) -> float:
    extra = line_width - natural
    if last:
        runt = lines_before > 0 and spaces == 0 and len(text[0]) < RUNT_LETTERS
        return RUNT_COST if runt else 0.0
    per_space = extra / max(spaces, 1)  # (no space at all: the line stays short by all of it)
    if per_space >= 0:
        badness = 100 * (per_space / (STRETCH_UNIT * size)) ** 3
    else:
        badness = 100 * (-per_space * spaces / (shrink * spaces)) ** 3 if shrink else INFEASIBLE
    return (10 + badness) ** 2
