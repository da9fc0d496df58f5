"""One dialog for every act that asks a member's passphrase: sign in (or choose it the first
time, typed twice), seal, revise, approve, object, force the reveal, close the session; and,
in a signed session, every act in a member's name (check-in, notes, proposals...).

An act that any of several members may do (a note, a proposal) names its author in the
same dialog (``authors``): the author is chosen AND proves it with their passphrase, so no
drop-down of names acts without one.

The dialog does not decide anything: on "OK" it hands the passphrase to ``attempt``, a
closure that calls the service. If the service refuses (wrong passphrase, a rule), its plain
message is shown inside the dialog, the passphrase field is cleared and the member may try
again; the dialog closes only once the service accepted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from jury_desk.bundle.manifest import Member
from jury_desk.core.errors import UsageError
from jury_desk.gui.dialogs.action import ActionDialog
from jury_desk.gui.views.member_combo import member_combo

Attempt = Callable[[str], object]


def passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


def author_field(form: QFormLayout, authors: list[Member]) -> QComboBox:
    """ "Au nom de": the members who may do the act (from the service's read model); the
    dialog then asks the chosen one's passphrase."""
    combo = member_combo("author", authors)
    form.addRow(QCoreApplication.translate("PassphraseDialog", "Au nom de :"), combo)
    return combo


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
        authors: list[Member] | None = None,
        ask: bool = True,
    ) -> None:
        """``choose``: the member chooses a passphrase (typed twice) instead of giving it.
        ``authors``: who may do the act, chosen in the dialog (``author``). ``ask``: False
        for a format-1 act that never took a passphrase (the field is not shown)."""
        super().__init__(parent, name="passphraseDialog", body=body)
        self.describe(title=title, headline=headline, explanation=explanation, action=action)
        self._attempt = attempt
        self.author: QComboBox | None = None
        if authors is not None:
            self.author = author_field(self.form, authors)
        self.passphrase = passphrase_field("passphrase")
        self.again: QLineEdit | None = passphrase_field("passphraseAgain") if choose else None
        if ask:
            self.form.addRow(self.tr("Phrase secrète :"), self.passphrase)
        else:
            self.passphrase.setVisible(False)
        if self.again is not None:
            self.form.addRow(self.tr("Une seconde fois :"), self.again)
        (self.author if self.author is not None and not ask else self.passphrase).setFocus()

    def chosen_author(self) -> str:
        assert self.author is not None
        return str(self.author.currentData())

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
