"""Save-to-updated-page time of `reporter preview`: case 36 (zh+en, 7 pages) open in headless Chromium; the case is
saved as an editor saves it (a new file renamed over the old) with one word changed, and the clock stops when the
page has swapped in every picture of the new build (the page's own `window.previewGeneration`). Also: the build's
own share (the server's `seconds`), a layout switch, and the DOCX view (LibreOffice) once.

    .venv/bin/python bench/bench_preview.py [--edits 20]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "bluebook-2021" / "036-cetc.yaml"
ANCHOR = "始终坚持以习近平总书记"


def _state(url: str) -> dict:
    with urllib.request.urlopen(url + "state", timeout=30) as response:
        return json.load(response)


def main(edits: int) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("bench_preview: Debian's chromium is not installed (scripts/setup.sh installs it)")
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        shutil.copytree(CASE.parent, book)
        case = book / CASE.name
        original = case.read_text("utf-8")
        process = subprocess.Popen([sys.executable, "-m", "reporter", "preview", str(case), "--lang", "zh+en",
                                    "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline()).group(0)
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1200, "height": 1000})
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_function("window.previewGeneration >= 1")
                print(f"first page shown           {time.perf_counter() - started:6.3f} s "
                      f"({len(_state(url)['pages'])} pages, zh+en)")
                generation = page.evaluate("window.previewGeneration")
                totals, builds = [], []
                for edit in range(edits):
                    text = original.replace(ANCHOR, f"（第{edit + 1}次修改）{ANCHOR}", 1)
                    temporary = case.with_name(f".{case.name}.swp")
                    temporary.write_text(text, "utf-8")
                    started = time.perf_counter()
                    os.replace(temporary, case)
                    page.wait_for_function(f"window.previewGeneration > {generation}", polling="raf")
                    totals.append(time.perf_counter() - started)
                    generation = page.evaluate("window.previewGeneration")
                    builds.append(_state(url)["seconds"])
                    time.sleep(0.2)
                ms = [t * 1000 for t in totals]
                print(f"save to updated page       median {statistics.median(ms):4.0f} ms, best {min(ms):4.0f}, "
                      f"worst {max(ms):4.0f}, 90th percentile {sorted(ms)[int(0.9 * len(ms))]:4.0f} ({edits} saves)")
                print(f"  of which the build+draw  median {statistics.median(builds) * 1000:4.0f} ms")
                for name, value, label in (("layout", "acme", "layout switch (acme)"),
                                           ("format", "docx", "DOCX view (LibreOffice)")):
                    started = time.perf_counter()
                    page.select_option(f"#{name}", value)
                    page.wait_for_function(f"window.previewGeneration > {generation}", timeout=180_000)
                    generation = page.evaluate("window.previewGeneration")
                    print(f"{label:26} {time.perf_counter() - started:6.3f} s")
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=20)
    main(parser.parse_args().edits)
