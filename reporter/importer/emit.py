"""The imported case as YAML (Chinese filled in, every English text left empty for the translator) and the
import report: warnings, removed page noise, the structure used, the metrics with their sentences."""

from __future__ import annotations

from decimal import Decimal

import yaml

from reporter.importer.metrics import FoundMetric
from reporter.importer.parse import Draft, DraftPart

UNTRANSLATED = ""


def _text(zh: str) -> dict[str, str]:
    return {"zh": zh, "en": UNTRANSLATED}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(str(value))


def _metric(metric: FoundMetric, index: int) -> dict:
    out: dict = {"id": f"{metric.kind}-{index}", "label": _text(metric.label)}
    if metric.change:
        out["from"], out["to"] = map(_number, metric.change)
    else:
        out["value"] = _number(metric.value)
    if metric.qualifier:
        out["qualifier"] = metric.qualifier
    out["unit"] = metric.unit
    if metric.highlight:
        out["highlight"] = True
    out["context"] = metric.context
    return out


def _part(part: DraftPart, images: dict[str, str]) -> dict:
    """The paragraphs and figures of a section or subsection (each left out when there are none); a figure whose
    caption came under a picture (a Word file's) names the picture's file."""
    out: dict = {}
    if part.paragraphs:
        out["paragraphs"] = [_text(p) for p in part.paragraphs]
    if part.figures:
        out["figures"] = [{"image": images[c], "caption": _text(c)} if c in images else {"caption": _text(c)}
                          for c in part.figures]
    return out


def case_data(draft: Draft, metrics: list[FoundMetric], images: dict[str, str] | None = None) -> dict:
    """The case as plain data in the order of a hand-written case file."""
    sections = []
    for section in draft.sections:
        entry: dict = {"kind": section.kind}
        if section.kind == "other":
            entry["title"] = _text(section.title or "")
        entry.update(_part(section, images or {}))
        if section.subsections:
            entry["subsections"] = [{"title": _text(s.title or ""), **_part(s, images or {})}
                                    for s in section.subsections]
        sections.append(entry)
    counters: dict[str, int] = {}
    listed = []
    for metric in metrics:
        counters[metric.kind] = counters.get(metric.kind, 0) + 1
        listed.append(_metric(metric, counters[metric.kind]))
    data: dict = {"enterprise": draft.enterprise.id, "date": draft.date, "title": _text(draft.title)}
    if draft.source:
        data["source"] = draft.source
    data["summary"] = _text(draft.summary)
    data["keywords"] = [_text(k) for k in draft.keywords]
    data["metrics"] = listed
    data["sections"] = sections
    if draft.honours:
        data["honours"] = [_text(h) for h in draft.honours]
    return data


def case_yaml(data: dict, article: str, report: str, warnings: list[str]) -> str:
    head = [f"# Imported by `reporter import` from {article}. Review it before it is published:",
            "# - every English text (en) is empty: `reporter check --lang en FILE` lists them;",
            "# - each metric's `context` is the sentence it was found in; its label is the clause around it;",
            f"# - {report} lists every paragraph of the article that is not in this file, and why."]
    if warnings:
        head.append(f"# The import's {len(warnings)} warning(s):")
        head += [f"#   {w}" for w in warnings]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return "\n".join(head) + "\n" + body


def report_text(article: str, output: str, draft: Draft, metrics: list[FoundMetric], edits: list = ()) -> str:
    """The import report: what was placed, warned, removed, changed in the text, and every metric found."""
    subsections = sum(len(s.subsections) for s in draft.sections)
    figures = sum(len(p.figures) for s in draft.sections for p in s.parts)
    paragraphs = sum(len(p.paragraphs) for s in draft.sections for p in s.parts)
    removed = [a for a in draft.accounted if a.removed]
    used = [a for a in draft.accounted if not a.removed]
    lines = [f"reporter import: {article} -> {output}",
             f"case {draft.number} {draft.enterprise.short['zh']}, dated {draft.date.isoformat()}",
             f"placed: {len(draft.sections)} sections, {subsections} subsections, {paragraphs} paragraphs, "
             f"{figures} figure captions, {len(draft.keywords)} keywords, {len(metrics)} metrics "
             f"({sum(m.highlight for m in metrics)} highlighted), {len(draft.honours)} honours",
             "", f"warnings ({len(draft.warnings)}):", *[f"  {w}" for w in draft.warnings],
             "", f"removed as page noise ({len(removed)} paragraphs):",
             *[f"  line {a.line}: {a.reason}: {a.text}" for a in removed],
             "", f"used for the structure, not kept as text ({len(used)}):",
             *[f"  line {a.line}: {a.reason}: {a.text}" for a in used],
             "", f"changed in the text ({len(edits)}):",
             *[f"  line {e.line}: {e.reason}: {e.before}" + (f" -> {e.after}" if e.after else " (removed)")
               for e in edits],
             "", f"metrics ({len(metrics)}):"]
    for metric in metrics:
        figure = f"{metric.change[0]} -> {metric.change[1]}" if metric.change else f"{metric.value}"
        qualifier = f" ({metric.qualifier})" if metric.qualifier else ""
        mark = "*" if metric.highlight else " "
        lines.append(f" {mark}{figure} {metric.unit}{qualifier}  {metric.label}  [{metric.where}]  {metric.context}")
    return "\n".join(lines) + "\n"
