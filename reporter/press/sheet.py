"""The sheet a print master's page is on: the trimmed page, the bleed around it, the marks outside the bleed."""

from __future__ import annotations

from dataclasses import dataclass

from reporter.press.profile import PrintCondition

MM = 72 / 25.4
MARK_GAP = 1 * MM
"""Between the bleed's edge and a crop mark: a mark never prints on a trimmed page that shifted by the bleed."""
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.25
"""pt: the thinnest line the preflight lets through."""
SLUG = 1 * MM
"""Blank beyond the marks' ends."""


@dataclass(frozen=True)
class PressSetup:
    """What a print master is made to: the print condition, the bleed and whether it has crop marks."""

    condition: PrintCondition
    bleed: float
    """pt."""
    crop_marks: bool

    @property
    def offset(self) -> float:
        """How far the trimmed page's corner is from the sheet's (the MediaBox's) corner, in pt."""
        return self.bleed + (MARK_GAP + MARK_LENGTH + SLUG if self.crop_marks else 0)

    def sheet(self, trim: tuple[float, float]) -> tuple[float, float]:
        return trim[0] + 2 * self.offset, trim[1] + 2 * self.offset

    def trim_box(self, trim: tuple[float, float]) -> tuple[float, float, float, float]:
        return self.offset, self.offset, self.offset + trim[0], self.offset + trim[1]

    def bleed_box(self, trim: tuple[float, float]) -> tuple[float, float, float, float]:
        left, bottom, right, top = self.trim_box(trim)
        return left - self.bleed, bottom - self.bleed, right + self.bleed, top + self.bleed

    def crop_marks_at(self, trim: tuple[float, float]) -> list[tuple[float, float, float, float]]:
        """The crop marks as lines (x1, y1, x2, y2) in the trimmed page's coordinates: two at each corner, on the
        lines of the trim, from beyond the bleed outwards."""
        width, height = trim
        near, far = self.bleed + MARK_GAP, self.bleed + MARK_GAP + MARK_LENGTH
        lines = []
        for x, sx in ((0, -1), (width, 1)):
            for y, sy in ((0, -1), (height, 1)):
                lines.append((x + sx * near, y, x + sx * far, y))
                lines.append((x, y + sy * near, x, y + sy * far))
        return lines
