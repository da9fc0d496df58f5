"""One institution's signer key for the PV: its .p12 file and its passphrase (typed, or the
one remembered in the system keyring), optionally remembered.

Nothing is signed here. The key is unlocked in the background (PBKDF2 is slow on purpose;
through ``tasks.py``) and its certificate is checked against the one the bundle declares for that
institution's signer; the minutes page keeps the unlocked key in memory and signs at export.
A wrong passphrase or a wrong certificate is said plainly inside the dialog and nothing is
written: a passphrase is remembered only once it has opened the right key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Institution, Member
from jury_desk.core.errors import JuryDeskError, KeyFileError, MinutesError
from jury_desk.gui.dialogs.passphrase import passphrase_field
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import group_hex, label, set_role
from jury_desk.gui.tasks import Task
from jury_desk.gui.views.file_field import FileField
from jury_desk.gui.words.pv_words import describe_signing_error
from jury_desk.minutes.sign import UnlockedSigner, unlock_signer
from jury_desk.secrets import (
    KeyringStatus,
    forget_passphrase,
    keyring_status,
    recall_passphrase,
    remember_passphrase,
)


def keyring_name(cert_sha256: str) -> str:
    """The entry ``jury-desk minutes sign --remember`` uses: the CLI and the desk share it."""
    return f"pv-signer:{cert_sha256}"


@dataclass(frozen=True)
class KeyringAnswer:
    status: KeyringStatus
    remembered: str | None


@dataclass(frozen=True)
class SignerKey:
    """An institution's signer key, unlocked, with the declared certificate."""

    institution: str
    p12: Path
    unlocked: UnlockedSigner
    remembered_now: bool  # its passphrase was stored in the keyring by this unlock


class RememberedPassphraseStale(KeyFileError):
    """The keyring's passphrase no longer opens the key (it changed): it was forgotten."""


def probe_keyring(name: str) -> KeyringAnswer:
    """Off the GUI thread: D-Bus may be slow to answer (or to time out)."""
    status = keyring_status()
    return KeyringAnswer(status, recall_passphrase(name) if status.available else None)


def unlock_declared(
    p12: Path,
    passphrase: str,
    *,
    institution: str,
    expected: str,
    remember: bool,
    from_keyring: bool,
) -> SignerKey:
    """Open ``p12`` and check it is the declared signer's; then, only then, remember."""
    name = keyring_name(expected)
    try:
        unlocked = unlock_signer(p12, passphrase.encode("utf-8"))
    except KeyFileError as exc:
        if not from_keyring:
            raise
        forget_passphrase(name)
        raise RememberedPassphraseStale(f"{exc} The remembered passphrase was forgotten.") from None
    if unlocked.cert_sha256 != expected:
        raise MinutesError(
            "sign.signer-fingerprint",
            f"This key's certificate (SHA-256 {unlocked.cert_sha256}) is not the one the bundle "
            f"declares for the {institution} signer ({expected}).",
            institution,
        )
    stored = remember and not from_keyring and remember_passphrase(name, passphrase)
    return SignerKey(institution, Path(p12), unlocked, stored)


