"""The board's detail pane for one candidate: revealed sheets, record, discussion notes,
revisions, the proposal, and the two approval slots (one per school).

It shows ``service.candidate_detail(chair, candidate)`` and nothing more: before the reveal
(or for a conflicted viewer) the service returns no sheet, note or proposal, and the pane
says why. Each button calls the service through the controller; a refusal is the service's,
shown in plain words, inline where the member typed.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Member
from jury_desk.core.proposals import RENVOI
from jury_desk.deliberation.readmodels import CandidateDetail, ProposalView
from jury_desk.gui import operations
from jury_desk.gui.columns import SIDEWAYS_OK, NamesTakeTheRest
from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import replace_dialog
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.dialogs.propose import ProposeDialog
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.board import SheetsModel
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import allow, breakable, button, fit_rows, label, table_view
from jury_desk.gui.views.approval_slot import ApprovalSlot
from jury_desk.gui.views.member_combo import member_combo
from jury_desk.gui.views.record_summary import summary_html
from jury_desk.gui.views.rubric_form import RubricForm
from jury_desk.gui.words import labels, reason_words, void_words

MEMBER_CHARS = 16  # the least the members' column of the sheets shows, in characters


class CandidatePane(Retranslating, QWidget):
    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("candidatePane")
        self.controller = controller
        self.candidate_id: str | None = None
        self.detail: CandidateDetail | None = None
        self.dialog: QDialog | None = None
        self.title = label("section", name="detailTitle")
        self.state = label("", name="detailState")
        self.conflicts = label("hint", name="detailConflicts")
        self.figures = label("", name="detailFigures")
        # Sealed sheets a reveal did not count: whose and why, never a score (issue 12).
        self.void_sheets = label("hint", name="voidSheets")
        self.empty = label("hint", name="detailEmpty")
        layout = QVBoxLayout(self)
        # Thin sides: the splitter's handle and the scroll bar already frame the pane, and the
        # pixels go to the board's names (French, 1024 px: the table scrolled sideways by one
        # column for the style's 9 px on each side).
        margins = layout.contentsMargins()
        layout.setContentsMargins(2, margins.top(), 2, margins.bottom())
        layout.addWidget(self.empty)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.void_sheets)
        layout.addWidget(self.figures)
        layout.addWidget(self._build_record())  # a graduation's requirements, early in sight
        layout.addWidget(self._build_hidden())
        layout.addWidget(self._build_sheets())
        layout.addWidget(self._build_notes())
        layout.addWidget(self._build_proposal())
        layout.addWidget(self._build_approvals())
        layout.addWidget(self._build_renvoi())
        layout.addStretch(1)
        self.retranslate_ui()
        self.show_candidate(None)

    def _build_hidden(self) -> QGroupBox:
        """Why the scores are not shown yet, and the chair's early reveal."""
        self.hidden_box = QGroupBox()
        self.hidden_text = label("hint", name="hiddenText")
        self.seals = label("", name="sealsText")  # who has sealed, who not yet: never what
        self.reveal_button = button("", "forceReveal")
        self.reveal_button.clicked.connect(self.ask_reveal)
        hidden = QVBoxLayout(self.hidden_box)
        hidden.addWidget(self.hidden_text)
        hidden.addWidget(self.seals)
        hidden.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.hidden_box

    def _build_sheets(self) -> QGroupBox:
        """The revealed sheets, their revisions, and the revise button."""
        self.sheets_box = QGroupBox()
        self.sheets = SheetsModel(self.controller.manifest.session.rubric, self)
        self.sheets_table = table_view("sheetsTable", self.sheets, stretch=0)
        self.sheets_table.setWordWrap(False)
        # Never wider than the pane: on a narrow screen the table scrolls sideways on its
        # own (a column per criterion), the members' column never narrower than its title.
        self.sheets_table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
        self.sheets_table.setMinimumWidth(100)
        self.sheets_table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sheets_table.setProperty(SIDEWAYS_OK, True)
        self.sheet_names = NamesTakeTheRest(self.sheets_table, 0, least_chars=MEMBER_CHARS)
        # The total first after the member: in sight even when the criteria scroll.
        sheet_header = self.sheets_table.horizontalHeader()
        total = self.sheets.columnCount() - 1
        sheet_header.moveSection(sheet_header.visualIndex(total), 1)
        self.revisions = label("hint", name="revisions")
        self.revise_button = button("", "revise")
        self.revise_button.clicked.connect(self.ask_revision)
        sheets = QVBoxLayout(self.sheets_box)
        sheets.addWidget(self.sheets_table)
        sheets.addWidget(self.revisions)
        sheets.addWidget(self.revise_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.sheets_box

    def _build_record(self) -> QGroupBox:
        self.record_box = QGroupBox()
        self.record = label("", name="detailRecord")
        self.record.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.record_box).addWidget(self.record)
        return self.record_box

    def _build_notes(self) -> QGroupBox:
        self.notes_box = QGroupBox()
        self.notes = label("", name="notes")
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_button = button("", "addNote")
        self.note_button.clicked.connect(self.ask_note)
        notes = QVBoxLayout(self.notes_box)
        notes.addWidget(self.notes)
        notes.addWidget(self.note_edit)
        notes.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.notes_box

    def _build_proposal(self) -> QGroupBox:
        """The rules' proposal with its grounds, the current one, and the two ways to set it."""
        self.proposal_box = QGroupBox()
        self.rule_proposal = label("", name="ruleProposal")
        self.rule_reasons = label("technical", name="ruleReasons")
        self.proposal = label("", name="currentProposal")
        self.accept_rule_button = button("", "acceptRule")
        self.accept_rule_button.clicked.connect(self.ask_accept_rule)
        self.propose_button = button("", "proposeOther")
        self.propose_button.clicked.connect(self.ask_proposal)
        proposal = QVBoxLayout(self.proposal_box)
        proposal.addWidget(self.rule_proposal)
        proposal.addWidget(self.rule_reasons)
        proposal.addWidget(self.proposal)
        proposal.addWidget(self.accept_rule_button, 0, Qt.AlignmentFlag.AlignLeft)
        proposal.addWidget(self.propose_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.proposal_box

    def _build_approvals(self) -> QGroupBox:
        """One approval slot per school, then the objections raised."""
        self.approvals_box = QGroupBox()
        institutions = self.controller.manifest.session.institutions
        self.slots = {i.code: ApprovalSlot(self, i) for i in institutions}
        self.objections = label("hint", name="objections")
        approvals = QVBoxLayout(self.approvals_box)
        for slot in self.slots.values():
            approvals.addWidget(slot)
        approvals.addWidget(self.objections)
        return self.approvals_box

    def _build_renvoi(self) -> QGroupBox:
        """No dead ends: why a school cannot deliberate this candidate, and the renvoi."""
        self.renvoi_box = QGroupBox()
        self.renvoi_text = label("hint", name="renvoiText")
        self.renvoi_button = button("", "recordRenvoi")
        self.renvoi_button.clicked.connect(self.ask_renvoi)
        renvoi = QVBoxLayout(self.renvoi_box)
        renvoi.addWidget(self.renvoi_text)
        renvoi.addWidget(self.renvoi_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.renvoi_box

    def retranslate_ui(self) -> None:
        self.empty.setText(self.tr("Choisissez un candidat dans le tableau."))
        self.hidden_box.setTitle(self.tr("Notes cachées"))
        self.reveal_button.setText(self.tr("Révéler maintenant (président)…"))
        self.sheets_box.setTitle(self.tr("Feuilles révélées"))
        self.revise_button.setText(self.tr("Réviser une feuille…"))
        self.record_box.setTitle(self.tr("Dossier"))
        self.sheets_table.setAccessibleName(self.tr("Feuilles révélées"))
        self.note_edit.setAccessibleName(self.tr("Nouvelle note de discussion"))
        self.notes_box.setTitle(self.tr("Discussion"))
        self.note_edit.setPlaceholderText(self.tr("Écrire une note de discussion…"))
        self.note_button.setText(self.tr("Ajouter la note…"))
        self.proposal_box.setTitle(self.tr("Proposition"))
        self.accept_rule_button.setText(self.tr("Retenir la proposition des règles"))
        self.propose_button.setText(self.tr("Proposer une autre décision…"))
        self.approvals_box.setTitle(self.tr("Approbations (une par école)"))
        self.renvoi_box.setTitle(self.tr("Non délibéré — renvoi"))
        self.renvoi_button.setText(self.tr("Renvoyer (non délibéré)…"))
        self.sheets.retranslate()
        self._show()

    # ---------------------------------------------------------------- state

    def show_candidate(self, candidate_id: str | None) -> None:
        self.candidate_id = candidate_id
        self.refresh()

    def refresh(self) -> None:
        if self.candidate_id is None:
            self.detail = None
        else:
            viewer = self.controller.chair.id
            self.detail = self.controller.service.candidate_detail(viewer, self.candidate_id)
        self._show()

    def members(self, ids: tuple[str, ...]) -> list[Member]:
        """The members a read model names (who may act), in its order."""
        return [self.controller.manifest.session.member(member_id) for member_id in ids]

    def _show(self) -> None:
        detail = self.detail
        sections = (
            self.title,
            self.state,
            self.conflicts,
            self.figures,
            self.hidden_box,
            self.sheets_box,
            self.record_box,
            self.notes_box,
            self.proposal_box,
            self.approvals_box,
            self.renvoi_box,
        )
        self.empty.setVisible(detail is None)
        self.void_sheets.setVisible(False)
        for widget in sections:
            widget.setVisible(detail is not None)
        if detail is None:
            return
        name = detail.name if detail.name is not None else self.tr("(nom masqué)")
        self.title.setText(f"{detail.candidate_id} — {breakable(name)}")
        self.state.setText(labels.word(labels.STATES, detail.state))
        self.conflicts.setText(self._conflicts_text(detail))
        self.conflicts.setVisible(bool(detail.conflicts))
        self.void_sheets.setText(void_words.void_text(detail.void_sheets, with_candidate=False))
        self.void_sheets.setVisible(bool(detail.void_sheets))
        self.figures.setText(self._figures_text(detail))
        visible = detail.revealed and not detail.viewer_conflicted
        self.figures.setVisible(visible)
        self.hidden_box.setVisible(not visible)
        self.hidden_text.setText(self._hidden_text(detail))
        self.seals.setText(self._seals_text(detail))
        self.seals.setVisible(not detail.revealed)
        self.reveal_button.setVisible(not detail.revealed and not detail.viewer_conflicted)
        for widget in (self.sheets_box, self.notes_box, self.proposal_box):
            widget.setVisible(visible)
        self.sheets.set_rows(detail.sheets)
        fit_rows(self.sheets_table, sideways=True)
        self.revisions.setText(self._revisions_text(detail))
        self.revisions.setVisible(bool(detail.revisions))
        self.record.setText(summary_html(detail, self.controller.manifest.session.graduation_rules))
        self.record_box.setVisible(bool(self.record.text()))
        self.notes.setText(self._notes_html(detail))
        self._show_proposal(detail)
        self._allow_actions(detail)
        closed = self.closed()
        for slot in self.slots.values():
            slot.show_detail(detail, self.members(detail.actors), closed=closed)
        self.approvals_box.setVisible(detail.revealed or _renvoi(detail) is not None)
        self._show_renvoi(detail)
        self.objections.setText(
            "\n".join(
                fill(
                    self.tr("Objection de %1 à %2 : %3"),
                    o.member_name,
                    labels.clock(o.at),
                    o.reason,
                )
                for o in detail.objections
            )
        )
        self.objections.setVisible(bool(detail.objections))

    def closed(self) -> bool:
        return self.controller.service.session_state() == "closed"

    def _allow_actions(self, detail: CandidateDetail) -> None:
        """What cannot apply now is disabled, and its tooltip says why."""
        closed = self.tr("La séance est close : rouvrez-la depuis le tableau pour modifier.")
        why = closed if self.closed() else None
        allow(self.revise_button, why)
        allow(self.note_edit, why)
        nobody = (
            None
            if detail.actors
            else self.tr(
                "Aucun membre présent et sans conflit ne peut agir sur ce candidat : faites "
                "pointer un membre, ou enregistrez-le comme non délibéré — renvoyé."
            )
        )
        allow(self.note_button, why or nobody)
        allow(
            self.accept_rule_button,
            why
            or (
                self.tr("Les règles ne proposent encore rien : il manque des notes.")
                if detail.rule_proposal is None
                else None
            ),
        )
        allow(self.propose_button, why or nobody)
        allow(
            self.reveal_button,
            why
            or (
                self.tr(
                    "Son statut boursier scellé ne s'ouvre pas : il ne peut pas être révélé. "
                    "Enregistrez-le comme non délibéré — renvoyé (ci-dessous)."
                )
                if detail.blind_fault is not None
                else None
            ),
        )
        allow(self.renvoi_button, why or self._why_no_renvoi(detail))

    def _why_no_renvoi(self, detail: CandidateDetail) -> str | None:
        """Why "non délibéré — renvoyé" does not apply to this candidate now, if it does not."""
        if detail.state in ("final", "not-deliberated"):
            return self.tr("Ce candidat a déjà une décision définitive : rien à renvoyer.")
        if _renvoi(detail) is not None:
            return self.tr(
                "Le renvoi est déjà proposé : les écoles qui le peuvent l'approuvent ci-dessus, "
                "ou un membre y objecte pour délibérer le candidat."
            )
        if not detail.renvoi_open:  # the service says, as for every act
            return self.tr(
                "Chaque école a assez de membres présents et sans conflit pour ce candidat : "
                "délibérez-le (notation, proposition, approbations)."
            )
        return None

    def _show_renvoi(self, detail: CandidateDetail) -> None:
        """Which school cannot deliberate the candidate and what unblocks it; the renvoi."""
        name = self.controller.institution_name
        lines = [self._blind_fault_text(detail.blind_fault)] if detail.blind_fault else []
        for code, (eligible, needed) in detail.cannot_deliberate.items():
            if eligible:
                text = self.tr(
                    "⚠ %1 n'a que %2 membre(s) présent(s) et sans conflit pour ce candidat, "
                    "pour %3 approbation(s) requise(s) : faites pointer un membre de %1, ou "
                    "enregistrez le candidat comme non délibéré — renvoyé."
                )
            else:
                text = self.tr(
                    "⚠ %1 n'a aucun membre présent et sans conflit pour ce candidat : faites "
                    "pointer un membre de %1, ou enregistrez le candidat comme non délibéré — "
                    "renvoyé."
                )
            lines.append(fill(text, name(code), eligible, needed))
        renvoi = _renvoi(detail)
        if renvoi is not None:
            lines.append(
                fill(
                    self.tr("Renvoi proposé par %1 : %2"),
                    self.controller.member_name(renvoi.author),
                    renvoi.justification,
                )
            )
            excused = [name(code) for code, n in (renvoi.approvers or {}).items() if not n]
            if excused:
                lines.append(
                    fill(
                        self.tr("Sans approbation attendue de %1 : aucun membre éligible présent."),
                        ", ".join(excused),
                    )
                )
        self.renvoi_text.setText("\n".join(lines))
        self.renvoi_text.setVisible(bool(lines))

    def _blind_fault_text(self, reason: str) -> str:
        """Why the reveal could not open this candidate, and the way out (the renvoi)."""
        why = (
            self.tr("ne s'ouvre pas avec la clé de la présidence")
            if reason == "envelope"
            else self.tr("ne correspond pas à l'engagement signé par le secrétariat")
        )
        return fill(
            self.tr(
                "⚠ Le statut boursier scellé de ce candidat %1 : il ne pourra jamais être "
                "révélé. Enregistrez-le comme non délibéré — renvoyé, et signalez-le au "
                "secrétariat."
            ),
            why,
        )

    def _conflicts_text(self, detail: CandidateDetail) -> str:
        names = [
            fill("%1 (%2)", c.member_name, labels.word(labels.CONFLICT_CATEGORIES, c.category))
            for c in detail.conflicts
        ]
        return fill(self.tr("Conflits d'intérêts : %1"), ", ".join(names))

    def _figures_text(self, detail: CandidateDetail) -> str:
        rec = detail.reconciliation
        if rec is None:
            return ""
        means = " · ".join(
            f"{self.controller.institution_name(code)} {labels.score(mean)}"
            for code, mean in rec.institution_means.items()
        )
        text = fill(
            self.tr(
                "Moyennes : %1 · note globale %2 / 20 (écart entre écoles %3, entre membres %4)"
            ),
            means,
            labels.score(rec.overall),
            labels.score(rec.gap),
            labels.score(rec.spread),
        )
        if rec.flags:
            text += "\n⚠ " + fill(
                self.tr(
                    "Signalé : %1. Une note de discussion est requise avant toute proposition."
                ),
                labels.flags_text(rec.flags),
            )
        return text

    def _hidden_text(self, detail: CandidateDetail) -> str:
        if detail.viewer_conflicted:
            return self.tr(
                "Le président du jury a déclaré un conflit d'intérêts pour ce candidat : "
                "ses notes ne sont pas montrées sur ce tableau."
            )
        if detail.revealed:
            return ""
        return self.tr(
            "Les notes restent cachées à tous, président compris, tant que chaque membre "
            "présent et sans conflit n'a pas scellé sa feuille. Le président peut les révéler "
            "plus tôt, dès qu'au moins une feuille de chaque école est scellée ; ce geste est "
            "consigné dans la chaîne d'audit."
        )

    def _seals_text(self, detail: CandidateDetail) -> str:
        """Before the reveal: who has sealed and who has not yet (never a score)."""
        expected = len(detail.sealed_by) + len(detail.awaited)
        lines = [fill(self.tr("Feuilles scellées : %1 sur %2."), len(detail.sealed_by), expected)]
        name = self.controller.member_name
        if detail.sealed_by:
            names = ", ".join(name(m) for m in detail.sealed_by)
            lines.append(fill(self.tr("Scellées par : %1"), names))
        if detail.awaited:
            names = ", ".join(name(m) for m in detail.awaited)
            lines.append(fill(self.tr("Pas encore scellées : %1"), names))
        return "\n".join(lines)

    def _revisions_text(self, detail: CandidateDetail) -> str:
        lines = []
        for revision in detail.revisions:
            changed = [
                f"{self._criterion(cid)} {labels.number(revision.previous.get(cid))} → "
                f"{labels.number(value)}"
                for cid, value in revision.scores.items()
                if revision.previous.get(cid) != value
            ]
            lines.append(
                fill(
                    self.tr("Révision de %1 à %2 : %3 (motif : %4)"),
                    self.controller.member_name(revision.member_id),
                    labels.clock(revision.at),
                    ", ".join(changed),
                    revision.reason,
                )
            )
        return "\n".join(lines)

    def _criterion(self, criterion_id: str) -> str:
        ids = [c.id for c in self.sheets.rubric.criteria]
        return dict(zip(ids, self.sheets.criterion_names(), strict=True)).get(criterion_id, "")

    def _notes_html(self, detail: CandidateDetail) -> str:
        if not detail.notes:
            return html.escape(self.tr("Aucune note de discussion."))
        return "<br>".join(
            labels.labelled(
                f"<b>{html.escape(n.author_name)}</b> ({labels.clock(n.at)})", html.escape(n.text)
            )
            for n in detail.notes
        )

    def _show_proposal(self, detail: CandidateDetail) -> None:
        rule = detail.rule_proposal
        if rule is None:
            self.rule_proposal.setText(self.tr("Proposition des règles : pas encore calculable."))
            self.rule_reasons.clear()
        else:
            self.rule_proposal.setText(
                fill(
                    self.tr("Proposition des règles : %1"),
                    labels.decision_text(rule.decision, rule.mention),
                )
            )
            self.rule_reasons.setText(
                reason_words.reasons_text(rule.grounds, self.controller.institution_name)
            )
        current = detail.proposal
        if current is None:
            self.proposal.setText(self.tr("Aucune décision proposée pour l'instant."))
        else:
            source = (
                self.tr("retenue d'après les règles")
                if current.source == "rule"
                else self.tr("proposée par le jury")
            )
            text = fill(
                self.tr("Décision proposée : %1 (%2)"),
                labels.decision_text(current.decision, current.mention),
                source,
            )
            if current.source == "jury" and current.justification:
                text += "\n" + fill(self.tr("Justification : %1"), current.justification)
            self.proposal.setText(text)

    # ---------------------------------------------------------------- actions

    def open_passphrase(
        self,
        *,
        title: str,
        headline: str,
        explanation: str,
        action: str,
        attempt: Callable[[str], object],
        body: QWidget | None = None,
        focus: QWidget | None = None,
        authors: list[Member] | None = None,
        ask: bool = True,
    ) -> PassphraseDialog:
        dialog = PassphraseDialog(
            self,
            title=title,
            headline=headline,
            explanation=explanation,
            action=action,
            attempt=attempt,
            body=body,
            authors=authors,
            ask=ask,
        )
        self._open(dialog)
        if focus is not None:
            focus.setFocus()
        return dialog

    def _open(self, dialog: QDialog) -> None:
        self.dialog = replace_dialog(self.dialog, dialog)

    def open_acting(
        self,
        authors: tuple[str, ...],
        *,
        title: str,
        headline: str,
        explanation: str,
        action: str,
        attempt: Callable[[str, str | None], object],
    ) -> PassphraseDialog:
        """An act any of ``authors`` may do: the author is chosen and, in a signed session,
        proves it with their passphrase, in one dialog."""
        signed = self.controller.signed
        dialog: PassphraseDialog | None = None

        def act(passphrase: str) -> object:
            assert dialog is not None
            return attempt(dialog.chosen_author(), passphrase if signed else None)

        dialog = self.open_passphrase(
            title=title,
            headline=headline,
            explanation=explanation,
            action=action,
            attempt=act,
            authors=self.members(authors),
            ask=signed,
        )
        return dialog

    def ask_note(self) -> PassphraseDialog | None:
        detail = self.detail
        if detail is None:
            return None
        controller, text = self.controller, self.note_edit.toPlainText()
        dialog = self.open_acting(
            detail.actors,
            title=self.tr("Note de discussion"),
            headline=fill(self.tr("Note de discussion sur %1"), detail.candidate_id),
            explanation=self.tr(
                "La note figure au procès-verbal sous le nom de son auteur, qui le confirme "
                "avec sa phrase secrète."
            )
            + "\n« "
            + text.strip()
            + " »",
            action=self.tr("Ajouter la note"),
            attempt=lambda author, passphrase: operations.add_note(
                controller, author, detail.candidate_id, text, passphrase
            ),
        )
        dialog.accepted.connect(self.note_edit.clear)
        return dialog

    def ask_accept_rule(self) -> PassphraseDialog | None:
        detail = self.detail
        if detail is None:
            return None
        controller = self.controller
        return self.open_acting(
            detail.actors,
            title=self.tr("Retenir la proposition des règles"),
            headline=fill(self.tr("Proposition des règles pour %1"), detail.candidate_id),
            explanation=self.rule_proposal.text()
            + "\n"
            + self.tr(
                "Elle devient la proposition du jury, au nom du membre qui la retient ; les "
                "écoles l'approuvent ensuite."
            ),
            action=self.tr("Retenir"),
            attempt=lambda author, passphrase: operations.accept_rule_proposal(
                controller, author, detail.candidate_id, passphrase
            ),
        )

    def ask_proposal(self) -> ProposeDialog | None:
        detail = self.detail
        if detail is None:
            return None
        authors = self.members(detail.actors)
        dialog = ProposeDialog(self, self.controller, authors, detail.candidate_id)
        self._open(dialog)
        return dialog

    def ask_renvoi(self) -> PassphraseDialog | None:
        """Record the candidate as non délibéré — renvoyé: by a present member free to act on
        it (the chair when nobody is: the service's ``renvoi_authors``), with a reason and
        their passphrase."""
        detail = self.detail
        if detail is None:
            return None
        controller = self.controller
        body = QWidget()
        who = member_combo("renvoiAuthor", self.members(detail.renvoi_authors))
        reason = QLineEdit()
        reason.setObjectName("renvoiReason")
        if detail.blind_fault is not None:  # the reason the PV will give, ready to sign
            reason.setText(
                self.tr(
                    "Statut boursier scellé illisible à l'ouverture des plis (erreur du "
                    "dossier) : à corriger par le secrétariat."
                )
            )
        layout = QFormLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Au nom de :"), who)
        layout.addRow(self.tr("Motif :"), reason)
        return self.open_passphrase(
            title=self.tr("Non délibéré — renvoyé"),
            headline=fill(
                self.tr("Enregistrer %1 comme non délibéré — renvoyé"), detail.candidate_id
            ),
            explanation=self.tr(
                "Une école n'a pas assez de membres présents et sans conflit pour délibérer ce "
                "candidat. Le renvoi ne décide rien sur le fond ; il figure au procès-verbal "
                "avec son motif, et devient définitif avec l'approbation des écoles qui le "
                "peuvent encore. Le membre tape sa phrase secrète."
            )
            if detail.blind_fault is None
            else self.tr(
                "Le statut boursier scellé de ce candidat ne s'ouvre pas : il ne peut pas être "
                "révélé. Le renvoi ne décide rien sur le fond ; il figure au procès-verbal "
                "avec son motif, et devient définitif avec l'approbation des deux écoles. Le "
                "membre tape sa phrase secrète."
            ),
            action=self.tr("Enregistrer le renvoi"),
            attempt=lambda passphrase: operations.record_renvoi(
                controller, who.currentData(), detail.candidate_id, reason.text(), passphrase
            ),
            body=body,
            focus=reason,
        )

    def ask_reveal(self) -> PassphraseDialog | None:
        detail = self.detail
        if detail is None:
            return None
        controller, chair = self.controller, self.controller.chair
        return self.open_passphrase(
            title=self.tr("Révéler les notes"),
            headline=fill(
                self.tr("Révéler les notes de %1 avant la fin de la notation"),
                detail.candidate_id,
            ),
            explanation=self.tr(
                "Les feuilles déjà scellées sont ouvertes et les membres qui n'ont pas scellé "
                "ne pourront plus noter ce candidat. Possible seulement si au moins une feuille "
                "de chaque école est scellée. Ce geste est consigné."
            )
            + "\n"
            + fill(self.tr("Phrase secrète de %1 (présidence) :"), chair.name),
            action=self.tr("Révéler"),
            attempt=lambda passphrase: operations.force_reveal(
                controller, chair.id, detail.candidate_id, passphrase
            ),
        )

    def ask_revision(self) -> PassphraseDialog | None:
        detail = self.detail
        if detail is None or not detail.sheets:
            return None
        controller = self.controller
        sheets = {sheet.member_id: sheet for sheet in detail.sheets}
        members = [self.controller.manifest.session.member(m) for m in sheets]
        body = QWidget()
        who = member_combo("reviser", members)
        form = RubricForm(self.controller.manifest.session.rubric)
        form.setObjectName("revisionForm")
        reason = QLineEdit()
        reason.setObjectName("revisionReason")
        layout = QFormLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.tr("Feuille de :"), who)
        layout.addRow(form)
        layout.addRow(self.tr("Motif :"), reason)

        def load(_index: int = 0) -> None:
            form.set_scores(sheets[who.currentData()].scores, editable=True)

        who.currentIndexChanged.connect(load)
        load()
        return self.open_passphrase(
            title=self.tr("Réviser une feuille"),
            headline=fill(self.tr("Révision d'une feuille pour %1"), detail.candidate_id),
            explanation=self.tr(
                "Un membre ne révise que sa propre feuille, après la révélation, avec un motif. "
                "Les anciennes valeurs sont gardées et les approbations déjà données sont "
                "annulées. Le membre tape sa phrase secrète."
            ),
            action=self.tr("Réviser"),
            attempt=lambda passphrase: operations.revise(
                controller,
                who.currentData(),
                detail.candidate_id,
                form.scores(),
                reason.text(),
                passphrase,
            ),
            body=body,
        )


def _renvoi(detail: CandidateDetail) -> ProposalView | None:
    """The candidate's current proposal if it is a renvoi (non délibéré — renvoyé)."""
    proposal = detail.proposal
    return proposal if proposal is not None and proposal.decision == RENVOI else None
