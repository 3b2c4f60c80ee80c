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
from reporter.fonts.twins import ROOM, ROOM_AFTER, ROOM_BEFORE, ROOM_MARKS, SQUEEZE_BEFORE, SQUEEZE_EM
from reporter.pdf import _reportlab
from reporter.pdf._reportlab import FUZZ, WORD_JOINER
from reporter.pdf.cjkfit import SPREAD_UNIT, fit, is_runt, spread_of
from reporter.pdf.fonts import blanks, widths_of

CLOSING = "".join(sorted(CLOSING_MARKS)) + "…%‰·"
"""Closing marks ReportLab's list of characters that cannot start a line lacks (installed into it)."""
CANNOT_START = "".join(dict.fromkeys(_reportlab.original(rl_paragraph, "ALL_CANNOT_START") + CLOSING))
OPENING = "".join(sorted(OPENING_MARKS)) + "([{"
MAX_GLUED = 4  # a longer run of marks may break, rather than push past the margin
MAX_WORD = 24  # a Latin word or number inside Chinese text longer than this may break
_ROOM = frozenset(ROOM_MARKS)  # (a set: an empty fragment's "" is in any string)
HANGING_BLANK = 0.45
"""A mark whose ink leaves at least this much of its em blank on one side (em) is squeezed or hung there."""
REFIT = True
"""Break a paragraph again as a whole (cjkfit.py) where line by line spaced a line out or left a runt."""
_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_IN_NUMBER = frozenset(".,")


def _held(previous: str, char: str, before: str) -> bool:
    """Whether a Latin word or a number inside Chinese text goes on between `previous` and `char` (`before` is
    the character before `previous`): letters and digits, and a point or comma between digits (61.07, 7,300)."""
    if previous in _WORD:
        return char in _WORD or (char in _IN_NUMBER and previous.isdigit())
    return previous in _IN_NUMBER and char.isdigit() and before.isdigit()


def glue_widths(chars, widths: list[float], heads: list[int] | None = None) -> list[float]:
    """Move the width of every glued character onto the first of its group (in place): opening marks to what
    follows, closing marks to what precedes, a Latin word or number whole, a number and its unit (a word joiner
    between them, itself of no width). `heads`, if given, gets the index of each group's first character: the
    places a line may begin."""
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
            if heads is not None:
                heads.append(index)
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
            widths += compress(text, widths_of(text, font, size), size, _blanks_in(font))
        else:
            if breaking:
                forced.append(len(chars))
            chars.append("")
            owners.append(frag)
            widths.append(0)
    heads: list[int] = []
    glue_widths(chars, widths, heads)
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
        squeeze, used, extra = _punctuation_edges(chars, owners, first, end, used, extra, line_break)
        lines.append(_line(chars, owners, first, end, max_width, used, extra, line_break, calcBounds, squeeze))
        max_width = maxWidths[len(lines)] if len(lines) < len(maxWidths) else maxWidths[-1]
        start = i
        used = 0
    if used > 0:
        first, end, used, _ = _without_room(chars, owners, start, count, used, 0)
        squeeze, used, _ = _punctuation_edges(chars, owners, first, end, used, 0, True)
        lines.append(_line(chars, owners, first, end, max_width, used, max_width - used, False, calcBounds,
                           squeeze))
    if REFIT and len(lines) > 1 and len(forced) == 1 and len(set(maxWidths)) == 1 and \
            _served_badly(chars, owners, lines):
        lines = _refitted(chars, owners, widths, heads, maxWidths[0], calcBounds) or lines
    return ParaLines(kind=1, lines=lines, cjk=True)  # (split without spaces: _reportlab.split_lines_hard)


def _drawn(chars) -> int:
    return sum(1 for char in chars if char and char != WORD_JOINER and char not in ROOM_MARKS)


def _served_badly(chars, owners, lines) -> bool:
    """A justified line spaced out more than a tenth of an em a character, or a last line that is a runt."""
    for line in lines[:-1]:
        text = "".join(word.text for word in line.words)
        if spread_of(line.extraSpace, _drawn(text), line.fontSize) > SPREAD_UNIT:
            return True
    return is_runt("".join(word.text for word in lines[-1].words))


