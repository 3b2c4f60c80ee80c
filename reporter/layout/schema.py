"""Layouts: every visual and structural choice of a brief, read from layouts/NAME.toml.

A layout may `extends = "parent"`; tables merge key by key over the parent, to any depth.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reporter.errors import ReporterError, fields_at, format_path, suggest
from reporter.fonts.locate import find_font

BUILTIN_LAYOUTS = Path(__file__).resolve().parent / "builtin"
"""The layouts shipped inside the package (and their logos)."""
user_layout_dirs: list[Path] = []
"""Folders named with `reporter --layouts DIR`, searched first."""


def layout_dirs() -> list[Path]:
    """Where a layout name is looked up, first match wins: --layouts folders, ./layouts, the shipped ones."""
    return [*user_layout_dirs, Path("layouts"), BUILTIN_LAYOUTS]
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
               "index_category", "index_entry", "contact", "footer", "toc1", "toc2")


class Blocks(Strict):
    order: list[Literal[BLOCKS]]

    @field_validator("order")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("a brief needs at least one block")
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

    @field_validator("default")
    @classmethod
    def _known_mode(cls, value: str) -> str:
        from reporter.i18n.languages import parse_mode
        try:
            parse_mode(value)
        except ReporterError as exc:
            raise ValueError(exc.message) from None
        return value


class Footer(Strict):
    source: bool = True
    """The case's source (来源：责任云) on the left."""
    page_numbers: bool = True
    """第 X 页 共 Y 页 / Page X of Y on the right."""
    text: str | None = None
    """A line of the client's in the middle, e.g. 'Prepared for Acme Sustainability Partners'."""


class Header(Strict):
    show: bool = True
    """A running head on every page but the first: book · case · enterprise, or `text`."""
    text: str | None = None


class Logo(Strict):
    file: str
    """PNG or JPEG; relative to the folder of the layout file (or of a layout it extends)."""
    on_dark: str | None = None
    """A variant for dark backgrounds (the band, the cover); `file` is used when absent."""
    place: Literal["band", "title", "header"] = "band"
    """Where the brief shows it; a cover page shows it as well."""
    height_mm: Annotated[float, Field(ge=3, le=60)] = 8


class Cover(Strict):
    enabled: bool = False


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
    header: Header = Header()
    footer: Footer = Footer()
    logo: Logo | None = None
    cover: Cover = Cover()
    reference_docx: str | None = None
    """A Word document whose styles, page setup, header and footer the DOCX takes (as Pandoc's reference.docx)."""
    source_path: Path | None = None
    source_chain: tuple[Path, ...] = ()
    """The layout file and every file it extends, child first (what a build depends on)."""

    def find_file(self, name: str) -> Path | None:
        """A file the layout names: absolute, or beside the layout or one of the layouts it extends."""
        candidate = Path(name).expanduser()
        bases = list(dict.fromkeys(path.parent for path in (self.source_path, *self.source_chain) if path))
        if candidate.is_absolute():
            return candidate if candidate.is_file() else None
        for base in bases:
            if (base / candidate).is_file():
                return (base / candidate).resolve()
        return None

    @property
    def logo_path(self) -> Path | None:
        return self.find_file(self.logo.file) if self.logo else None

    @property
    def logo_on_dark_path(self) -> Path | None:
        if self.logo is None:
            return None
        return self.find_file(self.logo.on_dark) if self.logo.on_dark else self.logo_path

    @property
    def reference_docx_path(self) -> Path | None:
        return self.find_file(self.reference_docx) if self.reference_docx else None

    @property
    def name_id(self) -> str:
        return self.source_path.stem if self.source_path else "default"

    @field_validator("styles")
    @classmethod
    def _all_styles(cls, value: dict[str, StyleSpec]) -> dict[str, StyleSpec]:
        unknown = sorted(set(value) - set(STYLE_NAMES))
        if unknown:
            raise ValueError(f"unknown style {unknown[0]!r}{suggest(unknown[0], STYLE_NAMES)}")
        missing = [name for name in STYLE_NAMES if name not in value]
        if missing:
            raise ValueError(f"style {missing[0]!r} is missing")
        return value


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


