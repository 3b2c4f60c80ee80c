"""Figures in running Chinese text: a number with its unit (7300.24万元, 3万余名, 30余项), its qualifier (余, 超,
近, 约), changes (从13%下降到0.55%), each with a label from its clause and the sentence it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from reporter.i18n.languages import known_units, unit_spec
from reporter.importer.rules import CHINESE_NUMERAL, chinese_value, rules
from reporter.importer.text import split_sentences

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CLAUSE_MARKS = "，。；：！？,;:!?"
_MAGNITUDES = "万亿"


@dataclass
class FoundMetric:
    unit: str
    label: str
    context: str
    where: str
    """The section or subsection it was found in."""
    kind: str
    value: Decimal | None = None
    change: tuple[Decimal, Decimal] | None = None
    qualifier: str | None = None
    highlight: bool = False

    @property
    def key(self) -> tuple:
        return (self.value, self.change, self.unit, self.qualifier, self.label)


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    settings = rules().metrics
    units = [u for u in known_units() if u not in settings["not_units"]]
    bases = {u[1:] if u[0] in _MAGNITUDES and len(u) > 1 else u for u in units}
    unit = "|".join(sorted((re.escape(b) for b in bases), key=len, reverse=True))
    qualifier = "|".join(sorted(settings["qualifiers"], key=len, reverse=True))
    figure = (rf"(?P<pre>{qualifier})?(?:(?<![\d.,第])(?<!(?<!提)前)(?P<num>{_NUMBER})"
              rf"|(?<![{CHINESE_NUMERAL}{settings['not_before_chinese']}])(?P<cnum>[{CHINESE_NUMERAL}]{{1,8}}))"
              rf"(?P<yu1>余|多)?(?P<mag>[{_MAGNITUDES}])?(?P<yu2>余|多)?(?P<unit>{unit})")
    change = (rf"(?:从|由)(?P<a>{_NUMBER})(?P<ua>[{_MAGNITUDES}]?(?:{unit}))?[^\d。；，]{{0,4}}?"
              rf"(?:{'|'.join(sorted(settings['change_verbs'], key=len, reverse=True))})(?:到|至|为)(?P<b>{_NUMBER})"
              rf"(?P<ub>[{_MAGNITUDES}]?(?:{unit}))")
    return re.compile(figure), re.compile(change)


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


class _Labeller:
    def __init__(self, enterprise_names: list[str]):
        settings = rules().metrics
        self.lead = re.compile(settings["label_lead"])
        self.tail = re.compile(settings["label_tail"])
        self.names = sorted((n for n in enterprise_names if n), key=len, reverse=True)

    def label(self, sentence: str, start: int, end: int, previous_end: int) -> str:
        """The clause around a figure: what precedes it (from the clause's start or the previous figure), and
        what follows when the head alone says little (直接带动两县 + 脱贫)."""
        head_start = max(previous_end, max((sentence.rfind(m, 0, start) for m in _CLAUSE_MARKS), default=-1) + 1)
        head = sentence[head_start:start]
        stops = [i for i in (sentence.find(m, end) for m in _CLAUSE_MARKS) if i >= 0]
        tail = sentence[end:min(stops) if stops else len(sentence)]
        for name in self.names:
            if head.startswith(name):
                head = head[len(name):]
                break
        head = self.tail.sub("", self.lead.sub("", head.strip()))
        if head.count("（") > head.count("）"):
            head = head.replace("（", "，")
        tail = tail.strip()
        if re.search(r"\d", tail):
            tail = ""
        if tail and (len(head) < 6 or len(tail) <= 6) and len(tail) <= 16:
            head += tail.rstrip("）)")
        return head.strip("，、 ") or sentence[max(0, start - 8):start]


def find_metrics(paragraphs: list[tuple[str, str]], enterprise_names: list[str]) -> list[FoundMetric]:
    """paragraphs: (where, text). In text order, without repeats."""
    figure, change = _patterns()
    settings = rules().metrics
    qualifiers = settings["qualifiers"]
    labeller = _Labeller(enterprise_names)
    units = set(known_units())
    found: list[FoundMetric] = []
    seen: set[tuple] = set()
    for where, paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            context = sentence.strip()
            taken: list[tuple[int, int]] = []
            hits: list[tuple[int, int, FoundMetric]] = []
            for match in change.finditer(sentence):
                unit = match.group("ub")
                if match.group("ua") and match.group("ua") != unit:
                    continue
                metric = FoundMetric(unit, "", context, where, "change",
                                     change=(_decimal(match.group("a")), _decimal(match.group("b"))))
                hits.append((match.start(), match.end(), metric))
                taken.append(match.span())
            for match in figure.finditer(sentence):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                unit = (match.group("mag") or "") + match.group("unit")
                value = _value(match)
                if value is None or unit not in units or not _a_measure(sentence, match, value):
                    continue
                qualifier = qualifiers.get(match.group("pre") or "") or ("余" if match.group("yu1") or
                                                                         match.group("yu2") else None)
                after = next((word for word in settings["qualifiers_after"]
                              if sentence.startswith(word, match.end())), None)
                qualifier = qualifier or settings["qualifiers_after"].get(after)
                start = _number_start(match) if not match.group("pre") or match.group("pre") not in qualifiers \
                    else match.start()
                hits.append((start, match.end(), FoundMetric(unit, "", context, where, unit_spec(unit)["kind"],
                                                             value=value, qualifier=qualifier)))
            hits.sort(key=lambda hit: hit[0])
            hits = [hit for index, hit in enumerate(hits) if not _modifier(sentence, hit, hits[index + 1:])]
            previous_end = 0
            for start, end, metric in hits:
                metric.label = labeller.label(sentence, start, end, previous_end)
                previous_end = end
                if metric.key not in seen:
                    seen.add(metric.key)
                    found.append(metric)
    return found


def _number_start(match: re.Match) -> int:
    return match.start("num") if match.group("num") else match.start("cnum")


def _value(match: re.Match) -> Decimal | None:
    """The figure's number: digits, or a Chinese numeral of ten or more, or before 万 or 亿 (三千余人, 十二个, 两万余名;
    not 一个 or 两项, which are words)."""
    if match.group("num"):
        return _decimal(match.group("num"))
    value = chinese_value(match.group("cnum"))
    return Decimal(value) if value is not None and (value >= 10 or match.group("mag")) else None


def _a_measure(sentence: str, match: re.Match, value: Decimal) -> bool:
    """Whether a number with its unit measures something: not a class (3000吨级), a year (2020年) or a period
    (近3年, 3年来)."""
    settings = rules().metrics
    if re.match(settings["not_after"], sentence[match.end():]):
        return False
    if match.group("unit") not in settings["period_units"]:
        return True
    return not (value >= settings["year_from"] or re.search(settings["period_before"],
                sentence[:_number_start(match)]) or re.match(settings["period_after"], sentence[match.end():]))


def _modifier(sentence: str, hit: tuple[int, int, FoundMetric], later: list) -> bool:
    """A small count that only qualifies what a later figure of its clause measures: 向2个定点扶贫县投入资金
    7300.24万元 is one figure, not two (but 基地2个、大棚450栋 are two, and 1.6万个排水户 is no small count)."""
    _, end, metric = hit
    if metric.value is None or metric.value * unit_spec(metric.unit)["scale"] >= 10 or metric.qualifier or not later:
        return False
    return not any(mark in sentence[end:later[0][0]] for mark in _CLAUSE_MARKS + "、")


def choose_highlights(metrics: list[FoundMetric], results_places: set[str], asked: frozenset[str] = frozenset()
                      ) -> None:
    """Mark the figures for the brief's panel: changes first, then those of the results section, in order. Units
    of the kinds rules.toml passes over (distance, area, time) are not marked unless `asked` names their kind."""
    count = rules().metrics["highlight"]
    passed_over = set(rules().metrics.get("not_highlighted_kinds", [])) - asked
    metrics = [m for m in metrics if unit_spec(m.unit)["kind"] not in passed_over]
    ranked = ([m for m in metrics if m.change] + [m for m in metrics if not m.change and m.where in results_places]
              + [m for m in metrics if not m.change and m.where not in results_places])
    for metric in ranked[:count]:
        metric.highlight = True
