"""The room desk's ledger through the service (issue 12): acts made on member desks, applied
by the rules, logged with the member's proof, checked by ``audit verify``'s replay."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.memberdesk import acts
from jury_desk.signing import desk_proof, event_log
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.desks import open_room_with_desks, pinned_keys
from tests.deliberation.jury import ALBERT, CHAIR, MINES, events, passphrase, sheet, snapshot
from tests.deliberation.test_signed_session import rewrite_chain


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


@pytest.fixture
def rd(tmp_path, keys):
    r = open_room_with_desks(tmp_path, keys)
    yield r
    r.room.svc.close()


def _verified(path):
    report, differences = check_session_file(path)
    assert report.ok, report.reason
    assert differences == []
    return report


def joined(rd, *members):
    for member in members or ALBERT[:2]:
        rd.desks[member].join()
    rd.exchange()


def test_acts_from_member_desks_are_applied_logged_with_their_proof_and_replayed(rd):
    joined(rd)
    reveal = rd.reveal_public()
    a1, a2 = (rd.desks[m] for m in ALBERT[:2])
    sent = [a1.seal(reveal, rd, "C001", sheet(14)), a2.seal(reveal, rd, "C001", sheet(12))]
    for member in MINES:
        rd.room.seal(member, "C001", sheet(16))
    [report] = [r for r in rd.exchange() if "albert-1" in r.source]
    assert report.accepted == {"m-albert-1": 1}
    assert all(d.verdict(e).accepted for d, e in zip((a1, a2), sent, strict=True))
    # The room's event is the act the member signed, unsigned, with the member's proof.
    seals = [json.loads(p) for a, _k, p in events(rd.room.svc.path, "sheet-sealed")]
    from_desk = [p for p in seals if p["member"] in ALBERT]
    assert len(from_desk) == 2 and all(set(p["desk"]) == {"n", "sent_at", "sig"} for p in from_desk)
    assert rd.room.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    detail = rd.room.svc.candidate_detail(CHAIR, "C001")
    totals = {s.member_id: s.total for s in detail.sheets}
    assert totals["m-albert-1"] == pytest.approx(14) and totals["m-albert-2"] == pytest.approx(12)
    report = _verified(rd.room.svc.path)
    assert report.keys["m-albert-1"].pinned


def test_a_refusal_reaches_the_member_in_french_and_changes_nothing_but_its_verdict(rd):
    joined(rd)
    reveal = rd.reveal_public()
    a1 = rd.desks["m-albert-1"]
    a1.seal(reveal, rd, "C001", sheet(14))
    rd.exchange()
    before = snapshot(rd.room.svc.path)
    head = rd.room.svc.audit_head()
    again = a1.seal(reveal, rd, "C001", sheet(18))  # a second seal of the same sheet
    rd.exchange()
    verdict = a1.verdict(again)
    assert verdict is not None and not verdict.accepted
    assert verdict.reason == "sealed" and "déjà scellée" in verdict.message
    assert rd.room.svc.audit_head() == head
    after = snapshot(rd.room.svc.path)
    assert len(after.pop("desk_verdict")) == len(before.pop("desk_verdict")) + 1
    assert after == before
    _verified(rd.room.svc.path)


def test_a_conflicted_members_seal_is_refused_naming_the_candidate(rd):
    conflicted = "m-albert-3"  # the factory's bundle conflict on C001
    joined(rd, "m-albert-1", conflicted)
    sent = rd.desks[conflicted].seal(rd.reveal_public(), rd, "C001", sheet(10))
    rd.exchange()
    verdict = rd.desks[conflicted].verdict(sent)
    assert verdict is not None and verdict.reason == "conflicted"
    assert "Vous êtes en conflit sur C001" in verdict.message


def test_a_seal_after_the_reveal_is_refused_as_too_late(rd):
    joined(rd)
    a1, a2 = (rd.desks[m] for m in ALBERT[:2])
    a1.seal(rd.reveal_public(), rd, "C001", sheet(14))
    rd.exchange()
    for member in MINES:
        rd.room.seal(member, "C001", sheet(16))
    rd.room.svc.force_reveal(CHAIR, "C001", passphrase(CHAIR))
    late = a2.seal(rd.reveal_public(), rd, "C001", sheet(11))
    rd.exchange()
    verdict = a2.verdict(late)
    assert verdict is not None and verdict.reason == "revealed"
    assert "déjà révélé" in verdict.message and "trop tard" in verdict.message
    _verified(rd.room.svc.path)


def test_importing_twice_changes_nothing_and_verdicts_survive_a_restart(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    a1.seal(rd.reveal_public(), rd, "C002", sheet(13))
    rd.exchange()
    before = snapshot(rd.room.svc.path)
    again = rd.reception.import_folder(rd.folder)
    assert not any(r.changed for r in again) and sum(r.replayed for r in again) == 5
    assert snapshot(rd.room.svc.path) == before
    # Restarted room desk: a new ledger over the same file rebuilds the same replies.
    first = rd.reception.replies("m-albert-1")
    from jury_desk.exchange.reception import Reception

    fresh = ServiceLedger(rd.room.svc)
    rebuilt = Reception(fresh.session, fresh.key_of, fresh, rd.reception.room_key)
    assert [e.record for e in rebuilt.replies("m-albert-1")] == [e.record for e in first]


def proposed(rd):
    """C001 sealed by two desks and the room, revealed, the rules' proposal accepted."""
    joined(rd)
    for desk in (rd.desks[m] for m in ALBERT[:2]):
        desk.seal(rd.reveal_public(), rd, "C001", sheet(15))
    rd.exchange()
    for member in MINES:
        rd.room.seal(member, "C001", sheet(15))
    rd.room.svc.open_ready(CHAIR, passphrase(CHAIR))
    rd.room.svc.accept_rule_proposal(CHAIR, "C001", passphrase=passphrase(CHAIR))
    proposal = rd.room.svc.candidate_detail(CHAIR, "C001").proposal
    assert proposal is not None
    return proposal


