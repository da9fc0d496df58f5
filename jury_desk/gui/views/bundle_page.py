"""A verified bundle (or a resumed session): what was checked, the jury, the candidates.

The lobby (attendance, sign-in) takes over from here once the deliberation service opens
the session; this page is what the desk can show from the verified bundle alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.manifest_tables import CandidatesModel, JuryModel
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label, table_view


@dataclass(frozen=True)
class BundleSummary:
    """What the page shows of a bundle the verifier just accepted (again, when resumed)."""

    manifest: Manifest
    sha256: str
    key_id_hex: str | None  # a resumed session keeps its bundle, not the key's id
    resumed: bool = False

    @classmethod
    def verified(cls, vb: VerifiedBundle) -> BundleSummary:
        return cls(vb.manifest, vb.sha256, vb.key_id_hex)


class BundlePage(Retranslating, QWidget):
    home_clicked = Signal()

    def __init__(self, summary: BundleSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bundlePage")
        self.summary = summary
        manifest = summary.manifest
        self.title = label("pagetitle", name="sessionTitle")
        self.when = label("subtitle")
        self.checked = label("ok", name="verifiedLine")
        self.technical = label("technical", name="bundleTechnical")
        self.technical.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.jury_box = QGroupBox()
        self.jury = JuryModel(manifest, self)
        self.jury_table = table_view("juryTable", self.jury, stretch=0)
        self.jury_table.setAlternatingRowColors(True)
        QVBoxLayout(self.jury_box).addWidget(self.jury_table)

        self.candidates_box = QGroupBox()
        self.candidates = CandidatesModel(manifest, self)
        self.candidates_table = table_view("candidatesTable", self.candidates, stretch=1)
        self.candidates_table.setAlternatingRowColors(True)
        QVBoxLayout(self.candidates_box).addWidget(self.candidates_table)

        self.home_button = button("large", "backHome")
        self.home_button.clicked.connect(self.home_clicked)

        tables = QHBoxLayout()
        tables.addWidget(self.jury_box, 5)
        tables.addWidget(self.candidates_box, 6)
        footer = QHBoxLayout()
        footer.addWidget(self.home_button)
        footer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.when)
        layout.addSpacing(6)
        layout.addWidget(self.checked)
        layout.addWidget(self.technical)
        layout.addSpacing(6)
        layout.addLayout(tables, 1)
        layout.addLayout(footer)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        summary = self.summary
        manifest = summary.manifest
        session = manifest.session
        locale = QLocale()
        day = locale.toString(
            QDate(session.date.year, session.date.month, session.date.day),
            QLocale.FormatType.LongFormat,
        )
        kind = {
            "admission": self.tr("Jury d'admission"),
            "graduation": self.tr("Jury de diplôme"),
        }[session.kind]
        programme = {"bachelor": self.tr("Bachelor"), "master": self.tr("Master")}[
            session.programme
        ]
        self.title.setText(session.title)
        self.when.setText(f"{kind} · {programme} · {day} · {session.place}")
        if summary.resumed:
            checked = self.tr(
                "✓ Séance reprise : son dossier a été vérifié à nouveau et il est intact "
                "(%1 candidats, %2 documents)."
            )
        else:
            checked = self.tr(
                "✓ Dossier vérifié : signé par la scolarité et intact (%1 candidats, %2 documents)."
            )
        self.checked.setText(fill(checked, len(manifest.candidates), len(manifest.files)))
        expires = locale.toString(QDateTime(manifest.expires_at), QLocale.FormatType.ShortFormat)
        technical = fill(
            self.tr("Dossier %1, version %2 · valable jusqu'au %3 · empreinte %4"),
            manifest.bundle_id,
            manifest.seq,
            expires,
            summary.sha256[:16] + "…",
        )
        if summary.key_id_hex:
            technical += " · " + fill(self.tr("clé %1"), summary.key_id_hex)
        self.technical.setText(technical)
        self.jury_box.setTitle(self.tr("Jury"))
        self.candidates_box.setTitle(self.tr("Candidats"))
        self.home_button.setText(self.tr("Retour à l'accueil"))
        self.jury.retranslate()
        self.candidates.retranslate()
