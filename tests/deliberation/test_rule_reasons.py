"""The rules' reasons reach the faces by code, and a rule decision still stores the core's
English sentences as its justification (the minutes print them unchanged)."""

from __future__ import annotations

from tests.deliberation.jury import CHAIR, open_room, sheet


def test_a_rule_decision_stores_the_english_reasons_and_the_view_keeps_their_codes(room):
    room.seal_all("C002", sheet(15))
    rule = room.svc.rule_proposal(CHAIR, "C002")
    assert [(r.code, dict(r.params)) for r in rule.grounds] == [
        ("admit-overall", {"overall": 15.0, "admit": 14.0}),
        ("admit-floor", {"floor": 10.0}),
    ]
    room.svc.accept_rule_proposal(CHAIR, "C002")
    row = next(r for r in room.svc.board(CHAIR).rows if r.candidate_id == "C002")
    assert row.proposal.justification == (
        "Overall 15 is at or above the admission threshold 14.\n"
        "Every institution mean is at or above the floor 10."
    )


def test_a_missing_requirement_carries_its_check(tmp_path):
    r = open_room(tmp_path, kind="graduation", n_candidates=4)
    r.seal_all("C004", sheet(15))  # the factory's 4th candidate misses cases and placement
    rule = r.svc.rule_proposal(CHAIR, "C004")
    missing = [g for g in rule.grounds if g.code == "requirement-missing"]
    assert [(g.params["check"], g.check.met) for g in missing] == [
        ("business-cases", False),
        ("placement", False),
    ]
    assert rule.reasons[0] == "Not every graduation requirement is met."
    assert rule.reasons[2] == (
        "Missing placement: apprenticeship at Dassault Systèmes: in progress; "
        "required validated internship or apprenticeship."
    )
    r.svc.close()