def _refitted(chars, owners, widths, heads, max_width, calc_bounds) -> list | None:
    """The paragraph's lines as cjkfit breaks it as a whole; None where it finds no better."""
    count = len(chars)
    sums = [0.0, *accumulate(widths)]
    drawn = [0, *accumulate(1 if char and char != WORD_JOINER and char not in ROOM_MARKS else 0 for char in chars)]

    def edges(i: int, j: int) -> float:  # the room a line drops at its ends
        taken = owners[i].fontSize * ROOM if chars[i] in _ROOM else 0.0
        return taken + (owners[j - 1].fontSize * ROOM if j - 1 > i and chars[j - 1] in _ROOM else 0.0)

    size = max(owner.fontSize for owner in owners)
    breaks = [head for head in heads if head > 0] + [count]
    ends = fit(breaks, lambda i, j: sums[j] - sums[i] - edges(i, j), max_width, size,
               lambda i, j: drawn[j] - drawn[i], lambda i: "".join(chars[i:]))
    if ends is None:
        return None
    lines, start = [], 0
    for end in ends:
        used = sums[end] - sums[start]
        extra = max_width - used
        first, stop, used, extra = _without_room(chars, owners, start, end, used, extra)
        squeeze, used, extra = _punctuation_edges(chars, owners, first, stop, used, extra, end == count)
        lines.append(_line(chars, owners, first, stop, max_width, used, extra, False, calc_bounds, squeeze))
        start = end
    return lines


def _without_room(chars, owners, start: int, end: int, used: float, extra: float):
    """A line's bounds without the room at its ends (room stands between scripts, not at a margin), and its
    width and the width left over, corrected."""
    while start < end and chars[start] in _ROOM:
        taken = owners[start].fontSize * ROOM
        start, used, extra = start + 1, used - taken, extra + taken
    while end > start and chars[end - 1] in _ROOM:
        taken = owners[end - 1].fontSize * ROOM
        end, used, extra = end - 1, used - taken, extra + taken
    return start, end, used, extra


def _punctuation_edges(chars, owners, start: int, end: int, used: float, extra: float, last: bool):
    """A line's punctuation at its ends, set by where each mark's ink sits in its face (fonts.blanks): an opening
    mark that begins the line loses its blank half (it is drawn that much to the left); a closing mark that ends
    any line but a paragraph's last hangs its blank half past the margin, so that its ink, not its em, meets the
    right edge. Returns (whether the first mark is squeezed, the width used, the width left over)."""
    squeeze = False
    first = next((i for i in range(start, end) if chars[i] and chars[i] != WORD_JOINER), None)
    if first is not None and chars[first] in OPENING_MARKS:
        owner = owners[first]
        if blanks(chars[first], owner.fontName)[0] >= HANGING_BLANK:
            taken = owner.fontSize * SQUEEZE_EM
            squeeze, used, extra = True, used - taken, extra + taken
    if not last:
        final = next((i for i in range(end - 1, start - 1, -1) if chars[i] and chars[i] != WORD_JOINER), None)
        if final is not None and final != first and chars[final] in CLOSING_MARKS:
            owner = owners[final]
            if blanks(chars[final], owner.fontName)[1] >= HANGING_BLANK:
                taken = owner.fontSize * SQUEEZE_EM
                used, extra = used - taken, extra + taken
    return squeeze, used, extra


def _line(chars, owners, start, end, max_width, used, extra, line_break, calc_bounds,
          squeeze: bool = False) -> FragLine:
    """One line as ReportLab's makeCJKParaLine makes it: runs of the same fragment joined into words; with
    `squeeze`, its first word begins with SQUEEZE_BEFORE (its opening mark drawn half an em to the left)."""
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
    if squeeze and words:
        words[0].text = SQUEEZE_BEFORE + words[0].text
    return FragLine(kind=1, extraSpace=extra, wordCount=1, words=words, fontSize=max_size, ascent=max_ascent,
                    descent=min_descent, maxWidth=max_width, currentWidth=used, lineBreak=line_break)


def char_widths(word, fontName, fontSize):  # noqa: N803 (ReportLab's signature)
    """The glue for single-font paragraphs, which ReportLab breaks through textsplit.wordSplit (its own
    getCharWidths asks for each character's width, one call at a time)."""
    return glue_widths(word, compress(word, widths_of(word, fontName, fontSize), fontSize, _blanks_in(fontName)))


def _blanks_in(font: str):
    """A registered font's measure of its marks' blanks (punctuation.Blanks)."""
    return lambda char: blanks(char, font)
