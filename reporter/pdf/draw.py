"""A lean way through ReportLab's drawing of a paragraph line, for the plain text that makes up a brief.

ReportLab's `_putFragLine` serves every kind of fragment (images, links, underlines, background colours, rises,
end dots) and measures each fragment as it goes, for those; `_formatText` saves and restores the text object's
state for every fragment. For a line of plain text fragments neither is needed. `lean_put_frag_line` writes the
same operators, byte for byte (tests compare whole PDFs), and is used only for paragraphs that `is_plain` says
hold nothing else; every other paragraph takes ReportLab's own path.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import paragraph as rl_paragraph

from reporter.pdf.cidfont import font_selection, needs_spaced_text, spaced_text

_reportlab_put_frag_line = rl_paragraph._putFragLine


def is_plain(paragraph) -> bool:
    """A paragraph of plain text fragments: no images or callbacks, links, underlines or strikes, rises,
    background colours or end dots, and no shaping."""
    style = paragraph.style
    if getattr(style, "endDots", None) or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) \
            or style.wordWrap == "RTL":
        return False
    blpara = getattr(paragraph, "blPara", None)
    if blpara is None or blpara.kind != 1:
        return False
    fonts = set()
    for line in blpara.lines:
        for frag in line.words:
            if hasattr(frag, "cbDefn") or frag.link or frag.us_lines or frag.rise or \
                    getattr(frag, "backColor", None):
                return False
            fonts.add(frag.fontName)
    return all(getFont(name)._dynamicFont and not getattr(getFont(name), "shapable", False) for name in fonts)


def lean_put_frag_line(cur_x, tx, line, last, pKind):  # noqa: N803 (ReportLab's signature)
    if not getattr(tx, "lean", False):
        return _reportlab_put_frag_line(cur_x, tx, line, last, pKind)
    xs = tx.XtraState
    if tx._leading != xs.leading:
        tx.setLeading(xs.leading)
    code = tx._code
    doc = tx._canvas._doc
    escape = tx._canvas._escape
    words = line.words
    final = words[-1]
    for frag in words:
        name, size = frag.fontName, frag.fontSize
        if tx._fontname != name or tx._fontsize != size:
            tx._setFont(name, size)
        if xs.textColor != frag.textColor:
            xs.textColor = frag.textColor
            tx.setFillColor(frag.textColor)
        code.append(shown(tx, getFont(name), frag.text, doc, escape) + (" T*" if frag is final else ""))


def shown(tx, font, text: str, doc, escape) -> str:
    """The operators that show `text` in the text object's current font (a TrueType font of ours), with the
    font selected first where its subset changes: what ReportLab's _formatText writes for plain text (and
    for a CID font at a word spacing, the spaced string `spaced_text` makes)."""
    if needs_spaced_text(tx, font):
        return spaced_text(tx, font, text)
    parts = []
    for subset, data in font.splitString(text, doc):
        if subset != tx._curSubset:
            parts.append(font_selection(tx, font, subset, doc))
        parts.append(f"({escape(data)}) Tj")
    return " ".join(parts)


rl_paragraph._putFragLine = lean_put_frag_line


# -- Chinese lines set flush with both margins -----------------------------------------------------------
# ReportLab justifies by widening spaces (Tw), and Chinese has none: its justified Chinese paragraphs stayed
# ragged on the right by up to a character. A justified line of a CJK paragraph (not the last, not one ending
# in a forced break) gets the missing width spread between its characters instead (Tc), as Word does.

_reportlab_justify_line = rl_paragraph._justifyDrawParaLine
_reportlab_justify_frag_line = rl_paragraph._justifyDrawParaLineX


def _spread(tx, extra: float, chars: int):
    """Emit character spacing for a line of `chars` characters short of the margin by `extra`; return whether."""
    if not getattr(tx, "cjk_justify", False) or extra <= 1e-8 or chars < 2:
        return False
    tx._code.append(f"{fp_str(extra / (chars - 1))} Tc")
    return True


def justify_line(tx, offset, extraspace, words, last=0):
    spread = not last and _spread(tx, extraspace, len(" ".join(words)))
    result = _reportlab_justify_line(tx, offset, 0 if spread else extraspace, words, last)
    if spread:
        tx._code.append("0 Tc")
    return result


def justify_frag_line(tx, offset, line, last=0):
    spread = not last and not line.lineBreak and _spread(
        tx, line.extraSpace, sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn")))
    if spread:
        line.extraSpace, extra = 0, line.extraSpace
        try:
            return _reportlab_justify_frag_line(tx, offset, line, last)
        finally:
            line.extraSpace = extra
            tx._code.append("0 Tc")
    return _reportlab_justify_frag_line(tx, offset, line, last)


rl_paragraph._justifyDrawParaLine = justify_line
rl_paragraph._justifyDrawParaLineX = justify_frag_line
