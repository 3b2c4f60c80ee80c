"""The package as users get it: a wheel that carries its layouts, logos, data and compiled catalogs and runs from
any folder; and a tree whose imports follow the pipeline, with no circles."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import CASE_36, ROOT, assert_same_bytes
from reporter.jobs.build import Builder

PACKAGE = ROOT / "reporter"
LAYERS = {
    "errors": 0, "patching": 0, "deflate": 0, "output": 0,
    "model": 1, "i18n": 1, "fonts": 1,
    "layout": 2,
    "compose": 3,
    "pdf": 4, "docx": 4,
    "jobs": 5, "importer": 5,
    "cli": 6, "__main__": 6,
}
"""Each part of the package and its place in the pipeline: a module imports only from its own part or lower."""
WRITERS = ("reporter.pdf.writer", "reporter.pdf.index", "reporter.docx.writer")
WRITERS_MAY_NOT_READ = ("reporter.i18n", "reporter.model", "reporter.layout.schema", "reporter.compose.brief",
                        "reporter.compose.book", "reporter.jobs")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the reporter modules it imports when it is imported (imports inside functions are not)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        found = set()
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reporter"):
                for alias in node.names:
                    child = f"{node.module}.{alias.name}"
                    found.add(child if (PACKAGE.parent / child.replace(".", "/")).with_suffix(".py").exists()
                              else node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("reporter")}
        graph[name] = found - {name}
    return graph


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_every_module_belongs_to_a_part_of_the_pipeline():
    parts = {_part(name) for name in _imports()} - {"__init__"}
    assert parts <= set(LAYERS), parts - set(LAYERS)


def test_imports_follow_the_pipeline():
    wrong = [f"{module} imports {target}" for module, targets in _imports().items() for target in targets
             if module != "reporter" and _part(target) != "__init__"
             and LAYERS[_part(target)] > LAYERS[_part(module)]]
    assert wrong == []


def test_no_import_circles():
    graph = _imports()
    circles = []

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(" -> ".join(path[path.index(module):] + [module]))
            return
        for target in sorted(graph.get(module, ())):
            if target not in done:
                visit(target, path + [module])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        visit(module, [])
    assert circles == []


def test_writers_read_only_the_document_and_the_style_sheet():
    graph = _imports()
    wrong = [f"{writer} imports {target}" for writer in WRITERS for target in graph[writer]
             if target.startswith(WRITERS_MAY_NOT_READ)]
    assert wrong == []


def test_loading_a_layout_imports_no_document_library():
    script = ("import sys\nfrom reporter.layout.schema import load_layout\nload_layout('acme')\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'docx', 'PIL'}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built as pip builds it, installed in a new virtualenv; its bin folder."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(folder / "dist"), str(ROOT)],
                   check=True, capture_output=True, cwd=folder)
    (wheel,) = (folder / "dist").glob("reporter-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    bin_dir = folder / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, capture_output=True)
    return bin_dir


def _reporter(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(bin_dir / "reporter"), *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_the_wheel_carries_layouts_logos_data_and_compiled_catalogs(installed):
    (wheel,) = installed.parent.parent.glob("dist/reporter-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("reporter/layout/builtin/default.toml", "reporter/layout/builtin/acme.toml",
                 "reporter/layout/builtin/logos/acme.png", "reporter/i18n/languages.toml",
                 "reporter/i18n/units.toml", "reporter/importer/rules.toml",
                 "reporter/i18n/locale/zh/LC_MESSAGES/reporter.mo", "reporter/i18n/locale/en/LC_MESSAGES/reporter.mo",
                 "reporter/pdf/_reportlab.py", "reporter/docx/_python_docx.py"):
        assert name in names, name
    assert not any(name.startswith(("tests/", "cases/", "bench/")) for name in names)


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
