"""Keyboard first (issue 15): every interactive widget has a name a screen reader can say,
Tab goes through each dialog in reading order and leaves tables, the focus is visible,
and the shortcuts listed by F1 do what they say."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QWidget,
)

from jury_desk.gui import shortcuts
from jury_desk.gui.style import focus_chain
from tests.gui.screens import tour
from tests.gui.session_driver import check_in, open_demo, sign_in

INTERACTIVE = (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QAbstractSpinBox,
    QPlainTextEdit,
    QAbstractItemView,
    QTabBar,
)
FIELDS = (QComboBox, QLineEdit, QAbstractSpinBox, QPlainTextEdit)


def value_of(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    return ""


def unnamed(root: QWidget) -> list[str]:
    """Interactive widgets in sight that a screen reader could not name. A field is named by
    its own accessible name or by the label that is its buddy (Linux's screen readers read
    a combo box's value as its name, and say the label through the "labelled by" link)."""
    labelled = {id(lab.buddy()) for lab in root.findChildren(QLabel) if lab.buddy() is not None}
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue  # a table's header is part of the table
        if not widget.isVisibleTo(root) or widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (a spin box's line edit, a scroll area's viewport)
        if widget.accessibleName().strip() or id(widget) in labelled:
            continue
        if isinstance(widget, FIELDS) or isinstance(widget, QAbstractItemView):
            missing.append(f"{type(widget).__name__}#{widget.objectName()}")
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if not (interface and interface.text(QAccessible.Text.Name).strip()):
            missing.append(f"{type(widget).__name__}#{widget.objectName()}")
    return missing


def test_every_interactive_widget_has_an_accessible_name(qtbot, window, notices):
    window.resize(1366, 768)
    found = {what: unnamed(root) for what, root in tour(qtbot, window)}
    missing = {what: names for what, names in found.items() if names}
    assert missing == {}, " ".join(sorted({name for names in missing.values() for name in names}))


def test_the_check_finds_a_field_without_a_name(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    field = QLineEdit(root)
    field.setObjectName("anonymous")
    root.show()
    assert unnamed(root) == ["QLineEdit#anonymous"]
    field.setAccessibleName("Motif")
    assert unnamed(root) == []


def tab_through(qtbot, dialog: QDialog) -> list[QWidget]:
    """The widgets Tab visits from the first focused one, once round."""
    start = QApplication.focusWidget()
    assert start is not None and dialog.isAncestorOf(start)
    visited = [start]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is start:
            return visited
        visited.append(now)
    names = [w.objectName() or type(w).__name__ for w in visited[:12]]
    raise AssertionError(f"{dialog.objectName()}: Tab never came back: {names}")


def test_tab_goes_through_every_dialog_in_reading_order(qtbot, window, notices):
    window.resize(1366, 768)
    checked = []
    for what, root in tour(qtbot, window):
        if not isinstance(root, QDialog):
            continue
        root.activateWindow()
        qtbot.waitUntil(lambda root=root: root.isAncestorOf(QApplication.focusWidget()))
        visited = tab_through(qtbot, root)
        expected = focus_chain(root)
        # Every control once, from the current one on, in reading order (top to bottom,
        # left to right): the reopen dialog's passphrase is no longer skipped.
        first = expected.index(visited[0])
        assert visited == expected[first:] + expected[:first], what
        checked.append(what)
    assert len(checked) >= 10


def test_tab_leaves_a_table_and_arrows_move_within_it(qtbot, window, notices):
    page = open_demo(qtbot, window, "admission")
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"):
        check_in(qtbot, page, member)
    sign_in(qtbot, page, "m-mines-1")
    scoring = page.scoring
    window.activateWindow()
    qtbot.waitUntil(scoring.worklist_table.hasFocus)
    first = scoring.candidate_id
    qtbot.keyClick(scoring.worklist_table, Qt.Key.Key_Down)
    assert scoring.candidate_id != first  # the arrows move within the table
    moved = scoring.candidate_id
    qtbot.keyClick(scoring.worklist_table, Qt.Key.Key_Tab)
    assert not scoring.worklist_table.hasFocus()  # Tab leaves it...
    assert scoring.candidate_id == moved  # ...and selects nothing else


def test_the_focused_control_is_drawn_differently(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    from PySide6.QtWidgets import QVBoxLayout

    from jury_desk.gui.style import apply_style

    apply_style(QApplication.instance())
    layout = QVBoxLayout(root)
    widgets = [QPushButton("Sceller"), QLineEdit("14"), QComboBox()]
    widgets[2].addItem("Français")
    for widget in widgets:
        layout.addWidget(widget)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    for widget in widgets:
        widgets[0 if widget is not widgets[0] else 1].setFocus()
        qtbot.waitUntil(lambda widget=widget: not widget.hasFocus())
        before = widget.grab().toImage()
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert widget.grab().toImage() != before, type(widget).__name__


def press_keys(qtbot, name: str) -> None:
    """The shortcut's keys, typed on whatever has the focus (as a user does)."""
    combination = shortcuts.keys(name)[0]
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, combination.key(), combination.keyboardModifiers())


def test_the_shortcuts_do_what_f1_says(qtbot, window, notices):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.start_page.setFocus()
    press_keys(qtbot, "help")
    help_overlay = window.help
    assert help_overlay is not None and help_overlay.isVisible()
    assert help_overlay.findChild(QWidget, "keys-search").text() == "<b>Ctrl+F</b>"
    help_overlay.close()
    page = open_demo(qtbot, window, "admission")
    window.activateWindow()
    page.lobby_button.setFocus()
    qtbot.waitUntil(page.lobby_button.hasFocus)
    press_keys(qtbot, "board")
    assert page.stack.currentWidget() is page.board
    page.board.select_candidate("ADM-01")
    page.board.table.setFocus()
    press_keys(qtbot, "next")
    assert page.board.pane.candidate_id == "ADM-02"
    press_keys(qtbot, "previous")
    assert page.board.pane.candidate_id == "ADM-01"
    press_keys(qtbot, "search")
    assert page.board.search.hasFocus()
    press_keys(qtbot, "projector")
    assert page.board.projector_button.isChecked() and not page.board.detail.isVisible()
    press_keys(qtbot, "projector")
    assert not page.board.projector_button.isChecked()
    press_keys(qtbot, "lobby")
    assert page.stack.currentWidget() is page.lobby
