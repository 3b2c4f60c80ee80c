"""Numbers, units, case numbers and labels per language (Babel + gettext catalogs)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from reporter.errors import ReporterError
from reporter.i18n.languages import chinese_numeral, language, parse_mode


@pytest.mark.parametrize("args,zh,en", [
    ((D("7300.24"), "万元"), "7300.24万元", "RMB 73.0024 million"),
    ((D("4272.32"), "万元"), "4272.32万元", "RMB 42.7232 million"),
    ((D("150"), "万元"), "150万元", "RMB 1.50 million"),
    ((D("1700"), "万元", "余"), "1700余万元", "over RMB 17 million"),
    ((D("2300"), "人", "余"), "2300余人", "over 2,300 people"),
    ((None, "%", None, (D("13"), D("0.55"))), "13% → 0.55%", "13% → 0.55%"),
    ((D("3"), "万名", "余", None, "students"), "3万余名", "over 30,000 students"),
    ((D("61.07"), "万元"), "61.07万元", "RMB 610,700"),
    ((D("2.5"), "亿元", "近"), "近2.5亿元", "nearly RMB 250 million"),
    ((D("12"), "亿元", "约"), "约12亿元", "about RMB 1.20 billion"),
    ((D("200"), "亩"), "200亩", "200 mu"),
    ((D("30"), "项", "超"), "超30项", "over 30"),
])
def test_figures(args, zh, en):
    assert language("zh").figure(*args).text == zh
    assert language("en").figure(*args).text == en


def test_callout_parts():
    figure = language("en").figure(D("1700"), "万元", "余")
    assert (figure.prefix, figure.number, figure.suffix) == ("over RMB", "17", "million")
    figure = language("zh").figure(D("2300"), "人", "余")
    assert (figure.prefix, figure.number, figure.suffix) == ("", "2300", "余人")


@pytest.mark.parametrize("number,numeral", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (36, "三十六"),
                                            (70, "七十"), (99, "九十九"), (100, "一百"), (105, "一百零五")])
def test_chinese_numerals(number, numeral):
    assert chinese_numeral(number) == numeral


def test_case_numbers_dates_and_labels():
    zh, en = language("zh"), language("en")
    assert zh.case_number(36) == "案例三十六" and en.case_number(36) == "Case 36"
    assert zh.date(dt.date(2021, 11, 15)) == "2021年11月15日"
    assert en.date(dt.date(2021, 11, 15)) == "15 November 2021"
    assert zh.label("Background") == "背景" and en.label("Background") == "Background"
    assert zh.label("Page {page} of {pages}", page=2, pages=5) == "第 2 页 共 5 页"


def test_language_modes():
    assert parse_mode("zh+en") == ("zh", "en")
    assert parse_mode("en+zh") == ("en", "zh")
    assert parse_mode("zh+") == ("zh",)
    for bad in ("fr", "zh+zh", "", "zh+fr"):
        with pytest.raises(ReporterError):
            parse_mode(bad)


def test_third_language_is_data_not_code(monkeypatch, tmp_path):
    """French from a catalog and a languages table alone: labels, numbers, dates and the brief's blocks."""
    import shutil
    import tomllib

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from conftest import CASE_36
    from reporter.i18n import languages as i18n
    from reporter.compose.brief import compose
    from reporter.layout.schema import load_layout
    from reporter.model.load import load_case

    data = tmp_path / "data"
    shutil.copytree(i18n.DATA, data)
    table = tomllib.loads((data / "languages.toml").read_text("utf-8"))["en"]
    lines = ["[fr]", 'babel_locale = "fr_FR"', 'docx_lang = "fr-FR"', "east_asian = false",
             'case_numerals = "arabic"', 'date_format = "long"', 'space = " "', "keep_source_units = false",
             'currency_prefix = "RMB"', 'magnitudes = [[1_000_000_000, "milliards"], [1_000_000, "millions"]]',
             'subsection_number = "{arabic}. "', 'section_kicker = "PARTIE {arabic:02d}"', 'keyword_separator = " · "', 'lead_separator = "\\u00a0: "',
             "[fr.qualifiers]", 'none = "{number} {unit}"', '"余" = "plus de {number} {unit}"',
             '"超" = "plus de {number} {unit}"', '"近" = "près de {number} {unit}"', '"约" = "environ {number} {unit}"']
    assert set(table) >= {"babel_locale", "qualifiers"}
    with (data / "languages.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(lines) + "\n")
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    catalog = Catalog(locale="fr")
    for msgid, msgstr in (("Background", "Contexte"), ("Key figures", "Chiffres clés"),
                          ("Page {page} of {pages}", "Page {page} sur {pages}"), ("Case {number}", "Cas {number}")):
        catalog.add(msgid, msgstr)
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with (locale / "fr" / "LC_MESSAGES" / "reporter.po").open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.setattr(i18n, "DATA", data)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    for cached in (i18n._languages, i18n._translations, i18n.language):
        cached.cache_clear()
    try:
        french = i18n.language("fr")
        assert french.figure(D("7300.24"), "万元").text == "RMB 73,0024 millions"
        assert french.figure(D("2300"), "人", "余", None, "personnes").text == "plus de 2\u202f300 personnes"
        assert french.date(dt.date(2021, 11, 15)) == "15 novembre 2021"
        document = compose(load_case(CASE_36), load_layout(), "fr")
        texts = [getattr(b, "text", None) for b in document.blocks]
        assert any(t is not None and t.text == "Contexte" for t in texts)
        assert [span.text for span in document.footer.page_template] == ["Page {page} sur {pages}"]
        assert document.warnings and "untranslated" in document.warnings[0], "the case has no French text yet"
    finally:
        for cached in (i18n._languages, i18n._translations, i18n.language):
            cached.cache_clear()
