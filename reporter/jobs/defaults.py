"""reporter.toml: defaults for the commands run in a book's folder or the working folder (layout, languages,
formats, the out folder, layout folders); the command line still wins."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from reporter.errors import ReporterError, error_loc, error_message, first_error, format_path
from reporter.layout.schema import key_line, read_toml

FILE_NAME = "reporter.toml"


class DefaultValues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, use_attribute_docstrings=True)

    layout: str | None = None
    """A layout name, or a .toml file beside reporter.toml."""
    lang: list[str] | str | None = None  # (one is made a list of one)
    """Language modes: zh, en, zh+en, en+zh; one, or a list."""
    format: list[str] | str | None = None
    """docx, pdf; one, or a list."""
    out: str | None = None
    """The folder outputs go to, beside reporter.toml."""
    layouts: list[str] = []
    """Folders of layouts, beside reporter.toml."""

    @field_validator("lang", "format", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class DefaultsFile(BaseModel):
    """reporter.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, use_attribute_docstrings=True)

    defaults: DefaultValues = DefaultValues()
    """What the commands take when the command line does not say."""


@dataclass(frozen=True)
class Defaults:
    """What a reporter.toml sets, its paths made absolute from its folder."""

    path: Path | None = None
    layout: str | None = None
    lang: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    out: Path | None = None
    layouts: tuple[Path, ...] = field(default=())

    def default_map(self) -> dict[str, dict]:
        """click's defaults for each command that takes them."""
        common = {key: value for key, value in (("layout_name", self.layout), ("langs", self.lang or None),
                                                ("formats", self.format or None),
                                                ("out_dir", str(self.out) if self.out else None)) if value}
        preview = {key: value for key, value in (("layout_name", self.layout),
                                                 ("lang", self.lang[0] if self.lang else None)) if value}
        return {"build": common, "batch": common, "index": common, "volume": common, "preview": preview}


def find_defaults(arguments: list[str], working: Path) -> Defaults:
    """The reporter.toml of the book the command names (its folder, or a case's folder), else of the working
    folder; none: no defaults."""
    for argument in arguments:
        if argument.startswith("-"):
            continue
        path = Path(argument)
        folder = path if path.is_dir() else path.parent if path.suffix.lower() in (".yaml", ".yml") else None
        if folder is not None and (folder / FILE_NAME).is_file():
            return load_defaults(folder / FILE_NAME)
    if (working / FILE_NAME).is_file():
        return load_defaults(working / FILE_NAME)
    return Defaults()


def load_defaults(path: Path) -> Defaults:
    """A reporter.toml, checked: one line naming the file, the line and the key for a bad one."""
    text, raw = read_toml(path, "reporter.toml")
    try:
        values = DefaultsFile.model_validate(raw).defaults
    except ValidationError as exc:
        error = first_error(exc)
        loc = error_loc(error)
        raise ReporterError(error_message(error, DefaultsFile, loc, "key"), path, key_line(text, loc),
                            format_path(loc)) from None
    folder = path.parent  # as the command named it: outputs are printed as the user would write them
    layout = values.layout
    if layout is not None and layout.lower().endswith(".toml"):
        layout = str(folder / layout)
    return Defaults(path, layout, tuple(values.lang or ()), tuple(values.format or ()),
                    folder / values.out if values.out else None, tuple(folder / name for name in values.layouts))
