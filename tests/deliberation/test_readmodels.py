"""The read models: plain frozen values, the board's states, counts and scholarship gauge."""

from __future__ import annotations

import dataclasses

import pytest

from jury_desk.deliberation import readmodels
from tests.deliberation.jury import ALBERT, CHAIR, MINES, passphrase, sheet


def _state(room, candidate):
    return next(r.state for r in room.svc.board(CHAIR).rows if r.candidate_id == candidate)


def test_a_candidate_goes_through_every_board_state(room):
    seen = [_state(room, "C002")]
    room.seal_each("C002", {**{m: sheet(10) for m in MINES}, **{m: sheet(16) for m in ALBERT}})
    seen.append(_state(room, "C002"))  # flagged without a note
    room.svc.add_note(CHAIR, "C002", "Écart d'appréciation discuté.")
    seen.append(_state(room, "C002"))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    seen.append(_state(room, "C002"))
    room.svc.approve("m-mines-2", "C002", "MINES", passphrase("m-mines-2"))
    seen.append(_state(room, "C002"))
    room.svc.approve("m-albert-1", "C002", "ALBERT", passphrase("m-albert-1"))
    seen.append(_state(room, "C002"))
    assert tuple(seen) == (
        "scoring",
        "discussion",
        "revealed",
        "proposed",
        "approved-partial",
        "final",
    )
    # The one state left is a renvoi's (tests/deliberation/test_dead_ends.py).
    assert set(seen) | {"not-deliberated"} == set(readmodels.STATES)


def test_the_board_counts_sheets_conflicts_and_required_approvals(room):
    room.svc.check_out("m-mines-3")
    room.seal("m-mines-2", "C001", sheet(12))
    row = room.svc.board(CHAIR).rows[0]
    # 5 present, m-albert-3 conflicted on C001: 4 sheets expected, 1 sealed.
    assert (row.sealed, row.expected, row.conflicts) == (1, 4, 1)
    assert dict(row.approvals_missing) == {"MINES": 1, "ALBERT": 1}
    assert {k: v for k, v in row.approvals.items()} == {"MINES": (), "ALBERT": ()}


def test_the_scholarship_gauge_follows_the_admit_proposals(room):
    board = room.svc.board(CHAIR)
    assert (board.scholarship.admitted, board.scholarship.share) == (0, None)
    room.seal_all("C001", sheet(16))  # C001 holds a scholarship (factory: i % 3 == 0)
    room.svc.accept_rule_proposal(CHAIR, "C001")
    room.seal_all("C002", sheet(16))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    gauge = room.svc.board(CHAIR).scholarship
    assert (gauge.admitted, gauge.holders, gauge.share, gauge.meets_target) == (2, 1, 0.5, True)
    room.seal_all("C003", sheet(8))
    room.svc.accept_rule_proposal(CHAIR, "C003")  # rejected: not in the gauge
    assert room.svc.board(CHAIR).scholarship.admitted == 2


def test_a_graduation_board_has_no_scholarship_gauge(tmp_path):
    from tests.deliberation.jury import open_room

    r = open_room(tmp_path, kind="graduation")
    assert r.svc.board(CHAIR).scholarship is None
    r.svc.close()


def test_read_models_are_frozen_plain_values(room):
    room.seal_all("C002", sheet(14))
    models = [
        room.svc.board(CHAIR),
        room.svc.board(CHAIR).rows[1],
        room.svc.worklist("m-mines-2")[1],
        room.svc.candidate_detail(CHAIR, "C002"),
        room.svc.candidate_detail(CHAIR, "C002").sheets[0],
        room.svc.attendance()[0],
    ]
    for model in models:
        assert dataclasses.is_dataclass(model)
        field = dataclasses.fields(model)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(model, field, None)
    detail = room.svc.candidate_detail(CHAIR, "C002")
    assert type(detail.sheets[0].scores) is dict and type(detail.sheets[0].total) is float
    assert "sqlalchemy" not in repr(detail).lower()


def test_a_worklist_lists_every_candidate_with_the_members_own_status(room):
    room.svc.save_draft("m-albert-1", "C002", {"academic": 12})
    room.seal("m-albert-1", "C003", sheet(11))
    items = room.svc.worklist("m-albert-1")
    assert [(i.candidate_id, i.status, i.total) for i in items] == [
        ("C001", "to-score", None),
        ("C002", "draft", None),
        ("C003", "sealed", 11.0),
    ]
    assert [i.status for i in room.svc.worklist("m-albert-3")][0] == "conflicted"
