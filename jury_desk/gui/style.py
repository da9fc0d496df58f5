"""The desk's look: large, calm and readable for a jury room (and a projector).

Widgets opt in to a look with a dynamic property (``role``) rather than ad-hoc styles, so
the whole app stays consistent and this is the one place to tune it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QSplitter, QTableView

BASE_POINT_SIZE = 11
ROW_TOLERANCE = 6  # pixels between the middles of two widgets on one row
USER_SIZED = "userSized"  # a splitter's property: its sizes are the member's

STYLE_SHEET = """
QLabel[role="title"] { font-size: 22pt; font-weight: 600; color: #1d2b3a; }
QLabel[role="pagetitle"] { font-size: 17pt; font-weight: 600; color: #1d2b3a; }
QLabel[role="sessiontitle"] { font-size: 15pt; font-weight: 600; color: #1d2b3a; }
QLabel[role="subtitle"] { font-size: 12pt; color: #4a5560; }
QLabel[role="section"] { font-size: 14pt; font-weight: 600; color: #1d2b3a; }
QLabel[role="hint"] { color: #4a5560; }
QLabel[role="technical"] { font-size: 9pt; color: #5f6b76; }
QLabel[role="ok"] { color: #1e6b30; font-weight: 600; }
QLabel[role="error"] { color: #b3261e; font-weight: 600; }
QLabel[role="quorum-met"] {
    color: #1e6b30; background: #e2f2e6; border-radius: 4px; padding: 4px 10px; font-weight: 600;
}
QLabel[role="quorum-unmet"] {
    color: #8a1c14; background: #fbe4e1; border-radius: 4px; padding: 4px 10px; font-weight: 600;
}
QLabel#demoBanner {
    background: #b3261e; color: white; font-size: 12pt; font-weight: 700; padding: 8px;
}
QPushButton { padding: 6px 16px; min-height: 24px; }
QPushButton[role="primary"] {
    font-size: 13pt; padding: 12px 22px; min-height: 32px; text-align: left;
    background: #1d4f91; color: white; border: 1px solid #163d70; border-radius: 6px;
}
QPushButton[role="primary"]:hover { background: #245ca8; }
QPushButton[role="primary"]:disabled { background: #9aa8b8; border-color: #8794a3; }
QPushButton[role="large"] { font-size: 12pt; padding: 10px 20px; min-height: 28px; }
QPushButton[role="nav"] { padding: 6px 14px; }
QPushButton[role="nav"]:checked { background: #1d4f91; color: white; border: 1px solid #163d70; }
QPushButton[role="link"] {
    border: none; background: transparent; color: #1d4f91; text-decoration: underline;
    padding: 2px 0; min-height: 0;
}
QGroupBox { font-size: 12pt; font-weight: 600; margin-top: 14px; padding-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QTableView { font-size: 11pt; }
/* The keyboard's place, plainly visible on every focusable control (issue 15). */
QPushButton:focus, QToolButton:focus, QComboBox:focus, QLineEdit:focus, QAbstractSpinBox:focus,
QPlainTextEdit:focus, QTextEdit:focus, QCheckBox:focus, QRadioButton:focus,
QAbstractItemView:focus {
    border: 2px solid #d9730d; border-radius: 4px;
}
QPushButton[role="primary"]:focus { border: 3px solid #d9730d; }
"""


def apply_style(app: QApplication) -> None:
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def set_role(widget: QWidget, role: str) -> None:
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def label(role: str, *, wrap: bool = True, name: str | None = None) -> QLabel:
    out = QLabel()
    out.setProperty("role", role)
    out.setWordWrap(wrap)
    if name:
        out.setObjectName(name)
    return out


def button(role: str, name: str) -> QPushButton:
    out = QPushButton()
    out.setProperty("role", role)
    out.setObjectName(name)
    return out


def table_view(name: str, model: QAbstractItemModel, *, stretch: int) -> QTableView:
    """A read-only table of whole-row, single selections; columns fit their content and the
    ``stretch`` column takes the rest of the width."""
    # Imported with the first table, not with this module: the start screen shows none.
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    # Tab leaves the table for the next control; the arrows move within it.
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def allow(widget: QWidget, why_not: str | None, tip: str = "") -> None:
    """Enable ``widget``, or disable it with a tooltip that says why (no dead control)."""
    widget.setEnabled(why_not is None)
    widget.setToolTip(tip if why_not is None else why_not)


def bring_into_view(widget: QWidget) -> None:
    """Scroll the scroll area holding ``widget`` until it is in sight (an error just shown)."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        area = parent  # once the error's new height is laid out
        QTimer.singleShot(0, widget, lambda: area.ensureWidgetVisible(widget, 10, 10))


def focus_chain(root: QWidget) -> list[QWidget]:
    """The controls of ``root`` that Tab should visit, in reading order: top to bottom, then
    left to right (the widget that really takes the focus, for a spin box its field)."""
    from PySide6.QtCore import QPoint, Qt

    found: list[tuple[int, int, QWidget]] = []
    for widget in root.findChildren(QWidget):
        if widget.focusProxy() is not None or widget.window() is not root:
            continue
        if not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if not widget.isVisibleTo(root) or not widget.isEnabled():
            continue
        at = widget.mapTo(root, QPoint(0, 0))
        found.append((at.y() + widget.height() // 2, at.x(), widget))
    rows: list[tuple[int, int, QWidget]] = []
    for middle, left, widget in sorted(found, key=lambda f: (f[0], f[1])):
        # Widgets whose middles are within a few pixels sit on one row (a label's field,
        # the buttons of a button box): left to right.
        line = rows[-1][0] if rows and middle - rows[-1][0] <= ROW_TOLERANCE else middle
        rows.append((line, left, widget))
    return [widget for _line, _left, widget in sorted(rows, key=lambda r: (r[0], r[1]))]


def order_tabs(root: QWidget) -> None:
    """Tab follows the reading order, whatever order the widgets were made or moved in
    (a dialog's body made before the dialog came last, so Tab skipped fields)."""
    chain = focus_chain(root)
    for before, after in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(before, after)


def fit_height(dialog: QWidget) -> None:
    """Make ``dialog`` tall enough for its wrapped text at the width it has (a dialog
    narrower than it wished, on a small screen, kept the height of its wished width and
    its buttons covered its last field)."""
    layout = dialog.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = layout.totalHeightForWidth(dialog.width())
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)


class ShownWhole:
    """Mix into a QDialog (first base). Once shown, Tab follows the reading order and the
    dialog is tall enough for all it says."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # type: ignore[misc]
        widget = self
        assert isinstance(widget, QWidget)
        fit_height(widget)

        def laid_out() -> None:
            order_tabs(widget)
            fit_height(widget)

        QTimer.singleShot(0, widget, laid_out)


def user_sized(splitter: QSplitter) -> bool:
    """True once the member dragged ``splitter``'s handle, now or in an earlier session
    (``MainWindow`` restores it): a page then stops sharing its width by itself."""
    return bool(splitter.property(USER_SIZED))


def step_row(table: QTableView, delta: int) -> None:
    """Select the row ``delta`` rows from the selected one (the next or previous candidate)."""
    rows = table.selectionModel().selectedRows()
    current = rows[0].row() if rows else -1
    target = max(0, min(table.model().rowCount() - 1, current + delta))
    if target != current:
        table.selectRow(target)


def table_width(table: QTableView) -> int:
    """The width at which every column of ``table`` shows its title and cells whole."""
    header = table.horizontalHeader()
    columns = sum(
        max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
        for c in range(header.count())
        if not header.isSectionHidden(c)
    )
    return columns + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()


def fit_rows(
    table: QTableView,
    most: int | None = None,
    *,
    least: int | None = None,
    sideways: bool = False,
) -> None:
    """Make a table of one-line rows as tall as its rows (at most ``most`` of them, the rest
    scrolls): all in sight, no empty space. With ``least``, the table may shrink to that many
    rows (scrolling the rest) when its page is short of room, and grows back to all of them.
    ``sideways``: the table may scroll sideways, and its scroll bar hides no row."""
    table.setWordWrap(False)
    count = table.model().rowCount()
    row = table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height() + 4
    if sideways:  # room for the scroll bar, whether it shows or not: its coming and going
        header += table.horizontalScrollBar().sizeHint().height()  # would re-lay the page

    def height(rows: int) -> int:
        return header + row * max(1, rows)

    full = height(min(count, most) if most is not None else count)
    if least is None:
        table.setFixedHeight(full)
    else:
        table.setMinimumHeight(height(min(count, least)))
        table.setMaximumHeight(full)


def breakable(text: str) -> str:
    """``text`` that may wrap after its hyphens: Qt keeps "Rochefoucauld-Montmorency" on one
    line, wider than a narrow pane, which then scrolls sideways (a zero-width space after
    each hyphen lets it break there)."""
    return text.replace("-", "-\u200b")


def group_hex(digest: str, per_line: int = 8) -> str:
    """A fingerprint in blocks of four, easier to compare aloud ("a1b2 c3d4 ...")."""
    blocks = [digest[i : i + 4] for i in range(0, len(digest), 4)]
    lines = [" ".join(blocks[i : i + per_line]) for i in range(0, len(blocks), per_line)]
    return "\n".join(lines)
