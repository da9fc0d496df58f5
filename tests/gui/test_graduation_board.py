"""The chair's board at graduation, through the widgets: each graduate's diploma average,
the borderline cases first, and the batch approval of the rules' proposals for the rest."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from tests.gui.session_driver import (
    WAIT_MS,
    check_in,
    click,
    eligible,
    open_demo,
    open_ready,
    passphrase,
    seal,
    sign_act,
    uniform,
)
from tests.gui.test_deliberation_flow import board_cell

PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def board_with_theses(qtbot, window, graduates: list[str] | None = None):
    """The demo graduation on the board, each listed thesis (all by default) graded 12 by
    every present member."""
    page = open_demo(qtbot, window, "graduation")
    service = window.service
    for member in PRESENT:
        check_in(qtbot, page, member)
    for cid in graduates or [c.id for c in service.manifest.candidates]:
        for member in eligible(service, cid):
            seal(service, member, cid, uniform(service, 12))
    open_ready(service)
    click(qtbot, page.board_button)
    return page, service


def test_borderline_first_then_the_rest_in_one_pass_per_institution(qtbot, window):
    page, _ = board_with_theses(qtbot, window)
    board = page.board
    assert board.borderline_button.isVisible() and board.batch_button.isVisible()

    # GRAD-10: 9.658, just under the pass mark: a borderline case, marked and explained.
    assert board_cell(page, "GRAD-10", "Moyenne") == "9,658 ◆"
    model = board.model
    tip = model.data(
        model.index(model.row_of("GRAD-10"), model.headers().index("Moyenne")),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "◆ Cas limite : juste sous 10" in tip and "ECTS : 120 sur 120" in tip
    click(qtbot, board.borderline_button)
    order = [model.row(i).candidate_id for i in range(model.rowCount())]
    borderline = [r.candidate_id for r in board.view.rows if r.graduate and r.graduate.borderline]
    assert "GRAD-10" in borderline and order[: len(borderline)] == borderline
    assert order == list(board.view.borderline_first)

    # The rest in one pass per institution; the confirmation lists each graduate.
    dialog = board.ask_batch()
    member = dialog.findChild(QComboBox, "batchMember")
    assert member is not None
    member.setCurrentIndex(member.findData("m-mines-2"))
    listing = dialog.findChild(QLabel, "batchList").text()
    chosen = board.batch_candidates("MINES")
    assert chosen and not set(chosen) & set(borderline)
    assert all(cid in listing for cid in chosen) and "GRAD-10" not in listing
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-2"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    states = {r.candidate_id: r.state for r in board.view.rows}
    assert all(states[cid] == "approved-partial" for cid in chosen)
    assert board.batch_candidates("ALBERT") == chosen


def test_points_de_jury_from_the_proposal_dialog(qtbot, window):
    """GRAD-10 at 9.658: the jury adds 0.342 points de jury, the rules then award."""
    page, service = board_with_theses(qtbot, window, ["GRAD-10"])
    board = page.board
    board.select_candidate("GRAD-10")
    dialog = board.pane.ask_proposal()
    assert dialog is not None
    dialog.points.setValue(0.342)
    assert not dialog.decision.isEnabled()
    qtbot.keyClicks(dialog.justification, "Progression remarquable ; stage excellent chez Criteo.")
    sign_act(qtbot, dialog, "m-mines-1")  # the author chosen, with their passphrase
    proposal = service.candidate_detail("m-mines-1", "GRAD-10").proposal
    assert proposal is not None
    assert (proposal.source, proposal.decision, proposal.jury_points) == ("jury", "award", 0.342)
    assert board_cell(page, "GRAD-10", "Proposition") == "Diplômé"
