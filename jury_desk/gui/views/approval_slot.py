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
from jury_desk.gui.style import button, label
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.institution.name)
        self.member.setToolTip(self.tr("Le membre de cette école qui approuve ou objecte"))
        self.passphrase.setPlaceholderText(self.tr("Sa phrase secrète"))
        self.approve_button.setText(self.tr("Approuver"))
        self.object_button.setText(self.tr("Objecter…"))
        self._show_status()

    def show_detail(self, detail: CandidateDetail, voters: list[Member]) -> None:
        self.detail = detail
        fill_members(self.member, [m for m in voters if m.institution == self.institution.code])
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
            lines.append(fill(self.tr("En attente : %1 approbation(s) requise(s)"), missing))
        self.status.setText("\n".join(lines))
        has_proposal = detail.proposal is not None
        self.approve_button.setEnabled(has_proposal and missing > 0)
        self.object_button.setEnabled(has_proposal)

    def _fail(self, exc: JuryDeskError) -> None:
        self.error.setText(messages.describe_error(exc).text)
        self.error.setVisible(True)

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
