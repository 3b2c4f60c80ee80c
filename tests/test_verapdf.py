"""veraPDF, the reference validator, finds no failed rule of PDF/A-2b or PDF/UA-1 in any kind of PDF the tool writes
(briefs of case 36 in every layout and mode, the long synthetic case, the index, the volume), and fails copies
broken on purpose. Skipped, saying so, where Java or the library is missing (scripts/setup.sh installs them)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import CASE_36, ROOT
from reporter.jobs.bookdocs import build_index, build_volume
from reporter.jobs.build import Builder
from verapdf_check import validate, why_not_available

sys.path.insert(0, str(ROOT / "bench"))
from synthetic_book import make_book, make_long_case  # noqa: E402

LAYOUTS = ("default", "bluebook-house", "acme")
MODES = ("zh", "en", "zh+en")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    reason = why_not_available()
    if reason:
        pytest.skip(f"veraPDF cannot run here: {reason}; PDF/A-2b and PDF/UA-1 are NOT checked by veraPDF")
    out = tmp_path_factory.mktemp("verapdf")
    files = []
    for layout in LAYOUTS:
        for output in Builder(layout).build(CASE_36, list(MODES), ["pdf"], out / layout).outputs:
            target = out / f"{layout}.{output.mode}.pdf"
            shutil.copy(output.path, target)
            files.append(target)
    book = out / "book"
    book.mkdir()
    make_book(book, count=3)
    (book / "036-cetc.yaml").write_bytes(CASE_36.read_bytes())
    long_case = make_long_case(out / "long-book")
    builder = Builder("bluebook-house")
    for output in builder.build(long_case, ["zh+en"], ["pdf"], out / "long").outputs:
        files.append(shutil.copy(output.path, out / "long.zh+en.pdf"))
    index, _ = build_index(builder, book, ["zh"], ["pdf"], out / "book-out")
    volume, _, _ = build_volume(builder, book, ["zh+en"], ["pdf"], out / "book-out")
    files += [Path(shutil.copy(index[0].path, out / "index.zh.pdf")), Path(shutil.copy(volume[0].path,
                                                                                        out / "volume.zh+en.pdf"))]
    broken = []
    for name, change in BROKEN.items():
        target = out / f"broken-{name}.pdf"
        with pikepdf.open(out / "acme.en.pdf") as pdf:  # a logo: a Figure with its alt text
            change(pdf)
            pdf.save(target)
        broken.append(target)
    return validate([Path(f) for f in files] + broken)


def _no_output_intent(pdf) -> None:
    del pdf.Root.OutputIntents


def _no_language(pdf) -> None:
    del pdf.Root.Lang


def _no_alt_text(pdf) -> None:
    for element in _elements(pdf.Root.StructTreeRoot):
        if element.get("/S") == "/Figure" and "/Alt" in element:
            del element.Alt


def _elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


BROKEN = {"no-output-intent": _no_output_intent, "no-language": _no_language, "no-alt-text": _no_alt_text}


KINDS = [f"{layout}.{mode}.pdf" for layout in LAYOUTS for mode in MODES] + \
    ["long.zh+en.pdf", "index.zh.pdf", "volume.zh+en.pdf"]


@pytest.mark.parametrize("flavour", ["2b", "ua1"])
@pytest.mark.parametrize("kind", KINDS)
def test_verapdf_finds_no_failed_rule(verdicts, kind, flavour):
    verdict = verdicts[(kind, flavour)]
    assert (verdict.status, verdict.failed) == ("PASS", [])


@pytest.mark.parametrize("name, flavour, rule", [("no-output-intent", "2b", "6.2.4.3-2"),
                                                 ("no-language", "ua1", "7.2-34"),
                                                 ("no-alt-text", "ua1", "7.3-1")])
def test_verapdf_fails_a_broken_copy(verdicts, name, flavour, rule):
    verdict = verdicts[(f"broken-{name}.pdf", flavour)]
    assert verdict.status == "FAIL"
    assert any(line.startswith(rule + " ") for line in verdict.failed), verdict.failed
