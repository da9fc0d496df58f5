"""``jury-desk demo`` starts the real application loop on the verified demo."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from jury_desk import cli
from jury_desk.core.preferences import save_language
from jury_desk.gui import app as app_module
from jury_desk.gui import crash
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.views.session_page import SessionPage


def test_jury_desk_demo_opens_the_window_on_the_demo(qtbot, qapp, data_dir, settings, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # Closing the last window would post a second quit that outlives this test's loop and
    # makes every later event loop return at once.
    qapp.setQuitOnLastWindowClosed(False)
    monkeypatch.setattr(app_module, "app_settings", lambda: settings)  # not the user's file
    save_language(data_dir, "en")
    seen: dict[str, object] = {}

    def check() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        win = next((w for w in windows if w.isVisible()), None)
        if win is not None and isinstance(win.stack.currentWidget(), SessionPage):
            seen["banner"] = win.banner.isVisible()
            seen["title"] = win.stack.currentWidget().summary.manifest.session.title
            seen["hook"] = isinstance(sys.excepthook, crash.CrashHandler)
            seen["button"] = win.start_page.open_button.text()
            win.close()
            QApplication.quit()
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)
    guard = QTimer(singleShot=True, interval=15_000)  # never hang the suite
    guard.timeout.connect(QApplication.quit)
    guard.start()
    try:
        assert cli.main(["demo", "--data-dir", str(data_dir)]) == 0
    finally:
        guard.stop()
        qapp.setQuitOnLastWindowClosed(True)
    assert seen["banner"] is True and seen["hook"] is True
    assert str(seen["title"]).startswith("DÉMO — Jury d'admission")
    assert seen["button"] == "Open a session bundle…"  # the saved language was applied
    assert len(list((data_dir / "bundles").glob("*.jdbundle"))) == 1
    assert settings.value("window/geometry") is not None  # window state saved on close
    assert sorted(settings.allKeys()) == ["window/geometry", "window/state"]  # and only that


def test_the_window_icon_comes_from_every_png_render(qapp):
    from jury_desk.gui.app import app_icon

    sizes = sorted(size.width() for size in app_icon().availableSizes())
    assert sizes == [16, 24, 32, 48, 64, 128, 256, 512]  # packaging/render_icons.py's sizes
