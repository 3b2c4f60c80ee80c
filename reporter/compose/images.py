"""Images a brief shows (figures, logos), checked by decoding them before either writer sees them: a file that
is not a PNG or JPEG, is truncated, is a pixel bomb or is of a kind a writer cannot embed is refused in one line.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from reporter.limits import IMAGE_FILE_BYTES, IMAGE_PIXELS, file_version, read_for_check

FORMATS = {"PNG": ("1", "L", "LA", "P", "PA", "RGB", "RGBA", "I", "I;16", "I;16B"), "JPEG": ("L", "RGB")}
"""The formats both writers embed, and the pixel modes of each that they take."""


class ImageProblem(ValueError):
    """Why an image cannot be used, in words (the caller knows which file, line and key named it)."""


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    format: str

    @property
    def aspect(self) -> float:
        return self.width / self.height


def check_image(path: Path) -> ImageFacts:
    """The size and format of an image both writers can embed, once its pixels decoded; else ImageProblem."""
    return _checked(*file_version(path))


@cache
def _checked(path: Path, size: int, mtime_ns: int) -> ImageFacts:
    data = read_for_check(path, IMAGE_FILE_BYTES, "the image", ImageProblem)
    if not data:
        raise ImageProblem("the image file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except UnidentifiedImageError:
        raise ImageProblem(f"{path.name} is not a PNG or JPEG image ({_kind(data)}); save it as PNG or JPEG") \
            from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(f"{path.name} has too many pixels; the limit is {IMAGE_PIXELS:,}") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"{path.name} cannot be read ({exc}); save it again as PNG or JPEG") from None
    with image:
        width, height = image.size
        if width * height > IMAGE_PIXELS:
            raise ImageProblem(f"{path.name} is {width} x {height} pixels; the limit is {IMAGE_PIXELS:,} "
                               "pixels (about 8000 x 5000): scale it down")
        if image.mode not in FORMATS[image.format]:
            advice = ("Word cannot read CMYK JPEG files; convert it to RGB" if image.mode == "CMYK"
                      else "save it as 8-bit RGB")
            raise ImageProblem(f"{path.name} is a {image.format} image in {image.mode} mode; {advice}")
        if image.format == "JPEG" and data[6:10] not in (b"JFIF", b"Exif"):
            raise ImageProblem(f"{path.name} is a JPEG without a JFIF or Exif header, which Word cannot read; "
                               "save it again as JPEG")
        try:
            image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageProblem(f"{path.name} is truncated or damaged ({exc}); save it again") from None
        _check_colour_profile(image, path)
        return ImageFacts(width, height, image.format)


def _check_colour_profile(image: Image.Image, path: Path) -> None:
    """An embedded ICC profile must be one LittleCMS reads, for the image's kind of pixels: a print master's colours
    are converted through it (a damaged or mismatched profile would print the picture in colours nobody chose)."""
    embedded = image.info.get("icc_profile")
    if not embedded:
        return
    from PIL import ImageCms  # only for images that bring a profile
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
        space = profile.profile.xcolor_space.strip()
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError) as exc:
        raise ImageProblem(f"{path.name} has an embedded colour profile that cannot be read ({exc}); its colours "
                           "cannot be converted for print: save it again as sRGB") from None
    wanted = "GRAY" if image.mode in ("1", "L", "LA", "I", "I;16", "I;16B") else "RGB"
    if space != wanted:
        raise ImageProblem(f"{path.name} has {image.mode} pixels but a {space} colour profile; its colours cannot "
                           f"be converted for print: save it again as sRGB")


def _kind(data: bytes) -> str:
    """What a file that is not a PNG or JPEG seems to be, for the message."""
    head = data[:64].lstrip()
    for prefix, kind in ((b"<svg", "an SVG drawing"), (b"<?xml", "XML, perhaps an SVG drawing"),
                         (b"RIFF", "WebP or another RIFF file"), (b"GIF8", "a GIF"), (b"%PDF", "a PDF"),
                         (b"II*\0", "a TIFF"), (b"MM\0*", "a TIFF"), (b"BM", "a BMP")):
        if head.startswith(prefix):
            return kind
    return "unrecognised content"
