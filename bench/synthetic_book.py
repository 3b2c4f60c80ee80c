"""Make a synthetic book for scale tests: the real book.yaml and one case per catalogue entry (70), each with
the size and structure of case 36, its names swapped for the entry's and its figures varied, and marked
`synthetic: true` (the brief says so). Never written into cases/. With --long, one long case instead, for the
proof-reader's look at breaks and keeps over many pages: case 36's sections three times over (new subheadings,
some long), a long title, and an image for every figure.

    .venv/bin/python bench/synthetic_book.py DIR [--count N] [--long]
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


LONG_TITLE = {"zh": "中国电科：以“综合党建+特色产业+志愿服务”推进定点帮扶县乡村振兴与巩固拓展脱贫攻坚成果有效衔接的实践探索",
              "en": "CETC: How Party Building, Distinctive Industries and Volunteer Service Link the Consolidation of "
                    "Poverty Alleviation with Rural Revitalisation in Its Designated Counties"}
LONG_SUBHEADING = {"zh": "坚持以习近平新时代中国特色社会主义思想为指导，推动定点帮扶地区产业振兴、人才振兴和组织振兴",
                   "en": "Guided by Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era, "
                         "revitalising the industries, talent and organisations of the designated areas"}


def make_long_case(target: Path, rounds: int = 3) -> Path:
    """Write book.yaml and one long synthetic case (case 36's sections `rounds` times over, images for its
    figures) into target; returns the case file."""
    from PIL import Image, ImageDraw

    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BOOK_DIR / "book.yaml", target / "book.yaml")
    case = yaml.safe_load(MODEL.read_text("utf-8"))
    case["synthetic"] = True
    case["title"] = dict(LONG_TITLE)
    images = iter(range(1, 1000))
    for section in case["sections"]:
        subsections = section.get("subsections", [])
        grown = []
        for round_ in range(rounds):
            for sub in subsections:
                copy = yaml.safe_load(yaml.safe_dump(sub, allow_unicode=True))
                if round_:
                    copy["title"] = dict(LONG_SUBHEADING) if round_ == 1 else {
                        lang: f"{text}（{round_ + 1}）" if lang == "zh" else f"{text} ({round_ + 1})"
                        for lang, text in sub["title"].items()}
                for figure in copy.get("figures", []):
                    number = next(images)
                    name = f"figure-{number}.png"
                    picture = Image.new("RGB", (800, 450 + 50 * (number % 3)), (40 + number * 20 % 160, 90, 140))
                    ImageDraw.Draw(picture).rectangle((40, 40, 760, 400), outline=(255, 255, 255), width=6)
                    picture.save(target / name)
                    figure["image"] = name
                    figure["alt"] = {"zh": f"合成图片{number}：彩色底上的白色方框",
                                     "en": f"Synthetic picture {number}: a white frame on a coloured ground"}
                grown.append(copy)
        if grown:
            section["subsections"] = grown
        elif section.get("paragraphs"):
            section["paragraphs"] = section["paragraphs"] * rounds
    path = target / MODEL.name
    path.write_text("# SYNTHETIC long case made by bench/synthetic_book.py --long from case 36; not a real case.\n"
                    + yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=120), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=70)
    parser.add_argument("--long", action="store_true", help="one long case instead (breaks and keeps over pages)")
    args = parser.parse_args()
    if args.target.resolve().is_relative_to((ROOT / "cases").resolve()):
        raise SystemExit("synthetic cases never go into cases/")
    if args.long:
        print(f"a long synthetic case: {make_long_case(args.target)}")
        return
    files = make_book(args.target, args.count)
    print(f"{len(files)} synthetic cases in {args.target}")


if __name__ == "__main__":
    main()
