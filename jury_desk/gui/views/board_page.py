"""The board: the chair's view of every candidate, meant to be projected.

A search box over the candidates table (state, school means, overall, flags, proposal,
approvals), the scholarship-share gauge (admission), and the detail pane of the selected
candidate. The projector mode enlarges the type. Everything comes from
``service.board(chair)`` and is refreshed after each change.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jury_desk.deliberation.readmodels import BoardView
from jury_desk.deliberation.room import is_voting
from jury_desk.deliberation.states import SETTLED
from jury_desk.gui import operations, shortcuts
from jury_desk.gui.columns import NamesTakeTheRest, shown_columns, title_width
from jury_desk.gui.controller import SessionController
from jury_desk.gui.dialogs.action import reason_field, replace_dialog
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.board import BoardFilter, BoardModel
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import allow, button, label, step_row, table_view, user_sized
from jury_desk.gui.views.candidate_pane import CandidatePane
from jury_desk.gui.views.member_combo import member_combo
from jury_desk.gui.views.scholarship_gauge import ScholarshipGauge
from jury_desk.gui.words import messages, void_words

RESIZE_PRECISION = 200  # rows sampled to size a column to its content
NAME_COLUMN = 1
STATE_COLUMN = 2
COLUMN_CHARS = 18  # the widest a decision gets while the names lack room (then whole)
NAMES_BEFORE_DECISIONS = 24  # the names' width, in characters, before decisions widen
TABLE_SHARE = 0.62  # the most of the width the table takes (the detail pane needs the rest)
DETAIL_LEAST = 320  # the detail pane's least width: the chair's notes, proposal, approvals
ROW_PADDING = 10  # pixels above and below a line of text

# 17 pt: at 18 the French board (its longest state, "Approuvée par Mines") left the names
# fewer than 12 letters on a 1024-pixel projector, or pushed the proposals out of sight.
PROJECTOR_STYLE = """
QTableView { font-size: 17pt; }
QHeaderView::section { font-size: 15pt; font-weight: 600; }
QLabel { font-size: 15pt; }
QLineEdit, QPushButton { font-size: 14pt; }
"""


class BoardPage(Retranslating, QWidget):
    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPage")
        self.controller = controller
        self.view: BoardView | None = None
        self.name_width = 0  # the names' whole width, for the splitter
        self.dialog: PassphraseDialog | None = None
        session = controller.manifest.session

        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.gauge = ScholarshipGauge()
        self.gauge.setVisible(session.kind == "admission")
        self.progress = label("hint", name="boardProgress")  # wraps in projector mode
        self.projector_button = button("large", "projectorMode")
        self.projector_button.setCheckable(True)
        self.projector_button.toggled.connect(self.set_projector)
        # A signed session: nothing is revealed by itself; the chair opens the sealed sheets
        # of every ready candidate in one signed act (*ouverture des plis*).
        self.open_button = button("large", "openReady")
        self.open_button.clicked.connect(self.ask_open_ready)
        self.open_button.setVisible(controller.signed)
        self.close_button = button("large", "closeSession")
        self.close_button.clicked.connect(self.ask_close)
        # Once closed, the same place reopens it (the chair, with a reason for the minutes).
        self.reopen_button = button("large", "reopenSession")
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.reopen_button.setVisible(False)
        # Graduation on the diploma average: the borderline cases first, the rest in a batch.
        rules = session.graduation_rules
        self.diploma = rules is not None and bool(rules.units)
        self.borderline_button = button("large", "borderlineFirst")
        self.borderline_button.clicked.connect(self.sort_borderline_first)
        self.batch_button = button("large", "batchApproval")
        self.batch_button.clicked.connect(self.ask_batch)
        for graduation_only in (self.borderline_button, self.batch_button):
            graduation_only.setVisible(self.diploma)
        top = QHBoxLayout()
        top.addWidget(self.search)
        top.addWidget(self.progress, 1)  # the room between: one line, unless it is short
        top.addWidget(self.projector_button)
        top.addWidget(self.open_button)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)

        self.model = BoardModel(
            session.institutions,
            self,
            diploma=self.diploma,
            names={m.id: m.name for m in session.members},
        )
        self.proxy = BoardFilter(self.model, self)
        self.table = table_view("boardTable", self.proxy, stretch=NAME_COLUMN)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # One-line rows of one height (set from the font, see _fit_rows) and columns sized from
        # a sample of rows: measuring every cell of thousands of candidates slows opening the
        # board and every keystroke in the search box (tests/benchmarks/bench_gui_board.py).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Columns are measured when the rows or the headers change, not at every sort or
        # filter (ResizeToContents re-measured them after each header click).
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The figures as wide as they are, the names whatever the window leaves (elided,
        # whole in the tooltip, only when it is truly short): no sideways scrolling (issue 15).
        self.names = NamesTakeTheRest(self.table, NAME_COLUMN)
        self.proxy.modelReset.connect(self._fit_columns)
        self.proxy.headerDataChanged.connect(self._fit_columns)
        header.sortIndicatorChanged.connect(self._fit_columns)  # the sorted title's arrow
        self._fit_rows()
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.pane = CandidatePane(controller)
        scroll = self.detail = QScrollArea()
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.pane)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("boardSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setSizes([820, 500])
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        # Their own row: the top one already fills a 1024-pixel projector.
        graduation = QHBoxLayout()
        graduation.addWidget(self.borderline_button)
        graduation.addWidget(self.batch_button)
        graduation.addStretch(1)
        layout.addLayout(graduation)
        layout.addWidget(self.gauge)
        layout.addWidget(self.splitter, 1)
        controller.follow(self, self.refresh)
        shortcuts.bind(self, "search", self.focus_search)
        shortcuts.bind(self, "projector", self.projector_button.toggle)
        shortcuts.bind(self, "next", lambda: step_row(self.table, 1))
        shortcuts.bind(self, "previous", lambda: step_row(self.table, -1))
        self.retranslate_ui()
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Until the member drags the handle: the table as wide as its columns need, at most
        # 62 % of the width, or more on a narrow screen as long as the detail pane keeps
        # its own least width (it never scrolls sideways).
        if not user_sized(self.splitter) and self.detail.isVisible():
            width = event.size().width() - self.splitter.handleWidth()
            scroll = self.detail.verticalScrollBar().sizeHint().width()
            least = self.pane.minimumSizeHint().width() + scroll
            self.detail.setMinimumWidth(least)
            pane = max(DETAIL_LEAST, least)
            table = min(self._natural_width(), max(int(width * TABLE_SHARE), width - pane))
            self.splitter.setSizes([table, max(0, width - table)])
        super().resizeEvent(event)

    def _natural_width(self) -> int:
        """The table's width with every column whole, the longest name too."""
        header = self.table.horizontalHeader()
        whole = {c: full for c, (_short, full) in self.names.shortened.items()}
        others = sum(
            whole.get(c, header.sectionSize(c))
            for c in shown_columns(self.table)
            if c != NAME_COLUMN
        )
        scroll = self.table.verticalScrollBar().sizeHint().width()
        return others + self.name_width + scroll + 2 * self.table.frameWidth()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(self.tr("Rechercher (nom, n°, état, décision…)"))
        self.search.setAccessibleName(self.tr("Rechercher un candidat"))
        self.table.setAccessibleName(self.tr("Tableau des candidats"))
        self.projector_button.setText(self.tr("Mode projection"))
        self.projector_button.setToolTip(
            self.tr(
                "Agrandit le tableau pour le vidéoprojecteur ; le détail du candidat revient "
                "en quittant ce mode."
            )
        )
        self.borderline_button.setText(self.tr("Cas limites d'abord"))
        self.borderline_button.setToolTip(
            self.tr(
                "Les diplômés juste sous une note (passage ou mention) ou à qui manque une seule "
                "condition viennent en tête : le jury délibère sur eux."
            )
        )
        self.batch_button.setText(self.tr("Approuver les autres…"))
        self.batch_button.setToolTip(
            self.tr(
                "Approuver en une fois la proposition des règles pour les diplômés sans alerte "
                "ni cas limite : un membre par établissement, chacun avec sa phrase secrète."
            )
        )
        self.open_button.setText(self.tr("Ouvrir les plis…"))
        self.close_button.setText(self.tr("Clore la séance…"))
        self.reopen_button.setText(self.tr("Rouvrir la séance…"))
        self.reopen_button.setToolTip(
            self.tr(
                "Pour corriger une décision après la clôture. Le motif figure au nouveau "
                "procès-verbal, qui remplace le précédent."
            )
        )
        self.model.retranslate()
        self._show_progress()

    # ---------------------------------------------------------------- state

    def refresh(self) -> None:
        chosen = self.pane.candidate_id
        self.view = self.controller.service.board(self.controller.chair.id)
        self.model.set_rows(self.view.rows, self.view.borderline_first)
        self.gauge.show_share(self.view.scholarship)
        if chosen is not None:
            self.select_candidate(chosen)
        self.pane.refresh()
        self._show_progress()

    def _show_progress(self) -> None:
        view = self.view
        if view is None:
            return
        final = sum(row.state in SETTLED for row in view.rows)  # an approved renvoi too
        if view.session_state == "closed":
            self.progress.setText(self.tr("Séance close : plus rien ne peut être modifié."))
        else:
            self.progress.setText(
                fill(self.tr("Décisions définitives : %1 sur %2"), final, len(view.rows))
            )
        closed = view.session_state == "closed"
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        self.close_button.setEnabled(view.ready_to_close)  # the service says, not this page
        projecting = self.projector_button.isChecked()
        self.open_button.setVisible(self.controller.signed and not closed and not projecting)
        ready = view.ready_to_open  # the service says, as for closing
        allow(
            self.open_button,
            None
            if ready
            else self.tr(
                "Aucun candidat n'est prêt : il faut la feuille scellée de chaque membre "
                "présent qui peut le noter. Attendez leurs scellés, ou révélez un candidat "
                "par anticipation depuis son détail."
            ),
            fill(self.tr("Prêts pour l'ouverture des plis : %1"), ", ".join(ready)),
        )

    def _fit_rows(self) -> None:
        self.table.ensurePolished()
        height = self.table.fontMetrics().height() + ROW_PADDING
        self.table.verticalHeader().setDefaultSectionSize(height)
        self._fit_columns()

    def _fit_columns(self, *_args: object) -> None:
        # Each column as wide as its cells and its title (a sort arrow only where the table
        # is sorted: Qt keeps room for one in every title, and the figures were twice as
        # wide as their numbers). A long cell (an English decision with its mention) must
        # not push the table past the window: at most COLUMN_CHARS, whole in its tooltip.
        char = self.table.fontMetrics().averageCharWidth()
        shortened: dict[int, int] = {}
        for column in range(self.proxy.columnCount()):
            content = max(self.table.sizeHintForColumn(column), title_width(self.table, column))
            if column == NAME_COLUMN:  # given by NamesTakeTheRest; here, the splitter's share
                self.name_width = content  # a wide screen shows the longest name whole
            elif column == STATE_COLUMN:  # a few known words ("Approuvée par Mines"), whole
                self.table.setColumnWidth(column, content)
            elif content > char * COLUMN_CHARS:  # widened when the names are whole
                self.table.setColumnWidth(column, char * COLUMN_CHARS)
                shortened[column] = content
            else:
                self.table.setColumnWidth(column, content)
        self.names.shortened.clear()
        for column, content in shortened.items():
            names = min(self.name_width, char * NAMES_BEFORE_DECISIONS)
            self.names.shorten(column, char * COLUMN_CHARS, content, names)
        self.names.fit()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select_candidate(self, candidate_id: str) -> None:
        row = self.model.row_of(candidate_id)
        if row is None:
            return
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if proxy_index.isValid():
            self.table.selectRow(proxy_index.row())

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = self.proxy.candidate_at(rows[0].row()) if rows else None
        if row is not None and row.candidate_id != self.pane.candidate_id:
            self.pane.show_candidate(row.candidate_id)

    def set_projector(self, on: bool) -> None:
        """Large type for the room; the table takes the whole width (the detail pane, made
        for the chair's actions, comes back when the mode is left)."""
        self.setStyleSheet(PROJECTOR_STYLE if on else "")
        self._fit_rows()
        self.detail.setVisible(not on)
        # The chair's ouverture des plis too (its large type would crowd the search box).
        self._show_progress()

    # ---------------------------------------------------------------- batch approval

    def sort_borderline_first(self) -> None:
        self.model.sort_borderline_first()

    def batch_candidates(self, institution: str) -> list[str]:
        """The graduates a batch may approve in ``institution``'s slot: the rules' proposal
        (or none yet), no alert, not borderline, and that slot still open. The service
        refuses anything else, naming it; this list only spares the chair the refusal."""
        if self.view is None:
            return []
        return [
            row.candidate_id
            for row in self.view.rows
            if row.graduate is not None
            and row.graduate.proposal is not None
            and not row.graduate.borderline
            and row.reconciliation is not None
            and not row.reconciliation.flags
            and (row.proposal is None or row.proposal.source == "rule")
            and row.state != "final"
            and row.approvals_missing.get(institution)
        ]

    def ask_batch(self) -> PassphraseDialog:
        """One member of one institution approves every listed graduate's rules' proposal;
        the confirmation lists each of them by number and name."""
        controller = self.controller
        voters = [m for m in controller.manifest.session.members if is_voting(m)]
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 0)
        member = member_combo("batchMember", voters)
        listing = label("hint", name="batchList")
        box.addWidget(member)
        box.addWidget(listing)

        def listed() -> tuple[str, list[str]]:
            chosen = controller.manifest.session.member(member.currentData())
            ids = self.batch_candidates(chosen.institution)
            return chosen.institution, ids

        def show() -> None:
            institution, ids = listed()
            # The board's names: a blind one only once revealed (then opened, if sealed).
            rows = [] if self.view is None else self.view.rows
            names = {row.candidate_id: row.name for row in rows}
            lines = [cid if names.get(cid) is None else f"{cid} — {names[cid]}" for cid in ids]
            listing.setText(
                fill(self.tr("%1 diplômé(s), dans le créneau %2 :"), len(ids), institution)
                + "\n"
                + ("\n".join(lines) if lines else self.tr("(aucun)"))
            )

        member.currentIndexChanged.connect(show)
        show()

        def attempt(passphrase: str) -> object:
            institution, ids = listed()
            return operations.approve_batch(
                controller, member.currentData(), ids, institution, passphrase
            )

        dialog = PassphraseDialog(
            self,
            title=self.tr("Approuver les propositions des règles"),
            headline=self.tr("Approuver en une fois"),
            explanation=self.tr(
                "La proposition des règles de chaque diplômé listé est approuvée au nom de "
                "votre établissement. Les cas limites et les alertes restent à délibérer un "
                "par un."
            ),
            action=self.tr("Approuver"),
            attempt=attempt,
            body=body,
        )
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    # ---------------------------------------------------------------- the reveal

    def ask_open_ready(self) -> PassphraseDialog:
        """*Ouverture des plis*: one passphrase of the chair opens every ready candidate."""
        controller, chair = self.controller, self.controller.chair
        dialog = PassphraseDialog(
            self,
            title=self.tr("Ouvrir les plis"),
            headline=self.tr("Ouverture des plis"),
            explanation=fill(
                self.tr(
                    "Les feuilles scellées de chaque candidat prêt (chaque membre présent qui "
                    "peut le noter a scellé) sont ouvertes avec la clé de la présidence et "
                    "vérifiées contre leur engagement ; les notes apparaissent au tableau. "
                    "Ce geste est signé. Phrase secrète de %1 (présidence) :"
                ),
                chair.name,
            ),
            action=self.tr("Ouvrir les plis"),
            attempt=lambda passphrase: operations.open_ready(controller, chair.id, passphrase),
        )
        dialog.accepted.connect(lambda: self._opened(dialog.result_value))
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    def _opened(self, opened: object) -> None:
        """Which candidates were revealed, which sealed sheets were not counted (whose,
        why: those members seal again), and which candidates could not be revealed."""
        self.controller.check_log_ahead()  # the export then checks only what follows
        ids = list(opened.revealed) if isinstance(opened, operations.Opened) else []
        void = opened.void if isinstance(opened, operations.Opened) else ()
        text = fill(self.tr("Notes révélées pour %1 candidat(s) : %2."), len(ids), ", ".join(ids))
        if void:
            text += "\n\n" + void_words.void_text(void)
        # No dead end: a candidate whose sealed blind field did not open is named, with
        # what to do (the service found it in the chair's act; the others were revealed).
        faulty = sorted(self.controller.service.board(self.controller.chair.id).blind_faults)
        if faulty:
            text += "\n\n" + fill(
                self.tr(
                    "⚠ Non révélé(s) : %1. Leur statut boursier scellé ne s'ouvre pas ou ne "
                    "correspond pas à l'engagement signé par le secrétariat, et ne le pourra "
                    "jamais. Ouvrez la fiche de chacun et enregistrez-le comme non délibéré — "
                    "renvoyé, puis signalez-le au secrétariat."
                ),
                ", ".join(faulty),
            )
        notice = messages.Notice(
            "warning" if faulty or void else "info", self.tr("Plis ouverts"), text
        )
        messages.present(self, notice)

    # ---------------------------------------------------------------- closing

    def ask_close(self) -> PassphraseDialog:
        controller, chair = self.controller, self.controller.chair
        dialog = PassphraseDialog(
            self,
            title=self.tr("Clore la séance"),
            headline=self.tr("Clore la séance"),
            explanation=fill(
                self.tr(
                    "Chaque candidat a une décision définitive. Une fois close, la séance ne "
                    "peut plus être modifiée (sauf réouverture motivée) et le procès-verbal "
                    "peut être établi. Phrase secrète de %1 (présidence) :"
                ),
                chair.name,
            ),
            action=self.tr("Clore la séance"),
            attempt=lambda passphrase: operations.close_session(controller, chair.id, passphrase),
        )
        dialog.accepted.connect(self._closed)
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    def ask_reopen(self) -> PassphraseDialog:
        controller, chair = self.controller, self.controller.chair
        body, reason = reason_field("reopenReason")
        dialog = PassphraseDialog(
            self,
            title=self.tr("Rouvrir la séance"),
            headline=self.tr("Rouvrir la séance"),
            explanation=fill(
                self.tr(
                    "La séance redevient modifiable. Une fois close à nouveau, un nouveau "
                    "procès-verbal est établi : il remplace le précédent et en donne le motif. "
                    "Phrase secrète de %1 (présidence) :"
                ),
                chair.name,
            ),
            action=self.tr("Rouvrir la séance"),
            attempt=lambda passphrase: operations.reopen(
                controller, chair.id, passphrase, reason.text()
            ),
            body=body,
        )
        reason.setFocus()
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    def _closed(self) -> None:
        messages.present(
            self,
            messages.Notice(
                "info",
                self.tr("Séance close"),
                self.tr(
                    "La séance est close et toutes les décisions sont définitives. Le "
                    "procès-verbal peut maintenant être établi et signé."
                ),
            ),
        )
