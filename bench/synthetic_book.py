"""Make a synthetic book for scale tests: the real book.yaml and one case per catalogue entry (70), each with
the size and structure of case 36, its names swapped for the entry's and its figures varied, and marked
`synthetic: true` (the brief says so). Never written into cases/.

    .venv/bin/python bench/synthetic_book.py DIR [--count N]
"""

from __future__ import annotations

import argparse
import shutil
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = ROOT / "cases" / "bluebook-2021"
MODEL = BOOK_DIR / "036-cetc.yaml"


def _swap(value, replacements: list[tuple[str, str]]):
    """Replace the model enterprise's names in every string of a YAML tree."""
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: _swap(v, replacements) for k, v in value.items()}
    if isinstance(value, list):
        return [_swap(v, replacements) for v in value]
    return value


def _vary(number: int, value: float) -> float:
    """A figure scaled by a factor fixed per case (0.6 to 1.5), keeping its decimals."""
    factor = Decimal(60 + (number * 37) % 91) / 100
    decimals = -Decimal(str(value)).as_tuple().exponent
    return float((Decimal(str(value)) * factor).quantize(Decimal(1).scaleb(-max(decimals, 0))))


def make_book(target: Path, count: int = 70) -> list[Path]:
    """Write book.yaml and `count` synthetic cases into target; returns the case files."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BOOK_DIR / "book.yaml", target / "book.yaml")
    book = yaml.safe_load((BOOK_DIR / "book.yaml").read_text("utf-8"))
    model = yaml.safe_load(MODEL.read_text("utf-8"))
    cetc = {"short_zh": "中国电科", "short_en": "CETC", "full_zh": "中国电子科技集团有限公司",
            "full_en": "China Electronics Technology Group Corporation"}
    entries = [e for category in book["categories"] for e in category["enterprises"]]
    files = []
    for number, entry in enumerate(entries[:count], start=1):
        swaps = [(cetc["full_zh"], entry["full"]["zh"]), (cetc["full_en"], entry["full"]["en"]),
                 (cetc["short_zh"], entry["short"]["zh"]), (cetc["short_en"], entry["short"]["en"]),
                 ("电科", entry["short"]["zh"])]
        case = _swap(model, swaps)
        case["enterprise"] = entry["id"]
        case["synthetic"] = True
        for metric in case["metrics"]:
            for key in ("value", "from", "to"):
                if key in metric:
                    metric[key] = _vary(number, metric[key])
        path = target / f"{number:03d}-{entry['id']}.yaml"
        path.write_text("# SYNTHETIC test data made by bench/synthetic_book.py from case 36; not a real case.\n"
                        + yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=120), "utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=70)
    args = parser.parse_args()
    if args.target.resolve().is_relative_to((ROOT / "cases").resolve()):
        raise SystemExit("synthetic cases never go into cases/")
    files = make_book(args.target, args.count)
    print(f"{len(files)} synthetic cases in {args.target}")


if __name__ == "__main__":
    main()
