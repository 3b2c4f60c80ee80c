"""Bad input: one clear line naming file, line and field, no traceback, nothing written. Odd but valid
input (markup characters, astral-plane characters, unbreakable strings) builds correctly."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CASE_36, copy_book, digests, docx_paragraphs, pdf_text, run, run_ok, squash

CASE = "036-cetc.yaml"


def edit(book: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in the case file; returns the line number where the new text starts."""
    path = book / CASE
    text = path.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new, count)
    path.write_text(text, "utf-8")
    return text[: text.index(new)].count("\n") + 1 if new else 0


def assert_one_line_error(capsys, book: Path, out: Path, *expected: str) -> str:
    for command in (["check", str(book / CASE)], ["build", str(book / CASE), "--out", str(out), "--lang", "zh"]):
        code, stdout, stderr = run(capsys, *command)
        assert code != 0
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert "Traceback" not in stderr
        for part in expected:
            assert part in lines[0], f"{part!r} not in {lines[0]!r}"
    assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"
    return lines[0]


CASES = {
    # name: (old text, new text, expected parts of the message; {line} is the edited line)
    "wrong type": ("value: 7300.24", 'value: "7300,24"',
                   [f"{CASE}:{{line}}: metrics[0].value: expected a number, got '7300,24'"]),
    "missing field": ("summary:\n  zh:", "summery:\n  zh:", [f"{CASE}:", "summery: unknown field; did you mean 'summary'?"]),
    "unknown enterprise": ("enterprise: cetc", "enterprise: cetcc",
                           [f"{CASE}:{{line}}: enterprise: 'cetcc' is not in the book's catalogue; did you mean 'cetc' (中国电科)?"]),
    "unknown unit": ("    unit: 万元\n    highlight: true", "    unit: 万圆\n    highlight: true",
                     [f"{CASE}:{{line}}: metrics[0].unit: unknown unit '万圆'"]),
    "control character": ("  zh: 中国电科：“综合党建+特色产业+志愿服务”精准扶贫模式",
                          '  zh: "中国电科\\a：综合党建"', [f"{CASE}:{{line}}: title.zh: control", "U+0007"]),
    "raw control character": ("  zh: 中国电科：“综合党建", "  zh: 中国电科\x1b：“综合党建",
                              [f"{CASE}:{{line}}: character U+001B is not allowed in YAML text"]),
    "bad date": ("date: 2021-11-15", "date: 2021-13-45", [f"{CASE}:{{line}}: date: expected a date"]),
    "bad language key": ("source: {zh: 责任云, en: Zerenyun}", "source: {zh: 责任云, english: Zerenyun}",
                         [f"{CASE}:{{line}}: source: 'english' is not a language code"]),
    "missing image": ("          - caption: {zh: 中国电科 大爱无疆 科技小屋",
                      "          - image: photos/hut.jpg\n            caption: {zh: 中国电科 大爱无疆 科技小屋",
                      [f"{CASE}:{{line}}: sections[1].subsections[2].figures[0].image: image file not found: photos/hut.jpg"]),
    "value and change": ("    from: 13\n", "    value: 13\n    from: 13\n",
                         [f"{CASE}:", "metrics[3]: give either value or from/to, not both"]),
    "duplicate key": ("date: 2021-11-15\n", "date: 2021-11-15\ndate: 2021-11-16\n", [f"{CASE}:{{line}}: date: duplicate key"]),
    "empty keyword": ("keywords:\n  - {zh: 乡村振兴, en: rural revitalisation}\n  - {zh: 脱贫攻坚, en: poverty eradication}\n"
                       "  - {zh: 科技扶贫, en: poverty alleviation through technology}\n"
                       "  - {zh: 产业扶贫, en: poverty alleviation through industry}\n"
                       "  - {zh: 消费扶贫, en: poverty alleviation through consumption}\n",
                       "keywords: [{zh: '', en: ''}]\n", [f"{CASE}:{{line}}: keywords[0]: text is empty"]),
    "yaml syntax": ("title:\n  zh: 中国电科", "title: [\n  zh: 中国电科", [f"{CASE}:", "YAML syntax error"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_case_gives_one_line(capsys, tmp_path, name):
    old, new, expected = CASES[name]
    book = copy_book(tmp_path)
    line = edit(book, old, new)
    if name == "duplicate key":
        line += 1
    assert_one_line_error(capsys, book, tmp_path / "out", *[e.format(line=line) for e in expected])


@pytest.mark.parametrize("content,expected", [
    (b"", "file is empty"),
    (b"   \n# only a comment\n", "file is empty"),
    ("enterprise: 中国电科".encode("gbk"), "not UTF-8 text"),
    (b"- a\n- b\n", "expected a mapping of fields at the top"),
    (b"\x00\x01\x02binary", "character U+0000 is not allowed"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
])
def test_unreadable_files(capsys, tmp_path, content, expected):
    book = copy_book(tmp_path)
    (book / CASE).write_bytes(content)
    assert_one_line_error(capsys, book, tmp_path / "out", CASE, expected)


def test_missing_file_and_book(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "nope.yaml"))
    assert code == 1 and err.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / CASE).write_bytes((copy_book(tmp_path) / CASE).read_bytes())
    code, _, err = run(capsys, "check", str(lonely / CASE))
    assert code == 1 and "book.yaml: no book.yaml beside the case" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("phone, expected", [
    ("12345", "'12345' is not a phone number that can be dialled; check its digits"),
    ("call me", "'call me' is not a phone number; write it as +86 153 1395 5512"),
    ("1" * 500, "a phone number of 500 characters; write one number, as +86 153 1395 5512"),
    ("", "'' is not a phone number; write it as +86 153 1395 5512"),
])
def test_a_contact_phone_that_is_no_phone_number_is_one_line(capsys, tmp_path, phone, expected):
    book = copy_book(tmp_path)
    text = (book / "book.yaml").read_text("utf-8")
    assert text.count('phone: "15313955512"') == 1
    (book / "book.yaml").write_text(text.replace('phone: "15313955512"', f'phone: "{phone}"'), "utf-8")
    code, _, err = run(capsys, "check", str(book / CASE))
    line = text[:text.index('phone: "15313955512"')].count("\n") + 1
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.strip() == f"error: {book / 'book.yaml'}:{line}: publisher.contacts[0].phone: {expected}", err


def test_markup_characters_build_correctly(capsys, tmp_path):
    book = copy_book(tmp_path)
    edit(book, "2020年是决胜全面建成小康社会", "R&D <研发> & “A<B” 2020年是决胜全面建成小康社会")
    out = tmp_path / "out"
    stdout, _ = run_ok(capsys, "build", str(book / CASE), "--out", str(out), "--lang", "zh")
    assert len(stdout.splitlines()) == 2
    assert "R&D<研发>&“A<B”2020年" in squash(pdf_text(out / "036-cetc.zh.pdf"))
    assert any("R&D <研发> & “A<B”" in text for _, text in docx_paragraphs(out / "036-cetc.zh.docx"))


def test_astral_and_missing_glyphs(capsys, tmp_path):
    book = copy_book(tmp_path)
    edit(book, "2020年是决胜全面建成小康社会", "𠮷野家 😀 2020年是决胜全面建成小康社会")
    out = tmp_path / "out"
    stdout, stderr = run_ok(capsys, "build", str(book / CASE), "--out", str(out), "--lang", "zh")
    assert "warning: 036-cetc.yaml: no font has a glyph for: 😀 (U+1F600)" in stderr
    text = pdf_text(out / "036-cetc.zh.pdf")
    assert "𠮷野家" in text, "the astral-plane character comes from a fallback font"
    assert "〓" in text and "😀" not in text, "a glyph no font has is marked, not a silent box"
    assert any("😀" in t for _, t in docx_paragraphs(out / "036-cetc.zh.docx")), "DOCX keeps the character"


@pytest.mark.parametrize("lang,word", [("zh", "测" * 500), ("en", "x" * 500)])
def test_unbreakable_500_characters(capsys, tmp_path, lang, word):
    book = copy_book(tmp_path)
    marker = "2020年是决胜全面建成小康社会" if lang == "zh" else "2020 was the year of the decisive battle"
    edit(book, marker, f"{word} {marker}")
    out = tmp_path / "out"
    run_ok(capsys, "build", str(book / CASE), "--out", str(out), "--lang", lang, "--format", "pdf")
    text = squash(pdf_text(out / f"036-cetc.{lang}.pdf"))
    # (the paragraph may split between pages: the page's furniture is read between its two parts)
    parts = re.findall(f"{word[0]}{{20,}}", text)
    assert "".join(parts) == word, "every character of the long string is on the page"


def test_failed_build_keeps_earlier_output(capsys, tmp_path):
    book = copy_book(tmp_path)
    out = tmp_path / "out"
    run_ok(capsys, "build", str(book / CASE), "--out", str(out), "--lang", "zh")
    before = digests(out)
    edit(book, "value: 7300.24", "value: seven")
    code, _, _ = run(capsys, "build", str(book / CASE), "--out", str(out), "--lang", "zh")
    assert code == 1
    assert digests(out) == before, "no partial file, no lost output"


def test_writer_crash_leaves_nothing(monkeypatch, tmp_path):
    from conftest import CASE_36
    from reporter.jobs.build import Builder
    builder = Builder()

    def explode(*_args, **_kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(builder.pdf, "write", explode)
    with pytest.raises(RuntimeError):
        builder.build(CASE_36, ["zh"], ["docx", "pdf"], tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_full_disk_is_one_line_naming_the_file(monkeypatch, capsys, tmp_path):
    import errno

    from reporter import output
    from reporter.errors import display_path

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    out = tmp_path / "out"
    code, _, err = run(capsys, "build", str(CASE_36), "--lang", "zh", "--format", "pdf", "--out", str(out))
    assert code == 1
    assert err.strip().splitlines() == [f"error: {display_path(out / '036-cetc.zh.pdf')}: cannot write the file: "
                                        "No space left on device"]
    assert not list(out.iterdir()), "no partial file"


def test_cli_usage_errors_are_one_line_after_the_usage(capsys):
    """A usage error, as any command-line tool's: the usage line and where to get help, then the error in one line."""
    code, _, err = run(capsys, "build", "x.yaml", "--lang", "fr")
    assert code == 1 and err.strip().startswith("error: language mode 'fr' is not valid")
    code, _, err = run(capsys, "bild")
    assert code == 2 and err.strip().splitlines() == [
        "Usage: reporter [OPTIONS] COMMAND [ARGS]...", "Try 'reporter -h' for help.",
        "error: No such command 'bild'. Did you mean 'build'?"]


def test_real_process_prints_no_traceback(tmp_path):
    """The command as an editor runs it (`python -m reporter`, what the console script calls)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "reporter", "check", str(bad)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"error: {bad}:2: YAML syntax error")
    assert "Traceback" not in result.stderr


def test_the_command_ends_with_its_output_flushed_and_its_exit_code(tmp_path):
    """The command ends without the interpreter's teardown (os._exit): whatever it printed into a pipe must
    still arrive, and each kind of ending keep its exit status."""
    def command(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "reporter", *args], capture_output=True, text=True,
                              cwd=tmp_path)
    built = command("build", str(CASE_36), "--lang", "zh", "--out", "out")
    assert (built.returncode, built.stdout.split()) == (0, [str(Path("out") / "036-cetc.zh.docx"),
                                                            str(Path("out") / "036-cetc.zh.pdf")])
    listed = command("layouts")
    assert listed.returncode == 0 and [line.split()[0] for line in listed.stdout.splitlines()] == \
        ["acme", "bluebook-house", "default"]
    assert command("--version").stdout.strip() == f"reporter, version {__import__('reporter').__version__}"
    missing = command("build", "none.yaml")
    assert (missing.returncode, missing.stderr) == (1, "error: none.yaml: file not found\n")
    usage = command("build", "--bogus")
    assert usage.returncode == 2 and usage.stderr.splitlines()[-1].startswith("error: No such option '--bogus'")


def test_missing_glyph_reported_on_every_build(tmp_path):
    """Font choices are remembered per character; the report must not be, or a second brief goes quiet."""
    from reporter.jobs.build import Builder
    book = copy_book(tmp_path)
    edit(book, "2020年是决胜全面建成小康社会", "😀 2020年是决胜全面建成小康社会")
    builder = Builder()
    for _ in range(2):
        result = builder.build(book / CASE, ["zh"], ["pdf"], tmp_path / "out")
        assert any("U+1F600" in warning for warning in result.warnings)


@pytest.mark.parametrize("fault", ["second file not placed", "folder in the way", "full disk"])
def test_a_build_writes_all_of_its_outputs_or_none(capsys, tmp_path, monkeypatch, fault):
    """A build whose second output fails after its first was placed leaves the earlier set whole: the same
    bytes as before, no new DOCX beside an old PDF, no temp file left."""
    import errno
    import hashlib
    import os

    from reporter import output

    def snapshot(folder: Path) -> dict[str, str]:
        return {p.name: "a folder" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.iterdir())}

    out = tmp_path / "out"
    run_ok(capsys, "build", str(CASE_36), "--out", str(out), "--lang", "zh")
    before = snapshot(out)
    assert sorted(before) == ["036-cetc.zh.docx", "036-cetc.zh.pdf"]
    (tmp_path / "book").mkdir()
    book = copy_book(tmp_path / "book")
    edit(book, "date: 2021-11-15", "date: 2021-11-16")  # the new outputs differ from the old
    if fault == "folder in the way":
        (out / "036-cetc.zh.pdf").unlink()
        (out / "036-cetc.zh.pdf").mkdir()
        before = snapshot(out)
    elif fault == "full disk":
        real_fsync, calls = os.fsync, []

        def fsync(fd):
            calls.append(fd)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real_fsync(fd)
        monkeypatch.setattr(output.os, "fsync", fsync)
    else:
        real_replace = os.replace

        def replace(source, target):
            if str(target).endswith(".pdf") and str(source).endswith(".new"):
                raise OSError(errno.EIO, "Input/output error", str(target))
            return real_replace(source, target)
        monkeypatch.setattr(output.os, "replace", replace)
    code, _, err = run(capsys, "build", str(book / CASE), "--out", str(out), "--lang", "zh")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "036-cetc.zh." in err, err
    assert snapshot(out) == before, "the earlier set, whole; no temp file left"


def test_an_output_folder_that_is_a_file_is_named(capsys, tmp_path):
    for target in (Path("/dev/full"), tmp_path / "a-file"):
        if target != Path("/dev/full"):
            target.write_text("x")
        code, _, err = run(capsys, "build", str(CASE_36), "--out", str(target), "--lang", "zh")
        assert code == 1
        assert err.strip() == f"error: {target}: not a folder; --out names the folder the outputs go to", err
