"""The `reporter` command line (click): build, check, import, preview, batch, status, index, volume, layouts,
fonts."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import click
import tomli_w

from reporter import __version__
from reporter.jobs.build import FORMATS, Builder
from reporter.errors import ReporterError, display_path
from reporter.i18n.languages import parse_mode
from reporter.layout.schema import Layout, available_layouts, load_layout, user_layout_dirs
from reporter.jobs.batch import (ALSO_IN, BatchAborted, case_files, chosen_cases, default_jobs, plan_batch, run_batch,
                                 valid_cases)
from reporter.jobs.bookdocs import build_index, build_volume
from reporter.jobs.defaults import find_defaults
from reporter.jobs.schemas import KINDS as SCHEMA_KINDS, schema_text
from reporter.jobs.starter import init_book, new_case
from reporter.output import replace_all
from reporter.model.load import load_book, load_case, untranslated

ALL_MODES = ("zh", "en", "zh+en")


def _split(values: tuple[str, ...]) -> list[str]:
    """Comma-separated, repeated values, in lower case, each once (--lang ZH,zh is zh)."""
    parts = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(parts))


def _modes(layout: Layout, langs: tuple[str, ...]) -> list[str]:
    """--lang values (comma-separated, repeated, or 'all'); the layout's default when none."""
    modes = _split(langs) or [layout.language.default]
    if modes == ["all"]:
        modes = list(ALL_MODES)
    for mode in modes:
        parse_mode(mode)
    return modes


def _case_paths(paths: tuple[Path, ...], with_book: bool = False) -> list[Path]:
    """The files named: a book's folder stands for its case files (and its book.yaml, `with_book`); a book.yaml
    named among the cases (as cases/*.yaml names it) is not a case, but is checked `with_book`."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "book.yaml").is_file():
            found += [path / "book.yaml"] * with_book + case_files(path)
        elif path.is_dir() and path.suffix.lower() not in (".yaml", ".yml"):
            raise ReporterError("a folder given as a case must be a book's, with its book.yaml", path)
        elif path.name != "book.yaml" or with_book:
            found.append(path)
    return list(dict.fromkeys(found))


_BOOK_OPTION = click.option("--book", "book_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                            help="The book's folder, for a case kept elsewhere [default: the case's own folder].")


def _formats(formats: tuple[str, ...]) -> list[str]:
    chosen = _split(formats) or list(FORMATS)
    for fmt in chosen:
        if fmt not in FORMATS:
            raise ReporterError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return chosen


def _layout(layout_name: str, pdf_ua: bool | None, pdf_a: bool | None, profile: str | None = None,
            strict: bool = False) -> Layout:
    """The layout, with the PDF standards, profile and strictness the command line chose."""
    layout = load_layout(layout_name)
    chosen = {key: value for key, value in (("accessible", pdf_ua), ("archival", pdf_a), ("profile", profile),
                                            ("strict", strict or None)) if value is not None}
    return layout.model_copy(update={"pdf": layout.pdf.model_copy(update=chosen)}) if chosen else layout


_PDF_OPTIONS = [
    click.option("--pdf-ua/--no-pdf-ua", "pdf_ua", default=None,
                 help="Tagged PDF/UA-1 for screen readers [default: the layout's pdf.accessible, on]."),
    click.option("--pdf-a/--no-pdf-a", "pdf_a", default=None,
                 help="Archival PDF/A-2b [default: the layout's pdf.archival, on]."),
    click.option("--profile", "profile", type=click.Choice(["screen", "print"], case_sensitive=False), default=None,
                 help="screen: RGB PDFs to read; print: PDF/X-4 print masters in CMYK with bleed "
                      "[default: the layout's pdf.profile, screen]."),
    click.option("--strict", is_flag=True, default=False,
                 help="Fail a PDF the preflight finds fault with (low-resolution images, too much ink, ...), "
                      "rather than warn."),
]


def _book_command(book_dir: Path, layout_name: str, langs, formats, pdf_ua: bool | None = None,
                  pdf_a: bool | None = None, profile: str | None = None,
                  strict: bool = False) -> tuple[Layout, list[str], list[str]]:
    """What every book command starts from: its layout, language modes and formats, and a folder with a book."""
    layout = _layout(layout_name, pdf_ua, pdf_a, profile, strict)
    if not (book_dir / "book.yaml").exists():
        raise ReporterError("no book.yaml in this folder", book_dir)
    return layout, _modes(layout, langs), _formats(formats)


_BOOK_OPTIONS = [
    click.argument("book_dir", type=click.Path(path_type=Path, file_okay=False)),
    click.option("--layout", "layout_name", default="default", show_default=True,
                 help="A layout name (see `reporter layouts`) or a path to a .toml file."),
    click.option("--lang", "langs", multiple=True, help="zh, en, zh+en (several: comma-separated, or 'all')."),
    click.option("--format", "formats", multiple=True, help="docx, pdf or both. Default: both."),
    click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path)),
    *_PDF_OPTIONS,
]


def _book_options(function):
    for option in reversed(_BOOK_OPTIONS):
        function = option(function)
    return function


GLOBAL_OPTIONS = ("--layouts", "-q", "--quiet", "-v", "--verbose")
"""Options of the whole tool that may also be given after the command's name (reporter build --layouts DIR ...)."""


