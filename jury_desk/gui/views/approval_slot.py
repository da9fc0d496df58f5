"""One school's approval slot in the candidate pane: who approved, or a member of that
school, their passphrase, and Approve / Object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from jury_desk.bundle.manifest import Institution, Member
from jury_desk.core.errors import JuryDeskError
from jury_desk.deliberation.readmodels import CandidateDetail
from jury_desk.gui import operations
from jury_desk.gui.dialogs.action import reason_field
from jury_desk.gui.dialogs.passphrase import PassphraseDialog, passphrase_field
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import allow, bring_into_view, button, label
from jury_desk.gui.views.member_combo import fill_members, member_combo
from jury_desk.gui.words import labels, messages

if TYPE_CHECKING:
    from jury_desk.gui.views.candidate_pane import CandidatePane


class ApprovalSlot(Retranslating, QGroupBox):
    """One school's approval: who approved, or a member, their passphrase, Approve/Object."""

    def __init__(
        self, pane: CandidatePane, institution: Institution, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"slot-{institution.code}")
        self.pane = pane
        self.institution = institution
        self.status = label("", name="slotStatus")
        self.member = member_combo("slotMember", [])
        self.passphrase = passphrase_field("slotPassphrase")
        self.passphrase.setMinimumWidth(120)
        self.passphrase.returnPressed.connect(self.approve)
        self.approve_button = button("", "approve")
        self.approve_button.clicked.connect(self.approve)
        self.object_button = button("", "object")
        self.object_button.clicked.connect(self.ask_objection)
        self.error = label("error", name="slotError")
        self.error.setVisible(False)
        inputs = QHBoxLayout()
        inputs.addWidget(self.member, 1)
        inputs.addWidget(self.passphrase, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.object_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(inputs)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.detail: CandidateDetail | None = None
        self.closed = False
        self.waiting: list[Member] = []
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.institution.name)
        self.passphrase.setPlaceholderText(self.tr("Sa phrase secrète"))
        self.passphrase.setAccessibleName(
            fill(self.tr("Phrase secrète du membre de %1"), self.institution.name)
        )
        self.member.setAccessibleName(
            fill(self.tr("Membre de %1 qui approuve ou objecte"), self.institution.name)
        )
        self.approve_button.setText(self.tr("Approuver"))
        self.object_button.setText(self.tr("Objecter…"))
        self._show_status()

    def show_detail(
        self, detail: CandidateDetail, voters: list[Member], *, closed: bool = False
    ) -> None:
        """``voters``: who may act on the candidate (the service's read model: present,
        voting, not conflicted); only those of this school who have chosen a passphrase can
        approve, so no one else is offered (let alone preselected)."""
        self.detail = detail
        self.closed = closed
        service = self.pane.controller.service
        school = [m for m in voters if m.institution == self.institution.code]
        ready = [m for m in school if service.has_passphrase(m.id)]
        self.waiting = [m for m in school if m not in ready]
        fill_members(self.member, ready)
        self.error.setVisible(False)
        self._show_status()

    def _show_status(self) -> None:
        detail = self.detail
        if detail is None:
            return
        code = self.institution.code
        given = [a for a in detail.approvals if a.institution == code]
        missing = detail.approvals_missing.get(code, 0)  # the service counts the slot
        lines = [
            fill(self.tr("✓ Approuvé par %1 à %2"), a.member_name, labels.clock(a.at))
            for a in given
        ]
        if missing:
            lines.append(fill(self.tr("Approbations encore attendues : %1"), missing))
        proposal = detail.proposal
        # A renvoi needs nothing from a school that had no eligible member present.
        excused = (
            proposal is not None
            and proposal.approvers is not None
            and not (proposal.approvers.get(code))
        )
        if excused:
            lines.append(
                self.tr(
                    "Ce renvoi n'attend pas d'approbation de cette école (aucun membre éligible "
                    "présent)."
                )
            )
        self.status.setText("\n".join(lines))
        nobody = self._why_no_member()
        unproposed = (
            self.tr("Aucune décision n'est encore proposée pour ce candidat.")
            if detail.proposal is None
            else None
        )
        done = None if missing else self.tr("Cette école a déjà donné ses approbations.")
        if excused:
            done = self.tr(
                "Ce renvoi n'attend pas d'approbation de cette école : pour délibérer le "
                "candidat, objectez au renvoi."
            )
        allow(self.approve_button, done if excused else (nobody or unproposed or done))
        allow(self.object_button, nobody or unproposed)
        allow(self.member, nobody, self.tr("Le membre de cette école qui approuve ou objecte"))
        allow(self.passphrase, nobody)

    def _why_no_member(self) -> str | None:
        if self.closed:
            return self.tr("La séance est close : rouvrez-la depuis le tableau pour modifier.")
        if self.member.count():
            return None
        if self.waiting:
            return fill(
                self.tr(
                    "Aucun membre présent de %1 n'a encore choisi sa phrase secrète (%2) : "
                    "il se connecte une première fois depuis la salle du jury."
                ),
                self.institution.name,
                ", ".join(m.name for m in self.waiting),
            )
        return fill(
            self.tr(
                "Aucun membre de %1 n'est présent et sans conflit pour ce candidat : faites "
                "pointer un membre de %1."
            ),
            self.institution.name,
        )

    def _fail(self, exc: JuryDeskError) -> None:
        self.error.setText(messages.describe_error(exc).text)
        self.error.setVisible(True)
        bring_into_view(self.error)  # next to the field, never below the visible part

    def approve(self) -> None:
        detail, member = self.detail, self.member.currentData()
        if detail is None or member is None:
            return
        passphrase = self.passphrase.text()
        self.passphrase.clear()
        try:
            operations.approve(
                self.pane.controller,
                member,
                detail.candidate_id,
                self.institution.code,
                passphrase,
            )
        except JuryDeskError as exc:
            self._fail(exc)

    def ask_objection(self) -> PassphraseDialog | None:
        detail, member = self.detail, self.member.currentData()
        if detail is None or member is None:
            return None
        controller = self.pane.controller
        body, reason = reason_field("objectionReason")
        return self.pane.open_passphrase(
            title=self.tr("Objecter à la proposition"),
            headline=fill(self.tr("Objection de %1"), self.member.currentText()),
            explanation=self.tr(
                "La proposition est retirée, toutes les approbations sont annulées et le "
                "candidat revient en discussion. Le motif figure au procès-verbal."
            ),
            action=self.tr("Objecter"),
            attempt=lambda passphrase: operations.raise_objection(
                controller, member, detail.candidate_id, passphrase, reason.text()
            ),
            body=body,
            focus=reason,
        )
