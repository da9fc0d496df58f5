"""Application bootstrap: QApplication, look, language, crash hook, main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from jury_desk.core.resources import resource_path
from jury_desk.gui.crash import install_excepthook
from jury_desk.gui.garbage_collector import install_collector
from jury_desk.gui.i18n import default_language, install_language
from jury_desk.gui.style import apply_style

if TYPE_CHECKING:
    from jury_desk.gui.main_window import MainWindow

ORGANISATION = "jury-desk"
APPLICATION = "jury-desk"


def create_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Jury Mines Paris × Albert School")
    app.setOrganizationName(ORGANISATION)
    app.setDesktopFileName("eu.psl.minesparis.JuryDesk")  # = packaging/linux/*.desktop (Wayland)
    app.setWindowIcon(app_icon())  # every window's, the main window's included
    apply_style(app)
    return app


def app_icon() -> QIcon:
    """The icon from its PNG renders (``packaging/render_icons.py`` makes one per size): each
    is read only when a size is drawn. The SVG would load Qt's SVG icon engine before the
    first window."""
    icon = QIcon()
    for png in sorted(resource_path("icons").glob("jury-desk-*.png")):
        size = int(png.stem.rsplit("-", 1)[1])
        icon.addFile(str(png), QSize(size, size))
    return icon


def app_settings() -> QSettings:
    """Window state only (issue 5): preferences live in the data folder, never a secret."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def start(data_dir: Path, settings: QSettings) -> tuple[QApplication, MainWindow]:
    """All that ``jury-desk`` does before its event loop: the application, the desk's
    language, the crash hook, collection on the GUI thread only, and the main window shown
    (the cold-start benchmark and the start-up import test run this very function)."""
    from jury_desk.gui.main_window import MainWindow

    app = create_app()
    install_language(default_language(data_dir))
    install_excepthook()
    install_collector(app)
    window = MainWindow(data_dir, settings)
    window.show()
    return app, window


def run_app(data_dir: Path, *, demo: bool) -> int:
    app, window = start(data_dir, app_settings())
    if demo:
        window.open_demo("admission")
    return app.exec()
