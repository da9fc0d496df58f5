"""Blind scoring, as the screen shows it: while a member is signed in, no widget anywhere
(labels, fields, spin boxes, every cell of every table, tooltips included) holds another
member's score of a candidate that is not revealed.

Other members use values the signed-in member never types (13.5 drafted, 7.5 sealed), so
finding either written anywhere ("13,5" or "13.5") is a leak. The walk is shown to work by
finding them once the chair reveals the candidate.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.session_driver import (
    check_in,
    click,
    number_pattern,
    open_demo,
    passphrase,
    seal,
    seated,
    sign_in,
    uniform,
    where_shown,
)

DRAFTED, SEALED, OWN = 13.5, 7.5, 12.0
MEMBERS = ("m-mines-1", "m-mines-2", "m-mines-3", "m-albert-1", "m-albert-2", "m-albert-3")


def test_the_number_pattern_matches_both_ways_of_writing_only():
    pattern = number_pattern(13.5)
    assert pattern.search("total 13,5 / 20") and pattern.search("13.5")
    assert not pattern.search("113,5") and not pattern.search("13,55") and not pattern.search("13")


def test_no_widget_shows_another_members_score_before_the_reveal(qtbot, window):
    page = seated(qtbot, window, MEMBERS)
    service = window.service
    service.save_draft("m-albert-1", "ADM-04", uniform(service, DRAFTED))
    seal(service, "m-albert-2", "ADM-04", uniform(service, SEALED))
    seal(service, "m-mines-2", "ADM-04", uniform(service, SEALED))
    click(qtbot, page.board_button)  # the board has been built and shown to the chair
    page.board.select_candidate("ADM-04")
    click(qtbot, page.lobby_button)

    # The chair signs in and scores the same candidate: their own values only.
    page.lobby.select_member("m-mines-1")
    click(qtbot, page.lobby.sign_in_button)
    qtbot.keyClicks(page.lobby.dialog.passphrase, passphrase("m-mines-1"))
    click(qtbot, page.lobby.dialog.ok_button)
    qtbot.waitUntil(lambda: page.scoring is not None)
    scoring = page.scoring
    scoring.worklist_table.selectRow(scoring.worklist.row_of("ADM-04"))
    assert scoring.candidate_id == "ADM-04"
    scoring.form.spins["academic"].setValue(OWN)
    qtbot.waitUntil(lambda: scoring.draft_state.text().startswith("✓ Brouillon"))

    assert where_shown(DRAFTED) == []
    assert where_shown(SEALED) == []
    assert where_shown(OWN)  # the walk does see what is on screen: the chair's own 12

    # Once the chair forces the reveal, the sealed values are on the board for all to see.
    click(qtbot, page.sign_out_button)
    qtbot.waitUntil(lambda: page.scoring is None)
    click(qtbot, page.board_button)
    page.board.select_candidate("ADM-04")
    dialog = page.board.pane.ask_reveal()
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-1"))
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, dialog.ok_button)
    assert any("sheetsTable" in where for where in where_shown(SEALED))
    assert where_shown(DRAFTED) == []  # a draft is never revealed, only sealed sheets


def test_a_member_signed_in_sees_only_their_own_worklist(qtbot, window):
    page = open_demo(qtbot, window, "admission")
    service = window.service
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"):
        check_in(qtbot, page, member)
    seal(service, "m-albert-1", "ADM-01", uniform(service, SEALED))
    sign_in(qtbot, page, "m-mines-2")
    worklist = page.scoring.worklist
    assert worklist.data(worklist.index(0, 2)) == "À noter"  # not "Scellée": that was Karim's
    assert worklist.data(worklist.index(0, 3)) == ""
    assert where_shown(SEALED) == []
    item = worklist.index(0, 0)
    assert worklist.data(item, Qt.ItemDataRole.DisplayRole) == "ADM-01"
