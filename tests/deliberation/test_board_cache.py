"""The board kept between reads (``board_cache``): after an act, only the rows of the
candidates its events name are built again, and the kept board always equals the board
built afresh from the file (the stateful tests check that after every random act)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from jury_desk.deliberation import board_cache, queries
from jury_desk.deliberation.readmodels import BoardView
from jury_desk.deliberation.room import Room
from tests.deliberation.jury import CHAIR, EVERYONE, open_signed_room, passphrase, sheet


@pytest.fixture
def signed(tmp_path):
    r = open_signed_room(tmp_path, n_candidates=4)
    yield r
    r.svc.close()


def fresh(r, viewer: str) -> BoardView:
    with r.svc.desk_read() as conn:
        return queries.board(Room(conn, r.manifest), viewer)


def rows(board: BoardView) -> dict[str, object]:
    return {row.candidate_id: row for row in board.rows}


def test_an_act_on_one_candidate_rebuilds_that_row_alone(signed):
    signed.finalise("C002")
    signed.finalise("C003")
    before = rows(signed.svc.board(CHAIR))
    signed.svc.add_note("m-mines-3", "C003", "Vu.", passphrase=passphrase("m-mines-3"))
    board = signed.svc.board(CHAIR)
    after = rows(board)
    assert board == fresh(signed, CHAIR)
    assert after["C003"].has_note and not before["C003"].has_note
    assert [c for c in after if after[c] is not before[c]] == ["C003"]
    assert [row.candidate_id for row in board.rows] == ["C001", "C002", "C003", "C004"]
    assert board.audit_head == signed.svc.audit_head()[1]


def test_a_read_with_no_act_between_keeps_every_row(signed):
    first = rows(signed.svc.board(CHAIR))
    again = rows(signed.svc.board(CHAIR))
    assert all(again[c] is first[c] for c in first)


def test_a_check_out_changes_only_the_sheets_to_expect(signed):
    """Every row expects one sheet fewer, but C001's, which the member had sealed."""
    signed.finalise("C001")
    before = rows(signed.svc.board(CHAIR))
    signed.svc.check_out("m-albert-2", passphrase=passphrase("m-albert-2"))
    board = signed.svc.board(CHAIR)
    after = rows(board)
    assert board == fresh(signed, CHAIR)
    assert after["C001"] is before["C001"]
    for candidate in ("C002", "C003", "C004"):
        assert after[candidate] == replace(before[candidate], expected=5)
        assert before[candidate].expected == 6
    signed.svc.check_in("m-albert-2", passphrase=passphrase("m-albert-2"))
    assert rows(signed.svc.board(CHAIR)) == before


def test_an_act_on_no_candidate_rebuilds_every_row(tmp_path):
    """A key registered late (an event that names no candidate): every row built again."""
    signed = open_signed_room(tmp_path, present=EVERYONE[:-1], n_candidates=4)
    try:
        before = signed.svc.board(CHAIR)
        signed.svc.register_key(EVERYONE[-1], passphrase(EVERYONE[-1]))
        after = signed.svc.board(CHAIR)
        assert after == fresh(signed, CHAIR)
        assert all(a is not b for a, b in zip(after.rows, before.rows, strict=True))
    finally:
        signed.svc.close()


def test_every_act_of_a_session_keeps_each_viewers_board_equal_to_a_fresh_one(signed):
    """Seals, the reveal of several candidates in one act, a late conflict, notes,
    proposals, approvals, an objection, closing: each viewer's kept board, read after each
    act, equals the fresh one (a conflicted viewer sees other rows than the chair)."""

    def check() -> None:
        for viewer in EVERYONE:
            assert signed.svc.board(viewer) == fresh(signed, viewer), viewer

    check()
    for candidate in ("C001", "C002", "C003", "C004"):
        signed.seal_all(candidate, sheet(12 + int(candidate[-1])))
        check()
    signed.svc.open_ready(CHAIR, passphrase(CHAIR))
    check()
    signed.svc.declare_conflict(
        "m-albert-2", "m-albert-2", "C003", "other", passphrase=passphrase("m-albert-2")
    )
    check()
    for candidate in ("C001", "C002", "C003", "C004"):
        signed.svc.accept_rule_proposal(CHAIR, candidate, passphrase=passphrase(CHAIR))
        check()
    signed.svc.raise_objection(
        "m-albert-1", "C004", passphrase("m-albert-1"), "Le dossier mérite une discussion."
    )
    check()
    signed.svc.accept_rule_proposal(CHAIR, "C004", passphrase=passphrase(CHAIR))
    for candidate in ("C001", "C002", "C003", "C004"):
        assert signed.approve_both(candidate) is True
        check()
    signed.svc.close_session(CHAIR, passphrase(CHAIR))
    check()


def _kept(r, viewer: str) -> board_cache._Kept:
    r.svc.board(viewer)
    return r.svc._board._kept[viewer]


def test_a_log_that_no_longer_runs_through_the_kept_head_rebuilds_every_row(signed):
    kept = _kept(signed, CHAIR)
    with signed.svc.desk_read() as conn:
        room = Room(conn, signed.manifest)
        assert board_cache._changed(room, kept, kept.seq) == set()
        kept.hash = "00" * 32  # as if the file under the desk held another chain
        assert board_cache._changed(room, kept, kept.seq) is None
        assert board_cache._changed(room, kept, kept.seq - 1) is None  # a shorter chain


def test_more_events_than_the_limit_rebuild_every_row(signed, monkeypatch):
    signed.finalise("C001")
    kept = _kept(signed, CHAIR)
    for text in ("Un.", "Deux.", "Trois."):
        signed.svc.add_note(CHAIR, "C001", text, passphrase=passphrase(CHAIR))
    with signed.svc.desk_read() as conn:
        room = Room(conn, signed.manifest)
        seq = signed.svc.audit_head()[0]
        assert board_cache._changed(room, kept, seq) == {"C001"}
        monkeypatch.setattr(board_cache, "MAX_EVENTS", 2)
        assert board_cache._changed(room, kept, seq) is None


def test_a_board_edited_under_the_desk_shows_once_its_chain_moves(signed, tmp_path):
    """The board is no check of the file, but it never hides the log: an edit of a row
    with no event shows at the next act that names its candidate, as a fresh board would."""
    signed.finalise("C001")
    signed.svc.board(CHAIR)
    db = sqlite3.connect(signed.svc.path)
    db.execute("UPDATE tally SET overall = 19.5 WHERE candidate_id = 'C001'")
    db.commit()
    db.close()
    signed.svc.add_note(CHAIR, "C001", "Vu.", passphrase=passphrase(CHAIR))
    board = signed.svc.board(CHAIR)
    assert board == fresh(signed, CHAIR)
    assert rows(board)["C001"].reconciliation.overall == 19.5
