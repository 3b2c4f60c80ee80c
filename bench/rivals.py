"""The same brief for pandoc and typst: a composed document written as Markdown (pandoc -> DOCX) and as Typst
markup (typst -> PDF), so the benchmark times the tools on the same text, headings, key figures and index.

Only for the benchmark: the markup is plain (no layout), which favours the rivals.
"""

from __future__ import annotations

from reporter.compose.document import (Band, CategoryIndex, Cover, Document, FigureBlock, Heading, MetricPanel,
                                       Panel, Para, SideBySide, Span)

TYPST_PREAMBLE = """#set page(paper: "a4", margin: 2cm, footer: context [#h(1fr) #counter(page).display("1 / 1", both: true)])
#set text(font: ("Caladea", "AR PL UMing CN"), size: 10.5pt, lang: "zh")
#show heading: set text(font: ("Carlito", "WenQuanYi Micro Hei"))
#set par(justify: true)
"""


def _plain(text: str) -> str:
    return text.replace("\n", " ")


def _typst_text(text: str) -> str:
    """Typst markup escaped: every character with a meaning in markup gets a backslash."""
    return "".join("\\" + c if c in "\\#*_`$<>@[]~/=+-" else c for c in _plain(text))


def _markdown_text(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>" else c for c in _plain(text))


def _spans(*spans: Span | None) -> list[str]:
    return [span.text for span in spans if span is not None and span.text]


def _lines(document: Document) -> list[tuple[str, object]]:
    """The document as (kind, content): ('heading', (level, text)), ('para', text), ('table', rows)."""
    out: list[tuple[str, object]] = []

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, Band):
                out.append(("para", " · ".join(_spans(block.left, block.right))))
            elif isinstance(block, Cover):
                out.append(("heading", (1, " ".join(_spans(*block.title)))))
            elif isinstance(block, Heading):
                out.append(("heading", (min(max(block.level, 1), 3), " / ".join(_spans(block.text, block.second)))))
            elif isinstance(block, Para):
                out.append(("para", " ".join(_spans(block.lead, block.text))))
            elif isinstance(block, Panel):
                walk(block.children)
            elif isinstance(block, SideBySide):
                walk(block.left)
                walk(block.right)
            elif isinstance(block, MetricPanel):
                rows = [["".join(span.text for span, _ in c.value), " ".join(_spans(c.label, c.second_label))]
                        for c in block.callouts]
                out.append(("table", rows))
            elif isinstance(block, FigureBlock):
                out.append(("para", " ".join(_spans(block.caption, block.second_caption))))
            elif isinstance(block, CategoryIndex):
                rows = [[" ".join(_spans(category.name, category.second_name)),
                         "; ".join(f"{e.number.text} {' '.join(_spans(e.name, e.second_name))}"
                                   for e in category.entries)] for category in block.categories]
                out.append(("table", rows))

    walk(document.blocks)
    return out


def _markup(document: Document, heading_mark: str, escape, table) -> list[str]:
    """The document's lines in one markup: headings as marks repeated per level, text escaped, tables by `table`."""
    parts = []
    for kind, content in _lines(document):
        if kind == "heading":
            level, text = content
            parts.append(heading_mark * level + " " + escape(text))
        elif kind == "para":
            parts.append(escape(content))
        else:
            parts.append(table([[escape(cell) for cell in row] for row in content]))
    return parts


def markdown(document: Document) -> str:
    def table(rows: list[list[str]]) -> str:
        return "| | |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    return "\n\n".join(_markup(document, "#", _markdown_text, table)) + "\n"


def typst(document: Document) -> str:
    def table(rows: list[list[str]]) -> str:
        return f"#table(columns: (1fr, 3fr), {', '.join(f'[{cell}]' for row in rows for cell in row)})"
    return "\n\n".join([TYPST_PREAMBLE, *_markup(document, "=", _typst_text, table)]) + "\n"
