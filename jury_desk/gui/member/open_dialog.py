""" "Membre du jury": the bundle and the member's key file, chosen before the member desk opens.

The bundle is then verified exactly as on the room desk (``bundle.verify.verify_bundle``,
against the keys this desk trusts, with progress); the member's key file is unlocked with
the passphrase typed here, on the member's own machine.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.views.file_field import FileField


class OpenMemberDeskDialog(Retranslating, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openMemberDesk")
        self.hint = label("hint")
        self.bundle = FileField("memberBundle")
        self.key = FileField("memberKey")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("memberPassphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = label("error", name="openMemberProblem")
        self.problem.setVisible(False)
        self.captions = [label("hint", wrap=False) for _ in range(3)]
        self.form = QFormLayout()
        for caption, field in zip(self.captions, (self.bundle, self.key, self.passphrase),
                                  strict=True):  # fmt: skip
            self.form.addRow(caption, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("openMember")
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Membre du jury : mon poste"))
        self.hint.setText(
            self.tr(
                "Choisissez le dossier de séance (.jdbundle) et votre fichier de clé, si la "
                "scolarité vous en a remis un (sinon, ce poste crée votre clé, protégée par "
                "votre phrase secrète). Le dossier est vérifié comme sur le poste de salle. "
                "Vous pourrez noter sans réseau, chez vous, puis rejoindre la salle ou "
                "apporter votre boîte d'envoi sur une clé USB."
            )
        )
        self.bundle.retranslate(
            title=self.tr("Choisir le dossier de séance"),
            name_filter=self.tr("Dossier de séance (*.jdbundle);;Tous les fichiers (*)"),
            button=self.tr("Choisir…"),
            placeholder=self.tr("Le dossier de séance (.jdbundle)"),
        )
        self.key.retranslate(
            title=self.tr("Choisir votre fichier de clé"),
            name_filter=self.tr("Clé de membre (*.key);;Tous les fichiers (*)"),
            button=self.tr("Choisir…"),
            placeholder=self.tr("Votre fichier de clé (facultatif)"),
        )
        self.passphrase.setPlaceholderText(self.tr("La phrase secrète de votre clé"))
        for caption, text in zip(
            self.captions,
            (self.tr("Dossier de séance :"), self.tr("Votre clé :"), self.tr("Phrase secrète :")),
            strict=True,
        ):
            caption.setText(text)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Ouvrir mon poste"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))

    def chosen(self) -> tuple[Path, Path | None, str] | None:
        """The bundle, the key file (None: none brought) and the passphrase."""
        bundle = self.bundle.path()
        if bundle is None:
            return None
        return bundle, self.key.path(), self.passphrase.text()

    def _check(self) -> None:
        missing = []
        if self.bundle.path() is None:
            missing.append(self.tr("le dossier de séance"))
        if not self.passphrase.text():
            missing.append(self.tr("la phrase secrète"))
        if missing:
            self.problem.setText(self.tr("Il manque : ") + ", ".join(missing) + ".")
            self.problem.setVisible(True)
            return
        self.accept()
