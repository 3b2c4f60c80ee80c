"""The command line as any tool's: help for the tool alone, the usage line kept in a usage error, choices in any
case, a language given twice built once, the layouts folder after the command's name or from REPORTER_LAYOUTS."""

from __future__ import annotations

import re

import pytest

from conftest import BOOK_DIR, CASE_36, copy_book, run, run_ok


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


def test_a_book_folder_stands_for_its_cases_and_its_book_yaml_is_no_case(capsys, tmp_path):
    book = copy_book(tmp_path)
    out, _ = run_ok(capsys, "build", str(book), "--lang", "zh", "--format", "pdf", "--out", str(tmp_path / "a"))
    assert out.split() == [str(tmp_path / "a" / "036-cetc.zh.pdf")]
    out, _ = run_ok(capsys, "build", str(book / "book.yaml"), str(book / "036-cetc.yaml"), "--lang", "zh",
                    "--format", "pdf", "--out", str(tmp_path / "b"))  # as cases/*.yaml names them
    assert out.split() == [str(tmp_path / "b" / "036-cetc.zh.pdf")]
    out, _ = run_ok(capsys, "check", str(book))
    assert [line.split(":")[0] for line in out.splitlines()] == [str(book / "book.yaml"), str(book / "036-cetc.yaml")]
    code, _, err = run(capsys, "build", str(tmp_path / "a"), "--out", str(tmp_path / "c"))
    assert code == 1 and err.strip().endswith("a folder given as a case must be a book's, with its book.yaml")


def test_a_case_kept_apart_from_its_book(capsys, tmp_path):
    alone = tmp_path / "drafts"
    alone.mkdir()
    (alone / "036-cetc.yaml").write_bytes(CASE_36.read_bytes())
    code, _, err = run(capsys, "build", str(alone / "036-cetc.yaml"), "--out", str(tmp_path / "out"))
    assert code == 1 and "no book.yaml beside the case (give the book's folder with --book DIR)" in err
    out, _ = run_ok(capsys, "build", str(alone / "036-cetc.yaml"), "--book", str(BOOK_DIR), "--lang", "zh",
                    "--format", "pdf", "--out", str(tmp_path / "out"))
    assert out.split() == [str(tmp_path / "out" / "036-cetc.zh.pdf")]
    out, _ = run_ok(capsys, "check", str(alone / "036-cetc.yaml"), "--book", str(BOOK_DIR))
    assert out.strip().endswith("ok (case 36, 中国电科)")


@pytest.mark.parametrize("given, said", [
    ("中国电科", "ok (case 36, 中国电科)"),
    ("中国电子科技集团有限公司", "ok (case 36, 中国电科)"),
    ("CETC", "ok (case 36, 中国电科)"),
    ("cetcc", "'cetcc' is not in the book's catalogue; did you mean 'cetc' (中国电科)?"),
    ("zzzz", "`reporter status BOOK_DIR` lists the enterprises with their ids"),
])
def test_an_enterprise_by_its_id_or_its_name(capsys, tmp_path, given, said):
    book = copy_book(tmp_path)
    case = book / "036-cetc.yaml"
    case.write_text(case.read_text("utf-8").replace("enterprise: cetc", f"enterprise: {given}", 1), "utf-8")
    code, out, err = run(capsys, "check", str(case)) if said.startswith("'") or said.startswith("`") else \
        (0, *run_ok(capsys, "check", str(case)))
    assert said in out + err


def test_status_shows_the_ids(capsys):
    out, _ = run_ok(capsys, "status", str(BOOK_DIR))
    line = next(line for line in out.splitlines() if line.lstrip().startswith("36 "))
    assert line.split()[1:] == ["中国电科", "cetc", "036-cetc.yaml"]


def test_a_tab_is_said_to_be_a_tab(capsys, tmp_path):
    book = copy_book(tmp_path)
    case = book / "036-cetc.yaml"
    case.write_text(case.read_text("utf-8").replace("  zh: 中国电科：", "\tzh: 中国电科：", 1), "utf-8")
    code, _, err = run(capsys, "check", str(case))
    assert code == 1 and err.strip().endswith("YAML syntax error: a tab indents this line; YAML indents with spaces "
                                              "only")


