"""The data of a book and its cases, validated with pydantic.

A text field is a plain string (Chinese) or a mapping of language code to string, `{zh: ..., en: ...}`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator,
                      model_validator)

from reporter import limits
from reporter.model.phones import international

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
DEFAULT_LANG = "zh"


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: text that reads otherwise than it is stored (Trojan Source)."""


def _check_chars(value: str) -> str:
    if len(value) > limits.TEXT_CHARS:
        raise ValueError(f"text of {len(value):,} characters; the limit is {limits.TEXT_CHARS:,} (split it)")
    if value.isprintable():  # the common case, checked in C: no control, private-use or unassigned character
        return value
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn") and char not in "\n\t":
            raise ValueError(f"control or unassigned character U+{ord(char):04X} in text")
        if char in BIDI_CONTROLS:
            raise ValueError(f"bidirectional control character U+{ord(char):04X} in text (it reorders what a "
                             "reader sees); remove it")
    return value


def _iso_date(value: object) -> object:
    """A date as written in YAML, 2021-11-15; not a number (pydantic would read 20211115 as seconds) nor a time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


def _to_mapping(value: object) -> object:
    if isinstance(value, str):
        return {DEFAULT_LANG: value}
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not LANG_CODE.match(key):
                raise ValueError(f"{key!r} is not a language code (zh, en, ...)")
    return value


def _non_empty(value: dict[str, str]) -> dict[str, str]:
    if not value or not any(v.strip() for v in value.values()):
        raise ValueError("text is empty")
    return value


CleanStr = Annotated[str, AfterValidator(_check_chars)]
Text = Annotated[dict[str, CleanStr], BeforeValidator(_to_mapping), AfterValidator(_non_empty)]
"""Language code -> string. Use `pick(text, lang)` to read it."""


def pick(text: dict[str, str] | None, lang: str) -> str | None:
    """The text in `lang`, or None when that language is missing."""
    if not text:
        return None
    value = text.get(lang)
    return value if value and value.strip() else None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


def metric_value_problem(value: Decimal) -> str | None:
    """Why a metric value cannot be shown exactly by the number formats (Babel, 万/亿, million/billion) and both
    writers, or None."""
    if not value.is_finite():
        return f"expected a finite number, got {value}"
    sign, digits, exponent = value.normalize().as_tuple()
    if value != 0 and len(digits) + exponent > limits.METRIC_DIGITS:
        shown = f"{value.normalize():,f}" if len(digits) + exponent <= 21 else f"{float(value):.3g}"
        return f"{shown} is too large: metric values stay below 10^{limits.METRIC_DIGITS}"
    if exponent < -limits.METRIC_DECIMALS:
        return f"{value} has more than {limits.METRIC_DECIMALS} decimals"
    return None


def _in_range(value: Decimal) -> Decimal:
    problem = metric_value_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Number = Annotated[Decimal, Field(allow_inf_nan=False), AfterValidator(_in_range)]
Qualifier = Literal["余", "超", "近", "约"]


class Metric(Strict):
    """A figure from the case: a value with its unit, or a change from one value to another."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """A short id of letters, digits and hyphens, unique in the case (the layout's metrics.select names figures by
    it)."""
    label: Text
    """What the figure counts, per language: {zh: 累计投入帮扶资金, en: Funds invested in assistance}."""
    unit: str
    """Its unit, from the unit table: 万元, 亿元, 人, 户, %, ... (the English brief words it from the table)."""
    value: Number | None = None
    """The figure, as a number in its unit (7300.24 with unit 万元); or give from and to for a change."""
    change_from: Number | None = Field(None, alias="from")
    """A change's first value (from: 13 ... to: 0.55, in %)."""
    change_to: Number | None = Field(None, alias="to")
    """A change's last value."""
    qualifier: Qualifier | None = None
    """A word the figure is qualified by: 余 (over), 超 (more than), 近 (nearly), 约 (about)."""
    unit_text: Text | None = None
    """Overrides the unit's wording per language, e.g. {en: teachers}."""
    highlight: bool = False
    """Shown in the key figures when the layout selects the highlighted ones."""
    context: CleanStr | None = None
    """The sentence the figure was found in (written by `reporter import` for the editor's check; not printed)."""

    @model_validator(mode="after")
    def _value_or_change(self) -> "Metric":
        is_change = self.change_from is not None or self.change_to is not None
        if is_change and self.value is not None:
            raise ValueError("give either value or from/to, not both")
        if is_change and (self.change_from is None or self.change_to is None):
            raise ValueError("a change needs both from and to")
        if not is_change and self.value is None:
            raise ValueError("value is required (or from and to for a change)")
        return self

    @property
    def is_change(self) -> bool:
        return self.value is None


class Figure(Strict):
    caption: Text
    """The picture's caption, per language; the brief numbers it (Figure 1, 图 1)."""
    image: str | None = None
    """Path relative to the case file (/ or \\ between folders); the figure is shown with its caption only when
    absent."""

    @field_validator("image")
    @classmethod
    def _either_slash(cls, value: str | None) -> str | None:
        """A path written on Windows (pictures\\village.jpg) is the same path."""
        return value.replace("\\", "/") if value is not None else None
    alt: Text | None = None
    """What the picture shows, for a reader who cannot see it (the caption is read as well: do not repeat it)."""


class Subsection(Strict):
    title: Text
    """Its heading, per language."""
    paragraphs: list[Text] = Field(min_length=1)
    """Its paragraphs, each per language."""
    figures: list[Figure] = []
    """Pictures shown after its paragraphs."""


