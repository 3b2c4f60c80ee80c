"""Tables of an article (a Word file's, an HTML page's) read as the sentences a person would read out of them,
so that the parser and the figure finder take them like running text."""

from __future__ import annotations

import re

_YEAR = re.compile(r"^(?:19|20)[0-9]{2}\s*年?度?$")
_STARTS_WITH_FIGURE = re.compile(r"^(?:超过|超|近|约|逾)?[0-9]")


def row_sentences(rows: list[list[str]]) -> list[str]:
    """Table rows as sentences the parser reads like text: label and value run together (带动渔民转产860户。);
    under a header of years, a row of two becomes a change (2019年至2020年，X从97.5%提高到99.1%。), of more, one
    figure a year. A header of words (指标, 数值) says nothing and is left as it is."""
    header = rows[0] if len(rows) > 1 else []
    years = [cell.rstrip("年度").strip() for cell in header[1:]] if header and all(
        _YEAR.match(cell) for cell in header[1:]) and len(header) > 1 else []
    lines = []
    for index, cells in enumerate(rows):
        if not cells:
            continue
        label, values = cells[0], cells[1:]
        if years and index > 0 and len(values) == len(years) == 2 and all(map(_STARTS_WITH_FIGURE.match, values)):
            first, second = (float(re.match(r"[0-9.]+", v.lstrip("超过近约逾")).group()) for v in values)
            verb = "提高到" if second > first else "下降到" if second < first else "保持为"
            text = f"{years[0]}年至{years[1]}年，{label}从{values[0]}{verb}{values[1]}"
        elif years and index > 0 and len(values) == len(years):
            text = f"{label}：" + "，".join(f"{year}年{value}" for year, value in zip(years, values))
        elif len(values) == 1 and _STARTS_WITH_FIGURE.match(values[0]):
            text = label + values[0]
        else:
            text = "：".join(cells) if len(cells) == 2 else "，".join(cells)
        lines.append(text if text[-1] in "。！？；" else text + "。")
    return lines
