"""The sessions saved on this desk (``<data_dir>/sessions/*.jdsession``), newest first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import Qt

from jury_desk.gui.models.table import RowsTableModel
from jury_desk.gui.words import labels

SESSIONS_DIR = "sessions"
SUFFIX = ".jdsession"


class SavedSession(NamedTuple):  # not a dataclass: imported before the first window
    path: Path
    modified: datetime

    @property
    def bundle_id(self) -> str:
        return self.path.stem


def list_sessions(data_dir: Path) -> list[SavedSession]:
    folder = Path(data_dir) / SESSIONS_DIR
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        try:
            found.append(SavedSession(path, datetime.fromtimestamp(path.stat().st_mtime)))
        except OSError:
            continue  # vanished between listing and stat
    return sorted(found, key=lambda s: s.modified, reverse=True)


class SessionsModel(RowsTableModel[SavedSession]):
    def headers(self) -> list[str]:
        return [self.tr("Séance"), self.tr("Dernière modification")]

    def cell(self, row: SavedSession, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.bundle_id
            if column == 1:
                return labels.date_time(row.modified)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        return None
