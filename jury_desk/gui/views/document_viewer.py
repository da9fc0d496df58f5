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
    QDialog,
    QHBoxLayout,
    QStackedLayout,
    QStyle,
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

READER_KEYS = "F11"
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
    def __init__(self, parent: QWidget | None = None, *, full_window: bool = False) -> None:
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
        self.reader_button = tool_button("openReader")
        self.reader_button.clicked.connect(self.open_reader)
        self.zooms: dict[str, float] = {}  # a document's own zoom, once the member set one
        self.reader: ReaderWindow | None = None
        controls = QHBoxLayout()
        controls.addWidget(self.previous_button)
        controls.addWidget(self.page_label)
        controls.addWidget(self.next_button)
        controls.addStretch(1)
        controls.addWidget(self.zoom_out_button)
        controls.addWidget(self.zoom_in_button)
        controls.addWidget(self.fit_button)
        self.reader_button.setVisible(not full_window)

        self.pages = QStackedLayout()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()  # the tabs scroll; the reader's button stays in sight
        heading.addWidget(self.tabs, 1)
        heading.addWidget(self.reader_button)
        layout.addLayout(heading)
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
        # A standard icon: no font of a jury's laptop is sure to have a "full screen" glyph.
        self.reader_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarMaxButton)
        )
        self.reader_button.setToolTip(
            fill(self.tr("Lire en plein écran (%1) ; Échap pour revenir"), READER_KEYS)
        )
        for button, words in (
            (self.previous_button, self.tr("Page précédente")),
            (self.next_button, self.tr("Page suivante")),
            (self.zoom_out_button, self.tr("Réduire")),
            (self.zoom_in_button, self.tr("Agrandir")),
            (self.fit_button, self.tr("Ajuster à la largeur")),
            (self.reader_button, self.tr("Lire en plein écran")),
        ):
            button.setAccessibleName(words)  # a screen reader says this, not "▶"
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
        zoom = self.zooms.get(path)
        if zoom is None:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:  # the zoom this member chose for this document
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(zoom)

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

    def current_path(self) -> str | None:
        index = self.tabs.currentIndex()
        return self.paths[index] if 0 <= index < len(self.paths) else None

    def width_zoom(self) -> float:
        """The zoom at which the first page's width fills the view (what "↔" shows)."""
        if self.page_count() == 0:
            return 1.0
        page = self.document.pagePointSize(0).width() * self.view.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        return max(MIN_ZOOM, min(MAX_ZOOM, room / page)) if page > 0 else 1.0

    def zoom(self) -> float:
        """The zoom shown now, whatever the mode."""
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return self.width_zoom()
        return self.view.zoomFactor()

    def zoom_by(self, factor: float) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        path = self.current_path()
        if path is not None:
            self.zooms[path] = zoom  # kept for this document, when its tab is shown again

    def fit_width(self) -> None:
        """Fit the page to the view's width, and keep following it when the view resizes."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        path = self.current_path()
        if path is not None:
            self.zooms.pop(path, None)

    def open_reader(self) -> ReaderWindow | None:
        """The same documents in a window of their own, as large as the screen."""
        if not self.paths or self._reader is None:
            return None
        if self.reader is not None:
            self.reader.close()
        self.reader = ReaderWindow(self, self.paths, self._reader, self.tabs.currentIndex())
        self.reader.showMaximized()
        return self.reader

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
        self.reader_button.setEnabled(count > 0)


class ReaderWindow(QDialog):
    """A document read full-window (from the viewer's button or its shortcut); Escape closes."""

    def __init__(self, parent: QWidget, paths: Sequence[str], reader: Reader, index: int) -> None:
        super().__init__(parent)
        self.setObjectName("readerWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer = DocumentViewer(self, full_window=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer)
        self.viewer.show_documents(paths, reader)
        self.viewer.tabs.setCurrentIndex(max(0, index))
        self.setWindowTitle(self.viewer.tabs.tabText(self.viewer.tabs.currentIndex()))
