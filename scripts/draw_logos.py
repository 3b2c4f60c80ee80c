"""Draws the shipped layouts' logos as PNG. Run from the project root: .venv/bin/python scripts/draw_logos.py

Both are invented marks for the example layouts: a publisher's "Blue Book" emblem and a fictional client,
Acme Sustainability Partners. Drawn at 4x and downsampled to 2x for smooth edges; transparent background. At 2x
(1120 pixels for the 560 units of the Blue Book mark) a logo prints at 300 ppi or more as large as a cover shows
it, as the preflight asks of a drawing.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent.parent / "reporter" / "layout" / "builtin" / "logos"
FONT_DIRS = [Path("/usr/share/fonts/truetype")]
SCALE = 4
OUTPUT = 2
"""Pixels per unit of the saved file."""


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    for folder in FONT_DIRS:
        for path in folder.rglob(name):
            return ImageFont.truetype(str(path), size * SCALE)
    raise SystemExit(f"font {name} not found: run scripts/setup.sh first")


def finish(image: Image.Image, name: str) -> None:
    image = image.resize((image.width * OUTPUT // SCALE, image.height * OUTPUT // SCALE), Image.LANCZOS)
    image.save(HERE / name, optimize=True)
    print(HERE / name, image.size)


def roundel(width: int, fill, on_dark: bool) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A transparent canvas `width` units wide with the mark's filled circle (white-rimmed on dark)."""
    s = SCALE
    image = Image.new("RGBA", (width * s, 160 * s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4 * s, 4 * s, 156 * s, 156 * s), fill=fill)
    if on_dark:
        draw.ellipse((4 * s, 4 * s, 156 * s, 156 * s), outline=(255, 255, 255, 255), width=3 * s)
    return image, draw


def bluebook(on_dark: bool = False) -> None:
    """A navy roundel with an open book in white and a gold rule, then 蓝皮书 / BLUE BOOK.
    on_dark: the variant for a dark background (cover, band): the name in white."""
    navy, gold, white = (11, 46, 89, 255), (184, 134, 11, 255), (255, 255, 255, 255)
    ink = white if on_dark else navy
    s = SCALE
    image, draw = roundel(560, navy, on_dark)
    draw.ellipse((14 * s, 14 * s, 146 * s, 146 * s), outline=gold, width=4 * s)
    # the open book: two pages meeting at a spine
    left = [(40 * s, 58 * s), (78 * s, 66 * s), (78 * s, 112 * s), (40 * s, 104 * s)]
    right = [(82 * s, 66 * s), (120 * s, 58 * s), (120 * s, 104 * s), (82 * s, 112 * s)]
    draw.polygon(left, fill=white)
    draw.polygon(right, fill=white)
    for offset in (74, 84, 94):
        draw.line((46 * s, (offset - 6) * s, 72 * s, offset * s), fill=navy, width=2 * s)
        draw.line((88 * s, offset * s, 114 * s, (offset - 6) * s), fill=navy, width=2 * s)
    draw.text((180 * s, 22 * s), "蓝皮书", font=font("wqy-microhei.ttc", 60), fill=ink)
    draw.text((182 * s, 100 * s), "BLUE BOOK", font=font("Carlito-Bold.ttf", 36), fill=gold)
    finish(image, "bluebook-on-dark.png" if on_dark else "bluebook.png")


def acme(on_dark: bool = False) -> None:
    """A teal leaf in a circle and the ACME wordmark (in white on_dark)."""
    teal, orange, white = (15, 118, 110, 255), (234, 88, 12, 255), (255, 255, 255, 255)
    ink = white if on_dark else teal
    s = SCALE
    image, draw = roundel(600, teal, on_dark)
    # a leaf: the intersection of two circles, with a vein
    leaf = Image.new("L", image.size, 0)
    mask_a, mask_b = Image.new("L", image.size, 0), Image.new("L", image.size, 0)
    ImageDraw.Draw(mask_a).ellipse((30 * s, 10 * s, 150 * s, 130 * s), fill=255)
    ImageDraw.Draw(mask_b).ellipse((10 * s, 30 * s, 130 * s, 150 * s), fill=255)
    leaf.paste(mask_a, (0, 0), mask_b)
    image.paste(Image.new("RGBA", image.size, white), (0, 0), leaf)
    draw.line((44 * s, 116 * s, 116 * s, 44 * s), fill=teal, width=5 * s)
    draw.ellipse((112 * s, 28 * s, 136 * s, 52 * s), fill=orange)
    draw.text((180 * s, 12 * s), "ACME", font=font("Carlito-Bold.ttf", 84), fill=ink)
    draw.text((184 * s, 108 * s), "SUSTAINABILITY PARTNERS", font=font("Carlito-Regular.ttf", 30),
              fill=white if on_dark else orange)
    finish(image, "acme-on-dark.png" if on_dark else "acme.png")


if __name__ == "__main__":
    for dark in (False, True):
        bluebook(dark)
        acme(dark)
