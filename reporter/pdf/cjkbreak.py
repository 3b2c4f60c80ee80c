"""Chinese line breaking for ReportLab paragraphs: the kinsoku rules, and a faster breaker.

ReportLab breaks CJK text glyph by glyph. Its rules know characters that cannot start a line from a
Japanese-centred list, hang only one of them, and know none that cannot end a line (“ （ 《). Here characters
are glued: an opening mark to what follows, a closing mark to what precedes; a glued group's whole width sits
on its first glyph and the others get none, so a group only ever moves to a new line whole.

ReportLab's multi-font breaker (`cjkFragSplit`) also builds a Python object per glyph and asks each glyph's
ascent and width one call at a time, which made line breaking a third of a bilingual brief's PDF time.
`cjk_frag_split` below makes the same lines from plain lists, with widths cached per font and size.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from unicodedata import category

from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import FragLine, ParaLines

from reporter.compose.punctuation import CLOSING_MARKS, OPENING_MARKS, compress
from reporter.fonts.twins import ROOM, ROOM_AFTER, ROOM_BEFORE, ROOM_MARKS
from reporter.pdf import _reportlab
from reporter.pdf._reportlab import FUZZ, WORD_JOINER
from reporter.pdf.fonts import widths_of

CLOSING = "".join(sorted(CLOSING_MARKS)) + "…%‰·"
"""Closing marks ReportLab's list of characters that cannot start a line lacks (installed into it)."""
CANNOT_START = "".join(dict.fromkeys(_reportlab.original(rl_paragraph, "ALL_CANNOT_START") + CLOSING))
OPENING = "".join(sorted(OPENING_MARKS)) + "([{"
MAX_GLUED = 4  # a longer run of marks may break, rather than push past the margin
MAX_WORD = 24  # a Latin word or number inside Chinese text longer than this may break
_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IN_NUMBER = frozenset(".,")


def _held(previous: str, char: str, before: str) -> bool:
    """Whether a Latin word or a number inside Chinese text goes on between `previous` and `char` (`before` is
    the character before `previous`): letters and digits, and a point or comma between digits (61.07, 7,300)."""
    if previous in _WORD:
        return char in _WORD or (char in _IN_NUMBER and previous.isdigit())
    return previous in _IN_NUMBER and char.isdigit() and before.isdigit()


