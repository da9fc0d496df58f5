"""The member desk (issue 12): one member, on their own machine, at home or in the room.

Only this member's candidates; a dossier reader that takes the window (fit to width by
default, each document's zoom remembered in the preferences); the rubric; the seal with its
receipt; notes; approve or object for their institution; and the road to the room: join the
room's network once (address and code, or the QR code's text), or export the outbox to a USB
key. The room's verdicts and refusals are shown in its plain words. A thin face over the
member desk (``gui.member.desk.MemberDeskLike``): no rule is decided here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.verify import read_document
from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.i18n import fill
from jury_desk.gui.member import key_export
from jury_desk.gui.member.desk import CandidateRowLike, MemberDeskLike
from jury_desk.gui.member.room_link import MemberLink, pairing_of
from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import allow, button, label, table_view
from jury_desk.gui.views.document_viewer import DocumentViewer
from jury_desk.gui.views.rubric_form import RubricForm
from jury_desk.gui.words import labels, messages
from jury_desk.gui.words.exchange_words import exchange_words

ZOOMS_KEY = "member/zooms"  # per document path: the zoom this member chose


class MyCandidatesModel(RowsTableModel[CandidateRowLike]):
    CANDIDATE, SHEET = range(2)

    def headers(self) -> list[str]:
        return [self.tr("Candidat"), self.tr("Ma feuille")]

    def states(self, row: CandidateRowLike) -> tuple[str, str]:
        """The sheet's state, short (in the list) and in full (its tooltip)."""
        if row.revealed:
            return self.tr("Révélée"), self.tr("Révélée")
        words = {
            "to-score": (self.tr("À noter"), self.tr("À noter")),
            "draft": (self.tr("Brouillon"), self.tr("Brouillon")),
            "sent": (self.tr("Envoyée"), self.tr("Scellée, en attente de la salle")),
            "sealed": (self.tr("Reçue"), self.tr("Scellée, reçue par la salle")),
            "refused": (self.tr("Refusée"), self.tr("Refusée par la salle")),
        }
        return words.get(row.state, (row.state, row.state))

    def cell(self, row: CandidateRowLike, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.SHEET:
            return self.states(row)[1]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.CANDIDATE:
            # A blind name (before the reveal): the id alone, as the room's board shows it.
            return row.candidate_id if row.name is None else f"{row.candidate_id} {row.name}"
        return self.states(row)[0]


class JoinRoomDialog(QDialog):
    """The room's address and pairing code, or the QR code's text pasted in one field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinRoomDialog")
        self.setWindowTitle(self.tr("Rejoindre la salle"))
        self.hint = label("hint")
        self.hint.setText(
            self.tr(
                "Tapez l'adresse et le code affichés sur l'écran du poste de salle (ou collez "
                "le texte du QR code dans l'adresse). Ce poste ne rejoint la salle qu'une fois."
            )
        )
        self.address = QLineEdit()
        self.address.setObjectName("roomAddressField")
        self.address.setPlaceholderText("192.168.1.20:47800")
        self.code = QLineEdit()
        self.code.setObjectName("pairingCodeField")
        self.code.setPlaceholderText("1234 5678")
        form = QFormLayout()
        form.addRow(self.tr("Adresse de la salle :"), self.address)
        form.addRow(self.tr("Code d'appairage :"), self.code)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Rejoindre"))
        ok.setObjectName("joinRoom")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(buttons)


class MemberPage(Retranslating, QWidget):
    home_clicked = Signal()

    def __init__(
        self,
        desk: MemberDeskLike,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberPage")
        self.desk = desk
        self.settings = settings
        self.link = MemberLink(desk, settings, self)
        self.link.answered.connect(self.refresh)
        self.link.linked.connect(lambda _on: self._show_link())
        self.link.failed.connect(lambda exc: messages.show_error(self, exc))
        self.current: str | None = None

        self.title = label("sessiontitle", name="memberTitle")
        self.link_state = label("subtitle", name="linkState")
        self.join_button = button("secondary", "joinRoomButton")
        self.join_button.clicked.connect(self.ask_join)
        self.export_button = button("secondary", "exportOutbox")
        self.export_button.clicked.connect(self.export_outbox)
        self.read_back_button = button("secondary", "importReplies")
        self.read_back_button.clicked.connect(self.import_replies)
        self.export_key_button = button("secondary", "exportKey")
        self.export_key_button.clicked.connect(lambda: key_export.export_key(self, self.desk))
        self.home_button = button("nav", "backHome")
        self.home_button.clicked.connect(self.home_clicked)
        # In the room, the member's arrival and departure are acts of their own desk too.
        self.arrive_button = button("secondary", "memberCheckIn")
        self.arrive_button.clicked.connect(lambda: self._act(self.desk.check_in))
        self.leave_button = button("secondary", "memberCheckOut")
        self.leave_button.clicked.connect(lambda: self._act(self.desk.check_out))

        self.model = MyCandidatesModel()
        self.table = table_view("myCandidates", self.model, stretch=MyCandidatesModel.CANDIDATE)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.viewer = DocumentViewer()
        zooms = settings.value(ZOOMS_KEY)
        if isinstance(zooms, dict):
            self.viewer.zooms = {str(k): float(v) for k, v in zooms.items()}

        self.candidate_title = label("section", name="candidateTitle")
        self.sheet_state = label("subtitle", name="sheetState")
        self.form = RubricForm(desk.manifest.session.rubric)
        self.form.edited.connect(self._edited)
        self.total = label("subtitle", wrap=False, name="memberTotal")
        self.seal_button = button("primary", "memberSeal")
        self.form.completed.connect(self.seal_button.setFocus)
        self.seal_button.clicked.connect(self.seal)
        self.receipt = label("technical", name="sealReceipt")
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revealed = label("subtitle", name="revealedSheets")
        self.note_box = QGroupBox()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("memberNote")
        self.note_edit.setMaximumHeight(80)
        self.note_button = button("secondary", "addMemberNote")
        self.note_button.clicked.connect(self.add_note)
        notes = QVBoxLayout(self.note_box)
        notes.addWidget(self.note_edit)
        notes.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignRight)
        self.approval_box = QGroupBox()
        self.proposal_line = label("subtitle", name="memberProposal")
        self.approve_button = button("primary", "memberApprove")
        self.approve_button.clicked.connect(self.approve)
        self.object_button = button("secondary", "memberObject")
        self.object_button.clicked.connect(self.object_to)
        approvals = QVBoxLayout(self.approval_box)
        approvals.addWidget(self.proposal_line)
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.object_button)
        row.addStretch(1)
        approvals.addLayout(row)
        self.answers_heading = label("section")
        self.answers = QListWidget()
        self.answers.setObjectName("roomAnswers")
        self.resend_button = button("secondary", "resendWaiting")
        self.resend_button.clicked.connect(self.resend)

        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.candidate_title)
        column.addWidget(self.sheet_state)
        column.addWidget(self.form)
        column.addWidget(self.total)
        column.addWidget(self.seal_button, 0, Qt.AlignmentFlag.AlignLeft)
        for part in (self.receipt, self.revealed, self.approval_box, self.note_box):
            column.addWidget(part)
        column.addWidget(self.answers_heading)
        column.addWidget(self.answers, 1)
        column.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(320)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("memberSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.viewer)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(1, 1)  # the dossier takes what the others leave
        self.splitter.setSizes([240, 700, 330])

        heading = QHBoxLayout()  # the title and the link's state have rows of their own
        for action in (self.join_button, self.export_button, self.read_back_button,
                       self.export_key_button):  # fmt: skip
            heading.addWidget(action)
        heading.addStretch(1)
        heading.addWidget(self.home_button)
        presence = QHBoxLayout()  # what reaches the room, and the member's own presence
        presence.addWidget(self.link_state, 1)
        presence.addWidget(self.arrive_button)
        presence.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addLayout(heading)
        layout.addLayout(presence)
        layout.addWidget(self.splitter, 1)
        self.retranslate_ui()
        self.refresh()
        self.link.start()  # a desk paired before: linked again at once
        if self.model.rowCount():
            self.table.selectRow(0)

    # ---------------------------------------------------------------- showing

    def refresh(self) -> None:
        rows = list(self.desk.candidates())
        selection = self.table.selectionModel()
        selection.blockSignals(True)  # the same candidate stays chosen: nothing reloads
        self.model.set_rows(rows)
        for position, row in enumerate(rows):
            if row.candidate_id == self.current:
                self.table.selectRow(position)
        selection.blockSignals(False)
        self.table.viewport().update()
        self._show_candidate(reload_draft=False)
        self._show_answers()
        self._show_link()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0]) if rows else None
        chosen = row.candidate_id if row is not None else None
        if chosen == self.current:
            return
        self.current = chosen
        verified = self.desk.verified
        if chosen is not None and verified is not None:
            candidate = self.desk.manifest.candidate(chosen)
            self.viewer.show_documents(
                candidate.documents, lambda path: read_document(verified, path)
            )
        self._show_candidate(reload_draft=True)

    def _row(self, candidate_id: str) -> CandidateRowLike | None:
        return next((r for r in self.model.rows() if r.candidate_id == candidate_id), None)

    def _show_candidate(self, *, reload_draft: bool) -> None:
        cid = self.current
        row = None if cid is None else self._row(cid)
        for widget in (self.form, self.seal_button, self.note_box, self.approval_box):
            widget.setVisible(row is not None)
        if cid is None or row is None:
            self.candidate_title.setText(self.tr("Choisissez un candidat dans la liste."))
            self.sheet_state.setText("")
            self.receipt.setVisible(False)
            self.revealed.setVisible(False)
            return
        self.candidate_title.setText(cid if row.name is None else f"{cid} — {row.name}")
        editable = row.state in ("to-score", "draft", "refused") and not row.revealed
        if reload_draft or not editable:
            self.form.set_scores(self.desk.draft(cid), editable=editable)
        self.sheet_state.setText(self._state_words(row))
        self.receipt.setVisible(bool(row.receipt))
        self.receipt.setText(fill(self.tr("Reçu du scellé : %1"), row.receipt))
        allow(self.seal_button, None if editable else self.tr("Cette feuille est déjà scellée."))
        self._show_total()
        self._show_revealed(row)
        self._show_proposal(cid)

    def _state_words(self, row: CandidateRowLike) -> str:
        if row.revealed:
            return self.tr("Les plis de ce candidat sont ouverts : sa feuille ne change plus.")
        if row.refusal:
            return fill(self.tr("La salle a refusé cette feuille : %1"), row.refusal)
        if row.state == "sent":
            return self.tr(
                "Scellée. Elle attend dans votre boîte d'envoi : rejoignez la salle ou "
                "exportez-la sur une clé USB."
            )
        if row.state == "sealed":
            return self.tr("Scellée et reçue par la salle. Rien à faire.")
        if row.state == "draft":
            return self.tr("Brouillon enregistré sur ce poste (chiffré pour vous seul).")
        return self.tr("Pas encore notée.")

    def _show_total(self) -> None:
        scores = self.form.scores()
        rubric = self.desk.manifest.session.rubric
        if len(scores) < len(rubric.criteria):
            self.total.setText(
                fill(self.tr("Critères notés : %1 sur %2"), len(scores), len(rubric.criteria))
            )
            return
        weights = {c.id: c.weight for c in rubric.criteria}
        total = sum(scores[c] * weights[c] for c in scores) / sum(weights.values())
        self.total.setText(fill(self.tr("Total : %1 / %2"), labels.score(total),
                                labels.score(rubric.scale_max)))  # fmt: skip

    def _show_revealed(self, row: CandidateRowLike) -> None:
        sheets = self.desk.revealed_sheets(row.candidate_id) if row.revealed else []
        self.revealed.setVisible(sheets is None or bool(sheets))
        if sheets is None:
            self.revealed.setText(
                self.tr(
                    "Les feuilles révélées de ce candidat sont en route depuis la salle : "
                    "elles s'afficheront ici dès leur arrivée."
                )
            )
            return
        lines = [self.tr("Feuilles révélées (lecture seule) :")]
        for sheet in sheets:
            member_id = str(sheet.get("member", ""))
            try:
                name = self.desk.manifest.session.member(member_id).name
            except KeyError:
                name = member_id
            scores = sheet.get("scores", {})
            values = ", ".join(f"{k} {labels.score(float(v))}" for k, v in scores.items())
            lines.append(labels.labelled(name, values))
        self.revealed.setText("\n".join(lines))

    def _show_proposal(self, candidate_id: str) -> None:
        proposal = self.desk.proposal(candidate_id)
        if proposal is None:
            self.proposal_line.setText(
                self.tr("Aucune décision n'est encore proposée pour ce candidat.")
            )
            why: str | None = self.tr("La salle n'a encore rien proposé pour ce candidat.")
        else:
            mention = proposal.get("mention")
            decision = str(proposal.get("decision", "")) + (f" ({mention})" if mention else "")
            self.proposal_line.setText(
                fill(self.tr("Proposition n° %1 : %2"), proposal.get("id", ""), decision)
            )
            why = None
        allow(self.approve_button, why)
        allow(self.object_button, why)

    def _show_answers(self) -> None:
        self.answers.clear()
        for answer in self.desk.answers():
            mark = "✓" if answer.accepted else "✗"
            what = self._act_words(answer.kind, answer.candidate)
            line = f"{mark} {what}"
            self.answers.addItem(line if answer.accepted else labels.labelled(line, answer.message))
        for verdict in self.desk.box.other_desk_verdicts():
            self.answers.addItem("⚠ " + verdict.message)
        self.answers.scrollToBottom()

    def _act_words(self, kind: str, candidate: str) -> str:
        words = {
            "sheet-sealed": self.tr("Feuille scellée"),
            "note-added": self.tr("Note"),
            "approved": self.tr("Approbation"),
            "objected": self.tr("Objection"),
            "conflict-declared": self.tr("Conflit déclaré"),
            "checked-in": self.tr("Arrivée"),
            "checked-out": self.tr("Départ"),
            "key-registered": self.tr("Clé du poste"),
        }.get(kind, kind)
        return f"{words} {candidate}".strip()

    def _show_link(self) -> None:
        pending = len(self.desk.box.pending())
        room = self.link.room()
        stopped = self.link.stopped()
        if stopped is not None:
            text = fill(
                self.tr("La liaison avec la salle s'est arrêtée : %1 Vos %2 message(s) en "
                        "attente restent dans votre boîte d'envoi."),
                exchange_words(stopped.reason, str(stopped)), pending,
            )  # fmt: skip
            self.link_state.setText(text)
            self.join_button.setVisible(True)
            return
        if self.link.connected() and room is not None:
            text = fill(self.tr("Relié à la salle (%1). En attente de réponse : %2."),
                        f"{room[0]}:{room[1]}", pending)  # fmt: skip
        elif room is not None:
            text = fill(
                self.tr("Salle injoignable pour l'instant : rien n'est perdu, vos %1 message(s) "
                        "en attente partiront dès le retour du réseau."), pending,
            )  # fmt: skip
        else:
            text = fill(
                self.tr("Hors ligne : vos %1 message(s) en attente restent dans votre boîte "
                        "d'envoi. Rejoignez la salle, ou exportez-les sur une clé USB."), pending,
            )  # fmt: skip
        self.link_state.setText(text)
        # Not linked: joining (again) is offered; the room may have a new address or code.
        self.join_button.setVisible(not self.link.connected())

    def retranslate_ui(self) -> None:
        member = self.desk.manifest.session.member(self.desk.member)
        self.title.setText(
            fill(self.tr("Poste de membre : %1 — %2"), member.name,
                 self.desk.manifest.session.title)
        )  # fmt: skip
        self.arrive_button.setText(self.tr("Pointer mon arrivée"))
        self.arrive_button.setToolTip(
            self.tr("Dans la salle : la salle du jury vous compte présent(e) dès qu'elle reçoit "
                    "ce message (réseau ou clé USB).")
        )  # fmt: skip
        self.leave_button.setText(self.tr("Pointer mon départ"))
        self.join_button.setText(self.tr("Rejoindre la salle…"))
        self.export_button.setText(self.tr("Exporter sur une clé USB…"))
        self.read_back_button.setText(self.tr("Lire la réponse de la salle…"))
        self.export_key_button.setText(self.tr("Exporter ma clé…"))
        self.export_key_button.setToolTip(
            self.tr("Pour agir aussi au poste de salle (le président y ouvre les plis) : votre "
                    "clé, toujours chiffrée par votre phrase secrète, sur une clé USB.")
        )  # fmt: skip
        self.home_button.setText(self.tr("Retour à l'accueil"))
        self.seal_button.setText(self.tr("Sceller…"))
        self.note_box.setTitle(self.tr("Note sur ce candidat"))
        self.note_button.setText(self.tr("Ajouter la note"))
        institution = {i.code: i.name for i in self.desk.manifest.session.institutions}
        # A group box's title does not wrap: the school's name goes in the lines below it.
        self.approval_box.setTitle(self.tr("Approbation de votre école"))
        self.approval_box.setToolTip(
            fill(self.tr("Vous approuvez ou objectez au nom de %1."),
                 institution.get(member.institution, member.institution))
        )  # fmt: skip
        self.approve_button.setText(self.tr("Approuver"))
        self.object_button.setText(self.tr("Objecter…"))
        self.answers_heading.setText(self.tr("Réponses de la salle"))
        self.resend_button.setText(self.tr("Renvoyer ce qui attendait"))
        self.resend_button.setToolTip(
            self.tr("Renvoie chaque message que la salle a refusé seulement pour le moment "
                    "(quorum pas encore atteint, arrivée pas encore reçue).")
        )  # fmt: skip
        self.model.retranslate()
        if self.current is not None:
            self._show_candidate(reload_draft=False)

    # ---------------------------------------------------------------- acts

    def _act(self, act: object) -> bool:
        try:
            act()  # type: ignore[operator]
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return False
        self.refresh()
        return True

    def _edited(self) -> None:
        cid = self.current
        self._show_total()
        if cid is not None:
            scores, cleared = self.form.scores(), self.form.blanks()
            self._act(lambda: self.desk.save_draft(cid, scores, cleared))

    def seal(self) -> None:
        cid = self.current
        if cid is None:
            return
        scores = self.form.scores()
        blanks = self.form.blanks()
        if blanks:
            names = ", ".join(self.form.criterion_label(b) for b in blanks)
            messages.present(self, messages.Notice(
                "warning", self.tr("Feuille incomplète"),
                fill(self.tr("Notez chaque critère avant de sceller : %1."), names),
            ))  # fmt: skip
            return
        read_back = "\n".join(
            labels.labelled(self.form.criterion_label(c), labels.score(v))
            for c, v in scores.items()
        )
        if not messages.confirm(
            self,
            self.tr("Sceller la feuille"),
            fill(self.tr("Vérifiez vos notes pour %1 :\n%2\n\nUne fois scellée, la feuille ne "
                         "peut plus être modifiée."), cid, read_back),
            self.tr("Sceller"),
        ):  # fmt: skip
            return

        def seal() -> None:
            self.desk.save_draft(cid, scores)
            self.desk.seal(cid)

        self._act(seal)

    def resend(self) -> None:
        sent: list[object] = []

        def again() -> None:
            sent.extend(self.desk.resend_waiting())

        if self._act(again) and not sent:
            messages.present(self, messages.Notice(
                "info", self.tr("Rien à renvoyer"),
                self.tr("Aucun message n'attendait : rien à faire."),
            ))  # fmt: skip

    def add_note(self) -> None:
        cid, text = self.current, self.note_edit.toPlainText().strip()
        if cid is not None and text and self._act(lambda: self.desk.add_note(cid, text)):
            self.note_edit.clear()

    def approve(self) -> None:
        cid = self.current
        if cid is not None:
            self._act(lambda: self.desk.approve(cid))

    def object_to(self) -> None:
        cid = self.current
        reason = self.note_edit.toPlainText().strip()
        if cid is None:
            return
        if not reason:
            messages.present(self, messages.Notice(
                "warning", self.tr("Motif manquant"),
                self.tr("Écrivez le motif de l'objection dans la note, puis objectez."),
            ))  # fmt: skip
            return
        if self._act(lambda: self.desk.object_to(cid, reason)):
            self.note_edit.clear()

    def ask_join(self) -> JoinRoomDialog:
        dialog = JoinRoomDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.join(dialog.address.text(), dialog.code.text()))
        dialog.open()
        return dialog

    def join(self, address: str, code: str) -> None:
        try:
            info = pairing_of(address, code)
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return
        self.link.pair(info, self)

    def export_outbox(self) -> None:
        folder = messages.choose_folder(self, self.tr("Exporter sur une clé USB"), Path.home())
        if folder is not None:
            self.link.export_to(folder, self)

    def import_replies(self) -> None:
        folder = messages.choose_folder(
            self, self.tr("Lire la réponse de la salle (la clé USB)"), Path.home()
        )
        if folder is not None:
            self.link.import_from(folder, self)

    def close_link(self) -> None:
        """Stop the live link and keep the zooms chosen (the page closes)."""
        self.settings.setValue(ZOOMS_KEY, dict(self.viewer.zooms))
        self.link.stop()