def resolve_layout_path(name_or_path: str, first: Path | None = None, skip: tuple[Path, ...] = ()) -> Path:
    """A path as given; a name from the first folder that has it (`first`, then layout_dirs()), passing over
    the files in `skip` (so that ./layouts/default.toml can extend the shipped default)."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.parent != Path("."):
        return candidate
    folders = [first, *layout_dirs()] if first else layout_dirs()
    for folder in folders:
        path = folder / f"{name_or_path}.toml"
        if path.is_file() and path.resolve() not in skip:
            return path
    return folders[0] / f"{name_or_path}.toml"


@dataclass(frozen=True)
class _Source:
    path: Path
    text: str
    raw: dict


def _read_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[dict, list[_Source]]:
    """The merged table of a layout and its parents, and each file of the chain, child first."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.stem for p in seen + (path,))
        raise ReporterError(f"layouts extend each other in a cycle: {chain}", seen[-1] if seen else path,
                            _key_line(seen[-1].read_text("utf-8"), ("extends",)) if seen else None, "extends")
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ReporterError("layout not found", path) from None
    except UnicodeDecodeError:
        raise ReporterError("not UTF-8 text", path) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        message = str(exc).split(" (at line")[0]
        raise ReporterError(f"TOML syntax error: {message}", path, int(match.group(1)) if match else None) from None
    source = _Source(path, text, raw)
    parent_name = raw.get("extends")
    if parent_name is None:
        return raw, [source]
    if not isinstance(parent_name, str):
        raise ReporterError("expected the name of a layout", path, _key_line(text, ("extends",)), "extends")
    parent_path = resolve_layout_path(parent_name, path.parent, skip=(*seen, path))
    if not parent_path.exists():
        raise ReporterError(f"extends {parent_name!r}, which is not a layout", path,
                            _key_line(text, ("extends",)), "extends")
    parent, chain = _read_chain(parent_path, seen + (path,))
    return _merge(parent, raw), [source, *chain]


def _locate(chain: list[_Source], loc: tuple) -> tuple[Path, int | None]:
    """The file of the chain that sets `loc` (the child wins) and the key's line in it."""
    for source in chain:
        node = source.raw
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
        else:
            return source.path, _key_line(source.text, loc)
    return chain[0].path, _key_line(chain[0].text, loc)


def load_layout(name_or_path: str = "default") -> Layout:
    """Load, merge over its parents and validate a layout; errors name the file, line and key."""
    path = resolve_layout_path(name_or_path)
    raw, chain = _read_chain(path)
    raw["source_path"] = path.resolve()
    raw["source_chain"] = tuple(source.path for source in chain)
    try:
        layout = Layout.model_validate(raw)
    except ValidationError as exc:
        error = next((e for e in exc.errors() if e["type"] == "extra_forbidden"), exc.errors()[0])
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            message = f"unknown key{suggest(str(loc[-1]), fields_at(Layout, loc[:-1]))}"
        elif error["type"] == "missing":
            message = "required key missing"
        elif error["type"] == "literal_error":
            message = f"got {error.get('input')!r}; expected {error['ctx']['expected']}"
        else:
            message = error["msg"].removeprefix("Value error, ")
        file, line = _locate(chain, loc)
        raise ReporterError(message, file, line, format_path(loc)) from None
    _check_files(layout, chain)
    return layout


def _check_files(layout: Layout, chain: list[_Source]) -> None:
    """Every file a layout names must exist before anything is built."""


    def fail(message: str, loc: tuple) -> None:
        file, line = _locate(chain, loc)
        raise ReporterError(message, file, line, format_path(loc))

    if layout.logo is not None:
        for key in ("file", "on_dark"):
            name = getattr(layout.logo, key)
            if name is None:
                continue
            path = layout.find_file(name)
            if path is None:
                fail(f"logo file not found: {name}", ("logo", key))
            if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                fail(f"logo must be a PNG or JPEG file, got {path.name}", ("logo", key))
    if layout.reference_docx is not None:
        path = layout.reference_docx_path
        if path is None:
            fail(f"reference document not found: {layout.reference_docx}", ("reference_docx",))
        if path.suffix.lower() != ".docx":
            fail(f"reference document must be a .docx file, got {path.name}", ("reference_docx",))
    base = layout.source_path.parent if layout.source_path else None
    specs = [(("fonts", role, key), getattr(getattr(layout.fonts, role), key))
             for role in ("heading", "body", "numbers", "label") for key in ("pdf_east_asian", "pdf_latin")]
    specs += [(("fonts", "fallback", "pdf", index), spec) for index, spec in enumerate(layout.fonts.fallback.pdf)]
    for loc, spec in specs:
        try:
            find_font(spec, base)
        except ReporterError as exc:
            fail(exc.message, loc)


def available_layouts() -> list[Path]:
    """One file per layout name, the first found along layout_dirs()."""
    found: dict[str, Path] = {}
    for folder in layout_dirs():
        for path in sorted(folder.glob("*.toml")):
            found.setdefault(path.stem, path)
    return sorted(found.values(), key=lambda path: path.stem)
