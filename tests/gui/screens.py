"""Every screen and dialog of the desk, reached as a jury does, for the tests that look at
all of them at once (layout, accessible names, focus): ``tour`` yields each one, shown."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from jury_desk.gui import operations
from jury_desk.gui.main_window import MainWindow
from jury_desk.rehearsal.fast_forward import fast_forward
from tests.gui.minutes_driver import open_slot
from tests.gui.session_driver import WAIT_MS, check_in, open_demo, sign_in

PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")
SECRET = "phrase-secrete-du-jury"  # every member's here: the fast-forward asks one


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(30)


def shown(qtbot, dialog: QDialog | None) -> QDialog:
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    settle(qtbot)
    return dialog


def tour(qtbot, window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    """(what, the window or dialog to look at), screen after screen of the admission demo."""
    settle(qtbot)
    yield "start", window
    page = open_demo(qtbot, window, "admission")
    settle(qtbot)
    yield "lobby, nobody yet", window
    page.lobby.select_member("m-mines-1")
    page.lobby.check_in_selected()
    first = shown(qtbot, page.lobby.dialog)
    yield "first arrival dialog", first
    first.reject()
    for member in PRESENT:
        check_in(qtbot, page, member, SECRET)
    settle(qtbot)
    yield "lobby", window
    page.lobby.select_member("m-mines-1")
    page.lobby.declare_conflict_selected()
    conflict = shown(qtbot, page.lobby.dialog)
    yield "conflict dialog", conflict
    conflict.reject()
    page.lobby.select_member("m-albert-1")
    page.lobby.sign_in_selected()
    signing_in = shown(qtbot, page.lobby.dialog)
    yield "sign-in dialog", signing_in
    signing_in.reject()

    sign_in(qtbot, page, "m-mines-1", SECRET)
    settle(qtbot)
    yield "scoring", window
    scoring = page.scoring
    assert scoring is not None
    for spin in scoring.form.spins.values():
        spin.setValue(14)
    seal = shown(qtbot, scoring.ask_seal())
    yield "seal dialog", seal
    seal.reject()
    scoring.sign_out()
    qtbot.waitUntil(lambda: page.scoring is None, timeout=WAIT_MS)

    controller, service = window.controller, window.service
    assert controller is not None and service is not None
    page.show_board()
    page.board.select_candidate("ADM-01")
    settle(qtbot)
    yield "board, scores hidden", window
    pane = page.board.pane
    reveal = shown(qtbot, pane.ask_reveal())
    yield "reveal dialog", reveal
    reveal.reject()
    opening = shown(qtbot, page.board.ask_open_ready())
    yield "open the sealed sheets dialog", opening
    opening.reject()
    chair = controller.chair.id
    scores = {c.id: 14.0 for c in service.manifest.session.rubric.criteria}
    for member in ("m-mines-1", "m-albert-1"):  # one sealed sheet per school: may reveal
        operations.save_draft(controller, member, "ADM-01", scores, ())
        operations.seal(controller, member, "ADM-01", SECRET, scores)
    operations.force_reveal(controller, chair, "ADM-01", SECRET)
    page.board.select_candidate("ADM-01")
    settle(qtbot)
    yield "board, revealed", window
    propose = shown(qtbot, pane.ask_proposal())
    yield "propose dialog", propose
    propose.reject()
    pane.note_edit.setPlainText("Un dossier solide, discuté en séance.")
    note = shown(qtbot, pane.ask_note())
    yield "note dialog", note
    note.reject()
    accept = shown(qtbot, pane.ask_accept_rule())
    yield "accept the rules' proposal dialog", accept
    accept.reject()
    revise = shown(qtbot, pane.ask_revision())
    yield "revise dialog", revise
    revise.reject()
    page.board.projector_button.setChecked(True)
    settle(qtbot)
    yield "board, projector", window
    page.board.projector_button.setChecked(False)
    # The widest state a row can show ("Approuvée par Mines"): one school has approved.
    operations.accept_rule_proposal(controller, "m-mines-1", "ADM-01", SECRET)
    operations.approve(controller, "m-mines-1", "ADM-01", "MINES", SECRET)
    controller.refresh_all()
    settle(qtbot)
    yield "board, one school approved", window

    fast_forward(service, SECRET)
    controller.refresh_all()
    settle(qtbot)
    # Every candidate revealed, flagged or decided: the widest the figures and states get.
    yield "board, every candidate decided", window
    close = shown(qtbot, page.board.ask_close())
    yield "close dialog", close
    close.reject()
    operations.close_session(controller, chair, SECRET)
    minutes = page.show_minutes()
    assert minutes is not None
    qtbot.waitUntil(lambda: minutes.rendering is None, timeout=WAIT_MS)
    settle(qtbot)
    yield "minutes", window
    signer = open_slot(qtbot, minutes.slots["MINES"])
    settle(qtbot)
    yield "sign dialog", signer
    signer.reject()
    page.show_board()
    reopen = shown(qtbot, page.board.ask_reopen())
    yield "reopen dialog", reopen
    reopen.reject()
    window.go_home()
    verify = shown(qtbot, window.verify_pv())
    yield "verify dialog", verify
    verify.close()
    help_overlay = shown(qtbot, window.show_shortcuts())
    yield "shortcuts help", help_overlay
    help_overlay.close()
