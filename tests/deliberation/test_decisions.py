"""After the reveal: flags and notes, revisions, proposals, dual approval, objections."""

from __future__ import annotations

import json

import pytest

from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    CONFLICTED_ON_C001,
    MINES,
    events,
    open_room,
    passphrase,
    refused,
    sheet,
)

FLAGGED = {**{m: sheet(10) for m in MINES}, **{m: sheet(16) for m in ALBERT}}  # gap 6 > 3


def _row(room, candidate):
    return next(r for r in room.svc.board(CHAIR).rows if r.candidate_id == candidate)


def _approvals(room, candidate):
    return [
        (a.member_id, a.institution) for a in room.svc.candidate_detail(CHAIR, candidate).approvals
    ]


def test_a_flagged_candidate_needs_a_note_before_any_proposal(room):
    room.seal_each("C002", FLAGGED)
    row = _row(room, "C002")
    assert (row.state, row.reconciliation.flags) == (
        "discussion",
        ("institution-gap", "member-spread"),
    )
    refused(room.svc, "flag-needs-note", room.svc.accept_rule_proposal, CHAIR, "C002")
    refused(room.svc, "flag-needs-note", room.svc.propose, CHAIR, "C002", "waitlist")
    refused(room.svc, "note-empty", room.svc.add_note, CHAIR, "C002", "   ")
    room.svc.add_note("m-albert-1", "C002", "Écart discuté : le dossier Albert est plus récent.")
    assert _row(room, "C002").state == "revealed"
    room.svc.accept_rule_proposal(CHAIR, "C002")
    assert _row(room, "C002").proposal.decision == "waitlist"  # overall 13


def test_notes_need_the_reveal_and_a_non_conflicted_author(room):
    refused(room.svc, "not-revealed", room.svc.add_note, CHAIR, "C001", "Trop tôt.")
    room.seal_all("C001", sheet(15))
    refused(room.svc, "conflicted", room.svc.add_note, CONFLICTED_ON_C001, "C001", "Mon apprenti.")


def test_the_rules_proposal_and_the_jury_s_own(room):
    room.seal_all("C002", sheet(15))
    rule = room.svc.rule_proposal(CHAIR, "C002")
    assert (rule.decision, rule.mention) == ("admit", None)
    err = refused(room.svc, "justification-required", room.svc.propose, CHAIR, "C002", "waitlist")
    assert "admit" in str(err)
    refused(room.svc, "decision-not-allowed", room.svc.propose, CHAIR, "C002", "award", None, "x")
    refused(room.svc, "mention-not-allowed", room.svc.propose, CHAIR, "C002", "admit", "bien", "x")
    room.svc.propose("m-albert-2", "C002", "waitlist", None, "Places limitées cette année.")
    proposal = _row(room, "C002").proposal
    assert (proposal.source, proposal.decision, proposal.justification, proposal.author) == (
        "jury",
        "waitlist",
        "Places limitées cette année.",
        "m-albert-2",
    )
    # The rules never overwrite the jury.
    refused(room.svc, "jury-proposal-exists", room.svc.accept_rule_proposal, CHAIR, "C002")
    refused(
        room.svc, "no-change", room.svc.propose, CHAIR, "C002", "waitlist", None,
        "Places limitées cette année.",
    )  # fmt: skip
    # The jury may agree with the rules without a justification.
    room.svc.propose(CHAIR, "C002", "admit")
    assert _row(room, "C002").proposal.decision == "admit"


def test_graduation_proposals_come_from_eligibility_and_carry_a_mention(tmp_path):
    r = open_room(tmp_path, kind="graduation", n_candidates=4)
    r.seal_all("C002", sheet(15))
    assert (
        r.svc.rule_proposal(CHAIR, "C002").decision,
        r.svc.rule_proposal(CHAIR, "C002").mention,
    ) == (
        "award",
        "bien",
    )
    r.seal_all("C004", sheet(15))  # the factory's 4th candidate misses cases and placement
    rule = r.svc.rule_proposal(CHAIR, "C004")
    assert rule.decision == "ajourne" and any("placement" in x for x in rule.reasons)
    checks = {c.name: c.met for c in r.svc.candidate_detail(CHAIR, "C004").eligibility}
    assert checks == {"ects": True, "business-cases": False, "placement": False}
    r.svc.close()


