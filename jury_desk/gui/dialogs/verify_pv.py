"""Check a signed PV, as ``jury-desk minutes verify`` does, and show the report.

A PDF, and optionally the session's bundle with the secretariat's public key (without a key,
the desk's trusted keys). The bundle is verified as of the PV's own date in a scratch folder
(an old PV's bundle has usually expired, and checking it must not touch the desk's freshness
ledger), then ``verify_pv`` runs: all in the background, through ``tasks.py``.

Each check is one line: passed in green, failed in red, not checked in grey, with what the
outcome means in the desk's language (``pv_words.outcome``); the verifier's own English line
is the technical detail, under a failure and as the line's tooltip. A valid PV of a
simulation says so in its verdict and on a line of its own.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.trust import TrustStore
from jury_desk.bundle.verify import VerifiedBundle, verify_bundle
from jury_desk.core.errors import JuryDeskError
from jury_desk.gui.i18n import fill
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import label
from jury_desk.gui.tasks import ProgressFn, Task
from jury_desk.gui.views.file_field import FileField
from jury_desk.gui.words import labels
from jury_desk.gui.words.pv_words import check_title, describe_pv_error, outcome
from jury_desk.minutes.verify import Check, Report, peek_minutes, verify_pv

GREEN, RED, GREY, ORANGE = "#1e6b30", "#b3261e", "#5f6b76", "#9a4a00"
MARKS = {True: ("✓", GREEN), False: ("✗", RED), None: ("–", GREY)}


def check_pv(
    pdf: Path,
    bundle: Path | None,
    keys: list[PublicKey],
    progress: ProgressFn | None = None,
    cancelled: object = None,
) -> Report:
    """``verify_pv``, with ``bundle`` verified against ``keys`` as of the PV's date first."""
    verified: VerifiedBundle | None = None
    if bundle is not None:
        peeked = peek_minutes(pdf)
        with tempfile.TemporaryDirectory(prefix="jury-desk-pv-") as scratch:
            verified = verify_bundle(
                bundle,
                trusted_keys=keys,
                data_dir=Path(scratch),
                record=False,
                now=peeked.generated_at if peeked else None,
                progress=progress,
                cancel=cancelled,  # type: ignore[arg-type]
            )
    return verify_pv(pdf, bundle=verified)


