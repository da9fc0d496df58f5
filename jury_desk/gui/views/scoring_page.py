"""The scoring workspace of the signed-in member, and of nobody else.

Left, their worklist and progress; in the middle, the candidate's documents; right, the
record summary and the rubric form. Drafts are saved as the member types (lightly
debounced), "Seal" reads the stored values back and asks the passphrase, "Sign out" goes
back to the lobby. Everything shown comes from ``service.worklist(member)`` and
``service.candidate_detail(member, candidate)``, which never hold another member's score.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QItemSelection, Qt, QTime, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jury_desk.core.errors import JuryDeskError
from jury_desk.core.receipt import receipt
from jury_desk.core.scoring import member_total
from jury_desk.deliberation.readmodels import CandidateDetail, SealReceipt, SignedIn
from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui import operations, shortcuts
from jury_desk.gui.columns import NamesTakeTheRest
from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import replace_dialog
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.worklist import WorklistModel, progress
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import (
    breakable,
    button,
    label,
    set_role,
    step_row,
    table_view,
    table_width,
    user_sized,
)
from jury_desk.gui.views.document_viewer import DocumentViewer
from jury_desk.gui.views.record_summary import summary_html
from jury_desk.gui.views.rubric_form import RubricForm
from jury_desk.gui.words import labels, messages

SAVE_DELAY_MS = 400  # a draft is saved this long after the last change
EDITABLE = ("to-score", "draft")
WORKLIST_MARGIN = 30  # the group box around the worklist table
FORM_LEAST = 280  # below this, the rubric's labels wrap word by word
TOTAL_COLUMN = 3  # of the worklist


class ReadBack(QFrame):
    """The values about to be sealed, criterion by criterion, and the total."""

    def __init__(self, rows: list[tuple[str, str]], total: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readBack")
        self.setStyleSheet(
            "QFrame#readBack { background: #f3f5f7; border: 1px solid #c9d1d9; "
            "border-radius: 4px; } QLabel { font-size: 12pt; }"
        )
        grid = QGridLayout(self)
        for row, (name, value) in enumerate(rows):
            grid.addWidget(QLabel(name), row, 0)
            shown = QLabel(value)
            shown.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(shown, row, 1)
        total_caption = self.tr("Total (moyenne pondérée)")
        caption = QLabel(f"<b>{html.escape(total_caption)}</b>")
        grid.addWidget(caption, len(rows), 0)
        self.total = QLabel(f"<b>{html.escape(total)}</b>")
        self.total.setObjectName("readBackTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.total, len(rows), 1)


class ScoringPage(Retranslating, QWidget):
    def __init__(
        self, controller: SessionController, member: SignedIn, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scoringPage")
        self.controller = controller
        self.member = member
        self.candidate_id: str | None = None
        self.detail: CandidateDetail | None = None
        self.dirty = False  # the form holds values the service has not saved yet
        self.heading = ""  # "ADM-03 — Oluwaseun Adébayo", the candidate on screen
        self.last_receipt = ""  # of the last sheet sealed here, shown after the seal
        self.seal_dialog: PassphraseDialog | None = None
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save_draft)

        # Left: the worklist and the member's progress.
        self.worklist_box = QGroupBox()
        self.progress_label = label("hint", name="progressLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.worklist = WorklistModel(parent=self)
        self.worklist_table = table_view("worklistTable", self.worklist, stretch=1)
        self.worklist_table.setWordWrap(False)  # "Inès Moreau-D…" rather than "Inès …"
        # On a narrow screen the names keep their room: the totals column goes (the
        # selected candidate's total stays under the form) until the pane is wide enough.
        self.names = NamesTakeTheRest(self.worklist_table, 1, spare=(TOTAL_COLUMN,))
        self.worklist_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.worklist_table.activated.connect(lambda _index: self.start_scoring())
        worklist = QVBoxLayout(self.worklist_box)
        worklist.addWidget(self.progress_label)
        worklist.addWidget(self.progress_bar)
        worklist.addWidget(self.worklist_table, 1)

        # Middle: the documents.
        self.dossier_box = QGroupBox()
        self.viewer = DocumentViewer()
        QVBoxLayout(self.dossier_box).addWidget(self.viewer)

        # Right: the record and the rubric.
        self.candidate_title = label("section", name="candidateTitle")
        self.record = label("", name="recordSummary")
        self.record.setTextFormat(Qt.TextFormat.RichText)
        self.form_box = QGroupBox()
        self.form = RubricForm(controller.manifest.session.rubric)
        self.form.edited.connect(self._edited)
        self.form.completed.connect(self._focus_seal)
        self.total = label("", name="ownTotal")
        self.draft_state = label("hint", name="draftState")
        self.sheet_state = label("hint", name="sheetState")
        self.seal_button = button("primary", "seal")
        self.seal_button.setAutoDefault(True)  # Enter on the focused button seals
        self.seal_button.clicked.connect(self.ask_seal)
        rubric = QVBoxLayout(self.form_box)
        rubric.addWidget(self.form)
        rubric.addWidget(self.total)
        rubric.addWidget(self.draft_state)
        rubric.addWidget(self.sheet_state)
        rubric.addWidget(self.seal_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.candidate_title)
        side_layout.addWidget(self.form_box)
        side_layout.addWidget(self.record)
        side_layout.addStretch(1)
        scroll = self.form_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)

        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("scoringSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.worklist_box)
        splitter.addWidget(self.dossier_box)
        splitter.addWidget(scroll)
        # Below these, the worklist and the form are unreadable.
        self.worklist_box.setMinimumWidth(290)
        scroll.setMinimumWidth(FORM_LEAST)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)

        controller.changed.connect(self.refresh)
        shortcuts.bind(self, "next", lambda: step_row(self.worklist_table, 1))
        shortcuts.bind(self, "previous", lambda: step_row(self.worklist_table, -1))
        shortcuts.bind(self, "seal", self.ask_seal)
        shortcuts.bind(self, "reader", self.viewer.open_reader)
        self.retranslate_ui()
        self.refresh()
        self.select_next()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Until the member drags a handle: the worklist and the form a readable share,
        # the documents the rest.
        if not user_sized(self.splitter):
            self._share(event.size().width())
        super().resizeEvent(event)

    def _share(self, width: int) -> None:
        """The worklist as wide as its names need (at most 40 %), the form its readable
        share, the documents the rest."""
        names = table_width(self.worklist_table) + WORKLIST_MARGIN
        least = self.worklist_box.minimumWidth()
        worklist = max(least, min(names, int(width * 0.4)))
        form = max(FORM_LEAST, int(width * 0.28))
        # The documents need their controls' width: taken from the form (down to its
        # least), then from the worklist, never the worklist first (its names).
        short = self.dossier_box.minimumSizeHint().width() - (width - worklist - form)
        if short > 0:
            given = min(short, form - FORM_LEAST)
            form -= given
            worklist = max(least, worklist - (short - given))
        self.splitter.setSizes([worklist, max(0, width - worklist - form), form])

    def retranslate_ui(self) -> None:
        self.worklist_box.setTitle(self.tr("Mes candidats"))
        self.worklist_table.setAccessibleName(self.tr("Mes candidats"))
        self.form_box.setTitle(self.tr("Ma feuille de notation"))
        self.seal_button.setText(self.tr("Sceller ma feuille…"))
        self.worklist.retranslate()
        self._show_progress()
        self._show_candidate()

    # ---------------------------------------------------------------- worklist

    def refresh(self) -> None:
        self.worklist.set_rows(self.controller.service.worklist(self.member.member_id))
        if self.candidate_id is not None:
            row = self.worklist.row_of(self.candidate_id)
            if row is not None:
                self.worklist_table.selectRow(row)  # the same candidate: nothing reloads
        self._show_progress()

    def _show_progress(self) -> None:
        sealed, total = progress(self.worklist.rows())
        self.progress_label.setText(fill(self.tr("Feuilles scellées : %1 sur %2"), sealed, total))
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(sealed)

    def select_next(self) -> None:
        """Select (and show) the first candidate still to score, else the first one."""
        rows = self.worklist.rows()
        if not rows:
            return
        row = next((r for r, item in enumerate(rows) if item.status in EDITABLE), 0)
        self.worklist_table.selectRow(row)
        if self.candidate_id != rows[row].candidate_id:
            self.load(rows[row].candidate_id)  # the row was already selected
        self.worklist_table.setFocus()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.worklist_table.selectionModel().selectedRows()
        item = self.worklist.row_at(rows[0]) if rows else None
        if item is not None and item.candidate_id != self.candidate_id:
            self.load(item.candidate_id)

    def start_scoring(self) -> None:
        if self.detail is not None and self.detail.own_status in EDITABLE:
            self.form.focus_first()

    # ---------------------------------------------------------------- one candidate

    def load(self, candidate_id: str) -> None:
        self.save_draft()  # whatever was typed for the previous candidate is kept
        self.candidate_id = candidate_id
        self.detail = self.controller.service.candidate_detail(self.member.member_id, candidate_id)
        detail = self.detail
        self.form.set_scores(self._own_scores(), editable=detail.own_status in EDITABLE)
        if detail.documents:
            self.viewer.show_documents(detail.documents, self.controller.documents.read)
        else:
            self.viewer.hide_documents(self.tr("Aucun document à afficher pour ce candidat."))
        self.draft_state.clear()
        self._show_candidate()

    def _show_candidate(self) -> None:
        detail = self.detail
        if detail is None:
            self.candidate_title.setText(self.tr("Choisissez un candidat dans la liste."))
            self.dossier_box.setTitle(self.tr("Dossier"))
            self.form_box.setEnabled(False)
            return
        name = detail.name if detail.name is not None else self.tr("(nom masqué)")
        self.heading = f"{detail.candidate_id} — {name}"
        self.candidate_title.setText(f"{detail.candidate_id} — {breakable(name)}")
        self.dossier_box.setTitle(fill(self.tr("Dossier de %1"), detail.candidate_id))
        self.record.setText(summary_html(detail, self.controller.manifest.session.graduation_rules))
        self.record.setVisible(bool(self.record.text()))
        self.form_box.setEnabled(True)
        editable = detail.own_status in EDITABLE
        self.seal_button.setEnabled(editable)
        self.sheet_state.setText(self._sheet_state(detail))
        self._show_total()

    def _sheet_state(self, detail: CandidateDetail) -> str:
        status = detail.own_status
        if status == "sealed" and detail.revealed:
            return self.tr(
                "Feuille scellée, notes révélées : une révision motivée reste possible "
                "depuis le tableau du jury."
            )
        if status == "sealed":
            return self.tr(
                "Feuille scellée : elle ne peut plus être modifiée avant la révélation des notes."
            )
        if status == "conflicted":
            return self.tr(
                "Vous avez déclaré un conflit d'intérêts pour ce candidat : vous ne le notez pas."
            )
        if status == "closed":
            return self.tr(
                "Les notes de ce candidat ont été révélées avant que vous ne scelliez : "
                "sa notation est terminée."
            )
        return self.tr(
            "Votre brouillon est enregistré au fur et à mesure ; personne ne le voit. "
            "Scellez la feuille quand elle est complète."
        )

    def _show_total(self) -> None:
        scores = self.form.scores()
        try:
            total = member_total(scores, self.controller.manifest.session.rubric)
        except JuryDeskError:
            self.total.setText(self.tr("Votre total : dès que chaque critère est noté."))
            return
        self.total.setText(fill(self.tr("Votre total : %1 / 20"), labels.score(total)))

    # ---------------------------------------------------------------- drafts

    def _focus_seal(self) -> None:
        self.seal_button.setFocus()

    def _edited(self) -> None:
        self._show_total()
        self.draft_state.setText(self.tr("Modification en cours…"))
        set_role(self.draft_state, "hint")
        self.dirty = True
        self.save_timer.start()

    def save_draft(self) -> bool:
        """Save what the form holds now; False (and the service's reason shown) if refused."""
        self.save_timer.stop()
        if not self.dirty or self.candidate_id is None:
            return True
        self.dirty = False
        scores, blanks = self.form.scores(), self.form.blanks()
        _, member, candidate = self._who()
        try:
            operations.save_draft(self.controller, member, candidate, scores, blanks)
        except JuryDeskError as exc:
            self.draft_state.setText(
                fill(self.tr("Non enregistré : %1"), messages.describe_error(exc).text)
            )
            set_role(self.draft_state, "error")
            return False
        now = QTime.currentTime().toString("HH:mm")
        self.draft_state.setText(fill(self.tr("✓ Brouillon enregistré à %1"), now))
        set_role(self.draft_state, "ok")
        return True

    def _own_scores(self) -> Mapping[str, float]:
        """The member's own scores for the candidate: as stored (format 1, or revealed), else
        as the desk holds them (a signed session's draft, sealed to its author in the file)."""
        assert self.detail is not None and self.candidate_id is not None
        if self.detail.own_scores or not self.controller.signed:
            return self.detail.own_scores
        return self.controller.drafts.get(self.candidate_id, {})

    def _who(self) -> tuple[DeliberationService, str, str]:
        assert self.candidate_id is not None
        return self.controller.service, self.member.member_id, self.candidate_id

    # ---------------------------------------------------------------- seal

    def ask_seal(self) -> PassphraseDialog | None:
        if self.candidate_id is None or not self.save_draft():
            return None
        service, member, candidate = self._who()
        self.detail = service.candidate_detail(member, candidate)
        own = dict(self._own_scores())  # what is stored (or held), not typed
        rubric = self.controller.manifest.session.rubric
        try:
            total = member_total(own, rubric)
        except JuryDeskError as exc:
            messages.show_error(self, exc)
            return None
        rows = [
            (self.form.criterion_label(c.id), labels.number(own[c.id])) for c in rubric.criteria
        ]
        dialog = PassphraseDialog(
            self,
            title=self.tr("Sceller ma feuille"),
            headline=fill(self.tr("Vérifiez vos notes pour %1"), self.heading),
            explanation=self.tr(
                "Une fois scellée, la feuille ne peut plus être modifiée avant la révélation "
                "des notes ; ensuite, seulement par une révision motivée. Tapez votre phrase "
                "secrète pour sceller."
            ),
            action=self.tr("Sceller"),
            attempt=lambda passphrase: self._keep_receipt(
                operations.seal(self.controller, member, candidate, passphrase, own)
            ),
            body=ReadBack(rows, f"{labels.score(total)} / 20"),
        )
        dialog.accepted.connect(self._sealed)
        self.seal_dialog = replace_dialog(self.seal_dialog, dialog)
        return dialog

    def _keep_receipt(self, sealed: SealReceipt) -> None:
        self.last_receipt = receipt(sealed.commitment)

    def _sealed(self) -> None:
        sealed = self.candidate_id
        self.candidate_id = None  # reload whichever candidate comes next
        self.select_next()
        self.activateWindow()  # the keyboard goes back to the worklist, not nowhere
        # The receipt lets the member check later, in the signed PV, that this very sheet
        # was counted (jury-desk minutes verify PV.pdf --receipt CODE).
        self.draft_state.setText(
            fill(self.tr("✓ Feuille de %1 scellée. Reçu : %2"), sealed, self.last_receipt)
        )
        set_role(self.draft_state, "ok")

    def sign_out(self) -> None:
        self.save_draft()
        self.controller.sign_out()
