"""The package as users get it: a wheel that carries its layouts, logos, data and compiled catalogs, installed in
a new virtualenv and run from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import CASE_36, ROOT, assert_same_bytes
from reporter.jobs.build import Builder

@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built as pip builds it, installed in a new virtualenv; its bin folder."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(folder / "dist"), str(ROOT)],
                   check=True, capture_output=True, cwd=folder)
    (wheel,) = (folder / "dist").glob("csr_reporter-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    bin_dir = folder / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, capture_output=True)
    return bin_dir


def _reporter(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(bin_dir / "reporter"), *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_the_wheel_carries_layouts_logos_data_and_compiled_catalogs(installed):
    (wheel,) = installed.parent.parent.glob("dist/csr_reporter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("reporter/layout/builtin/default.toml", "reporter/layout/builtin/acme.toml",
                 "reporter/layout/builtin/logos/acme.png", "reporter/i18n/languages.toml",
                 "reporter/i18n/units.toml", "reporter/importer/rules.toml",
                 "reporter/i18n/locale/zh/LC_MESSAGES/reporter.mo", "reporter/i18n/locale/en/LC_MESSAGES/reporter.mo",
                 "reporter/pdf/_reportlab.py", "reporter/docx/_python_docx.py", "reporter/preview/page.html",
                 "reporter/pdf/data/sRGB.icc", "reporter/press/data/FOGRA39-reporter.icc",
                 "reporter/press/data/FOGRA39-reporter-qm.icc", "reporter/starter/book.yaml",
                 "reporter/starter/036-cetc.yaml", "reporter/starter/036-poverty-rate.png",
                 "reporter/starter/client.toml", "reporter/starter/reporter.toml", "reporter/starter/book-empty.yaml"):
        assert name in names, name
    assert not any(name.startswith(("tests/", "cases/", "bench/")) for name in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Name: csr-reporter" in metadata  # "reporter" on PyPI is another project
    for field in ("License: MIT", "Author-email: The reporter maintainers", "Classifier: Operating System :: OS Independent",
                  "Classifier: License :: OSI Approved :: MIT License"):
        assert field in metadata, field


def test_the_installed_tool_builds_from_another_folder(installed, tmp_path):
    """From a folder with nothing of the project in it: the shipped layouts are found, and the briefs are the
    bytes the development tree builds."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    case = shutil.copytree(CASE_36.parent, work / "book") / CASE_36.name
    result = _reporter(installed, work, "build", str(case), "--lang", "zh+en", "--layout", "acme", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["out/036-cetc.acme.zh+en.docx", "out/036-cetc.acme.zh+en.pdf"]
    here = Builder("acme").build(CASE_36, ["zh+en"], ["docx", "pdf"], tmp_path / "tree").outputs
    for output in here:
        assert_same_bytes(work / "out" / output.path.name, output.path, label=output.path.name)
    printed = _reporter(installed, work, "build", str(case), "--lang", "zh", "--format", "pdf", "--profile", "print",
                        "--out", "out")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.split() == ["out/036-cetc.zh.print.pdf"]
    started = _reporter(installed, work, "init", "new-book")
    assert started.returncode == 0, started.stderr
    first = _reporter(installed, work / "new-book", "build", ".")  # its reporter.toml: the client layout, zh, zh+en
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == [f"out/036-cetc.client.{mode}.{fmt}" for mode in ("zh", "zh+en")
                                    for fmt in ("pdf", "docx")]
    listed = _reporter(installed, work, "layouts")
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["acme", "bluebook-house", "default"]


def test_the_installed_tool_finds_user_layouts(installed, tmp_path):
    """./layouts and --layouts DIR before the shipped ones; a user layout extends a shipped one and keeps its
    logo; a user file named like a shipped layout may extend it."""
    work = tmp_path / "user"
    (work / "layouts").mkdir(parents=True)
    (work / "layouts" / "default.toml").write_text('extends = "default"\nname = "Ours"\n[colours]\n'
                                                   'primary = "#123456"\n', "utf-8")
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "client.toml").write_text('extends = "acme"\nname = "Client"\n', "utf-8")
    listed = _reporter(installed, work, "--layouts", str(brand), "layouts")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert set(lines) == {"acme", "bluebook-house", "client", "default"} and "Ours" in lines["default"]
    shown = _reporter(installed, work, "--layouts", str(brand), "layout", "show", "client")
    assert shown.returncode == 0, shown.stderr
    assert 'name = "Client"' in shown.stdout and "layout/builtin/logos/acme.png" in shown.stdout
    mine = _reporter(installed, work, "layout", "show", "default")
    assert "#123456" in mine.stdout
