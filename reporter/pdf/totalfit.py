"""English paragraphs broken as a whole (Knuth and Plass's total fit, simplified), where breaking line by line
left loose lines or a last line of one short word.

Every place a line may end is weighed at once: after a word, or inside one at a hyphenation point. A line costs
more the more its spaces stretch (cubed, as TeX's badness), shrinking costs by how much of the allowed shrink it
takes, a hyphen costs a fixed amount, and a last line of a single short word costs most. The cheapest set of
lines wins. Greedy breaking stays the rule (it is fast and usually good): this runs only for the paragraphs it
served badly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STRETCH_UNIT = 0.3
"""A space stretched by this much (em) has badness 100."""
HYPHEN_COST = 3000
RUNT_COST = 400_000
RUNT_LETTERS = 8
"""A paragraph's last line of one word shorter than this (the punctuation counted) is a runt."""
INFEASIBLE = float("inf")


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
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None, int]] = {(-1, 0): (0.0, None, 0)}
    """End state -> (cost so far, the previous end state, lines so far)."""
    order = [(-1, 0)] + states
    last_state = states[-1]
    for index, end in enumerate(states, start=1):
        found: tuple[float, tuple[int, int] | None, int] | None = None
        for start_index in range(index - 1, -1, -1):
            start = order[start_index]
            if start not in best:
                continue
            cost_before, _, lines_before = best[start]
            natural, spaces, text = _line(words, start, end, space, width_of, hyphen)
            line_width = line_widths[min(lines_before, len(line_widths) - 1)]
            if natural > line_width + shrink * spaces + 1e-6:
                break  # starting earlier only makes the line wider
            cost = _cost(natural, spaces, line_width, shrink, size, end == last_state, lines_before, text)
            cost += HYPHEN_COST if end[1] < len(words[end[0]].cuts) - 1 else 0
            total = cost_before + cost
            if found is None or total < found[0]:
                found = (total, start, lines_before + 1)
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