def test_an_unknown_key_lists_the_keys_of_its_table(capsys, tmp_path):
    layout = tmp_path / "mine.toml"
    layout.write_text('name = "Mine"\nextends = "default"\n[logo]\nimage = "a.png"\n', "utf-8")
    code, _, err = run(capsys, "layout", "show", str(layout))
    assert code == 1 and err.strip().endswith("mine.toml:4: logo.image: unknown key; the keys here: file, on_dark, "
                                              "place, height_mm, alt")
    layout.write_text('name = "Mine"\nextends = "default"\nlogo = "a.png"\n', "utf-8")
    code, _, err = run(capsys, "layout", "show", str(layout))
    assert code == 1 and err.strip().endswith("mine.toml:3: logo: expected a table of file, on_dark, place, "
                                              "height_mm, alt, got 'a.png'")


def test_a_batch_groups_its_warnings(capsys, tmp_path):
    import sys
    sys.path.insert(0, str(BOOK_DIR.parent.parent / "bench"))
    from synthetic_book import make_book
    book = tmp_path / "book"
    book.mkdir()
    make_book(book, count=3)
    _, err = run_ok(capsys, "batch", str(book), "--lang", "zh", "--format", "pdf", "--out", str(tmp_path / "o"),
                    "--jobs", "1")
    progress = [line for line in err.splitlines() if line.startswith("[")]
    assert len(progress) == 3 and all(re.search(r": built in [\d.]+ s; 1 warning \(below\)$", line)
                                      for line in progress), progress
    grouped = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(grouped) == 1, grouped
    assert grouped[0].endswith("(3 cases: 001-huaneng.yaml, 002-huadian.yaml, 003-china-telecom.yaml)")


def test_a_picture_path_written_on_windows(capsys, tmp_path):
    from PIL import Image
    book = copy_book(tmp_path)
    (book / "pictures").mkdir()
    Image.new("RGB", (2400, 1600), (90, 120, 160)).save(book / "pictures" / "village.jpg")
    case = book / "036-cetc.yaml"
    case.write_text(case.read_text("utf-8").replace(
        "          - caption: {zh: 中国电科援建的高建村党群服务中心",
        "          - image: pictures\\\\village.jpg\n            caption: {zh: 中国电科援建的高建村党群服务中心", 1), "utf-8")
    out, _ = run_ok(capsys, "check", str(case))
    assert out.strip().endswith("ok (case 36, 中国电科)")


def test_a_batch_of_some_cases_only(capsys, tmp_path):
    import json
    import sys
    sys.path.insert(0, str(BOOK_DIR.parent.parent / "bench"))
    from synthetic_book import make_book
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    make_book(book, count=3)
    run_ok(capsys, "batch", str(book), "--lang", "zh", "--format", "pdf", "--out", str(out), "--jobs", "1")
    for name in ("001-huaneng.yaml", "002-huadian.yaml"):
        case = book / name
        case.write_text(case.read_text("utf-8").replace("date: 2021-", "date: 2020-", 1), "utf-8")
    _, err = run_ok(capsys, "batch", str(book), "--only", "2", "--lang", "zh", "--format", "pdf", "--out", str(out),
                    "--jobs", "1")
    assert [line.split(":")[0] for line in err.splitlines() if line.startswith("[")] == ["[1/1] 002-huadian.yaml"]
    assert "1 built" in err.splitlines()[-1]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert len(manifest["outputs"]) == 3, "the cases not chosen stay in the manifest"
    _, err = run_ok(capsys, "batch", str(book), "--lang", "zh", "--format", "pdf", "--out", str(out), "--jobs", "1")
    assert [line.split("] ")[1].split(":")[0] for line in err.splitlines() if "built in" in line] == \
        ["001-huaneng.yaml"], \
        "case 1, changed but not chosen, is built by the next whole run"
    code, _, err = run(capsys, "batch", str(book), "--only", "two", "--out", str(out))
    assert code == 1 and err.strip() == "error: --only: expected case numbers (36,60), got 'two'"


