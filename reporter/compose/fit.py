"""Fields set in boxes of a fixed width (the band's cells, the key-figure cells) that cannot hold them on one
line at the layout's page size: the writers would break them inside a word or a number (案例三十 / 六, 13% → /
0.55%), so the composer reports each, naming what to change."""

from __future__ import annotations

from reporter.compose.document import Band, Block, MetricPanel
from reporter.compose.linebreak import Fitter
from reporter.layout.schema import layout_error
from reporter.layout.styles import MM

SEPARATOR = "·"
"""Where the band's text may break: between its parts (乡村振兴篇 · 案例三十六)."""


def _too_wide(fitter: Fitter, block: Block) -> list[tuple[str, float, float, str]]:
    """(what, its width, the room, what to change) for each field of `block` wider than its box."""
    sheet, width = fitter.sheet, fitter.sheet.text_width_pt
    out = []
    if isinstance(block, Band):
        logo = block.logo.width if block.logo is not None else None
        room = sheet.band_widths(width, logo)[-1] - 2 * sheet.band_padding
        for span in block.right:
            for part in span.text.split(SEPARATOR):
                need = fitter.width(part.strip(), span.lang, sheet["band"])
                if need > room:
                    out.append((part.strip(), need, room, "step styles.band down"))
    elif isinstance(block, MetricPanel):
        room = width / block.columns - 2 * sheet.metric_padding
        for callout in block.callouts:  # (the second language's value is set in the unit's style throughout)
            values = [(callout.value, False), (callout.second_value, True)]
            for value, second in filter(lambda v: v[0], values):
                need = sum(fitter.width(span.text, span.lang,
                                        sheet["metric_unit" if second or part != "number" else "metric_value"])
                           for span, part in value)
                if need > room:
                    out.append(("".join(span.text for span, _ in value), need, room,
                                "lower metrics.columns or step styles.metric_value down"))
    return out


def unfit_fields(fitter: Fitter, blocks: list[Block]) -> list[str]:
    """A warning for each band or key-figure field that cannot be set on one line in its box, at its layout key."""
    layout, warnings = fitter.layout, []
    size = layout.page.size if isinstance(layout.page.size, str) else "{:g} x {:g} mm".format(*layout.page.size)
    for block in blocks:
        for text, need, room, advice in _too_wide(fitter, block):
            shown = text.replace("\u2060", "").replace("\u00a0", " ")
            warnings.append(str(layout_error(
                layout, f"{shown!r} needs {need / MM:.0f} mm but its box holds {room / MM:.0f} mm at {size}, so it "
                f"breaks inside: {advice}", ("page", "size"))))
    return warnings