def glue_widths(chars, widths: list[float]) -> list[float]:
    """Move the width of every glued character onto the first of its group (in place): opening marks to what
    follows, closing marks to what precedes, a Latin word or number whole, a number and its unit (a word joiner
    between them, itself of no width)."""
    previous, before, size, head, limit = "", "", 0, 0, MAX_GLUED
    for index, char in enumerate(chars):
        if not char:  # an empty fragment (a line break) neither joins nor interrupts a group
            continue
        if char == WORD_JOINER:
            widths[index] = 0
        if char == WORD_JOINER or previous == WORD_JOINER or _held(previous, char, before) \
                or char == ROOM_AFTER or previous == ROOM_BEFORE:  # room goes with its letter or digit
            joined = bool(previous) and size < MAX_WORD
            limit = MAX_WORD if joined else limit  # a word's group may be long; its closing mark joins it too
        else:
            joined = bool(previous) and size < limit and (previous in OPENING or char in CANNOT_START)
        if joined:
            widths[head] += widths[index]
            widths[index] = 0
            size += 1
        else:
            head, size, limit = index, 1, MAX_GLUED
        previous, before = char, previous
    return widths


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """ReportLab's cjkFragSplit, with glue, on plain lists: the same lines, in a fraction of the time."""
    if any(hasattr(f, "cbDefn") or isinstance(f.text, bytes) for f in frags):
        original = _reportlab.original(rl_paragraph, "cjkFragSplit")
        return original(frags, maxWidths, calcBounds, encoding)  # images inline: not ours
    chars: list[str] = []
    owners: list = []
    widths: list[float] = []
    forced: list[int] = []  # the positions of forced line breaks
    for frag in frags:
        text = frag.text
        breaking = hasattr(frag, "lineBreak")
        if text:
            if breaking:
                forced += range(len(chars), len(chars) + len(text))
            font, size = frag.fontName, frag.fontSize
            chars += text
            owners += [frag] * len(text)
            widths += compress(text, widths_of(text, font, size), size)
        else:
            if breaking:
                forced.append(len(chars))
            chars.append("")
            owners.append(frag)
            widths.append(0)
    glue_widths(chars, widths)
    lines = []
    start = used = 0
    max_width = maxWidths[0]
    count = len(chars)
    forced.append(count)
    next_forced = 0
    while start < count:
        while forced[next_forced] < start:
            next_forced += 1
        # the running width of the line from `start`, up to the next forced break; the line ends at the first
        # character that takes it past the margin, or at that break (the same sums as adding one by one)
        stop = min(forced[next_forced] + 1, count)
        sums = list(accumulate(widths[start:stop]))
        over = bisect_right(sums, max(max_width + FUZZ, 0))
        if over == len(sums) and forced[next_forced] == count:  # the paragraph's last line
            used = sums[-1]
            break
        i = start + min(over, len(sums) - 1) + 1
        char, width, used = chars[i - 1], widths[i - 1], sums[i - 1 - start]
        line_break = hasattr(owners[i - 1], "lineBreak")
        extra = max_width - used
        if not line_break:
            if ord(char) < 0x3000:
                # inside Latin text: go back to a space or a CJK character, at most half the line
                for j in range(i - 1, (start + i) >> 1, -1):
                    previous = chars[j]
                    if previous and category(previous) == "Zs" or ord(previous) >= 0x3000:
                        k = j + 1
                        if k < i:
                            j = k + 1
                            extra += sum(widths[j:i])
                            width, char, i = widths[k], chars[k], j
                            break
            if char not in CANNOT_START and i > start + 1:
                i -= 1
                extra += width
        first, end, used, extra = _without_room(chars, owners, start, i, used, extra)
        lines.append(_line(chars, owners, first, end, max_width, used, extra, line_break, calcBounds))
        max_width = maxWidths[len(lines)] if len(lines) < len(maxWidths) else maxWidths[-1]
        start = i
        used = 0
    if used > 0:
        first, end, used, _ = _without_room(chars, owners, start, count, used, 0)
        lines.append(_line(chars, owners, first, end, max_width, used, max_width - used, False, calcBounds))
    return ParaLines(kind=1, lines=lines, cjk=True)  # (split without spaces: _reportlab.split_lines_hard)


def _without_room(chars, owners, start: int, end: int, used: float, extra: float):
    """A line's bounds without the room at its ends (room stands between scripts, not at a margin), and its
    width and the width left over, corrected."""
    while start < end and chars[start] in ROOM_MARKS:
        taken = owners[start].fontSize * ROOM
        start, used, extra = start + 1, used - taken, extra + taken
    while end > start and chars[end - 1] in ROOM_MARKS:
        taken = owners[end - 1].fontSize * ROOM
        end, used, extra = end - 1, used - taken, extra + taken
    return start, end, used, extra


def _line(chars, owners, start, end, max_width, used, extra, line_break, calc_bounds) -> FragLine:
    """One line as ReportLab's makeCJKParaLine makes it: runs of the same fragment joined into words."""
    words = []
    max_size = max_ascent = min_descent = 0
    current, run = None, []
    index = start
    while index < end:
        frag = owners[index]
        stop = index + 1
        while stop < end and owners[stop] is frag:
            stop += 1
        ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
        max_size = max(max_size, frag.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        if current is None or not rl_paragraph.sameFrag(current, frag):
            if current is not None:
                words.append(current.clone(text="".join(run)))
            current, run = frag, []
        run += chars[index:stop]
        index = stop
    if current is not None:
        words.append(current.clone(text="".join(run)))
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words, fontSize=max_size, ascent=max_ascent,
                    descent=min_descent, maxWidth=max_width, currentWidth=used, lineBreak=line_break)


def char_widths(word, fontName, fontSize):  # noqa: N803 (ReportLab's signature)
    """The glue for single-font paragraphs, which ReportLab breaks through textsplit.wordSplit (its own
    getCharWidths asks for each character's width, one call at a time)."""
    return glue_widths(word, compress(word, widths_of(word, fontName, fontSize), fontSize))
