"""The tree follows the pipeline: each part imports only from the parts before it, with no circles, and the
writers read only the composed document and the style sheet."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "reporter"
LAYERS = {
    "errors": 0, "limits": 0, "patching": 0, "deflate": 0, "output": 0,
    "model": 1, "i18n": 1, "fonts": 1, "press": 1,
    "layout": 2,
    "compose": 3,
    "pdf": 4, "docx": 4,
    "jobs": 5, "importer": 5,
    "preview": 6,
    "cli": 7, "__main__": 7,
}
"""Each part of the package and its place in the pipeline: a module imports only from its own part or lower."""
WRITERS = ("reporter.pdf.writer", "reporter.pdf.index", "reporter.docx.writer")
WRITERS_MAY_NOT_READ = ("reporter.i18n", "reporter.model", "reporter.layout.schema", "reporter.compose.brief",
                        "reporter.compose.book", "reporter.jobs")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(inside_functions: bool = False) -> dict[str, set[str]]:
    """Module -> the reporter modules it imports when it is imported (and, with inside_functions, those its
    functions import when they run)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        found = set()
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree) if inside_functions else tree.body:
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


@pytest.mark.parametrize("inside_functions", [False, True], ids=["module level", "functions too"])
def test_no_import_circles(inside_functions):
    """No circle of imports, not even through an import put inside a function to hide one."""
    graph = _imports(inside_functions)
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


def test_the_reportlab_adapter_sits_below_our_code():
    """The adapter is handed what it calls of ours (Hooks: the CJK line breaker, the widths); it imports only the
    patching helpers and the document's plain constants, never a breaker, a font or a writer."""
    imported = _imports(inside_functions=True)["reporter.pdf._reportlab"]
    assert imported <= {"reporter.patching", "reporter.compose.document", "reporter.compose.punctuation",
                        "reporter.deflate"}, imported


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


def test_every_mutation_of_scripts_mutations_still_finds_its_line():
    """A mutation whose line was moved or renamed mutates nothing: four had gone stale this way unseen."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("mutations", ROOT / "scripts" / "mutations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    stale = [name for name, path, old, _ in module.MUTATIONS if (ROOT / path).read_text("utf-8").count(old) != 1]
    assert not stale, stale
