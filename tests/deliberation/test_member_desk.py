"""The member desk, Qt-free (issue 12): one member's candidates, drafts sealed at rest, the
seal to the reveal key, the room's verdicts and status, over a folder (a USB key)."""

from __future__ import annotations

import base64
import json
import sqlite3

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from jury_desk.core.errors import RuleError
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import desk_status
from jury_desk.deliberation.ledger import exchange_folder
from jury_desk.exchange.records import file_name, read_records
from jury_desk.exchange.status import read_status
from jury_desk.memberdesk.desk import MemberDesk
from jury_desk.memberdesk.worklist import VOID_WORDS
from jury_desk.signing import desk_proof, envelope
from tests.crashkit import kill_worker, start_worker, wait_for, wait_ready
from tests.deliberation.desks import open_room_with_desks, pinned_keys
from tests.deliberation.jury import CHAIR, MINES, passphrase, sheet
from tests.factories import manifest_dict


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


@pytest.fixture
def room(tmp_path, keys):
    rd = open_room_with_desks(tmp_path, keys)
    r, ledger, reception, usb = rd.room, rd.ledger, rd.reception, rd.folder

    def desk(member: str) -> MemberDesk:
        return MemberDesk(
            r.manifest, ledger.session.fingerprint, member, keys[member][0],
            tmp_path / f"home-{member}", reception.room_key.public_key(),
        )  # fmt: skip

    def trip(*desks: MemberDesk) -> None:
        for d in desks:
            d.export_to(usb)
        exchange_folder(reception, ledger, usb)
        for d in desks:
            d.import_from(usb)

    yield r, desk, trip, ledger
    r.svc.close()


def test_a_member_prepares_at_home_then_the_room_counts_the_sheet(room, tmp_path):
    r, desk, trip, ledger = room
    a1, a2 = desk("m-albert-1"), desk("m-albert-2")
    # At home: drafts, sealed to the member at rest (no score in the desk's file).
    a1.save_draft("C001", {"academic": 14.5, "motivation": 13})
    raw = (tmp_path / "home-m-albert-1" / "desk.sqlite").read_bytes()
    assert b"14.5" not in raw and b"14,5" not in raw
    assert a1.draft("C001") == {"academic": 14.5, "motivation": 13.0}
    # No reveal key yet (the bundle pins none): sealing waits for the room's status.
    a1.save_draft("C001", {"project": 15})
    with pytest.raises(RuleError) as info:
        a1.seal("C001")
    assert info.value.code == "reveal-key-missing"
    # In the room: check in by USB key, get the status (the reveal key) back.
    a1.check_in()
    a2.check_in()
    trip(a1, a2)
    assert a1.reveal_public() is not None
    receipt = a1.seal("C001")
    a2.save_draft("C001", sheet(12))
    a2.seal("C001")
    assert [c.state for c in a1.candidates() if c.candidate_id == "C001"] == ["sent"]
    trip(a1, a2)
    row = next(c for c in a1.candidates() if c.candidate_id == "C001")
    assert (row.state, row.receipt) == ("sealed", receipt)
    assert a1.revealed_sheets("C001") == []  # nobody's score before the reveal
    for member in MINES:
        r.seal(member, "C001", sheet(16))
    # What the room sends before the reveal holds no score, no total, of anyone.
    status = ledger.status("m-albert-1")[1]
    assert json.loads(status)["sheets"] == {}
    assert "sheets_v" not in json.loads(status)["summary"]["0"]["C001"]
    assert b"total" not in status and b"16.0" not in status
    r.svc.open_ready(CHAIR, passphrase(CHAIR))
    trip(a1)
    sheets = {s["member"]: s["total"] for s in a1.revealed_sheets("C001")}
    assert set(sheets) == {"m-albert-1", "m-albert-2", *MINES}


