"""The secretariat's collection step, after the export: the "dossier d'archive".

Once the signed PV is exported, the room desk offers to write, into one new folder, the
PV, its minutes.json, the bundle receipt, a copy of the session file and a short README
(``archive.folder.write_archive_folder``): the whole of what ``jury-desk archive add
FOLDER`` takes, so nobody has to fetch the session file from the jury laptop later.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.controller import SessionController
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label
from jury_desk.gui.words import messages
from jury_desk.minutes.export import Exported


class ArchiveStep(Retranslating, QWidget):
    def __init__(
        self, controller: SessionController, exported: Callable[[], Exported | None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.controller = controller
        self.exported = exported
        self.written: Path | None = None
        self.hint = label("hint", name="archiveStepHint")
        self.write_button = button("large", "writeArchiveFolder")
        self.write_button.clicked.connect(self.ask_folder)
        self.result = label("ok", name="archiveStepResult")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.write_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.result)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.hint.setText(
            self.tr(
                "Pour la scolarité : réunissez dans un dossier le procès-verbal, ses données, "
                "le reçu du dossier de séance et le fichier de séance, prêts à archiver."
            )
        )
        self.write_button.setText(self.tr("Écrire le dossier d'archive…"))
        self.refresh()

    def refresh(self) -> None:
        self.setVisible(self.exported() is not None)
        self.result.setVisible(self.written is not None)
        if self.written is not None:
            self.result.setText(
                fill(self.tr("✓ Dossier d'archive écrit dans %1."), str(self.written))
            )

    def ask_folder(self) -> Path | None:
        exported = self.exported()
        if exported is None:
            return None
        suggested = exported.pv.parent.with_name(f"{exported.pv.parent.name}-archive")
        chosen = messages.choose_folder(
            self, self.tr("Dossier (nouveau ou vide) du dossier d'archive"), suggested
        )
        return self.write_to(chosen) if chosen is not None else None

    def write_to(self, folder: Path) -> Path | None:
        """Write the dossier d'archive into ``folder`` (new or empty)."""
        from jury_desk.archive.folder import write_archive_folder

        exported = self.exported()
        if exported is None:
            return None
        minutes = exported.minutes
        try:
            self.written = write_archive_folder(
                folder,
                pv=exported.pv,
                minutes_json=exported.minutes_json,
                bundle=self.controller.documents.bundle.path,
                session=self.controller.service.path,
                title=minutes.session.title,
                fingerprint=minutes.bundle.sha256,
                audit_head=minutes.audit_head,
            )
        except (JuryDeskError, OSError) as exc:
            notice = messages.Notice(
                "error",
                self.tr("Dossier d'archive non écrit"),
                self.tr("Choisissez un dossier nouveau ou vide, où vous pouvez écrire."),
                str(exc),
            )
            messages.present(self, notice)
            return None
        self.refresh()
        return self.written
