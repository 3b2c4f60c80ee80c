"""Layouts: every visual and structural choice of a brief, read from layouts/NAME.toml.

A layout may `extends = "parent"`; tables merge key by key over the parent, to any depth.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ReporterError, format_path

LAYOUT_DIR = Path(__file__).resolve().parent.parent / "layouts"
PAGE_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "Letter": (215.9, 279.4), "Legal": (215.9, 355.6)}
BLOCKS = ("band", "title", "summary", "keywords", "metrics", "sections", "figures", "honours", "index", "contacts")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(Strict):
    size: str | tuple[float, float] = "A4"
    margins_mm: dict[Literal["top", "bottom", "left", "right"], Annotated[float, Field(ge=5, le=60)]]

    @field_validator("size")
    @classmethod
    def _known_size(cls, value):
        if isinstance(value, str) and value not in PAGE_SIZES_MM:
            raise ValueError(f"unknown page size {value!r}; use {', '.join(PAGE_SIZES_MM)} or [width_mm, height_mm]")
        if isinstance(value, tuple) and not all(70 <= v <= 1000 for v in value):
            raise ValueError("page width and height must be between 70 and 1000 mm")
        return value

    @property
    def size_mm(self) -> tuple[float, float]:
        return PAGE_SIZES_MM[self.size] if isinstance(self.size, str) else self.size


class Colours(Strict):
    primary: str
    accent: str
    text: str
    muted: str
    highlight: str
    rule: str
    panel: str
    on_primary: str

    @field_validator("*")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not HEX.match(value):
            raise ValueError(f"{value!r} is not a colour; write it as #RRGGBB")
        return value.upper()


class FontRole(Strict):
    pdf_east_asian: str
    pdf_latin: str
    docx_east_asian: str
    docx_latin: str


class Fallback(Strict):
    pdf: list[str] = []


class Fonts(Strict):
    heading: FontRole
    body: FontRole
    numbers: FontRole
    label: FontRole
    fallback: Fallback = Fallback()


class TypeScale(Strict):
    base: Annotated[float, Field(ge=6, le=20)]
    scale: Annotated[float, Field(ge=1, le=2)]
    leading: Annotated[float, Field(ge=1, le=3)]
    block_space: Annotated[float, Field(ge=0, le=48)]


ColourName = Literal["primary", "accent", "text", "muted", "highlight", "rule", "panel", "on_primary"]


class StyleSpec(Strict):
    font: Literal["heading", "body", "numbers", "label"]
    step: float = 0
    colour: ColourName = "text"
    leading: float | None = None
    before: float = 0
    after: float = 0
    justify: bool = False


STYLE_NAMES = ("band", "title", "subtitle", "heading1", "heading2", "heading3", "kicker", "body", "summary",
               "label", "keywords", "caption", "metric_value", "metric_unit", "metric_label", "honour",
               "index_category", "index_entry", "contact", "footer")


class Blocks(Strict):
    order: list[Literal[BLOCKS]]

    @field_validator("order")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        twice = {name for name in value if value.count(name) > 1}
        if twice:
            raise ValueError(f"block {sorted(twice)[0]!r} is listed twice")
        return value


class MetricsPanel(Strict):
    count: Annotated[int, Field(ge=1, le=12)] = 6
    columns: Annotated[int, Field(ge=1, le=6)] = 3
    select: Literal["highlighted"] | list[str] = "highlighted"


class Figures(Strict):
    missing_image: Literal["caption", "omit"] = "caption"


class LanguageChoice(Strict):
    default: str = "zh"
    bilingual: Literal["stacked", "side_by_side"] = "stacked"


class Footer(Strict):
    source: bool = True
    page_numbers: bool = True


class Layout(Strict):
    name: str
    description: str = ""
    extends: str | None = None
    page: Page
    colours: Colours
    fonts: Fonts
    type: TypeScale
    styles: dict[str, StyleSpec]
    blocks: Blocks
    metrics: MetricsPanel = MetricsPanel()
    figures: Figures = Figures()
    language: LanguageChoice = LanguageChoice()
    footer: Footer = Footer()
    source_path: Path | None = None

    @field_validator("styles")
    @classmethod
    def _all_styles(cls, value: dict[str, StyleSpec]) -> dict[str, StyleSpec]:
        unknown = sorted(set(value) - set(STYLE_NAMES))
        if unknown:
            raise ValueError(f"unknown style {unknown[0]!r}{_suggest(unknown[0], STYLE_NAMES)}")
        missing = [name for name in STYLE_NAMES if name not in value]
        if missing:
            raise ValueError(f"style {missing[0]!r} is missing")
        return value


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _merge(parent: dict, child: dict) -> dict:
    out = dict(parent)
    for key, value in child.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _key_line(text: str, loc: tuple) -> int | None:
    """Best-effort line of a TOML key: the key's line inside its [table], else the table's line."""
    if not loc:
        return None
    lines = text.splitlines()
    table, key = [str(p) for p in loc[:-1] if not isinstance(p, int)], str(loc[-1])
    header = re.compile(r"^\s*\[+\s*" + r"\s*\.\s*".join(re.escape(t) for t in table) + r"\s*\]+") if table else None
    start = 0
    if header:
        for number, line in enumerate(lines):
            if header.match(line):
                start = number
                break
        else:
            # the table may be written inline in its parent, as `table = { ... }`
            return _key_line(text, tuple(loc[:-1]))
    for number in range(start + (1 if header else 0), len(lines)):
        line = lines[number]
        if number > start and header and line.lstrip().startswith("["):
            break
        if re.match(r"^\s*" + re.escape(key) + r"\s*=", line) or re.search(r"[{,]\s*" + re.escape(key) + r"\s*=", line):
            return number + 1
    return start + 1 if header else None


def resolve_layout_path(name_or_path: str, base_dir: Path = LAYOUT_DIR) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.parent != Path("."):
        return candidate
    return base_dir / f"{name_or_path}.toml"


def _read_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, str]:
    """The merged raw table of a layout and its parents, and the child's own text (for error lines)."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.stem for p in seen + (path,))
        raise ReporterError(f"layouts extend each other in a cycle: {chain}", path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ReporterError("layout not found", path) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = str(exc).split(" (at line")[0]
        raise ReporterError(f"TOML syntax error: {message}", path, line) from None
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw, text
    if not isinstance(parent_name, str):
        raise ReporterError("expected the name of a layout", path, _key_line(text, ("extends",)), "extends")
    parent, _ = _read_chain(resolve_layout_path(parent_name, path.parent), seen + (path,))
    return _merge(parent, raw), text


def load_layout(name_or_path: str = "default", base_dir: Path = LAYOUT_DIR) -> Layout:
    """Load, merge over its parents and validate a layout; errors name the file, line and key."""
    path = resolve_layout_path(name_or_path, base_dir)
    raw, text = _read_chain(path)
    raw["source_path"] = path.resolve()
    try:
        return Layout.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            parent_model = _model_at(loc[:-1])
            fields = parent_model.model_fields if parent_model else {}
            message = f"unknown key{_suggest(str(loc[-1]), fields)}"
        elif error["type"] == "missing":
            message = "required key missing"
        else:
            message = error["msg"].removeprefix("Value error, ")
        raise ReporterError(message, path, _key_line(text, loc), format_path(loc)) from None


def _model_at(loc: tuple) -> type[BaseModel] | None:
    model: type[BaseModel] = Layout
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return StyleSpec if model is Layout and loc and loc[0] == "styles" else None
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
        elif part == "styles":
            return StyleSpec if len(loc) > 1 else None
        else:
            return None
    return model


def available_layouts(base_dir: Path = LAYOUT_DIR) -> list[Path]:
    return sorted(base_dir.glob("*.toml"))
