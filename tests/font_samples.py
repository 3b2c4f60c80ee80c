"""Small fonts made for the tests with fontTools: variable TrueType and CFF2 faces, and faces that lack most
characters, so that no test depends on a font file nobody ships."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables.TupleVariation import TupleVariation

LATIN = " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:-()%'\u2019\u201c\u201d"
ADVANCE = 500


def _bar(pen, width: int) -> None:
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((50 + width, 700))
    pen.lineTo((50 + width, 0))
    pen.closePath()


def _builder(family: str, chars: str, truetype: bool) -> tuple[FontBuilder, list[str]]:
    order = [".notdef"] + [f"g{ord(c):04X}" for c in chars]
    builder = FontBuilder(1000, isTTF=truetype)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord(c): f"g{ord(c):04X}" for c in chars})
    return builder, order


def _finish(builder: FontBuilder, order: list[str], family: str, path: Path, axes: bool,
            variations: dict | None = None) -> Path:
    builder.setupHorizontalMetrics({name: (ADVANCE, 50) for name in order})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    if axes:
        builder.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    if variations:
        builder.setupGvar(variations)
    builder.save(str(path))
    return path


def truetype_font(path: Path, family: str, chars: str = LATIN, variable: bool = False) -> Path:
    """A TrueType face drawing each character as a bar; with `variable`, a weight axis that widens the bars."""
    builder, order = _builder(family, chars, truetype=True)
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        if name not in (".notdef", "g0020"):
            _bar(pen, 80)
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    deltas = [(0, 0), (0, 0), (100, 0), (100, 0)] + [(0, 0)] * 4
    variations = {name: [TupleVariation({"wght": (0, 1, 1)}, deltas)] for name in order
                  if name not in (".notdef", "g0020")} if variable else None
    return _finish(builder, order, family, path, axes=variable, variations=variations)


def cff2_font(path: Path, family: str, chars: str = LATIN) -> Path:
    """A variable face with CFF2 outlines (a weight axis, no variation data)."""
    builder, order = _builder(family, chars, truetype=False)
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(None, None, CFF2=True)
        if name not in (".notdef", "g0020"):
            _bar(pen, 80)
        charstrings[name] = pen.getCharString()
    builder.setupCFF2(charstrings)
    return _finish(builder, order, family, path, axes=True)
