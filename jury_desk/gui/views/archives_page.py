"""The Archives page: the secretariat's archive in the desktop app, over the same service.

Search (name, student number, candidate id or birth date, with a year and a decision),
the decisions found (newest first, superseded ones marked), and for the selected one the
filed PV in the viewer and the verification report made when it was filed. The archive is
the one ``jury-desk archive`` uses: ``archive.sqlite`` in the data folder, or the
PostgreSQL database of ``JURY_DESK_ARCHIVE_DB``. Filing a PV stays a command-line step
(``jury-desk archive add``): it needs the secretariat's key, which a jury laptop has not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jury_desk.archive.service import ArchiveService, Hit
from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.columns import NamesTakeTheRest
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.archive import ArchiveModel
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label
from jury_desk.gui.views.document_viewer import DocumentViewer
from jury_desk.gui.words.labels import DECISIONS, word

_DECISION_CODES = ("admit", "waitlist", "reject", "award", "ajourne", "refuse")
_ANY_YEAR = 1999  # the spin box's special value: every year
TITLE_COLUMN, NAME_COLUMN, DECISION_COLUMN, SCHOLARSHIP_COLUMN = 1, 3, 5, 7
TITLE_CHARS = 24  # the widest the session's title gets (whole in its tooltip)
# The widest a decision gets (whole in its tooltip): "Not deliberated — referred back"
# beside the scholarship column pushed the table sideways at 1024 px.
DECISION_CHARS = 18


class ArchivesPage(Retranslating, QWidget):
    home_clicked = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("archivesPage")
        self.data_dir = data_dir
        self.archive: ArchiveService | None = None
        self.title = label("title", name="archivesTitle")
        self.where = label("technical", name="archiveWhere")
        self.query = QLineEdit()
        self.query.setObjectName("archiveQuery")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.year = QSpinBox()
        self.year.setObjectName("archiveYear")
        self.year.setRange(_ANY_YEAR, 2100)
        self.year.setValue(_ANY_YEAR)
        self.decision = QComboBox()
        self.decision.setObjectName("archiveDecision")
        self.search_button = button("primary", "archiveSearch")
        self.search_button.clicked.connect(self.search)
        self.home_button: QPushButton = button("large", "archivesHome")
        self.home_button.clicked.connect(self.home_clicked)

        self.model = ArchiveModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("archiveTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The names take the room left; on a narrow screen the session's title, the
        # student number and the scholarship flag go (each is on the PV beside), never a
        # column at the right.
        self.names = NamesTakeTheRest(
            self.table, NAME_COLUMN, spare=(TITLE_COLUMN, 4, SCHOLARSHIP_COLUMN)
        )
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.count = label("hint", name="archiveCount")

        self.viewer = DocumentViewer()
        self.report = QPlainTextEdit()
        self.report.setObjectName("archiveReport")
        self.report.setReadOnly(True)
        self.details = QTabWidget()
        self.details.addTab(self.viewer, "")
        self.details.addTab(self.report, "")

        bar = QHBoxLayout()
        for widget, stretch in ((self.query, 3), (self.year, 0), (self.decision, 0),
                                (self.search_button, 0)):  # fmt: skip
            bar.addWidget(widget, stretch)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.count)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.home_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addWidget(self.where)
        layout.addWidget(splitter, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Archives des procès-verbaux"))
        self.query.setPlaceholderText(
            self.tr(
                "Nom (sans accents si vous voulez), n° étudiant, identifiant ou date de naissance"
            )
        )
        self.year.setSpecialValueText(self.tr("Toutes les années"))
        width = self.year.fontMetrics().horizontalAdvance(self.year.specialValueText())
        self.year.setMinimumWidth(width + 48)  # the text and the arrows, in either language
        current = self.decision.currentData()
        self.decision.clear()
        self.decision.addItem(self.tr("Toutes les décisions"), None)
        for code in _DECISION_CODES:
            self.decision.addItem(word(DECISIONS, code), code)
        self.decision.setCurrentIndex(max(0, self.decision.findData(current)))
        self.search_button.setText(self.tr("Rechercher"))
        self.query.setAccessibleName(self.tr("Rechercher dans les archives"))
        self.year.setAccessibleName(self.tr("Année"))
        self.decision.setAccessibleName(self.tr("Décision"))
        self.table.setAccessibleName(self.tr("Décisions archivées"))
        self.report.setAccessibleName(self.tr("Rapport de vérification"))
        self.home_button.setText(self.tr("Accueil"))
        self.details.setTabText(0, self.tr("Procès-verbal"))
        self.details.setTabText(1, self.tr("Rapport de vérification"))
        self.model.retranslate()
        self._show_where()

    # ---------------------------------------------------------------- the archive

    def open_archive(self) -> bool:
        """Open (and migrate) the archive; a known problem is said on the page."""
        if self.archive is not None:
            return True
        try:
            self.archive = ArchiveService.open(None, self.data_dir)
        except JuryDeskError as exc:
            self.where.setText(fill(self.tr("Archives indisponibles : %1"), str(exc)))
            return False
        self._show_where()
        return True

    def _show_where(self) -> None:
        if self.archive is not None:
            self.where.setText(fill(self.tr("Base d'archives : %1"), self.archive.where))

    def close_archive(self) -> None:
        self.viewer.show_documents((), None)
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def search(self) -> list[Hit]:
        if not self.open_archive():
            return []
        assert self.archive is not None
        year = self.year.value()
        try:
            hits = self.archive.search(
                self.query.text(),
                year=None if year == _ANY_YEAR else year,
                decision=self.decision.currentData(),
            )
        except JuryDeskError as exc:
            self.count.setText(str(exc))
            return []
        self.model.set_rows(hits)
        self.table.resizeColumnsToContents()
        char = self.table.fontMetrics().averageCharWidth()
        for column, chars in ((TITLE_COLUMN, TITLE_CHARS), (DECISION_COLUMN, DECISION_CHARS)):
            if self.table.columnWidth(column) > chars * char:  # whole in its tooltip
                self.table.setColumnWidth(column, chars * char)
        self.names.fit()
        self.count.setText(
            self.tr("%n décision(s) trouvée(s), les plus récentes d'abord.", "", len(hits))
        )
        if hits:
            self.table.selectRow(0)
        else:
            self._show(None)
        return hits

    def _selected(self) -> None:
        self._show(self.model.row_at(self.table.currentIndex()))

    def _show(self, hit: Hit | None) -> None:
        if hit is None or self.archive is None:
            self.viewer.show_documents((), None)
            self.report.setPlainText("")
            return
        archive, pv_id = self.archive, hit.pv_id
        filed = archive.pv(pv_id)

        def read(_path: str) -> bytes:
            data = archive.file(pv_id, "pv")
            return data if data is not None else b""

        self.viewer.show_documents([f"PV-{filed.bundle_id}.pdf"], read)
        self.report.setPlainText(filed.report)
