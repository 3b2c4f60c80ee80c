"""Draws the example book's picture (reporter/starter/036-poverty-rate.png): case 36's two poverty-incidence
figures before and after, as grouped bars, labelled in Chinese and English. Run from the project root after
scripts/setup.sh (it needs Noto Sans CJK): .venv/bin/python scripts/draw_starter_chart.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "reporter" / "starter" / "036-poverty-rate.png"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC = 2
"""The face of the collection that is Simplified Chinese."""
NAVY, GOLD, GREY, INK = (18, 58, 107), (184, 134, 11), (200, 210, 222), (30, 35, 41)
COUNTIES = [("绥德县  Suide", 13.0, 0.55), ("叙永县  Xuyong", 15.9, 0.25)]
"""(county, before, after): poverty incidence in %, from the case's metrics."""
S = 1.2
"""Scale: 2160 pixels across print at 320 ppi in a 170 mm column (the preflight asks 300 of a drawing)."""
WIDTH, HEIGHT = round(1800 * S), round(1000 * S)


def main() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    label, small = ImageFont.truetype(FONT, round(44 * S), index=SC), ImageFont.truetype(FONT, round(36 * S), index=SC)
    base, top, left = 820 * S, 140 * S, 160 * S
    scale = (base - top) / 16
    for tick in range(0, 17, 4):
        y = base - tick * scale
        draw.line((left, y, WIDTH - 80 * S, y), fill=GREY, width=round(2 * S))
        draw.text((left - 20 * S, y), f"{tick}%", font=small, fill=INK, anchor="rm")
    group = (WIDTH - left - 80 * S) / len(COUNTIES)
    for index, (county, before, after) in enumerate(COUNTIES):
        x = left + group * index + group * 0.2
        bar = group * 0.25
        for offset, value, colour in ((0, before, NAVY), (bar * 1.15, after, GOLD)):
            draw.rectangle((x + offset, base - value * scale, x + offset + bar, base), fill=colour)
            draw.text((x + offset + bar / 2, base - value * scale - 14 * S), f"{value:g}%", font=small, fill=INK,
                      anchor="mb")
        draw.text((x + bar * 1.07, base + 24 * S), county, font=label, fill=INK, anchor="mt")
    for offset, (text, colour) in enumerate((("帮扶前  Before", NAVY), ("帮扶后  After", GOLD))):
        x = left + offset * 420 * S
        draw.rectangle((x, 40 * S, x + 40 * S, 80 * S), fill=colour)
        draw.text((x + 56 * S, 60 * S), text, font=small, fill=INK, anchor="lm")
    image.save(OUT, optimize=True)
    print(OUT, image.size, OUT.stat().st_size)


if __name__ == "__main__":
    main()
