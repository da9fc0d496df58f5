"""Settings on the start screen: language, trusted secretariat keys, keyring status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from jury_desk.gui.i18n import LANGUAGE_NAMES, LANGUAGES, current_language
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.tasks import Task
from jury_desk.gui.views.trusted_keys_panel import TrustedKeysPanel

if TYPE_CHECKING:
    from jury_desk.secrets import KeyringStatus


def _probe_keyring(_progress: object, _cancelled: object) -> KeyringStatus:
    from jury_desk.secrets import keyring_status  # imported off the GUI thread, as it runs

    return keyring_status()


class SettingsPanel(Retranslating, QWidget):
    language_chosen = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = label("section")
        self.general = QGroupBox()
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(
            lambda i: emit(self.language_chosen, self.language.itemData(i))
        )
        self.keyring_label = QLabel()
        self.keyring_status = label("hint", name="keyringStatus")
        self.keyring_backend = label("technical")
        self._keyring: KeyringStatus | None = None
        # The keyring's sentence under its caption, the whole width: beside it, in a form
        # layout, its wrapped lines were cut to one at 200 % (Qt's form layout does not
        # give a wrapped label nested in a field the height it needs).
        general = QVBoxLayout(self.general)
        language = QHBoxLayout()
        language.addWidget(self.language_label)
        language.addWidget(self.language, 1)
        general.addLayout(language)
        general.addWidget(self.keyring_label)
        general.addWidget(self.keyring_status)
        general.addWidget(self.keyring_backend)
        self.trusted_keys = TrustedKeysPanel(data_dir)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.general)
        layout.addWidget(self.trusted_keys)
        layout.addStretch(1)
        self.retranslate_ui()
        self.keyring_task = Task(_probe_keyring, parent=self)  # D-Bus may be slow: off-thread
        self.keyring_task.succeeded.connect(self._show_keyring)

    def start_background(self) -> None:
        """Read the trusted keys and probe the keyring, off the GUI thread. The main window
        calls this once it has been painted: both need libraries (pydantic, cryptography,
        keyring) that would otherwise delay the first window by a third of a second."""
        if not self.keyring_task.running and self._keyring is None:
            self.keyring_task.start()
        self.trusted_keys.load()

    @property
    def ready(self) -> bool:
        return self._keyring is not None and self.trusted_keys.loaded

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Réglages"))
        self.general.setTitle(self.tr("Ce poste"))
        self.language_label.setText(self.tr("Langue :"))
        self.language_label.setBuddy(self.language)
        self.keyring_label.setText(self.tr("Phrases secrètes :"))
        self._show_keyring(self._keyring)

    def _show_keyring(self, status: KeyringStatus | None) -> None:
        self._keyring = status
        if status is None:
            self.keyring_status.setText(self.tr("Recherche du trousseau du système…"))
            return
        if status.available:
            self.keyring_status.setText(
                self.tr(
                    "Un signataire qui le demande peut faire mémoriser sa phrase secrète par "
                    "le trousseau du système."
                )
            )
        else:
            self.keyring_status.setText(
                self.tr(
                    "Demandées à chaque signature : aucun trousseau sûr n'est disponible sur "
                    "cet ordinateur. Rien n'est jamais enregistré en clair."
                )
            )
        # Which keyring, in plain words (a technician's hint); never a Python class name.
        self.keyring_backend.setText(
            self._keyring_words(status.backend) if status.available else ""
        )

    def _keyring_words(self, backend: str) -> str:
        if ".SecretService." in backend:
            return self.tr("Trousseau du bureau (GNOME ou KDE)")
        if ".macOS." in backend:
            return self.tr("Trousseau d'accès de macOS")
        if ".Windows." in backend:
            return self.tr("Gestionnaire d'identification de Windows")
        return self.tr("Trousseau du système")
