"""The signed-in member's worklist: each candidate and where their OWN sheet stands.

Built from ``service.worklist(member)`` alone, which never holds anyone else's scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from jury_desk.deliberation.readmodels import WorklistItem
from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.words import labels

STATUS_COLOURS = {
    "to-score": QColor("#1d4f91"),
    "draft": QColor("#9a5b00"),
    "sealed": QColor("#1e6b30"),
    "conflicted": QColor("#5f6b76"),
    "closed": QColor("#5f6b76"),
}


def progress(items: Sequence[WorklistItem]) -> tuple[int, int]:
    """(sealed, to seal): the sheets this member has sealed among those they score."""
    scored = [i for i in items if i.status in ("to-score", "draft", "sealed")]
    return sum(i.status == "sealed" for i in scored), len(scored)


class WorklistModel(RowsTableModel[WorklistItem]):
    def headers(self) -> list[str]:
        return [self.tr("N°"), self.tr("Candidat"), self.tr("Ma feuille"), self.tr("Total")]

    def row_of(self, candidate_id: str) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.candidate_id == candidate_id:
                return row
        return None

    def cell(self, row: WorklistItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.candidate_id
            if column == 1:
                return row.name if row.name is not None else self.tr("(masqué)")
            if column == 2:
                return labels.word(labels.OWN_STATUSES, row.status)
            if column == 3:
                return labels.score(row.total) if row.total is not None else ""
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QBrush(STATUS_COLOURS.get(row.status, QColor("#1d2b3a")))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
