"""The room desk's "Postes des membres" panel (issue 12): the member desks that score on their
own machines, and how their sealed sheets reach the room.

It shows what ``RoomExchange`` knows (``exchange.desks.DesksBoard``): who is paired or has
brought a file, the last message from each, what waits for a missing message, the refusals
with their reasons, a second room desk noticed on the network. Its buttons import a file,
watch a folder (a USB key), and open the room to the network, which then shows the room's
address, the pairing code, the short fingerprint and a QR code. It decides nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from jury_desk.gui.desks.room_exchange import RoomAddress, RoomExchange
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.desks import DesksModel, short_time
from jury_desk.gui.retranslate import Retranslating
from jury_desk.gui.style import button, label, table_view
from jury_desk.gui.words import labels, messages

QR_SIZE = 148  # pixels: big enough for a phone held at arm's length, small beside the table


def qr_pixmap(uri: str, size: int = QR_SIZE) -> QPixmap:
    """The pairing QR code (segno's modules, a quiet zone of 2) drawn at about ``size`` pixels,
    each module a crisp square (QtSvg is not in the frozen app: no SVG here)."""
    import segno

    rows = list(segno.make(uri, error="m").matrix_iter(scale=1, border=2))
    image = QImage(len(rows), len(rows), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    black = QColor(Qt.GlobalColor.black).rgb()
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x, y, black)
    side = max(1, size // len(rows)) * len(rows)
    return QPixmap.fromImage(
        image.scaled(side, side, mode=Qt.TransformationMode.FastTransformation)
    )


class RoomNetworkBox(Retranslating, QGroupBox):
    """The room's address, pairing code and fingerprint, with the QR code beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomNetwork")
        self.address_line = label("subtitle", name="roomAddress")
        self.code_line = label("sessiontitle", wrap=False, name="pairingCode")
        self.fingerprint_line = label("subtitle", name="roomFingerprint")
        self.not_kept = label("hint", name="identityNotKept")
        for line in (self.address_line, self.code_line, self.fingerprint_line):
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        self.qr.setObjectName("pairingQr")
        self.qr.setFixedSize(QR_SIZE, QR_SIZE)
        self.new_code_button = button("secondary", "newPairingCode")
        column = QVBoxLayout(self)
        column.addWidget(self.code_line)
        column.addWidget(self.address_line)
        column.addWidget(self.fingerprint_line)
        column.addWidget(self.not_kept)
        column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.new_code_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        self.setFixedWidth(300)
        self.address: RoomAddress | None = None
        self.retranslate_ui()

    def show_address(self, address: RoomAddress | None) -> None:
        if address != self.address and address is not None:
            self.qr.setPixmap(qr_pixmap(address.uri))
        self.address = address
        self.setVisible(address is not None)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setTitle(self.tr("Salle ouverte au réseau"))
        self.new_code_button.setText(self.tr("Nouveau code"))
        self.new_code_button.setToolTip(
            self.tr("Remplace le code d'appairage : les postes déjà appairés restent appairés.")
        )
        self.setToolTip(
            self.tr(
                "Sur son poste, chaque membre choisit « Rejoindre la salle… » et tape l'adresse "
                "et le code, ou lit le QR code. L'empreinte doit être la même sur les deux "
                "écrans."
            )
        )
        self.not_kept.setText(
            self.tr(
                "Aucun trousseau du système sur ce poste : son certificat n'est pas gardé. "
                "Après un redémarrage du poste de salle, chaque membre devra rejoindre la "
                "salle à nouveau."
            )
        )
        address = self.address
        self.not_kept.setVisible(address is not None and not address.kept)
        if address is None:
            return
        self.address_line.setText(fill(self.tr("Adresse : %1:%2"), address.host, address.port))
        self.code_line.setText(fill(self.tr("Code : %1"), address.code))
        self.fingerprint_line.setText(fill(self.tr("Empreinte : %1"), address.fingerprint))


class DesksPanel(Retranslating, QWidget):
    def __init__(
        self,
        exchange: RoomExchange,
        name_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("desksPanel")
        self.exchange = exchange
        self.heading = label("section")
        self.explain = label("hint")
        self.rivals = label("error", name="secondRoomDesk")
        self.rivals.setVisible(False)
        self.import_button = button("primary", "importOutbox")
        self.watch_button = button("secondary", "watchFolder")
        self.network_button = button("secondary", "openNetwork")
        self.import_button.clicked.connect(self.choose_file)
        self.watch_button.clicked.connect(self.toggle_watch)
        self.network_button.clicked.connect(self.open_network)
        self.watching = label("subtitle", name="watchedFolder")
        self.network = RoomNetworkBox()
        self.network.new_code_button.clicked.connect(exchange.new_code)
        self.network.setVisible(False)
        self.model = DesksModel(name_of, self)
        self.table = table_view("desksTable", self.model, stretch=DesksModel.MEMBER)
        self.table.selectionModel().selectionChanged.connect(self._show_refusals)
        self.refusals_heading = label("section")
        self.refusals = label("subtitle", name="desksRefusals")
        self.refusals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_import = label("subtitle", name="lastImport")

        buttons = QHBoxLayout()
        for widget in (self.import_button, self.watch_button, self.network_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        rows = QVBoxLayout()  # the desks, then what went wrong, beside the room's address
        rows.addWidget(self.table, 1)
        rows.addWidget(self.refusals_heading)
        rows.addWidget(self.refusals)
        rows.addWidget(self.last_import)
        middle = QHBoxLayout()
        middle.addLayout(rows, 1)
        middle.addWidget(self.network, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for line in (self.heading, self.explain, self.rivals):
            layout.addWidget(line)
        layout.addLayout(buttons)
        layout.addWidget(self.watching)
        layout.addLayout(middle, 1)
        exchange.changed.connect(self.refresh)
        exchange.failed.connect(lambda exc: messages.show_error(self, exc))
        self.retranslate_ui()
        self.refresh()

    # ---------------------------------------------------------------- actions

    def choose_file(self) -> None:
        path = messages.choose_open_file(
            self,
            self.tr("Importer la boîte d'envoi d'un membre"),
            self.tr("Boîte d'envoi (*.jdoutbox);;Tous les fichiers (*)"),
        )
        if path is not None:
            self.exchange.import_file(path, self)

    def toggle_watch(self) -> None:
        if self.exchange.watch is not None:
            self.exchange.stop_watching()
            return
        folder = messages.choose_folder(
            self, self.tr("Surveiller un dossier (une clé USB)"), Path.home()
        )
        if folder is not None:
            self.exchange.watch_folder(folder)

    def open_network(self) -> None:
        self.exchange.open_network(self)
        self.refresh()

    # ---------------------------------------------------------------- showing

    def refresh(self) -> None:
        board = self.exchange.board
        selected = self._selected_member()
        self.model.set_rows(board.rows())
        if selected is not None:
            for position, row in enumerate(self.model.rows()):
                if row.member == selected:
                    self.table.selectRow(position)
        self.network.show_address(self.exchange.address)
        self.rivals.setVisible(bool(board.rivals))
        self.retranslate_ui()

    def _selected_member(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row_at(rows[0]) if rows else None
        return row.member if row is not None else None

    def _show_refusals(self) -> None:
        member = self._selected_member()
        reasons: list[str] = []
        for row in self.model.rows():
            if member is None or row.member == member:
                reasons += [labels.labelled(self.model.name_of(row.member), r) for r in row.refused]
        reasons += self.exchange.rejected
        self.refusals.setText("\n".join(reasons) if reasons else self.tr("Aucun refus."))

    def retranslate_ui(self) -> None:
        self.heading.setText(self.tr("Postes des membres"))
        self.explain.setText(
            self.tr(
                "Les membres qui notent sur leur propre poste envoient ici leurs feuilles "
                "scellées, par une clé USB ou par le réseau de la salle. Ce poste vérifie "
                "chaque message et l'applique selon les règles, ou le refuse en disant pourquoi."
            )
        )
        self.import_button.setText(self.tr("Importer un fichier…"))
        watching = self.exchange.watch
        self.watch_button.setText(
            self.tr("Arrêter de surveiller") if watching else self.tr("Surveiller un dossier…")
        )
        self.watching.setVisible(watching is not None)
        if watching is not None:
            self.watching.setText(fill(self.tr("Dossier surveillé : %1"), watching.folder))
        opened = self.exchange.address is not None or self.exchange.server is not None
        self.network_button.setText(
            self.tr("Salle ouverte au réseau") if opened else self.tr("Ouvrir la salle au réseau")
        )
        self.network_button.setEnabled(not opened and not self.exchange.opening)
        rivals = self.exchange.board.rivals
        self.rivals.setText(
            fill(
                self.tr(
                    "Un autre poste de salle tourne pour cette séance sur le réseau (%1). Une "
                    "séance n'a qu'un poste de salle : fermez l'autre."
                ),
                ", ".join(rivals),
            )
        )
        self.refusals_heading.setText(self.tr("Refus"))
        self._show_refusals()
        self.model.retranslate()
        if self.exchange.imports:
            at, report = self.exchange.imports[-1]
            self.last_import.setText(
                fill(
                    self.tr("Dernier fichier importé à %1 : %2 — %3 accepté(s), %4 refusé(s), "
                            "%5 déjà reçu(s)."),
                    short_time(at), report.source, sum(report.accepted.values()),
                    len(report.refused) + len(report.rejected), report.replayed,
                )
            )  # fmt: skip
        else:
            self.last_import.setText("")
