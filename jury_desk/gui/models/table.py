"""A read-only table model over a list of rows: the common part of the desk's tables.

Subclasses say what the columns are called (translated when asked, so a language switch
only needs ``retranslate()``) and what each cell shows; they replace their rows with
``set_rows``, which resets the model in one step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from jury_desk.gui.qtfixes.signals import emit

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, rows: Sequence[Row] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = list(rows)
        self._column_count: int | None = None  # fixed per model; views ask very often

    # -- what subclasses define ---------------------------------------------------------

    def headers(self) -> list[str]:
        raise NotImplementedError

    def cell(self, row: Row, column: int, role: int) -> Any:
        """The value of one cell for ``role`` (DisplayRole, ToolTipRole...), or None."""
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row(self, position: int) -> Row:
        return self._rows[position]

    def row_at(self, index: Index) -> Row | None:
        return self._rows[index.row()] if index.isValid() else None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            emit(self.headerDataChanged, Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, self.columnCount() - 1)
            emit(self.dataChanged, self.index(0, 0), last)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        if self._column_count is None:
            self._column_count = len(self.headers())
        return 0 if parent.isValid() else self._column_count

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            names = self.headers()
            return names[section] if 0 <= section < len(names) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        value = self.cell(self._rows[index.row()], index.column(), role)
        if value is None and role == Qt.ItemDataRole.ToolTipRole:
            # A cell cut short by a narrow column still says its whole text on hover.
            shown = self.cell(self._rows[index.row()], index.column(), Qt.ItemDataRole.DisplayRole)
            return shown if isinstance(shown, str) and shown else None
        return value

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
