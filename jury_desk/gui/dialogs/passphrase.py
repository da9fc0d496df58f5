"""One dialog for every act that asks a member's passphrase: sign in (or choose it the first
time, typed twice), seal, revise, approve, object, force the reveal, close the session.

The dialog does not decide anything: on "OK" it hands the passphrase to ``attempt``, a
closure that calls the service. If the service refuses (wrong passphrase, a rule), its plain
message is shown inside the dialog, the passphrase field is cleared and the member may try
again; the dialog closes only once the service accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui import messages
from jury_desk.gui.style import label

Attempt = Callable[[str], object]


def passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


class PassphraseDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        headline: str,
        explanation: str,
        action: str,
        attempt: Attempt,
        body: QWidget | None = None,
        choose: bool = False,
    ) -> None:
        """``choose``: the member chooses a passphrase (typed twice) instead of giving it."""
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._attempt = attempt
        self.result_value: object = None
        self.headline = label("section")
        self.headline.setText(headline)
        self.explanation = label("hint")
        self.explanation.setText(explanation)
        self.passphrase = passphrase_field("passphrase")
        self.again: QLineEdit | None = passphrase_field("passphraseAgain") if choose else None
        self.error = label("error", name="dialogError")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("confirmAction")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Phrase secrète :"), self.passphrase)
        if self.again is not None:
            form.addRow(self.tr("Une seconde fois :"), self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        if body is not None:
            layout.addWidget(body)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self.passphrase.setFocus()

    def _confirm(self) -> None:
        given = self.passphrase.text()
        if self.again is not None and given != self.again.text():
            self._refuse(
                self.tr("Les deux saisies diffèrent : tapez la même phrase secrète deux fois.")
            )
            return
        try:
            self.result_value = self._attempt(given)
        except JuryDeskError as exc:
            self._refuse(messages.describe_error(exc).text)
            return
        self.accept()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.passphrase.clear()
        if self.again is not None:
            self.again.clear()
        self.passphrase.setFocus()
