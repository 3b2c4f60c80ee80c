"""Replacing a library's attributes, done one way for every library: listed, checked, applied once."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from reporter.errors import ReporterError


def require_version(library: str, package: str, expected: str, found: str) -> None:
    """An adapter's check at import: the library's version is the one its patches were written and tested
    against, or one line naming both and the command that installs the right one."""
    if found != expected:
        raise ReporterError(f"reporter needs {library} {expected}, found {found} (its internals are patched): "
                            f"pip install '{package}=={expected}'")


@dataclass
class Patch:
    owner: Any
    """The module or class whose attribute is replaced."""
    name: str
    replacement: Callable[[], Any]
    """Gives the new value (a function, so that the modules it comes from are imported late)."""
    changes: str = ""
    """What the patch changes in the output on purpose; empty: the library's output, byte for byte."""
    original: Any = None
    applied: bool = False

    @property
    def label(self) -> str:
        return f"{getattr(self.owner, '__name__', self.owner)}.{self.name}"


def apply(patches: list[Patch], library: str) -> None:
    """Apply each patch not yet applied. A name that is gone from the library is one line, never a silent no-op."""
    missing = [patch.label for patch in patches if not patch.applied and not hasattr(patch.owner, patch.name)]
    if missing:
        raise ReporterError(f"{library} has no {', '.join(missing)}, which reporter patches")
    for patch in patches:
        if not patch.applied:
            patch.original = getattr(patch.owner, patch.name)
            setattr(patch.owner, patch.name, patch.replacement())
            patch.applied = True


def original(patches: list[Patch], owner: Any, name: str) -> Any:
    """What the library had before the patch."""
    for patch in patches:
        if patch.owner is owner and patch.name == name:
            return patch.original if patch.applied else getattr(owner, name)
    raise KeyError(name)


@contextmanager
def unpatched(patches: list[Patch], *only: Patch) -> Iterator[None]:
    """Within the block, the library as it ships, or with only the patches given undone (for the tests that
    compare)."""
    saved = [(patch, getattr(patch.owner, patch.name)) for patch in only or patches if patch.applied]
    for patch, _ in saved:
        setattr(patch.owner, patch.name, patch.original)
    try:
        yield
    finally:
        for patch, value in saved:
            setattr(patch.owner, patch.name, value)
