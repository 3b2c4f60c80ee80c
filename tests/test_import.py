"""`reporter import`: the seed article and variants of it become case files that build; page noise is removed
and reported; garbage input is refused in one line, and nothing is written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
import re
import shutil
from pathlib import Path

import pytest

from conftest import BOOK_DIR, CASE_36, ROOT, pdf_text, run, run_ok, squash
from reporter.importer.text import normalise
from reporter.jobs.build import Builder
from reporter.model.load import load_case, untranslated

ARTICLE = ROOT / "examples" / "articles" / "036-cetc.txt"
SEED = ARTICLE.read_text("utf-8")


@pytest.fixture
def book(tmp_path) -> Path:
    """A book folder with the catalogue and no case yet."""
    folder = tmp_path / "book"
    folder.mkdir()
    shutil.copy(BOOK_DIR / "book.yaml", folder / "book.yaml")
    return folder


def do_import(capsys, book: Path, text: str | bytes, name: str = "article.txt", *extra: str):
    """Import `text` into `book`: (loaded case, stderr warnings, report text)."""
    article = book.parent / name
    article.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out, err = run_ok(capsys, "import", str(article), "--book", str(book), *extra)
    case_file = book / "036-cetc.yaml"
    assert str(case_file) in out
    return load_case(case_file), err, (book / "036-cetc.import.txt").read_text("utf-8")


def metric_key(metric) -> tuple:
    return (metric.value, metric.change_from, metric.change_to, metric.unit, metric.qualifier)


def test_seed_builds_with_every_metric_of_the_hand_made_case(capsys, book, tmp_path):
    loaded, _, report = do_import(capsys, book, SEED)
    hand = load_case(CASE_36).case
    found = {metric_key(m) for m in loaded.case.metrics}
    wanted = {metric_key(m) for m in hand.metrics}
    recall = len(found & wanted) / len(wanted)
    precision = len(found & wanted) / len(found)
    with capsys.disabled():
        print(f"\n[import] seed metrics: {len(found)} found, {len(wanted)} in the hand-made case 36; "
              f"recall {recall:.0%}, precision {precision:.0%}")
    assert recall == 1.0
    assert precision >= 0.9
    by_key = {metric_key(m): m for m in loaded.case.metrics}
    funds = by_key[(7300.24, None, None, "万元", None)] if (7300.24, None, None, "万元", None) in by_key else \
        next(m for m in loaded.case.metrics if str(m.value) == "7300.24")
    assert "投入资金" in funds.label["zh"] and "7300.24万元" in funds.context
    assert any(m.highlight for m in loaded.case.metrics)
    assert f"metrics ({len(found)}):" in report
    # it builds at once, and the brief shows what was imported
    out_dir = tmp_path / "out"
    run_ok(capsys, "build", str(book / "036-cetc.yaml"), "--lang", "zh", "--out", str(out_dir))
    text = squash(pdf_text(out_dir / "036-cetc.zh.pdf"))
    for expected in ("背景", "责任行动", "履责成效", "展望", "强化党建引领，打造综合服务平台", "7300.24", "案例三十六"):
        assert squash(expected) in text


def test_seed_sections_subsections_and_captions_match_the_hand_made_case(capsys, book):
    case = do_import(capsys, book, SEED)[0].case
    hand = load_case(CASE_36).case
    assert [s.kind for s in case.sections] == [s.kind for s in hand.sections]

    def titles(c):
        return [u.title["zh"] for s in c.sections for u in s.subsections]

    def captions(c):
        return [f.caption["zh"] for s in c.sections for p in [s, *s.subsections] for f in p.figures]

    assert titles(case) == titles(hand)
    assert captions(case) == captions(hand)
    assert case.date == dt.date(2021, 11, 15)
    assert [k["zh"] for k in case.keywords] == [k["zh"] for k in hand.keywords]
    assert case.summary["zh"] == hand.summary["zh"]  # punctuation set right: （以下简称“中国电科”）
    assert len(case.honours) == 2


def test_every_paragraph_is_placed_or_reported(capsys, book):
    loaded, err, report = do_import(capsys, book, SEED)
    written = squash((book / "036-cetc.yaml").read_text("utf-8"))
    reported = {int(n) for n in re.findall(r"^  line (\d+): ", report, re.M)}
    for number, line in enumerate(SEED.splitlines(), 1):
        if line.strip() and number not in reported:
            text = squash(normalise(line))
            text = re.sub(r"^(摘要|关键词)：|^（[一二三四五六七八九十]+）", "", text)
            assert text[:4] in written, f"line {number} neither placed nor reported: {line[:40]}"
    for reason in ("page header above the title", "editor's note", "the book's case overview", "contacts",
                   "event announcement", "publisher's blurb", "page counter", "repeated fragment"):
        assert reason in report
    for noise in ("15313955512", "编者按", "粉丝", "月坛沙龙", "责任云是中国企业社会责任领域", "中国华能"):
        assert noise not in written
    assert "一是、三是" in err  # the article's numbering slip is pointed out, not silently kept


VARIANTS = {
    "part headings": (
        [("背景\n\nPART 01", "PART 1 背景"), ("责任行动\n\nPART 02", "第二部分\n\n责任行动"),
         ("履责成效\n\nPART 03", "三、履责成效"), ("展望\n\nPART 04", "PART FOUR\n\n展望"),
         ("\n中央企业社会责任蓝皮书优秀案例概览", "\n经验启示\n\nPART 05\n\n坚持科技赋能是中国电科帮扶工作的鲜明特色。\n\n"
                                           "中央企业社会责任蓝皮书优秀案例概览")],
        [], ["background", "actions", "results", "outlook", "other"]),
    "bracketed headings": ([("背景\n\nPART 01", "【背景】"), ("责任行动\n\nPART 02", "## 责任行动"),
                            ("履责成效\n\nPART 03", "履责成效："), ("展望\n\nPART 04", "【展望】")], [], None),
    "missing keywords": ([(next(line for line in SEED.splitlines() if line.startswith("关键词")), "")],
                         ["no keywords (关键词)"], None),
    "extra noise": ([("编者按", "点击上方蓝字关注我们\n\n编者按"), ("(一)强化党建引领", "长按识别二维码\n\n(一)强化党建引领"),
                     ("展望\n", "来源：责任云\n\n▼\n\n展望\n"), ("—— END ——", "阅读原文\n\n—— END ——")],
                    [], None),
    "second date format": ([("\n2021-11-15\n", "\n2021年11月15日\n")], [], None),
    "no summary label": ([("摘要:2020年", "2020年")], [], None),
    "no case number": ([("(案例三十六)", "")] * 2, ["no case number (案例…)"], None),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variants_import_with_the_right_warnings(capsys, book, name):
    edits, warnings, kinds = VARIANTS[name]
    text = SEED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    loaded, err, report = do_import(capsys, book, text)
    case = loaded.case
    for warning in warnings:
        assert warning in err
    assert [s.kind for s in case.sections] == (kinds or ["background", "actions", "results", "outlook"])
    assert len(case.metrics) == 31
    assert case.date == dt.date(2021, 11, 15)
    assert loaded.number == 36
    if name == "part headings":
        assert case.sections[-1].title["zh"] == "经验启示"
    if name == "missing keywords":
        assert case.keywords == []
    if name == "extra noise":
        for noise in ("点击上方蓝字关注我们", "长按识别二维码", "来源：责任云", "阅读原文"):
            assert noise in report and noise not in (book / "036-cetc.yaml").read_text("utf-8")
        assert "share or follow prompt" in report and "credits line" in report
    if name == "no summary label":
        assert case.summary["zh"].startswith("2020年，中国电子科技集团有限公司")
    else:
        assert "摘要" not in err


def as_html(text: str) -> str:
    body = "".join(f"<p>{line.replace('&', '&amp;').replace('<', '&lt;')}</p>\n" if line.strip() else "<br/>\n"
                   for line in text.splitlines())
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>国资委课题·央企责任蓝皮书:中国电科(案例三十六)"
            "</title><style>p { margin: 0 }</style><script>var views = 3494;</script></head><body>"
            f"<div id='js_content'>{body}</div></body></html>")


def test_html_saved_from_a_browser(capsys, book):
    loaded, err, _ = do_import(capsys, book, as_html(SEED), "article.html")
    case = loaded.case
    assert [s.kind for s in case.sections] == ["background", "actions", "results", "outlook"]
    assert len(case.metrics) == 31
    assert "views" not in (book / "036-cetc.yaml").read_text("utf-8")
    assert case.summary["zh"] == load_case(CASE_36).case.summary["zh"]


@pytest.mark.parametrize("content,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text or HTML article: binary data"),
    (b"", "the article is empty"),
    (b"  \n\n \n", "the article is empty"),
    ("今天北京晴，最高气温十二度。\n\n明天有小雨，请出门带伞。\n".encode(), "no case found"),
    ("Lorem ipsum dolor sit amet.\n\nConsectetur adipiscing elit.\n".encode(), "no case found"),
    ("中国电科(案例三十六)\n".encode("utf-16"), "no case found"),
    (b"\xff\xfe" + "中国电科".encode("utf-16-le")[:-1], "not UTF-16-LE text as its start says"),
])
def test_garbage_gives_one_line_and_no_file(capsys, book, content, message):
    article = book.parent / "garbage.txt"
    article.write_bytes(content)
    code, out, err = run(capsys, "import", str(article), "--book", str(book))
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert message in lines[0] and "garbage.txt" in lines[0]
    assert sorted(p.name for p in book.iterdir()) == ["book.yaml"]


def test_an_existing_case_is_not_overwritten(capsys, book):
    do_import(capsys, book, SEED)
    code, _, err = run(capsys, "import", str(book.parent / "article.txt"), "--book", str(book))
    assert code != 0 and "already exists" in err


def test_check_lang_lists_untranslated_texts(capsys, book):
    loaded = do_import(capsys, book, SEED)[0]
    gaps = untranslated(loaded, "en")
    fields = [gap.field for gap in gaps]
    assert "title" in fields and "summary" in fields and "metrics[0].label" in fields
    assert all(gap.line for gap in gaps)
    code, out, err = run(capsys, "check", "--lang", "en", str(book / "036-cetc.yaml"))
    assert code == 1 and f"{len(gaps)} untranslated" in out
    assert "036-cetc.yaml:" in err and ": title: no text in 'en'" in err
    out, _ = run_ok(capsys, "check", "--lang", "en", str(CASE_36))
    assert "every text has en" in out


def test_gb18030_article_is_read_with_a_warning(capsys, book):
    loaded, err, _ = do_import(capsys, book, SEED.encode("gb18030"))
    assert "read as GB18030" in err
    assert len(loaded.case.metrics) == 31


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_or_utf32_article_is_read_with_a_warning(capsys, book, codec):
    """Windows saves "Unicode" text as UTF-16 with a byte-order mark: read as such, not called binary."""
    data = SEED.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    loaded, err, _ = do_import(capsys, book, data)
    assert f"read as {(codec if codec != 'utf-16' else 'utf-16-le').upper()}" in err or \
        f"read as {codec.upper()}-LE" in err, err
    assert len(loaded.case.metrics) == 31


def test_wechat_like_html_with_inline_markup(capsys, book):
    """Text split by inline tags, sections nested, entities, a share prompt: the same case."""
    paragraphs = []
    for line in SEED.splitlines():
        if not line.strip():
            continue
        half = len(line) // 2
        escaped = [part.replace("&", "&amp;").replace("<", "&lt;") for part in (line[:half], line[half:])]
        paragraphs.append(f"<section><p style='text-align:justify'><span>{escaped[0]}</span>"
                          f"<strong><span>{escaped[1]}</span></strong></p></section>")
    html = ("<html><body><div class='rich_media_content'><p>点击上方蓝字关注我们</p>" + "\n".join(paragraphs)
            + "<p>阅读原文&nbsp;&gt;&gt;</p></div></body></html>")
    loaded, err, report = do_import(capsys, book, html, "wechat.htm")
    case = loaded.case
    assert [s.kind for s in case.sections] == ["background", "actions", "results", "outlook"]
    assert len(case.metrics) == 31
    assert "点击上方蓝字关注我们" in report


def test_a_case_number_beyond_99_is_refused_with_its_line(capsys, book):
    article = book.parent / "big.txt"
    article.write_text(SEED.replace("案例三十六", "案例一百零五"), "utf-8")
    code, _, err = run(capsys, "import", str(article), "--book", str(book))
    assert code != 0 and "big.txt:5: the title's case number 一百零五 is not a number from 1 to 99" in err
    assert sorted(p.name for p in book.iterdir()) == ["book.yaml"]


def test_output_may_be_a_folder(capsys, book, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SEED, "utf-8")
    out, err = run_ok(capsys, "import", str(article), "--book", str(book), "-o", f"{tmp_path / 'drafts'}/")
    assert (tmp_path / "drafts" / "036-cetc.yaml").is_file() and (tmp_path / "drafts" / "036-cetc.import.txt").is_file()
    assert "not in the book folder" in err  # it validates, but `reporter build` needs it beside book.yaml


# -- traditional script and mirror clutter (issue 14, item 2) ----------------------------------------------------

def test_a_traditional_script_article_imports_as_its_simplified_original(capsys, book, tmp_path):
    """A mirror site's copy in traditional script (Hong Kong forms: 萬, 億, 個, 餘, 敍), with pinyin glosses, one of
    them with its bracket lost, imports to the same case as the article itself; the report lists each converted
    word and each gloss taken out."""
    import opencc
    original, _, _ = do_import(capsys, book, SEED)
    (book / "036-cetc.yaml").unlink()
    traditional = opencc.OpenCC("s2hk").convert(SEED)
    assert all(char in traditional for char in "萬個餘關鍵詞責任行動"), "the forms the importer did not know"
    paragraph = next(line for line in traditional.splitlines() if "精準扶貧" in line and len(line) > 60)
    glossed = paragraph.replace("精準扶貧", "精準(jīng zhǔn)扶貧", 1).replace("模式", "模式（mó shì ", 1)
    case, err, report = do_import(capsys, book, traditional.replace(paragraph, glossed), "mirror.txt")
    assert "traditional script converted to simplified" in err and "2 pieces of mirror clutter" in err
    assert case.case.model_dump() == original.case.model_dump()
    assert re.search(r"traditional script \(OpenCC hk2s\): .*萬.* -> .*万", report)
    assert "pinyin gloss: (jīng zhǔn) (removed)" in report and "pinyin gloss: （mó shì  (removed)" in report


def test_a_simplified_article_is_not_converted(capsys, book):
    """One traditional word quoted in a simplified article stays (below 2% of its characters, and fewer than 5)."""
    case, err, report = do_import(capsys, book, SEED.replace("精准扶贫", "精準扶貧", 1))
    assert "traditional script" not in err and "changed in the text (0)" in report


def test_traditional_lines_and_clutter_rules():
    from reporter.importer.article import Line
    from reporter.importer.script import simplified, without_clutter
    lines, edits = simplified([Line("關鍵詞：消費扶貧", 1), Line("累計投入幫扶資金16億元，惠及3萬餘人，建成26個科技小屋", 2)])
    assert [line.text for line in lines] == ["关键词：消费扶贫", "累计投入帮扶资金16亿元，惠及3万余人，建成26个科技小屋"]
    assert [(edit.line, edit.before, edit.after) for edit in edits][0] == (1, "關鍵詞 費 貧", "关键词 费 贫")
    kept, removed = without_clutter([Line("中国电科(CETC)扶贫（fú pín）工作，PDF(pdf)", 3)])
    assert kept[0].text == "中国电科(CETC)扶贫工作，PDF(pdf)" and [e.before for e in removed] == ["（fú pín）"]


# -- the book's edition and the case's date (issue 14, item 1) --------------------------------------------------

EDITION_2020 = SEED.replace("国资委课题·央企责任蓝皮书:中国电科(案例三十六)\n\n", "首页 > 专栏 > 央企责任蓝皮书(2020)\n"
                            "国资委课题·央企责任蓝皮书:中国电科(案例三十六)\n\n", 1).replace("2021-11-15", "2020-11-20")


def test_an_article_of_another_edition_needs_consent(capsys, book, tmp_path):
    """A 2020-edition article (its breadcrumb says 蓝皮书(2020), which is page noise but evidence) was filed as
    case 36 of the 2021 book with only a 'no case number' warning."""
    assert EDITION_2020 != SEED and "蓝皮书(2020)" in EDITION_2020
    article = tmp_path / "2020.txt"
    article.write_text(EDITION_2020, "utf-8")
    code, out, err = run(capsys, "import", str(article), "--book", str(book))
    assert code == 1 and out == ""
    assert err.strip() == (f"error: {article}: the article is of the 2020 edition (line 5: 央企责任蓝皮书(2020)), "
                           "this book is the 2021 edition: import it into its own book, or give "
                           "--edition-mismatch-ok")
    assert not list(book.glob("036-*")), "nothing written"
    case, err, report = do_import(capsys, book, EDITION_2020, "2020.txt", "--edition-mismatch-ok")
    assert "imported with --edition-mismatch-ok: the article is of the 2020 edition (line 5" in err
    assert case.case.date.isoformat() == "2020-11-20"


def test_an_article_dated_in_another_year_and_naming_no_edition_needs_consent(capsys, book, tmp_path):
    article = tmp_path / "2019.txt"
    article.write_text(SEED.replace("2021-11-15", "2019-11-15"), "utf-8")
    code, _, err = run(capsys, "import", str(article), "--book", str(book))
    assert code == 1 and "the article is of the 2019 edition (its date, 2019-11-15)" in err
    article.write_text(SEED.replace("2021-11-15", "2022-03-01"), "utf-8")  # published the year after: fine
    run_ok(capsys, "import", str(article), "--book", str(book))


def test_no_date_is_invented(capsys, book, tmp_path):
    """An article with no date got 2021-01-01 and a warning; now it is an error until --date gives one."""
    undated = "\n".join(line for line in SEED.splitlines() if not re.search(r"20\d\d(?:-\d|年\d)", line))
    article = tmp_path / "undated.txt"
    article.write_text(undated, "utf-8")
    code, _, err = run(capsys, "import", str(article), "--book", str(book))
    assert code == 1 and err.strip() == (f"error: {article}: the article has no date: give the case's date with "
                                         "--date YYYY-MM-DD")
    case, _, _ = do_import(capsys, book, undated, "undated.txt", "--date", "2021-12-01")
    assert case.case.date.isoformat() == "2021-12-01"
    (book / "036-cetc.yaml").unlink()
    case, err, _ = do_import(capsys, book, SEED, "dated.txt", "--date", "2021-12-02")
    assert case.case.date.isoformat() == "2021-12-02" and "dated 2021-11-15; --date 2021-12-02 used" in err


def test_distances_and_areas_are_metrics_but_not_key_figures(capsys, book):
    """Distances (公里) were shown as key figures; they and areas are found, never marked for the panel."""
    # in the results section, whose figures come first for the panel after the changes
    text = SEED.replace("中国电科累计向2个定点扶贫县投入资金", "中国电科新修村道300公里，建成高标准农田200亩，"
                        "累计向2个定点扶贫县投入资金", 1)
    assert text != SEED
    case, _, report = do_import(capsys, book, text)
    by_unit = {metric.unit: metric for metric in case.case.metrics}
    assert by_unit["公里"].value == 300 and by_unit["亩"].value == 200
    assert not by_unit["公里"].highlight and not by_unit["亩"].highlight
    assert sum(metric.highlight for metric in case.case.metrics) == 6


# -- Word files (issue 14, item 3) -------------------------------------------------------------------------------

def _word_article(tmp_path: Path) -> tuple[Path, bytes]:
    """The shipped article as an enterprise would send it in Word: section headings in Heading 1 without their part
    numbers, subsection headings in Heading 2 without （一）, a picture over the first figure caption, and a
    table with a figure of its own. Returns (file, the picture's bytes)."""
    import io

    from docx import Document
    from docx.shared import Cm
    from PIL import Image
    picture = io.BytesIO()
    Image.new("RGB", (320, 200), (40, 90, 140)).save(picture, "PNG")
    document = Document()
    for raw in SEED.splitlines():
        text = raw.strip()
        if not text or re.fullmatch(r"PART \d+", text):
            continue
        if text in ("背景", "责任行动", "履责成效", "展望"):
            document.add_paragraph(text, style="Heading 1")
        elif re.match(r"^[（(][一二三][)）]", text):
            document.add_paragraph(re.sub(r"^[（(][一二三][)）]", "", text), style="Heading 2")
        else:
            if text == "中国电科援建的高建村党群服务中心":
                document.add_paragraph().add_run().add_picture(io.BytesIO(picture.getvalue()), width=Cm(8))
            document.add_paragraph(text)
            if "二是科技赋能解难题" in text:
                table = document.add_table(rows=1, cols=2)
                table.rows[0].cells[0].text = "新建村级卫生室"
                table.rows[0].cells[1].text = "12所"
    path = tmp_path / "cetc-case.docx"
    document.save(str(path))
    return path, picture.getvalue()


def test_a_word_file_imports_with_its_headings_table_and_picture(capsys, book, tmp_path):
    path, picture = _word_article(tmp_path)
    out, err = run_ok(capsys, "import", str(path), "--book", str(book))
    case = load_case(book / "036-cetc.yaml").case
    hand = load_case(CASE_36).case
    assert [s.kind for s in case.sections] == [s.kind for s in hand.sections]
    assert [sub.title["zh"] for sub in case.sections[1].subsections] == \
        [sub.title["zh"] for sub in hand.sections[1].subsections]
    figure = case.sections[1].subsections[0].figures[0]
    assert figure.caption["zh"] == "中国电科援建的高建村党群服务中心" and figure.image == "036-cetc-figure-1.png"
    assert (book / "036-cetc-figure-1.png").read_bytes() == picture
    assert any(m.unit == "所" and m.value == 12 for m in case.metrics), "the table's figure"
    built = run_ok(capsys, "build", str(book / "036-cetc.yaml"), "--lang", "zh", "--format", "pdf",
                   "--out", str(tmp_path / "out"))[0]
    assert "图1 中国电科援建的高建村党群服务中心" in pdf_text(Path(built.split()[0]))


ZIP_NOT = ("damaged, or not a Word file: a .docx is a zip archive and this is none (cut short in a download?); save it "
           "again from Word")


def _zip_without_document() -> bytes:
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/"
                                               "content-types'/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content,message", [
    (b"PK\x03\x04truncated", ZIP_NOT),
    (b"", ZIP_NOT),
    (b"plain text, not a zip", ZIP_NOT),
    (_zip_without_document(), "a zip archive but not a Word document: it has no main document part "
                              "(word/document.xml); save it again from Word"),
])
def test_a_broken_word_file_is_one_line(capsys, book, tmp_path, content, message):
    path = tmp_path / "broken.docx"
    path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path), "--book", str(book))
    assert code == 1 and err.strip().startswith(f"error: {path}: {message}") and err.count("\n") == 1
    assert not list(book.glob("036-*"))


