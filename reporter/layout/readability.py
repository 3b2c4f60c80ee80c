"""Whether a layout's type can be read: no text below the type floor, and every text colour far enough from the
ground it is printed on (WCAG 2.2: 4.5:1, or 3:1 for large text, 18 pt or 14 pt bold).

The grounds of each style are data (grounds.toml). A layout that means to go lower says so in [checks].
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

PAPER = "#FFFFFF"
CONTRAST = 4.5
CONTRAST_LARGE = 3.0
LARGE_PT, LARGE_BOLD_PT = 18.0, 14.0
BOLD = 600


def printed_size(base: float, scale: float, step: float) -> float:
    """A style's size in pt: base x scale^step, to the nearest half point."""
    return round(base * scale ** step * 2) / 2


def luminance(colour: str) -> float:
    """The relative luminance of #RRGGBB (WCAG 2.2)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def needed(size: float, bold: bool) -> float:
    return CONTRAST_LARGE if size >= LARGE_PT or (bold and size >= LARGE_BOLD_PT) else CONTRAST


@cache
def grounds() -> dict:
    return tomllib.loads((Path(__file__).with_name("grounds.toml")).read_text("utf-8"))


def _colour_keys(colour: str, ground: str, style: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The keys that set a pair of colours: the text's (the accent, where accent_text is unset), the ground's, the
    style's choice of colour."""
    keys: tuple[tuple[str, ...], ...] = (("colours", colour),)
    if colour == "accent_text":
        keys += (("colours", "accent"),)
    if colour == "second_text":
        keys += (("colours", "text"),)
    if ground != "paper":
        keys += (("colours", ground),)
    return keys + ((("styles", style, "colour"),) if style else ())


def first_problem(layout) -> tuple[str, tuple[tuple[str, ...], ...]] | None:
    """(what is wrong, the keys that explain it) for the first style of `layout` below its type floor or too
    faint on its ground; None when every style reads."""
    checks, scale, colours = layout.checks, layout.type, layout.colours.model_dump()
    table = grounds()

    def ground_name(name: str) -> str:
        return "white paper" if name == "paper" else f"colours.{name} {colours[name]}"

    def faint(colour: str, ground: str, size: float, bold: bool) -> float | None:
        paper = PAPER if ground == "paper" else colours[ground]
        ratio = contrast(colours[colour], paper)
        return ratio if ratio < needed(size, bold) - 0.005 else None

    for name, spec in layout.styles.items():
        size = printed_size(scale.base, scale.scale, spec.step)
        if size < checks.type_floor:
            return (f"the {name} style comes to {size:g} pt, below the type floor of {checks.type_floor:g} pt: "
                    f"raise its step, or lower checks.type_floor to allow it",
                    (("styles", name, "step"), ("type", "scale"), ("type", "base")))
        if not checks.contrast:
            continue
        bold = getattr(layout.fonts, spec.font).spec("latin")[0].weight_class >= BOLD
        for ground in table.get(name, ["paper"]):
            ratio = faint(spec.colour, ground, size, bold)
            if ratio is not None:
                return (f"{name} text in colours.{spec.colour} {colours[spec.colour]} on {ground_name(ground)} is "
                        f"{ratio:.2f}:1; text at {size:g} pt needs {needed(size, bold):g}:1: set the two further apart, "
                        "or checks.contrast = false to allow it", _colour_keys(spec.colour, ground, name))
    if checks.contrast:
        for what in table["drawn"].values():
            for ground in what["on"]:
                ratio = faint(what["colour"], ground, checks.type_floor, False)
                if ratio is not None:
                    return (f"{what['note']} in colours.{what['colour']} {colours[what['colour']]} on "
                            f"{ground_name(ground)} is {ratio:.2f}:1; it needs {CONTRAST:g}:1: set the two further "
                            "apart, or checks.contrast = false to allow it", _colour_keys(what["colour"], ground))
    return None
