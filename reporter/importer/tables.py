"""Tables of an article (a Word file's, an HTML page's) read as the sentences a person would read out of them,
so that the parser and the figure finder take them like running text."""

from __future__ import annotations

import re

_YEAR = re.compile(r"^(?:19|20)[0-9]{2}\s*年?度?$")
_STARTS_WITH_FIGURE = re.compile(r"^(?:超过|超|近|约|逾)?[0-9]")
_HAS_DIGIT = re.compile(r"[0-9]")


def table_paragraph(rows: list[list[str]]) -> list[str]:
    """A table as the paragraph a person would read out of it (none for an empty table), its rows joined by ；:
    label and value run together (带动渔民转产860户；养殖平台3座。); under a header of years, a row of two values is a
    change (2019年至2020年，X从97.5%提高到99.1%), of more, a figure a year. A header of words (指标, 数值) over rows
    of figures says nothing and is left out."""
    rows = [[cell.rstrip("。；;") for cell in row] for row in rows if row]
    if not rows:
        return []
    header = rows[0] if len(rows) > 1 else []
    years = [cell.rstrip("年度").strip() for cell in header[1:]] if len(header) > 1 and all(
        _YEAR.match(cell) for cell in header[1:]) else []
    words_over_figures = header and not any(map(_HAS_DIGIT.search, header)) and any(
        _STARTS_WITH_FIGURE.match(cell) for row in rows[1:] for cell in row[1:])
    body = rows[1:] if years or words_over_figures else rows
    lead = f"{years[0]}年至{years[1]}年，" if len(years) == 2 else ""
    phrases = []
    for cells in body:
        label, values = cells[0], cells[1:]
        if len(years) == 2 and len(values) == 2 and all(map(_STARTS_WITH_FIGURE.match, values)):
            first, second = (float(re.match(r"[0-9.]+", v.lstrip("超过近约逾")).group()) for v in values)
            verb = "提高到" if second > first else "下降到" if second < first else "保持为"
            phrases.append(f"{label}从{values[0]}{verb}{values[1]}")
        elif years and len(values) == len(years):
            phrases.append(f"{label}：" + "，".join(f"{year}年{value}" for year, value in zip(years, values)))
        elif len(values) == 1 and _STARTS_WITH_FIGURE.match(values[0]):
            phrases.append(label + values[0])
        else:
            phrases.append("：".join(cells) if len(cells) == 2 else "，".join(cells))
    return [lead + "；".join(phrases) + "。"] if phrases else []