def test_a_seal_the_reveal_finds_void_is_shown_refused_and_sealed_again(room):
    """A desk (here its outbox, signing as the desk does) seals garbage to the reveal key:
    the reveal voids it, the member's desk shows it refused, in French, and seals again."""
    r, desk, trip, _ledger = room
    a1, a2 = desk("m-albert-1"), desk("m-albert-2")
    a1.check_in()
    a2.check_in()
    trip(a1, a2)
    where = desk_proof.sheet_label(a1.address)
    junk = envelope.seal_json(
        a1.reveal_public(), envelope.SHEET, envelope.sheet_context(where, "C001", a1.member),
        {"salt": "00", "scores": {"academic": "vingt"}},
    )  # fmt: skip
    payload = {"member": a1.member, "candidate": "C001", "commitment": "ab" * 32,
               "envelope": base64.b64encode(junk).decode("ascii")}  # fmt: skip
    a1.box.send(desk_proof.KIND_ACT, desk_proof.act_body("sheet-sealed", payload))
    a1.save_draft("C001", sheet(15))
    a2.save_draft("C001", sheet(12))
    a2.seal("C001")
    trip(a1, a2)
    for member in MINES:
        r.seal(member, "C001", sheet(16))
    assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == ()
    trip(a1)
    row = next(c for c in a1.candidates() if c.candidate_id == "C001")
    assert (row.state, row.refusal) == ("draft", VOID_WORDS)
    a1.seal("C001")
    trip(a1)
    assert next(c for c in a1.candidates() if c.candidate_id == "C001").state == "sealed"
    assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)


def test_revealed_sheets_come_in_pages_within_the_budget_and_never_stale(room, monkeypatch):
    """The status is bounded (``desk_status``): the revealed sheets come in pages, the desk
    keeps each candidate's by its version, and never shows a version the room replaced."""
    r, desk, trip, ledger = room
    a1, a2 = desk("m-albert-1"), desk("m-albert-2")
    a1.check_in()
    a2.check_in()
    trip(a1, a2)
    everyone = ("C001", "C002", "C003")
    for candidate in everyone:
        for d, value in ((a1, 14), (a2, 12)):
            d.save_draft(candidate, sheet(value))
            d.seal(candidate)
    trip(a1, a2)
    for candidate in everyone:
        for member in MINES:
            r.seal(member, candidate, sheet(16))
    assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == everyone
    full = json.loads(ledger.status("m-albert-1")[1])
    assert set(full["sheets"]) == set(everyone)  # small: everything fits at once
    one = max(len(dumps_canonical(s)) for s in full["sheets"].values())
    # A block a candidate, and one candidate's room for sheets once the summary is in.
    monkeypatch.setattr(desk_status, "BLOCK_SIZE", 1)
    full = json.loads(ledger.status("m-albert-1")[1])
    head = len(dumps_canonical(dict(full, sheets={}, summary={})))
    budget = head + len(dumps_canonical(full["summary"])) + one + 16
    monkeypatch.setattr(desk_status, "BODY_BUDGET", budget)

    def next_trip(i: int) -> dict:
        r.svc.add_note(CHAIR, "C002", f"Note {i}.", passphrase=passphrase(CHAIR))
        body = ledger.status("m-albert-1")[1]
        assert len(body) <= budget and len(json.loads(body)["sheets"]) == 1
        assert len(json.loads(body)["summary"]) == 3
        trip(a1)
        return {c: a1.revealed_sheets(c) for c in everyone}

    shown = next_trip(0)
    assert sorted(len(v or ()) for v in shown.values()) == [0, 0, 5]
    assert [c for c in everyone if shown[c] is None] == [c for c in everyone if not shown[c]]
    for i in range(1, 6):
        shown = next_trip(i)
    assert all(len(shown[c]) == 5 for c in everyone)  # every page came, within 6 statuses
    r.svc.revise("m-mines-2", "C001", sheet(9), "Erreur de saisie.", passphrase("m-mines-2"))
    new_total = False
    for i in range(6, 12):
        totals = {s["member"]: s["total"] for s in next_trip(i)["C001"] or ()}
        assert totals.get("m-mines-2") in (None, 9.0)  # the replaced 16 is never shown
        new_total = new_total or totals.get("m-mines-2") == 9.0
    assert new_total


