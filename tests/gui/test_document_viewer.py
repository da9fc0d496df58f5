"""The PDF viewer: pages, zoom, and a document that fails its check shown as such."""

from __future__ import annotations

import io

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from reportlab.pdfgen import canvas

from jury_desk.core.errors import BundleError
from jury_desk.gui.views.document_viewer import DocumentViewer, document_title
from tests.gui.session_driver import click

GOOD = "documents/C001/projet-de-these.pdf"
BAD = "documents/C001/cv.pdf"


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


def test_zoom(qtbot):
    viewer = viewer_with_documents(qtbot)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    click(qtbot, viewer.zoom_in_button)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert viewer.view.zoomFactor() == 1.25
    click(qtbot, viewer.zoom_out_button)
    click(qtbot, viewer.zoom_out_button)
    assert viewer.view.zoomFactor() == 0.8
    for _ in range(12):
        click(qtbot, viewer.zoom_out_button)
    assert viewer.view.zoomFactor() == 0.25  # never smaller
    click(qtbot, viewer.fit_button)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


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
