"""Languages: fixed labels from gettext catalogs, numbers, dates and units through Babel.

What differs between languages is data (reporter/i18n/languages.toml, units.toml, locale/*.po), not code.
"""

from __future__ import annotations

import datetime as dt
import re
import gettext
import io
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from reporter.errors import ReporterError

DATA = Path(__file__).parent
"""languages.toml and units.toml."""
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "reporter"


@cache
def _languages() -> dict[str, dict]:
    return tomllib.loads((DATA / "languages.toml").read_text("utf-8"))


MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
"""The magnitudes every unit but money and percent takes in front (万千瓦, 亿立方米)."""


@cache
def _units() -> dict[str, dict]:
    """units.toml, with the 万 and 亿 forms of each unit it does not list itself."""
    listed = tomllib.loads((DATA / "units.toml").read_text("utf-8"))
    units = dict(listed)
    for unit, spec in listed.items():
        if spec["kind"] in ("money", "percent") or unit[0] in MAGNITUDES:
            continue
        for magnitude, size in MAGNITUDES.items():
            units.setdefault(magnitude + unit, {**spec, "scale": spec["scale"] * size, "yu_after": magnitude})
    return units


def known_languages() -> list[str]:
    return list(_languages())


def known_units() -> list[str]:
    return list(_units())


def unit_spec(unit: str) -> dict:
    """What units.toml says of a unit: kind, scale, words."""
    return _units()[unit]


def parse_mode(mode: str) -> tuple[str, ...]:
    """'zh+en' -> ('zh', 'en'); the first language leads."""
    langs = tuple(part.strip() for part in mode.split("+") if part.strip())
    unknown = [lang for lang in langs if lang not in _languages()]
    if not langs or unknown or len(set(langs)) != len(langs):
        choices = ", ".join(known_languages())
        raise ReporterError(f"language mode {mode!r} is not valid; use one of {choices} or two joined by '+'")
    return langs


WORD_JOINER = "\u2060"
NBSP = "\u00a0"


@cache
def _number_then_units(units: str) -> re.Pattern:
    """The last digit of a number and the units after it (1,700余万元 -> 0余万元)."""
    return re.compile(rf"\d[{re.escape(units)}]+")


@cache
def _words_then_number(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<![\w$])({'|'.join(map(re.escape, words))}) (?=\d)")


_NUMBER_THEN_WORD = re.compile(r"(\d%?) (?=[^\W\d_])")
"""A number (a percentage) and the word after it."""


@dataclass(frozen=True)
class Figure:
    """A formatted number in parts, so a callout can set the number large and the rest small."""

    prefix: str
    number: str
    suffix: str
    space: str

    @property
    def text(self) -> str:
        return self.space.join(part for part in (self.prefix, self.number, self.suffix) if part)


