"""Where a title or a heading breaks: between words (Chinese segmented by jieba's dictionary, through rjieba), never
inside a word, a number with its unit, or before closing / after opening punctuation; preferably not inside
quotation marks or brackets nor before a connector (+ /); and balanced: as few lines as the width allows, as
even as can be (not a long line over a short one). The breaks are chosen once, here, and both writers set them."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from reporter.compose.document import LINE_BREAK, Heading, Span
from reporter.compose.punctuation import CLOSING_MARKS, OPENING_MARKS
from reporter.fonts.measure import Measure, is_wide
from reporter.i18n.languages import NBSP, WORD_JOINER, language
from reporter.layout.schema import Layout
from reporter.layout.styles import StyleSheet, TextStyle

CLOSING = CLOSING_MARKS | frozenset("…,.;:!?)]}%")
"""Never at a line's start."""
OPENING = OPENING_MARKS | frozenset("([{")
"""Never at a line's end."""
CONNECTORS = frozenset("+/&·–—")
"""Better not at a line's start: 特色产业+ / 志愿服务 reads on, 特色产业 / +志愿服务 does not."""
HELD = frozenset((WORD_JOINER, NBSP))
"""No break beside these: the composer joined a number to its unit with them."""
QUOTES = {"“": "”", "（": "）", "《": "》", "「": "」", "(": ")"}

SAFETY = 0.96
"""Lines are planned to this share of the width: the writers' fonts may set a line a little wider than measured."""
MAX_UNITS = 300
"""Longer text is not a title: it is left to the writers' own line breaking."""
INSIDE_QUOTES_COST = 60.0
BEFORE_CONNECTOR_COST = 40.0


@cache
def _segmenter():
    import rjieba  # loaded on the first title that needs a break (a quarter second)
    return rjieba


def units(text: str, east_asian: bool) -> list[str]:
    """The text in unbreakable pieces: words with the punctuation that clings to them."""
    if east_asian and any(is_wide(char) for char in text):
        tokens = _segmenter().cut(text)
    else:
        tokens = re.findall(r"\S+\s*|\s+", text)
    out: list[str] = []
    for token in tokens:
        if out and (token[0] in CLOSING or token[0] in HELD or out[-1][-1] in OPENING or out[-1][-1] in HELD
                    or out[-1][-1].isdigit() and token[0].isdigit()):
            out[-1] += token
        else:
            out.append(token)
    return out


def _break_costs(pieces: list[str]) -> list[float]:
    """The cost of a break after each piece: inside quotation marks or brackets, before a connector."""
    costs, open_quotes = [], []
    for index, piece in enumerate(pieces):
        for char in piece:
            if char in QUOTES:
                open_quotes.append(QUOTES[char])
            elif open_quotes and char == open_quotes[-1]:
                open_quotes.pop()
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        costs.append(INSIDE_QUOTES_COST * bool(open_quotes)
                     + BEFORE_CONNECTOR_COST * bool(following and following[0] in CONNECTORS))
    return costs