SectionKind = Literal["background", "actions", "results", "outlook", "other"]


class Section(Strict):
    kind: SectionKind
    """Which part of the case: background, actions, results, outlook or other (the brief's heading follows from it)."""
    title: Text | None = None
    """Needed for kind 'other'; the fixed label of the kind is used otherwise."""
    paragraphs: list[Text] = []
    """Its paragraphs, each per language."""
    subsections: list[Subsection] = []
    """Parts under it, each with a heading (an action of the actions section, say)."""
    figures: list[Figure] = []
    """Pictures shown after its paragraphs."""

    @model_validator(mode="after")
    def _has_content(self) -> "Section":
        if not self.paragraphs and not self.subsections:
            raise ValueError("a section needs paragraphs or subsections")
        if self.kind == "other" and self.title is None:
            raise ValueError("a section of kind 'other' needs a title")
        return self


class Case(Strict):
    """One case of the book, as authored in cases/BOOK/NNN-name.yaml."""

    enterprise: str
    """The enterprise's id in the book's catalogue; it gives the category and the case number."""
    title: Text
    """The case's title, per language: {zh: ..., en: ...}."""
    date: Annotated[dt.date, BeforeValidator(_iso_date)]
    """When the case was published, as YYYY-MM-DD; it dates the PDF and the DOCX too."""
    summary: Text
    """The abstract, per language, shown boxed under the title."""
    keywords: list[Text] = Field([], max_length=12)
    """Up to 12 keywords, each per language."""
    metrics: list[Metric] = []
    """The figures the case reports; the layout picks the key figures among them."""
    sections: list[Section] = Field(min_length=1)
    """Background, actions, results, outlook: the body of the brief, in order."""
    honours: list[Text] = []
    """Awards and recognitions, each per language, as a list."""
    source: Text | None = None
    """Where the case was published; the book's publisher when absent."""
    synthetic: bool = False
    """Generated test data (bench/synthetic_book.py), marked as such on the brief."""

    @model_validator(mode="after")
    def _unique_metric_ids(self) -> "Case":
        seen: set[str] = set()
        for metric in self.metrics:
            if metric.id in seen:
                raise ValueError(f"metric id {metric.id!r} is used twice")
            seen.add(metric.id)
        return self


class Enterprise(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """The id a case names its enterprise by (enterprise: cetc)."""
    short: Text
    """Its short name, per language: {zh: 中国电科, en: CETC}."""
    full: Text
    """Its full name, per language."""


class Category(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """A short id of the category."""
    name: Text
    """Its name, per language: {zh: 乡村振兴篇, en: Rural Revitalisation}."""
    enterprises: list[Enterprise] = Field(min_length=1)
    """The enterprises whose cases it holds, in the book's order (their cases are numbered in that order)."""


class Contact(Strict):
    name: Text
    """The person's name, per language."""
    role: Text
    """Their role, per language."""
    phone: str | None = None
    """Any way of writing it (15313955512, 010-6852 1234, +44 20 7946 0958); a brief shows it as +86 153 1395 5512."""
    email: str | None = None
    """Their e-mail address."""

    @field_validator("phone")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        if value is not None:
            international(value)
        return value


class Publisher(Strict):
    name: Text
    """The publisher's name, per language."""
    contacts: list[Contact] = []
    """The people a reader may contact, shown at the end of each brief where the layout has a contacts block."""


class Book(Strict):
    """The book all cases belong to (cases/BOOK/book.yaml). Case numbers follow the catalogue order."""

    id: str
    """A short id of the book (bluebook-2021)."""
    title: Text
    """The book's title, per language."""
    short_title: Text
    """A short form of the title, for running heads and the volume's cover."""
    year: int
    """The book's year."""
    editor_note: Text
    """The editor's note that opens the collected volume, per language."""
    publisher: Publisher
    """Who publishes the book, and whom to contact."""
    categories: list[Category] = Field(min_length=1)
    """The book's categories, each with its enterprises, in the book's order."""

    @model_validator(mode="after")
    def _unique_ids(self) -> "Book":
        seen: set[str] = set()
        for category in self.categories:
            for enterprise in category.enterprises:
                if enterprise.id in seen:
                    raise ValueError(f"enterprise id {enterprise.id!r} appears twice")
                seen.add(enterprise.id)
        return self

    def entries(self) -> list[tuple[int, Category, Enterprise]]:
        """Every catalogue entry with its case number, in book order."""
        out = []
        number = 0
        for category in self.categories:
            for enterprise in category.enterprises:
                number += 1
                out.append((number, category, enterprise))
        return out

    def locate(self, enterprise_id: str) -> tuple[int, Category, Enterprise] | None:
        """The entry of an enterprise, named by its id, or by its short or full name in any language (中国电科)."""
        for entry in self.entries():
            if entry[2].id == enterprise_id:
                return entry
        wanted = " ".join(enterprise_id.split()).casefold()
        for entry in self.entries():
            names = [*entry[2].short.values(), *entry[2].full.values()]
            if any(" ".join(name.split()).casefold() == wanted for name in names):
                return entry
        return None

    def names_and_ids(self) -> dict[str, str]:
        """Each enterprise's id, and each of its names, -> its id (for a suggestion)."""
        found = {}
        for _, _, enterprise in self.entries():
            for name in (enterprise.id, *enterprise.short.values(), *enterprise.full.values()):
                found.setdefault(name, enterprise.id)
        return found
