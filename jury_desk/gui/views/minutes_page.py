"""The minutes screen of a closed session: preview the PV, collect the keys of the jury
chair and of each institution's signer, export the signed PV with its minutes.json, and
verify it.

The preview is the unsigned PV exactly as ``minutes.pdf`` draws it from
``service.minutes_data(lang)``, rendered in the background and shown from memory (nothing of
the deliberation is written to a temporary file). The chair and each institution have a slot
(one for a chair who is also their institution's signer) showing the signer the bundle
declares and the fingerprint of their certificate; the signer unlocks
their .p12 there (``SignPvDialog``) and the unlocked key stays in memory while this screen
lives. Export asks for a folder and runs ``export_minutes_with`` in the background: the PV
is signed by the chair and once per institution and written atomically, with minutes.json beside it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Institution, Member
from jury_desk.core.errors import JuryDeskError, StoreError, UsageError
from jury_desk.core.resources import resource_path
from jury_desk.gui.controller import SessionController
from jury_desk.gui.demo import DEMO_KEY_FILE
from jury_desk.gui.dialogs.action import replace_dialog
from jury_desk.gui.dialogs.sign_pv import SignerKey, SignPvDialog
from jury_desk.gui.dialogs.verify_pv import VerifyPvDialog
from jury_desk.gui.i18n import LANGUAGE_NAMES, LANGUAGES, current_language, fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, group_hex, label
from jury_desk.gui.tasks import Task
from jury_desk.gui.views.archive_step import ArchiveStep
from jury_desk.gui.views.document_viewer import DocumentViewer
from jury_desk.gui.words import labels, messages
from jury_desk.gui.words.pv_words import describe_pv_error
from jury_desk.minutes.export import PV_NAME, Exported, export_minutes_with, manifest_slots
from jury_desk.minutes.model import MINUTES_NAME, Lang
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.slots import CHAIR


def demo_signer_key(institution: str) -> Path | None:
    """The shipped DEMO key of ``institution`` or of the chair (passphrase "demo"), if any."""
    path = resource_path("demo", f"DEMO-signer-{institution}.p12")
    return path if path.is_file() else None


def declared_signer(members: list[Member], institution: str) -> Member | None:
    for member in members:
        if "signer" in member.roles and member.institution == institution:
            if member.signer_cert_sha256 is not None:
                return member
    return None


class SignerSlot(Retranslating, QGroupBox):
    """One signature of the PV, the chair's or an institution's (a chair who is also their
    institution's signer has one slot for both): the declared signer, and whether their key
    is ready. ``institution`` is the institution, or for the chair one named after the role
    with the code "chair" (the slot's key, as the export takes it)."""

    def __init__(
        self,
        page: MinutesPage,
        institution: Institution,
        signer: Member | None,
        also_for: Institution | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName(f"signer-{institution.code}")
        self.page = page
        self.institution = institution
        self.also_for = also_for  # the chair's own institution, when they are its signer
        self.signer = signer
        self.key: SignerKey | None = None
        self.dialog: SignPvDialog | None = None
        self.who = label("", name="signerName")
        self.fingerprint = label("technical", name="signerFingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = label("hint", name="signerStatus")
        self.sign_button = button("", "signWithKey")
        self.sign_button.clicked.connect(self.ask)
        self.sign_button.setEnabled(signer is not None)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.sign_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.fingerprint)
        layout.addLayout(row)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        if self.institution.code != CHAIR:
            self.setTitle(self.institution.name)
        elif self.also_for is None:
            self.setTitle(self.tr("Président du jury"))
        else:
            self.setTitle(fill(self.tr("Président du jury et signataire pour %1"),
                               self.also_for.name))  # fmt: skip
        signer = self.signer
        if signer is None:
            self.who.setText(self.tr("Le dossier de séance ne déclare aucun signataire ici."))
            self.fingerprint.setText("")
        else:
            self.who.setText(fill(self.tr("Signataire : %1"), signer.name))
            self.fingerprint.setText(
                fill(
                    self.tr("Certificat attendu (SHA-256) :\n%1"),
                    group_hex(signer.signer_cert_sha256 or ""),
                )
            )
        self._show_status()

    def _show_status(self) -> None:
        key = self.key
        if self.signer is None:
            self.status.setText(
                self.tr("Le procès-verbal ne peut pas être signé : prévenez la scolarité.")
            )
            self.sign_button.setText(self.tr("Déverrouiller la clé…"))
            return
        if key is None:
            self.status.setText(self.tr("En attente de la clé du signataire."))
            self.sign_button.setText(self.tr("Déverrouiller la clé…"))
            return
        signed = self.page.signed_by(self.institution.code)
        if signed is not None:  # named for what it is: done, in the exported PV
            self.status.setText(
                fill(self.tr("✓ Signé : %1, dans le procès-verbal exporté."), signed)
            )
            self.sign_button.setText(self.tr("Changer de clé…"))
            return
        text = fill(
            self.tr("Clé déverrouillée — signera à l'export (certificat conforme : %1)."),
            key.p12.name,
        )
        if key.remembered_now:
            text += "\n" + self.tr("Phrase secrète mémorisée dans le trousseau du système.")
        self.status.setText(text)
        self.sign_button.setText(self.tr("Changer de clé…"))

    def ask(self) -> SignPvDialog | None:
        if self.signer is None:
            return None
        demo = self.page.controller.manifest.session.demo
        preset = self.key.p12 if self.key is not None else None
        if preset is None and demo:
            preset = demo_signer_key(self.institution.code)
        dialog = SignPvDialog(
            self, institution=self.institution, signer=self.signer, preset=preset, demo=demo
        )
        dialog.accepted.connect(lambda: self._take(dialog))
        self.dialog = replace_dialog(self.dialog, dialog)
        return dialog

    def _take(self, dialog: SignPvDialog) -> None:
        if dialog.signer_key is not None:
            self.key = dialog.signer_key
            self._show_status()
            self.page.update_export()


class MinutesPage(Retranslating, QWidget):
    def __init__(
        self, controller: SessionController, data_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("minutesPage")
        self.controller = controller
        self.data_dir = data_dir
        self.folder: Path | None = None
        self.exported: Exported | None = None
        self.exported_at = QDateTime()
        self.rendering: Task | None = None
        self.exporting: Task | None = None
        self.verify_dialog: VerifyPvDialog | None = None
        self.preview_lang: str | None = None  # the language of the preview shown
        self.showing_signed = False  # the preview is the exported, signed PV
        self._preview: bytes = b""

        # -- the preview
        self.language_label = QLabel()
        self.language = QComboBox()
        self.language.setObjectName("pvLanguage")
        for lang in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(lambda _index: self.render_preview())
        self.preview_state = label("hint", wrap=False, name="previewState")
        self.viewer = DocumentViewer()
        self.viewer.setObjectName("pvPreview")
        top = QHBoxLayout()
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        top.addSpacing(12)
        top.addWidget(self.preview_state, 1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addLayout(top)
        left_column.addWidget(self.viewer, 1)

        # -- signatures, export, verification
        self.heading = label("section")
        self.intro = label("hint")
        self.simulated_note = label("error", name="simulationNote")
        self.simulated_note.setVisible(controller.service.simulated())
        self.signatures_heading = label("section")
        self.slots = self._signer_slots()
        self.export_heading = label("section")
        self.export_hint = label("hint", name="exportHint")
        self.export_button = button("primary", "exportPv")
        self.export_button.clicked.connect(self.ask_export)
        self.result = label("ok", name="exportResult")
        self.paths = label("technical", name="exportPaths")
        self.paths.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = button("large", "verifyExported")
        self.verify_button.clicked.connect(self.verify_exported)
        # After the export: the secretariat's "dossier d'archive" (views/archive_step.py).
        self.archive_step = ArchiveStep(controller, lambda: self.exported)

        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(self.simulated_note)
        column.addWidget(self.signatures_heading)
        for slot in self.slots.values():
            column.addWidget(slot)
        column.addSpacing(6)
        column.addWidget(self.export_heading)
        column.addWidget(self.export_hint)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.result)
        column.addWidget(self.paths)
        column.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(6)
        column.addWidget(self.archive_step)
        column.addStretch(1)
        scroll = self.side = QScrollArea()
        scroll.setObjectName("minutesSide")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("minutesSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([700, 620])
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        controller.follow(self, self.refresh)
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.language_label.setText(self.tr("Langue du procès-verbal :"))
        self.language_label.setBuddy(self.language)
        self.heading.setText(self.tr("Procès-verbal de la séance"))
        self.intro.setText(
            self.tr(
                "Le président du jury et le signataire déclaré de chaque école signent avec "
                "leur clé ; le procès-verbal est ensuite exporté avec ses données "
                "(minutes.json)."
            )
        )
        self.simulated_note.setText(
            self.tr(
                "Séance simulée : le procès-verbal porte la mention SIMULATION sur chaque page "
                "et ne vaut pas procès-verbal du jury."
            )
        )
        self.signatures_heading.setText(self.tr("1. Signatures"))
        self.export_heading.setText(self.tr("2. Export"))
        self.export_button.setText(self.tr("Exporter le procès-verbal signé…"))
        self.verify_button.setText(self.tr("Vérifier le procès-verbal exporté…"))
        self._show_preview_state()
        self.update_export()
        self._show_result()

    # ---------------------------------------------------------------- state

    def closed(self) -> bool:
        return self.controller.service.session_state() == "closed"

    def lang(self) -> Lang:
        return "en" if self.language.currentData() == "en" else "fr"

    def refresh(self) -> None:
        if self.preview_lang != self.lang() and self.rendering is None:
            self.render_preview()
        self.update_export()

    def _signer_slots(self) -> dict[str, SignerSlot]:
        """The chair's slot, then each institution's (slots.py), by slot key."""
        session = self.controller.manifest.session
        institutions = {i.code: i for i in session.institutions}
        out = {}
        for slot in manifest_slots(self.controller.manifest):
            if slot.chair:
                who = Institution(code=CHAIR, name=self.tr("Président du jury"))
                also = institutions.get(slot.institution or "")
                out[CHAIR] = SignerSlot(self, who, session.member(slot.member), also)
            else:
                code = slot.key
                out[code] = SignerSlot(
                    self, institutions[code], declared_signer(session.members, code)
                )
        return out

    def signer_keys(self) -> dict[str, SignerKey]:
        return {code: slot.key for code, slot in self.slots.items() if slot.key is not None}

    def update_export(self) -> None:
        missing = [slot.institution.name for slot in self.slots.values() if slot.key is None]
        ready = self.closed() and not missing and self.exporting is None
        self.export_button.setEnabled(ready)
        if not self.closed():
            self.export_hint.setText(self.tr("La séance doit être close avant l'export."))
        elif missing:
            self.export_hint.setText(
                fill(self.tr("Il manque encore la clé de : %1."), ", ".join(missing))
            )
        else:
            self.export_hint.setText(
                self.tr("Les deux clés sont prêtes : choisissez le dossier d'export.")
            )

    # ---------------------------------------------------------------- preview

    def render_preview(self) -> Task | None:
        """Draw the unsigned PV in the chosen language, in the background."""
        if not self.closed():
            self.preview_lang = None
            self._show_preview_state()
            return None
        if self.rendering is not None:
            return None  # a language change while drawing: redrawn when it is done
        service, lang = self.controller.service, self.lang()

        def work(_progress: object, _cancelled: object) -> tuple[str, bytes]:
            return lang, render_pv_bytes(service.minutes_data(lang), lang=lang)

        task = self.rendering = Task(work, parent=self, pause_gc=True)
        task.succeeded.connect(self._rendered)
        task.failed.connect(self._render_failed)
        task.finished.connect(self._render_finished)
        self._show_preview_state()
        return task.start()

    def _rendered(self, result: tuple[str, bytes]) -> None:
        self.preview_lang, self._preview = result
        self.showing_signed = False
        self.viewer.show_documents([PV_NAME], lambda _path: self._preview)

    def _render_failed(self, exc: JuryDeskError) -> None:
        self.viewer.hide_documents(describe_pv_error(exc).text)

    def _render_finished(self) -> None:
        self.rendering = None
        if self.preview_lang != self.lang():
            self.render_preview()  # the language changed meanwhile
        self._show_preview_state()

    def _show_preview_state(self) -> None:
        if not self.closed():
            self.preview_state.setText(self.tr("La séance n'est pas close."))
        elif self.rendering is not None:
            self.preview_state.setText(self.tr("Préparation de l'aperçu…"))
        elif self.showing_signed:
            self.preview_state.setText(self.tr("Procès-verbal signé, tel qu'exporté"))
        else:
            self.preview_state.setText(self.tr("Aperçu, sans les signatures"))

    # ---------------------------------------------------------------- export

    def _suggested_parent(self) -> Path:
        """An existing folder to propose (the chooser cannot pick one that does not exist):
        where the last export went, else the Documents folder, else the home folder."""
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        for candidate in (
            self.folder.parent if self.folder is not None else None,
            Path(documents) if documents else None,
        ):
            if candidate is not None and candidate.is_dir():
                return candidate
        return Path.home()

    def export_folder(self, parent: Path) -> Path:
        """The folder the export creates inside the one the member chose."""
        return parent / f"PV-{self.controller.manifest.bundle_id}"

    def ask_export(self) -> Task | None:
        if not self.export_button.isEnabled():
            return None
        parent = messages.choose_folder(
            self,
            fill(
                self.tr("Où ranger le procès-verbal ? (le dossier %1 y sera créé)"),
                self.export_folder(Path()).name,
            ),
            self._suggested_parent(),
        )
        if parent is None:
            return None
        folder = self.export_folder(parent)
        taken = [name for name in (PV_NAME, MINUTES_NAME) if (folder / name).exists()]
        if taken and not messages.confirm(
            self,
            self.tr("Remplacer le procès-verbal ?"),
            fill(
                self.tr(
                    "Le dossier %1 contient déjà %2. Le nouvel export les remplace (le "
                    "précédent procès-verbal est alors perdu s'il n'a pas été archivé)."
                ),
                folder,
                ", ".join(taken),
            ),
            self.tr("Remplacer"),
        ):
            return None
        return self.export_to(folder)

    def export_to(self, folder: Path) -> Task:
        """Sign once per institution and write PV.pdf and minutes.json into ``folder``."""
        self.folder = folder
        service, lang = self.controller.service, self.lang()
        signers = {code: key.unlocked for code, key in self.signer_keys().items()}

        def work(_progress: object, _cancelled: object) -> Exported:
            try:
                return export_minutes_with(service, folder, lang=lang, signers=signers)
            except OSError as exc:  # disk full, read-only folder: a known error
                raise UsageError(f"Cannot write the PV into {folder}: {exc.strerror}.") from None

        task = self.exporting = Task(
            work,
            parent=self,
            label=self.tr("Signature et export du procès-verbal…"),
            cancellable=False,
            pause_gc=True,
        )
        task.succeeded.connect(self._exported)
        task.failed.connect(self._export_failed)
        task.finished.connect(self._export_finished)
        self.update_export()
        return task.start()

    def signed_by(self, institution: str) -> str | None:
        """Who signed for ``institution`` in the PV exported from this page, if any."""
        if self.exported is None:
            return None
        names = [s.signer for s in self.exported.signatures if s.institution == institution]
        return names[0] if names else None

    def _exported(self, exported: Exported) -> None:
        self.exported = exported
        self.exported_at = QDateTime.currentDateTime()
        # The preview becomes the signed PV itself, as exported (not a drawing of it).
        signed = exported.pv.read_bytes()
        self.showing_signed = True
        self.viewer.show_documents([PV_NAME], lambda _path: signed)
        self._show_preview_state()
        for slot in self.slots.values():
            slot.retranslate_ui()
        self._show_result()
        # Once the labels have their size: the result and "Verify" must be in sight.
        QTimer.singleShot(0, lambda: self.side.ensureWidgetVisible(self.verify_button))

    def _export_failed(self, exc: JuryDeskError) -> None:
        if isinstance(exc, (UsageError, StoreError)):  # the folder, not the session
            notice = messages.Notice(
                "error",
                self.tr("Export impossible"),
                self.tr(
                    "Le procès-verbal ne peut pas être écrit dans ce dossier (droits d'accès, "
                    "disque plein ?). Choisissez un autre dossier."
                ),
                str(exc),
            )
        else:
            notice = describe_pv_error(exc)
        messages.present(self, notice)

    def _export_finished(self) -> None:
        self.exporting = None
        self.update_export()

    def _show_result(self) -> None:
        exported = self.exported
        for widget in (self.result, self.paths, self.verify_button):
            widget.setVisible(exported is not None)
        self.archive_step.refresh()
        if exported is None:
            return
        signers = ", ".join(
            f"{s.signer} ({self.slots[s.institution].title()})"
            if s.institution in self.slots
            else s.signer
            for s in exported.signatures
        )
        when = labels.date_time(self.exported_at)
        self.result.setText(
            fill(self.tr("✓ Procès-verbal signé par %1 et exporté (%2)."), signers, when)
        )
        self.paths.setText(
            fill(self.tr("PV : %1\nDonnées : %2"), exported.pv, exported.minutes_json)
        )

    # ---------------------------------------------------------------- verification

    def verify_exported(self) -> VerifyPvDialog | None:
        """Check the exported PV against this session's bundle, as anyone could later."""
        if self.exported is None:
            return None
        demo = self.controller.manifest.session.demo
        dialog = VerifyPvDialog(
            self,
            self.data_dir,
            pdf=self.exported.pv,
            bundle=self.controller.documents.bundle.path,
            key=resource_path("demo", DEMO_KEY_FILE) if demo else None,
        )
        self.verify_dialog = replace_dialog(self.verify_dialog, dialog)
        dialog.start()
        return dialog
