"""Demo sessions only: ask the members' common passphrase, then let the fictitious jury
finish every open candidate in the background (``jury_desk.rehearsal.fast_forward``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import replace_dialog
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.i18n import current_language, fill
from jury_desk.gui.tasks import Task
from jury_desk.gui.words import messages
from jury_desk.rehearsal.fast_forward import check_passphrase, fast_forward

if TYPE_CHECKING:
    from jury_desk.deliberation.service import DeliberationService


class FastForward(QObject):
    def __init__(self, view: QWidget, controller: SessionController) -> None:
        super().__init__(view)
        self.view = view
        self.controller = controller
        self.dialog: PassphraseDialog | None = None
        self.task: Task | None = None

    def ask(self) -> PassphraseDialog:
        service = self.controller.service
        dialog = PassphraseDialog(
            self.view,
            title=self.tr("Avance rapide (démonstration)"),
            headline=self.tr("Le jury fictif termine la séance"),
            explanation=self.tr(
                "Démonstration seulement. Pour chaque candidat sans décision définitive, les "
                "membres fictifs notent et scellent leurs feuilles, discutent un écart, "
                "retiennent la proposition des règles et approuvent pour chaque école, selon "
                "les règles habituelles. Ce que vous avez déjà fait est conservé ; les membres "
                "absents sont pointés présents. Tapez la phrase secrète que vous avez donnée "
                "aux membres (ceux qui n'en ont pas encore la reçoivent) :"
            ),
            action=self.tr("Terminer la séance"),
            attempt=lambda passphrase: _checked(service, passphrase),
        )
        dialog.accepted.connect(lambda: self.run(str(dialog.result_value)))
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    def run(self, passphrase: str) -> Task:
        service, lang = self.controller.service, current_language()
        task = self.task = Task(
            lambda progress, _cancelled: fast_forward(
                service, passphrase, lang=lang, progress=progress
            ),
            parent=self.view,
            label=self.tr("Le jury fictif termine la séance…"),
            cancellable=False,
        )
        task.succeeded.connect(self._done)
        task.failed.connect(lambda exc: messages.show_error(self.view, exc))
        task.finished.connect(self._finished)
        return task.start()

    def _finished(self) -> None:
        self.task = None
        self.controller.refresh_all()  # what was written (even before a refusal) shows

    def _done(self, finished: int) -> None:
        text = self.tr(
            "%1 candidat(s) terminé(s) par le jury fictif ; chaque décision est définitive. "
            "La présidence peut clore la séance depuis le tableau du jury, puis établir le "
            "procès-verbal."
        )
        messages.present(
            self.view,
            messages.Notice("info", self.tr("Avance rapide terminée"), fill(text, finished)),
        )


def _checked(service: DeliberationService, passphrase: str) -> str:
    """The passphrase, once the service has accepted it (it raises otherwise)."""
    check_passphrase(service, passphrase)
    return passphrase