class VerifyPvDialog(Retranslating, QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        data_dir: Path,
        *,
        pdf: Path | None = None,
        bundle: Path | None = None,
        key: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("verifyPvDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.data_dir = data_dir
        self.report: Report | None = None
        self.task: Task | None = None
        self.headline = label("section")
        self.explanation = label("hint")
        self.pdf = FileField("pvFile")
        self.pdf.set_path(pdf)
        self.bundle = FileField("bundleFile")
        self.bundle.set_path(bundle)
        self.key = FileField("keyFile")
        self.key.set_path(key)
        self.labels = [QLabel() for _ in range(3)]
        form = QFormLayout()
        for text, field in zip(self.labels, (self.pdf, self.bundle, self.key), strict=True):
            form.addRow(text, field)
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("runVerification")
        self.verify_button.clicked.connect(self.start)
        self.error = label("error", name="verifyError")
        self.error.setVisible(False)
        self.verdict = label("section", name="verdict")
        self.summary = label("hint", name="pvSummary")
        self.lines = QListWidget()
        self.lines.setObjectName("reportLines")
        self.lines.setAccessibleName(self.tr("Rapport de vérification"))
        self.lines.setWordWrap(True)
        self.lines.setAlternatingRowColors(True)
        self.lines.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.lines.setMinimumHeight(180)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.error)
        layout.addWidget(self.verdict)
        layout.addWidget(self.summary)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.buttons)
        self.setMinimumSize(820, 600)
        self.resize(900, 730)
        self.retranslate_ui()
        self._show_report()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Vérifier un procès-verbal"))
        self.headline.setText(self.tr("Vérifier un procès-verbal signé"))
        self.explanation.setText(
            self.tr(
                "Les signatures du président du jury et des deux écoles, leurs signataires, les "
                "données embarquées et chaque page sont contrôlés. Avec le dossier de séance, le "
                "procès-verbal est aussi confronté au dossier signé par la scolarité."
            )
        )
        choose = self.tr("Choisir…")
        self.pdf.retranslate(
            title=self.tr("Choisir le procès-verbal"),
            name_filter=self.tr("Procès-verbal (*.pdf);;Tous les fichiers (*)"),
            button=choose,
            placeholder=self.tr("PV.pdf"),
        )
        self.bundle.retranslate(
            title=self.tr("Choisir le dossier de séance"),
            name_filter=self.tr("Dossier de séance (*.jdbundle);;Tous les fichiers (*)"),
            button=choose,
            placeholder=self.tr("Facultatif : le dossier de séance (.jdbundle)"),
        )
        self.key.retranslate(
            title=self.tr("Choisir la clé de la scolarité"),
            name_filter=self.tr("Clé publique (*.pub);;Tous les fichiers (*)"),
            button=choose,
            placeholder=self.tr("Facultatif : sinon les clés de confiance de ce poste"),
        )
        for text, words in zip(
            self.labels,
            (self.tr("Procès-verbal :"), self.tr("Dossier de séance :"), self.tr("Clé :")),
            strict=True,
        ):
            text.setText(words)
        self.verify_button.setText(self.tr("Vérifier"))
        self._show_report()

    # ---------------------------------------------------------------- running

    def _keys(self, bundle: Path | None) -> list[PublicKey] | None:
        """The keys to check ``bundle`` with, or None after saying why there are none."""
        key = self.key.path()
        if bundle is None:
            if key is not None:
                self._refuse(
                    self.tr("La clé sert à vérifier le dossier de séance : choisissez-le aussi.")
                )
                return None
            return []
        try:
            keys = (
                [PublicKey.from_file(key)] if key is not None else TrustStore(self.data_dir).keys()
            )
        except JuryDeskError as exc:
            self._refuse(describe_pv_error(exc).text)
            return None
        if not keys:
            self._refuse(
                self.tr(
                    "Ce poste ne connaît aucune clé de la scolarité : choisissez la clé publique "
                    "(.pub) qui a signé le dossier de séance."
                )
            )
            return None
        return keys

    def start(self) -> Task | None:
        if self.task is not None:
            return None
        pdf, bundle = self.pdf.path(), self.bundle.path()
        self.error.setVisible(False)
        if pdf is None or not pdf.is_file():
            self._refuse(self.tr("Choisissez le fichier PDF du procès-verbal."))
            return None
        if bundle is not None and not bundle.is_file():
            self._refuse(self.tr("Le dossier de séance indiqué n'existe pas."))
            return None
        keys = self._keys(bundle)
        if keys is None:
            return None
        self.report = None
        self._show_report()
        task = self.task = Task(
            lambda progress, cancelled: check_pv(pdf, bundle, keys, progress, cancelled),
            parent=self,
            label=fill(self.tr("Vérification du procès-verbal « %1 »…"), pdf.name),
            pause_gc=True,  # the PV is drawn again to be compared: the same heap as an export
        )
        task.succeeded.connect(self._verified)
        task.failed.connect(lambda exc: self._refuse(describe_pv_error(exc).text))
        task.cancelled.connect(lambda: self._refuse(self.tr("Vérification annulée.")))
        task.finished.connect(self._finished)
        self.verify_button.setEnabled(False)
        return task.start()

    def _finished(self) -> None:
        self.task = None
        self.verify_button.setEnabled(True)

    def _verified(self, report: Report) -> None:
        self.report = report
        self._show_report()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    # ---------------------------------------------------------------- the report

    def _show_report(self) -> None:
        report = self.report
        self.lines.clear()
        self.verdict.setVisible(report is not None)
        self.summary.setVisible(report is not None and report.minutes is not None)
        if report is None:
            return
        if not report.ok:
            self._verdict(self.tr("✗ Procès-verbal NON valide"), RED)
        elif not report.anchored:  # no bundle: these could be anyone's keys
            self._verdict(
                self.tr("✗ Signataires non vérifiés : donnez le dossier de session (ou son reçu)"),
                RED,
            )
        elif report.simulated:
            self._verdict(
                self.tr(
                    "⚠ Procès-verbal valide, mais d'une SIMULATION : ce n'est pas un PV de jury"
                ),
                ORANGE,
            )
        else:
            self._verdict(self.tr("✓ Procès-verbal valide"), GREEN)
        if report.minutes is not None:
            m = report.minutes
            self.summary.setText(
                fill(
                    self.tr("%1 (%2) · dossier %3, version %4 · %5 candidats"),
                    m.session.title,
                    labels.day(m.session.date),
                    m.bundle.id,
                    m.bundle.seq,
                    len(m.candidates),
                )
            )
        if report.simulated:
            self._line(
                self.tr(
                    "⚠ SIMULATION : ce procès-verbal consigne une répétition (jury-desk "
                    "simulate), pas une délibération du jury."
                ),
                ORANGE,
            )
        for check in report.checks:
            mark, colour = MARKS[check.ok]
            meaning = outcome(check.code, check.ok)
            title = check_title(check.code)
            signer = self._signer(report, check)
            if signer is not None:  # whose signature: school, person, role
                title = fill(self.tr("%1 — %2"), title, signer)
            lines = [f"{mark} {title}", meaning or check.message]
            if meaning and check.ok is False:
                lines.append(fill(self.tr("Détail technique : %1"), check.message))
            self._line("\n    ".join(lines), colour, tip=check.message)

    def _signer(self, report: Report, check: Check) -> str | None:
        """For a signature's line, who signed it, from the PV's own minutes.json: the
        signature names its certificate, minutes.json the member it belongs to."""
        m = report.minutes
        if m is None or not check.code.startswith("signature.intact"):
            return None
        schools = {i.code: i.name for i in m.session.institutions}
        for slot in m.slots():  # the chair's, then each school's signer's
            if slot.cert_sha256[:16] not in check.message:
                continue
            member = next((j for j in m.jury if j.id == slot.member), None)
            if member is None:
                return None
            school = schools.get(slot.institution or "", slot.institution or "")
            whose = (
                (fill(self.tr("Président du jury, %1"), school) if school
                 else self.tr("Président du jury"))
                if slot.chair else school
            )  # fmt: skip
            return fill(
                self.tr("%1, %2 (%3)"),
                whose,
                member.name,
                labels.role_names(list(member.roles)),
            )
        return None

    def _verdict(self, text: str, colour: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {colour};")

    def _line(self, text: str, colour: str, tip: str = "") -> None:
        item = QListWidgetItem(text)
        item.setForeground(QBrush(QColor(colour)))
        item.setToolTip(tip)
        self.lines.addItem(item)

    def line_texts(self) -> list[tuple[str, str]]:
        """Each report line and its colour, as shown."""
        out = []
        for row in range(self.lines.count()):
            item = self.lines.item(row)
            out.append((item.text(), item.foreground().color().name()))
        return out
