"""The cover's text planned to fit any title: measured in its faces, the text block starts at its usual height,
moves up towards the logo when it runs too deep, and only then are the titles stepped down to a floor, each time
broken again in balanced lines. The publisher line below it and the margins are never crossed."""

from __future__ import annotations

import math
from dataclasses import dataclass

from reporter.compose.document import LINE_BREAK, Span
from reporter.compose.linebreak import Fitter

TOP = 0.62
"""Where the cover's text starts, as a share of the page's height from its foot, when it fits below."""
TITLE_SCALES = (1.35, 0.9)
"""The titles against the title style: the first language's, then a second one's."""
TITLE_FLOORS = (0.85, 0.6)
"""How far each title may be stepped down before it is left to take more lines."""
STEP = 0.05


@dataclass(frozen=True)
class CoverPlan:
    titles: tuple[Span, ...]
    scales: tuple[float, ...]
    top: float
    """Where the text starts, in pt from the page's foot."""
    raised: float
    """How far the text moved up from its usual start towards the logo: 0 not at all, 1 all the way."""


class CoverPlanner:
    def __init__(self, fitter: Fitter):
        self.fitter, self.sheet = fitter, fitter.sheet

    def _height(self, span: Span, token: str, scale: float, width: float) -> float:
        """A paragraph's height in pt: each of its lines as broken, wrapped again where it is too wide."""
        style = self.sheet[token]
        lines = sum(max(1, math.ceil(self.fitter.width(line, span.lang, style) * scale / width))
                    for line in span.text.split(LINE_BREAK))
        return lines * style.leading * scale

    def plan(self, kicker: tuple[Span, ...], titles: tuple[Span, ...], details: tuple[Span, ...],
             logo_height: float) -> CoverPlan:
        sheet = self.sheet
        width = sheet.cover_text_width
        page = sheet.page_size_pt[1]
        margins = sheet.margins_pt
        subtitle, space = sheet["subtitle"], sheet.COVER_SPACE
        bottom = margins["bottom"] + subtitle.leading * 3  # the publisher line and the room above it
        ceiling = page - margins["top"] - (logo_height + subtitle.leading if logo_height else 0.0)
        fixed = (sum(self._height(s, "subtitle", sheet.COVER_KICKER_SCALE, width) + space["kicker"] for s in kicker)
                 + space["rule"] + space["titles"] + sum(self._height(s, "subtitle", 1.0, width) + space["detail"]
                                                         for s in details))
        scales = list(TITLE_SCALES[:len(titles)]) + [TITLE_SCALES[-1]] * (len(titles) - len(TITLE_SCALES))
        floors = [TITLE_FLOORS[min(i, len(TITLE_FLOORS) - 1)] for i in range(len(titles))]
        while True:
            fitted = tuple(self.fitter.fit(title, 0, width, scale) for title, scale in zip(titles, scales))
            stack = fixed + sum(self._height(t, "title", s, width) + space["title"] for t, s in zip(fitted, scales))
            if stack <= ceiling - bottom or scales == floors:
                break
            scales = [max(floor, round(s - STEP, 2)) for s, floor in zip(scales, floors)]
        usual = page * TOP
        top = min(ceiling, max(usual, bottom + stack))
        raised = 0.0 if ceiling <= usual else (top - usual) / (ceiling - usual)
        return CoverPlan(fitted, tuple(scales), top, raised)
