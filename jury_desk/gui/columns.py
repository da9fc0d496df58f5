"""Tables whose name column gets the room: the other columns as wide as their figures and
titles, the names whatever width is left (elided, whole in the tooltip, when the window is
truly short of it), and never narrower than their own title (issue 15: "andidat", "J…").

``NamesTakeTheRest`` refits the name column each time the table's viewport changes width
(the window, a splitter, a scroll bar appearing); the other columns are measured only when
their contents change, by the page that owns the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

FEWEST_CHARS = 12  # a cut name shows at least this many average characters, else it scrolls
SPARE_FOR_CHARS = 20  # the names' width, in average characters, worth a spare column
TITLE_PADDING = 8  # a header section's margins around its title (Qt's: 2 × 4 px)
# A scroll area's property: its content may be wider than it (a table with a column per
# criterion in a narrow pane, a document zoomed in); ``layout_check`` lets it scroll sideways.
SIDEWAYS_OK = "mayScrollSideways"


def title_width(table: QTableView, column: int) -> int:
    """The width at which ``column``'s title shows whole, with its sort arrow if the table
    is sorted on it (Qt's own size hint keeps room for the arrow in every column)."""
    header = table.horizontalHeader()
    title = str(table.model().headerData(column, header.orientation()) or "")
    metrics = header.fontMetrics()
    width = max((metrics.horizontalAdvance(line) for line in title.split("\n")), default=0)
    sorted_here = header.isSortIndicatorShown() and header.sortIndicatorSection() == column
    return width + TITLE_PADDING + (sort_arrow_width(table) if sorted_here else 0)


def sort_arrow_width(table: QTableView) -> int:
    """What Qt adds to a section for its sort arrow (its height and a margin)."""
    header = table.horizontalHeader()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    return header.sizeHint().height() + margin


def shown_columns(table: QTableView) -> list[int]:
    header = table.horizontalHeader()
    return [c for c in range(header.count()) if not header.isSectionHidden(c)]


class NamesTakeTheRest(QObject):
    """Keeps ``column`` of ``table`` as wide as the viewport leaves it, at least its title
    (or ``least_chars`` average characters). ``spare`` columns are hidden while the names
    would be cut with them shown, and come back once there is room for both."""

    def __init__(
        self,
        table: QTableView,
        column: int,
        *,
        least_chars: int = FEWEST_CHARS,
        spare: tuple[int, ...] = (),
    ) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        self.least_chars = least_chars
        self.spare = spare
        self._spare_widths: dict[int, int] = {}
        self.shortened: dict[int, tuple[int, int]] = {}  # see ``shorten``
        self.names_width = 0
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._other_resized)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:  # a column sized to its contents grew or shrank
            self.fit()

    def least(self) -> int:
        chars = self.least_chars * self.table.fontMetrics().averageCharWidth()
        return max(title_width(self.table, self.column), chars)

    def shorten(self, column: int, short: int, whole: int, names: int) -> None:
        """``column`` is ``short`` wide (elided, a long decision), and gets back up to its
        ``whole`` width from what the window has beyond the names' own ``names`` width."""
        self.shortened[column] = (short, whole)
        self.names_width = names

    def fit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        if self._fitting or self.column >= header.count() or header.isSectionHidden(self.column):
            return
        self._fitting = True  # resizing a column below calls back here
        try:
            self._fit(table, header)
        finally:
            self._fitting = False

    def _fit(self, table: QTableView, header: QHeaderView) -> None:
        width = table.viewport().width()
        if self.spare:
            self._spare_columns(width)
        shown = [c for c in shown_columns(table) if c != self.column]
        rest = width - sum(
            self.shortened[c][0] if c in self.shortened else header.sectionSize(c) for c in shown
        )
        surplus = rest - self.names_width  # beyond the names whole: to the shortened ones
        for column, (short, whole) in self.shortened.items():
            given = max(0, min(surplus, whole - short))
            surplus -= given
            rest -= given
            if column in shown and header.sectionSize(column) != short + given:
                header.resizeSection(column, short + given)
        rest = max(self.least(), rest)
        if header.sectionSize(self.column) != rest:
            header.resizeSection(self.column, rest)

    def _spare_columns(self, width: int) -> None:
        """Hide the spare columns while the names (up to SPARE_FOR_CHARS characters: a
        very long name alone would hide them always) would be cut with them shown."""
        table, header = self.table, self.table.horizontalHeader()
        spare = [c for c in self.spare if c < header.count()]
        kept = [c for c in shown_columns(table) if c not in spare and c != self.column]
        others = sum(header.sectionSize(c) for c in kept)
        for column in spare:  # as wide as the page made them, remembered while hidden
            if not header.isSectionHidden(column):
                self._spare_widths[column] = header.sectionSize(column)
        spared = sum(
            self._spare_widths.get(c) or max(table.sizeHintForColumn(c), title_width(table, c))
            for c in spare
        )
        chars = SPARE_FOR_CHARS * table.fontMetrics().averageCharWidth()
        names = max(self.least(), min(table.sizeHintForColumn(self.column), chars))
        hide = width - others - spared < names
        for column in spare:
            if header.isSectionHidden(column) != hide:
                header.setSectionHidden(column, hide)
