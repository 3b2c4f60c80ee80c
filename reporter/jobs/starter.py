"""A new book to start from (`reporter init`), and a new case for one of its enterprises (`reporter new case`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reporter.errors import ReporterError
from reporter.jobs.schemas import KINDS, schema_text
from reporter.model.load import load_book
from reporter.model.schema import Book
from reporter.output import replace_all

STARTER = Path(__file__).resolve().parent.parent / "starter"
EXAMPLE_FILES = ("036-cetc.yaml", "036-poverty-rate.png")
"""The example case (case 36, with a picture of its figures) and its picture."""


def init_book(folder: Path, empty: bool = False) -> list[Path]:
    """A book folder: book.yaml (the 2021 catalogue, or an empty template), the example case (not with `empty`),
    layouts/client.toml, reporter.toml and the JSON Schemas under schemas/; the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReporterError("already exists and is not an empty folder; give a new folder for the book", folder)
    files = {"book.yaml": (STARTER / ("book-empty.yaml" if empty else "book.yaml")).read_bytes(),
             "reporter.toml": (STARTER / "reporter.toml").read_bytes(),
             "layouts/client.toml": (STARTER / "client.toml").read_bytes()}
    if not empty:
        files.update({name: (STARTER / name).read_bytes() for name in EXAMPLE_FILES})
    files.update({f"schemas/{kind}.schema.json": schema_text(kind).encode("utf-8") for kind in KINDS})
    targets = [(folder / name, data) for name, data in files.items()]
    replace_all(targets)
    return [path for path, _ in targets]


def new_case(book_dir: Path, enterprise: str, output: Path | None = None, today: dt.date | None = None) -> Path:
    """A case skeleton for an enterprise of the book (its id or any of its names), every field present and said
    what it holds: NNN-id.yaml in the book's folder unless `output` names the file. Never over a file."""
    book_dir = Path(book_dir)
    book = load_book(book_dir)
    entry = book.locate(enterprise)
    if entry is None:
        ids = ", ".join(e.id for _, _, e in book.entries()[:6])
        raise ReporterError(f"{enterprise!r} is not in the book's catalogue (its ids: {ids}, ...; `reporter status` "
                            "lists them all)", book_dir / "book.yaml")
    number, category, found = entry
    target = Path(output) if output is not None else book_dir / f"{number:03d}-{found.id}.yaml"
    if target.exists():
        raise ReporterError("already exists; give another file with -o, or edit this one", target)
    text = _skeleton(book, found.id, pick_name(found.short), (today or dt.date.today()).isoformat(),
                     schema_reference(target, book_dir))
    replace_all([(target, text.encode("utf-8"))])
    return target


def pick_name(names: dict[str, str]) -> str:
    return names.get("zh") or next(iter(names.values()))


def schema_reference(target: Path, book_dir: Path) -> str:
    """The case schema's path from the new file, where the book has the schemas `reporter init` writes."""
    schema = book_dir / "schemas" / "case.schema.json"
    if not schema.exists():
        return ""
    try:
        relative = schema.resolve().relative_to(target.parent.resolve())
    except ValueError:
        relative = schema.resolve()
    return f"# yaml-language-server: $schema={relative.as_posix()}\n"


def _skeleton(book: Book, enterprise_id: str, name: str, date: str, schema_line: str) -> str:
    return f"""{schema_line}# A case of {pick_name(book.title)}: {name}. Every text is given per language ({{zh: ..., en: ...}}); one
# language alone builds in that language. `reporter check` this file as you go; `reporter schema case` describes
# every key.
enterprise: {enterprise_id}
date: {date}                       # when the case was published, YYYY-MM-DD
title: {{zh: 案例标题, en: The case's title}}
summary:                                # the abstract, boxed under the title
  zh: 案例摘要。
  en: The case in a few sentences.
keywords:                               # up to 12
  - {{zh: 关键词, en: keyword}}
metrics:                                # the figures the case reports; the layout picks the key figures
  - id: funds                           # letters, digits, hyphens; unique in the case
    label: {{zh: 累计投入资金, en: Funds invested}}
    value: 100                          # a number in its unit (or from: and to: for a change)
    unit: 万元                           # 万元, 亿元, 人, 户, %, ...
    highlight: true                     # among the key figures
sections:                               # background, actions, results, outlook (or other), in order
  - kind: background
    paragraphs:
      - {{zh: 背景段落。, en: A paragraph of background.}}
  - kind: actions
    subsections:                        # each action with its heading
      - title: {{zh: 主要举措, en: The main action}}
        paragraphs:
          - {{zh: 举措段落。, en: A paragraph on what was done.}}
        # figures:                      # a picture beside the case file:
        #   - image: picture.jpg
        #     caption: {{zh: 图片说明, en: What the picture shows}}
        #     alt: {{zh: 图片内容, en: The picture, for a reader who cannot see it}}
  - kind: results
    paragraphs:
      - {{zh: 成效段落。, en: A paragraph on the results.}}
  - kind: outlook
    paragraphs:
      - {{zh: 展望段落。, en: A paragraph on what comes next.}}
honours:                                # awards, as a list (or [] for none)
  - {{zh: 所获荣誉, en: An award}}
source: {{zh: 责任云, en: Zerenyun}}     # where the case was published
"""
