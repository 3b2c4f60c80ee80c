"""Latin line breaking, fast, for the one-fragment paragraphs that make up most English text of a brief.

ReportLab breaks such a paragraph greedily word by word: popping each word from the front of a list, checking it
for soft hyphens and split markers, and measuring it afresh. `break_plain_lines` makes the same lines (a test
compares them at random widths) when nothing special can happen (no hyphenation, soft hyphens, bullets, or a word
longer than the line), with each word's width measured once per process (fonts.widths_of); otherwise it returns None and ReportLab
breaks the paragraph.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import paragraph as rl_paragraph

from reporter.pdf._reportlab import has_bidi, processed_frags, reset_break_state, widen_to
from reporter.pdf.fonts import widths_of


def break_plain_lines(paragraph, width):
    """ReportLab's lines for a plain one-fragment Latin paragraph, or None when ReportLab must break it."""
    style = paragraph.style
    frags = paragraph.frags
    if (len(frags) != 1 or style.wordWrap or paragraph.bulletText or style.endDots or style.hyphenationLang
            or style.uriWasteReduce or style.embeddedHyphenation or has_bidi(paragraph)):
        return None
    frag = frags[0]
    if (hasattr(frag, "cbDefn") or hasattr(frag, "backColor") or not hasattr(frag, "text")
            or processed_frags(frags) or "\xad" in frag.text
            or (style.shaping and getattr(getFont(style.fontName), "shapable", False))):
        return None
    max_widths = list(width) if isinstance(width, (tuple, list)) else [width]
    name, size = frag.fontName, frag.fontSize
    ascent, descent = getAscentDescent(name, size)
    text = rl_paragraph.strip(frag.text)
    reset_break_state(paragraph)
    if not text:
        return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    words = rl_paragraph.split(text)
    widths = widths_of(words, name, size)
    if style.splitLongWords and max(widths) > min(max_widths):
        return None  # a word longer than a line: ReportLab splits it
    space = stringWidth(" ", name, size, paragraph.encoding)
    shrink = style.spaceShrinkage * space
    lines, line, used, number = [], [], -space, 0
    line_width = max_widths[0]
    for word, word_width in zip(words, widths):
        wanted = used + space + word_width
        if wanted <= line_width + shrink * len(line) or not line:
            line.append(word)
            used = wanted
        else:
            widen_to(paragraph, used)
            lines.append((line_width - used, line))
            line, used = [word], word_width
            number += 1
            line_width = max_widths[min(len(max_widths) - 1, number)]
    if line:
        widen_to(paragraph, used)
        lines.append((line_width - used, line))
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)
