"""What a user would call a broken screen, found from the widgets themselves.

- two visible widgets of one layout that overlap (buttons drawn over a table);
- a label cut short: a one-line label narrower than its text, or a wrapped one shorter
  than its lines;
- a table header narrower than its title ("andidat");
- a table or pane that scrolls sideways: its columns or its content wider than the window
  gives them (what is at the right goes unseen).

Used by the GUI tests (at 1366×768 in French, nothing may be found) and by
``tools/screenshots.py``, which lists what it finds at every size it shoots.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QLayout,
    QTableView,
    QWidget,
)

from jury_desk.gui.columns import FEWEST_CHARS, SIDEWAYS_OK, sort_arrow_width

HEADER_MARGIN = 8  # a header section's own padding, around its title


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    """The widgets a layout places, nested layouts included."""
    found: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            found.append(widget)
        elif inner is not None:
            found.extend(_layout_widgets(inner))
    return found


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.width() > 0 and widget.height() > 0


def _in_view(widget: QWidget) -> bool:
    """False for what sits in a scroll area's hidden part (the user scrolls to it)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            viewport = parent.viewport()
            top_left = widget.mapTo(viewport, widget.rect().topLeft())
            return viewport.rect().intersects(QRect(top_left, widget.size()))
        parent = parent.parentWidget()
    return True


def overlaps(root: QWidget) -> list[str]:
    problems = []
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not _shown(parent, root) and parent is not root:
            continue
        placed = [w for w in _layout_widgets(layout) if _shown(w, root)]
        for i, first in enumerate(placed):
            for second in placed[i + 1 :]:
                shared = first.geometry().intersected(second.geometry())
                if shared.width() > 1 and shared.height() > 1:
                    problems.append(
                        f"overlap: {_name(first)} and {_name(second)} in {_name(parent)}"
                    )
    return problems


def elided_labels(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QLabel):
        text = widget.text()
        if not text or not _shown(widget, root) or not _in_view(widget) or widget.pixmap():
            continue
        hint = widget.sizeHint()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 2:
                problems.append(f"cut: {_name(widget)} {needed}px tall in {widget.height()}px")
        elif hint.width() > widget.width() + 2:
            problems.append(f"cut: {_name(widget)} {hint.width()}px wide in {widget.width()}px")
    return problems


def elided_headers(root: QWidget) -> list[str]:
    problems = []
    for table in root.findChildren(QTableView):
        if not _shown(table, root) or not _in_view(table):
            continue
        header: QHeaderView = table.horizontalHeader()
        if not header.isVisible():
            continue
        model, metrics = table.model(), header.fontMetrics()
        for column in range(header.count()):
            if header.isSectionHidden(column):
                continue
            title = str(model.headerData(column, header.orientation()) or "")
            needed = max((metrics.horizontalAdvance(t) for t in title.split("\n")), default=0)
            if needed + HEADER_MARGIN > header.sectionSize(column):
                problems.append(
                    f"header cut: {_name(table)} «{title}» {needed}px in "
                    f"{header.sectionSize(column)}px"
                )
    return problems


def elided_cells(root: QWidget, rows: int = 40) -> list[str]:
    """Cells of the rows in sight cut short while another column of the table has the room
    they lack (names are cut only when the window truly lacks space), cut to a few letters
    ("Oluw…": the window lacks the space, the layout must find it), or cut without their
    whole text in a tooltip."""
    problems = []
    for table in root.findChildren(QTableView):
        if not _shown(table, root) or not _in_view(table) or table.wordWrap():
            continue
        header, model, metrics = table.horizontalHeader(), table.model(), table.fontMetrics()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        needed: dict[int, int] = {}
        widest: dict[int, tuple[str, str]] = {}
        for column in columns:
            title = str(model.headerData(column, header.orientation()) or "")
            # The title's own need: Qt's size hint (its margins), without the sort arrow's
            # room where the table is not sorted on this column.
            hint = header.sectionSizeHint(column)
            if header.isSortIndicatorShown() and header.sortIndicatorSection() != column:
                hint -= sort_arrow_width(table)
            needed[column] = max(
                header.fontMetrics().horizontalAdvance(title) + HEADER_MARGIN, hint
            )
            for row in range(min(rows, model.rowCount())):
                index = model.index(row, column)
                text = str(model.data(index) or "")
                width = metrics.horizontalAdvance(text) + HEADER_MARGIN
                if width > needed[column]:
                    needed[column] = width
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    widest[column] = (text, str(tip or ""))
        for column in widest:
            lack = needed[column] - header.sectionSize(column)
            if lack <= 2:
                continue
            text, tip = widest[column]
            if header.sectionSize(column) < FEWEST_CHARS * metrics.averageCharWidth():
                problems.append(f"cell cut to a few letters: {_name(table)} «{text[:30]}»")
                continue
            slack = sum(max(0, header.sectionSize(c) - needed[c]) for c in columns if c != column)
            if slack >= lack:
                problems.append(
                    f"cell cut: {_name(table)} «{text[:30]}» lacks {lack}px, "
                    f"other columns have {slack}px to spare"
                )
            elif text not in tip:
                problems.append(f"cell cut without a tooltip: {_name(table)} «{text[:30]}»")
    return problems


def sideways(root: QWidget) -> list[str]:
    """Scroll areas in sight whose content is wider than their viewport. A document the
    member zoomed into may scroll sideways: its viewer says so (``SIDEWAYS_OK``)."""
    problems = []
    for area in root.findChildren(QAbstractScrollArea):
        if not _shown(area, root) or not _in_view(area) or area.property(SIDEWAYS_OK):
            continue
        hidden = area.horizontalScrollBar().maximum()  # pixels, or columns for a table
        if hidden > 0:
            problems.append(f"scrolls sideways: {_name(area)} by {hidden}")
    return problems


def problems(root: QWidget) -> list[str]:
    """Everything above, for the visible part of ``root``."""
    return (
        overlaps(root)
        + elided_labels(root)
        + elided_headers(root)
        + elided_cells(root)
        + sideways(root)
    )


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel) else ""
    name = widget.objectName() or type(widget).__name__
    return f"{name}«{text[:30]}»" if text else name
