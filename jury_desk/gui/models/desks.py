"""The Desks panel's table: one row per member, from ``exchange.desks.DeskRow``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt

from jury_desk.exchange.desks import DeskRow
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.table import RowsTableModel


def short_time(at: str) -> str:
    """An ISO time as "14:05:12" (the day is the session's); "—" for none."""
    if not at:
        return "—"
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return at


class DesksModel(RowsTableModel[DeskRow]):
    MEMBER, LINK, LAST, ACCEPTED, WAITING, REFUSED, ALERTS = range(7)

    def __init__(self, name_of: Callable[[str], str], parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.name_of = name_of

    def headers(self) -> list[str]:
        return [
            self.tr("Membre"),
            self.tr("Liaison"),
            self.tr("Dernier envoi"),
            self.tr("Acceptés"),
            self.tr("En attente"),
            self.tr("Refus"),
            self.tr("Alertes"),
        ]

    def link(self, row: DeskRow) -> str:
        if row.paired and row.connections:
            return self.tr("Réseau (connecté)")
        if row.paired:
            return self.tr("Réseau (appairé, hors ligne)")
        if row.via and row.via != "network":
            return self.tr("Clé USB (fichier)")
        return self.tr("Aucune")

    def waiting(self, row: DeskRow) -> str:
        if row.missing_from is None:
            return ""
        return fill(self.tr("Message %1 manquant : les suivants l'attendent"), row.missing_from)

    def alerts(self, row: DeskRow) -> list[str]:
        out = []
        if row.second_desk:
            out.append(self.tr("Deux postes envoient au nom de ce membre"))
        if row.clock_off and row.clock_skew_s is not None:
            out.append(fill(self.tr("Horloge décalée de %1 s"), round(row.clock_skew_s)))
        if row.unreadable:
            out.append(fill(self.tr("%1 message(s) illisible(s) ou falsifié(s)"), row.unreadable))
        return out

    def cell(self, row: DeskRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.MEMBER:
                return self.name_of(row.member)
            if column == self.LINK:
                return self.link(row)
            if column == self.LAST:
                return short_time(row.last_message_at)
            if column == self.ACCEPTED:
                return str(row.accepted)
            if column == self.WAITING:
                return self.waiting(row)
            if column == self.REFUSED:
                return str(len(row.refused)) if row.refused else ""
            if column == self.ALERTS:
                return " ; ".join(self.alerts(row))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.REFUSED and row.refused:
            return "\n".join(row.refused)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.LINK and row.via:
            return row.via if row.via != "network" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.ACCEPTED, self.REFUSED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
