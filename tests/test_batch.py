"""The batch: every case of a book, failures isolated, a manifest, incremental, the same bytes whatever --jobs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synthetic_book import make_book  # noqa: E402

from conftest import assert_same_bytes  # noqa: E402
from reporter.jobs import batch as batch_module  # noqa: E402
from reporter.jobs.batch import MANIFEST, build_case, run_batch  # noqa: E402
from reporter.jobs.build import Builder  # noqa: E402
from reporter.cli import main  # noqa: E402
from reporter.layout.schema import load_layout  # noqa: E402

MODES, FORMATS = ["zh"], ["docx", "pdf"]


@pytest.fixture
def book(tmp_path) -> Path:
    """Three synthetic cases and one broken one."""
    folder = tmp_path / "book"
    files = make_book(folder, count=3)
    broken = folder / "004-baowu.yaml"
    text = files[0].read_text("utf-8").replace("enterprise: huaneng", "enterprise: baowu")
    broken.write_text(text.replace("value: 4380.14", "value: lots", 1) if "value: 4380.14" in text
                      else text.replace("unit: 万元", "unit: 万圆", 1), "utf-8")
    return folder


def batch(book: Path, out: Path, jobs: int, force: bool = False):
    return run_batch(book, load_layout(), MODES, FORMATS, out, jobs, force)


def test_a_broken_case_does_not_stop_the_others(book, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", str(book), "--lang", "zh", "--out", str(out), "--jobs", "2"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "failed: " in err and "004-baowu.yaml:" in err and "unknown unit '万圆'" in err
    assert "4 cases: 3 built, 0 unchanged, 1 failed; 6 files" in err
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    built = sorted(p.name for p in out.iterdir() if p.suffix in (".pdf", ".docx"))
    assert sorted(Path(r["path"]).name for r in manifest["outputs"]) == built
    assert [r["case"] for r in manifest["outputs"]] == [1, 1, 2, 2, 3, 3]
    assert [f["file"] for f in manifest["failures"]] == ["004-baowu.yaml"]
    for record in manifest["outputs"]:
        data = (out / record["path"]).read_bytes()
        assert record["size"] == len(data) and record["sha256"] == hashlib.sha256(data).hexdigest()
        assert (record["pages"] or 0) >= (3 if record["format"] == "pdf" else 0)
        assert record["lang"] == "zh"


def test_incremental_runs(book, tmp_path):
    (book / "004-baowu.yaml").unlink()
    out = tmp_path / "out"
    first = batch(book, out, 2)
    assert len(first.built) == 3 and not first.failed
    first_manifest = (out / MANIFEST).read_bytes()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = batch(book, out, 2)
    assert len(second.skipped) == 3 and not second.built
    assert (out / MANIFEST).read_bytes() == first_manifest, "skipped cases stay listed, the manifest is stable"
    touched = book / "002-huadian.yaml"
    touched.write_text(touched.read_text("utf-8").replace("2021-11-15", "2021-11-16"), "utf-8")
    third = batch(book, out, 2)
    assert [o.file for o in third.built] == ["002-huadian.yaml"] and len(third.skipped) == 2
    unchanged = [n for n in stamps if n.startswith(("001", "003"))]
    assert all((out / n).stat().st_mtime_ns == stamps[n] for n in unchanged), "untouched outputs not rewritten"
    (out / "001-huaneng.zh.pdf").unlink()
    fourth = batch(book, out, 1)
    assert [o.file for o in fourth.built] == ["001-huaneng.yaml"], "a deleted output is rebuilt"
    forced = batch(book, out, 2, force=True)
    assert len(forced.built) == 3


def test_jobs_do_not_change_the_bytes_and_equal_build(book, tmp_path):
    (book / "004-baowu.yaml").unlink()
    one, two, single = tmp_path / "one", tmp_path / "two", tmp_path / "single"
    batch(book, one, 1)
    batch(book, two, 2)
    builder = Builder()
    for path in sorted(book.glob("0*.yaml")):
        builder.build(path, MODES, FORMATS, single)
    names = sorted(p.name for p in single.iterdir())
    assert len(names) == 6
    for name in names:
        assert_same_bytes(one / name, two / name, single / name, label=name)


def test_status(book, capsys):
    shutil.copy(ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml", book / "036-cetc.yaml")
    main(["status", str(book)])
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["1", "中国华能", "huaneng", "001-huaneng.yaml"]
    assert out[3].split()[:2] == ["4", "中国宝武"] and "missing" in out[3], "its file fails validation"
    assert out[35].split() == ["36", "中国电科", "cetc", "036-cetc.yaml"]
    assert out[-2].startswith("invalid: ") and "004-baowu.yaml" in out[-2]
    assert out[-1] == "70 entries: 4 with a valid case, 66 without, 1 case file(s) failing validation"


def test_default_jobs_respects_a_container_cpu_quota(tmp_path):
    from reporter.jobs.batch import default_jobs

    cores = default_jobs(tmp_path / "none")  # no cgroup files: the cores the process may run on
    assert cores >= 1
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cpu.max").write_text("150000 100000\n")
    assert default_jobs(v2) == min(cores, 2), "1.5 CPUs: two workers"
    (v2 / "cpu.max").write_text("100000 100000\n")
    assert default_jobs(v2) == 1
    (v2 / "cpu.max").write_text("max 100000\n")
    assert default_jobs(v2) == cores
    v1 = tmp_path / "v1" / "cpu"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text("50000\n")
    (v1 / "cpu.cfs_period_us").write_text("100000\n")
    assert default_jobs(tmp_path / "v1") == 1
    (v1 / "cpu.cfs_quota_us").write_text("-1\n")
    assert default_jobs(tmp_path / "v1") == cores


def _dies_on_002(layout_name, case_path, **options):
    """build_case, but the process building case 002 is killed (module level: the pool pickles it by name)."""
    import os
    import signal

    if case_path.name.startswith("002"):
        (options["out_dir"] / f".{case_path.stem}.zh.pdf.x1y2z3.part").write_bytes(b"%PDF-1.4 half written")
        os.kill(os.getpid(), signal.SIGKILL)
    return build_case(layout_name, case_path, **options)


def test_a_worker_that_dies_fails_only_its_case(book, tmp_path, monkeypatch):
    """A case that kills the process building it (a crash in a C library, the out-of-memory killer) is reported
    as that case's failure; the cases the dead worker had not finished are built again, the rest are kept."""

    monkeypatch.setattr(batch_module, "build_case", _dies_on_002)  # the forked workers inherit it
    out = tmp_path / "out"
    report = batch(book, out, 2)
    failed = {o.file: o.error for o in report.outcomes if o.error}
    assert set(failed) == {"002-huadian.yaml", "004-baowu.yaml"}
    assert failed["002-huadian.yaml"].startswith("002-huadian.yaml: the process building it died")
    assert sorted(o.file for o in report.built) == ["001-huaneng.yaml", "003-china-telecom.yaml"]
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert sorted({r["path"].split(".")[0] for r in manifest["outputs"]}) == ["001-huaneng", "003-china-telecom"]
    assert {f["file"] for f in manifest["failures"]} == set(failed)
    assert not list(out.glob(".*.part")), "no half-written file is left in the output folder"


