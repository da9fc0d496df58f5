"""Drafting and sealing sheets: the rubric, the commitment, the automatic reveal."""

from __future__ import annotations

import json

import pytest

from jury_desk.store.audit import sheet_commitment, verify_chain
from jury_desk.store.engine import open_readonly
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    CONFLICTED_ON_C001,
    EVERYONE,
    MINES,
    events,
    open_room,
    passphrase,
    refused,
    sheet,
)


def test_a_draft_can_be_saved_in_parts_then_sealed(room):
    svc = room.svc
    svc.save_draft("m-mines-2", "C002", {"academic": 14})
    svc.save_draft("m-mines-2", "C002", {"motivation": 11.5, "project": 16})
    svc.save_draft("m-mines-2", "C002", {"academic": 15})  # overwrite while a draft
    item = svc.worklist("m-mines-2")[1]
    assert (item.status, dict(item.scores), item.total) == (
        "draft",
        {"academic": 15.0, "motivation": 11.5, "project": 16.0},
        None,
    )
    receipt = svc.seal("m-mines-2", "C002", passphrase("m-mines-2"))
    assert not receipt.revealed
    item = svc.worklist("m-mines-2")[1]
    assert (item.status, item.total) == ("sealed", 14.375)  # (2*15 + 11.5 + 16) / 4


def test_a_criterion_emptied_by_the_member_leaves_the_draft_and_the_chain_says_so(room):
    svc = room.svc
    svc.save_draft("m-mines-2", "C002", {"academic": 14, "motivation": 11.5})
    svc.save_draft("m-mines-2", "C002", {"academic": 15}, cleared=["motivation", "project"])
    item = svc.worklist("m-mines-2")[1]
    assert (item.status, dict(item.scores)) == ("draft", {"academic": 15.0})
    drafts = [json.loads(p) for _, _, p in events(svc.path, "draft-saved")]
    # only what was really removed is logged; never a value
    assert drafts[-1] == {
        "member": "m-mines-2",
        "candidate": "C002",
        "criteria": ["academic"],
        "cleared": ["motivation"],
    }
    svc.save_draft("m-mines-2", "C002", {}, cleared=["academic"])  # everything emptied
    assert dict(svc.worklist("m-mines-2")[1].scores) == {}
    refused(svc, "sheet-incomplete", svc.seal, "m-mines-2", "C002", passphrase("m-mines-2"))
    head = svc.audit_head()
    svc.save_draft("m-mines-2", "C003", {}, cleared=["academic"])  # no sheet, nothing to clear
    assert svc.audit_head() == head


def test_clearing_an_unknown_or_a_scored_criterion_is_refused_and_nothing_is_written(room):
    svc = room.svc
    svc.save_draft("m-mines-2", "C002", {"academic": 14})
    refused(svc, "sheet-unknown-criterion", svc.save_draft, "m-mines-2", "C002", {}, cleared=["x"])
    refused(
        svc,
        "sheet-unknown-criterion",
        svc.save_draft,
        "m-mines-2",
        "C002",
        {"academic": 15},
        cleared=["academic"],
    )
    room.seal("m-mines-2", "C003", sheet(12))
    refused(svc, "sealed", svc.save_draft, "m-mines-2", "C003", {}, cleared=["academic"])


def test_sealing_puts_a_salted_commitment_in_the_chain_and_no_score(room):
    room.seal("m-mines-2", "C002", sheet(13.5))
    actor, _, payload = events(room.svc.path, "sheet-sealed")[-1]
    body = json.loads(payload)
    assert actor == "m-mines-2" and set(body) == {"member", "candidate", "commitment"}
    conn = open_readonly(room.svc.path)
    salt = conn.execute("SELECT salt FROM sheet WHERE member_id = 'm-mines-2'").fetchone()[0]
    conn.close()
    assert len(salt) == 32
    assert body["commitment"] == sheet_commitment(salt, "C002", "m-mines-2", sheet(13.5))
    drafts = [json.loads(p) for _, _, p in events(room.svc.path, "draft-saved")]
    assert drafts[-1] == {"member": "m-mines-2", "candidate": "C002", "criteria": sorted(sheet(1))}


def test_the_last_present_member_to_seal_reveals_and_opens_every_commitment(room):
    for member in EVERYONE[:-1]:
        assert not room.seal(member, "C002", sheet(12)).revealed
    receipt = room.seal(EVERYONE[-1], "C002", sheet(16))
    assert receipt.revealed
    actor, _, payload = events(room.svc.path, "candidate-revealed")[-1]
    opened = json.loads(payload)
    assert actor == "desk" and opened["forced_by"] is None
    assert [s["member"] for s in opened["sheets"]] == sorted(EVERYONE)
    assert verify_chain(room.svc.path).ok  # the openings match the sealed commitments


