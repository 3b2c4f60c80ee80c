"""The print condition a print master is made for: its CMYK characterisation profile (an ICC output profile, the
PDF/X output intent) and the conversion of the layout's sRGB colours into its inks, through LittleCMS (Pillow's
ImageCms)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageCms

from reporter.press.icc import ProfileProblem, read_profile

SHIPPED_PROFILE = Path(__file__).parent / "data" / "FOGRA39-reporter.icc"
"""Built by scripts/make_print_profile.sh from Fogra's FOGRA39 characterisation data (zlib licence; data/README.md):
small (28 KB), the output intent every print master embeds."""
SHIPPED_CONVERSION = Path(__file__).parent / "data" / "FOGRA39-reporter-qm.icc"
"""The same characterisation in finer tables (120 KB, not embedded), which the colours are converted with."""
SHIPPED_CONDITION = "FOGRA39"
"""The shipped profile's characterisation in the ICC's registry of print conditions."""
SHIPPED_INFO = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset on coated paper"

Cmyk = tuple[float, float, float, float]
"""Ink percentages, 0-100."""

BLACK: Cmyk = (0.0, 0.0, 0.0, 100.0)
NEAR_BLACK = 0x40
"""An sRGB colour whose channels are all at most this, and within NEAR_BLACK_SPREAD of each other, reads as black:
it prints as 100% K (text in four inks blurs when the plates are a hair out of register)."""
NEAR_BLACK_SPREAD = 0x20


@dataclass(frozen=True)
class PrintCondition:
    """A CMYK output profile and what the output intent calls it."""

    icc: bytes
    condition: str
    """OutputConditionIdentifier: a name in the ICC's registry (FOGRA39), or the profile's own for a custom one."""
    info: str
    registry: str = "http://www.color.org"
    overrides: dict[str, Cmyk] = field(default_factory=dict)
    """sRGB hex (upper case) -> the inks a layout gives for it."""
    conversion_icc: bytes | None = None
    """A finer profile of the same condition to convert colours with; `icc` when None."""

    @cached_property
    def _to_ink(self) -> ImageCms.ImageCmsTransform:
        return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), _open(self.conversion_icc or self.icc),
                                       "RGB", "CMYK",
                                       renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)

    @cached_property
    def _k_ramp(self) -> list[int]:
        """The sRGB grey each K alone prints as (0-100 %K): to set a grey in black ink alone."""
        to_rgb = ImageCms.buildTransform(_open(self.conversion_icc or self.icc), ImageCms.createProfile("sRGB"),
                                         "CMYK", "RGB",
                                         renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
        ramp = Image.new("CMYK", (101, 1))
        ramp.putdata([(0, 0, 0, round(k * 2.55)) for k in range(101)])
        return [pixel[1] for pixel in ImageCms.applyTransform(ramp, to_rgb).getdata()]

    def cmyk(self, hex_colour: str) -> Cmyk:
        """The inks an sRGB colour prints in: the layout's own where it gives them; black and near-black in K alone
        at 100%; other greys in K alone at the same lightness; everything else through the profile."""
        key = hex_colour.upper()
        if key in self.overrides:
            return self.overrides[key]
        red, green, blue = (int(key[i:i + 2], 16) for i in (1, 3, 5))
        if max(red, green, blue) <= NEAR_BLACK and max(red, green, blue) - min(red, green, blue) <= NEAR_BLACK_SPREAD:
            return BLACK
        if red == green == blue:
            ramp = self._k_ramp
            return (0.0, 0.0, 0.0, float(min(range(101), key=lambda k: abs(ramp[k] - red))))
        pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (red, green, blue)), self._to_ink).getpixel((0, 0))
        return tuple(round(value / 2.55, 1) for value in pixel)  # type: ignore[return-value]


    def separate(self, image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
        """An image's pixels in the condition's inks, through the transform the colours take (a logo's navy prints
        as the background's), and its alpha channel apart (None where it has none)."""
        alpha = None
        rgb = image.convert("RGB")
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            alpha = image.convert("RGBA").getchannel("A")
            # pixels nobody sees are paper, not the black a PNG often keeps under them (a RIP that drops the
            # mask would print boxes of 300% ink)
            rgb = Image.composite(rgb, Image.new("RGB", rgb.size, "white"), alpha.point(lambda a: 255 if a else 0))
        return ImageCms.applyTransform(rgb, self._to_ink), alpha


def _open(icc: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(icc))


def read_condition(path: Path, condition: str | None, overrides: dict[str, Cmyk]) -> PrintCondition:
    """A press's CMYK output profile as the print condition (named `condition`, else by its description), once
    LittleCMS has read it and made a transform into it; ProfileProblem if it cannot."""
    data = read_profile(path)
    try:
        profile = _open(data)
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK")
    except (OSError, ImageCms.PyCMSError, ValueError) as exc:
        raise ProfileProblem(f"{path.name} cannot be read as an ICC profile ({exc})") from None
    description = ImageCms.getProfileDescription(profile).strip() or path.name
    return PrintCondition(data, condition or description, description, overrides=overrides)


def shipped_condition(overrides: dict[str, Cmyk] | None = None) -> PrintCondition:
    return PrintCondition(SHIPPED_PROFILE.read_bytes(), SHIPPED_CONDITION, SHIPPED_INFO, overrides=overrides or {},
                          conversion_icc=SHIPPED_CONVERSION.read_bytes())