class _Tool(click.Group):
    """The command group: its global options accepted after the command's name too, moved before it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        command_at = next((i for i, arg in enumerate(args) if arg in self.commands), None)
        if command_at is not None:
            before, after, rest = list(args[:command_at + 1]), [], args[command_at + 1:]
            index = 0
            while index < len(rest):
                arg = rest[index]
                if arg == "--":
                    after += rest[index:]
                    break
                name = arg.split("=", 1)[0]
                if name in GLOBAL_OPTIONS:
                    taken = 1 if "=" in arg else 2
                    before[command_at:command_at] = rest[index:index + taken]
                    command_at += taken
                    index += taken
                    continue
                after.append(arg)
                index += 1
            args = before + after
        return super().parse_args(ctx, args)


@click.group(cls=_Tool, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no warnings, no progress (may follow the command).")
@click.option("-v", "--verbose", is_flag=True, help="Also each output's pages, size and checksum (may follow the command).")
@click.option("--layouts", "layout_folders", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="A folder of layouts, searched before REPORTER_LAYOUTS, ./layouts and the shipped ones (may be "
                   "repeated; may follow the command's name).")
def cli(layout_folders: tuple[Path, ...], quiet: bool, verbose: bool) -> None:
    """Turn structured CSR cases into DOCX and PDF case briefs."""
    _verbosity[0] = 0 if quiet else 2 if verbose else 1
    defaults = find_defaults(_arguments, Path("."))  # reporter.toml of the book named, or of this folder
    click.get_current_context().default_map = defaults.default_map()
    user_layout_dirs[:] = [*layout_folders, *defaults.layouts]


_verbosity = [1]
"""0: errors only (--quiet); 1: warnings too; 2: and each output's figures (--verbose)."""


def _warn(warning: str) -> None:
    if _verbosity[0] > 0:
        click.echo(f"warning: {warning}", err=True)


def _said(line: str) -> None:
    """A line of progress or detail, on stderr, unless --quiet."""
    if _verbosity[0] > 0:
        click.echo(line, err=True)


_arguments: list[str] = []
"""The command line being run (the group's callback looks in it for the book whose reporter.toml applies)."""


@cli.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--empty", is_flag=True, help="An empty book.yaml to fill in, and no example case.")
def init(folder: Path, empty: bool) -> None:
    """Start a book in FOLDER: book.yaml (the 2021 Blue Book's catalogue), an example case with a picture, a client
    layout in layouts/, a reporter.toml of defaults and the JSON Schemas for an editor; prints each file."""
    for path in init_book(folder, empty):
        click.echo(str(path))
    click.echo(f"next: reporter build {folder}" if not empty else f"next: edit {folder / 'book.yaml'}, then "
               f"reporter new case ID --book {folder}", err=True)


