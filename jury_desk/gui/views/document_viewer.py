"""A candidate's documents: one tab per document, shown with Qt PDF, with page navigation
and zoom. The bytes come from the session's private bundle copy, re-checked on each read,
and are handed to ``QPdfDocument`` through an in-memory ``QBuffer``: nothing is written to
disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStackedLayout,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.words import labels, messages

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0
Reader = Callable[[str], bytes]


def document_title(path: str) -> str:
    """``documents/ADM-01/lettre-de-motivation.pdf`` -> ``Lettre de motivation``."""
    stem = PurePosixPath(path).stem
    if stem in labels.DOCUMENTS:
        return labels.word(labels.DOCUMENTS, stem)
    stem = stem.replace("-", " ").replace("_", " ").strip()
    if len(stem) <= 3:
        return stem.upper()  # "cv" -> "CV"
    return stem[:1].upper() + stem[1:]


def tool_button(name: str) -> QToolButton:
    """A compact button: the viewer's controls must not widen the scoring page."""
    out = QToolButton()
    out.setObjectName(name)
    out.setMinimumHeight(30)
    out.setStyleSheet("QToolButton { font-size: 12pt; padding: 2px 6px; }")
    return out


class DocumentViewer(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentViewer")
        self.paths: list[str] = []
        self._reader: Reader | None = None
        self._buffer: QBuffer | None = None  # must outlive the document that reads it
        self.tabs = QTabBar()
        self.tabs.setObjectName("documentTabs")
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)  # many documents never widen the window
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.currentChanged.connect(self._show_tab)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.navigator = self.view.pageNavigator()
        self.navigator.currentPageChanged.connect(lambda _page: self._update_controls())
        self.document.pageCountChanged.connect(lambda _count: self._update_controls())
        self.document.statusChanged.connect(lambda _status: self._update_controls())
        self.message = label("hint", name="documentMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.previous_button = tool_button("previousPage")
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button = tool_button("nextPage")
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_label = label("hint", wrap=False, name="pageLabel")
        self.zoom_out_button = tool_button("zoomOut")
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button = tool_button("zoomIn")
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button = tool_button("fitWidth")
        self.fit_button.clicked.connect(self.fit_width)
        controls = QHBoxLayout()
        controls.addWidget(self.previous_button)
        controls.addWidget(self.page_label)
        controls.addWidget(self.next_button)
        controls.addStretch(1)
        controls.addWidget(self.zoom_out_button)
        controls.addWidget(self.zoom_in_button)
        controls.addWidget(self.fit_button)

        self.pages = QStackedLayout()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        layout.addLayout(controls)
        layout.addLayout(self.pages, 1)
        self.retranslate_ui()
        self.show_documents((), None)

    def retranslate_ui(self) -> None:
        # Short buttons, full words in tooltips: the viewer must fit beside the worklist
        # and the rubric on a 1024-pixel projector.
        self.previous_button.setText("◀")
        self.previous_button.setToolTip(self.tr("Page précédente"))
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Page suivante"))
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(self.tr("Réduire"))
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(self.tr("Agrandir"))
        self.fit_button.setText("↔")
        self.fit_button.setToolTip(self.tr("Ajuster à la largeur"))
        if not self.paths:
            self.message.setText(self.tr("Aucun document pour ce candidat."))
        self._update_controls()

    # ---------------------------------------------------------------- documents

    def show_documents(self, paths: Sequence[str], reader: Reader | None) -> None:
        self.paths = list(paths)
        self._reader = reader
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for path in self.paths:
            self.tabs.addTab(document_title(path))
            self.tabs.setTabToolTip(self.tabs.count() - 1, PurePosixPath(path).name)
        self.tabs.blockSignals(False)
        self.tabs.setVisible(bool(self.paths))
        if self.paths:
            self.tabs.setCurrentIndex(0)
            self._show_tab(0)
        else:
            self._unload()
            self.message.setText(self.tr("Aucun document pour ce candidat."))
            self.pages.setCurrentWidget(self.message)
            self._update_controls()

    def hide_documents(self, why: str) -> None:
        """No document at all (blind fields), with the reason in place of the viewer."""
        self.show_documents((), None)
        self.message.setText(why)

    def _unload(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def _show_tab(self, index: int) -> None:
        if not 0 <= index < len(self.paths) or self._reader is None:
            return
        path = self.paths[index]
        self._unload()
        try:
            data = self._reader(path)
        except JuryDeskError as exc:
            self.message.setText(
                fill(
                    self.tr("Ce document ne peut pas être affiché. %1"),
                    messages.describe_error(exc).text,
                )
            )
            self.pages.setCurrentWidget(self.message)
            self._update_controls()
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pages.setCurrentWidget(self.view)
        self.fit_width()

    # ---------------------------------------------------------------- navigation and zoom

    def page_count(self) -> int:
        ready = self.document.status() == QPdfDocument.Status.Ready
        return self.document.pageCount() if ready else 0

    def current_page(self) -> int:
        return self.navigator.currentPage()

    def go_to(self, page: int) -> None:
        if 0 <= page < self.page_count():
            self.navigator.jump(page, QPointF(), self.navigator.currentZoom())
        self._update_controls()

    def zoom_by(self, factor: float) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.view.zoomFactor() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _update_controls(self) -> None:
        if not shiboken6.isValid(self.document):
            return  # the viewer is being destroyed: its document says so on the way out
        count = self.page_count()
        page = self.current_page()
        self.page_label.setText(fill(self.tr("Page %1 sur %2"), page + 1, count) if count else "")
        self.previous_button.setEnabled(count > 0 and page > 0)
        self.next_button.setEnabled(count > 0 and page < count - 1)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(count > 0)
