"""A member desk's sealed sheet that does not open must not block the chair's reveal
(issue 12): it is void, logged in the chair's act, removed, and its member told; the
candidate stays in scoring unless the act's condition still holds; ``audit verify``'s
replay checks it. Attacked as a desk would: a correctly signed seal of garbage."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jury_desk.deliberation import replay
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.desks import garbage_seal, joined_room, pinned_keys
from tests.deliberation.jury import ALBERT, CHAIR, MINES, events, passphrase, sheet
from tests.deliberation.test_signed_session import rewrite_chain

A1, A2 = ALBERT[:2]


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


@pytest.fixture
def rd(tmp_path, keys):
    r = joined_room(tmp_path, keys, (A1, A2))
    yield r
    r.room.svc.close()


def _verified(path):
    report, differences = check_session_file(path)
    assert report.ok, report.reason
    assert differences == []


def _room_seals(rd, candidate, value=16):
    for member in MINES:
        rd.room.seal(member, candidate, sheet(value))


def test_a_desk_sealing_garbage_does_not_block_the_reveal_and_is_told(rd):
    garbage, commitment = garbage_seal(rd, A1, "C001")
    rd.desks[A2].seal(rd.reveal_public(), rd, "C001", sheet(12))
    for member in (A1, A2):
        rd.desks[member].seal(rd.reveal_public(), rd, "C002", sheet(13))
    rd.exchange()
    assert rd.desks[A1].verdict(garbage).accepted  # the room cannot tell before the reveal
    _room_seals(rd, "C001")
    _room_seals(rd, "C002")

    # The other candidate is revealed; C001 is not: its void sheet's member must seal again.
    assert rd.room.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C002",)
    ((actor, _, payload),) = events(rd.room.svc.path, "sheets-void")
    assert actor == CHAIR
    assert json.loads(payload) == {
        "candidate": "C001",
        "forced_by": None,
        "sheets": [{"member": A1, "commitment": commitment, "reason": "envelope"}],
    }
    assert not rd.room.svc.candidate_detail(CHAIR, "C001").revealed
    _verified(rd.room.svc.path)

    # The member is told, by the room's status, and their desk offers to seal again.
    _, body = rd.ledger.status(A1)
    void = json.loads(body)["summary"]["0"]["C001"]["void"]
    assert void == [{"commitment": commitment, "reason": "envelope"}]
    assert "void" not in json.loads(rd.ledger.status(A2)[1])["summary"]["0"]["C001"]

    again = rd.desks[A1].seal(rd.reveal_public(), rd, "C001", sheet(15))
    rd.exchange()
    assert rd.desks[A1].verdict(again).accepted
    assert rd.room.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    totals = {s.member_id: s.total for s in rd.room.svc.candidate_detail(CHAIR, "C001").sheets}
    assert totals[A1] == pytest.approx(15)
    _verified(rd.room.svc.path)


def test_a_forced_reveal_counts_the_others_and_publishes_an_off_rubric_sheet(rd):
    rd.desks[A1].seal(rd.reveal_public(), rd, "C003", sheet(14))
    off, commitment = garbage_seal(rd, A2, "C003", scores=sheet(25.0))
    rd.exchange()
    _room_seals(rd, "C003")
    void = rd.room.svc.force_reveal(CHAIR, "C003", passphrase(CHAIR))
    assert void == (A2,)
    detail = rd.room.svc.candidate_detail(CHAIR, "C003")
    assert detail.revealed and A2 not in {s.member_id for s in detail.sheets}
    ((_, _, payload),) = events(rd.room.svc.path, "sheets-void")
    (entry,) = json.loads(payload)["sheets"]
    # Opened and published, so that anyone can check the chair's word against the commitment.
    assert entry["reason"] == "rubric" and entry["scores"]["academic"] == 25.0
    assert entry["commitment"] == commitment
    _verified(rd.room.svc.path)
    late = rd.desks[A2].seal(rd.reveal_public(), rd, "C003", sheet(11))
    rd.exchange()
    assert rd.desks[A2].verdict(late).reason == "revealed"


def test_when_no_sheet_of_an_institution_is_left_the_forced_reveal_reveals_nothing(rd):
    garbage_seal(rd, A1, "C003")
    rd.exchange()
    _room_seals(rd, "C003")
    assert rd.room.svc.force_reveal(CHAIR, "C003", passphrase(CHAIR)) == (A1,)
    assert not rd.room.svc.candidate_detail(CHAIR, "C003").revealed
    assert events(rd.room.svc.path, "candidate-revealed") == []
    _verified(rd.room.svc.path)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"member": A1}, f"a sheet of {A1} that was not sealed"),  # another's good sheet
        ({"scores": {"academic": 14.0}}, f"the void sheet of {A2} is not their sealed sheet"),
    ],
)
def test_a_chair_voiding_a_good_sheet_with_made_up_scores_is_named_by_the_replay(rd, change, named):
    """The chair's word that a sheet is off the rubric is checked: the opened sheet in the
    event must be the member's commitment. A chain rewritten to void a good sheet (made-up
    scores, hashes recomputed) is named by the replay at that event."""
    rd.desks[A1].seal(rd.reveal_public(), rd, "C003", sheet(14))
    garbage_seal(rd, A2, "C003", scores=sheet(25.0))
    rd.exchange()
    _room_seals(rd, "C003")
    rd.room.svc.force_reveal(CHAIR, "C003", passphrase(CHAIR))
    path = rd.room.svc.path
    rd.room.svc.close()

    def forge(seq, kind, payload):
        if kind == "sheets-void":
            (entry,) = payload["sheets"]
            payload["sheets"] = [entry | change]
        return payload

    rewrite_chain(path, forge)
    conn = sqlite3.connect(path)
    try:
        (difference,) = replay.replay(conn)
    finally:
        conn.close()
    assert difference.table == "audit_event"
    assert named in difference.line()
