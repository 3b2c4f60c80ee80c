"""`reporter` and `python -m reporter`: the command line, with a library of the wrong version refused in one
line (the version checks run while the command's modules are imported)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from reporter.errors import ReporterError

    try:
        from reporter.cli import main as run
    except ReporterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    run(argv)


if __name__ == "__main__":
    main()