def test_ctrl_c_records_what_was_built_and_a_new_run_resumes(book, tmp_path):
    from reporter.jobs.batch import BatchAborted

    def interrupt_after_two(outcome, done, total):
        if done == 2:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(BatchAborted, match=r"aborted after 2 of 4 cases") as aborted:
        run_batch(book, load_layout(), MODES, FORMATS, out, 2, progress=interrupt_after_two)
    recorded = [o.file for o in aborted.value.report.outcomes]
    assert len(recorded) == 2
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert manifest["aborted"] is True
    assert sorted({r["path"].split(".")[0] + ".yaml" for r in manifest["outputs"]}) == \
        sorted(f for f in recorded if f != "004-baowu.yaml")
    assert not list(out.glob(".*.part"))
    again = batch(book, out, 2)
    assert sorted(o.file for o in again.skipped) == sorted(f for f in recorded if f != "004-baowu.yaml")
    assert "aborted" not in json.loads((out / MANIFEST).read_text("utf-8"))


def test_ctrl_c_in_the_command_is_one_line_and_exit_130(book, tmp_path, capsys, monkeypatch):
    import reporter.cli as cli_module

    def interrupted(*args):  # the command's run_batch, its progress report interrupted at the first case
        def progress(outcome, done, total):
            raise KeyboardInterrupt
        return run_batch(*args[:7], progress)

    monkeypatch.setattr(cli_module, "run_batch", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", str(book), "--lang", "zh", "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert exit_info.value.code == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: aborted after 1 of 4 cases; those are recorded in manifest.json and a new run builds "
                   "the rest"]


