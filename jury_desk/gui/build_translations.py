"""Compile (and, for developers, refresh) the Qt Linguist catalogues.

    python -m jury_desk.gui.build_translations            # .ts -> .qm (make test / make demo)
    python -m jury_desk.gui.build_translations --update   # re-extract tr() strings into the .ts

Sources are French; ``resources/translations/jury_desk_<lang>.ts`` holds the other
languages and is committed; the compiled ``.qm`` files are build products (git-ignored).
The tools are PySide6's own ``lupdate``/``lrelease``, so no system Qt is needed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6

from jury_desk.core.resources import resource_path

TARGET_LANGUAGES = ("en",)
SOURCE_LANGUAGE = "fr"
GUI_DIR = Path(__file__).resolve().parent


def _tool(name: str) -> str:
    """``pyside6-<name>`` beside this Python, else PySide6's bundled binary, else PATH."""
    candidates = [
        Path(sys.executable).parent / f"pyside6-{name}",
        Path(PySide6.__file__).parent / name,
    ]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def ts_path(lang: str) -> Path:
    return resource_path("translations", f"jury_desk_{lang}.ts")


def qm_path(lang: str) -> Path:
    return ts_path(lang).with_suffix(".qm")


def gui_sources() -> list[Path]:
    return sorted(p for p in GUI_DIR.rglob("*.py") if p.name != "build_translations.py")


def update(ts: Path, *, quiet: bool = True) -> None:
    """Extract every tr()/translate()/QT_TRANSLATE_NOOP string of the GUI into ``ts``."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    lang = ts.stem.rsplit("_", 1)[-1]
    args = [_tool("lupdate"), "-no-obsolete", "-locations", "none"]
    args += ["-source-language", SOURCE_LANGUAGE, "-target-language", lang]
    args += [str(p) for p in gui_sources()] + ["-ts", str(ts)]
    subprocess.run(args, check=True, capture_output=quiet)


def release(ts: Path, qm: Path, *, quiet: bool = True) -> None:
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=quiet)


def build(*, refresh: bool = False) -> list[Path]:
    """Compile every catalogue (after refreshing the .ts if asked); return the .qm paths."""
    out = []
    for lang in TARGET_LANGUAGES:
        if refresh:
            update(ts_path(lang))
        release(ts_path(lang), qm_path(lang))
        out.append(qm_path(lang))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update", action="store_true", help="re-extract the GUI strings into the .ts first"
    )
    args = parser.parse_args(argv)
    for qm in build(refresh=args.update):
        print(qm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
