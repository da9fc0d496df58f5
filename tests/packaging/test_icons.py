"""The committed icon renders (PNG sizes, .ico, .icns) are those of resources/icons/jury-desk.svg.

When this fails after an SVG change, run ``.venv/bin/python packaging/render_icons.py``.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtGui import QImage

from tests.packaging.conftest import load_packaging_module


@pytest.fixture(scope="module")
def render_icons(qapp) -> ModuleType:
    return load_packaging_module("render_icons")


def test_every_png_size_is_the_current_svg_rendered_at_that_size(
    render_icons: ModuleType, freeze_config: ModuleType
):
    for size in freeze_config.ICON_SIZES:
        path = render_icons.png_path(size)
        committed = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
        assert (committed.width(), committed.height()) == (size, size), path.name
        fresh = render_icons.render(size).convertToFormat(QImage.Format.Format_ARGB32)
        difference = _pixel_difference(committed, fresh)
        # Another machine's rasteriser (Qt's SVG renderer, FreeType, its anti-aliasing) may
        # shade an edge pixel a few levels differently: that is not a stale icon. A changed
        # SVG moves whole shapes, so the mean difference jumps and many pixels differ a lot.
        assert difference.mean < 1.0 and difference.far_off < 0.01 * size * size, (
            f"{path.name} is stale (mean channel difference {difference.mean:.2f}, "
            f"{difference.far_off} pixels off by more than 64 levels): "
            "run packaging/render_icons.py"
        )


class _Difference:
    def __init__(self, mean: float, far_off: int) -> None:
        self.mean, self.far_off = mean, far_off


def _pixel_difference(a: QImage, b: QImage) -> _Difference:
    def pil(image: QImage) -> Image.Image:
        data = bytes(image.constBits())[: image.sizeInBytes()]
        return Image.frombuffer("RGBA", (image.width(), image.height()), data, "raw", "RGBA", 0, 1)

    diff = ImageChops.difference(pil(a), pil(b))
    mean = sum(ImageStat.Stat(diff).mean) / 4
    bands = [band.point(lambda v: 255 if v > 64 else 0) for band in diff.split()]
    worst = bands[0]
    for band in bands[1:]:
        worst = ImageChops.lighter(worst, band)
    far_off = worst.histogram()[255]
    return _Difference(mean, far_off)


def test_the_staleness_check_sees_a_changed_icon(render_icons: ModuleType):
    """The tolerance above still catches a real change: another shape, or another size."""
    base = render_icons.render(64).convertToFormat(QImage.Format.Format_ARGB32)
    moved = base.copy(8, 8, 64, 64)  # the icon shifted by 8 pixels: what an SVG edit does
    difference = _pixel_difference(base, moved)
    assert difference.mean >= 1.0 or difference.far_off >= 0.01 * 64 * 64
    same = _pixel_difference(base, render_icons.render(64).convertToFormat(base.format()))
    assert same.mean == 0 and same.far_off == 0


def test_the_svg_renders_something_opaque(render_icons: ModuleType):
    image = render_icons.render(32)
    assert image.pixelColor(16, 16).alpha() == 255  # the icon's centre
    assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner stays transparent


def test_windows_and_macos_icons_hold_every_size(render_icons: ModuleType):
    with Image.open(render_icons.ICONS / "jury-desk.ico") as ico:
        assert ico.info["sizes"] == {(s, s) for s in render_icons.ICO_SIZES}
    with Image.open(render_icons.ICONS / "jury-desk.icns") as icns:
        # (size, size, scale): Retina entries are the double-size renders.
        assert {w * scale for w, _, scale in icns.info["sizes"]} >= {64, 128, 256, 512}