def test_a_second_batch_into_the_same_folder_is_refused(book, tmp_path, capsys):
    import fcntl

    from reporter.errors import display_path

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".reporter-lock", "a+b") as held:  # as a batch running in another process holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(SystemExit) as exit_info:
            main(["batch", str(book), "--lang", "zh", "--out", str(out), "--jobs", "2"])
        assert exit_info.value.code == 1
        assert capsys.readouterr().err.strip().splitlines() == [
            f"error: {display_path(out)}: another `reporter batch` is writing to this folder; run this one when it "
            "has finished"]
        assert not (out / MANIFEST).exists()
    report = batch(book, out, 2)  # once the other has finished
    assert len(report.built) == 3


def test_a_full_disk_names_the_file_it_could_not_write(book, tmp_path, capsys, monkeypatch):
    import errno

    from reporter import output
    from reporter.errors import display_path

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", str(book), "--lang", "zh", "--out", str(out), "--jobs", "1"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == f"error: {display_path(out / MANIFEST)}: No space left on device"
    assert not list(out.glob(".*.part")) and not (out / MANIFEST).exists()


def test_a_changed_layout_or_font_rebuilds_every_case(book, tmp_path):
    """The layout's own file, the files it extends and names, and its fonts are inputs of every case: changing
    any of them rebuilds all the cases, not only changed ones."""
    (book / "004-baowu.yaml").unlink()
    folder = tmp_path / "layouts"
    folder.mkdir()
    shutil.copy(load_layout("default").font_face("body", "latin").path, folder / "Body.ttf")
    layout_file = folder / "mine.toml"
    layout_file.write_text('extends = "default"\nname = "Mine"\n[fonts.body]\nlatin = "Body.ttf"\n', "utf-8")
    out = tmp_path / "out"

    def run():
        return run_batch(book, load_layout(str(layout_file)), ["zh"], ["pdf"], out, 1, False)

    assert len(run().built) == 3 and len(run().skipped) == 3
    layout_file.write_text(layout_file.read_text("utf-8") + '[colours]\nprimary = "#204060"\n', "utf-8")
    assert len(run().built) == 3, "the layout file changed"
    assert len(run().skipped) == 3
    stamp = (folder / "Body.ttf").stat()
    os.utime(folder / "Body.ttf", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))  # a new copy of the font
    batch_module._font_stamp.cache_clear()  # a new process would look again
    assert len(run().built) == 3, "a font changed"


def test_two_files_of_one_case_are_an_error_naming_both(book, tmp_path, capsys):
    """status, index, volume and batch each refuse a book where two files give one case number."""
    first = sorted(book.glob("0*.yaml"))[0]
    copy = first.with_name(first.stem + "-copy.yaml")
    shutil.copy(first, copy)
    message = f"case {int(first.name[:3])} "

    def run(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out + captured.err

    code, text = run("status", str(book))
    assert code == 1
    assert f"invalid: {first.name}: enterprise: {message}" in text and f"is also the case of {copy.name}" in text
    assert f"invalid: {copy.name}: enterprise: {message}" in text and f"is also the case of {first.name}" in text
    for command in ("index", "volume"):
        code, text = run(command, str(book), "--lang", "zh", "--out", str(tmp_path / command))
        line = text.strip().splitlines()[-1]
        assert code == 1 and line.startswith(f"error: {book}/") and f"enterprise: {message}" in line, text
        assert first.name in line and copy.name in line, text
    code, text = run("batch", str(book), "--lang", "zh", "--out", str(tmp_path / "batch"), "--jobs", "1")
    assert code == 1
    manifest = json.loads((tmp_path / "batch" / MANIFEST).read_text("utf-8"))
    failed = {f["file"]: f["error"] for f in manifest["failures"]}
    assert sorted(failed) == sorted([first.name, copy.name, "004-baowu.yaml"]) and copy.name in failed[first.name]
    assert not [o for o in manifest["outputs"] if o["case"] == int(first.name[:3])]


def test_warnings_are_counted_and_kept_in_the_manifest(book, tmp_path, capsys):
    """Each synthetic case has three figures without images: the batch says how many cases warned, each warning is
    in the manifest, and an unchanged case keeps its warnings on the next run."""
    (book / "004-baowu.yaml").unlink()
    out = tmp_path / "out"
    for run in range(2):
        main(["batch", str(book), "--lang", "zh", "--out", str(out), "--jobs", "1"])
        err = capsys.readouterr().err
        assert "3 with warnings" in err
        assert ("001-huaneng.yaml: unchanged" in err) == (run == 1)
        warnings = json.loads((out / MANIFEST).read_text("utf-8"))["warnings"]
        assert [w["file"] for w in warnings] == ["001-huaneng.yaml", "002-huadian.yaml", "003-china-telecom.yaml"]
        assert all("3 figures have no image and are left out" in w["warning"] for w in warnings)
