"""The desk's dialogs that end in one service write (declare a conflict, propose, and every
act that asks a passphrase) share one shape: a headline, a plain explanation, the fields,
the service's refusal in plain words, and OK / Cancel.

OK calls ``attempt()``. If the service refuses, its message is shown in the dialog, which
stays open for the member to correct; it closes only once the service accepted.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.style import ShownWhole, fit_height, label
from jury_desk.gui.words import messages

D = TypeVar("D", bound=QDialog)


def reason_field(name: str) -> tuple[QWidget, QLineEdit]:
    """A "Motif :" line for a dialog's body (an objection, a reopening): the body, the field."""
    reason = QLineEdit()
    reason.setObjectName(name)
    body = QWidget()
    form = QFormLayout(body)
    form.setContentsMargins(0, 0, 0, 0)
    form.addRow(QCoreApplication.translate("ActionDialog", "Motif :"), reason)
    return body, reason


def replace_dialog(previous: QDialog | None, dialog: D) -> D:
    """Open ``dialog`` window-modal (no nested event loop) in place of ``previous``, which is
    deleted: a view keeps one dialog at a time, where tests can reach it."""
    if previous is not None:
        previous.deleteLater()
    dialog.open()
    return dialog


class ActionDialog(ShownWhole, QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        name: str,
        button_name: str = "confirmAction",
        body: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.result_value: object = None
        self.headline = label("section")
        self.explanation = label("hint")
        self.form = QFormLayout()  # subclasses add their fields here
        self.error = label("error", name="dialogError")
        self.error.setVisible(False)
        # A throttled passphrase: OK waits, and its text counts the seconds down, so the
        # dialog keeps its size while the member waits (issue 15).
        self.action = ""  # the OK button's words (``describe``)
        self.wait_left = 0
        self.countdown = QTimer(self)
        self.countdown.setInterval(1000)
        self.countdown.timeout.connect(self._tick)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName(button_name)
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        if body is not None:
            layout.addWidget(body)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def describe(self, *, title: str, headline: str, explanation: str, action: str) -> None:
        """The dialog's words (after ``__init__``: ``tr()`` needs the object to exist)."""
        self.setWindowTitle(title)
        self.headline.setText(headline)
        self.explanation.setText(explanation)
        self.ok_button.setText(action)
        self.action = action

    def attempt(self) -> object:
        """The service write; raise its ``JuryDeskError`` to keep the dialog open."""
        raise NotImplementedError

    def refuse(self, text: str) -> None:
        # The error sits next to the field, inside the dialog, which grows to hold it
        # (never over the fields, never pushing the buttons out).
        self.error.setText(text)
        self.error.setVisible(True)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        fit_height(self)

    def wait(self, seconds: int) -> None:
        """OK is disabled for ``seconds``, its text counting down."""
        self.wait_left = seconds
        self.ok_button.setEnabled(False)
        self.countdown.start()
        self._show_wait()

    def _tick(self) -> None:
        self.wait_left -= 1
        if self.wait_left <= 0:
            self.countdown.stop()
            self.ok_button.setEnabled(True)
            self.ok_button.setText(self.action)
            return
        self._show_wait()

    def _show_wait(self) -> None:
        self.ok_button.setText(
            QCoreApplication.translate("ActionDialog", "%1 (dans %2 s)")
            .replace("%1", self.action)
            .replace("%2", str(self.wait_left))
        )

    def _confirm(self) -> None:
        if self.wait_left > 0:
            return
        try:
            self.result_value = self.attempt()
        except JuryDeskError as exc:
            self.refuse(messages.describe_error(exc).text)
            retry_after = getattr(exc, "retry_after", None)
            if retry_after:
                self.wait(int(retry_after))
            return
        self.accept()
