"""The Archives page's table: one row per archived decision (``archive.service.Hit``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from jury_desk.archive.service import Hit
from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.words.labels import decision_text


class ArchiveModel(RowsTableModel[Hit]):
    def headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Séance"),
            self.tr("Candidat"),
            self.tr("Nom"),
            self.tr("N° étudiant"),
            self.tr("Décision"),
            self.tr("Note /20"),
            self.tr("Boursier"),
            self.tr("État"),
        ]

    def cell(self, row: Hit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.session_title
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:  # elided on a narrow screen
            return decision_text(row.decision, row.mention)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return row.session_date.isoformat()
        if column == 1:
            return row.session_title
        if column == 2:
            return row.candidate_id
        if column == 3:
            return row.name
        if column == 4:
            return row.student_id or ""
        if column == 5:
            return decision_text(row.decision, row.mention)
        if column == 6:
            return "—" if row.overall is None else f"{row.overall:.2f}"  # None: a renvoi
        if column == 7:  # None: sealed in the bundle, renvoyé before its reveal
            if row.scholarship is None:
                return self.tr("Non révélé")
            return self.tr("Oui") if row.scholarship else self.tr("Non")
        if column == 8:
            return (
                self.tr("Remplacée par un PV ultérieur")
                if row.superseded
                else self.tr("En vigueur")
            )
        return None
