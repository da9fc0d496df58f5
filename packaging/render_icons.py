"""Render the app icon's PNG sizes, Windows .ico and macOS .icns from resources/icons/jury-desk.svg.

    .venv/bin/python packaging/render_icons.py      # rewrites resources/icons/jury-desk-*.png,
                                                    # jury-desk.ico and jury-desk.icns

The SVG is the source; the rendered files are committed so that building a package needs no
SVG tool, and tests/packaging/test_icons.py fails when they are stale. Each size is rendered
from the SVG (not scaled down from the largest), so the small sizes stay crisp.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from freeze_config import ICON_SIZES  # noqa: E402 - a sibling script, not a package module

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "jury-desk.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # the sizes Windows picks from
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int, icons: Path = ICONS) -> Path:
    return icons / f"jury-desk-{size}.png"


def render(size: int, svg: Path = SVG) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def _pillow(image: QImage) -> Image.Image:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(BytesIO(bytes(data))).convert("RGBA")


def write_all(icons: Path = ICONS) -> list[Path]:
    images = {size: render(size) for size in sorted(set(ICON_SIZES) | set(ICO_SIZES))}
    written = []
    for size in ICON_SIZES:
        if not images[size].save(str(png_path(size, icons)), "PNG"):
            raise SystemExit(f"could not write {png_path(size, icons)}")
        written.append(png_path(size, icons))
    ico = [_pillow(images[s]) for s in reversed(ICO_SIZES)]
    ico[0].save(icons / "jury-desk.ico", sizes=[im.size for im in ico], append_images=ico[1:])
    icns = [_pillow(images[s]) for s in reversed(ICNS_SIZES)]
    icns[0].save(icons / "jury-desk.icns", append_images=icns[1:])
    return [*written, icons / "jury-desk.ico", icons / "jury-desk.icns"]


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    for path in write_all():
        print(path)
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