def test_the_summary_comes_in_blocks_within_the_budget_and_only_fills_in(
    room, monkeypatch, tmp_path
):
    """The status stays within its budget at any size (``desk_status``): the summary comes
    in blocks, the latest changes first. Here, in small, a block a candidate and room for
    one block a status, as for a session far past the 1 MiB cap: each status is within its
    budget, the desk hides a candidate as soon as the room says so, catches up with every
    block within a few statuses, and an older status brought back changes nothing."""
    r, desk, trip, ledger = room
    monkeypatch.setattr(desk_status, "BLOCK_SIZE", 1)
    a1, a2 = desk("m-albert-1"), desk("m-albert-2")
    a1.check_in()
    a2.check_in()  # the quorum, for the seals below
    trip(a1, a2)
    everyone = ["C001", "C002", "C003"]
    assert [c.candidate_id for c in a1.candidates()] == everyone
    old = read_status(tmp_path / "usb", a1.address, a1.member)
    full = json.loads(ledger.status(a1.member)[1])
    biggest = max(len(dumps_canonical(b)) for b in full["summary"].values())
    budget = len(dumps_canonical(dict(full, summary={}))) + biggest + 48  # < two blocks
    monkeypatch.setattr(desk_status, "BODY_BUDGET", budget)

    r.svc.declare_conflict(CHAIR, a1.member, "C003", "tutor", passphrase=passphrase(CHAIR))
    body = json.loads(ledger.status(a1.member)[1])
    assert body["summary"]["2"] == {}  # the block that changed last comes first
    trip(a1)
    assert [c.candidate_id for c in a1.candidates()] == everyone[:2]

    for candidate in everyone[:2]:
        a1.save_draft(candidate, sheet(14))
        a1.seal(candidate)
    trips = 0
    while trips < 6:
        trip(a1)
        trips += 1
        raw = read_status(tmp_path / "usb", a1.address, a1.member).body  # what the trip took
        page = json.loads(raw)["summary"]
        assert len(raw) <= budget and len([b for b in page.values() if b]) == 1
        if not a1.room_status.behind():
            break
    assert trips in (2, 3)  # one block a status, in turn: the two changed took 2 or 3
    assert [a1.room_status.entry(c)["sealed"] for c in everyone[:2]] == [True] * 2
    assert a1.receive_status(old) is False  # older: none of its blocks replaces a newer one
    assert a1.room_status.behind() == []
    assert [c.candidate_id for c in a1.candidates()] == everyone[:2]


def test_only_the_members_candidates_are_shown(room):
    _r, desk, _trip, _ledger = room
    conflicted = desk("m-albert-3")  # the bundle declares them conflicted on C001
    assert "C001" not in [c.candidate_id for c in conflicted.candidates()]
    with pytest.raises(RuleError):
        conflicted.save_draft("C001", {"academic": 10})


def test_a_refusal_for_the_rooms_moment_is_sent_again_once(room):
    r, desk, trip, ledger = room
    a1 = desk("m-albert-1")
    a1.join()
    a1.add_note("C001", "Avant l'arrivée.")  # refused: not checked in yet
    trip(a1)
    [answered] = [a for a in a1.answers() if not a.accepted]
    assert (answered.kind, answered.candidate, answered.reason) == ("note-added", "C001", "absent")
    assert "pointez votre arrivée" in answered.message
    a1.check_in()
    again = a1.resend_waiting()
    assert len(again) == 1 and a1.resend_waiting() == []
    trip(a1)
    assert all(a1.box.verdict_for(e) is not None for e in again)
    assert a1.box.verdict_for(again[0]).reason == "not-revealed"


