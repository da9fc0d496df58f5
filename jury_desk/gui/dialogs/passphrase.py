"""One dialog for every act that asks a member's passphrase: sign in (or choose it the first
time, typed twice), seal, revise, approve, object, force the reveal, close the session.

The dialog does not decide anything: on "OK" it hands the passphrase to ``attempt``, a
closure that calls the service. If the service refuses (wrong passphrase, a rule), its plain
message is shown inside the dialog, the passphrase field is cleared and the member may try
again; the dialog closes only once the service accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from jury_desk.core.errors import UsageError
from jury_desk.gui.dialogs.action import ActionDialog

Attempt = Callable[[str], object]


def passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


class PassphraseDialog(ActionDialog):
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
        super().__init__(parent, name="passphraseDialog", body=body)
        self.describe(title=title, headline=headline, explanation=explanation, action=action)
        self._attempt = attempt
        self.passphrase = passphrase_field("passphrase")
        self.again: QLineEdit | None = passphrase_field("passphraseAgain") if choose else None
        self.form.addRow(self.tr("Phrase secrète :"), self.passphrase)
        if self.again is not None:
            self.form.addRow(self.tr("Une seconde fois :"), self.again)
        self.passphrase.setFocus()

    def attempt(self) -> object:
        given = self.passphrase.text()
        if self.again is not None and given != self.again.text():
            # Typing it twice guards against a typo; it is no rule of the service's.
            raise UsageError(
                self.tr("Les deux saisies diffèrent : tapez la même phrase secrète deux fois.")
            )
        return self._attempt(given)

    def refuse(self, text: str) -> None:
        super().refuse(text)
        self.passphrase.clear()
        if self.again is not None:
            self.again.clear()
        self.passphrase.setFocus()
