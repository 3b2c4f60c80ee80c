"""`reporter preview`: a real headless browser (Playwright with Debian's Chromium) opens the page, the case is edited
on disk as an editor's save does (a new file renamed over the old), and the page shows the new text; an error
shows as one line over the last good pages, and a fix brings the pages back; the language and the layout switch on
the page; Ctrl-C stops the server cleanly; nothing listens beyond the loopback address."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CASE_36, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REPORTER = [sys.executable, "-m", "reporter"]


def _save(path: Path, text: str) -> None:
    """As an editor saves: a new file, renamed over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def _start(case: Path, *args: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*REPORTER, "preview", str(case), "--port", "0", *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        raise AssertionError(f"no address printed: {line!r} {process.stderr.read()}")
    return process, found.group(0)


def _stop(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    return process.returncode, out, err


@pytest.fixture
def book(tmp_path) -> Path:
    folder = tmp_path / "book"
    shutil.copytree(CASE_36.parent, folder)
    return folder


@pytest.fixture
def server(book):
    process, url = _start(book / CASE_36.name, "--lang", "zh")
    yield process, url, book / CASE_36.name
    if process.poll() is None:
        process.kill()
        process.communicate()


def _get(url: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_ctrl_c_stops_the_server_cleanly_and_it_listened_on_loopback_only(server):
    process, url, _ = server
    port = int(url.rsplit(":", 1)[1].strip("/"))
    listening = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port]
    assert [entry[1].split(":")[0] for entry in listening] == ["0100007F"], "listens on 127.0.0.1 and nowhere else"
    status, body = _get(url + "state")
    assert status == 200 and b'"generation": 1' in body.replace(b'":1', b'": 1')
    assert _get(url + "state", host=f"rebinding.example:{port}")[0] == 403
    code, out, err = _stop(process)
    assert code == 0 and out.strip().endswith("preview: stopped"), (out, err)
    assert "Traceback" not in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_a_port_in_use_is_one_line(book):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([*REPORTER, "preview", str(book / CASE_36.name), "--port", str(port)], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: cannot listen on 127.0.0.1:{port}: Address already in use; give " \
                                    "another --port (0 picks a free one)"


def test_a_missing_case_or_unknown_layout_is_one_line(book):
    result = subprocess.run([*REPORTER, "preview", str(book / CASE_36.name), "--layout", "nonesuch", "--port", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it): the browser test is skipped")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _texts(page) -> str:
    return "\n".join(page.locator(".page .text").all_text_contents())


def _next_build(page, after: int) -> int:
    page.wait_for_function(f"window.previewGeneration > {after}", timeout=30_000)
    return page.evaluate("window.previewGeneration")


def test_the_page_follows_the_edits_shows_errors_and_switches(server, browser):
    process, url, case = server
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(url)
    generation = _next_build(page, 0)
    assert "中国电科" in _texts(page) and page.locator(".page img").count() >= 3
    first_pictures = page.locator(".page img").evaluate_all("images => images.map(i => i.src)")

    original = case.read_text("utf-8")
    edited = original.replace("始终坚持以习近平总书记", "预览测试：始终坚持以习近平总书记", 1)
    assert edited != original
    _save(case, edited)
    generation = _next_build(page, generation)
    assert "预览测试" in _texts(page)
    pictures = page.locator(".page img").evaluate_all("images => images.map(i => i.src)")
    assert pictures[0] != first_pictures[0] and pictures[-1] == first_pictures[-1], \
        "the first page was drawn again; the index page, unchanged, kept its picture"

    broken = edited.replace("date: 2021-11-15", "date: 2021-13-45", 1)
    assert broken != edited
    _save(case, broken)
    generation = _next_build(page, generation)
    error = page.locator("#error")
    assert error.is_visible()
    message = error.text_content()
    assert re.fullmatch(r"\S*036-cetc\.yaml:\d+: date: .+", message) and "\n" not in message, message
    assert "预览测试" in _texts(page) and page.locator(".page img").count() >= 3, "the last good pages stay"

    _save(case, edited.replace("预览测试", "修好了", 1))
    generation = _next_build(page, generation)
    assert not page.locator("#error").is_visible()
    assert "修好了" in _texts(page) and "预览测试" not in _texts(page)

    page.select_option("#lang", "en")
    generation = _next_build(page, generation)
    assert "China Electronics Technology" in _texts(page) and "修好了" not in _texts(page)
    page.select_option("#layout", "acme")
    generation = _next_build(page, generation)
    assert page.evaluate("fetch('/state').then(r => r.json()).then(s => s.layout)") == "acme"
    assert page.locator("#layout").input_value() == "acme" and not page.locator("#error").is_visible()

    code, out, err = _stop(process)
    assert code == 0 and "preview: stopped" in out and "Traceback" not in err


def test_a_layout_or_logo_edit_rebuilds_with_the_new_layout(book, tmp_path, browser):
    """The layout chain and its files are watched: a client's colour changed in its TOML shows at once."""
    layout = tmp_path / "client.toml"
    layout.write_text('extends = "default"\n[colours]\naccent = "#1F4E79"\n', "utf-8")
    process, url = _start(book / CASE_36.name, "--layout", str(layout), "--lang", "en")
    try:
        page = browser.new_page()
        page.goto(url)
        generation = _next_build(page, 0)
        before = page.locator(".page img").first.get_attribute("src")
        _save(layout, 'extends = "default"\n[colours]\naccent = "#C00000"\n')
        _next_build(page, generation)
        assert page.locator(".page img").first.get_attribute("src") != before
        assert page.locator("#layout").input_value() == str(layout)
    finally:
        code, out, err = _stop(process)
    assert code == 0, err


# -- the session, without a server or a browser ---------------------------------------------------------------------

def test_a_failed_build_keeps_the_last_good_pages_and_says_why_in_one_line(book):
    from reporter.preview.session import PreviewSession
    case = book / CASE_36.name
    session = PreviewSession(case, "default", "zh")
    good = session.rebuild()
    assert good.error is None and len(good.pages) >= 3 and "中国电科" in good.pages[0].text
    again = session.rebuild()
    assert [p.key for p in again.pages] == [p.key for p in good.pages], "the same pixels, the same picture names"
    original = case.read_text("utf-8")
    _save(case, original.replace("date: 2021-11-15", "date: [", 1))
    failed = session.rebuild()
    assert failed.generation == again.generation + 1 and failed.pages == good.pages
    assert re.fullmatch(r"\S*036-cetc\.yaml:\d+: .+", failed.error) and "\n" not in failed.error
    _save(case, original.replace("始终坚持", "一直坚持", 1))
    fixed = session.rebuild()
    assert fixed.error is None and "一直坚持" in fixed.pages[0].text.replace("\r", "").replace("\n", "")
    assert fixed.pages[0].key != good.pages[0].key and fixed.pages[-1].key == good.pages[-1].key


def test_the_session_watches_everything_the_brief_is_made_of(book, tmp_path):
    from PIL import Image
    from reporter.preview.session import PreviewSession
    case = book / CASE_36.name
    Image.new("RGB", (40, 30), (10, 20, 30)).save(book / "photo.png")
    text = case.read_text("utf-8")
    caption = "          - caption: {zh: 中国电科援建的高建村党群服务中心"
    _save(case, text.replace(caption, "          - image: photo.png\n            caption: {zh: 中国电科援建的高建村党群服务中心"))
    shutil.copy(ROOT / "reporter" / "layout" / "builtin" / "logos" / "acme.png", tmp_path / "logo.png")
    (tmp_path / "parent.toml").write_text('extends = "default"\n[logo]\nfile = "logo.png"\n', "utf-8")
    (tmp_path / "client.toml").write_text('extends = "parent"\n', "utf-8")
    session = PreviewSession(case, str(tmp_path / "client.toml"), "zh")
    assert session.rebuild().error is None
    watched = session.watched
    for path in (case, book / "book.yaml", book / "photo.png", tmp_path / "client.toml", tmp_path / "parent.toml",
                 tmp_path / "logo.png"):
        assert path.resolve() in watched, path
    assert (tmp_path / "logo.png").resolve() in session.layout_files()


def test_choices_are_checked_and_the_docx_view_needs_libreoffice(book, monkeypatch):
    from reporter.preview import session as module
    session = module.PreviewSession(book / CASE_36.name, "default", "zh")
    with pytest.raises(ValueError):
        session.choose(lang="fr")
    with pytest.raises(ValueError):
        session.choose(layout="../../etc/passwd")
    assert session.choose(lang="en+zh").lang == "en+zh"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    snapshot = session.choose(fmt="docx")
    assert snapshot.error == "the DOCX view needs LibreOffice (soffice), which is not installed here"
    assert snapshot.pages, "the PDF's pages stay under the line"


def test_a_save_of_the_book_or_of_a_logo_rebuilds(book, tmp_path):
    """The watcher (watchfiles on the files' folders) with a session, wired as `serve` wires them."""
    import threading

    from reporter.preview.session import PreviewSession
    from reporter.preview.watch import Watcher
    shutil.copy(ROOT / "reporter" / "layout" / "builtin" / "logos" / "acme.png", tmp_path / "logo.png")
    (tmp_path / "client.toml").write_text('extends = "default"\n[logo]\nfile = "logo.png"\n', "utf-8")
    session = PreviewSession(book / CASE_36.name, str(tmp_path / "client.toml"), "zh")
    session.rebuild()
    built = threading.Event()
    session.listeners.append(lambda snapshot: built.set())

    watcher = Watcher(lambda: session.watched, session.files_changed)
    watcher.start()
    try:
        time.sleep(0.5)  # the watch is set up
        first = session.snapshot
        text = (book / "book.yaml").read_text("utf-8")
        _save(book / "book.yaml", text.replace("乡村振兴篇", "乡村振兴专篇", 1))
        assert built.wait(20), "no build after book.yaml was saved"
        assert "乡村振兴专篇" in session.snapshot.pages[0].text
        built.clear()
        from PIL import Image
        Image.new("RGB", (300, 80), (200, 30, 30)).save(tmp_path / "logo.new.png")
        os.replace(tmp_path / "logo.new.png", tmp_path / "logo.png")
        assert built.wait(20), "no build after the logo was saved"
        assert session.snapshot.pages[0].key not in (first.pages[0].key,)
        built.clear()
        (tmp_path / "unrelated.txt").write_text("not part of the brief", "utf-8")
        assert not built.wait(1.5), "a file the brief is not made of started a build"
    finally:
        watcher.stop()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed: the DOCX view is not checked")
def test_the_docx_view_is_libreoffices_rendering(book):
    from reporter.preview.session import PreviewSession
    session = PreviewSession(book / CASE_36.name, "default", "zh")
    pdf_view = session.rebuild()
    docx_view = session.choose(fmt="docx")
    assert docx_view.error is None and len(docx_view.pages) >= 3
    assert "中国电科" in docx_view.pages[0].text
    assert [p.key for p in docx_view.pages] != [p.key for p in pdf_view.pages]


def test_a_case_broken_from_the_start_shows_its_error_and_then_its_pages(book, browser):
    case = book / CASE_36.name
    original = case.read_text("utf-8")
    _save(case, original.replace("enterprise: cetc", "enterprise: cetcc", 1))
    process, url = _start(case, "--lang", "zh")
    try:
        page = browser.new_page()
        page.goto(url)
        generation = _next_build(page, 0)
        assert page.locator("#error").is_visible() and "'cetcc' is not in the book's catalogue" in \
            page.locator("#error").text_content()
        assert page.locator(".page").count() == 0
        assert page.locator("#empty").text_content().startswith("No pages yet")
        _save(case, original)
        _next_build(page, generation)
        assert not page.locator("#error").is_visible() and page.locator(".page").count() >= 3
    finally:
        code, _, err = _stop(process)
    assert code == 0, err
