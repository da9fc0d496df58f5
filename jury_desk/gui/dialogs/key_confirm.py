"""Confirm a secretariat key before trusting it: show its fingerprint to compare aloud."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.minisign import PublicKey
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.trusted_keys import key_title, slot_name
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import group_hex, label


class KeyConfirmDialog(Retranslating, QDialog):
    """Accepted only by the explicit "trust this key" button; the slot is chosen here."""

    def __init__(self, key: PublicKey, free_slots: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        if not free_slots:
            raise ValueError("no free slot to put the key in")
        self.setObjectName("keyConfirmDialog")
        self.key = key
        self.headline = label("section")
        self.explanation = label("hint")
        self.key_name = QLabel()
        self.key_name.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.fingerprint_caption = QLabel()
        self.fingerprint = QLabel(group_hex(key.fingerprint))
        self.fingerprint.setObjectName("fingerprint")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(13)
        self.fingerprint.setFont(mono)
        self.fingerprint.setStyleSheet(
            "background: #f3f5f7; border: 1px solid #c9d1d9; border-radius: 4px; padding: 8px;"
        )
        self.key_id = label("technical", name="keyId")
        self.slot_caption = QLabel()
        self.slot_group = QButtonGroup(self)
        self.slot_buttons: dict[str, QRadioButton] = {}
        for slot in free_slots:
            radio = QRadioButton()
            radio.setObjectName(f"slot-{slot}")
            self.slot_group.addButton(radio)
            self.slot_buttons[slot] = radio
        self.slot_buttons[free_slots[0]].setChecked(True)
        self.buttons = QDialogButtonBox()
        self.trust_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.trust_button.setObjectName("trustKey")
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        layout.addSpacing(8)
        layout.addWidget(self.key_name)
        layout.addWidget(self.fingerprint_caption)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.key_id)
        layout.addSpacing(8)
        layout.addWidget(self.slot_caption)
        for radio in self.slot_buttons.values():
            layout.addWidget(radio)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.retranslate_ui()

    def chosen_slot(self) -> str:
        return next(slot for slot, radio in self.slot_buttons.items() if radio.isChecked())

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Ajouter une clé de la scolarité"))
        self.headline.setText(self.tr("Vérifiez cette clé avant de lui faire confiance"))
        self.explanation.setText(
            self.tr(
                "Ce poste acceptera les dossiers de séance signés par cette clé. Comparez "
                "l'empreinte ci-dessous avec celle que la scolarité vous a communiquée par un "
                "autre moyen (téléphone, courrier signé). Si un seul caractère diffère, "
                "n'ajoutez pas cette clé."
            )
        )
        self.key_name.setText(key_title(self.key))
        self.fingerprint_caption.setText(self.tr("Empreinte à comparer :"))
        self.key_id.setText(fill(self.tr("Identifiant technique : %1"), self.key.key_id_hex))
        self.slot_caption.setText(self.tr("Utiliser cette clé comme :"))
        for slot, radio in self.slot_buttons.items():
            radio.setText(slot_name(slot))
        self.trust_button.setText(self.tr("Faire confiance à cette clé"))
