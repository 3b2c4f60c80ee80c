"""Starting a book: `reporter init` (the 2021 catalogue, the example case with its picture, a client layout, the
defaults and the schemas), `reporter new case`, and the reporter.toml defaults the commands then take."""

from __future__ import annotations

import difflib
import json

import pytest

from conftest import CASE_36, ROOT, run, run_ok
from reporter.jobs.schemas import json_schema

STARTER = ROOT / "reporter" / "starter"


def test_init_starts_a_book_that_builds_with_its_defaults(capsys, tmp_path, monkeypatch):
    book = tmp_path / "my-book"
    out, err = run_ok(capsys, "init", str(book))
    assert sorted(path.replace(str(book) + "/", "") for path in out.split()) == [
        "036-cetc.yaml", "036-poverty-rate.png", "book.yaml", "layouts/client.toml", "reporter.toml",
        "schemas/book.schema.json", "schemas/case.schema.json", "schemas/defaults.schema.json",
        "schemas/layout.schema.json"]
    assert err.strip() == f"next: reporter build {book}"
    assert json.loads((book / "schemas" / "case.schema.json").read_text("utf-8")) == json_schema("case")
    monkeypatch.chdir(tmp_path)  # elsewhere: the book's reporter.toml applies to a case of the book
    out, err = run_ok(capsys, "build", str(book / "036-cetc.yaml"))
    assert out.split() == [str(book / "out" / f"036-cetc.client.{mode}.{fmt}")
                           for mode in ("zh", "zh+en") for fmt in ("pdf", "docx")]
    assert "preflight" not in err, "the example's picture prints sharp enough"
    out, _ = run_ok(capsys, "build", str(book / "036-cetc.yaml"), "--lang", "en", "--format", "pdf", "--layout",
                    "default", "--out", str(tmp_path / "mine"))  # the command line wins
    assert out.split() == [str(tmp_path / "mine" / "036-cetc.en.pdf")]


def test_the_example_case_is_case_36_with_a_picture():
    added = [line for line in difflib.ndiff(CASE_36.read_text("utf-8").splitlines(),
                                            (STARTER / "036-cetc.yaml").read_text("utf-8").splitlines())
             if line.startswith(("+ ", "- "))]
    expected = ["+ # yaml-language-server: $schema=schemas/case.schema.json", "+     figures:",
                "+       - image: 036-poverty-rate.png", "+         caption: {zh: 绥德县、叙永县贫困发生率：帮扶前后",
                "+         alt: {zh: 柱状图："]
    assert len(added) == len(expected) and all(line.startswith(start) for line, start in zip(added, expected)), added
    assert (STARTER / "book.yaml").read_bytes() == (CASE_36.parent / "book.yaml").read_bytes()


def test_init_will_not_write_into_a_folder_with_files(capsys, tmp_path):
    (tmp_path / "old.txt").write_text("kept", "utf-8")
    code, out, err = run(capsys, "init", str(tmp_path))
    assert code == 1 and out == ""
    assert err == f"error: {tmp_path}: already exists and is not an empty folder; give a new folder for the book\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["old.txt"]


def test_an_empty_book_and_a_new_case_for_it(capsys, tmp_path):
    book = tmp_path / "empty"
    run_ok(capsys, "init", str(book), "--empty")
    assert not (book / "036-cetc.yaml").exists()
    out, _ = run_ok(capsys, "new", "case", "示例企业", "--book", str(book))
    case = book / "001-example.yaml"
    assert out.split() == [str(case)]
    assert case.read_text("utf-8").startswith("# yaml-language-server: $schema=schemas/case.schema.json\n")
    out, _ = run_ok(capsys, "check", str(case))
    assert out.strip() == f"{case}: ok (case 1, 示例企业)"
    out, _ = run_ok(capsys, "build", str(case), "--format", "pdf", "--out", str(tmp_path / "out"))
    assert out.split() == [str(tmp_path / "out" / "001-example.client.zh.pdf"),
                           str(tmp_path / "out" / "001-example.client.zh+en.pdf")]
    code, _, err = run(capsys, "new", "case", "example", "--book", str(book))
    assert code == 1 and err.strip().endswith("001-example.yaml: already exists; give another file with -o, or "
                                              "edit this one")
    code, _, err = run(capsys, "new", "case", "nobody", "--book", str(book))
    assert code == 1 and "'nobody' is not in the book's catalogue (its ids: example, ...;" in err


@pytest.mark.parametrize("text, message", [
    ('[defaults]\nlanguage = "zh"\n', "reporter.toml:2: defaults.language:"),
    ('[defaults]\nformat = 3\n', "reporter.toml:2: defaults.format:"),
    ('[defaults\n', "reporter.toml:1: TOML syntax error"),
    ('[default]\nlang = "zh"\n', "reporter.toml:1: default:"),
])
def test_a_bad_reporter_toml_is_one_line(capsys, tmp_path, monkeypatch, text, message):
    (tmp_path / "reporter.toml").write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "build", str(CASE_36), "--out", str(tmp_path / "out"))
    assert code == 1 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "out").exists()


def test_one_language_may_be_given_alone(capsys, tmp_path, monkeypatch):
    (tmp_path / "reporter.toml").write_text('[defaults]\nlang = "en"\nformat = "pdf"\nout = "briefs"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    out, _ = run_ok(capsys, "build", str(CASE_36))
    assert out.split() == ["briefs/036-cetc.en.pdf"]  # as the user would write it, from where they are


def test_an_import_into_a_started_book_points_its_editor_to_the_schema(capsys, tmp_path):
    book = tmp_path / "book"
    run_ok(capsys, "init", str(book))
    (book / "036-cetc.yaml").unlink()
    run_ok(capsys, "import", str(ROOT / "examples" / "articles" / "036-cetc.txt"), "--book", str(book))
    assert (book / "036-cetc.yaml").read_text("utf-8").startswith(
        "# yaml-language-server: $schema=schemas/case.schema.json\n# Imported by `reporter import`")
