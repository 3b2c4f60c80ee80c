"""Latin line breaking, fast, for the one-fragment paragraphs that make up most English text of a brief.

ReportLab breaks such a paragraph greedily word by word: popping each word from the front of a list, checking it
for soft hyphens and split markers, and measuring it afresh. `break_plain_lines` makes the same lines (a test
compares them at random widths) when nothing special can happen (no hyphenation, soft hyphens, bullets, or a word
longer than the line), with each word's width measured once per process (fonts.widths_of); otherwise it returns None and ReportLab
breaks the paragraph.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth
from reportlab.platypus import paragraph as rl_paragraph

from reporter.pdf._reportlab import has_bidi, processed_frags, reset_break_state, widen_to
from reporter.pdf.fonts import widths_of
from reporter.pdf.totalfit import HYPHENS_IN_A_ROW, RUNT_LETTERS, Word, total_fit


def break_plain_lines(paragraph, width):
    """ReportLab's lines for a plain one-fragment Latin paragraph, or None when ReportLab must break it."""
    style = paragraph.style
    frags = paragraph.frags
    if (len(frags) != 1 or style.wordWrap or paragraph.bulletText or style.endDots
            or style.uriWasteReduce or style.embeddedHyphenation or has_bidi(paragraph)):
        return None
    frag = frags[0]
    if not hasattr(frag, "text") and all(type(word) is str for word in getattr(frag, "words", [None])):
        # the rest of a paragraph split between pages: its words again, a hyphenated one made whole
        frag = frag.clone(text=" ".join(frag.words).replace(SOFT_HYPHEN + " ", ""))
        del frag.words
    held_hyphen = ""
    if hasattr(frag, "text") and frag.text.endswith(SOFT_HYPHEN) and SOFT_HYPHEN not in frag.text[:-1]:
        # the first part of a paragraph split after a hyphenated head (techno- / logy on the next page): its
        # hyphen stays on the last word (ReportLab, given it, draws a trailing soft hyphen as nothing)
        frag, held_hyphen = frag.clone(text=frag.text[:-1]), SOFT_HYPHEN
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
    language = getattr(style, "hyphenation", None)
    justified = style.alignment == TA_JUSTIFY
    loose = LOOSE_SPACE * size
    zone = RAGGED_ZONE * size
    in_a_row = 0  # hyphenated lines just before this one
    lines, line, used, number = [], [], -space, 0
    line_width = max_widths[0]
    pending = list(zip(words, widths))[::-1]  # a stack: a hyphenated word's tail goes back on it
    while pending:
        word, word_width = pending.pop()
        wanted = used + space + word_width
        if wanted <= line_width + shrink * len(line) or not line:
            line.append(word)
            used = wanted
            continue
        hyphenating = False
        if language and len(line) > 1 and in_a_row < CONSECUTIVE_HYPHENS and \
                ((line_width - used) / (len(line) - 1) > loose if justified else line_width - used > zone):
            split = hyphenated(word, line_width - used - space, language, name, size)
            if split is not None:
                head, head_width, tail = split
                line.append(head)
                used += space + head_width
                pending.append((tail, stringWidth(tail, name, size)))
                word, word_width = pending.pop()
                hyphenating = True
        in_a_row = in_a_row + 1 if hyphenating else 0
        widen_to(paragraph, used)
        lines.append((line_width - used, line))
        line, used = [word], word_width
        number += 1
        line_width = max_widths[min(len(max_widths) - 1, number)]
    if line:
        widen_to(paragraph, used)
        lines.append((line_width - used, line))
    if language and _served_badly(lines, space, size, justified):
        fitted = total_fit([_word(word, language) for word in words], space, shrink, max_widths, size,
                           lambda piece: widths_of([piece], name, size)[0], SOFT_HYPHEN)
        if fitted is not None:
            lines = fitted
            for extra, _ in lines:
                widen_to(paragraph, max_widths[0] - extra)
    if held_hyphen and lines:
        extra, last_words = lines[-1]
        lines[-1] = (extra - stringWidth(held_hyphen, name, size), [*last_words[:-1], last_words[-1] + held_hyphen])
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)


LOOSE_LINE = 0.5
"""A line whose spaces are wider than this (in em, on average) is loose: the paragraph is broken again whole."""


def _served_badly(lines: list[tuple[float, list[str]]], space: float, size: float, justified: bool) -> bool:
    """Whether greedy breaking left a loose line (of justified text), or a last line of one short word."""
    for extra, words in lines[:-1] if justified else ():
        if len(words) > 1 and space + extra / (len(words) - 1) > LOOSE_LINE * size:
            return True
    return len(lines) > 1 and len(lines[-1][1]) == 1 and len(lines[-1][1][0]) < RUNT_LETTERS


def _word(word: str, language: str) -> Word:
    """A word and the places it may end a line: its hyphenation points (lower-case words only) and its end."""
    found = _HYPHENATABLE.match(word)
    if found is None:
        return Word(word, (0, len(word)))
    prefix, letters, _ = found.groups()
    points = sorted(len(prefix) + len(head) for head in _points(letters, language))
    return Word(word, (0, *points, len(word)))


LOOSE_SPACE = 0.05
"""A justified line whose spaces would stretch by more than this (in em) each tries to hyphenate its next word."""
RAGGED_ZONE = 3.0
"""Ragged-right text hyphenates a line's next word only where the line would end more than this short (em): the
hyphenation zone Word also leaves unhyphenated (a quarter inch)."""
CONSECUTIVE_HYPHENS = HYPHENS_IN_A_ROW
"""No more lines than this in a row end in a hyphen (a ladder of hyphens down the margin)."""
SOFT_HYPHEN = "\u00ad"
"""Ends a hyphenated line's head: drawn as a hyphen, read as nothing (the word is whole to a search or a reader)."""
_HYPHENATABLE = re.compile(r"^([(\[“‘\"']*)([a-z]{6,})([)\]”’\"',.;:!?]*)$")
"""A word hyphenation may break: lower-case letters only (never a name, an acronym, a number, a URL or an
e-mail address), with its punctuation around it."""


def hyphenated(word: str, room: float, language: str, font: str, size: float) -> tuple[str, float, str] | None:
    """(head, its width, tail): the longest head of `word`, ending in a soft hyphen, that fits `room`, broken at
    one of the language's hyphenation points; None where the word may not be broken or no head fits."""
    found = _HYPHENATABLE.match(word)
    if found is None:
        return None
    prefix, letters, _ = found.groups()
    for head_letters in _points(letters, language):
        head = prefix + head_letters + SOFT_HYPHEN
        width = stringWidth(head, font, size)
        if width <= room:
            return head, width, word[len(head) - 1:]
    return None


@lru_cache(maxsize=20_000)
def _points(letters: str, language: str) -> tuple[str, ...]:
    """The heads `letters` may be broken after, longest first: where each of the pattern sets `language` names
    ("en_GB+en_US") breaks it (pyphen's patterns: two letters before a break at least, three after)."""
    names = language.split("+")
    agreed = set.intersection(*({head for head, _ in _dictionary(name).iterate(letters)} for name in names[1:])) \
        if len(names) > 1 else None
    return tuple(head for head, _ in _dictionary(names[0]).iterate(letters) if agreed is None or head in agreed)


@lru_cache(maxsize=8)
def _dictionary(language: str):
    import pyphen  # loaded once, when a line first needs it (its patterns take a tenth of a second)

    return pyphen.Pyphen(lang=language, left=2, right=3)

