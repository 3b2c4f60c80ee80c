"""One preview: a case, a layout, a language mode and a format, built again on demand with the fonts and layouts
kept loaded. Each build gives a new generation: the pages drawn, or the one-line error over the last good pages.
Everything the brief is made of (the case, its book, its images, the layout chain, its logos and reference DOCX) is
listed for the watcher."""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reporter.errors import ReporterError
from reporter.i18n.languages import known_languages, parse_mode
from reporter.jobs.build import Builder
from reporter.layout.schema import PdfStandards, available_layouts, load_layout
from reporter.model.load import BOOK_FILE, LoadedCase, load_case
from reporter.preview.raster import PageImage, draw_pages

FORMATS = {"pdf": "PDF", "docx": "DOCX (LibreOffice)"}
LIBREOFFICE_SECONDS = 120


@dataclass
class Snapshot:
    """What the page shows: the last good pages, and the error of the last build when it failed."""

    generation: int
    pages: list[PageImage]
    error: str | None
    lang: str
    layout: str
    format: str
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"generation": self.generation, "error": self.error, "lang": self.lang, "layout": self.layout,
                "format": self.format, "seconds": round(self.seconds, 3), "warnings": self.warnings,
                "pages": [{"key": p.key, "width": p.width, "height": p.height, "text": p.text} for p in self.pages]}


def _modes() -> list[str]:
    single = known_languages()
    return single + [f"{a}+{b}" for a in single for b in single if a != b]


def _figure_images(loaded: LoadedCase) -> list[Path]:
    case = loaded.case
    parts = [part for section in case.sections for part in (section, *section.subsections)]
    return [loaded.path.parent / figure.image for part in parts for figure in part.figures if figure.image]


class PreviewSession:
    """Builds are serialised by a lock; `listeners` are told of each new snapshot (from the building thread)."""

    def __init__(self, case: Path, layout: str = "default", lang: str | None = None, fmt: str = "pdf"):
        self.case = Path(case).resolve()
        self.layout_name = layout
        self._layouts: dict[str, Builder] = {}
        layout_obj = self._builder(layout).layout  # a bad layout or case path is the command's one-line error
        self.lang = lang or layout_obj.language.default
        parse_mode(self.lang)
        self.format = fmt
        self.listeners: list[Callable[[Snapshot], None]] = []
        self.snapshot = Snapshot(0, [], None, self.lang, self.layout_name, fmt, 0.0)
        self._case_files: set[Path] = {self.case, self.case.parent / BOOK_FILE}
        self._layout_files: set[Path] = set()
        self._lock = threading.Lock()

    # -- what can be chosen on the page -------------------------------------------------------------------

    def choices(self) -> dict:
        layouts = [path.stem for path in available_layouts()]
        if self.layout_name not in layouts:
            layouts.insert(0, self.layout_name)  # a layout given as a path
        return {"langs": _modes(), "layouts": layouts, "formats": FORMATS}

    def choose(self, lang: str | None = None, layout: str | None = None, fmt: str | None = None) -> Snapshot:
        """Switch language mode, layout or format, and build. A choice not on offer is refused (ValueError)."""
        choices = self.choices()
        if lang is not None and lang not in choices["langs"] or layout is not None and layout not in \
                choices["layouts"] or fmt is not None and fmt not in FORMATS:
            raise ValueError("not a choice of this preview")
        with self._lock:
            self.lang, self.layout_name, self.format = lang or self.lang, layout or self.layout_name, fmt or self.format
        return self.rebuild()

    # -- building -----------------------------------------------------------------------------------------

    def _builder(self, name: str) -> Builder:
        """One builder per layout, kept: its fonts stay registered. The preview's PDF is untagged (a third of
        the time; a preview is not distributed): the pages look the same."""
        if name not in self._layouts:
            layout = load_layout(name)
            self._layouts[name] = Builder(layout.model_copy(update={
                "pdf": PdfStandards(accessible=False, archival=False)}))
        return self._layouts[name]

    def files_changed(self, paths: set[Path]) -> Snapshot:
        """A save of files the brief is made of: a layout's file, logo or reference DOCX makes the builders again
        (the next build loads the layout anew); then the brief is built."""
        if paths & self.layout_files():
            with self._lock:
                self._layouts.clear()
        return self.rebuild()

    def rebuild(self) -> Snapshot:
        """Build and draw; on any failure keep the last good pages and say what failed, in one line."""
        with self._lock:
            started = time.perf_counter()
            previous = self.snapshot
            pages, error, warnings = previous.pages, None, []
            try:
                builder = self._builder(self.layout_name)
                self._layout_files = {Path(path).resolve() for path in builder.layout.files}
                loaded = load_case(self.case)
                self._case_files = {Path(path).resolve() for path in
                                    (self.case, self.case.parent / BOOK_FILE, *_figure_images(loaded))}
                pdf, warnings = self._render(builder, loaded)
                pages = draw_pages(pdf, {page.key: page for page in previous.pages})
            except ReporterError as exc:
                error = str(exc)
            except Exception as exc:  # a preview outlives any failure of one build: it is shown, not raised
                error = f"the build failed: {exc.__class__.__name__}: {exc}".splitlines()[0]
            self.snapshot = Snapshot(previous.generation + 1, pages, error, self.lang, self.layout_name,
                                     self.format, time.perf_counter() - started, warnings)
            snapshot = self.snapshot
        for listener in list(self.listeners):
            listener(snapshot)
        return snapshot

    def _render(self, builder: Builder, loaded: LoadedCase) -> tuple[bytes, list[str]]:
        """The PDF to draw: the brief's own, or the DOCX as LibreOffice prints it."""
        data, _, warnings = builder.render(loaded, self.lang, self.format)
        return (data if self.format == "pdf" else _libreoffice_pdf(data)), warnings

    # -- what to watch ------------------------------------------------------------------------------------

    @property
    def watched(self) -> set[Path]:
        """The files the brief is made of, as of the last build that read them: the case's (its book, its
        images) and the layout's."""
        return self._case_files | self._layout_files

    def layout_files(self) -> set[Path]:
        """The layout's own files among them (a change to one makes the builders again)."""
        return set(self._layout_files)


def _libreoffice_pdf(docx: bytes) -> bytes:
    """The DOCX as LibreOffice prints it (what an editor opening it sees), for the preview's DOCX view."""
    import shutil

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ReporterError("the DOCX view needs LibreOffice (soffice), which is not installed here")
    with tempfile.TemporaryDirectory(prefix="reporter-preview-") as folder:
        source = Path(folder) / "brief.docx"
        source.write_bytes(docx)
        try:
            subprocess.run([office, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to",
                            "pdf", "--outdir", folder, str(source)], capture_output=True, timeout=LIBREOFFICE_SECONDS,
                           check=False)
        except subprocess.TimeoutExpired:
            raise ReporterError(f"LibreOffice took more than {LIBREOFFICE_SECONDS} s to convert the DOCX") from None
        result = source.with_suffix(".pdf")
        if not result.is_file():
            raise ReporterError("LibreOffice could not convert the DOCX")
        return result.read_bytes()