def test_an_approval_signed_for_a_replaced_proposal_is_refused(rd):
    proposal = proposed(rd)
    a1, a2 = (rd.desks[m] for m in ALBERT[:2])
    stale = a1.send(
        acts.approve("C001", proposal.id + 1, proposal.decision, proposal.mention, "ALBERT")
    )
    good = a2.send(acts.approve("C001", proposal.id, proposal.decision, proposal.mention, "ALBERT"))
    rd.exchange()
    assert a1.verdict(stale).reason == "desk-act-differs"
    assert a2.verdict(good).accepted
    rd.room.svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    assert rd.room.svc.board(CHAIR).rows[0].state == "final"
    _verified(rd.room.svc.path)


def test_notes_and_objections_from_a_desk_go_through_the_rules(rd):
    proposal = proposed(rd)
    rd.room.svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    a1 = rd.desks["m-albert-1"]
    note = a1.send(acts.note("C001", "Projet très solide."))
    objection = a1.send(acts.object_to("C001", proposal.id, "Relire le dossier."))
    rd.exchange()
    assert a1.verdict(note).accepted and a1.verdict(objection).accepted
    assert rd.room.svc.candidate_detail(CHAIR, "C001").proposal is None
    # The objection voids the approval given: that event follows it, in a1's name, unsigned.
    acts_of_a1 = [(a, k) for a, k, _p in events(rd.room.svc.path)][-3:]
    assert acts_of_a1 == [
        ("m-albert-1", "note-added"), ("m-albert-1", "objected"),
        ("m-albert-1", "approvals-voided"),
    ]  # fmt: skip
    _verified(rd.room.svc.path)


# -- the log attacked: the replay and the chain catch a forged or replayed desk act -----
def append_unsigned(path, actor: str, kind: str, payload: dict) -> None:
    """A forger with the laptop appends an event with no signature (they have no key)."""
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT seq, hash, at FROM audit_event ORDER BY seq DESC").fetchone()
    session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    prev = event_log.Event(session, last[0], last[2], "", "", None, "", last[1])
    event = event_log.make_event(prev, last[2], actor, kind, payload, None)
    conn.execute("INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event.row())
    conn.commit()
    conn.close()


def test_a_desk_acts_payload_changed_and_rehashed_is_caught(rd):
    joined(rd)
    rd.desks["m-albert-1"].send(acts.note("C001", "Texte signé."))
    rd.desks["m-albert-1"].seal(rd.reveal_public(), rd, "C002", sheet(14))
    rd.exchange()
    path = rd.room.svc.path
    rd.room.svc.close()

    def forge(seq, kind, payload):
        if kind == "sheet-sealed" and payload.get("member") == "m-albert-1":
            payload = dict(payload, commitment="00" * 32)
        return payload

    rewrite_chain(path, forge)
    report, _ = check_session_file(path)
    assert not report.ok and "signed" in report.reason


def test_a_desk_act_replayed_in_the_log_is_caught(tmp_path, rd):
    joined(rd)
    rd.desks["m-albert-1"].send(acts.note("C001", "Une fois."))
    rd.exchange()
    path = rd.room.svc.path
    rd.room.svc.close()
    conn = sqlite3.connect(path)
    row = conn.execute(
        "SELECT actor, kind, payload FROM audit_event WHERE actor = 'm-albert-1' "
        "ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    conn.close()
    append_unsigned(path, row[0], row[1], json.loads(row[2]))
    report, _ = check_session_file(path)
    assert not report.ok and "replayed" in report.reason


def test_a_desk_event_without_its_proof_is_refused_by_the_chain(rd):
    joined(rd)
    rd.room.svc.check_out("m-mines-3", passphrase=passphrase("m-mines-3"))  # a signed act
    path = rd.room.svc.path
    rd.room.svc.close()
    append_unsigned(path, "m-albert-1", "note-added", {"candidate": "C001", "text": "forgé"})
    report, _ = check_session_file(path)
    assert not report.ok and "not signed" in report.reason


def test_an_unknown_act_kind_from_a_desk_is_refused_plainly(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    sent = a1.box.send(
        desk_proof.KIND_ACT, dumps_canonical({"kind": "session-closed", "payload": {}})
    )
    rd.exchange()
    verdict = a1.verdict(sent)
    assert verdict.reason == "desk-act-format" and "mettez" in verdict.message


def test_an_unsigned_act_slipped_after_a_desk_act_is_refused_by_the_replay(rd):
    joined(rd, "m-albert-1")
    path = rd.room.svc.path
    rd.room.svc.close()
    # The chain accepts an unsigned event right after a desk act (what that act caused),
    # but no act may begin with one: the replay names it.
    append_unsigned(path, "m-albert-1", "note-added", {"candidate": "C001", "text": "forgé"})
    report, differences = check_session_file(path)
    assert report.ok
    assert [d.what for d in differences] == ["an act that nobody signed, on a desk or in the room"]
