"""The start screen: open a bundle, resume a session, open the demo; settings on the side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

from jury_desk.gui.models.sessions import SessionsModel, list_sessions
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label, table_view
from jury_desk.gui.views.settings_panel import SettingsPanel


class StartPage(Retranslating, QWidget):
    open_bundle_clicked = Signal()
    open_demo_clicked = Signal(str)  # "admission" | "graduation"
    resume_clicked = Signal(Path)
    verify_pv_clicked = Signal()
    archives_clicked = Signal()
    member_desk_clicked = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startPage")
        self.data_dir = data_dir
        self.title = label("title", name="startTitle")
        self.subtitle = label("subtitle")

        self.start_box = QGroupBox()
        self.open_button = button("primary", "openBundle")
        self.open_button.clicked.connect(self.open_bundle_clicked)
        self.open_hint = label("hint")
        # A member scoring on their own machine (issue 12); shown where the desk can be one.
        self.member_button = button("", "openMemberDesk")
        self.member_button.clicked.connect(self.member_desk_clicked)
        self.member_button.setVisible(False)
        # Regular buttons, not large ones: with the member desk's button (issue 12) the
        # column no longer fit a 1024x700 screen (the open button lay over its hint again).
        self.demo_admission = button("", "openDemoAdmission")
        self.demo_admission.clicked.connect(lambda: emit(self.open_demo_clicked, "admission"))
        self.demo_graduation = button("", "openDemoGraduation")
        self.demo_graduation.clicked.connect(lambda: emit(self.open_demo_clicked, "graduation"))
        self.demo_hint = label("hint")
        self.verify_button = button("", "verifyPv")
        self.verify_button.clicked.connect(self.verify_pv_clicked)
        self.archives_button = button("", "openArchives")
        self.archives_button.clicked.connect(self.archives_clicked)
        start = QVBoxLayout(self.start_box)
        start.addWidget(self.open_button)
        start.addWidget(self.open_hint)
        start.addWidget(self.member_button, 0, Qt.AlignmentFlag.AlignLeft)
        # One under the other, same width: the window stays usable on a 1024-pixel projector.
        self.demos = (self.demo_admission, self.demo_graduation)
        for demo in self.demos:
            start.addWidget(demo, 0, Qt.AlignmentFlag.AlignLeft)
        start.addWidget(self.demo_hint)
        # The PVs' tools, smaller buttons: the page fits a 1024x700 screen (issue 15: the
        # open button lay over its hint). One under the other: side by side, they set the
        # window's least width past a small screen's.
        start.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignLeft)
        start.addWidget(self.archives_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.resume_box = QGroupBox()
        self.sessions = SessionsModel(parent=self)
        # Made when there is a session to list (``_sessions_table``): the first QTableView of
        # the process is costly (bench_gui_start.py), and a first start with nothing to
        # resume need not pay for it.
        self.sessions_table: QTableView | None = None
        self.no_sessions = label("hint", name="noSessions")
        self.resume_button = button("large", "resumeSession")
        self.resume_button.clicked.connect(self._resume_selected)
        resume = self.resume_column = QVBoxLayout(self.resume_box)
        resume.addWidget(self.no_sessions, 0, Qt.AlignmentFlag.AlignTop)
        resume_buttons = QHBoxLayout()
        resume_buttons.addWidget(self.resume_button)
        resume_buttons.addStretch(1)
        resume.addLayout(resume_buttons)

        self.settings = SettingsPanel(data_dir)

        left = QVBoxLayout()
        left.addWidget(self.start_box)
        left.addWidget(self.resume_box, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(24)
        columns.addWidget(self.settings, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)  # 1024x700 (see the demo buttons)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(6)
        layout.addLayout(columns, 1)
        self.retranslate_ui()
        self.refresh_sessions()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Jury Mines Paris – PSL × Albert School"))
        self.subtitle.setText(
            self.tr("Double diplôme AI & Data Business — poste du jury, sans connexion internet")
        )
        self.start_box.setTitle(self.tr("Commencer"))
        self.open_button.setText(self.tr("Ouvrir un dossier de séance…"))
        self.open_hint.setText(
            self.tr(
                "Choisissez le fichier « .jdbundle » remis par la scolarité. Il est vérifié "
                "avant toute utilisation."
            )
        )
        self.member_button.setText(self.tr("Membre du jury : noter sur mon poste…"))
        self.member_button.setToolTip(
            self.tr(
                "Le dossier de séance et votre clé : notez chez vous ou dans la salle, puis "
                "rejoignez la salle ou apportez votre boîte d'envoi sur une clé USB."
            )
        )
        self.demo_admission.setText(self.tr("Démonstration : jury d'admission"))
        self.demo_graduation.setText(self.tr("Démonstration : jury de diplôme"))
        self.demo_hint.setText(
            self.tr(
                "Des données fictives pour découvrir le logiciel, sans aucune valeur officielle."
            )
        )
        self.verify_button.setText(self.tr("Vérifier un procès-verbal…"))
        self.archives_button.setText(self.tr("Archives des procès-verbaux…"))
        self.resume_box.setTitle(self.tr("Reprendre une séance"))
        self.no_sessions.setText(self.tr("Aucune séance n'a encore été commencée sur ce poste."))
        self.resume_button.setText(self.tr("Reprendre la séance choisie"))
        self.sessions.retranslate()
        width = max(demo.sizeHint().width() for demo in self.demos)
        for demo in self.demos:
            demo.setMinimumWidth(width)

    def _sessions_table(self) -> QTableView:
        if self.sessions_table is None:
            table = self.sessions_table = table_view("sessionsTable", self.sessions, stretch=0)
            table.setAccessibleName(self.tr("Séances enregistrées sur ce poste"))
            table.doubleClicked.connect(lambda _index: self._resume_selected())
            table.selectionModel().selectionChanged.connect(self._update_resume)
            # One row in sight on a short screen, the others scroll.
            rows = table.verticalHeader().defaultSectionSize()
            table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows + 4)
            self.resume_column.insertWidget(1, table, 1)  # above the resume button
        return self.sessions_table

    def refresh_sessions(self) -> None:
        self.sessions.set_rows(list_sessions(self.data_dir))
        empty = self.sessions.rowCount() == 0
        self.no_sessions.setVisible(empty)
        self.resume_button.setVisible(not empty)
        if not empty:
            self._sessions_table().selectRow(0)
        if self.sessions_table is not None:
            self.sessions_table.setVisible(not empty)
        self._update_resume()

    def _selected_rows(self) -> list[QModelIndex]:
        table = self.sessions_table
        return [] if table is None else table.selectionModel().selectedRows()

    def _update_resume(self) -> None:
        self.resume_button.setEnabled(bool(self._selected_rows()))

    def _resume_selected(self) -> None:
        rows = self._selected_rows()
        row = self.sessions.row_at(rows[0]) if rows else None
        if row is not None:
            emit(self.resume_clicked, row.path)
