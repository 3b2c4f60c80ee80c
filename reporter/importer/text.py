"""Chinese running text as it comes off web pages: punctuation set right, sentences, enumerations (一是 二是)."""

from __future__ import annotations

import re
from typing import Callable

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])\s*([,:;?!()])")
_HALF_BEFORE_CJK = re.compile(rf"([,:;?!()])(?=[{_CJK}])")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]?|[^。！？!?]+$")
_ENUMERATOR = re.compile(r"(?:^|(?<=[。；;：:，,]))([一二三四五六七八九十])是")
_ORDER = "一二三四五六七八九十"


def _quotes(text: str) -> str:
    """Double quotes in Chinese text alternate open and close; pages often have them reversed (”中国电科“) or
    straight. Left alone when their number is odd (a quotation running on)."""
    marks = [i for i, c in enumerate(text) if c in "“”\""]
    if not marks or len(marks) % 2:
        return text
    chars = list(text)
    for n, i in enumerate(marks):
        chars[i] = "“" if n % 2 == 0 else "”"
    return "".join(chars)


_HALF_WIDTH_FORMS = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {  # ０-９ -> 0-9
    code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)} | {code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)} | {
    ord("％"): "%", ord("＋"): "+"}
_FULL_STOP = re.compile(rf"(?<=[{_CJK}%])\.(?=\s*$|\s*[{_CJK}])")


def normalise(text: str) -> str:
    """Digits and Latin letters typed full-width made ordinary (２５.６亿元 -> 25.6亿元); full-width punctuation
    beside Chinese characters (2021年9月18日, -> ，, 可控. -> 可控。); quotes turned the right way."""
    text = text.translate(_HALF_WIDTH_FORMS)
    if not re.search(rf"[{_CJK}]", text):
        return text
    text = _FULL_STOP.sub("。", text)
    text = _HALF_AFTER_CJK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    text = _HALF_BEFORE_CJK.sub(lambda m: _FULL_WIDTH[m.group(1)], text)
    return _quotes(text)


def split_sentences(text: str) -> list[str]:
    """Sentences, each with its closing mark (and a closing quote or bracket that follows it)."""
    return [s for s in _SENTENCE.findall(text) if s]


def split_enumeration(paragraph: str, warn: Callable[[str], None]) -> list[str]:
    """A paragraph whose list (一是…二是…) follows an opening sentence becomes two paragraphs: the opening
    and the list. A list out of order (一是 then 三是) is reported, not changed."""
    numbers = [m.group(1) for m in _ENUMERATOR.finditer(paragraph)]
    if len(numbers) > 1:
        expected = list(_ORDER[:len(numbers)])
        if numbers != expected:
            warn(f"the enumeration runs {'、'.join(n + '是' for n in numbers)}: check its numbering "
                 f"({paragraph[:16]}…)")
    head, mark, rest = paragraph.partition("。一是")
    if mark and len(head) >= 8:
        return [head + "。", "一是" + rest]
    return [paragraph]
