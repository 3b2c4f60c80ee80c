"""The preflight every PDF gets: what a printer's prepress would send back, each finding one line naming where it
is and its value. Judged from what the writer drew, as it drew it: each image where it placed it (it knows which
figure each is), each colour in the inks it printed in, the smallest text and thinnest line of each page, the fonts
it did not embed (tests/pdf_scan.py reads the same from the written file)."""

from __future__ import annotations

from dataclasses import dataclass

from reporter.press.profile import Cmyk

PHOTO_SUFFIXES = (".jpg", ".jpeg")
"""A JPEG is taken for a photograph (a lower resolution passes); a PNG for a drawing, chart or logo."""


@dataclass(frozen=True)
class Rules:
    """What the layout holds every PDF to."""

    type_floor: float
    hairline: float
    min_ppi: int
    min_ppi_photo: int
    max_ink: float


@dataclass(frozen=True)
class Placement:
    """An image as the writer drew it."""

    source: str
    """Where it is named: a case's figures[...].image, or the layout's logo."""
    file: str
    pixels: tuple[int, int]
    size: tuple[float, float]
    """Drawn width and height, pt."""
    page: int

    @property
    def ppi(self) -> float:
        """The effective resolution: pixels per inch of the printed image (the lower of its two directions)."""
        return min(self.pixels[0] * 72 / self.size[0], self.pixels[1] * 72 / self.size[1])

    @property
    def photo(self) -> bool:
        return self.file.lower().endswith(PHOTO_SUFFIXES)


def image_findings(placements: list[Placement], rules: Rules) -> list[str]:
    findings = []
    for placed in sorted(placements, key=lambda p: (p.source, p.ppi)):
        least, key = (rules.min_ppi_photo, "print.min_ppi_photo") if placed.photo else (rules.min_ppi, "print.min_ppi")
        line = (f"preflight: {placed.source}: {placed.file} prints at {placed.ppi:.0f} ppi on page {placed.page}, "
                f"under the {least} ppi of {key}; give a larger image or show it smaller")
        if placed.ppi < least and not any(f.startswith(f"preflight: {placed.source}:") for f in findings):
            findings.append(line)
    return findings


def ink_findings(inks: dict[str, tuple[str, Cmyk]], rules: Rules) -> list[str]:
    """`inks`: each colour drawn (hex) -> its layout name and its inks."""
    findings = []
    for hex_colour, (name, cmyk) in sorted(inks.items()):
        total = sum(cmyk)
        if total > rules.max_ink + 0.05:
            shown = ", ".join(f"{value:g}" for value in cmyk)
            findings.append(f"preflight: colour {name} ({hex_colour}) prints as [{shown}], {total:.0f}% ink, "
                            f"over the {rules.max_ink:g}% of print.max_ink; give print.cmyk.{name} less ink")
    return findings


def drawing_findings(smallest_text: dict[int, float], thinnest_line: dict[int, float], not_embedded: list[str],
                     rules: Rules) -> list[str]:
    """Text under the floor and lines under the hairline (page -> smallest size, thinnest width), and fonts not
    embedded."""
    findings = [f"preflight: page {page}: text at {size:g} pt, under the {rules.type_floor:g} pt of "
                "checks.type_floor" for page, size in sorted(smallest_text.items()) if size < rules.type_floor - 0.01]
    findings += [f"preflight: page {page}: a line {width:g} pt wide, under the {rules.hairline:g} pt of "
                 "print.hairline_pt" for page, width in sorted(thinnest_line.items()) if width < rules.hairline - 0.001]
    findings += [f"preflight: font {name} is not embedded" for name in not_embedded]
    return findings