class Language:
    """Everything one output language needs: labels, numbers, dates, case numbers."""

    def __init__(self, code: str):
        spec = _languages()[code]
        self.code = code
        self.spec = spec
        self.locale = Locale.parse(spec["babel_locale"])
        self.docx_lang: str = spec["docx_lang"]
        self.east_asian: bool = spec["east_asian"]
        self.space: str = spec["space"]
        self._gettext = _translations(code).gettext

    def kept_together(self, text: str) -> str:
        """Running text with the breaks a proof-reader would refuse made impossible: a number with its unit and
        qualifier (a word joiner before 万元, no-break spaces in "RMB 17 million")."""
        units = self.spec.get("units_after_numbers")
        if units:
            text = _number_then_units(units).sub(lambda m: WORD_JOINER.join(m.group(0)), text)
        before = self.spec.get("no_break_before_numbers")
        if before:
            text = _words_then_number(tuple(before)).sub(lambda m: m.group(1) + NBSP, text)
        if self.spec.get("number_holds_next_word"):
            text = _NUMBER_THEN_WORD.sub(lambda m: m.group(1) + NBSP, text)
        return text

    def label(self, msgid: str, **values: object) -> str:
        """A fixed label from the catalog, with {placeholders} filled in."""
        text = self._gettext(msgid)
        return text.format(**values) if values else text

    def decimal(self, value: Decimal, pattern: str | None = None) -> str:
        return format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=pattern is not None,
                              group_separator=self.spec.get("digit_groups", True))

    def integer(self, value: int) -> str:
        return format_decimal(value, locale=self.locale, group_separator=self.spec.get("digit_groups", True))

    def date(self, value: dt.date) -> str:
        return format_date(value, format=self.spec["date_format"], locale=self.locale)

    def case_number(self, number: int) -> str:
        shown = chinese_numeral(number) if self.spec["case_numerals"] == "chinese" else self.integer(number)
        return self.label("Case {number}", number=shown)

    def percent(self, value: Decimal) -> str:
        return format_percent(value / 100, format="#,##0.###%", locale=self.locale,
                              group_separator=self.spec.get("digit_groups", True))

    def numbered(self, template: str, number: int) -> str:
        """A numbering of this language's table (subsection_number, section_kicker) for `number`: （一）, PART 01."""
        return self.spec[template].format(chinese=chinese_numeral(number), arabic=number)

    def figure(self, value: Decimal | None, unit: str, qualifier: str | None = None,
               change: tuple[Decimal, Decimal] | None = None, unit_word: str | None = None) -> Figure:
        """Format a metric's value (or its change) with its unit and qualifier (余, 超, 近, 约)."""
        spec = _units()[unit]
        template = self.spec["qualifiers"][qualifier or "none"]
        prefix_text = ""
        if spec["kind"] == "percent":
            number = self._arrowed(change, self.percent) if change else self.percent(value)
            unit_text = ""
        elif self.spec["keep_source_units"]:
            number = self._arrowed(change, self.decimal) if change else self.decimal(value)
            unit_text = unit
            yu_after = spec.get("yu_after")
            if qualifier == "余" and yu_after and unit.startswith(yu_after):
                number, unit_text = number + yu_after, unit[len(yu_after):]
        else:
            scale = Decimal(spec["scale"])
            convert = self._money if spec["kind"] == "money" else self._plain
            if change:
                parts = [convert(v * scale) for v in change]
                number = f"{parts[0][0]} → {parts[1][0]}"
                prefix_text, unit_text = parts[1][1], parts[1][2]
            else:
                number, prefix_text, unit_text = convert(value * scale)
            if spec["kind"] != "money":
                unit_text = unit_word if unit_word is not None else spec.get("words", {}).get(self.code, "")
        before, _, after = template.partition("{number}")
        prefix = " ".join(p for p in (before.replace("{unit}", "").strip(), prefix_text) if p)
        suffix = after.replace("{unit}", unit_text).strip()
        return Figure(prefix, number, suffix, self.space)

    @staticmethod
    def _arrowed(change: tuple[Decimal, Decimal], fmt) -> str:
        return f"{fmt(change[0])} → {fmt(change[1])}"

    def _money(self, amount: Decimal) -> tuple[str, str, str]:
        """RMB amount in this language's words: (number, currency prefix, magnitude word)."""
        currency = self.spec.get("currency_prefix", "")
        for size, word in self.spec.get("magnitudes", []):
            if abs(amount) >= size:
                scaled = amount / Decimal(size)
                return self.decimal(scaled, _exact_pattern(scaled)), currency, word
        return self.decimal(amount), currency, ""

    def _plain(self, amount: Decimal) -> tuple[str, str, str]:
        return self.decimal(amount), "", ""


def _exact_pattern(scaled: Decimal) -> str:
    """A number pattern that loses no digit of a scaled amount: 73 -> "73", 73.0024 -> "73.0024", 17.5 -> "17.50"
    (money shows cents or none: two places at least once it has a fraction)."""
    if scaled == scaled.to_integral_value():
        return "#,##0"
    places = max(2, -scaled.normalize().as_tuple().exponent)
    return "#,##0." + "0" * places


@cache
def language(code: str) -> Language:
    parse_mode(code)
    return Language(code)


@cache
def _translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog for `code`; compiled from the .po in memory when no .mo was built."""
    mo_path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    po_path = mo_path.with_suffix(".po")
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """36 -> 三十六, 10 -> 十, 105 -> 一百零五 (1 to 9999)."""
    if not 0 < number < 10000:
        raise ValueError(f"no Chinese numeral for {number}")
    if 10 <= number < 20:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    out = ""
    zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return out


def script_language(text: str) -> str | None:
    """'en' for text in Latin letters only, 'zh' for text in Chinese characters only (no Latin letters), None for
    a mix: the language a short label (a logo's alt text) is read in."""
    latin = any("a" <= char.lower() <= "z" for char in text)
    chinese = any(unicodedata.east_asian_width(char) in "WF" and char.isalpha() for char in text)
    return "en" if latin and not chinese else "zh" if chinese and not latin else None
