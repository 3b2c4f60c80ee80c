"""Every benchmark script still runs, in a smoke mode (one small run each): a broken benchmark fails here. The
figures they print are not checked; timing belongs to the benchmarks, not to the tests."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

BENCH = ROOT / "bench"
SMOKE = {
    "bench_batch.py": ["--count", "3", "--runs", "1", "--no-loop"],
    "bench_brief.py": ["--runs", "1"],
    "bench_import.py": [],
    "bench_paragraph.py": ["--lengths", "1000"],
    "bench_preview.py": ["--edits", "2"],
    "bench_print.py": ["--runs", "1", "--layouts", "default"],
    "bench_rivals.py": ["--runs", "1", "--count", "2"],
    "bench_subset.py": ["--smoke"],
    "bench_tagging.py": ["--reps", "1", "--count", "3", "--runs", "1"],
}


def test_every_benchmark_has_a_smoke_run():
    assert sorted(SMOKE) == sorted(path.name for path in BENCH.glob("bench_*.py"))


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_benchmark_runs(script):
    if script == "bench_rivals.py" and not ((BENCH / ".venv-rivals" / "bin" / "python").exists()
                                             and shutil.which("pandoc")):
        pytest.skip("the rivals (pandoc, typst) are not installed: run bench/setup_rivals.sh")
    if script == "bench_preview.py" and not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    done = subprocess.run([sys.executable, str(BENCH / script), *SMOKE[script]], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "a benchmark prints its figures"
