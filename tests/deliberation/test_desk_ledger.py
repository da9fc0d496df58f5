"""The room desk's ledger through the service (issue 12): acts made on member desks, applied
by the rules, logged with the member's proof, checked by ``audit verify``'s replay."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import ledger as ledger_module
from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.exchange.envelope import ROOM, Session, seal
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.reception import ImportReport, Reception
from jury_desk.exchange.records import RecordFile, file_name
from jury_desk.memberdesk import acts
from jury_desk.signing import desk_proof, event_log, member_key
from jury_desk.store.log_tables import check_session_file
from tests.crashkit import kill_worker, start_worker, wait_for, wait_ready
from tests.deliberation.desks import open_room_with_desks, pinned_keys
from tests.deliberation.jury import ALBERT, CHAIR, MINES, events, passphrase, sheet, snapshot
from tests.deliberation.settle import close_by_allowed_acts
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


# -- the room desk killed mid-import -------------------------------------------------------
def test_a_room_desk_killed_mid_import_applies_no_message_of_that_batch(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    for candidate in ("C002", "C003"):
        a1.seal(rd.reveal_public(), rd, candidate, sheet(13))
    a1.send(acts.note("C002", "Dossier relu à la maison."))  # refused: not revealed yet
    a1.box.export_to(rd.folder)
    path = rd.room.svc.path
    rd.room.svc.close()
    before = snapshot(path)
    proc, lines, reader = start_worker(
        "tests.deliberation.import_worker", str(path), str(rd.folder), "4"
    )
    try:
        wait_ready(proc, lines)
        # Messages 3 and 4 are applied, not committed: then SIGKILL.
        wait_for(proc, lines, lambda: "APPLIED 4\n" in lines)
    finally:
        kill_worker(proc, reader)
    assert "DONE\n" not in lines
    # Nothing of the batch: no act, no verdict, the chain and tables as before the import.
    assert snapshot(path) == before
    _verified(path)
    # The room desk restarted: the same file imported again applies every message once.
    again = ServiceLedger(DeliberationService.resume(path, scrypt=FAST_FOR_TESTS))
    reception = Reception(again.session, again.key_of, again, rd.reception.room_key)
    [report] = [r for r in reception.import_folder(rd.folder) if r.changed]
    assert report.accepted == {"m-albert-1": 2}
    assert [v.reason for _m, v in report.refused] == ["not-revealed"]
    again.service.close()
    _verified(path)


# -- bad input through the real service (the transport's own tests use a MemoryLedger) ------
def _outbox(rd, member="m-albert-1"):
    return rd.folder / file_name(rd.ledger.session.bundle_id, member, to_room=True)


def test_a_message_signed_with_another_members_key_or_for_another_bundle_changes_nothing(rd):
    joined(rd)
    before, head = snapshot(rd.room.svc.path), rd.room.svc.audit_head()
    thief = member_key.signing_key(rd.desks["m-albert-2"].key)  # albert-2's key, albert-1's name
    act = desk_proof.act_body(*acts.note("C001", "Au nom d'un autre."))
    forged = seal(thief, rd.ledger.session, sender="m-albert-1", recipient=ROOM, n=3,
                  kind=desk_proof.KIND_ACT, body=act)  # fmt: skip
    old = Session(rd.ledger.session.bundle_id, rd.ledger.session.seq + 1, "cd" * 32)
    mine = member_key.signing_key(rd.desks["m-albert-1"].key)
    elsewhere = seal(mine, old, sender="m-albert-1", recipient=ROOM, n=3,
                     kind=desk_proof.KIND_ACT, body=act)  # fmt: skip
    RecordFile(_outbox(rd)).append([forged, elsewhere])
    [report] = [r for r in rd.reception.import_folder(rd.folder) if "albert-1" in r.source]
    assert sorted(r.reason for r in report.rejected) == ["bundle-version", "signature"]
    assert not report.changed
    after = snapshot(rd.room.svc.path)
    assert rd.room.svc.audit_head() == head and after == before


def test_a_truncated_reordered_or_hand_edited_outbox_applies_only_what_holds(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    for candidate in ("C002", "C003"):
        a1.seal(rd.reveal_public(), rd, candidate, sheet(12))
    sent = a1.box.sent()  # n = 1..4: 3 and 4 are the seals
    path = _outbox(rd)
    # Reordered and missing message 3: message 4 waits, nothing of it is applied.
    RecordFile(path).append([sent[3]])
    [report] = [r for r in rd.reception.import_folder(rd.folder) if "albert-1" in r.source]
    assert report.waiting == {"m-albert-1": 3} and not report.changed
    # Message 3 hand-edited (its commitment changed): refused on its line, 4 still waits.
    line = sent[2].record.replace(sent[2].record[60:64], b"AAAA")
    with path.open("ab") as out:
        out.write(line + b'{"torn": ')  # and a torn last line, as a pulled USB key leaves
    [report] = [r for r in rd.reception.import_folder(rd.folder) if "albert-1" in r.source]
    assert report.torn_tail and not report.changed
    assert {r.reason for r in report.rejected} <= {"format", "signature"} and report.rejected
    # The genuine message 3 arrives: 3 then 4 are applied, in order.
    a1.box.export_to(rd.folder)
    [report] = [r for r in rd.reception.import_folder(rd.folder) if "albert-1" in r.source]
    assert report.accepted == {"m-albert-1": 2}
    _verified(rd.room.svc.path)


def test_two_desks_of_one_member_are_both_told_and_only_the_first_seal_counts(rd, tmp_path):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    (tmp_path / "laptop-2").mkdir()
    room_key = rd.reception.room_key.public_key()
    key = member_key.signing_key(a1.key)  # a copy of the key file on a second laptop
    other = MemberBox(tmp_path / "laptop-2", rd.ledger.session, "m-albert-1", key, room_key)
    first = a1.seal(rd.reveal_public(), rd, "C002", sheet(15))  # n = 3 on the first desk
    act, _sealed = acts.sealed_sheet(
        rd.reveal_public(), rd.ledger.session, "m-albert-1", "C002", sheet(9)
    )
    for _ in range(2):  # the second desk has sent 1 and 2 too (a copy of the key file)
        other.send("padding", b"{}")
    second = other.send(desk_proof.KIND_ACT, desk_proof.act_body(*act))  # n = 3 too
    a1.box.export_to(rd.folder)
    rd.reception.import_folder(rd.folder)
    other.export_to(rd.folder)
    rd.reception.import_folder(rd.folder)
    rd.reception.write_replies(rd.folder, ["m-albert-1"])
    a1.box.import_from(rd.folder)
    other.import_from(rd.folder)
    assert a1.verdict(first).accepted
    told = other.verdict_for(second)
    assert told is not None and told.reason == "second-desk" and "un seul poste" in told.message
    assert [v.reason for v in a1.box.other_desk_verdicts()][-1:] == ["second-desk"]
    detail = rd.room.svc.candidate_detail("m-albert-1", "C002")
    assert detail.own_status == "sealed"
    _verified(rd.room.svc.path)


def test_a_desk_whose_clock_is_far_off_is_logged_at_the_rooms_time(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    key = member_key.signing_key(a1.key)
    act = desk_proof.act_body(*acts.check_out("m-albert-1"))
    late = seal(key, rd.ledger.session, sender="m-albert-1", recipient=ROOM, n=3,
                kind=desk_proof.KIND_ACT, body=act,
                sent_at=datetime(2031, 1, 1, tzinfo=UTC))  # fmt: skip
    RecordFile(_outbox(rd)).append([late])
    rd.reception.import_folder(rd.folder)
    actor, kind, payload = events(rd.room.svc.path)[-1]
    assert (actor, kind) == ("m-albert-1", "checked-out")
    assert json.loads(payload)["desk"]["sent_at"].startswith("2031")
    conn = sqlite3.connect(rd.room.svc.path)
    [(at,)] = conn.execute("SELECT at FROM audit_event ORDER BY seq DESC LIMIT 1").fetchall()
    conn.close()
    assert at.startswith("2026")  # the room's clock, not the desk's
    _verified(rd.room.svc.path)


def test_a_seal_signed_in_another_members_name_is_refused(rd):
    joined(rd)
    a1 = rd.desks["m-albert-1"]
    act, _sealed = acts.sealed_sheet(
        rd.reveal_public(), rd.ledger.session, "m-albert-2", "C002", sheet(20)
    )
    before = snapshot(rd.room.svc.path)
    sent = a1.send(act)  # albert-1's desk, albert-1's key, a sheet "of" albert-2
    rd.exchange()
    assert a1.verdict(sent).reason == "not-own-sheet"
    after = snapshot(rd.room.svc.path)
    assert len(after.pop("desk_verdict")) == len(before.pop("desk_verdict")) + 1
    assert after == before


def test_a_desk_act_on_a_closed_session_is_refused_until_the_chair_reopens_it(rd, keys):
    # The ledger reads the session's state once per batch (``_BatchRoom``): only the chair
    # changes it, in the room, between batches; no act a desk may send does.
    assert not {"session-closed", "session-reopened"} & set(desk_proof.ROOM_FIELDS)
    for member in ALBERT:  # in the room, with their pinned key file, so the room can close
        rd.room.svc.register_key(member, passphrase(member), keys[member][1])
    close_by_allowed_acts(rd.room.svc, CHAIR)
    a1 = rd.desks["m-albert-1"]
    late = a1.send(acts.note("C001", "Dossier relu après la clôture."))
    rd.exchange()
    verdict = a1.verdict(late)
    assert verdict is not None and (verdict.accepted, verdict.reason) == (False, "closed")
    rd.room.svc.reopen(CHAIR, passphrase(CHAIR), "Une note oubliée")
    again = a1.send(acts.note("C001", "Dossier relu après la réouverture."))
    rd.exchange()
    verdict = a1.verdict(again)
    assert verdict is not None and verdict.accepted, verdict
    _verified(rd.room.svc.path)


def test_a_batch_has_a_larger_page_cache_and_gives_it_back(rd):
    def cache_size() -> int:
        with rd.room.svc.desk_read() as conn:
            return int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())

    before = cache_size()
    seen: list[int] = []
    apply = rd.ledger.apply

    def applying(envelope, at):
        verdict = apply(envelope, at)  # the batch is open from its first message on
        seen.append(int(rd.ledger._tx.conn.exec_driver_sql("PRAGMA cache_size").scalar_one()))
        return verdict

    rd.ledger.apply = applying
    joined(rd)
    assert seen and set(seen) == {-ledger_module.BATCH_CACHE_KIB} and before != seen[0]
    assert cache_size() == before


def test_who_is_present_changes_within_one_batch_and_the_rules_see_it(rd):
    # The ledger keeps who is present, and the quorum, for the batch (``_BatchRoom``): a
    # check-in or check-out in the middle of the batch must change what the next act meets.
    a1, a2 = (rd.desks[m] for m in ALBERT[:2])
    reveal = rd.reveal_public()
    sent = [
        a1.send(acts.register("m-albert-1", a1.key, pinned=True)),
        a1.send(acts.check_in("m-albert-1")),
        a1.seal(reveal, rd, "C002", sheet(14)),  # Albert 1/2 present: no quorum yet
        a2.send(acts.register("m-albert-2", a2.key, pinned=True)),
        a2.send(acts.check_in("m-albert-2")),
        a2.seal(reveal, rd, "C002", sheet(12)),  # Albert 2/2: the quorum is met
        a2.send(acts.check_out("m-albert-2")),
        a2.seal(reveal, rd, "C003", sheet(11)),  # gone
    ]
    rd.reception.receive(sent, ImportReport("one batch"))  # one batch, one commit
    told = {(m, v.n): (v.accepted, v.reason) for m in ALBERT[:2] for v in rd.ledger.verdicts(m)}
    assert told == {
        ("m-albert-1", 1): (True, ""),
        ("m-albert-1", 2): (True, ""),
        ("m-albert-1", 3): (False, "quorum"),
        ("m-albert-2", 1): (True, ""),
        ("m-albert-2", 2): (True, ""),
        ("m-albert-2", 3): (True, ""),
        ("m-albert-2", 4): (True, ""),
        ("m-albert-2", 5): (False, "absent"),
    }
    sealed = [json.loads(p)["member"] for _a, _k, p in events(rd.room.svc.path, "sheet-sealed")]
    assert sealed.count("m-albert-2") == 1 and "m-albert-1" not in sealed
    _verified(rd.room.svc.path)  # the replay, reading the tables at every act, agrees


def test_a_rolled_back_check_in_is_forgotten_by_the_batch(rd):
    # A check-in whose act is then refused (here: logged in another member's name) is
    # rolled back; the batch must not keep it as present.
    a1 = rd.desks["m-albert-1"]
    reveal = rd.reveal_public()
    sent = [
        a1.send(acts.register("m-albert-1", a1.key, pinned=True)),
        a1.send(acts.check_in("m-albert-2")),  # refused: albert-1 acts only for albert-1
        a1.seal(reveal, rd, "C002", sheet(14)),  # absent
    ]
    rd.reception.receive(sent, ImportReport("one batch"))
    reasons = [v.reason for v in rd.ledger.verdicts("m-albert-1")]
    assert reasons == ["", "desk-act-differs", "absent"]
    assert "m-albert-2" not in rd.room.svc.present_members()
