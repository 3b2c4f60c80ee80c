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
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    label: Text
    unit: str
    value: Number | None = None
    change_from: Number | None = Field(None, alias="from")
    change_to: Number | None = Field(None, alias="to")
    qualifier: Qualifier | None = None
    unit_text: Text | None = None
    """Overrides the unit's wording per language, e.g. {en: teachers}."""
    highlight: bool = False
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
    image: str | None = None
    """Path relative to the case file; the figure is shown with its caption only when absent."""
    alt: Text | None = None
    """What the picture shows, for a reader who cannot see it (the caption is read as well: do not repeat it)."""


class Subsection(Strict):
    title: Text
    paragraphs: list[Text] = Field(min_length=1)
    figures: list[Figure] = []


SectionKind = Literal["background", "actions", "results", "outlook", "other"]


class Section(Strict):
    kind: SectionKind
    title: Text | None = None
    """Needed for kind 'other'; the fixed label of the kind is used otherwise."""
    paragraphs: list[Text] = []
    subsections: list[Subsection] = []
    figures: list[Figure] = []

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
    date: Annotated[dt.date, BeforeValidator(_iso_date)]
    summary: Text
    keywords: list[Text] = Field([], max_length=12)
    metrics: list[Metric] = []
    sections: list[Section] = Field(min_length=1)
    honours: list[Text] = []
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
    short: Text
    full: Text


class Category(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Text
    enterprises: list[Enterprise] = Field(min_length=1)


class Contact(Strict):
    name: Text
    role: Text
    phone: str | None = None
    """Any way of writing it (15313955512, 010-6852 1234, +44 20 7946 0958); a brief shows it as +86 153 1395 5512."""
    email: str | None = None

    @field_validator("phone")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        if value is not None:
            international(value)
        return value


class Publisher(Strict):
    name: Text
    contacts: list[Contact] = []


class Book(Strict):
    """The book all cases belong to (cases/BOOK/book.yaml). Case numbers follow the catalogue order."""

    id: str
    title: Text
    short_title: Text
    year: int
    editor_note: Text
    publisher: Publisher
    categories: list[Category] = Field(min_length=1)

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
        for entry in self.entries():
            if entry[2].id == enterprise_id:
                return entry
        return None
