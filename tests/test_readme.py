"""The README's first brief, run as a reader would type it: every command works and writes what it says."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT, run_ok

SKIPPED = ("preview",)
"""Commands that serve until stopped."""


def _first_brief() -> list[list[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## A first brief\n\n```bash\n(.*?)```", text, re.S).group(1)
    return [shlex.split(line.split("#")[0]) for line in block.splitlines() if line.strip()]


def test_the_readme_first_brief_runs(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = _first_brief()
    assert [command[:2] for command in commands][:3] == [["reporter", "init"], ["cd", "my-book"],
                                                        ["reporter", "build"]]
    for command in commands:
        if command[0] == "cd":
            monkeypatch.chdir(command[1])
        elif command[1] not in SKIPPED:
            run_ok(capsys, *command[1:])
    book = tmp_path / "my-book"
    assert sorted(path.name for path in (book / "out").glob("036-cetc.*")) == sorted(
        f"036-cetc.client.{mode}.{fmt}" for mode in ("zh", "zh+en") for fmt in ("docx", "pdf"))
    assert (book / "001-huaneng.yaml").is_file() and (book / "case.schema.json").is_file()
    assert (book / "out" / "volume.client.zh.print.pdf").is_file()
