"""The board: its models pass Qt's model tester, the search box filters, the projector mode
enlarges the type, and a member revises their sheet or objects from the detail pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.modeltest import ModelTester

from jury_desk.gui.views.rubric_form import RubricForm
from tests.gui.session_driver import (
    WAIT_MS,
    accept_rule,
    click,
    open_ready,
    passphrase,
    seal,
    seated,
    sign_in,
    uniform,
)

PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def revealed_session(qtbot, window, candidates=("ADM-01", "ADM-02")):
    """Four members present; the candidates sealed by all four (so revealed); the board up."""
    page = seated(qtbot, window, PRESENT)
    service = window.service
    for number, candidate in enumerate(candidates):
        for member in PRESENT:
            seal(service, member, candidate, uniform(service, 12 + number + PRESENT.index(member)))
    open_ready(service)
    click(qtbot, page.board_button)
    return page


def test_every_new_table_model_passes_the_model_tester(request, qtbot, window):
    page = revealed_session(qtbot, window)
    service = window.service
    service.accept_rule_proposal("m-mines-1", "ADM-01", passphrase=passphrase("m-mines-1"))
    service.approve("m-mines-2", "ADM-01", "MINES", passphrase("m-mines-2"))
    page.board.refresh()
    page.board.select_candidate("ADM-01")
    sign_in(qtbot, page, "m-albert-1")  # the worklist too (the board then stays still)
    board, pane, lobby, worklist = page.board, page.board.pane, page.lobby, page.scoring.worklist
    lobby.refresh()
    assert board.model.rowCount() == 24 and pane.sheets.rowCount() == 4
    assert worklist.rowCount() == 24 and lobby.jury.rowCount() == 6
    for model in (board.model, pane.sheets, lobby.jury, lobby.conflicts, worklist):
        tester = ModelTester(request.config)  # one tester per model: each watches one only
        tester.check(model, force_py=True)
        tester._cleanup()
    watcher = ModelTester(request.config)
    watcher.check(board.proxy, force_py=True)  # and it keeps watching while...
    service.approve("m-albert-2", "ADM-01", "ALBERT", passphrase("m-albert-2"))
    board.refresh()  # ...the board resets its rows under the filter
    assert board.proxy.candidate_at(0).state == "final"
    watcher._cleanup()  # before the window (and the proxy) goes away


def test_the_search_box_filters_the_candidates(qtbot, window):
    page = revealed_session(qtbot, window)
    board = page.board
    assert board.proxy.rowCount() == 24
    qtbot.keyClicks(board.search, "nguyen")
    assert board.proxy.rowCount() == 1
    assert board.proxy.candidate_at(0).candidate_id == "ADM-02"
    board.search.clear()
    qtbot.keyClicks(board.search, "Notation")  # the state column too
    assert board.proxy.rowCount() == 22
    board.search.clear()
    board.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # overall, numerically
    assert board.proxy.candidate_at(0).candidate_id == "ADM-02"


def test_projector_mode_enlarges_the_table_and_leaves_the_detail_to_the_chair(qtbot, window):
    page = revealed_session(qtbot, window)
    board = page.board
    normal = board.table.fontInfo().pointSize()
    click(qtbot, board.projector_button)
    assert board.table.fontInfo().pointSize() >= normal + 5
    assert not board.detail.isVisible()
    click(qtbot, board.projector_button)
    assert board.table.fontInfo().pointSize() == normal
    assert board.detail.isVisible()


def test_a_member_revises_their_own_sheet_with_a_reason(qtbot, window):
    page = revealed_session(qtbot, window)
    service = window.service
    service.accept_rule_proposal("m-mines-1", "ADM-01", passphrase=passphrase("m-mines-1"))
    service.approve("m-mines-2", "ADM-01", "MINES", passphrase("m-mines-2"))
    page.board.refresh()
    pane = page.board.pane
    page.board.select_candidate("ADM-01")
    dialog = pane.ask_revision()
    qtbot.waitUntil(dialog.isVisible)
    who = dialog.findChild(QComboBox, "reviser")
    who.setCurrentIndex(who.findData("m-albert-2"))
    interview = dialog.findChild(RubricForm, "revisionForm").spins["interview"]
    assert interview.value() == 15  # Julie's sealed value (every criterion 15)
    interview.setValue(17)
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-2"))
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Écrivez le motif : il figure au procès-verbal."
    assert service.candidate_detail("m-mines-1", "ADM-01").revisions == ()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "revisionReason"), "Erreur de saisie")
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-2"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    assert "Révision de Julie Bernard" in pane.revisions.text()
    assert "Entretien 15 → 17 (motif : Erreur de saisie)" in pane.revisions.text()
    # Changing the scores voided the approval and withdrew the rules' proposal.
    detail = service.candidate_detail("m-mines-1", "ADM-01")
    assert detail.approvals == () and detail.proposal is None
    assert pane.slots["MINES"].status.text() == "Approbations encore attendues : 1"


def test_an_objection_sends_the_candidate_back_to_discussion(qtbot, window):
    page = revealed_session(qtbot, window)
    service = window.service
    pane = page.board.pane
    page.board.select_candidate("ADM-02")
    accept_rule(qtbot, pane)
    slot = pane.slots["ALBERT"]
    slot.member.setCurrentIndex(slot.member.findData("m-albert-1"))
    dialog = slot.ask_objection()
    qtbot.waitUntil(dialog.isVisible)
    reason = dialog.findChild(QLineEdit, "objectionReason")
    qtbot.keyClicks(reason, "Le projet professionnel est flou")
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-1"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    detail = service.candidate_detail("m-mines-1", "ADM-02")
    assert detail.state == "discussion" and detail.proposal is None
    assert pane.objections.text().startswith("Objection de Karim Haddad à ")
    assert pane.objections.text().endswith(" : Le projet professionnel est flou")
    assert pane.proposal.text() == "Aucune décision proposée pour l'instant."
    model = page.board.model
    assert model.data(model.index(model.row_of("ADM-02"), 2)) == "À discuter"


def test_the_board_says_who_has_sealed_and_never_what(qtbot, window):
    """Issue 12: the room sees the seals arrive, per candidate, without their values."""
    page = seated(qtbot, window, PRESENT)
    service = window.service
    seal(service, "m-mines-1", "ADM-03", uniform(service, 17.5))
    seal(service, "m-albert-2", "ADM-03", uniform(service, 9))
    click(qtbot, page.board_button)
    model = page.board.model
    position = [r.candidate_id for r in model.rows()].index("ADM-03")
    state = model.headers().index("État")
    tip = model.index(position, state).data(Qt.ItemDataRole.ToolTipRole)
    names = {m.id: m.name for m in service.manifest.session.members}
    assert tip.startswith("Feuilles scellées : 2 sur 4 attendues")
    assert f"Scellées par : {names['m-albert-2']}, {names['m-mines-1']}" in tip
    row = model.rows()[position]
    assert row.sealed_by == ("m-albert-2", "m-mines-1") and row.reconciliation is None
    assert "17" not in tip and "9" not in tip.replace("sur 4", "")
