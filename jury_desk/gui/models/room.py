"""The lobby's tables: who sits on the jury and whether they are here; declared conflicts.

Rows are built from the service's answers (attendance, passphrase set or not, conflicts);
the models only show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from jury_desk.bundle.manifest import Member
from jury_desk.deliberation.readmodels import AttendanceEntry, ConflictView
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.words import labels

PRESENT_COLOUR = QColor("#1e6b30")
ABSENT_COLOUR = QColor("#5f6b76")


@dataclass(frozen=True)
class SeatRow:
    member: Member
    institution: str  # the school's name
    present: bool
    history: tuple[AttendanceEntry, ...]  # this member's check-ins and check-outs
    has_passphrase: bool
    signed_in: bool


def seat_rows(
    members: Sequence[Member],
    schools: dict[str, str],
    attendance: Sequence[AttendanceEntry],
    present: frozenset[str],
    with_passphrase: set[str],
    signed_in: str | None,
) -> list[SeatRow]:
    return [
        SeatRow(
            member=m,
            institution=schools.get(m.institution, m.institution),
            present=m.id in present,
            history=tuple(e for e in attendance if e.member_id == m.id),
            has_passphrase=m.id in with_passphrase,
            signed_in=m.id == signed_in,
        )
        for m in members
    ]


class JuryRoomModel(RowsTableModel[SeatRow]):
    """Members, school, role, presence with times, passphrase chosen."""

    def headers(self) -> list[str]:
        return [
            self.tr("Membre"),
            self.tr("École"),
            self.tr("Rôle"),
            self.tr("Présence"),
            self.tr("Phrase secrète"),
        ]

    def presence(self, row: SeatRow) -> str:
        if not row.history:
            return self.tr("Pas encore arrivé(e)")
        last = row.history[-1]
        if row.present:
            text = fill(self.tr("Présent(e) depuis %1"), labels.clock(last.at))
            return text + (" · " + self.tr("connecté(e)") if row.signed_in else "")
        return fill(self.tr("Parti(e) à %1"), labels.clock(last.at))

    def history(self, row: SeatRow) -> str:
        lines = [
            fill(
                self.tr("Arrivée à %1") if e.kind == "in" else self.tr("Départ à %1"),
                labels.clock(e.at),
            )
            for e in row.history
        ]
        return "\n".join(lines) or self.tr("Pas encore arrivé(e)")

    def cell(self, row: SeatRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.member.name
            if column == 1:
                return row.institution
            if column == 2:
                return labels.role_names(list(row.member.roles))
            if column == 3:
                return self.presence(row)
            if column == 4:
                return self.tr("choisie") if row.has_passphrase else self.tr("à choisir")
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return self.history(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QBrush(PRESENT_COLOUR if row.present else ABSENT_COLOUR)
        return None


class ConflictsModel(RowsTableModel[ConflictView]):
    """Every declared conflict: who, on which candidate, why, declared where."""

    def __init__(self, names: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self._names = names  # candidate id -> what to call them (name, or id while blind)

    def headers(self) -> list[str]:
        return [
            self.tr("Membre"),
            self.tr("Candidat"),
            self.tr("Motif"),
            self.tr("Origine"),
            self.tr("Précision"),
        ]

    def cell(self, row: ConflictView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.member_name
            if column == 1:
                return self._names.get(row.candidate_id, row.candidate_id)
            if column == 2:
                return labels.word(labels.CONFLICT_CATEGORIES, row.category)
            if column == 3:
                source = labels.word(labels.CONFLICT_SOURCES, row.source)
                return f"{source} · {labels.clock(row.at)}" if row.source == "room" else source
            if column == 4:
                return row.note
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return row.note
        return None
