"""The jury's own decision for a candidate, with the justification printed in the minutes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QPlainTextEdit, QWidget

from jury_desk.bundle.manifest import Member
from jury_desk.core.proposals import allowed_decisions
from jury_desk.gui import operations
from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import ActionDialog
from jury_desk.gui.dialogs.passphrase import author_field, passphrase_field
from jury_desk.gui.i18n import fill
from jury_desk.gui.words import labels


class ProposeDialog(ActionDialog):
    """The jury's own decision, with the justification printed in the minutes."""

    def __init__(
        self,
        parent: QWidget,
        controller: SessionController,
        authors: list[Member],
        candidate_id: str,
    ) -> None:
        """``authors``: who may propose (the service's read model); the one chosen proves
        it with their passphrase in a signed session."""
        super().__init__(parent, name="proposeDialog", button_name="confirmProposal")
        self.describe(
            title=self.tr("Proposer une décision"),
            headline=fill(self.tr("Décision du jury pour %1"), candidate_id),
            explanation=self.tr(
                "Si elle diffère de la proposition des règles, écrivez pourquoi : la "
                "justification est imprimée au procès-verbal."
            ),
            action=self.tr("Proposer"),
        )
        self.controller = controller
        self.candidate_id = candidate_id
        self.author = author_field(self.form, authors)
        kind = controller.manifest.session.kind
        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        for decision in allowed_decisions(kind):
            self.decision.addItem(labels.word(labels.DECISIONS, decision), decision)
        self.mention = QComboBox()
        self.mention.setObjectName("mention")
        self.mention.addItem(self.tr("Sans mention"), None)
        for mention in labels.MENTIONS:
            self.mention.addItem(labels.word(labels.MENTIONS, mention), mention)
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("justification")
        self.justification.setTabChangesFocus(True)
        self.justification.setFixedHeight(90)
        self.form.addRow(self.tr("Décision :"), self.decision)
        if kind == "graduation":
            self.form.addRow(self.tr("Mention :"), self.mention)
        # Points de jury (graduation on the diploma average): the decision is then the rules'
        # on the raised average, so the decision and the mention are not chosen here.
        rules = controller.manifest.session.graduation_rules
        self.points = QDoubleSpinBox()
        self.points.setObjectName("juryPoints")
        self.points.setDecimals(3)
        self.points.setSingleStep(0.1)
        self.points.setRange(0.0, rules.jury_points_max if rules is not None else 0.0)
        self.points.valueChanged.connect(self._points_changed)
        if rules is not None and rules.units and rules.jury_points_max:
            self.points.setToolTip(
                self.tr(
                    "Ajoutés à la moyenne générale, au plus le maximum des règles ; la "
                    "décision est alors celle des règles sur la moyenne ainsi relevée."
                )
            )
            self.form.addRow(self.tr("Points de jury :"), self.points)
        self.form.addRow(self.tr("Justification :"), self.justification)
        # A signed session: the author proves it, last, once the proposal is written.
        self.passphrase = passphrase_field("passphrase") if controller.signed else None
        if self.passphrase is not None:
            self.form.addRow(self.tr("Phrase secrète :"), self.passphrase)
        self.setMinimumWidth(600)

    def _points_changed(self, value: float) -> None:
        self.decision.setEnabled(not value)
        self.mention.setEnabled(not value)

    def attempt(self) -> object:
        author = self.author.currentData()
        passphrase = None if self.passphrase is None else self.passphrase.text()
        if self.passphrase is not None:
            self.passphrase.clear()  # never kept in a field after the attempt
        if self.points.value():
            operations.add_jury_points(
                self.controller,
                author,
                self.candidate_id,
                round(self.points.value(), 3),
                self.justification.toPlainText(),
                passphrase,
            )
            return None
        operations.propose(
            self.controller,
            author,
            self.candidate_id,
            self.decision.currentData(),
            self.mention.currentData(),
            self.justification.toPlainText(),
            passphrase,
        )
        return None