@pytest.mark.parametrize("name, content", [("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500),
                                           ("article.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500),
                                           ("renamed.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500)])
def test_a_word_97_or_wps_file_is_asked_for_as_docx(capsys, book, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run(capsys, "import", str(path), "--book", str(book))
    assert code == 1 and err.strip() == (f"error: {path}: a Word 97-2003 or WPS file, which the importer cannot read: "
                                         "save it as .docx (Word or WPS: File > Save As > Word Document) and import "
                                         "that")


def test_a_pdf_article_is_read_from_its_text_layer(capsys, book, tmp_path):
    brief = Builder("default").build(CASE_36, ["zh"], ["pdf"], tmp_path / "pdf").outputs[0].path
    article = tmp_path / "article.pdf"
    article.write_bytes(brief.read_bytes())
    out, err = run_ok(capsys, "import", str(article), "--book", str(book))
    assert "read from the PDF's text layer" in err
    case = load_case(book / "036-cetc.yaml").case
    assert case.enterprise == "cetc" and len(case.sections) >= 4
    assert any(m.value == Decimal("7300.24") and m.unit == "万元" for m in case.metrics)


def test_a_pdf_without_text_or_damaged_is_one_line(capsys, book, tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    scan = tmp_path / "scan.pdf"
    canvas = Canvas(str(scan))
    canvas.rect(72, 72, 200, 300, fill=1)  # a page with no text on it, as a scan's
    canvas.save()
    code, _, err = run(capsys, "import", str(scan), "--book", str(book))
    assert code == 1 and err.strip() == (f"error: {scan}: the PDF has no text layer (a scan?): it would need text "
                                         "recognition first")
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(scan.read_bytes()[:60])
    code, _, err = run(capsys, "import", str(cut), "--book", str(book))
    assert code == 1 and err.startswith(f"error: {cut}: a damaged PDF, or one with a password") and \
        err.count("\n") == 1


def test_a_word_file_that_unpacks_too_far_is_refused(capsys, book, tmp_path):
    import zipfile
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (65 * 1024 * 1024))
    code, _, err = run(capsys, "import", str(path), "--book", str(book))
    assert code == 1 and "unpacks to more than 64 MiB" in err


def test_a_sites_truncation_marker_is_not_a_figure_caption(capsys, book):
    """展开全文 between two paragraphs was taken for a figure caption."""
    lines = SEED.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("中国电科始终牢记习近平总书记关于“要因地制宜"))
    for marker in ("展开全文", "展开剩余 72%", "……"):
        text = "\n".join(lines[:at + 1] + ["", marker, ""] + lines[at + 1:])
        case, _, report = do_import(capsys, book, text)
        captions = [f.caption["zh"] for s in case.case.sections for p in [s, *s.subsections] for f in p.figures]
        assert marker not in captions and len(captions) == 3
        assert f"truncation marker: {marker}" in report
        (book / "036-cetc.yaml").unlink()


# -- the structure finder and the readers (issue 14, items 3 and 4) ---------------------------------------------

def _lines(text: str):
    from reporter.importer.article import Line
    return [Line(line, number) for number, line in enumerate(text.splitlines(), 1) if line.strip()]


def test_an_enterprise_named_only_in_the_body_is_found_and_said(capsys, book):
    article = ("“光伏+”点亮乡村振兴路\n2021年11月3日\n在青海，国家电投建设光伏基地。国家电投还帮助牧民增收，"
               "国家电网配套建设送出工程。\n背景\n当地太阳能资源丰富，国家电投装机560万千瓦。\n")
    path = book.parent / "body.txt"
    path.write_text(article, "utf-8")
    out, err = run_ok(capsys, "import", str(path), "--book", str(book))
    case = load_case(book / "027-spic.yaml").case
    assert case.title["zh"] == "国家电投：“光伏+”点亮乡村振兴路"
    assert "taken as 国家电投 (case 27), named 3 times in the article (others named: 国家电网 1)" in err


def test_an_article_naming_no_enterprise_of_the_catalogue_is_refused_in_one_line(capsys, book):
    path = book.parent / "none.txt"
    path.write_text("某公司光伏扶贫纪实\n2021年11月3日\n背景\n某公司建设光伏电站560万千瓦。\n", "utf-8")
    code, _, err = run(capsys, "import", str(path), "--book", str(book))
    assert code == 1 and err.strip() == (f"error: {path}:1: no enterprise of the book's catalogue is named in the "
                                         "article (title, source line or text): the case cannot be placed")


def test_the_articles_own_editors_note_is_kept_and_the_books_is_not(capsys, book):
    own = "编者按：本刊记者走进项目现场，记录一线员工守护绿水青山的日日夜夜。"
    text = SEED.replace("摘要:2020年", own + "\n\n摘要:2020年", 1)
    case, _, report = do_import(capsys, book, text)
    first = case.case.sections[0]
    assert first.kind == "other" and first.title["zh"] == "编者按"
    assert [p["zh"] for p in first.paragraphs] == [own.removeprefix("编者按：")]
    assert "the article's own editor's note: kept as the section 编者按" in report
    assert all("蓝皮书收录的70家央企" not in p["zh"] for s in case.case.sections for p in s.paragraphs)
    assert "editor's note (the book's, not the case's): 2021年9月18日" in report


def test_text_copied_from_a_pdf_is_unwrapped_and_a_normal_text_is_not():
    from reporter.importer.article import _unwrapped
    wrapped = _lines("标题（案例一）\n" + "\n".join(["一二三四五六七八九十" * 3] * 4) + "\n最后一行。\n背景\n"
                     + "\n".join(["甲乙丙丁戊己庚辛壬癸" * 3] * 3) + "\n结束。")
    joined = _unwrapped(wrapped)
    assert [len(line.text) for line in joined] == [7, 125, 2, 93]
    assert _unwrapped(_lines(SEED)) == _lines(SEED)


def test_a_title_broken_over_two_lines_is_joined(capsys, book):
    text = SEED.replace("国资委课题·央企责任蓝皮书:中国电科(案例三十六)\n", "中国电科:“综合党建+特色产业+志愿服务”\n精准扶贫模式(案例三十六)\n", 1)
    case, err, _ = do_import(capsys, book, text)
    assert case.case.title["zh"] == "中国电科：“综合党建+特色产业+志愿服务”精准扶贫模式"
    assert "the title runs over two lines: joined" in err


def test_figures_in_chinese_numerals_and_the_words_that_are_not_figures():
    from reporter.importer.metrics import find_metrics
    found = find_metrics([("x", "组建三千余人的队伍，建成十二个站点，培训两万余名群众，一个平台，两个县，数十个项目，近千人参加，"
                                 "连续5年开展，近3年投入，船龄下降到9.6年，3000吨级反应器，提前5个月投产，60%以上。")], [])
    assert [(m.value, m.unit, m.qualifier) for m in found] == [
        (3000, "人", "余"), (12, "个", None), (2, "万名", "余"), (1000, "人", "近"), (Decimal("9.6"), "年", None),
        (5, "个月", None), (60, "%", "超")]


def _numbered_word(tmp_path: Path) -> Path:
    """A Word file whose numbering is Word's own: two levels (1. and 1.1), a list started again under a new number,
    decimalZero, a bullet list, a numbering id that points nowhere."""
    import io
    import zipfile

    from docx import Document
    from docx.oxml import parse_xml
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering = f"""<w:numbering xmlns:w="{w}">
      <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
      <w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimalZero"/>
      <w:lvlText w:val="%1 "/></w:lvl></w:abstractNum>
      <w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="3"/></w:num></w:numbering>"""
    document = Document()
    document.part.numbering_part  # noqa: B018 - made now, replaced below
    for text, num, level in (("甲", 1, 0), ("甲一", 1, 1), ("甲二", 1, 1), ("乙", 1, 0), ("乙一", 1, 1), ("丙", 2, 0),
                             ("丁", 2, 0), ("要点", 3, 0), ("无处", 9, 0)):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.element.insert(0, parse_xml(
            f'<w:pPr xmlns:w="{w}"><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "numbered.docx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for member in source.infolist():
            data = numbering.encode() if member.filename == "word/numbering.xml" else source.read(member)
            target.writestr(member.filename, data)
    return path


def test_word_list_numbering_is_drawn_back_in_front_of_its_text(tmp_path):
    from reporter.importer.wordfile import read_docx
    lines, _ = read_docx(_numbered_word(tmp_path))
    assert [(line.text, line.kind) for line in lines] == [
        ("1.甲", ""), ("1.1甲一", ""), ("1.2甲二", ""), ("2.乙", ""), ("2.1乙一", ""), ("03 丙", ""), ("04 丁", ""),
        ("要点", "item"), ("无处", "")]


def test_a_word_picture_that_is_not_png_or_jpeg_is_reported(tmp_path):
    """Known by its first bytes: a GIF is reported and not kept."""
    import io

    from docx import Document
    from PIL import Image
    from reporter.importer.wordfile import read_docx
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 0, 0)).save(picture, "GIF")
    document = Document()
    document.add_paragraph().add_run().add_picture(io.BytesIO(picture.getvalue()))
    document.add_paragraph("图为一张图")
    path = tmp_path / "gif.docx"
    document.save(str(path))
    lines, warnings = read_docx(path)
    assert [line.picture for line in lines] == [None] and warnings == [
        "the picture at paragraph 1 is image/gif, not PNG or JPEG: not kept"]


@pytest.mark.parametrize("html,sentences", [
    ("<table><tr><td>指标</td><td>数值</td></tr><tr><td>应急通信车</td><td>26辆</td></tr><tr><td>救生艇</td>"
     "<td>60艘</td></tr></table>", ["应急通信车26辆；救生艇60艘。"]),
    ("<table><tr><th>指标</th><th>2019年</th><th>2020年</th></tr><tr><td>利用率</td><td>97.5%</td><td>99.1%</td></tr>"
     "<tr><td>耗水</td><td>3.1立方米</td><td>2.9立方米</td></tr></table>",
     ["2019年至2020年，利用率从97.5%提高到99.1%；耗水从3.1立方米下降到2.9立方米。"]),
    ("<table><tr><td>项目</td><td>内容</td></tr><tr><td>帮扶</td><td>修路</td></tr></table>", ["项目：内容；帮扶：修路。"]),
    ("<table><tr><td>外层<table><tr><td>内</td><td>层</td></tr></table></td><td>12所</td></tr></table>",
     ["外层 内 层12所。"]),
    ("<p>前文。</p><table><tr><td>截断</td><td>3座</td></tr><tr><td>未完", ["前文。", "截断3座；未完。"]),
])
def test_html_tables_are_read_as_sentences(tmp_path, html, sentences):
    from reporter.importer.article import read_article
    path = tmp_path / "table.html"
    path.write_text(f"<html><body>{html}", "utf-8")
    lines, is_html, _ = read_article(path)
    assert is_html and [line.text for line in lines] == sentences


def test_markdown_is_read_as_markdown_only_when_it_is(tmp_path):
    from reporter.importer.article import read_article
    path = tmp_path / "a.txt"
    path.write_text("# 标题\n\n## 背景\n\n正文**加粗**。\n\n![图1 一张照片](a.jpg)\n\n- 一项\n", "utf-8")
    lines, _, _ = read_article(path)
    assert [(line.text, line.kind, line.level) for line in lines] == [
        ("标题", "title", 1), ("背景", "heading", 2), ("正文加粗。", "", 0), ("a.jpg", "picture-source", 0),
        ("图1 一张照片", "caption", 0), ("一项", "item", 0)]
    path.write_text("## 责任行动\n\n- END -\n**不是**。\n", "utf-8")
    lines, _, _ = read_article(path)
    assert [line.text for line in lines] == ["## 责任行动", "- END -", "**不是**。"]


def test_hostile_word_numbering_and_length_are_bounded(tmp_path):
    """A list starting at 10**12 (Roman numerals would count to it: cut to Word's own bound, 32,767), and a Word
    file of 6,000 paragraphs."""
    from docx import Document
    from reporter.errors import ReporterError
    from reporter.importer.wordfile import read_docx
    path = _numbered_word(tmp_path)
    import zipfile
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(
        b'<w:start w:val="3"/><w:numFmt w:val="decimalZero"/>', b'<w:start w:val="1000000000000"/><w:numFmt w:val="upperRoman"/>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    lines, _ = read_docx(path)
    assert lines[5].text == "M" * 32 + "DCCLXVII 丙"
    document = Document()
    for number in range(6_000):
        document.add_paragraph(f"第{number}段。")
    document.save(str(tmp_path / "long.docx"))
    with pytest.raises(ReporterError, match="more than 5,000 paragraphs"):
        read_docx(tmp_path / "long.docx")


def test_a_saved_pages_pictures_are_kept_from_its_folder_only(capsys, book, tmp_path):
    """A page saved "complete" (its pictures in name_files/), and the pictures that must not be read: outside the
    article's folder (also through a link), on the web, not an image, a data URI that is."""
    import base64
    import io

    from PIL import Image

    def png(colour) -> bytes:
        data = io.BytesIO()
        Image.new("RGB", (320, 200), colour).save(data, "PNG")
        return data.getvalue()

    pages = tmp_path / "saved"
    (pages / "page_files").mkdir(parents=True)
    (pages / "page_files" / "photo.png").write_bytes(png((10, 90, 160)))
    (pages / "page_files" / "fake.png").write_text("not a picture", "utf-8")
    (tmp_path / "secret.png").write_bytes(png((255, 0, 0)))
    (pages / "page_files" / "link.png").symlink_to(tmp_path / "secret.png")
    inline = base64.b64encode(png((0, 160, 60))).decode()
    body = "".join(f"<p>{line}</p>" for line in SEED.splitlines() if line.strip())
    body = body.replace("<p>中国电科援建的高建村党群服务中心</p>",
                        '<p><img src="page_files/photo.png"></p><p>中国电科援建的高建村党群服务中心</p>'
                        '<p><img src="../secret.png"></p><p><img src="page_files/link.png"></p>'
                        '<p><img src="https://example.invalid/a.jpg"></p><p><img src="page_files/fake.png"></p>', 1)
    body = body.replace("<p>中国电科 大爱无疆 科技小屋</p>",
                        f'<p><img src="data:image/png;base64,{inline}"></p><p>中国电科 大爱无疆 科技小屋</p>', 1)
    article = pages / "page.html"
    article.write_text(f"<html><body>{body}</body></html>", "utf-8")
    out, err = run_ok(capsys, "import", str(article), "--book", str(book))
    case = load_case(book / "036-cetc.yaml").case
    figures = {f.caption["zh"]: f.image for s in case.sections for p in [s, *s.subsections] for f in p.figures}
    assert figures["中国电科援建的高建村党群服务中心"] == "036-cetc-figure-1.png"
    assert figures["中国电科 大爱无疆 科技小屋"] == "036-cetc-figure-2.png"
    assert (book / "036-cetc-figure-1.png").read_bytes() == (pages / "page_files" / "photo.png").read_bytes()
    assert not any((book / name).read_bytes() == (tmp_path / "secret.png").read_bytes()
                   for name in ("036-cetc-figure-1.png", "036-cetc-figure-2.png"))
    assert "2 picture(s) outside the article's folder: not kept" in err
    assert "1 picture(s) on the web (not fetched): not kept" in err
    assert "1 picture(s) neither PNG nor JPEG: not kept" in err


def test_a_markdown_articles_image_line_brings_its_picture(capsys, book, tmp_path):
    from PIL import Image
    folder = tmp_path / "md"
    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (300, 200), (90, 90, 30)).save(folder / "images" / "line.jpg", "JPEG")
    text = (ROOT / "tests" / "import_corpus" / "15-cscec-markdown.md").read_text("utf-8")
    (folder / "article.md").write_text(text, "utf-8")
    run_ok(capsys, "import", str(folder / "article.md"), "--book", str(book))
    case = load_case(book / "070-cscec.yaml").case
    figure = case.sections[1].subsections[0].figures[0]
    assert figure.caption["zh"] == "中建科技模块化集成建筑生产线" and figure.image == "070-cscec-figure-1.jpg"
    assert (book / "070-cscec-figure-1.jpg").read_bytes() == (folder / "images" / "line.jpg").read_bytes()


def test_distances_become_key_figures_when_asked(capsys, book):
    text = SEED.replace("中国电科累计向2个定点扶贫县投入资金", "中国电科新修村道300公里，累计向2个定点扶贫县投入资金", 1)
    case, _, _ = do_import(capsys, book, text, "article.txt", "--key-figures-of", "distance")
    assert next(m for m in case.case.metrics if m.unit == "公里").highlight
    code, _, err = run(capsys, "import", str(book.parent / "article.txt"), "--book", str(book), "--force",
                       "--key-figures-of", "money,distance")
    assert code == 1 and err.strip() == ("error: --key-figures-of: money is not a kind kept out of the key figures; "
                                         "give one or more of area, distance, time")


def test_a_damaged_numbering_part_numbers_nothing_wrongly_and_raises_nothing(tmp_path):
    """ilvl="x" and start="one" (a damaged or hostile numbering.xml) were int()ed: a traceback."""
    import zipfile

    from reporter.importer.wordfile import read_docx
    path = _numbered_word(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/numbering.xml"] = parts["word/numbering.xml"].replace(b'<w:lvl w:ilvl="1">', b'<w:lvl w:ilvl="x">') \
        .replace(b'<w:start w:val="3"/>', b'<w:start w:val="one"/>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    lines, _ = read_docx(path)
    assert [line.text for line in lines][:6] == ["1.甲", "甲一", "甲二", "2.乙", "乙一", "01 丙"]


def test_a_page_naming_one_picture_a_thousand_times_reads_it_at_most_500_times(capsys, book, tmp_path):
    from PIL import Image
    folder = tmp_path / "page"
    folder.mkdir()
    Image.new("RGB", (64, 48), (0, 0, 0)).save(folder / "p.png")
    body = "".join(f"<p>{line}</p>" for line in SEED.splitlines() if line.strip())
    body = body.replace("<p>责任行动</p>", '<p>责任行动</p>' + '<p><img src="p.png"></p>' * 1000, 1)
    (folder / "page.html").write_text(f"<html><body>{body}</body></html>", "utf-8")
    _, err = run_ok(capsys, "import", str(folder / "page.html"), "--book", str(book))
    assert "500 picture(s) beyond the 500 pictures or 256 MiB an article may bring: not kept" in err
    assert "499 picture(s) with no caption beside them: not kept" in err  # the 500th took PART 02 for its caption
    assert "a picture whose caption 'PART 02' was read as text: not kept" in err


def test_an_article_whose_title_names_no_enterprise_takes_the_editors(capsys, book, tmp_path):
    anonymous = re.sub(r"（?\(?案例[一二三四五六七八九十百]+\)?）?", "", re.sub(r"中国电子科技集团有限公司|中国电科|电科", "该集团", SEED))
    article = tmp_path / "anonymous.txt"
    article.write_text(anonymous, "utf-8")
    out, err = run_ok(capsys, "import", str(article), "--book", str(book), "-o", str(tmp_path / "guessed.yaml"))
    assert "case 36" not in out and "the title names no enterprise and no case number: taken as" in err
    case, _, _ = do_import(capsys, book, anonymous, "anonymous.txt", "--enterprise", "中国电科")
    assert case.enterprise.id == "cetc" and case.number == 36
    code, _, err = run(capsys, "import", str(article), "--book", str(book), "--enterprise", "cetcc", "--force")
    assert code == 1 and err.strip() == "error: --enterprise: 'cetcc' is not in the book's catalogue; did you mean " \
                                        "'cetc'?"


def test_the_editors_enterprise_wins_over_the_articles(capsys, book):
    case, err, _ = do_import(capsys, book, SEED.replace("案例三十六", "案例三十六", 1), "article.txt",
                             "--enterprise", "cetc")
    assert case.enterprise.id == "cetc" and "--enterprise cetc used" not in err  # the same: no warning