def test_one_output_to_a_file_of_ones_choosing(capsys, tmp_path):
    target = tmp_path / "briefs" / "cetc.pdf"
    out, _ = run_ok(capsys, "build", str(CASE_36), "--lang", "zh", "-o", str(target))
    assert out.split() == [str(target)] and target.read_bytes().startswith(b"%PDF-")
    code, _, err = run(capsys, "build", str(CASE_36), "--lang", "zh,en", "-o", str(tmp_path / "two.pdf"))
    assert code == 1 and "-o names one file: give one case, one --lang and one --format (here 1 case(s), 2 language " \
                         "mode(s), 1 format(s)); --out names a folder" in err
    code, _, err = run(capsys, "build", str(CASE_36), "--lang", "zh", "--format", "docx", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and err.strip() == "error: -o x.pdf: a DOCX file ends in .docx"
    assert not (tmp_path / "two.pdf").exists() and not (tmp_path / "x.pdf").exists()


def test_quiet_and_verbose(capsys, tmp_path):
    out, err = run_ok(capsys, "build", str(CASE_36), "--lang", "zh", "--format", "pdf", "--out", str(tmp_path), "-q")
    assert out.split() == [str(tmp_path / "036-cetc.zh.pdf")] and err == ""
    out, err = run_ok(capsys, "--verbose", "build", str(CASE_36), "--lang", "zh", "--format", "pdf", "--out",
                      str(tmp_path))
    assert re.search(r"^  pdf zh: \d+ pages, \d+ KB, sha256 [0-9a-f]{12}$", err, re.M), err
    assert "warning: 036-cetc.yaml: 3 figures have no image" in err


def test_a_dry_run_says_what_would_be_built_and_why(capsys, tmp_path):
    import sys
    sys.path.insert(0, str(BOOK_DIR.parent.parent / "bench"))
    from synthetic_book import make_book
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    make_book(book, count=2)
    options = ["--lang", "zh", "--format", "pdf", "--out", str(out), "--jobs", "1"]
    said, err = run_ok(capsys, "batch", str(book), *options, "--dry-run")
    assert said.splitlines() == ["001-huaneng.yaml: would be built: never built into this folder",
                                 "002-huadian.yaml: would be built: never built into this folder"]
    assert err.strip() == "2 cases: 2 would be built, 0 unchanged; nothing written" and not out.exists()
    run_ok(capsys, "-q", "batch", str(book), *options)
    case = book / "002-huadian.yaml"
    case.write_text(case.read_text("utf-8").replace("date: 2021-", "date: 2020-", 1), "utf-8")
    said, _ = run_ok(capsys, "batch", str(book), *options, "--dry-run")
    assert said.splitlines() == ["001-huaneng.yaml: unchanged",
                                 "002-huadian.yaml: would be built: the case file changed"]
    said, _ = run_ok(capsys, "batch", str(book), *options[:-4], "--format", "docx", "--out", str(out), "--dry-run",
                     "--only", "1")
    assert said.splitlines() == ["001-huaneng.yaml: would be built: the book, its pictures, the layout, the "
                                 "languages and formats or the tool changed"]


def test_every_problem_of_a_file_in_one_run(capsys, tmp_path):
    book = copy_book(tmp_path)
    case = book / "036-cetc.yaml"
    text = case.read_text("utf-8").replace("summary:", "summry:", 1).replace("    value: 7300.24", '    value: "7300,24"', 1)
    case.write_text(text.replace("    highlight: true", "    highlight: yes please", 1), "utf-8")
    code, _, err = run(capsys, "check", str(case))
    assert code == 1
    assert [re.search(r"\.yaml:\d+: ([^:]+):", line).group(1) for line in err.splitlines()] == [
        "summry", "metrics[0].value", "metrics[0].highlight"], err
    assert "summary: required field missing" not in err, "the typo beside it is told instead"
    many = text.replace("    highlight: true", "    highlight: 3")  # every metric's highlight wrong
    for index in range(30):
        many = many.replace("keywords:", f"extra_{index}: 1\nkeywords:", 1)
    case.write_text(many, "utf-8")
    code, _, err = run(capsys, "build", str(case), "--out", str(tmp_path / "out"))
    lines = err.splitlines()
    assert code == 1 and len(lines) == 21 and lines[-1].startswith("error: ... and ") and \
        lines[-1].endswith("more problem(s) in this file")
    assert not (tmp_path / "out").exists()
