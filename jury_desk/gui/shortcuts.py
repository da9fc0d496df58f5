"""The desk's keyboard shortcuts, in one table: bound by the pages, listed by the F1 help.

Each shortcut acts within its page only (``WidgetWithChildrenShortcut``): Ctrl+F searches
the board when the board is shown, and does nothing on the scoring page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jury_desk.gui.i18n import QT_TRANSLATE_NOOP
from jury_desk.gui.style import ShownWhole, label

# name: (keys, what they do, where): keys in Qt's portable form ("Ctrl+F").
SHORTCUTS: dict[str, tuple[str, str, str]] = {
    "help": ("F1", QT_TRANSLATE_NOOP("shortcuts", "Cette aide"), ""),
    "lobby": ("Ctrl+1", QT_TRANSLATE_NOOP("shortcuts", "Salle du jury"), ""),
    "board": ("Ctrl+2", QT_TRANSLATE_NOOP("shortcuts", "Tableau du jury"), ""),
    "minutes": ("Ctrl+3", QT_TRANSLATE_NOOP("shortcuts", "Procès-verbal (séance close)"), ""),
    "next": (
        "Ctrl+PgDown",
        QT_TRANSLATE_NOOP("shortcuts", "Candidat suivant"),
        QT_TRANSLATE_NOOP("shortcuts", "Notation, tableau"),
    ),
    "previous": (
        "Ctrl+PgUp",
        QT_TRANSLATE_NOOP("shortcuts", "Candidat précédent"),
        QT_TRANSLATE_NOOP("shortcuts", "Notation, tableau"),
    ),
    "seal": (
        "Ctrl+Return",
        QT_TRANSLATE_NOOP("shortcuts", "Sceller ma feuille (avec relecture)"),
        QT_TRANSLATE_NOOP("shortcuts", "Notation"),
    ),
    "reader": (
        "F11",
        QT_TRANSLATE_NOOP("shortcuts", "Lire le document en plein écran (Échap pour revenir)"),
        QT_TRANSLATE_NOOP("shortcuts", "Notation"),
    ),
    "search": (
        "Ctrl+F",
        QT_TRANSLATE_NOOP("shortcuts", "Rechercher un candidat"),
        QT_TRANSLATE_NOOP("shortcuts", "Tableau"),
    ),
    "projector": (
        "F5",
        QT_TRANSLATE_NOOP("shortcuts", "Mode projection (activer ou quitter)"),
        QT_TRANSLATE_NOOP("shortcuts", "Tableau"),
    ),
    "sign_out": (
        "Ctrl+D",
        QT_TRANSLATE_NOOP("shortcuts", "Se déconnecter"),
        QT_TRANSLATE_NOOP("shortcuts", "Notation"),
    ),
}


def keys(name: str) -> QKeySequence:
    return QKeySequence(SHORTCUTS[name][0])


def shown_keys(name: str) -> str:
    """The keys as this platform writes them ("Ctrl+F", "⌘F")."""
    return keys(name).toString(QKeySequence.SequenceFormat.NativeText)


def bind(page: QWidget, name: str, act: Callable[[], object]) -> QShortcut:
    """``act`` on the keys named ``name``, while the focus is within ``page``."""
    shortcut = QShortcut(keys(name), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(act)
    return shortcut


def _words(text: str) -> str:
    return QCoreApplication.translate("shortcuts", text) if text else ""


class ShortcutsHelp(ShownWhole, QDialog):
    """Every shortcut and what it does (F1)."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsHelp")
        self.setWindowTitle(self.tr("Raccourcis clavier"))
        intro = label("hint")
        intro.setText(
            self.tr(
                "Tab et Maj+Tab passent d'une zone à l'autre ; les flèches se déplacent dans "
                "un tableau ; Entrée ouvre ou valide ; Échap ferme une fenêtre."
            )
        )
        grid = QGridLayout()
        for row, (name, (_keys, what, where)) in enumerate(SHORTCUTS.items()):
            key = QLabel(f"<b>{shown_keys(name)}</b>")
            key.setObjectName(f"keys-{name}")
            grid.addWidget(key, row, 0)
            words = label("", name=f"what-{name}")
            words.setText(_words(what))
            grid.addWidget(words, row, 1)
            place = label("hint", wrap=False, name=f"where-{name}")
            place.setText(_words(where))
            grid.addWidget(place, row, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