class SignPvDialog(Retranslating, QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        institution: Institution,
        signer: Member,
        preset: Path | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__(parent)
        assert signer.signer_cert_sha256 is not None, "a declared signer has a certificate"
        self.setObjectName("signPvDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.institution = institution
        self.signer = signer
        self.expected = signer.signer_cert_sha256
        self.demo = demo
        self.signer_key: SignerKey | None = None
        self.keyring: KeyringAnswer | None = None
        self.unlocking: Task | None = None

        self.headline = label("section")
        self.who = label("hint")
        self.fingerprint = label("technical", name="expectedFingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file = FileField("signerKeyFile")
        self.file.set_path(preset)
        self.passphrase = passphrase_field("signerPassphrase")
        self.passphrase.setAccessibleName(self.tr("Phrase secrète de la clé du signataire"))
        self.passphrase.returnPressed.connect(self.confirm)
        self.remember = QCheckBox()
        self.remember.setObjectName("rememberPassphrase")
        self.remember.setEnabled(False)  # until the keyring has answered
        self.keyring_note = label("hint", name="keyringNote")
        self.demo_hint = label("hint", name="demoPassphraseHint")
        self.demo_hint.setVisible(demo)
        self.error = label("error", name="signError")
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("unlockKey")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        self.file_label, self.passphrase_label = QLabel(), QLabel()
        form = QFormLayout()
        form.addRow(self.file_label, self.file)
        form.addRow(self.passphrase_label, self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.who)
        layout.addWidget(self.fingerprint)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.remember)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setFixedWidth(640)  # wrapped notes then know their height (see _fit)
        self.retranslate_ui()
        self.passphrase.setFocus()

        name = keyring_name(self.expected)
        self.probe = Task(lambda _progress, _cancelled: probe_keyring(name), parent=self)
        self.probe.succeeded.connect(self._keyring_answered)
        self.probe.start()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Signature du procès-verbal"))
        self.headline.setText(fill(self.tr("Clé de signature : %1"), self.institution.name))
        self.who.setText(
            fill(
                self.tr(
                    "Signataire déclaré par le dossier de séance : %1. Seule sa clé (.p12), "
                    "dont le certificat a l'empreinte ci-dessous, est acceptée."
                ),
                self.signer.name,
            )
        )
        self.fingerprint.setText(
            fill(self.tr("Certificat attendu (SHA-256) :\n%1"), group_hex(self.expected))
        )
        self.file.retranslate(
            title=self.tr("Choisir la clé de signature"),
            name_filter=self.tr("Clé de signature (*.p12 *.pfx);;Tous les fichiers (*)"),
            button=self.tr("Choisir…"),
            placeholder=self.tr("Fichier .p12 du signataire"),
        )
        self.file_label.setText(self.tr("Fichier de clé :"))
        self.passphrase_label.setText(self.tr("Phrase secrète :"))
        self.remember.setText(self.tr("Mémoriser dans le trousseau du système"))
        self.demo_hint.setText(
            self.tr("Démonstration : la phrase secrète des clés DEMO est « demo ».")
        )
        self.ok_button.setText(self.tr("Déverrouiller la clé"))
        self._show_keyring()

    # ---------------------------------------------------------------- keyring

    def _keyring_answered(self, answer: KeyringAnswer) -> None:
        self.keyring = answer
        self._show_keyring()

    def _show_keyring(self) -> None:
        answer = self.keyring
        if answer is None:
            self.keyring_note.setText(self.tr("Recherche du trousseau du système…"))
            return
        self.remember.setEnabled(answer.status.available)
        if not answer.status.available:
            self.remember.setChecked(False)
            self.keyring_note.setText(
                self.tr(
                    "Aucun trousseau sûr n'est disponible sur cet ordinateur : la phrase secrète "
                    "est demandée à chaque signature, et rien n'est jamais enregistré en clair."
                )
            )
        elif answer.remembered is not None:
            self.keyring_note.setText(
                self.tr(
                    "Une phrase secrète est mémorisée pour ce signataire : laissez le champ vide "
                    "pour l'utiliser."
                )
            )
        else:
            self.keyring_note.setText(
                self.tr(
                    "Le trousseau du système garde la phrase secrète chiffrée, sur demande "
                    "seulement."
                )
            )
        self.remember.setToolTip(self.keyring_note.text())
        self._fit()

    def _fit(self) -> None:
        """Grow (or shrink) to the notes and messages shown now, never squeezing a field."""
        layout = self.layout()
        assert layout is not None  # set in __init__
        layout.activate()
        self.resize(self.width(), layout.heightForWidth(self.width()))

    # ---------------------------------------------------------------- unlocking

    def confirm(self) -> Task | None:
        if self.unlocking is not None:
            return None
        p12 = self.file.path()
        typed = self.passphrase.text()
        remembered = self.keyring.remembered if self.keyring is not None else None
        if p12 is None:
            self._refuse(self.tr("Choisissez le fichier de clé (.p12) du signataire."))
            return None
        if not typed and remembered is None:
            self._refuse(self.tr("Tapez la phrase secrète de la clé."))
            return None
        passphrase, from_keyring = (typed, False) if typed else (remembered or "", True)
        remember = self.remember.isEnabled() and self.remember.isChecked()
        code, expected = self.institution.code, self.expected

        def work(_progress: object, _cancelled: object) -> SignerKey:
            return unlock_declared(
                p12,
                passphrase,
                institution=code,
                expected=expected,
                remember=remember,
                from_keyring=from_keyring,
            )

        self._busy(True)
        self.error.setText(self.tr("Ouverture de la clé…"))
        set_role(self.error, "hint")
        self.error.setVisible(True)
        self._fit()
        task = self.unlocking = Task(work, parent=self)
        task.succeeded.connect(self._unlocked)
        task.failed.connect(self._failed)
        task.finished.connect(self._unlock_finished)
        return task.start()

    def _busy(self, busy: bool) -> None:
        for widget in (self.ok_button, self.cancel_button, self.file, self.passphrase):
            widget.setEnabled(not busy)

    def _unlock_finished(self) -> None:
        self.unlocking = None
        self._busy(False)

    def _unlocked(self, key: SignerKey) -> None:
        self.signer_key = key
        self.error.setVisible(False)
        self.accept()

    def _failed(self, exc: JuryDeskError) -> None:
        if isinstance(exc, RememberedPassphraseStale):
            if self.keyring is not None:
                self.keyring = KeyringAnswer(self.keyring.status, None)
                self._show_keyring()
            self._refuse(
                self.tr(
                    "La phrase secrète mémorisée n'ouvre plus cette clé : elle a été retirée du "
                    "trousseau. Tapez la phrase secrète de la clé."
                )
            )
            return
        self._refuse(describe_signing_error(exc).text)

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        set_role(self.error, "error")
        self.error.setVisible(True)
        self._fit()
        self.passphrase.clear()
        self.passphrase.setFocus()
