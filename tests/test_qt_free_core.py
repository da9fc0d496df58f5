"""The core packages never import PySide6 (DESIGN.md §1), checked two ways."""

import ast
import subprocess
import sys
from pathlib import Path

import jury_desk

CORE = (
    "core",
    "bundle",
    "store",
    "deliberation",
    "exchange",
    "minutes",
    "rehearsal",
    "archive",
    "signing",
)
PKG = Path(jury_desk.__file__).parent


def test_no_pyside_import_in_core_sources():
    offenders = []
    for name in CORE:
        for src in (PKG / name).rglob("*.py"):
            tree = ast.parse(src.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                mods = []
                if isinstance(node, ast.Import):
                    mods = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    mods = [node.module]
                if any(m.split(".")[0] in ("PySide6", "shiboken6") for m in mods):
                    offenders.append(f"{src.relative_to(PKG)}:{node.lineno}")
    assert offenders == []


def test_importing_every_core_module_loads_no_qt():
    modules = [
        f"jury_desk.{name}.{p.stem}" if p.stem != "__init__" else f"jury_desk.{name}"
        for name in CORE
        for p in (PKG / name).rglob("*.py")
        if p.parent == PKG / name
    ]
    assert len(modules) >= len(CORE)
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad); raise SystemExit(1 if bad else 0)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
