"""Find runtime assets (fonts, icons, translations, demo bundles).

In a source checkout they live in the top-level ``resources/`` folder; in a wheel they are
shipped as ``jury_desk/resources`` (pyproject force-include); in a PyInstaller build they
are collected to the same place under ``sys._MEIPASS``.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def resources_root() -> Path:
    packaged = Path(str(importlib.resources.files("jury_desk"))) / "resources"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("jury-desk resources folder not found (broken installation)")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
