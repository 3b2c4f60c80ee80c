"""The command line as any tool's: help for the tool alone, the usage line kept in a usage error, choices in any
case, a language given twice built once, the layouts folder after the command's name or from REPORTER_LAYOUTS."""

from __future__ import annotations

import pytest

from conftest import CASE_36, run, run_ok


def test_the_tool_alone_prints_its_help(capsys):
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    assert out.startswith("Usage: reporter [OPTIONS] COMMAND [ARGS]...")
    assert "build" in out and "volume" in out


def test_a_usage_error_keeps_the_usage_line(capsys):
    code, out, err = run(capsys, "build", "--frmat", "pdf", str(CASE_36))
    assert code == 2
    assert err.splitlines() == ["Usage: reporter build [OPTIONS] CASES...", "Try 'reporter build -h' for help.",
                                "error: No such option '--frmat'. Did you mean '--format'?"]


def test_choices_in_any_case_and_a_language_twice_built_once(capsys, tmp_path):
    out, _ = run_ok(capsys, "build", str(CASE_36), "--lang", "ZH,zh", "--lang", "Zh", "--format", "PDF",
                    "--profile", "Print", "--out", str(tmp_path))
    assert out.split() == [str(tmp_path / "036-cetc.zh.print.pdf")]


@pytest.fixture
def own_layouts(tmp_path):
    folder = tmp_path / "layouts-elsewhere"
    folder.mkdir()
    (folder / "mine.toml").write_text('name = "Mine"\nextends = "acme"\n', "utf-8")
    return folder


def test_the_layouts_folder_may_follow_the_command(capsys, tmp_path, own_layouts):
    out, _ = run_ok(capsys, "build", str(CASE_36), "--layout", "mine", "--layouts", str(own_layouts), "--lang",
                    "zh", "--format", "pdf", "--out", str(tmp_path / "out"))
    assert out.split() == [str(tmp_path / "out" / "036-cetc.mine.zh.pdf")]
    out, _ = run_ok(capsys, "layouts", f"--layouts={own_layouts}")
    assert "mine " in out


def test_the_layouts_folder_may_come_from_the_environment(capsys, monkeypatch, own_layouts):
    monkeypatch.setenv("REPORTER_LAYOUTS", str(own_layouts))
    out, _ = run_ok(capsys, "layouts")
    assert [line.split()[0] for line in out.splitlines()] == ["acme", "bluebook-house", "default", "mine"]