def test_the_desk_state_survives_a_restart(room, tmp_path):
    _r, desk, trip, _ledger = room
    a1 = desk("m-albert-1")
    a1.check_in()
    trip(a1)
    a1.save_draft("C002", sheet(11))
    a1.set_preference("zoom", "fit-width")
    a1.close()
    again = desk("m-albert-1")
    assert again.draft("C002") == sheet(11.0)
    assert again.preference("zoom") == "fit-width"
    assert again.reveal_public() is not None and len(again.box.sent()) == 2
    conn = sqlite3.connect(tmp_path / "home-m-albert-1" / "desk.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_a_member_desk_killed_mid_write_keeps_every_acknowledged_seal(tmp_path, keys):
    member = "m-albert-1"
    manifest = manifest_dict("admission", n_candidates=12)
    for m in manifest["session"]["members"]:
        m["public_key"] = keys[m["id"]][0].public_key().to_base64()
    folder = tmp_path / "home"
    job = {
        "manifest": manifest, "fingerprint": "ab" * 32, "member": member,
        "key_text": keys[member][1], "passphrase": passphrase(member), "folder": str(folder),
        "reveal_public": X25519PrivateKey.generate().public_key().public_bytes_raw().hex(),
        "candidates": [f"C{i:03d}" for i in range(2, 13)],
    }  # fmt: skip
    (tmp_path / "job.json").write_text(json.dumps(job), encoding="utf-8")
    proc, lines, reader = start_worker("tests.deliberation.desk_worker", str(tmp_path / "job.json"))
    try:
        wait_ready(proc, lines)
        # SIGKILL somewhere in the fourth seal or after it.
        wait_for(proc, lines, lambda: sum(line.startswith("SEALED ") for line in lines) >= 3)
    finally:
        kill_worker(proc, reader)
    acked = dict(line.split()[1:] for line in lines if line.startswith("SEALED "))
    outbox = read_records(folder / file_name(job["manifest"]["bundle_id"], member, to_room=True))
    assert not outbox.damaged  # a torn last record at most, ignored and cut at the next append
    from tests.deliberation.desk_worker import open_desk

    desk = open_desk(job)
    rows = {c.candidate_id: c for c in desk.candidates()}
    for candidate, receipt in acked.items():
        assert (rows[candidate].state, rows[candidate].receipt) == ("sent", receipt)
    desk.save_draft("C012", sheet(10))  # the desk goes on: it appends after a torn tail
    assert read_records(desk.box.out.path).damaged == []
    desk.close()


def test_with_the_reveal_key_pinned_a_member_seals_at_home_before_any_room(tmp_path, keys):
    rd = open_room_with_desks(tmp_path, keys, reveal=True)
    try:
        home = MemberDesk(rd.room.manifest, rd.ledger.session.fingerprint, "m-albert-1",
                          keys["m-albert-1"][0], tmp_path / "home")  # fmt: skip
        home.save_draft("C002", sheet(17))
        receipt = home.seal("C002")  # no room seen yet: the bundle's pinned reveal key
        home.check_in()
        other = MemberDesk(rd.room.manifest, rd.ledger.session.fingerprint, "m-albert-2",
                           keys["m-albert-2"][0], tmp_path / "home-2")  # fmt: skip
        other.check_in()
        other.save_draft("C002", sheet(11))
        other.seal("C002")
        for desk in (home, other):
            desk.export_to(rd.folder)
        exchange_folder(rd.reception, rd.ledger, rd.folder)
        for member in MINES:
            rd.room.seal(member, "C002", sheet(15))
        # The seal (sent before the check-in) was refused for its moment, then sent again.
        home.box.room_key = rd.reception.room_key.public_key()
        home.import_from(rd.folder)
        assert [a.reason for a in home.answers() if not a.accepted] == ["absent"]
        home.resend_waiting()
        home.export_to(rd.folder)
        exchange_folder(rd.reception, rd.ledger, rd.folder)
        assert rd.room.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C002",)
        totals = {s.member_id: s.total for s in rd.room.svc.candidate_detail(CHAIR, "C002").sheets}
        assert totals["m-albert-1"] == pytest.approx(17) and totals["m-albert-2"] == 11
        assert receipt
    finally:
        rd.room.svc.close()