def test_a_conflicted_member_is_not_waited_for(room):
    for member in EVERYONE:
        if member != CONFLICTED_ON_C001:
            receipt = room.seal(member, "C001", sheet(14))
    assert receipt.revealed


def test_absent_members_are_not_waited_for_and_leaving_can_complete_a_reveal(room):
    room.svc.check_out("m-mines-3")
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"):
        room.seal(member, "C003", sheet(12))
    assert room.svc.board(CHAIR).rows[2].state == "scoring"  # m-albert-3 has not sealed
    room.svc.check_out("m-albert-3")  # quorum still met: nobody is missing any more
    assert room.svc.board(CHAIR).rows[2].state == "revealed"


@pytest.mark.parametrize(
    ("scores", "rule"),
    [
        ({"academic": 20.5}, "score-out-of-scale"),
        ({"academic": -1}, "score-out-of-scale"),
        ({"academic": 12.25}, "score-off-step"),
        ({"academic": float("nan")}, "score-not-a-number"),
        ({"academic": True}, "score-not-a-number"),
        ({"charisma": 12}, "sheet-unknown-criterion"),
        ({}, "sheet-empty"),
    ],
)
def test_bad_scores_are_refused_and_change_nothing(room, scores, rule):
    room.svc.save_draft("m-mines-2", "C002", {"academic": 10})
    refused(room.svc, rule, room.svc.save_draft, "m-mines-2", "C002", scores)


def test_sealing_twice_or_editing_a_sealed_sheet_is_refused(room):
    room.seal("m-mines-2", "C002", sheet(12))
    refused(room.svc, "sealed", room.svc.seal, "m-mines-2", "C002", passphrase("m-mines-2"))
    refused(room.svc, "sealed", room.svc.save_draft, "m-mines-2", "C002", {"academic": 13})
    refused(
        room.svc, "not-revealed", room.svc.revise, "m-mines-2", "C002", sheet(13), "typo",
        passphrase("m-mines-2"),
    )  # fmt: skip


def test_an_incomplete_sheet_cannot_be_sealed(room):
    mp = passphrase("m-mines-2")
    refused(room.svc, "sheet-incomplete", room.svc.seal, "m-mines-2", "C002", mp)
    room.svc.save_draft("m-mines-2", "C002", {"academic": 12})
    refused(room.svc, "sheet-incomplete", room.svc.seal, "m-mines-2", "C002", mp)


def test_a_wrong_passphrase_does_not_seal(room):
    room.svc.save_draft("m-mines-2", "C002", sheet(12))
    refused(room.svc, "auth-failed", room.svc.seal, "m-mines-2", "C002", "not my phrase")
    assert room.svc.worklist("m-mines-2")[1].status == "draft"


def test_a_conflicted_member_cannot_score(room):
    m = CONFLICTED_ON_C001
    refused(room.svc, "conflicted", room.svc.save_draft, m, "C001", sheet(12))
    refused(room.svc, "conflicted", room.svc.seal, m, "C001", passphrase(m))


def test_an_absent_member_cannot_score(room):
    room.svc.check_out("m-mines-3")
    refused(room.svc, "absent", room.svc.save_draft, "m-mines-3", "C002", sheet(12))


def test_scoring_waits_for_the_quorum_of_each_institution(tmp_path):
    r = open_room(tmp_path, present=MINES + ALBERT[:1])
    refused(r.svc, "quorum", r.svc.save_draft, "m-mines-2", "C002", sheet(12))
    r.svc.check_in("m-albert-2")
    r.svc.save_draft("m-mines-2", "C002", sheet(12))
    r.svc.close()


def test_nobody_seals_once_the_candidate_is_revealed(room):
    room.svc.check_out("m-albert-3")
    room.seal_all("C002", sheet(12))
    room.svc.check_in("m-albert-3")
    refused(room.svc, "revealed", room.svc.save_draft, "m-albert-3", "C002", sheet(12))
    assert room.svc.worklist("m-albert-3")[1].status == "closed"


def test_unknown_candidate_and_member_are_named(room):
    refused(room.svc, "unknown-candidate", room.svc.save_draft, "m-mines-2", "C999", sheet(1))
    refused(room.svc, "unknown-member", room.svc.save_draft, "nobody", "C002", sheet(1))
