"""The two columns of a side-by-side bilingual brief, sized from their texts so that paired paragraphs end level.

Chinese is denser than English: set 50/50, a Chinese paragraph ends 2-4 lines above its English twin. The share
of the first language's column is chosen once per brief (so the grid holds on every page) as the one that leaves
the least white under the shorter column of each pair: the paragraphs' widths are measured in their faces, broken
into lines of the column's measure and stacked at their leadings.
"""

from __future__ import annotations

import math
from dataclasses import replace

from reporter.compose.document import Block, Panel, Para, SideBySide
from reporter.compose.linebreak import Fitter
from reporter.i18n.languages import language
from reporter.layout.styles import MM

SHARES = tuple(round(0.30 + 0.005 * step, 3) for step in range(81))
"""The shares tried for the first column: 30% to 70% of the two columns' width, in half-percent steps."""
RAGGED_FILL = 0.95
"""How much of its measure a ragged (unjustified) line fills on average, as far as line counts go: with it, the
line counts of case 36's English paragraphs come out as in the PDF (0.92 counted a line too many in 4 of 20)."""
JUSTIFIED_FILL = 0.99


class ColumnSizer:
    """Measures paragraph pairs in a layout's faces and picks the first column's share."""

    def __init__(self, fitter: Fitter):
        self.layout = fitter.layout
        self.sheet = fitter.sheet
        self.fitter = fitter

    def share(self, blocks: list[Block]) -> float:
        """The layout's language.first_column_share, or (auto) the share that pairs `blocks`' columns best."""
        chosen = self.layout.language.first_column_share
        if chosen != "auto":
            return float(chosen)
        pairs = [pair for pair in _pairs(blocks) if pair[0] and pair[1]]
        if not pairs:
            return 0.5
        widths = self.sheet.text_width_pt - self.sheet.column_gap
        lengths = [([self._advance(p) for p in left], [self._advance(p) for p in right]) for left, right, _ in pairs]
        panel = 2 * self.sheet.panel_padding

        def white(share: float) -> float:
            """The squared differences of the pairs' heights: a few big holes weigh more than many small ones."""
            total = 0.0
            for (left, right, boxed), (left_lengths, right_lengths) in zip(pairs, lengths):
                room = widths - (panel if boxed else 0.0)
                total += (self._height(left, left_lengths, room * share)
                          - self._height(right, right_lengths, room * (1 - share))) ** 2
            return total

        return min(SHARES, key=lambda share: (round(white(share), 3), abs(share - 0.5)))

    def _advance(self, para: Para) -> float:
        """The paragraph's width set on one line, in pt."""
        lang = para.text.lang  # (the lead is set in the paragraph's language)
        lead = self.fitter.width(para.lead.text, lang, self.sheet["label"]) if para.lead else 0.0
        return self.fitter.width(para.text.text, lang, self.sheet[para.style]) + lead

    def _height(self, paras: tuple[Para, ...], advances: list[float], width: float) -> float:
        total = 0.0
        for para, advance in zip(paras, advances):
            style = self.sheet[para.style]
            east_asian = language(para.text.lang).east_asian
            measure = width - self.sheet.right_indent(para.style, para.text.lang, width)
            fill = JUSTIFIED_FILL if style.justified(east_asian) else RAGGED_FILL
            lines = max(1, math.ceil(advance / max(measure * fill, MM)))
            total += lines * style.line_height(east_asian) + style.after
        return total


def _pairs(blocks: list[Block] | tuple[Block, ...], boxed: bool = False) -> list[tuple[tuple[Para, ...],
                                                                                     tuple[Para, ...], bool]]:
    """The paragraphs of each side-by-side pair, and whether the pair sits in a tinted panel (its padding inside)."""
    found = []
    for block in blocks:
        if isinstance(block, SideBySide):
            found.append((tuple(b for b in block.left if isinstance(b, Para)),
                          tuple(b for b in block.right if isinstance(b, Para)), boxed))
        elif isinstance(block, Panel):
            found += _pairs(block.children, True)
    return found


def with_share(blocks: list[Block], share: float) -> list[Block]:
    """`blocks` with every side-by-side pair (in panels too) set at the first column's `share`."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, SideBySide):
            block = replace(block, share=share)
        elif isinstance(block, Panel):
            block = replace(block, children=tuple(with_share(list(block.children), share)))
        out.append(block)
    return out