def test_dual_approval_one_per_institution_makes_it_final(room):
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    assert room.svc.approve("m-mines-2", "C002", "MINES", passphrase("m-mines-2")) is False
    assert _row(room, "C002").state == "approved-partial"
    assert room.svc.approve("m-albert-2", "C002", "ALBERT", passphrase("m-albert-2")) is True
    row = _row(room, "C002")
    assert row.state == "final"
    assert {k: [a.member_id for a in v] for k, v in row.approvals.items()} == {
        "MINES": ["m-mines-2"],
        "ALBERT": ["m-albert-2"],
    }


def test_approval_misuse_is_refused_and_changes_nothing(room):
    svc = room.svc
    refused(svc, "no-proposal", svc.approve, "m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    room.seal_all("C001", sheet(15))
    svc.accept_rule_proposal(CHAIR, "C001")
    m2, a1, a3 = (passphrase(m) for m in ("m-mines-2", "m-albert-1", CONFLICTED_ON_C001))
    refused(svc, "auth-required", svc.approve, "m-mines-2", "C001", "MINES", None)
    refused(svc, "auth-failed", svc.approve, "m-mines-2", "C001", "MINES", "not it at all")
    refused(svc, "wrong-institution", svc.approve, "m-mines-2", "C001", "ALBERT", m2)
    refused(svc, "conflicted", svc.approve, CONFLICTED_ON_C001, "C001", "ALBERT", a3)
    svc.approve("m-mines-2", "C001", "MINES", m2)
    refused(svc, "already-approved", svc.approve, "m-mines-2", "C001", "MINES", m2)
    refused(svc, "slot-filled", svc.approve, CHAIR, "C001", "MINES", passphrase(CHAIR))
    svc.check_out("m-albert-1")
    refused(svc, "absent", svc.approve, "m-albert-1", "C001", "ALBERT", a1)
    assert _approvals(room, "C001") == [("m-mines-2", "MINES")]


def test_two_approvals_required_need_two_distinct_members(tmp_path):
    from jury_desk.bundle.manifest import Manifest
    from tests.factories import manifest_dict

    d = manifest_dict(n_candidates=2)
    d["session"]["approvals_required"] = {"MINES": 2, "ALBERT": 1}
    r = open_room(tmp_path, manifest=Manifest.model_validate(d))
    r.seal_all("C002", sheet(15))
    r.svc.accept_rule_proposal(CHAIR, "C002")
    missing = lambda: dict(r.svc.candidate_detail(CHAIR, "C002").approvals_missing)  # noqa: E731
    assert missing() == {"MINES": 2, "ALBERT": 1}
    assert r.approve_both("C002") is False  # MINES has 1 of 2
    assert missing() == {"MINES": 1, "ALBERT": 0}
    assert r.svc.approve("m-mines-3", "C002", "MINES", passphrase("m-mines-3")) is True
    assert missing() == {"MINES": 0, "ALBERT": 0}
    row = next(row for row in r.svc.board(CHAIR).rows if row.candidate_id == "C002")
    assert dict(row.approvals_missing) == {"MINES": 0, "ALBERT": 0}
    refused(r.svc, "slot-filled", r.svc.approve, CHAIR, "C002", "MINES", passphrase(CHAIR))
    r.svc.close()


def test_a_revision_keeps_old_values_voids_approvals_and_withdraws_the_rules_proposal(room):
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    room.approve_both("C002")
    mp = passphrase("m-mines-3")
    refused(room.svc, "reason-required", room.svc.revise, "m-mines-3", "C002", sheet(9), " ", mp)
    refused(room.svc, "no-change", room.svc.revise, "m-mines-3", "C002", sheet(15), "idem", mp)
    refused(room.svc, "score-off-step", room.svc.revise, "m-mines-3", "C002", sheet(9.1), "x", mp)
    room.svc.revise("m-mines-3", "C002", {"academic": 9}, "Erreur de saisie", mp)
    row = _row(room, "C002")
    assert (row.state, row.proposal) == ("revealed", None)
    assert all(not approvals for approvals in row.approvals.values())
    detail = room.svc.candidate_detail(CHAIR, "C002")
    (revision,) = detail.revisions
    assert (revision.member_id, revision.revision, revision.reason) == (
        "m-mines-3",
        1,
        "Erreur de saisie",
    )
    assert dict(revision.previous) == sheet(15)
    assert dict(revision.scores) == sheet(9, 15, 15)
    assert [e[1] for e in events(room.svc.path)][-3:] == [
        "sheet-revised",
        "proposal-withdrawn",
        "approvals-voided",
    ]
    voided = json.loads(events(room.svc.path, "approvals-voided")[-1][2])
    assert voided["because"] == "sheet-revised" and len(voided["approvals"]) == 2


def test_a_revision_keeps_the_jury_s_proposal_but_voids_its_approvals(room):
    room.seal_all("C002", sheet(15))
    room.svc.propose(CHAIR, "C002", "waitlist", None, "Dossier incomplet.")
    room.approve_both("C002")
    room.svc.revise("m-mines-3", "C002", {"project": 14}, "Relecture", passphrase("m-mines-3"))
    row = _row(room, "C002")
    assert (row.state, row.proposal.decision, row.proposal.source) == (
        "proposed",
        "waitlist",
        "jury",
    )


def test_only_your_own_sealed_sheet_can_be_revised(room):
    room.svc.check_out("m-mines-3")
    room.seal_all("C002", sheet(15))
    room.svc.check_in("m-mines-3")
    refused(
        room.svc, "not-sealed", room.svc.revise, "m-mines-3", "C002", sheet(12), "Late",
        passphrase("m-mines-3"),
    )  # fmt: skip


def test_a_new_proposal_voids_approvals(room):
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    room.svc.approve("m-mines-2", "C002", "MINES", passphrase("m-mines-2"))
    room.svc.propose(CHAIR, "C002", "waitlist", None, "Réflexion faite.")
    assert _approvals(room, "C002") == []
    assert _row(room, "C002").state == "proposed"


def test_an_objection_withdraws_the_proposal_and_resets_approvals(room):
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    room.approve_both("C002")
    ap = passphrase("m-albert-3")
    refused(room.svc, "reason-required", room.svc.raise_objection, "m-albert-3", "C002", ap, "")
    refused(
        room.svc, "auth-failed", room.svc.raise_objection, "m-albert-3", "C002", "nope nope", "Non"
    )
    room.svc.raise_objection("m-albert-3", "C002", ap, "La note de projet est surévaluée.")
    row = _row(room, "C002")
    assert (row.state, row.proposal) == ("discussion", None)
    assert _approvals(room, "C002") == []
    objections = room.svc.candidate_detail(CHAIR, "C002").objections
    assert [(o.member_id, o.reason) for o in objections] == [
        ("m-albert-3", "La note de projet est surévaluée.")
    ]
    refused(room.svc, "no-proposal", room.svc.raise_objection, "m-albert-3", "C002", ap, "Encore")


def test_a_conflict_declared_after_approving_voids_that_approval_only(room):
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    room.svc.approve("m-albert-2", "C002", "ALBERT", passphrase("m-albert-2"))
    room.svc.approve("m-mines-2", "C002", "MINES", passphrase("m-mines-2"))
    room.svc.declare_conflict(CHAIR, "m-albert-2", "C002", "personal", "Cousine")
    # Their sheet no longer counts: the figures changed, so every approval goes.
    assert _approvals(room, "C002") == []
    assert _row(room, "C002").proposal is None  # the rules' proposal cited the old figures


@pytest.mark.parametrize("actor", ["m-mines-2", CONFLICTED_ON_C001])
def test_proposing_needs_a_present_non_conflicted_member(room, actor):
    room.seal_all("C001", sheet(15))
    if actor == "m-mines-2":
        room.svc.check_out(actor)
        refused(room.svc, "absent", room.svc.accept_rule_proposal, actor, "C001")
    else:
        refused(room.svc, "conflicted", room.svc.accept_rule_proposal, actor, "C001")
