"""Driving an open session the way a jury does: through the real widgets, with the keyboard
where the desk promises it, and (for the many sheets nobody would score by hand in a test)
through the very service object the window holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.views.session_page import SessionPage

WAIT_MS = 10_000


def passphrase(member_id: str) -> str:
    return f"phrase-secrete-{member_id}"  # QTest types ASCII only


def click(qtbot, widget: QWidget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_demo(qtbot, window: MainWindow, kind: str, *, signed: bool = True) -> SessionPage:
    """The demo ``kind``; ``signed=False``: an unsigned log (format 1), as sessions made
    before format 2, which the desk still opens and runs by their rules."""
    window.scrypt = FAST_FOR_TESTS  # the same scrypt code path, at a test's cost
    window.signed_sessions = signed
    window.open_demo(kind)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    assert isinstance(page, SessionPage)
    return page


def seated(qtbot, window: MainWindow, members: Iterable[str]) -> SessionPage:
    """The admission demo with ``members`` checked in through the lobby, each with a
    passphrase chosen (in a signed session, at their first arrival; else through the
    service)."""
    page = open_demo(qtbot, window, "admission")
    for member in members:
        check_in(qtbot, page, member)
        if not window.service.has_passphrase(member):
            window.service.set_passphrase(member, passphrase(member))
    return page


def check_in(qtbot, page: SessionPage, member_id: str, secret: str | None = None) -> None:
    """Check in from the lobby; in a signed session the arrival is the member's signed act
    (their passphrase, chosen and typed twice at their first arrival)."""
    page.lobby.select_member(member_id)
    click(qtbot, page.lobby.check_in_button)
    if page.controller.signed:
        sign_act(qtbot, page.lobby.dialog, secret=secret or passphrase(member_id))


def sign_in(qtbot, page: SessionPage, member_id: str, secret: str | None = None) -> None:
    """Sign in from the lobby; the first time, the member chooses their passphrase twice."""
    secret = secret or passphrase(member_id)
    page.lobby.select_member(member_id)
    click(qtbot, page.lobby.sign_in_button)
    dialog = page.lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.passphrase, secret)
    if dialog.again is not None:
        qtbot.keyClicks(dialog.again, secret)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.scoring is not None and page.scoring.isVisible())


def sign_act(qtbot, dialog, member_id: str | None = None, secret: str | None = None) -> None:
    """Finish a dialog that acts in a member's name: choose the author where the dialog
    asks who (``member_id``), type their passphrase where it asks one (every act of a signed
    session; in format 1 only sealing, approving...), then OK; it must close."""
    qtbot.waitUntil(dialog.isVisible)
    author = getattr(dialog, "author", None)
    if author is not None and member_id is not None:
        index = author.findData(member_id)
        assert index >= 0, f"{member_id} is not offered as the author"
        author.setCurrentIndex(index)
    who = member_id or (author.currentData() if author is not None else None)
    for name in ("passphrase", "again"):
        field = getattr(dialog, name, None)
        if field is not None and not field.isHidden():
            qtbot.keyClicks(field, secret or passphrase(who))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)


def add_note(qtbot, pane, text: str, author: str = "m-mines-1", secret: str | None = None) -> None:
    """A discussion note from the candidate pane, in ``author``'s name."""
    pane.note_edit.setPlainText(text)
    click(qtbot, pane.note_button)
    sign_act(qtbot, pane.dialog, author, secret)


def accept_rule(qtbot, pane, author: str = "m-mines-1", secret: str | None = None) -> None:
    """The rules' proposal retained from the candidate pane, in ``author``'s name."""
    click(qtbot, pane.accept_rule_button)
    sign_act(qtbot, pane.dialog, author, secret)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def score_with_keyboard(
    qtbot, page: SessionPage, values: list[str], member_id: str, secret: str | None = None
) -> None:
    """From the worklist (focused, candidate selected): Enter, each value then Enter, Enter on
    "Seal", the passphrase then Enter. No mouse."""
    scoring = page.scoring
    assert scoring is not None
    assert focused() is scoring.worklist_table
    press(qtbot, Qt.Key.Key_Return)
    for value in values:
        assert isinstance(focused(), QAbstractSpinBox)
        type_text(qtbot, value)
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is scoring.seal_button
    press(qtbot, Qt.Key.Key_Return)
    dialog = scoring.seal_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.passphrase)
    type_text(qtbot, secret or passphrase(member_id))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_Return)


def seal(
    service: DeliberationService, member_id: str, candidate_id: str, scores: Mapping[str, float]
) -> None:
    service.save_draft(member_id, candidate_id, scores)
    service.seal(member_id, candidate_id, passphrase(member_id), seen=scores)


def open_ready(service: DeliberationService, chair: str = "m-mines-1") -> tuple[str, ...]:
    """The chair's ouverture des plis (a signed session reveals nothing by itself; format 1
    revealed each candidate at its last seal)."""
    rows = service.board(chair).rows
    if not service.signed or not any(r.state == "scoring" and r.sealed >= r.expected for r in rows):
        return ()
    return service.open_ready(chair, passphrase(chair))


def seal_all(service: DeliberationService, candidate_id: str, scores: Mapping[str, float]) -> None:
    """Every member who may score the candidate seals ``scores``; then it is revealed."""
    for member in eligible(service, candidate_id):
        seal(service, member, candidate_id, scores)
    open_ready(service)


def signed_by(service: DeliberationService, member_id: str) -> dict[str, str]:
    """The passphrase keyword of an act that asks it in a signed session."""
    return {"passphrase": passphrase(member_id)} if service.signed else {}


def uniform(service: DeliberationService, value: float) -> dict[str, float]:
    """The same value for every criterion: the member's total is that value."""
    return {c.id: value for c in service.manifest.session.rubric.criteria}


def eligible(service: DeliberationService, candidate_id: str) -> list[str]:
    """Members who score this candidate (present, voting, not conflicted)."""
    present = service.present_members()
    out = []
    for member in service.manifest.session.members:
        if member.id not in present or not ({"chair", "member"} & set(member.roles)):
            continue
        item = next(i for i in service.worklist(member.id) if i.candidate_id == candidate_id)
        if item.status != "conflicted":
            out.append(member.id)
    return out


# --------------------------------------------------------------------------- what is on screen


def texts_on_screen() -> Iterator[tuple[str, str]]:
    """Every text any live widget holds: labels, fields, spin boxes, and every cell of every
    item view (display and tooltip), as (where, text)."""
    for widget in QApplication.allWidgets():
        where = f"{type(widget).__name__}#{widget.objectName()}"
        if isinstance(widget, QLabel):
            yield where, widget.text()
            yield where, widget.toolTip()
        elif isinstance(widget, QLineEdit):
            yield where, widget.text()
        elif isinstance(widget, QPlainTextEdit):
            yield where, widget.toPlainText()
        elif isinstance(widget, QAbstractSpinBox):
            yield where, widget.text()
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount(QModelIndex())):
                for column in range(model.columnCount(QModelIndex())):
                    index = model.index(row, column)
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(index, role)
                        if value is not None:
                            yield f"{where}[{row},{column}]", str(value)


def number_pattern(value: float) -> re.Pattern[str]:
    """``13.5`` written either way ("13.5", "13,5"), not inside a longer number."""
    whole, _, decimals = f"{value:g}".partition(".")
    body = re.escape(whole) + (rf"[.,]{decimals}" if decimals else "")
    return re.compile(rf"(?<![\d.,]){body}(?![\d])")


def where_shown(value: float) -> list[str]:
    pattern = number_pattern(value)
    return [where for where, text in texts_on_screen() if pattern.search(text)]
