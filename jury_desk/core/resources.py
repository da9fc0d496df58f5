"""Find runtime assets (fonts, icons, translations, demo bundles).

In a source checkout they live in the top-level ``resources/`` folder; in a wheel they are
shipped as ``jury_desk/resources`` (pyproject force-include); in a PyInstaller build they
are collected to the same place under ``sys._MEIPASS``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    # The package's own folder (what importlib.resources.files("jury_desk") gives for a
    # package on disk, frozen builds included), without importing importlib.resources
    # before the first window.
    packaged = Path(__file__).resolve().parents[1] / "resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("jury-desk resources folder not found (broken installation)")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
