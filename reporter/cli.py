"""The `reporter` command line (click): build, check, layouts, layout show."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import tomli_w

from . import __version__
from .build import FORMATS, Builder
from .errors import ReporterError, display_path
from .i18n import parse_mode
from .layout import available_layouts, load_layout
from .load import load_case

ALL_MODES = ("zh", "en", "zh+en")


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reporter")
def cli() -> None:
    """Turn structured CSR cases into DOCX and PDF case briefs."""


@cli.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--layout", "layout_name", default="default", show_default=True,
              help="A layout name from layouts/ or a path to a .toml file.")
@click.option("--lang", "langs", multiple=True,
              help="zh, en or zh+en; several separated by commas, or 'all'. Default: the layout's.")
@click.option("--format", "formats", multiple=True, help="docx, pdf or both (docx,pdf). Default: both.")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
              help="Folder for the outputs.")
def build(cases: tuple[Path, ...], layout_name: str, langs: tuple[str, ...], formats: tuple[str, ...],
          out_dir: Path) -> None:
    """Build the brief of each CASE file; prints each path written."""
    builder = Builder(load_layout(layout_name))
    modes = _split(langs) or [builder.layout.language.default]
    if modes == ["all"]:
        modes = list(ALL_MODES)
    for mode in modes:
        parse_mode(mode)
    chosen = _split(formats) or list(FORMATS)
    failed = 0
    for case in cases:
        try:
            result = builder.build(case, modes, chosen, out_dir)
        except ReporterError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        for output in result.outputs:
            click.echo(str(output.path))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Validate case files without building; one line per file."""
    failed = 0
    for path in files:
        try:
            loaded = load_case(path)
        except ReporterError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        name = loaded.enterprise.short.get("zh") or next(iter(loaded.enterprise.short.values()))
        click.echo(f"{path}: ok (case {loaded.number}, {name})")
    if failed:
        sys.exit(1)


@cli.command("layouts")
def list_layouts() -> None:
    """List the layouts in layouts/, one line each."""
    for path in available_layouts():
        layout = load_layout(str(path))
        size = layout.page.size if isinstance(layout.page.size, str) else "{:g}x{:g} mm".format(*layout.page.size)
        click.echo(f"{path.stem:<18} {size:<7} {layout.language.default:<6} {layout.name}: {layout.description}")


@cli.group("layout")
def layout_group() -> None:
    """Inspect one layout."""


@layout_group.command("show")
@click.argument("name")
def show_layout(name: str) -> None:
    """Print the fully resolved layout (its parents merged in) as TOML."""
    layout = load_layout(name)
    data = _without_none(layout.model_dump(mode="json", exclude={"source_path", "extends"}))
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
    try:
        cli.main(args=argv, prog_name="reporter", standalone_mode=False)
    except ReporterError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug of ours: still one line, the traceback on request
        if os.environ.get("REPORTER_DEBUG"):
            raise
        message = " ".join(str(exc).split())
        click.echo(f"internal error: {type(exc).__name__}: {message} (set REPORTER_DEBUG=1 for details)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
