"""Case 36 read back from the DOCX and the PDF: headings in order, every number, every language."""

from __future__ import annotations

import re

import pytest

from conftest import docx_paragraphs, pdf_text, squash
from reporter.i18n.languages import chinese_numeral

ZH_SECTIONS = {"background": "背景", "actions": "责任行动", "results": "履责成效", "outlook": "展望"}
EN_SECTIONS = {"background": "Background", "actions": "Actions", "results": "Results", "outlook": "Outlook"}


def expected_headings(case_data: dict, lang: str) -> list[tuple[int, str]]:
    """(level, text) of every heading the brief must show, from the case file itself."""
    labels = ZH_SECTIONS if lang == "zh" else EN_SECTIONS
    out = [(1, "关键数据" if lang == "zh" else "Key figures")]
    for section in case_data["sections"]:
        out.append((1, labels[section["kind"]]))
        for number, sub in enumerate(section.get("subsections", []), start=1):
            mark = f"（{chinese_numeral(number)}）" if lang == "zh" else f"{number}. "
            out.append((2, mark + sub["title"][lang]))
    out.append((1, "所获荣誉" if lang == "zh" else "Honours"))
    out.append((1, "蓝皮书案例目录" if lang == "zh" else "Blue Book case index"))
    return out


def source_numbers(case_data: dict) -> set[str]:
    """Every number written in the Chinese text of the case (7300.24, 13, 0.55, 2019, ...)."""
    texts = [case_data["summary"]["zh"]]
    for section in case_data["sections"]:
        texts += [p["zh"] for p in section.get("paragraphs", [])]
        for sub in section.get("subsections", []):
            texts += [p["zh"] for p in sub["paragraphs"]]
    return set(re.findall(r"\d+(?:\.\d+)?", " ".join(texts)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_headings_in_order(built, case_data, lang):
    paragraphs = docx_paragraphs(built[(lang, "docx")])
    got = [(int(style[-1]), text) for style, text in paragraphs if style in ("Heading 1", "Heading 2")]
    assert got == expected_headings(case_data, lang)
    title = [text for style, text in paragraphs if style == "Title"]
    assert title == [case_data["title"][lang]] if lang == "zh" else title[0].startswith("CETC: Targeted")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_headings_in_order(built, case_data, lang):
    text = squash(pdf_text(built[(lang, "pdf")]))
    position = 0
    for _level, heading in expected_headings(case_data, lang):
        found = text.find(squash(heading), position)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        position = found


def test_every_number_of_case_36_in_zh_outputs(built, case_data):
    numbers = source_numbers(case_data)
    assert {"7300.24", "410.8", "13", "0.55", "15.9", "0.25", "4907", "11611", "2110.31"} <= numbers
    docx_text = squash(" ".join(text for _, text in docx_paragraphs(built[("zh", "docx")])))
    pdf = squash(pdf_text(built[("zh", "pdf")]))
    for number in numbers:
        assert number in docx_text, f"{number} missing from the zh DOCX"
        assert number in pdf, f"{number} missing from the zh PDF"


def test_metric_callouts_formatted_per_language(built):
    zh = squash(pdf_text(built[("zh", "pdf")]))
    en = squash(pdf_text(built[("en", "pdf")]))
    for shown in ("7300.24万元", "1700余万元", "2300余人", "13%→0.55%", "15.9%→0.25%", "4907名"):
        assert squash(shown) in zh
    for shown in ("RMB73.0024million", "overRMB17million", "over2,300people", "13%→0.55%", "4,907teachers"):
        assert shown in en
    docx = " ".join(text for _, text in docx_paragraphs(built[("en", "docx")]))
    assert "73.0024" in docx and "RMB" in docx and "million" in docx


def test_english_outputs_carry_english_only(built, case_data):
    for fmt in ("pdf", "docx"):
        path = built[("en", fmt)]
        text = pdf_text(path) if fmt == "pdf" else " ".join(t for _, t in docx_paragraphs(path))
        assert "Poverty incidence in Suide County" in squash(text) or "PovertyincidenceinSuideCounty" in squash(text)
        assert squash(case_data["summary"]["en"])[:60] in squash(text)
        body = text.split("Blue Book case index")[0]
        han = re.findall(r"[\u4e00-\u9fff]", body)
        assert not han, f"Chinese characters in the English {fmt}: {''.join(han[:20])}"


def test_bilingual_outputs_carry_both_in_order(built, case_data):
    for fmt in ("pdf", "docx"):
        path = built[("zh+en", fmt)]
        text = unquoted(pdf_text(path) if fmt == "pdf" else " ".join(t for _, t in docx_paragraphs(path)))
        zh_summary = unquoted(case_data["summary"]["zh"])[:40]
        en_summary = unquoted(case_data["summary"]["en"])[:40]
        assert zh_summary in text and en_summary in text
        assert text.index(zh_summary) < text.index(en_summary), "stacked: Chinese comes before its English"
        for section in case_data["sections"]:
            for paragraph in section.get("paragraphs", []):
                zh, en = unquoted(paragraph["zh"])[:30], unquoted(paragraph["en"])[:30]
                assert zh in text and en in text
                assert text.index(zh) < text.index(en)


def unquoted(text: str) -> str:
    """Text without white space or quotes (the English gets typographic quotes when composed)."""
    return re.sub(r"[\s\"'“”‘’]", "", text)


def test_band_and_case_number(built):
    zh = squash(pdf_text(built[("zh", "pdf")]))
    en = squash(pdf_text(built[("en", "pdf")]))
    assert "乡村振兴篇·案例三十六" in zh
    assert "RuralRevitalisation·Case36" in en
    assert "2021年11月15日" in zh and "15November2021" in en


def test_summary_and_keywords(built, case_data):
    paragraphs = docx_paragraphs(built[("zh", "docx")])
    summary = [t for s, t in paragraphs if s == "Summary"]
    assert summary and summary[0].startswith("摘要") and squash(case_data["summary"]["zh"]) in squash(summary[0])
    keywords = [t for s, t in paragraphs if s == "Keywords"]
    assert keywords == ["关键词　" + "；".join(k["zh"] for k in case_data["keywords"])]


def _english_text(case_data: dict, lang: str = "en") -> str:
    texts = [case_data["summary"][lang]]
    for section in case_data["sections"]:
        texts += [p[lang] for p in section.get("paragraphs", [])]
        for sub in section.get("subsections", []):
            texts += [p[lang] for p in sub["paragraphs"]]
    return " ".join(" ".join(texts).split())


def test_chinese_key_figures_are_written_as_the_text_writes_them(built, case_data):
    """The panel writes a number as the Chinese text does (7300.24万元, 4907名: no digit groups), and a bilingual
    panel gives the English form under the Chinese label (RMB 73.0024 million). (Before: 7,300.24万元 in the panel
    beside 7300.24万元 in the text, and only the Chinese value in the bilingual panel.)"""
    from decimal import Decimal
    from reporter.i18n.languages import language
    text = _english_text(case_data, "zh")
    def panel(mode: str) -> str:  # the heading and what follows it (the panel may open the next page)
        text = squash(pdf_text(built[(mode, "pdf")]))
        return text[text.index("关键数据"):][:700]
    panel_zh, panel_both = panel("zh"), panel("zh+en")
    stated = 0
    for metric in case_data["metrics"]:
        if not metric.get("highlight") or "value" not in metric:
            continue
        zh = language("zh").figure(Decimal(str(metric["value"])), metric["unit"], metric.get("qualifier"))
        en = language("en").figure(Decimal(str(metric["value"])), metric["unit"], metric.get("qualifier"))
        assert zh.number in panel_zh and zh.number in panel_both
        stated += zh.number in text
        assert squash(en.text.replace("\u00a0", " ")) in panel_both, f"{en.text!r} not in the bilingual panel"
    assert stated >= 3, "the text states the panel's numbers in the panel's form"


def test_key_figures_say_what_the_text_says(built, case_data):
    """A key figure the panel shows in English is the figure the English text states, to the last digit
    (7300.24万元 is RMB 73.0024 million in both, not RMB 73.00 million in the panel)."""
    from decimal import Decimal
    from reporter.i18n.languages import language
    text = _english_text(case_data)
    pdf = squash(pdf_text(built[("en", "pdf")]))
    for metric in case_data["metrics"]:
        if not metric.get("highlight"):
            continue
        values = [metric["value"]] if "value" in metric else [metric["from"], metric["to"]]
        for value in values:  # a change: the text states both ends
            figure = language("en").figure(Decimal(str(value)), metric["unit"], metric.get("qualifier"))
            shown = " ".join(figure.text.replace("\u00a0", " ").split())
            assert shown in text, f"panel shows {shown!r}, which the English text does not say"
            assert squash(shown) in pdf


def test_case_36_english_says_what_the_chinese_says(case_data):
    """Proof-reader's findings on case 36: no phrase left untranslated, no label adding what the source does not say."""
    labels = {m["id"]: m["label"]["en"] for m in case_data["metrics"]}
    assert "per student" not in labels["tuition-support"]
    party = case_data["sections"][1]["subsections"][0]["paragraphs"][0]
    assert "不断提升站位" in party["zh"] and "political standing" in party["en"]


def test_book_names_are_current(book_data):
    """The full names the proof-reader corrected (issue 13); each entry changed says its source in a comment."""
    full = {e["id"]: e["full"] for c in book_data["categories"] for e in c["enterprises"]}
    assert full["cfhi"]["zh"] == "中国一重集团有限公司"
    assert full["ctg-travel"]["en"] == "China Tourism Group Corporation Limited"
    assert full["crrc"]["en"] == "CRRC Group Co., Ltd."
    assert full["ciic"]["en"] != "China International Intellectech Corporation"
