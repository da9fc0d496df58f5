"""The first window comes before the heavy libraries: none of them is imported to show it.

A regression guard for the cold start (tests/benchmarks/bench_gui_start.py measures it): the
trusted keys and the keyring are read after the first paint, the service and the PV tools
when a session is opened.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "pydantic",
    "cryptography",
    "sqlalchemy",
    "sqlmodel",
    "sqlite3",
    "keyring",
    "reportlab",
    "pyhanko",
    "PySide6.QtPdf",
    "jury_desk.deliberation",
    "jury_desk.bundle.trust",
    "jury_desk.gui.dialogs.crash_dialog",
    "jury_desk.gui.views.board_page",
)


def test_nothing_heavy_is_imported_before_the_first_window(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from jury_desk.cli import _bare_gui_call
        _bare_gui_call(["--data-dir", {str(tmp_path)!r}])
        from PySide6.QtCore import QSettings
        from jury_desk.gui.app import start
        app, window = start(Path({str(tmp_path)!r}), QSettings())
        # (what is read after the first paint then runs in the pool)
        print(" ".join(m for m in {HEAVY!r} if m in sys.modules))
        """
    )
    found = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    ).stdout.split()
    assert found == []
