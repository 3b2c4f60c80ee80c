"""What both benchmarks do before timing anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_package() -> None:
    """Bytecode for the current sources, as an installed package has: PYTHONDONTWRITEBYTECODE (set on this
    machine) would otherwise make every timed process compile them again."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reporter")], check=True)


def document_strings(value) -> list[str]:
    """Every string a composed document (or any part of one) holds, in order: its dataclasses, lists and dicts
    walked through."""
    found: list[str] = []

    def collect(item) -> None:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, (list, tuple)):
            for part in item:
                collect(part)
        elif isinstance(item, dict):
            for part in item.values():
                collect(part)
        elif hasattr(item, "__dataclass_fields__"):
            for name in item.__dataclass_fields__:
                collect(getattr(item, name))
    collect(value)
    return found