@cli.group("new")
def new_group() -> None:
    """Write a new file to fill in."""


@new_group.command("case")
@click.argument("enterprise")
@click.option("--book", "book_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="The book's folder.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The file to write [default: NNN-ID.yaml in the book's folder].")
def new_case_command(enterprise: str, book_dir: Path, output: Path | None) -> None:
    """A case for ENTERPRISE (an id or a name of the book's catalogue), every field present and said what it
    holds; prints the file written."""
    click.echo(str(new_case(book_dir, enterprise, output)))


@cli.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--layout", "layout_name", default="default", show_default=True,
              help="A layout name (see `reporter layouts`) or a path to a .toml file.")
@click.option("--lang", "langs", multiple=True,
              help="zh, en or zh+en; several separated by commas, or 'all'. Default: the layout's.")
@click.option("--format", "formats", multiple=True, help="docx, pdf or both (docx,pdf). Default: both.")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs.")
@_PDF_OPTIONS[0]
@_PDF_OPTIONS[1]
@_PDF_OPTIONS[2]
@_PDF_OPTIONS[3]
@_BOOK_OPTION
@click.option("-o", "--output", "target", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The file to write, for one case in one language and one format (its format from the name).")
def build(cases: tuple[Path, ...], layout_name: str, langs: tuple[str, ...], formats: tuple[str, ...],
          out_dir: Path, pdf_ua: bool | None, pdf_a: bool | None, profile: str | None, strict: bool,
          book_dir: Path | None, target: Path | None) -> None:
    """Build the brief of each CASE file (a book's folder: each of its cases); prints each path written."""
    builder = Builder(_layout(layout_name, pdf_ua, pdf_a, profile, strict))
    cases_named = _case_paths(cases)
    if target is not None:
        formats = formats or (target.suffix.lower().lstrip("."),)
    modes, chosen = _modes(builder.layout, langs), _formats(formats)
    if target is not None and (len(cases_named), len(modes), len(chosen)) != (1, 1, 1):
        raise ReporterError(f"-o names one file: give one case, one --lang and one --format (here {len(cases_named)} "
                            f"case(s), {len(modes)} language mode(s), {len(chosen)} format(s)); --out names a folder")
    if target is not None and target.suffix.lower() != f".{chosen[0]}":
        raise ReporterError(f"-o {target.name}: a {chosen[0].upper()} file ends in .{chosen[0]}")
    failed = 0
    for case in cases_named:
        try:
            result = builder.build(case, modes, chosen, out_dir, book_dir, target)
        except ReporterError as exc:
            for line in exc.lines():
                click.echo(f"error: {line}", err=True)
            failed += 1
            continue
        for warning in result.warnings:
            _warn(warning)
        for output in result.outputs:
            click.echo(str(output.path))
            if _verbosity[0] > 1:
                pages = f"{output.pages} pages, " if output.pages else ""
                click.echo(f"  {output.format} {output.mode}: {pages}{output.size / 1024:.0f} KB, sha256 "
                           f"{output.sha256[:12]}", err=True)
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Also list each text with nothing in LANG (untranslated), e.g. --lang en.")
@_BOOK_OPTION
def check(files: tuple[Path, ...], langs: tuple[str, ...], book_dir: Path | None) -> None:
    """Validate case files (a book's folder: its book.yaml and each case) without building; one line per file (and
    per untranslated text with --lang)."""
    wanted = _split(langs)
    for lang in wanted:
        parse_mode(lang)
    failed = 0
    for path in _case_paths(files, with_book=True):
        try:
            if path.name == "book.yaml":
                book = load_book(path.parent)
                click.echo(f"{path}: ok (book, {len(book.entries())} entries in {len(book.categories)} categories)")
                continue
            loaded = load_case(path, book_dir)
        except ReporterError as exc:
            for line in exc.lines():
                click.echo(f"error: {line}", err=True)
            failed += 1
            continue
        name = loaded.enterprise.short.get("zh") or next(iter(loaded.enterprise.short.values()))
        gaps = [gap for lang in wanted for gap in untranslated(loaded, lang)]
        for gap in gaps:
            click.echo(f"untranslated: {gap}", err=True)
        if gaps:
            failed += 1
            click.echo(f"{path}: {len(gaps)} untranslated text(s) (case {loaded.number}, {name})")
        else:
            done = f"; every text has {', '.join(wanted)}" if wanted else ""
            click.echo(f"{path}: ok (case {loaded.number}, {name}{done})")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("case", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--layout", "layout_name", default="default", show_default=True,
              help="A layout name (see `reporter layouts`) or a path to a .toml file; switchable on the page.")
@click.option("--lang", "lang", default=None, help="zh, en, zh+en or en+zh [default: the layout's]; switchable on the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port on 127.0.0.1 (0 picks a free one).")
def preview(case: Path, layout_name: str, lang: str | None, port: int) -> None:
    """Serve CASE's brief on http://127.0.0.1:PORT/, built again on every save of the case, its book, its images,
    the layout or its logos. Ctrl-C stops it."""
    from reporter.preview.server import serve  # only this command needs the server and the watcher
    from reporter.preview.session import PreviewSession

    serve(PreviewSession(case, layout_name, lang), port)


@cli.command("import")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--book", "book_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The book the case belongs to [default: the folder of -o, if it has book.yaml].")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="The case file to write, or a folder for NNN-enterprise.yaml [default: the book's folder].")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The case's date, YYYY-MM-DD (an article without one needs it; it wins over the article's).")
@click.option("--edition-mismatch-ok", is_flag=True,
              help="Import an article of another edition of the book than this book's (it is said in a warning).")
@click.option("--key-figures-of", "key_kinds", default="", metavar="KINDS",
              help="Let figures of these kinds of unit be key figures too: distance, area, time, comma-separated "
                   "(by default they are found but never put in the panel).")
@click.option("--enterprise", "enterprise", default=None, metavar="ID",
              help="The case's enterprise (an id or a name of the catalogue), for an article that names none.")
def import_command(article: Path, book_dir: Path | None, output: str | None, force: bool, date,
                   edition_mismatch_ok: bool, key_kinds: str, enterprise: str | None) -> None:
    """Turn a case ARTICLE (text, Markdown, a saved web page or a Word file) into a case file that builds, for
    review."""
    from reporter.importer import import_article  # only this command needs it
    kinds = frozenset(kind.strip() for kind in key_kinds.split(",") if kind.strip())
    result = import_article(article, book_dir, output, force, date.date() if date else None, edition_mismatch_ok,
                            kinds, enterprise)
    for warning in result.draft.warnings:
        _warn(warning)
    draft = result.draft
    removed = sum(a.removed for a in draft.accounted)
    click.echo(f"{result.path}: case {result.loaded.number} {result.loaded.enterprise.short['zh']}, "
               f"{len(draft.sections)} sections, {sum(len(s.subsections) for s in draft.sections)} subsections, "
               f"{len(result.metrics)} metrics, {removed} paragraphs removed as page noise; "
               f"{len(draft.warnings)} warning(s); report: {result.report}")


@cli.command()
@_book_options
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes [default: cores, or a container's CPU quota].")
@click.option("--force", is_flag=True, help="Rebuild every case, changed or not.")
@click.option("--only", "only", multiple=True, metavar="NUMBERS",
              help="Only these cases, by number: --only 36,60 (the others stay as the last run left them).")
@click.option("--dry-run", "dry_run", is_flag=True, help="Say which cases would be built, and why; write nothing.")
def batch(book_dir: Path, layout_name: str, langs: tuple[str, ...], formats: tuple[str, ...], out_dir: Path,
          pdf_ua: bool | None, pdf_a: bool | None, profile: str | None, strict: bool, jobs: int | None,
          force: bool, only: tuple[str, ...], dry_run: bool) -> None:
    """Build every case of BOOK_DIR: progress, a summary, out/manifest.json. Unchanged cases are skipped."""
    layout, modes, chosen = _book_command(book_dir, layout_name, langs, formats, pdf_ua, pdf_a, profile, strict)
    numbers = _case_numbers(only)
    if dry_run:
        plan = plan_batch(book_dir, layout, modes, chosen, out_dir, force, numbers)
        for name, reason in plan:
            click.echo(f"{name}: {'would be built: ' + reason if reason else 'unchanged'}")
        built = sum(1 for _, reason in plan if reason)
        click.echo(f"{len(plan)} cases: {built} would be built, {len(plan) - built} unchanged; nothing written",
                   err=True)
        return
    try:
        report = run_batch_with_progress(book_dir, layout, modes, chosen, out_dir, jobs or default_jobs(), force,
                                         numbers)
    except BatchAborted as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(130)
    for outcome in report.failed:
        click.echo(f"failed: {outcome.error}", err=True)
    for line in grouped_warnings(report.outcomes):
        _said(line)
    outputs = sum(len(o.outputs) for o in report.outcomes if not o.error)
    warned = sum(1 for o in report.outcomes if o.warnings and not o.error)
    _said(f"{len(report.outcomes)} cases: {len(report.built)} built, {len(report.skipped)} unchanged, "
          f"{len(report.failed)} failed; {outputs} files in {display_path(out_dir)} "
          f"in {report.seconds:.1f} s; {warned} with warnings; manifest (with the warnings): "
          f"{display_path(report.manifest)}")
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("book_dir", type=click.Path(path_type=Path, file_okay=False))
def status(book_dir: Path) -> None:
    """Which catalogue entries of BOOK_DIR have a case file, which are missing, which fail validation."""
    book = load_book(book_dir)
    cases, invalid = valid_cases(book_dir)
    found = {loaded.enterprise.id: loaded.path.name for loaded in cases}
    missing = 0
    for number, _category, enterprise in book.entries():
        name = enterprise.short.get("zh") or next(iter(enterprise.short.values()))
        where = found.get(enterprise.id)
        missing += where is None
        width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in name)
        padding = " " * max(14 - width, 1)
        click.echo(f"{number:>3}  {name}{padding}{enterprise.id:<24} {where or '-- missing'}")
    for line in invalid:
        click.echo(f"invalid: {line}")
    click.echo(f"{len(book.entries())} entries: {len(found)} with a valid case, {missing} without, "
               f"{len(invalid)} case file(s) failing validation")
    if any(ALSO_IN in line for line in invalid):
        raise ReporterError("one case has two files (above); keep one file per case", book_dir)


GROUP_SHOWN = 4
"""Of the cases a warning is given for, this many are named."""


def grouped_warnings(outcomes) -> list[str]:
    """Each kind of warning once, with the cases it was given for: a batch of 70 cases had repeated one warning
    70 times."""
    cases: dict[str, list[str]] = {}
    for outcome in outcomes:
        if outcome.error:
            continue
        for warning in outcome.warnings:
            text = warning.removeprefix(f"{outcome.file}: ")
            cases.setdefault(text, []).append(outcome.file)
    lines = []
    for text, files in cases.items():
        named = ", ".join(files[:GROUP_SHOWN]) + (f" and {len(files) - GROUP_SHOWN} more" if len(files) > GROUP_SHOWN
                                                  else "")
        lines.append(f"warning: {text} ({len(files)} case{'s' if len(files) > 1 else ''}: {named})")
    return lines


def _case_numbers(values: tuple[str, ...]) -> set[int] | None:
    """--only 36,60 (or repeated): case numbers; None when not given."""
    parts = _split(values)
    if not parts:
        return None
    wrong = [part for part in parts if not part.isdigit()]
    if wrong:
        raise ReporterError(f"--only: expected case numbers (36,60), got {wrong[0]!r}")
    return {int(part) for part in parts}


def run_batch_with_progress(book_dir, layout, modes, formats, out_dir, jobs, force, only=None):
    """A progress bar on a terminal; one plain line per case otherwise (logs, CI)."""
    total = len(case_files(book_dir)) if only is None else len(chosen_cases(case_files(book_dir), only))
    if sys.stderr.isatty() and _verbosity[0] > 0:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
            TimeRemainingColumn
        columns = (TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("left"), TimeRemainingColumn())
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task("starting", total=total)

            def report(outcome, done, _total):
                bar.update(task, completed=done, description=outcome.file)
            return run_batch(book_dir, layout, modes, formats, out_dir, jobs, force, report, only)

    def plain(outcome, done, count):
        state = "failed" if outcome.error else "unchanged" if outcome.skipped else f"built in {outcome.seconds:.2f} s"
        count_warned = len(outcome.warnings) if not outcome.error else 0
        warned = f"; {count_warned} warning{'s' if count_warned > 1 else ''} (below)" if count_warned else ""
        _said(f"[{done}/{count}] {outcome.file}: {state}{warned}")
    return run_batch(book_dir, layout, modes, formats, out_dir, jobs, force, plain, only)


@cli.command()
@_book_options
def index(book_dir: Path, layout_name: str, langs, formats, out_dir: Path, pdf_ua: bool | None,
          pdf_a: bool | None, profile: str | None, strict: bool) -> None:
    """The category index of BOOK_DIR (7 categories, every case), linked to the briefs built in --out."""
    layout, modes, chosen = _book_command(book_dir, layout_name, langs, formats, pdf_ua, pdf_a, profile, strict)
    outputs, warnings = build_index(Builder(layout), book_dir, modes, chosen, out_dir)
    for warning in warnings:
        _warn(warning)
    for output in outputs:
        click.echo(str(output.path))


@cli.command()
@_book_options
def volume(book_dir: Path, layout_name: str, langs, formats, out_dir: Path, pdf_ua: bool | None,
           pdf_a: bool | None, profile: str | None, strict: bool) -> None:
    """The collected volume of BOOK_DIR: cover, editor's note, contents with page numbers, every case."""
    layout, modes, chosen = _book_command(book_dir, layout_name, langs, formats, pdf_ua, pdf_a, profile, strict)
    outputs, warnings, _ = build_volume(Builder(layout), book_dir, modes, chosen, out_dir)
    for warning in warnings:
        _warn(warning)
    for output in outputs:
        click.echo(str(output.path))


@cli.command("layouts")
def list_layouts() -> None:
    """List the layouts (--layouts folders, ./layouts, the shipped ones), one line each."""
    for path in available_layouts():
        layout = load_layout(str(path))
        size = layout.page.size if isinstance(layout.page.size, str) else "{:g}x{:g} mm".format(*layout.page.size)
        click.echo(f"{path.stem:<18} {size:<7} {layout.language.default:<6} {layout.name}: {layout.description}")


@cli.command("schema")
@click.argument("kind", type=click.Choice(sorted(SCHEMA_KINDS), case_sensitive=False))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write it to this file instead of printing it.")
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of a case, book or layout file, for an editor to complete and check keys with (YAML:
    a first line '# yaml-language-server: $schema=case.schema.json'; TOML: Taplo or Even Better TOML)."""
    text = schema_text(kind.lower())
    if output is None:
        click.echo(text, nl=False)
        return
    replace_all([(output, text.encode("utf-8"))])
    click.echo(str(output))


@cli.command("fonts")
@click.option("--layout", "layout_names", multiple=True,
              help="A layout whose fonts to show (several: repeat). Default: every layout.")
def list_fonts(layout_names: tuple[str, ...]) -> None:
    """List the font families found, where they were looked for, and the face each layout's fonts are."""
    from reporter.fonts.catalog import all_faces, families, locate, weight_name
    from reporter.fonts.locate import font_dirs
    from reporter.layout.schema import font_specs

    click.echo("Looked in: " + ", ".join(display_path(folder) for folder in font_dirs() if folder.is_dir()))
    found = families(all_faces())
    click.echo(f"{len(found)} families:")
    for family, faces in found.items():
        styles = ", ".join(f"{face.style} {face.weight}" for face in sorted(faces, key=lambda f: (f.weight, f.italic)))
        kinds = "/".join(sorted({face.kind + (" variable" if face.variable else "") for face in faces}))
        click.echo(f"  {family:<28} {styles} ({kinds})")
    missing = 0
    for name in layout_names or [str(path) for path in available_layouts()]:
        layout = load_layout(name, find_fonts=False)
        base = layout.source_path.parent if layout.source_path else None
        click.echo(f"Layout {layout.name_id} ({display_path(layout.source_path)}):")
        for slot, spec, loc in font_specs(layout):
            try:
                face = locate(spec.family, spec.file, spec.weight_class, spec.style == "italic", base)
                shown = f"{face.family} {weight_name(face.weight)}: {display_path(face.path)}" + \
                    (f"#{face.index}" if face.index else "")
            except ReporterError as exc:
                missing += 1
                shown = f"MISSING: {exc.message}"
            click.echo(f"  {'.'.join(str(part) for part in loc[1:]):<28} {spec.describe():<28} {shown}")
    if missing:
        raise ReporterError(f"{missing} font{'s' if missing > 1 else ''} not found (above)")


@cli.group("layout")
def layout_group() -> None:
    """Inspect one layout."""


@layout_group.command("show")
@click.argument("name")
def show_layout(name: str) -> None:
    """Print the fully resolved layout (its parents merged in) as TOML."""
    layout = load_layout(name)
    data = _without_none(layout.model_dump(mode="json", exclude={"source_path", "source_chain", "extends"}))
    if layout.logo is not None:  # files as found, so that the printed layout works from any folder
        data["logo"]["file"] = str(layout.logo_path)
        data["logo"]["on_dark"] = str(layout.logo_on_dark_path)
    if layout.reference_docx is not None:
        data["reference_docx"] = str(layout.reference_docx_path)
    if layout.print.icc_profile is not None:
        data["print"]["icc_profile"] = str(layout.find_file(layout.print.icc_profile))
    click.echo(f"# {display_path(layout.source_path)}, resolved (parents merged in)")
    click.echo(tomli_w.dumps(data), nl=False)


def _without_none(value):
    """TOML has no null: drop unset optional keys."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure is one line on stderr and a non-zero exit, never a traceback."""
    args = sys.argv[1:] if argv is None else list(argv)
    _arguments[:] = args
    if not args:  # the tool alone: what it can do
        click.echo(cli.get_help(click.Context(cli, info_name="reporter")))
        sys.exit(0)
    try:
        cli.main(args=args, prog_name="reporter", standalone_mode=False)
    except ReporterError as exc:
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # the command's usage, how to get help, then the error in one line
        if exc.ctx is not None:
            click.echo(exc.ctx.get_usage(), err=True)
            click.echo(f"Try '{exc.ctx.command_path} -h' for help.", err=True)
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except OSError as exc:  # the machine's, not the input's: a full disk, a folder not writable
        where = f"{display_path(exc.filename)}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug of ours: still one line, the traceback on request
        if os.environ.get("REPORTER_DEBUG"):
            raise
        message = " ".join(str(exc).split())
        click.echo(f"internal error: {type(exc).__name__}: {message} (set REPORTER_DEBUG=1 for details)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
