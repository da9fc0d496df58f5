"""PySide6's import hook no longer keeps the source of every imported module in memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from jury_desk.gui.qtfixes import feature_probe

ROOT = Path(__file__).resolve().parents[2]


def test_the_gui_package_installs_the_lighter_probe():
    import shibokensupport.feature as feature  # PySide6's own, present once Qt is imported

    assert feature_probe.install()  # already installed by ``import jury_desk.gui``: still True
    assert getattr(feature._mod_uses_pyside, feature_probe._MARK)


def test_modules_imported_after_qt_are_classified_as_before_and_their_source_is_not_kept(
    tmp_path,
):
    (tmp_path / "plain_mod.py").write_text("VALUE = 1\n")
    (tmp_path / "qt_mod.py").write_text("import PySide6.QtCore\nVALUE = 2\n")
    script = textwrap.dedent(
        """
        import linecache, sys
        import jury_desk.gui
        import shibokensupport.feature as feature
        import plain_mod, qt_mod
        print(feature.pyside_feature_dict["plain_mod"], feature.pyside_feature_dict["qt_mod"])
        print(any(name.endswith(("plain_mod.py", "qt_mod.py")) for name in linecache.cache))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "QT_QPA_PLATFORM": "offscreen"},
        cwd=ROOT,
    ).stdout.split("\n")
    assert out[0] == "-1 0"  # "ignore this module" / "uses PySide": PySide6's own answers
    assert out[1] == "False"  # and no source kept in memory for it
