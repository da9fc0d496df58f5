"""Closing when every candidate is final, read-only afterwards, reopening with a reason,
and the minutes data of a closed session."""

from __future__ import annotations

import pytest

from jury_desk.minutes.model import minutes_bytes, parse_minutes
from jury_desk.store.audit import verify_chain
from tests.deliberation.jury import CHAIR, events, open_room, passphrase, refused, sheet

CP = passphrase(CHAIR)


@pytest.fixture
def closed(room):
    for candidate in ("C001", "C002", "C003"):
        room.finalise(candidate, sheet(15))
    room.svc.close_session(CHAIR, CP)
    return room


def test_closing_needs_every_candidate_final_and_the_chair(room):
    ready = lambda: room.svc.board(CHAIR).ready_to_close  # noqa: E731 - what the board shows
    room.finalise("C001")
    assert not ready()
    err = refused(room.svc, "not-final", room.svc.close_session, CHAIR, CP)
    assert "2 candidate(s)" in str(err) and "C002, C003" in str(err)
    room.finalise("C002")
    assert not ready()
    room.finalise("C003")
    assert ready()
    mp = passphrase("m-mines-2")
    refused(room.svc, "not-chair", room.svc.close_session, "m-mines-2", mp)
    refused(room.svc, "auth-failed", room.svc.close_session, CHAIR, "not the chair's")
    head = room.svc.close_session(CHAIR, CP)
    assert head == room.svc.audit_head()[1] == verify_chain(room.svc.path).head_hash
    assert room.svc.session_state() == "closed"
    assert not ready()  # closed: nothing left to close


def _writes(room):
    s, m = room.svc, "m-mines-2"
    mp = passphrase(m)
    return {
        "check_in": lambda: s.check_in("m-mines-2"),
        "check_out": lambda: s.check_out(m),
        "set_passphrase": lambda: s.set_passphrase(m, "another long phrase"),
        "declare_conflict": lambda: s.declare_conflict(m, m, "C002", "other"),
        "save_draft": lambda: s.save_draft(m, "C002", sheet(12)),
        "seal": lambda: s.seal(m, "C002", mp),
        "force_reveal": lambda: s.force_reveal(CHAIR, "C002", CP),
        "revise": lambda: s.revise(m, "C002", sheet(3), "late", mp),
        "add_note": lambda: s.add_note(m, "C002", "Après coup"),
        "propose": lambda: s.propose(m, "C002", "reject", None, "Changement d'avis"),
        "accept_rule_proposal": lambda: s.accept_rule_proposal(m, "C002"),
        "approve": lambda: s.approve(m, "C002", "MINES", mp),
        "object": lambda: s.raise_objection(m, "C002", mp, "Trop tard ?"),
        "close_session": lambda: s.close_session(CHAIR, CP),
    }


def test_nothing_changes_after_closing(closed):
    for name, write in _writes(closed).items():
        try:
            refused(closed.svc, "closed", write)
        except AssertionError as exc:  # name the write that got through
            raise AssertionError(f"{name}: {exc}") from None


def test_reopening_needs_the_chair_and_a_reason_and_the_next_minutes_supersede(closed):
    svc = closed.svc
    first_head = svc.audit_head()[1]
    refused(svc, "reason-required", svc.reopen, CHAIR, CP, "  ")
    refused(svc, "not-chair", svc.reopen, "m-mines-2", passphrase("m-mines-2"), "Pourquoi pas")
    svc.reopen(CHAIR, CP, "Erreur sur le dossier C002")
    assert svc.session_state() == "open"
    refused(svc, "not-closed", svc.reopen, CHAIR, CP, "Encore")
    refused(svc, "not-closed", svc.minutes_data)
    svc.revise("m-mines-2", "C002", {"academic": 4}, "Correction", passphrase("m-mines-2"))
    refused(svc, "flag-needs-note", closed.finalise, "C002")  # the revision flagged it
    svc.add_note(CHAIR, "C002", "Écart expliqué par la correction.")
    closed.finalise("C002")
    svc.close_session(CHAIR, CP)
    minutes = svc.minutes_data()
    assert minutes.supersedes is not None
    assert (minutes.supersedes.reason, minutes.supersedes.previous_audit_head) == (
        "Erreur sur le dossier C002",
        first_head,
    )
    assert [e[1] for e in events(svc.path, "session-reopened")] == ["session-reopened"]


def test_minutes_data_is_the_validated_minutes_of_the_closed_session(closed):
    svc = closed.svc
    minutes = svc.minutes_data(lang="en")
    assert parse_minutes(minutes_bytes(minutes)) == minutes  # round-trips and cross-checks
    assert minutes.audit_head == svc.audit_head()[1]
    assert minutes.lang == "en" and minutes.supersedes is None
    c001 = minutes.candidates[0]
    assert {code: [t.member for t in ts] for code, ts in c001.totals.items()} == {
        "MINES": ["m-mines-1", "m-mines-2", "m-mines-3"],
        "ALBERT": ["m-albert-1", "m-albert-2"],  # m-albert-3 is conflicted on C001
    }
    assert (c001.overall, c001.decision, c001.decision_source) == (15.0, "admit", "rule")
    assert [(a.member, a.institution) for a in c001.approvals] == [
        ("m-mines-2", "MINES"),
        ("m-albert-1", "ALBERT"),
    ]
    assert [(c.member, c.candidate, c.source) for c in minutes.conflicts] == [
        ("m-albert-3", "C001", "bundle")
    ]
    assert len(minutes.attendance) == 6 and all(a.out_at is None for a in minutes.attendance)
    stats = minutes.statistics.scholarship
    assert (stats.admitted, stats.holders) == (3, 1)  # the factory: C001 holds a scholarship


def test_graduation_minutes_carry_eligibility(tmp_path):
    r = open_room(tmp_path, kind="graduation", n_candidates=4)
    for candidate in ("C001", "C002", "C003", "C004"):
        r.finalise(candidate, sheet(15))
    r.svc.close_session(CHAIR, CP)
    minutes = r.svc.minutes_data()
    assert [c.decision for c in minutes.candidates] == ["award", "award", "award", "ajourne"]
    summary = minutes.statistics.eligibility
    assert (summary.eligible, summary.not_eligible) == (3, 1)
    assert summary.missing == {"business-cases": 1, "placement": 1}
    r.svc.close()
