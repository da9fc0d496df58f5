"""Attendance, quorum, passphrases and throttled sign-in."""

from __future__ import annotations

import hashlib

import pytest

from jury_desk.core.errors import AuthError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS, lock_seconds
from jury_desk.store.engine import open_readonly
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    MINES,
    events,
    open_room,
    passphrase,
    refused,
)


def test_check_in_and_out_are_recorded_with_times_and_logged(tmp_path):
    r = open_room(tmp_path, present=())
    r.svc.check_in("m-mines-2")
    r.clock.advance(90)
    r.svc.check_out("m-mines-2")
    entries = [(a.member_id, a.kind, a.at) for a in r.svc.attendance()]
    assert entries == [
        ("m-mines-2", "in", "2026-06-15T09:00:00+00:00"),
        ("m-mines-2", "out", "2026-06-15T09:01:30+00:00"),
    ]
    assert [e[1] for e in events(r.svc.path)][-2:] == ["checked-in", "checked-out"]
    assert r.svc.present_members() == frozenset()
    r.svc.close()


def test_quorum_is_per_institution(tmp_path):
    r = open_room(tmp_path, present=MINES + ALBERT[:1])
    status = r.svc.quorum_status()
    assert [(q.institution, q.present, q.required, q.met) for q in status.lines] == [
        ("MINES", 3, 2, True),
        ("ALBERT", 1, 2, False),
    ]
    assert not status.met
    r.svc.check_in("m-albert-2")
    assert r.svc.quorum_status().met
    r.svc.close()


def test_attendance_misuse_is_refused_and_changes_nothing(tmp_path):
    r = open_room(tmp_path, present=("m-mines-2",))
    refused(r.svc, "already-present", r.svc.check_in, "m-mines-2")
    refused(r.svc, "absent", r.svc.check_out, "m-mines-3")
    refused(r.svc, "unknown-member", r.svc.check_in, "intruder")
    r.svc.close()


def test_only_the_scrypt_hash_is_stored(room):
    conn = open_readonly(room.svc.path)
    salt, digest, n, r, p = conn.execute(
        "SELECT salt, digest, n, r, p FROM credential WHERE member_id = ?", ("m-mines-2",)
    ).fetchone()
    conn.close()
    assert (n, r, p) == (FAST_FOR_TESTS.n, FAST_FOR_TESTS.r, FAST_FOR_TESTS.p)
    expected = hashlib.scrypt(passphrase("m-mines-2").encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    assert digest == expected
    room.svc.close()
    raw = b"".join(f.read_bytes() for f in room.svc.path.parent.glob("room.jdsession*"))
    assert passphrase("m-mines-2").encode() not in raw
    assert not any(passphrase("m-mines-2") in e[2] for e in events(room.svc.path))


def test_each_member_has_their_own_salt(room):
    conn = open_readonly(room.svc.path)
    salts = [row[0] for row in conn.execute("SELECT salt FROM credential")]
    conn.close()
    assert len(salts) == 6 and len(set(salts)) == 6


def test_passphrase_misuse_is_refused_and_changes_nothing(tmp_path):
    r = open_room(tmp_path, present=())
    refused(r.svc, "absent", r.svc.set_passphrase, "m-mines-2", "long enough phrase")
    r.svc.check_in("m-mines-2")
    refused(r.svc, "passphrase-too-weak", r.svc.set_passphrase, "m-mines-2", "short")
    refused(r.svc, "passphrase-too-weak", r.svc.set_passphrase, "m-mines-2", "  pad    ")
    refused(r.svc, "passphrase-not-set", r.svc.sign_in, "m-mines-2", "anything at all")
    r.svc.set_passphrase("m-mines-2", "long enough phrase")
    err = refused(r.svc, "passphrase-already-set", r.svc.set_passphrase, "m-mines-2", "x" * 12)
    assert isinstance(err, AuthError)
    r.svc.close()


def test_sign_in_returns_who_signed_in(room):
    who = room.svc.sign_in(CHAIR, passphrase(CHAIR))
    assert (who.member_id, who.institution, who.is_chair) == (CHAIR, "MINES", True)
    assert room.svc.has_passphrase(CHAIR)


def test_an_absent_member_cannot_sign_in(room):
    room.svc.check_out("m-albert-2")
    refused(room.svc, "absent", room.svc.sign_in, "m-albert-2", passphrase("m-albert-2"))


def test_wrong_passphrases_are_throttled_on_the_clock(room):
    member, svc = "m-albert-2", room.svc
    for _ in range(2):  # two free attempts
        err = refused(svc, "auth-failed", svc.sign_in, member, "wrong guess!")
        assert err.retry_after == 0
    for failures, delay in ((3, 2), (4, 4), (5, 8)):
        err = refused(svc, "auth-failed", svc.sign_in, member, "wrong guess!")
        assert err.retry_after == delay == lock_seconds(failures)
        # Locked: even the right passphrase is refused until the delay has passed.
        err = refused(svc, "auth-throttled", svc.sign_in, member, passphrase(member))
        assert err.retry_after == delay and f"{delay} s" in str(err)
        room.clock.advance(delay - 0.5)
        assert refused(svc, "auth-throttled", svc.sign_in, member, "x" * 9).retry_after == 1
        room.clock.advance(0.5)
    svc.sign_in(member, passphrase(member))  # the right one, once the wait is over
    # ...which resets the counter: two free attempts again.
    refused(svc, "auth-failed", svc.sign_in, member, "wrong guess!")
    assert refused(svc, "auth-failed", svc.sign_in, member, "wrong guess!").retry_after == 0


def test_the_lock_out_is_capped():
    assert lock_seconds(2) == 0 and lock_seconds(3) == 2
    assert lock_seconds(50) == lock_seconds(500) == 300


@pytest.mark.parametrize("given", [None, ""])
def test_a_reauthenticated_action_without_passphrase_is_refused(room, given):
    room.svc.save_draft("m-mines-2", "C002", {"academic": 12, "motivation": 12, "project": 12})
    refused(room.svc, "auth-required", room.svc.seal, "m-mines-2", "C002", given)
