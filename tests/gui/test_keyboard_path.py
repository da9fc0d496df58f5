"""The whole demo path at 1024×700 with the keyboard alone (issue 15): key events only, from
the start screen to a verified, exported PV. Tab reaches every control, Space presses a
button, Enter confirms a dialog, the arrows choose a row; Qt's own folder chooser is
answered by typing the folder's path.

The same test runs in a real X window (``test_real_window.py``), on Qt's xcb platform.
"""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QTableView, QWidget

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.gui import shortcuts
from jury_desk.minutes.export import PV_NAME
from tests.gui.session_driver import WAIT_MS, focused, press, score_with_keyboard, type_text

# Qt's folder chooser asks the offscreen platform for what it does not do: nothing of ours.
OFFSCREEN_NOISE = "This plugin does not support (grabbing the keyboard|raise|propagateSizeHints)"
SECRET = "demo-jury"
PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")
SIZE = (1024, 700)


def tab_to(qtbot, target: QWidget) -> None:
    """Tab until ``target`` has the focus (it must be in the Tab chain)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)
    for _ in range(80):
        if QApplication.focusWidget() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()}")


def activate(qtbot, button: QWidget) -> None:
    tab_to(qtbot, button)
    assert button.isEnabled(), button.objectName()
    press(qtbot, Qt.Key.Key_Space)


def choose_row(qtbot, table: QTableView, row: int) -> None:
    tab_to(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(row):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    if not table.selectionModel().selectedRows():
        qtbot.keyClick(table, Qt.Key.Key_Space)  # the current row, not yet selected
    assert table.selectionModel().selectedRows()[0].row() == row


def back_to(qtbot, window) -> None:
    """A dialog closed: the main window is active again (a window manager does this; the
    offscreen platform needs telling) and some control of it has the focus."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT_MS)


def keys(qtbot, name: str) -> None:
    combination = shortcuts.keys(name)[0]
    qtbot.keyClick(focused(), combination.key(), combination.keyboardModifiers())


def accept_folder_chooser(tries: int = 100) -> None:
    """When the folder chooser is up, press Enter: it takes the existing folder it proposes.
    Never left open: after ``tries`` looks without one, or if Enter did not close it, the
    chooser is cancelled (the test then fails on the missing export, instead of hanging)."""

    def answer(left: int) -> None:
        dialog = next(
            (w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)),
            None,
        )
        ready = dialog is not None and dialog.isVisible()
        if ready and QApplication.activeWindow() is not dialog and left > 20:
            ready = False  # a real window manager gives it the keyboard first
        if not ready:
            if left:
                QTimer.singleShot(50, lambda: answer(left - 1))
            return
        focus = QApplication.focusWidget()
        QTest.keyClick(focus if dialog.isAncestorOf(focus) else dialog, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(50, lambda: answer(tries))


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE)
def test_the_demo_path_with_the_keyboard_alone(qtbot, window, notices, monkeypatch, tmp_path):
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    window.scrypt = FAST_FOR_TESTS  # the same scrypt code path, at a test's cost
    window.resize(*SIZE)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    start = window.start_page
    start.setFocus()
    activate(qtbot, start.findChild(QWidget, "openDemoAdmission"))
    qtbot.waitUntil(lambda: window.session_page is not None, timeout=WAIT_MS)
    page = window.session_page
    window.activateWindow()  # back from the verification's progress window

    # -- the lobby: four members check in, then two score ADM-01
    lobby = page.lobby
    rows = {seat.member.id: n for n, seat in enumerate(lobby.jury.rows())}
    for member in PRESENT:  # each first arrival: the passphrase chosen, typed twice
        choose_row(qtbot, lobby.jury_table, rows[member])
        activate(qtbot, lobby.check_in_button)
        dialog = lobby.dialog
        qtbot.waitUntil(lambda dialog=dialog: QApplication.focusWidget() is dialog.passphrase)
        type_text(qtbot, SECRET)
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, SECRET)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda member=member: member in window.service.present_members())
        back_to(qtbot, window)
    for member in ("m-mines-1", "m-albert-2"):
        choose_row(qtbot, lobby.jury_table, rows[member])
        activate(qtbot, lobby.sign_in_button)
        dialog = lobby.dialog
        qtbot.waitUntil(lambda dialog=dialog: QApplication.focusWidget() is dialog.passphrase)
        type_text(qtbot, SECRET)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.scoring is not None, timeout=WAIT_MS)
        window.activateWindow()
        qtbot.waitUntil(lambda: page.scoring.worklist_table.hasFocus())
        score_with_keyboard(qtbot, page, ["15"] * 4, member, SECRET)
        back_to(qtbot, window)
        keys(qtbot, "sign_out")
        qtbot.waitUntil(lambda: page.scoring is None)
        back_to(qtbot, window)

    # -- the board: reveal ADM-01, keep the rules' proposal, one approval per school
    back_to(qtbot, window)
    keys(qtbot, "board")
    board, pane = page.board, page.board.pane
    choose_row(qtbot, board.table, 0)
    activate(qtbot, pane.reveal_button)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.dialog.passphrase)
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.revealed, timeout=WAIT_MS)
    back_to(qtbot, window)
    activate(qtbot, pane.accept_rule_button)  # in the chair's name (the first offered)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is pane.dialog.passphrase)
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.detail is not None and pane.detail.proposal is not None)
    back_to(qtbot, window)
    for school in ("MINES", "ALBERT"):
        slot = pane.slots[school]
        tab_to(qtbot, slot.passphrase)
        type_text(qtbot, SECRET)
        press(qtbot, Qt.Key.Key_Return)
    assert board.progress.text() == "Décisions définitives : 1 sur 24"

    # -- the fictitious jury finishes; the chair closes
    activate(qtbot, page.fast_forward_button)
    forward = page.fast_forward.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is forward.passphrase)
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.fast_forward.task is None and bool(notices), timeout=60_000)
    back_to(qtbot, window)
    activate(qtbot, board.close_button)
    close = board.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is close.passphrase)
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.service.session_state() == "closed", timeout=WAIT_MS)
    back_to(qtbot, window)

    # -- the minutes: unlock both keys, export, verify
    keys(qtbot, "minutes")
    minutes = page.minutes
    assert minutes is not None
    qtbot.waitUntil(lambda: minutes.rendering is None, timeout=WAIT_MS)
    back_to(qtbot, window)
    for slot in minutes.slots.values():
        activate(qtbot, slot.sign_button)
        dialog = slot.dialog
        qtbot.waitUntil(lambda dialog=dialog: dialog.keyring is not None, timeout=WAIT_MS)
        qtbot.waitUntil(lambda dialog=dialog: QApplication.focusWidget() is dialog.passphrase)
        type_text(qtbot, "demo")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda slot=slot: slot.key is not None, timeout=WAIT_MS)
        back_to(qtbot, window)
    monkeypatch.setattr(minutes, "_suggested_parent", lambda: tmp_path)  # "Documents"
    accept_folder_chooser()
    activate(qtbot, minutes.export_button)
    qtbot.waitUntil(lambda: minutes.exported is not None, timeout=WAIT_MS)
    assert minutes.exported.pv == minutes.export_folder(tmp_path) / PV_NAME
    back_to(qtbot, window)
    activate(qtbot, minutes.verify_button)
    verify = minutes.verify_dialog
    qtbot.waitUntil(lambda: verify.task is None and verify.report is not None, timeout=WAIT_MS)
    assert verify.verdict.text() == "✓ Procès-verbal valide"
