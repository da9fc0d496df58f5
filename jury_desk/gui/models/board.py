"""The board's tables: every candidate's state, means, flags, proposal and approvals (over
``service.board(viewer)``), a filter proxy for the search box, and a candidate's revealed
sheets (over ``candidate_detail(...).sheets``). The service already hides what the viewer
may not see; an absent figure is simply an empty cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from jury_desk.bundle.manifest import Institution, Rubric
from jury_desk.core.proposals import RENVOI
from jury_desk.deliberation.readmodels import STATES, BoardRow, SheetView
from jury_desk.gui.i18n import current_language, fill
from jury_desk.gui.models.table import Index, RowsTableModel
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.words import labels

SORT_ROLE = Qt.ItemDataRole.UserRole
STATE_COLOURS = {
    "scoring": QColor("#eef1f5"),
    "revealed": QColor("#e3edf9"),
    "discussion": QColor("#fdf0d5"),
    "proposed": QColor("#e8e3f6"),
    "approved-partial": QColor("#e2f2e6"),
    "final": QColor("#c8e6cf"),
    "not-deliberated": QColor("#e6e6e6"),  # settled, but nothing was decided
}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def short_school(name: str) -> str:
    """ "Mines Paris – PSL" -> "Mines": short enough for a column header."""
    return name.split()[0] if name.split() else name


class BoardModel(RowsTableModel[BoardRow]):
    FIXED = 3  # N°, candidate, state; then one mean per school, then the rest

    BORDERLINE_FIRST = -1  # the "column" of the borderline-first order (graduation)

    def __init__(
        self,
        institutions: Sequence[Institution],
        parent: QObject | None = None,
        *,
        diploma: bool = False,
        names: Mapping[str, str] | None = None,
    ):
        super().__init__((), parent)
        self.institutions = list(institutions)
        self.names = dict(names or {})  # member id -> name, to say who has sealed
        # Graduation on the diploma average: one more column, the average, and the
        # borderline-first order the service gives (BoardView.borderline_first).
        self.diploma = diploma
        # A mean per school, except at graduation on the diploma average: there the table
        # shows the average instead (the schools' means of the jury's unit stay in the
        # candidate's detail; the overall keeps its ⚠), so it still fits the window.
        self.schools = [] if diploma else self.institutions
        self._first: dict[str, int] = {}
        self._order: tuple[int, Qt.SortOrder] | None = None  # (column, order) once sorted

    # -- sorting: here, in one Python sort, rather than by the proxy ---------------------
    # QSortFilterProxyModel would call lessThan (Python) for every comparison of the sort, at
    # each header click; sorting the rows here once, with precomputed keys, is far cheaper.
    # The proxy only filters and keeps this order (tests/benchmarks/bench_gui_board.py).

    def _sorted(self, rows: Sequence[BoardRow]) -> list[BoardRow]:
        if self._order is None:
            return list(rows)
        column, order = self._order
        keys = [self.sort_key(row, column) for row in rows]
        positions = sorted(
            range(len(rows)),
            key=keys.__getitem__,
            reverse=order == Qt.SortOrder.DescendingOrder,  # stable either way
        )
        return [rows[i] for i in positions]

    def set_rows(self, rows: Sequence[BoardRow], first: Sequence[str] = ()) -> None:
        self._first = {cid: i for i, cid in enumerate(first)}
        super().set_rows(self._sorted(rows))

    def sort_borderline_first(self) -> None:
        """The chair's order: the borderline graduates first (within a margin below a mark,
        or exactly one requirement missing), then the others, each in the bundle's order."""
        self.sort(self.BORDERLINE_FIRST)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < self.columnCount() or column == self.BORDERLINE_FIRST):
            return
        self._order = (column, order)
        emit(self.layoutAboutToBeChanged)
        before = {id(row): i for i, row in enumerate(self._rows)}
        self._rows = self._sorted(self._rows)
        moved = {before[id(row)]: i for i, row in enumerate(self._rows)}
        kept = self.persistentIndexList()  # the selection, the current cell...
        self.changePersistentIndexList(kept, [self.index(moved[i.row()], i.column()) for i in kept])
        emit(self.layoutChanged)

    def headers(self) -> list[str]:
        means = [short_school(i.name) for i in self.schools]
        return [
            self.tr("N°"),
            self.tr("Candidat"),
            self.tr("État"),
            *means,
            self.tr("Globale"),
            *([self.tr("Moyenne")] if self.diploma else []),
            self.tr("Proposition"),
        ]

    def row_of(self, candidate_id: str) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.candidate_id == candidate_id:
                return row
        return None

    def _column(self, column: int) -> str:
        n = len(self.schools)
        if column < self.FIXED:
            return ("id", "name", "state")[column]
        if column < self.FIXED + n:
            return "mean"
        rest = ("overall", "average", "proposal") if self.diploma else ("overall", "proposal")
        return rest[column - self.FIXED - n]

    def _mean(self, row: BoardRow, column: int) -> float | None:
        if row.reconciliation is None:
            return None
        code = self.schools[column - self.FIXED].code
        return row.reconciliation.institution_means.get(code)

    def _state(self, row: BoardRow) -> str:
        if row.state == "scoring":
            return fill(self.tr("Notation (%1/%2)"), row.sealed, row.expected)
        renvoi = row.proposal is not None and row.proposal.decision == RENVOI
        if renvoi and row.state in ("proposed", "approved-partial"):
            # A pending renvoi decides nothing on the merits: never "Décision proposée".
            return self.tr("Renvoi proposé (non délibéré)")
        if row.state == "approved-partial":
            done = [
                short_school(i.name)
                for i in self.institutions
                if not row.approvals_missing.get(i.code)  # the service counts the slot
            ]
            return fill(self.tr("Approuvée par %1"), ", ".join(done))
        return labels.word(labels.STATES, row.state)

    def _approvals_tip(self, row: BoardRow) -> str:
        lines = [
            fill(self.tr("%1 (%2) à %3"), a.member_name, a.institution, labels.clock(a.at))
            for approvals in row.approvals.values()
            for a in approvals
        ]
        return "\n".join(lines) or self.tr("Aucune approbation pour l'instant.")

    def display(self, row: BoardRow, column: int) -> str:
        kind = self._column(column)
        rec = row.reconciliation
        if kind == "id":
            return row.candidate_id
        if kind == "name":
            return row.name if row.name is not None else self.tr("(masqué)")
        if kind == "state":
            return self._state(row)
        if kind == "mean":
            return labels.score(self._mean(row, column)) if rec is not None else ""
        if kind == "overall":
            if rec is None:
                return ""
            return labels.score(rec.overall) + (" ⚠" if rec.flags else "")  # flagged
        if kind == "average":
            g = row.graduate
            if g is None or g.average is None:
                return ""
            return labels.score(g.average) + (" ◆" if g.borderline else "")
        if kind == "proposal":
            p = row.proposal
            return labels.decision_text(p.decision, p.mention) if p is not None else ""
        return ""

    def _graduate_tip(self, row: BoardRow) -> str | None:
        g = row.graduate
        if g is None:
            return None
        lines = [
            fill(
                self.tr("ECTS : %1 sur %2"), labels.number(g.ects), labels.number(g.ects_required)
            ),
            fill(
                self.tr("Business cases : %1 sur %2"),
                g.business_cases,
                g.business_cases_required,
            ),
        ]
        if g.placement is not None:
            lines.append(
                fill(
                    self.tr("Stage ou apprentissage : %1"),
                    labels.word(labels.PLACEMENT_STATUSES, g.placement),
                )
            )
        if g.missing:
            lines.append(fill(self.tr("Manque : %1"), ", ".join(g.missing)))
        if g.borderline and g.near_mark is not None and not g.missing:
            lines.append(fill(self.tr("◆ Cas limite : juste sous %1"), labels.number(g.near_mark)))
        elif g.borderline:
            lines.append(self.tr("◆ Cas limite : une seule condition manque"))
        if g.proposal is not None:
            lines.append(
                fill(
                    self.tr("Proposition des règles : %1"),
                    labels.decision_text(g.proposal.decision, g.proposal.mention),
                )
            )
        return "\n".join(lines)

    def tooltip(self, row: BoardRow, column: int) -> str | None:
        kind = self._column(column)
        if kind == "average":
            return self._graduate_tip(row)
        if row.viewer_conflicted and kind in ("mean", "overall", "proposal"):
            return self.tr("Conflit d'intérêts déclaré : ces notes ne vous sont pas montrées.")
        if kind == "state" and row.state == "scoring":
            expected = self.tr("Feuilles scellées : %1 sur %2 attendues")
            tip = fill(expected, row.sealed, row.expected)
            if row.sealed_by:  # who, never what: the values stay sealed until the reveal
                names = ", ".join(self.names.get(m, m) for m in row.sealed_by)
                tip += "\n" + fill(self.tr("Scellées par : %1"), names)
            return tip
        if kind == "state":
            return self._approvals_tip(row)
        if kind == "overall" and row.reconciliation is not None and row.reconciliation.flags:
            flags = labels.flags_text(row.reconciliation.flags)
            if row.has_note:
                return fill(
                    self.tr("⚠ Signalé (%1) ; une note de discussion a été ajoutée."), flags
                )
            return fill(
                self.tr("⚠ Signalé (%1) : une note de discussion est requise avant de proposer."),
                flags,
            )
        if kind in ("mean", "overall") and row.reconciliation is not None:
            return self.tr("Moyenne sur 20 ; la note globale est la moyenne des deux écoles.")
        if kind == "proposal" and row.proposal is not None:
            p = row.proposal
            source = (
                self.tr("proposée par les règles")
                if p.source == "rule"
                else self.tr("proposée par le jury")
            )
            # A rule decision's stored justification is the rules' reasons in the core's
            # English: the candidate pane words them; only the jury's own is shown here.
            why = p.justification if p.source == "jury" else ""
            # The decision in full first: the column may be too narrow for it (elided).
            return f"{self.display(row, column)} ({source})\n{why}".strip()
        return None

    def sort_key(self, row: BoardRow, column: int) -> Any:
        if column == self.BORDERLINE_FIRST:
            return self._first.get(row.candidate_id, len(self._first))
        kind = self._column(column)
        if kind == "average":
            g = row.graduate
            return g.average if g is not None and g.average is not None else -1.0
        if kind == "state":
            return STATES.index(row.state) if row.state in STATES else -1
        if kind == "mean":
            return self._mean(row, column) or -1.0
        if kind == "overall":
            rec = row.reconciliation
            return rec.overall if rec is not None and rec.overall is not None else -1.0
        return self.display(row, column)

    def cell(self, row: BoardRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == SORT_ROLE:
            return self.sort_key(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and self._column(column) == "state":
            return QBrush(STATE_COLOURS.get(row.state, QColor("white")))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._column(column)
            if kind in ("mean", "overall", "average"):
                return RIGHT
        return None


class BoardFilter(QSortFilterProxyModel):
    """The search box: a candidate matches if any of its cells contains the text.

    Matching reads a per-candidate cache, built once after each change of the board:
    otherwise every keystroke calls the Python model for every cell
    (``tests/benchmarks/bench_gui_board.py``). Sorting is the board
    model's own (``BoardModel.sort``): this proxy never sorts, it keeps the model's order.
    """

    def __init__(self, source: BoardModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._board = source
        self._needle = ""
        self._haystacks: dict[str, str] | None = None  # candidate -> its cells, casefolded
        for changed in (source.modelReset, source.dataChanged, source.headerDataChanged):
            changed.connect(self._forget)  # before the proxy re-filters (connected first)
        self.setSourceModel(source)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def _forget(self, *_args: object) -> None:
        self._haystacks = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._board.sort(column, order)  # the proxy follows the source's new layout

    def setFilterFixedString(self, pattern: str) -> None:
        self._needle = pattern.casefold()
        super().setFilterFixedString(pattern)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        board = self._board
        if self._haystacks is None:
            columns = range(board.columnCount())
            self._haystacks = {
                row.candidate_id: "\n".join(board.display(row, c) for c in columns).casefold()
                for row in board.rows()
            }
        return self._needle in self._haystacks[board.row(source_row).candidate_id]

    def candidate_at(self, proxy_row: int) -> BoardRow | None:
        source = self.mapToSource(self.index(proxy_row, 0))
        model = self.sourceModel()
        assert isinstance(model, BoardModel)
        return model.row_at(source)


class SheetsModel(RowsTableModel[SheetView]):
    """A revealed candidate's sheets: each member's scores, total and revision."""

    def __init__(self, rubric: Rubric, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.rubric = rubric

    def criterion_names(self) -> list[str]:
        english = current_language() == "en"
        return [c.label.en if english else c.label.fr for c in self.rubric.criteria]

    def headers(self) -> list[str]:
        # The first word of each criterion keeps the table narrow; the tooltip says it all.
        short = [name.split()[0] for name in self.criterion_names()]
        return [self.tr("Membre"), *short, self.tr("Total")]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        names = self.criterion_names()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and 1 <= section <= len(names)
        ):
            return names[section - 1]
        return super().headerData(section, orientation, role)

    def cell(self, row: SheetView, column: int, role: int) -> Any:
        n = len(self.rubric.criteria)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{row.member_name} ({row.institution})"
            if 1 <= column <= n:
                return labels.number(row.scores.get(self.rubric.criteria[column - 1].id))
            if column == n + 1:
                return labels.score(row.total) + (" *" if row.revision else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 1:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == n + 1 and row.revision:
            return self.tr("* Révisée après la révélation (les anciennes valeurs sont gardées).")
        return None
