"""The PDF viewer: pages, zoom, and a document that fails its check shown as such."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from reportlab.pdfgen import canvas

from jury_desk.core.errors import BundleError
from jury_desk.gui.views.document_viewer import DocumentViewer, document_title
from tests.gui.session_driver import click

GOOD = "documents/C001/projet-de-these.pdf"
BAD = "documents/C001/cv.pdf"
OTHER = "documents/C001/lettre.pdf"


def three_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(3):
        pdf.drawString(72, 720, f"Page {page + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def reader(path: str) -> bytes:
    if path == BAD:
        raise BundleError("bundle.hash-mismatch", "The file's SHA-256 differs.", path)
    return three_pages()


def viewer_with_documents(qtbot) -> DocumentViewer:
    viewer = DocumentViewer()
    qtbot.addWidget(viewer)
    viewer.resize(700, 600)
    viewer.show()
    viewer.show_documents([GOOD, BAD], reader)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    return viewer


def test_page_navigation(qtbot):
    viewer = viewer_with_documents(qtbot)
    assert viewer.page_count() == 3
    assert viewer.page_label.text() == "Page 1 sur 3"
    assert not viewer.previous_button.isEnabled() and viewer.next_button.isEnabled()
    click(qtbot, viewer.next_button)
    click(qtbot, viewer.next_button)
    assert viewer.current_page() == 2
    assert viewer.page_label.text() == "Page 3 sur 3"
    assert not viewer.next_button.isEnabled()
    click(qtbot, viewer.previous_button)
    assert viewer.page_label.text() == "Page 2 sur 3"


def test_zoom_starts_from_what_is_shown_and_stays_within_bounds(qtbot):
    viewer = viewer_with_documents(qtbot)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth  # the default
    fit = viewer.zoom()
    click(qtbot, viewer.zoom_in_button)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert viewer.zoom() == pytest.approx(fit * 1.25)
    click(qtbot, viewer.zoom_out_button)
    click(qtbot, viewer.zoom_out_button)
    assert viewer.zoom() == pytest.approx(fit / 1.25)
    for _ in range(12):
        click(qtbot, viewer.zoom_out_button)
    assert viewer.zoom() == 0.25  # never smaller


def test_fit_width_changes_the_zoom_to_the_pages_width(qtbot):
    viewer = viewer_with_documents(qtbot)
    for _ in range(3):
        click(qtbot, viewer.zoom_in_button)
    zoomed = viewer.zoom()
    qtbot.waitUntil(lambda: viewer.view.horizontalScrollBar().maximum() > 0)  # wider than shown
    click(qtbot, viewer.fit_button)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert viewer.zoom() != pytest.approx(zoomed)
    # An A4 page (595 pt) fills the view's width: no sideways scrolling left.
    page = viewer.document.pagePointSize(0).width() * viewer.view.logicalDpiX() / 72
    margins = viewer.view.documentMargins()
    room = viewer.view.viewport().width() - margins.left() - margins.right()
    assert page * viewer.zoom() == pytest.approx(room, abs=1)
    qtbot.waitUntil(lambda: viewer.view.horizontalScrollBar().maximum() == 0)


def test_each_document_keeps_its_own_zoom(qtbot):
    viewer = viewer_with_documents(qtbot)
    viewer.show_documents([GOOD, OTHER], reader)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    click(qtbot, viewer.zoom_in_button)
    click(qtbot, viewer.zoom_in_button)
    chosen = viewer.zoom()
    viewer.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth  # this one was never zoomed
    viewer.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert viewer.zoom() == pytest.approx(chosen)


def test_the_full_window_reader_opens_and_closes_with_escape(qtbot):
    viewer = viewer_with_documents(qtbot)
    reader_window = viewer.open_reader()
    assert reader_window is not None
    qtbot.waitUntil(reader_window.isVisible)
    assert reader_window.isMaximized()
    assert reader_window.viewer.paths == [GOOD, BAD]
    qtbot.waitUntil(lambda: reader_window.width() > viewer.width())  # the screen's width
    qtbot.keyClick(reader_window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not reader_window.isVisible())


def test_a_document_that_fails_its_check_is_not_shown(qtbot):
    viewer = viewer_with_documents(qtbot)
    assert viewer.tabs.tabText(0) == "Projet de these"  # any other name, from its file name
    viewer.tabs.setCurrentIndex(1)
    assert viewer.pages.currentWidget() is viewer.message
    assert viewer.message.text().startswith("Ce document ne peut pas être affiché. Le dossier a")
    assert viewer.page_count() == 0 and not viewer.next_button.isEnabled()


def test_document_titles():
    assert document_title("documents/ADM-01/cv.pdf") == "CV"
    assert document_title("documents/ADM-01/releve-de-notes.pdf") == "Relevé de notes"
    assert document_title("documents/X/annexe_2.pdf") == "Annexe 2"
