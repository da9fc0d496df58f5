"""The crash dialog: says that saved work is safe and offers to save a report.

Imported by the crash hook (``jury_desk.gui.crash``) only when a bug happens: its widgets
cost start-up time the desk need not pay before its first window.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from jury_desk import __version__
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import set_role
from jury_desk.gui.words import messages


def format_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """A plain-text report: versions and the traceback, nothing from the session's data."""
    from PySide6 import __version__ as pyside_version

    lines = [
        f"jury-desk {__version__} crash report",
        f"time: {_dt.datetime.now(_dt.UTC).isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]}, PySide6 {pyside_version}, {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def default_report_path(now: _dt.datetime | None = None) -> Path:
    stamp = (now or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home()) / f"jury-desk-rapport-{stamp}.txt"


def write_report(path: Path, report: str) -> None:
    """Write atomically: a half-written report is worse than none."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(report, encoding="utf-8")
    os.replace(tmp, path)


class CrashDialog(Retranslating, QDialog):
    """Says that something unexpected happened, that saved work is safe, and offers a report."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.report = report
        self.saved_to: Path | None = None
        icon = QLabel()
        style = self.style()
        icon.setPixmap(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48))
        self.headline = QLabel()
        self.headline.setObjectName("crashHeadline")
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.details = QPlainTextEdit(report)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setStyleSheet("font-family: monospace; font-size: 9pt;")
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        set_role(self.toggle, "link")
        self.toggle.toggled.connect(self._toggle_details)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("saveReport")
        self.save_button.clicked.connect(self.save_report)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.explanation)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Erreur inattendue"))
        self.headline.setText(self.tr("jury-desk a rencontré une erreur inattendue."))
        self.explanation.setText(
            self.tr(
                "Tout ce qui avait été enregistré est conservé. Vous pouvez continuer, ou "
                "fermer puis rouvrir la séance. Pour aider à corriger le problème, enregistrez "
                "le rapport et transmettez-le au support technique."
            )
        )
        self.save_button.setText(self.tr("Enregistrer le rapport…"))
        self._toggle_details(self.toggle.isChecked())

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText(
            self.tr("Masquer les détails techniques")
            if shown
            else self.tr("Afficher les détails techniques")
        )

    def save_report(self) -> None:
        path = messages.choose_save_file(
            self, self.tr("Enregistrer le rapport d'erreur"), default_report_path()
        )
        if path is None:
            return
        try:
            write_report(path, self.report)
        except OSError as exc:
            messages.present(
                self,
                messages.Notice(
                    "error",
                    self.tr("Rapport non enregistré"),
                    self.tr(
                        "Le rapport n'a pas pu être enregistré ici. Choisissez un autre dossier."
                    ),
                    f"{path}: {exc.strerror or exc}",
                ),
            )
            return
        self.saved_to = path
        self.save_button.setText(self.tr("Rapport enregistré"))
        self.save_button.setEnabled(False)
        self.save_button.setToolTip(str(path))
