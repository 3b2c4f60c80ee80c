"""`reporter` and `python -m reporter`: the command line, with a library of the wrong version refused in one
line (the version checks run while the command's modules are imported)."""

from __future__ import annotations

import multiprocessing
import os
import sys


def main(argv: list[str] | None = None) -> None:
    from reporter.errors import ReporterError

    try:
        from reporter.cli import main as run
        run(argv)
        code: object = 0
    except ReporterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    except SystemExit as exc:
        code = exc.code
    _exit(code)


def _exit(code: object) -> None:
    """End the process as sys.exit(code) would, without the interpreter's teardown: freeing every module of
    ReportLab, python-docx and pydantic one by one took a fifth of a single build's time (0.2 to 0.25 s) and
    matters to nobody once the files are written and closed. Standard streams are flushed first; a process
    with live children (a batch interrupted while they stop) gets the normal exit."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # a reader that went away (reporter ... | head): nothing left to say
        code = code or 1
    if multiprocessing.active_children():
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
