"""The committed icon renders (PNG sizes, .ico, .icns) are those of resources/icons/jury-desk.svg.

When this fails after an SVG change, run ``.venv/bin/python packaging/render_icons.py``.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from PIL import Image
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
        fresh = render_icons.render(size)
        assert committed == fresh, f"{path.name} is stale: run packaging/render_icons.py"


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
