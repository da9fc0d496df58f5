"""Last-resort handler for bugs: a crash dialog that offers to save a report.

Known errors (``JuryDeskError``) are not bugs: if one reaches the hook it is shown as the
plain message ``messages.describe_error`` gives. What was saved stays saved: every write is
committed by the service before the screen says so, so the dialog only has to explain.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.words import messages

if TYPE_CHECKING:
    from jury_desk.gui.dialogs.crash_dialog import CrashDialog


class CrashHandler:
    """The ``sys.excepthook`` of the GUI. Keeps its dialogs alive while they are shown."""

    def __init__(self) -> None:
        self.dialogs: list[CrashDialog] = []
        self._busy = False

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(exc, JuryDeskError):
            messages.show_error(QApplication.activeWindow(), exc)
            return
        from jury_desk.gui.dialogs.crash_dialog import CrashDialog, format_report

        report = format_report(exc_type, exc, tb)
        sys.stderr.write(report)
        if self._busy or QApplication.instance() is None:
            return  # a failure while showing the dialog: the report is on stderr
        self._busy = True
        try:
            dialog = CrashDialog(report, QApplication.activeWindow())
            dialog.finished.connect(lambda _result: self._forget(dialog))
            self.dialogs.append(dialog)
            dialog.open()  # window-modal, no nested event loop inside the hook
        finally:
            self._busy = False

    def _forget(self, dialog: CrashDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()


def install_excepthook() -> CrashHandler:
    handler = CrashHandler()
    sys.excepthook = handler
    return handler
