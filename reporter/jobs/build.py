"""Build briefs: load + validate, compose once per language mode, hand the document to each writer."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from reporter.compose.brief import compose
from reporter.compose.document import Document
from reporter.errors import ReporterError
from reporter.pdf.fonts import FontSet
from reporter.i18n.languages import parse_mode
from reporter.layout.schema import Layout, layout_error, load_layout
from reporter.press.icc import ProfileProblem
from reporter.press.profile import read_condition, shipped_condition
from reporter.press.preflight import Rules, drawing_findings, image_findings, ink_findings
from reporter.press.sheet import MM, PressSetup
from reporter.model.load import LoadedCase, load_case
from reporter.output import replace_all
from reporter.layout.styles import StyleSheet
from reporter.docx.writer import DocxWriter
from reporter.pdf.writer import PdfWriter
from reporter.pdf.xmp import Standards

FORMATS = ("docx", "pdf")
NOT_A_FOLDER = "not a folder; --out names the folder the outputs go to"


@dataclass
class Output:
    path: Path
    format: str
    mode: str
    pages: int | None = None
    size: int = 0
    sha256: str = ""


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    loaded: LoadedCase | None = None


def output_name(stem: str, layout: Layout, mode: str, fmt: str) -> str:
    """036-cetc.zh.pdf; 036-cetc.acme.en+zh.docx under another layout than the default; 036-cetc.zh.print.pdf
    for a print master, beside the screen PDF."""
    layout_part = "" if layout.name_id == "default" else f".{layout.name_id}"
    profile_part = ".print" if fmt == "pdf" and layout.pdf.profile == "print" else ""
    return f"{stem}{layout_part}.{mode}{profile_part}.{fmt}"


def write_all(rendered: list[tuple[Output, bytes]]) -> list[Output]:
    """Write rendered files only once every one of them rendered, all or none: on any failure the earlier set
    stays whole. Each output learns its size and sha256 here, from the bytes in hand."""
    try:
        replace_all([(output.path, data) for output, data in rendered])
    except NotADirectoryError as exc:
        raise ReporterError(NOT_A_FOLDER, exc.filename) from None
    except OSError as exc:  # a full disk, a folder in the way, not writable: the user's to fix, in one line
        raise ReporterError(f"cannot write the file: {exc.strerror or exc}", exc.filename or rendered[0][0].path) \
            from None
    for output, data in rendered:
        output.size, output.sha256 = len(data), hashlib.sha256(data).hexdigest()
    return [output for output, _ in rendered]


def press_setup(layout: Layout) -> PressSetup:
    """A layout's print settings as the writer takes them (its profile read again: it may have changed since the
    layout was loaded)."""
    settings = layout.print
    hexes = {name: getattr(layout.colours, name) for name in settings.cmyk}
    overrides = {hexes[name].upper(): tuple(float(v) for v in inks) for name, inks in settings.cmyk.items()
                 if hexes[name] is not None}
    if settings.icc_profile is None:
        condition = shipped_condition(overrides)
    else:
        path = layout.find_file(settings.icc_profile)
        try:
            if path is None:
                raise ProfileProblem(f"ICC profile {settings.icc_profile} is not there")
            condition = read_condition(path, settings.condition, overrides)
        except ProfileProblem as exc:
            raise layout_error(layout, str(exc), ("print", "icc_profile")) from None
    return PressSetup(condition, settings.bleed_mm * MM, settings.crop_marks)


class Builder:
    """Holds one layout's style sheet, fonts and writers, so many briefs share the one-off costs."""

    def __init__(self, layout: Layout | str = "default"):
        self.layout = load_layout(layout) if isinstance(layout, str) else layout
        self.sheet = StyleSheet(self.layout)
        self._fonts: FontSet | None = None
        self._pdf: PdfWriter | None = None
        self.docx = DocxWriter(self.sheet)

    @property
    def fonts(self) -> FontSet:
        if self._fonts is None:
            self._fonts = FontSet(self.layout)
        return self._fonts

    @property
    def pdf(self) -> PdfWriter:
        if self._pdf is None:
            pdf = self.layout.pdf
            press = press_setup(self.layout) if pdf.profile == "print" else None
            standards = Standards(tagged=pdf.accessible, archival=pdf.archival, print_master=press is not None)
            self._pdf = PdfWriter(self.sheet, self.fonts, standards, press)
        return self._pdf

    def render(self, case: Path | LoadedCase, mode: str, fmt: str) -> tuple[bytes, int | None, list[str]]:
        """One brief in memory: (bytes, page count for PDF, warnings)."""
        loaded = case if isinstance(case, LoadedCase) else load_case(case)
        document = compose(loaded, self.layout, mode)
        data, pages, warnings = self.render_document(document, fmt)
        return data, pages, [f"{loaded.path.name}: {w}" for w in warnings]

    def render_document(self, document: Document, fmt: str) -> tuple[bytes, int | None, list[str]]:
        """Any composed document (a brief, the index, the volume) in one format: (bytes, PDF page count,
        the composer's warnings and the fonts' report of missing glyphs)."""
        buffer = io.BytesIO()
        warnings = list(document.warnings)
        if fmt == "pdf":
            self.fonts.clear_reports()
            pages = self.pdf.write(document, buffer)
            warnings += self.fonts.reports()
            findings = self.preflight()
            if findings and self.layout.pdf.strict:
                more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
                raise ReporterError(f"{findings[0]}{more}; --strict fails on preflight findings")
            return buffer.getvalue(), pages, warnings + findings
        self.docx.write(document, buffer)
        return buffer.getvalue(), None, warnings

    def preflight(self) -> list[str]:
        """The preflight's findings on the PDF just written."""
        layout, writer = self.layout, self.pdf
        rules = Rules(layout.checks.type_floor, layout.print.hairline_pt, layout.print.min_ppi,
                      layout.print.min_ppi_photo, layout.print.max_ink)
        names = {}
        for name in reversed(list(type(layout.colours).model_fields)):
            value = getattr(layout.colours, name)
            if value is not None:
                names[value.upper()] = name
        inks = {hex_colour: (names.get(hex_colour, "of an image"), cmyk) for hex_colour, cmyk in writer.inks_used.items()}
        drawn = writer.drawn
        return (image_findings(writer.placements, rules) + ink_findings(inks, rules)
                + drawing_findings(drawn.smallest_text, drawn.thinnest_line, writer.fonts_not_embedded, rules))

    def build(self, case_path: Path, modes: list[str], formats: list[str], out_dir: Path,
              book_dir: Path | None = None, target: Path | None = None) -> BuildResult:
        """Render every mode and format in memory first; write files only when all succeeded (the case's book in
        `book_dir`, else beside it; a single output to `target` where given)."""
        case_path = Path(case_path)
        for mode in modes:
            parse_mode(mode)
        for fmt in formats:
            if fmt not in FORMATS:
                raise ReporterError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
        rendered = []
        loaded = load_case(case_path, book_dir)
        result = BuildResult(loaded=loaded)
        for mode in modes:
            document = compose(loaded, self.layout, mode)
            for fmt in formats:
                try:
                    data, pages, warnings = self.render_document(document, fmt)
                except ReporterError as exc:
                    if exc.file is None:  # the preflight's, under --strict: the case it was found in
                        exc.file = case_path
                    raise
                warnings = [f"{case_path.name}: {w}" for w in warnings]
                result.warnings += [w for w in warnings if w not in result.warnings]
                path = target if target is not None else out_dir / output_name(case_path.stem, self.layout, mode, fmt)
                rendered.append((Output(path, fmt, mode, pages), data))
        result.outputs = write_all(rendered)
        return result
