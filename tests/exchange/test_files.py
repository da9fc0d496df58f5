"""Transport A: outbox files on a folder or USB key, imported by the room desk (DESIGN.md §9)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from jury_desk.exchange.envelope import ExchangeError, Session, seal
from jury_desk.exchange.records import RecordFile, file_name, read_records

from .conftest import SESSION


def outbox_path(folder: Path, member: str) -> Path:
    return folder / file_name(SESSION.bundle_id, member, to_room=True)


def reply_path(folder: Path, member: str) -> Path:
    return folder / file_name(SESSION.bundle_id, member, to_room=False)


def exported(jury, tmp_path: Path, usb: Path, member: str, count: int):
    """A member desk that sealed ``count`` sheets and exported them to the USB key."""
    box = jury.box(tmp_path / "home", member)
    for i in range(count):
        box.send("seal", f"sheet {i}".encode())
    box.export_to(usb)
    return box


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def test_messages_travel_by_usb_key_and_the_verdicts_come_back(jury, tmp_path, usb):
    box = jury.box(tmp_path / "home", "mines-1")
    for i in range(3):
        box.send("seal", f"sheet {i}".encode())
    assert box.export_to(usb) == 3
    room, ledger = jury.room()
    [report] = room.import_folder(usb)
    assert dict(report.accepted) == {"mines-1": 3}
    assert [e.body for e in ledger.applied] == [b"sheet 0", b"sheet 1", b"sheet 2"]
    assert len(box.pending()) == 3
    assert box.import_from(usb) == 3
    assert box.pending() == [] and all(a.verdict.accepted for a in box.answered())


def test_importing_the_same_file_twice_changes_nothing(jury, tmp_path, usb):
    box = exported(jury, tmp_path, usb, "mines-1", 4)
    room, ledger = jury.room()
    room.import_folder(usb)
    files = {p.name: digest(p) for p in usb.iterdir()}
    again = room.import_folder(usb)
    assert not again[0].changed and again[0].replayed == 4
    assert len(ledger.applied) == 4 and len(ledger.verdicts("mines-1")) == 4
    assert {p.name: digest(p) for p in usb.iterdir()} == files
    # Exporting again appends nothing either.
    assert box.export_to(usb) == 0
    assert digest(outbox_path(usb, "mines-1")) == files[outbox_path(usb, "mines-1").name]


def test_a_torn_last_record_is_ignored_and_the_earlier_ones_are_intact(jury, tmp_path, usb):
    box = exported(jury, tmp_path, usb, "albert-1", 3)
    path = outbox_path(usb, "albert-1")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the key pulled out during the third record
    room, ledger = jury.room()
    report = room.import_file(path)
    assert report.torn_tail and report.rejected == []
    assert [e.n for e in ledger.applied] == [1, 2]
    # The desk exports again: the torn tail is cut before the append, nothing is glued.
    assert box.export_to(usb) == 1
    read = read_records(path)
    assert (
        not read.torn_tail and read.damaged == [] and [e.n for _, e in read.envelopes] == [1, 2, 3]
    )
    room.import_file(path)
    assert [e.n for e in ledger.applied] == [1, 2, 3]


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda line: line.replace(b'"n":2', b'"n":9'), "signature"),  # moved in the sequence
        (lambda line: line.replace(b'"sender":"mines-2"', b'"sender":"mines-1"'), "signature"),
        (lambda line: line.replace(b'"kind":"seal"', b'"kind":"note"'), "signature"),
        (lambda line: line.replace(b'"kind":"seal"', b'"kind" : "seal"'), "format"),
        (lambda line: line[:30] + b"{" + line[31:], "format"),
    ],
)
def test_a_record_edited_by_hand_is_refused_and_nothing_after_it_applied(
    jury, tmp_path, usb, edit, reason
):
    exported(jury, tmp_path, usb, "mines-2", 3)
    path = outbox_path(usb, "mines-2")
    lines = path.read_bytes().split(b"\n")
    edited = edit(lines[1])
    assert edited != lines[1]
    lines[1] = edited
    path.write_bytes(b"\n".join(lines))
    room, ledger = jury.room()
    report = room.import_file(path)
    [refused] = report.rejected
    assert refused.reason == reason and (refused.where == "line 2" or "message" in refused.where)
    assert [e.n for e in ledger.applied] == [1]  # 3 waits for the real 2: no gap is jumped
    assert report.waiting == {"mines-2": 2}
    assert ledger.verdicts("mines-2")[-1].n == 1


def test_a_record_body_changed_with_a_valid_encoding_fails_its_signature(jury, tmp_path, usb):
    box = jury.box(tmp_path / "home", "mines-1")
    box.send("seal", b"score 12.5")
    box.export_to(usb)
    path = outbox_path(usb, "mines-1")
    [(_, genuine)] = read_records(path).envelopes
    forged = dataclasses.replace(genuine, body=b"score 19.5")
    path.write_bytes(forged.record)
    room, ledger = jury.room()
    report = room.import_file(path)
    assert [r.reason for r in report.rejected] == ["signature"]
    assert "not signed by mines-1's key" in report.rejected[0].message
    assert ledger.applied == [] and ledger.verdicts("mines-1") == []


def test_replayed_and_reordered_records_are_applied_once_in_order(jury, tmp_path, usb):
    exported(jury, tmp_path, usb, "albert-2", 4)
    path = outbox_path(usb, "albert-2")
    lines = path.read_bytes().split(b"\n")[:-1]
    shuffled = [lines[3], lines[1], lines[0], lines[1], lines[2], lines[0]]
    path.write_bytes(b"\n".join(shuffled) + b"\n")
    room, ledger = jury.room()
    report = room.import_file(path)
    assert [e.n for e in ledger.applied] == [1, 2, 3, 4]
    assert report.replayed == 2 and report.rejected == []


def test_a_message_signed_by_another_members_key_is_refused(jury, tmp_path, usb):
    forged = seal(
        jury.keys["albert-1"], SESSION, sender="mines-1", recipient="room", n=1, kind="seal",
        body=b"in mines-1's name",
    )  # fmt: skip
    RecordFile(outbox_path(usb, "mines-1")).append([forged])
    room, ledger = jury.room()
    [report] = room.import_folder(usb)
    assert [r.reason for r in report.rejected] == ["signature"]
    assert ledger.applied == [] and not reply_path(usb, "mines-1").exists()


@pytest.mark.parametrize(
    ("session", "reason"),
    [
        (Session("ADM-2025-OTHER", 3, SESSION.fingerprint), "session"),
        (Session(SESSION.bundle_id, 2, SESSION.fingerprint), "bundle-version"),
        (Session(SESSION.bundle_id, 3, "cd" * 32), "bundle-version"),
    ],
)
def test_a_message_for_another_session_or_bundle_version_is_refused(jury, usb, session, reason):
    envelope = seal(
        jury.keys["mines-1"], session, sender="mines-1", recipient="room", n=1, kind="seal",
        body=b"x",
    )  # fmt: skip
    path = outbox_path(usb, "mines-1")
    RecordFile(path).append([envelope])
    room, ledger = jury.room()
    report = room.import_file(path)
    assert [r.reason for r in report.rejected] == [reason]
    assert ledger.applied == [] and ledger.last_n("mines-1") == 0


def test_an_unknown_sender_is_refused(jury, usb):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = seal(
        Ed25519PrivateKey.generate(), SESSION, sender="intruder", recipient="room", n=1,
        kind="seal", body=b"x",
    )  # fmt: skip
    RecordFile(outbox_path(usb, "intruder")).append([stranger])
    room, ledger = jury.room()
    [report] = room.import_folder(usb)
    assert [r.reason for r in report.rejected] == ["sender"] and ledger.applied == []


def test_a_valid_message_that_comes_too_late_is_refused_and_the_member_told(jury, tmp_path, usb):
    revealed = {"ADM-08"}

    def rules(envelope):
        if envelope.body.decode() in revealed:
            return ("already-revealed", f"{envelope.body.decode()} was already revealed")
        return None

    box = jury.box(tmp_path / "home", "mines-1")
    box.send("seal", b"ADM-07")
    late = box.send("seal", b"ADM-08")
    box.export_to(usb)
    room, ledger = jury.room(rules)
    [report] = room.import_folder(usb)
    assert dict(report.accepted) == {"mines-1": 1}
    [(member, verdict)] = report.refused
    assert member == "mines-1" and verdict.reason == "already-revealed"
    box.import_from(usb)
    told = box.verdict_for(late)
    assert told is not None and not told.accepted and "already revealed" in told.message
    assert box.pending() == []


def test_two_desks_for_one_member_are_both_told_and_only_the_first_counts(jury, tmp_path, usb):
    laptop = jury.box(tmp_path / "laptop", "albert-1")
    tablet = jury.box(tmp_path / "tablet", "albert-1")
    first = laptop.send("seal", b"ADM-01 from the laptop")
    second = tablet.send("seal", b"ADM-01 from the tablet")
    assert first.n == second.n == 1
    room, ledger = jury.room()
    laptop.export_to(usb)
    room.import_folder(usb)
    tablet.export_to(usb)  # the same file on the key: the tablet's record is appended
    [report] = room.import_folder(usb)
    assert [(m, v.reason) for m, v in report.refused] == [("albert-1", "second-desk")]
    assert [e.body for e in ledger.applied] == [b"ADM-01 from the laptop"]
    again = room.import_folder(usb)  # still idempotent with the clash in the file
    assert not again[0].changed
    for desk in (laptop, tablet):
        desk.import_from(usb)
    assert laptop.verdict_for(first).accepted
    assert laptop.other_desk_verdicts()[0].reason == "second-desk"
    assert tablet.verdict_for(second).reason == "second-desk"
    assert tablet.other_desk_verdicts()[0].accepted


def test_a_forged_reply_is_refused_by_the_member_desk(jury, tmp_path, usb):
    box = jury.box(tmp_path / "home", "mines-1")
    box.send("seal", b"x")
    box.export_to(usb)
    room, _ = jury.room()
    room.import_folder(usb)
    path = reply_path(usb, "mines-1")
    [(_, reply)] = read_records(path).envelopes
    forged = seal(
        jury.keys["mines-2"], SESSION, sender="room", recipient="mines-1", n=1, kind=reply.kind,
        body=reply.body,
    )  # fmt: skip
    path.write_bytes(forged.record)
    with pytest.raises(ExchangeError) as err:
        box.import_from(usb)
    assert err.value.reason == "signature"
    assert box.pending() == [box.sent()[0]] and not (tmp_path / "home" / path.name).exists()


def test_the_member_desk_reopens_its_outbox_and_numbers_on(jury, tmp_path):
    box = jury.box(tmp_path / "home", "mines-1")
    box.send("seal", b"a")
    box.send("seal", b"b")
    again = jury.box(tmp_path / "home", "mines-1")
    assert [e.n for e in again.pending()] == [1, 2]
    assert again.send("note", b"c").n == 3


def test_a_record_is_the_canonical_json_of_the_envelope(jury):
    from jury_desk.core.strict_json import dumps_canonical

    envelope = seal(
        jury.keys["mines-1"], SESSION, sender="mines-1", recipient="room", n=7, kind="note-é",
        body="\x00\xffé".encode(), sent_at=None,
    )  # fmt: skip
    obj = json.loads(envelope.record)
    assert envelope.record == dumps_canonical(obj) + b"\n"
    assert list(obj)[-1] == "sig"


def test_the_replies_rebuilt_from_the_ledger_are_the_same_bytes(jury, tmp_path, usb):
    from jury_desk.exchange.reception import Reception

    box = exported(jury, tmp_path, usb, "mines-1", 2)
    room, ledger = jury.room()
    room.import_folder(usb)
    box.send("seal", b"later")
    box.export_to(usb)
    room.import_folder(usb)
    first = room.replies("mines-1")
    assert len(first) == 2  # one signed reply per import, not one per message
    restarted = Reception(SESSION, jury.key_of, ledger, jury.room_key)  # the room desk reopened
    assert [r.record for r in restarted.replies("mines-1")] == [r.record for r in first]
    box.send("seal", b"after the restart")
    box.export_to(usb)
    restarted.import_folder(usb)
    assert box.import_from(usb) == 4 and box.pending() == []