def balanced(text: str, east_asian: bool, measure: Measure, width_em: float) -> str:
    """`text` with LINE_BREAK where its lines should end, for lines `width_em` wide."""
    if LINE_BREAK in text or width_em <= 0 or measure.em(text.rstrip(), east_asian) <= width_em:
        return text  # (a title that fits needs no segmenting: the dictionary is not even loaded)
    pieces = units(text, east_asian)
    if len(pieces) < 2 or len(pieces) > MAX_UNITS:
        return text
    widths = [measure.em(piece, east_asian) for piece in pieces]
    trailing = [measure.em(piece[len(piece.rstrip()):], east_asian) for piece in pieces]
    room = width_em * SAFETY
    starts = [0.0]
    for width in widths:
        starts.append(starts[-1] + width)

    def line(i: int, j: int) -> float:  # pieces i..j-1 on one line
        return starts[j] - starts[i] - trailing[j - 1]

    lines, i = 0, 0  # the fewest lines: greedy
    while i < len(pieces):
        j = i + 1
        while j < len(pieces) and line(i, j + 1) <= room:
            j += 1
        lines, i = lines + 1, j
    costs = _break_costs(pieces)
    best = {(0, 0): (0.0, [])}
    for count in range(1, lines + 1):
        for j in range(1, len(pieces) + 1):
            options = []
            for i in range(j):
                previous = best.get((count - 1, i))
                width = line(i, j)
                if previous is None or (width > room and j - i > 1):
                    continue
                cost = previous[0] + (room - width) ** 2 + (costs[i - 1] if i else 0.0)
                options.append((cost, previous[1] + ([i] if i else [])))
            if options:
                best[(count, j)] = min(options)
    found = best.get((lines, len(pieces)))
    if found is None:
        return text
    out = []
    for index, piece in enumerate(pieces):
        if index in found[1]:
            out.append(LINE_BREAK)
        out.append(_joined(piece) if east_asian else piece)
    return "".join(out)


def _joined(piece: str) -> str:
    """A Chinese word's characters held together (word joiners between ideographs): if a writer's font sets the
    line wider than measured, its own break still falls between words. The DOCX leaves the joiners out."""
    return "".join(char + WORD_JOINER if is_wide(char) and is_wide(following) and following not in CLOSING
                   else char for char, following in zip(piece, piece[1:] + " "))


class Fitter:
    """A layout's titles and headings broken where `balanced` says, for the width each is set in."""

    def __init__(self, layout: Layout):
        self.layout = layout
        self.sheet = StyleSheet(layout)
        self._measures: dict[str, Measure] = {}

    def measure(self, role: str) -> Measure:
        """Widths of text in the faces of a font role (heading, body, ...)."""
        measure = self._measures.get(role)
        if measure is None:
            measure = self._measures[role] = Measure(self.layout.read_face(role, "latin"),
                                                     self.layout.read_face(role, "east_asian"),
                                                     self.layout.type.cjk_latin_spacing)
        return measure

    def fit(self, span: Span, level: int, width: float, scale: float = 1.0, second_language: bool = False) -> Span:
        """`span` set as a heading of `level` (0: the title) `scale` times its size, in `width` points."""
        style = self.sheet.heading(level, second_language)
        text = balanced(span.text, language(span.lang).east_asian, self.measure(style.role), width / (style.size * scale))
        return Span(text, span.lang)

    def width(self, text: str, lang: str, style: TextStyle, size: float | None = None) -> float:
        """`text` of language `lang` set on one line in `style`'s faces, at its size or `size`, in pt."""
        return self.measure(style.role).em(text, language(lang).east_asian) * (size or style.size)

    def one_line(self, heading: Heading, width: float) -> bool:
        """Whether a bilingual heading's two languages fit one line of `width` pt, the second after the first."""
        style = self.sheet.heading(heading.level, heading.second_language)
        first = self.width(heading.text.text, heading.text.lang, style)
        second = self.width(f"  {heading.second.text}", heading.second.lang, style,
                            self.sheet.second_heading_size(style)) if heading.second is not None else 0.0
        return first + second <= width

    def apart(self, heading: Heading, width: float) -> Heading:
        """A bilingual heading too long for one line: its second language on a line of its own, its first broken
        in balanced lines where it is longer than the line itself."""
        if heading.second is None or self.one_line(heading, width):
            return heading
        first = self.fit(heading.text, heading.level, width, second_language=heading.second_language)
        return replace(heading, text=first, second_apart=True)

    def widest(self, span: Span, level: int, scale: float = 1.0, second_language: bool = False) -> float:
        """The width of the longest line of `span` (lines apart at LINE_BREAK) set as a heading of `level`, in pt."""
        style = self.sheet.heading(level, second_language)
        return max(self.width(line, span.lang, style) for line in span.text.split(LINE_BREAK)) * scale
