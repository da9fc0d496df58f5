"""Qt's own folder chooser, as the desk opens it for the PV export, speaks the desk's
language in every word it shows: labels, buttons, tool-button tips, the file list's
column titles and its context menu (issue 15: "Look in", "Files of type" and "Folder"
next to French labels).

Run here on the offscreen platform and, by ``test_real_window.py``, in a real X window
(xcb under Xvfb), where Qt picks the dialog itself: with no desktop to provide a native
one, it is Qt's own, and its words come from Qt's ``qtbase`` catalogue and ours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QTreeView

from jury_desk.gui.i18n import install_language
from jury_desk.gui.words import messages

# Every English word Qt's folder dialog can show, as Qt writes them.
ENGLISH = {
    "Look in:", "Folder:", "Directory:", "File name:", "Files of type:", "Type:", "Choose",
    "Open", "Cancel", "Back", "Forward", "Parent Directory", "Create New Folder",
    "List View", "Detail View", "Name", "Size", "Date Modified", "Kind", "Directories",
    "Rename", "Delete", "Show hidden files", "New Folder", "Show Size", "Show Type",
    "Show Date Modified",
}  # fmt: skip
FRENCH = {
    "Voir dans :", "Dossier :", "Choisir ce dossier", "Annuler", "Précédent", "Suivant",
    "Dossier parent", "Créer un nouveau dossier", "Nom", "Taille", "Nouveau dossier",
}  # fmt: skip


def shown_words(dialog) -> set[str]:
    """What the dialog shows or says: texts, tips, column titles, menu entries."""
    words = {w.text() for w in dialog.findChildren(QLabel) if w.isVisible()}
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible():
            words |= {button.text(), button.toolTip(), button.accessibleName()}
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        horizontal = Qt.Orientation.Horizontal
        words |= {str(model.headerData(c, horizontal)) for c in range(model.columnCount())}
    for combo in dialog.findChildren(QComboBox):
        words |= {combo.itemText(i) for i in range(combo.count())}
    words |= {action.text() for action in dialog.findChildren(QAction)}
    return {word.replace("&", "").strip() for word in words} - {""}


def test_the_export_folder_chooser_speaks_french_in_every_word(qtbot, tmp_path):
    dialog = messages.folder_dialog(None, "Où ranger le procès-verbal ?", tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()  # as the export does, minus the modal wait
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.findChildren(QLabel), "no desktop here: Qt's own dialog, not a native one"
    words = shown_words(dialog)
    assert FRENCH <= words, FRENCH - words
    assert words & ENGLISH == set()
    dialog.reject()


def test_in_english_it_speaks_english(qtbot, tmp_path):
    install_language("en")
    dialog = messages.folder_dialog(None, "Where to put the minutes?", tmp_path)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    words = shown_words(dialog)
    assert {"Look in:", "Choose this folder", "Cancel", "Name", "Create New Folder"} <= words
    assert words & FRENCH == set()
    dialog.reject()
