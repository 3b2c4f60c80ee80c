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
