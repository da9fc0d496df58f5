"""A signed session (log format 2, DESIGN.md §3–§4): every act signed by its member's key,
unlocked by their passphrase for that act only; the reveal is the chair's act; and the
session file attacked as a forger would (no key, another member's key, a replayed event,
a replaced pinned key, edited tables)."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.core.errors import AuthError
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.signing import event_log, member_key
from jury_desk.store.audit import KIND_REVEALED, KIND_SEALED, verify_chain
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    EVERYONE,
    MINES,
    events,
    open_signed_room,
    passphrase,
    refused,
    sheet,
    snapshot,
)
from tests.factories import manifest_dict


@pytest.fixture
def signed(tmp_path):
    r = open_signed_room(tmp_path)
    yield r
    r.svc.close()


def closed_session(r) -> Path:
    for candidate in ("C001", "C002", "C003"):
        r.finalise(candidate)
    r.svc.add_note(CHAIR, "C002", "Dossier solide.", passphrase=passphrase(CHAIR))
    r.svc.close_session(CHAIR, passphrase(CHAIR))
    return r.svc.path


# -- the honest session ---------------------------------------------------------------
def test_every_act_is_signed_by_its_member_and_the_file_verifies(signed):
    path = closed_session(signed)
    report = verify_chain(path)
    assert report.ok, report.reason
    assert (report.log_format, report.format_label) == (2, "signed log, format 2")
    assert set(report.keys) == set(EVERYONE)
    assert not any(k.pinned for k in report.keys.values())
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT seq, actor, kind, signature FROM audit_event ORDER BY seq"
    ).fetchall()
    conn.close()
    assert rows[0][1:] == ("", "session-created", None)
    assert all(sig is not None and actor in EVERYONE for _, actor, _, sig in rows[1:])
    # Each member's first act is their key registration.
    first = {}
    for _, actor, kind, _ in rows[1:]:
        first.setdefault(actor, kind)
    assert set(first.values()) == {event_log.KIND_KEY}
    assert check_session_file(path) == (report, [])
    # Drafts are private work: no event records them.
    assert events(path, "draft-saved") == []


def test_the_stored_key_is_encrypted_and_opens_only_with_the_passphrase(signed):
    conn = sqlite3.connect(signed.svc.path)
    text = conn.execute("SELECT secret_key FROM member_key WHERE member_id = ?", (CHAIR,))
    secret = text.fetchone()[0]
    conn.close()
    assert member_key.unlock(secret, passphrase(CHAIR)).public_key()
    with pytest.raises(Exception, match="passphrase|decrypt|wrong|checksum"):
        member_key.unlock(secret, "not the passphrase")


# -- the reveal is the chair's act ----------------------------------------------------
def test_nothing_reveals_by_itself_and_the_chair_opens_every_ready_candidate(signed):
    for candidate in ("C001", "C002"):
        signed.seal_all(candidate, sheet(14))
    assert events(signed.svc.path, KIND_REVEALED) == []
    assert {r.state for r in signed.svc.board(CHAIR).rows} == {"scoring"}
    refused(signed.svc, "not-chair", signed.svc.open_ready, "m-mines-2", passphrase("m-mines-2"))
    assert signed.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001", "C002")
    revealed = events(signed.svc.path, KIND_REVEALED)
    assert [actor for actor, _, _ in revealed] == [CHAIR, CHAIR]
    error = refused(
        signed.svc, "nothing-to-reveal", signed.svc.open_ready, CHAIR, passphrase(CHAIR)
    )
    assert "force the reveal" in str(error)


def test_the_board_offers_exactly_what_the_ouverture_des_plis_opens(signed):
    """The chair's button reads ``BoardView.ready_to_open``: the act's own condition."""
    signed.seal_all("C001", sheet(14))  # ready
    for member in ALBERT:  # every Albert member conflicted: Mines alone can seal C002
        signed.svc.declare_conflict(
            member, member, "C002", "other", "", passphrase=passphrase(member)
        )
    signed.seal_all("C002", sheet(12))  # all eligible sealed, one institution only
    for member in signed.eligible("C003")[1:]:  # both institutions, one eligible member short
        signed.seal(member, "C003", sheet(13))
    assert signed.svc.board(CHAIR).ready_to_open == ("C001",)
    signed.seal(signed.eligible("C003")[0], "C003", sheet(13))
    assert signed.svc.board(CHAIR).ready_to_open == ("C001", "C003")
    for member in ALBERT:  # the quorum lost: the act is refused, the board offers nothing
        signed.svc.check_out(member, passphrase=passphrase(member))
    assert signed.svc.board(CHAIR).ready_to_open == ()
    refused(signed.svc, "quorum", signed.svc.open_ready, CHAIR, passphrase(CHAIR))
    for member in ALBERT:
        signed.svc.check_in(member, passphrase=passphrase(member))
    assert signed.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001", "C003")
    assert signed.svc.board(CHAIR).ready_to_open == ()


def test_the_forced_reveal_keeps_its_conditions(signed):
    signed.seal("m-mines-2", "C002", sheet(12))
    refused(
        signed.svc,
        "reveal-needs-both-institutions",
        signed.svc.force_reveal,
        CHAIR,
        "C002",
        passphrase(CHAIR),
    )
    signed.seal("m-albert-1", "C002", sheet(13))
    signed.svc.force_reveal(CHAIR, "C002", passphrase(CHAIR))
    assert verify_chain(signed.svc.path).ok


# -- every act asks its member's passphrase ---------------------------------------------
def _acts(r):
    """Each act done in a member's name, as (name, callable taking the passphrase)."""
    svc = r.svc
    return {
        "check-out": lambda pw: svc.check_out("m-mines-3", passphrase=pw),
        "conflict": lambda pw: svc.declare_conflict(
            "m-mines-3", "m-mines-3", "C003", "other", "", passphrase=pw
        ),
        "note": lambda pw: svc.add_note("m-mines-3", "C001", "Vu.", passphrase=pw),
        "accept": lambda pw: svc.accept_rule_proposal("m-mines-3", "C001", passphrase=pw),
        "propose": lambda pw: svc.propose(
            "m-mines-3", "C001", "waitlist", None, "Attendre.", passphrase=pw
        ),
        "seal": lambda pw: svc.seal("m-mines-3", "C002", pw),
        "approve": lambda pw: svc.approve("m-mines-3", "C001", "MINES", pw),
    }


@pytest.fixture
def midway(signed):
    signed.seal_all("C001", sheet(15))
    signed.svc.open_ready(CHAIR, passphrase(CHAIR))
    signed.svc.save_draft("m-mines-3", "C002", sheet(11))
    return signed


@pytest.mark.parametrize(
    "act", ["check-out", "conflict", "note", "accept", "propose", "seal", "approve"]
)
def test_each_act_without_the_passphrase_or_with_a_wrong_one_is_refused(midway, act):
    do = _acts(midway)[act]
    for given, code in (
        (None, "auth-required"),
        ("", "auth-required"),
        ("wrong one!", "auth-failed"),
    ):
        before, head = snapshot(midway.svc.path), midway.svc.audit_head()
        with pytest.raises(AuthError) as info:
            do(given)
        assert info.value.code == code
        assert (snapshot(midway.svc.path), midway.svc.audit_head()) == (before, head)
    if act == "approve":
        midway.svc.accept_rule_proposal(CHAIR, "C001", passphrase=passphrase(CHAIR))
    do(passphrase("m-mines-3"))  # the right passphrase: done, and signed
    actor, _, _ = events(midway.svc.path)[-1]
    assert actor == "m-mines-3" and verify_chain(midway.svc.path).ok


def test_wrong_passphrases_are_throttled_on_the_key(midway):
    for _ in range(2):
        with pytest.raises(AuthError):
            midway.svc.add_note("m-albert-1", "C001", "x", passphrase="wrong one!")
    with pytest.raises(AuthError) as info:
        midway.svc.add_note("m-albert-1", "C001", "x", passphrase="wrong one!")
    assert info.value.code == "auth-failed" and info.value.retry_after == 2
    with pytest.raises(AuthError) as info:
        midway.svc.add_note("m-albert-1", "C001", "x", passphrase=passphrase("m-albert-1"))
    assert info.value.code == "auth-throttled"
    midway.clock.advance(3)
    midway.svc.add_note("m-albert-1", "C001", "Vu.", passphrase=passphrase("m-albert-1"))


def test_an_act_before_registering_a_key_is_refused(tmp_path):
    r = open_signed_room(tmp_path, present=())
    error = refused(r.svc, "passphrase-not-set", r.svc.check_in, CHAIR, passphrase="whatever1")
    assert "sign in first" in str(error)
    r.svc.close()


# -- pinned keys ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pinned_keys():
    """Each member's key pair, as ``member keygen`` makes it: (key, encrypted file text)."""
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def pinned_manifest(keys):
    data = manifest_dict("admission", n_candidates=3)
    for member in data["session"]["members"]:
        member["public_key"] = keys[member["id"]][0].public_key().to_base64()
    return Manifest.model_validate(data)


def test_pinned_keys_are_brought_and_checked(tmp_path, pinned_keys):
    manifest = pinned_manifest(pinned_keys)
    texts = {m: text for m, (_, text) in pinned_keys.items()}
    r = open_signed_room(tmp_path, manifest=manifest, present=MINES, secret_keys=texts)
    svc, member = r.svc, ALBERT[0]
    refused(svc, "key-pinned", svc.register_key, member, passphrase(member))
    other = texts[ALBERT[1]]
    error = refused(svc, "key-not-pinned", svc.register_key, member, passphrase(ALBERT[1]), other)
    assert "pinned" in str(error)
    refused(svc, "key-unlock-failed", svc.register_key, member, "wrong passphrase", texts[member])
    svc.register_key(member, passphrase(member), texts[member])
    report = verify_chain(svc.path)
    assert report.ok and all(k.pinned for k in report.keys.values())
    assert report.keys[member].public.public == pinned_keys[member][0].public
    r.svc.close()


def test_a_pinned_key_replaced_in_the_file_is_detected(tmp_path, pinned_keys):
    manifest = pinned_manifest(pinned_keys)
    texts = {m: text for m, (_, text) in pinned_keys.items()}
    r = open_signed_room(tmp_path, manifest=manifest, secret_keys=texts)
    r.seal("m-mines-2", "C002", sheet(12))
    r.svc.close()
    # The forger swaps in their own key under the member's passphrase, and acts with it.
    forger, text = member_key.new_key("x", passphrase("m-mines-2"), member_key.FAST_FOR_TESTS)
    conn = sqlite3.connect(r.svc.path)
    conn.execute(
        "UPDATE member_key SET secret_key = ?, public_key = ? WHERE member_id = 'm-mines-2'",
        (text, forger.public_key().to_base64()),
    )
    conn.commit()
    conn.close()
    report, differences = check_session_file(r.svc.path)
    assert report.ok
    assert [d.table for d in differences] == ["member_key"]
    assert "row m-mines-2: not what the log's acts make (public_key)" in differences[0].line()
    svc = type(r.svc).resume(r.svc.path, now=r.clock, scrypt=r.svc._scrypt)
    svc.check_out("m-mines-2", passphrase=passphrase("m-mines-2"))
    svc.close()
    report = verify_chain(r.svc.path)
    assert not report.ok and "signature is not m-mines-2's" in report.reason


# -- the file attacked ------------------------------------------------------------------
def rewrite_chain(path: Path, change, keys=None) -> None:
    """The forger's recipe with no key: change payloads, recompute every hash after them
    (keeping each signature), with the append-only triggers dropped and put back. With
    ``keys`` (member id -> (key, file)), the forger holds them and signs each event again."""
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM audit_event "
        "ORDER BY seq"
    ).fetchall()
    triggers = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    ).fetchall()
    for name in ("audit_event_no_update", "audit_event_no_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM audit_event")
    prev, session = event_log.GENESIS, ""
    for seq, at, actor, kind, payload, _, _, signature in rows:
        body = change(seq, kind, json.loads(payload))
        text = dumps_canonical(body).decode()
        digest = event_log.chain_hash(
            prev, {"session": session, "seq": seq, "at": at, "actor": actor, "kind": kind,
                   "payload": body}
        )  # fmt: skip
        if keys is not None and signature is not None:
            raw = keys[actor][0].sign_raw(event_log.signed_message(digest))
            signature = base64.b64encode(raw).decode("ascii")
        conn.execute(
            "INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, actor, kind, text, prev, digest, signature),
        )
        prev, session = digest, session or digest
    for (sql,) in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()


def raise_c002_of(victim: str):
    """The forger's change (``rewrite_chain``): the victim's C002 scores raised in the
    reveal and recommitted in the seal."""

    def forge(seq, kind, payload):
        if kind == KIND_REVEALED and payload["candidate"] == "C002":
            for opened in payload["sheets"]:
                if opened["member"] == victim:
                    opened["scores"] = sheet(19)
        if kind == KIND_SEALED and payload == payload | {"candidate": "C002", "member": victim}:
            from jury_desk.store.audit import sheet_commitment

            payload["commitment"] = sheet_commitment(b"\0" * 32, "C002", victim, sheet(19))
        return payload

    return forge


def test_a_chain_rewritten_around_a_forged_score_is_refused(signed):
    path = closed_session(signed)
    victim = "m-albert-1"
    forge = raise_c002_of(victim)
    seal_seq = next(
        i + 1
        for i, (actor, kind, text) in enumerate(events(path))
        if kind == KIND_SEALED and actor == victim and '"C002"' in text
    )
    rewrite_chain(path, forge)
    report = verify_chain(path)
    assert not report.ok
    assert report.first_bad_seq == seal_seq
    assert f"signature is not {victim}'s" in report.reason


def test_a_rehashed_chain_with_nothing_changed_still_verifies(signed):
    """The forger's tool is right: it is the signatures that refuse the forgery above."""
    path = closed_session(signed)
    rewrite_chain(path, lambda seq, kind, payload: payload)
    assert verify_chain(path).ok


def append_note_of_albert_2(path: Path, key: SecretKey) -> event_log.Event:
    """The forger appends a note in m-albert-2's name, signed with ``key``."""
    conn = sqlite3.connect(path)
    last = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    prev = event_log.Event(session, last[0], "", "", "", None, "", last[1])
    forged = event_log.make_event(
        prev, "2026-06-15T12:00:00+00:00", "m-albert-2", "note-added",
        {"candidate": "C003", "text": "Je retire mon accord."}, key,
    )  # fmt: skip
    conn.execute("INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)", forged.row())
    conn.commit()
    conn.close()
    return forged


def test_an_act_signed_with_another_members_key_is_refused(signed, tmp_path):
    path = closed_session(signed)
    conn = sqlite3.connect(path)
    secret = conn.execute(
        "SELECT secret_key FROM member_key WHERE member_id = 'm-mines-2'"
    ).fetchone()[0]
    conn.close()
    forged = append_note_of_albert_2(path, member_key.unlock(secret, passphrase("m-mines-2")))
    report = verify_chain(path)
    assert (report.ok, report.first_bad_seq) == (False, forged.seq)
    assert "signature is not m-albert-2's" in report.reason


def test_an_event_replayed_from_another_session_is_refused(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = open_signed_room(tmp_path / "one")
    two = open_signed_room(tmp_path / "two")
    one.svc.check_out(CHAIR, passphrase=passphrase(CHAIR))
    one.svc.close()
    two.svc.close()
    src = sqlite3.connect(one.svc.path)
    row = src.execute("SELECT * FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
    src.close()
    dst = sqlite3.connect(two.svc.path)
    length, head = dst.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC").fetchone()
    dst.execute(
        "INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (length + 1, row[1], row[2], row[3], row[4], head, row[6], row[7]),
    )
    dst.commit()
    dst.close()
    report = verify_chain(two.svc.path)
    assert (report.ok, report.first_bad_seq) == (False, length + 1)


@pytest.mark.parametrize(
    "table, sql",
    [
        ("sheet_score", "UPDATE sheet_score SET value = 20 WHERE rowid = 1"),
        ("note", "UPDATE note SET text = 'Autre chose.'"),
        ("proposal", "UPDATE proposal SET decision = 'reject' WHERE id = 1"),
        ("conflict", "DELETE FROM conflict"),
        ("approval", "DELETE FROM approval WHERE id = 1"),
    ],
)
def test_edited_tables_are_named_against_the_signed_log(signed, table, sql):
    path = closed_session(signed)
    shutil.copy(path, path.with_suffix(".bak"))
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    report, differences = check_session_file(path)
    assert report.ok and report.log_format == 2
    assert table in {d.table for d in differences}, [d.line() for d in differences]


def test_the_log_format_is_fixed_at_creation(signed):
    conn = sqlite3.connect(signed.svc.path)
    with pytest.raises(sqlite3.IntegrityError, match="log format"):
        conn.execute("UPDATE session_meta SET log_format = 1")
    conn.close()


def test_audit_verify_and_the_minutes_say_the_log_is_signed(signed, capsys):
    from jury_desk.cli import main

    path = closed_session(signed)
    assert signed.svc.minutes_data().audit_log == "signed/2"
    assert main(["audit", "verify", str(path)]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert captured.err == ""
    assert out[0].endswith("events (signed log, format 2).")
    fingerprint = verify_chain(path).keys[CHAIR].fingerprint
    assert f"Key of {CHAIR}: {fingerprint} (registered in the room, event #2)" in out
    assert len([line for line in out if line.startswith("Key of ")]) == len(EVERYONE)
    reveal = "Reveal key: made in the room at the chair's registration (not pinned by the bundle)."
    assert reveal in out
    assert main(["audit", "verify", "--lang", "fr", str(path)]) == 0
    assert "Clé d'ouverture des plis : faite dans la salle" in capsys.readouterr().out
    # The forger who edits a table is named, exit 1, one line on stderr.
    conn = sqlite3.connect(path)
    conn.execute("UPDATE note SET text = 'Autre chose.'")
    conn.commit()
    conn.close()
    assert main(["audit", "verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "table note" in err


# -- each act allowed when it was made ----------------------------------------------------
def append_signed_act(path: Path, member: str, kind: str, payload: dict) -> int:
    """A member who writes an act into the file themselves, signed with their own key
    (unlocked with their passphrase), bypassing the desk's rules; returns its seq."""
    conn = sqlite3.connect(path)
    secret = conn.execute(
        "SELECT secret_key FROM member_key WHERE member_id = ?", (member,)
    ).fetchone()[0]
    last = conn.execute("SELECT seq, hash, at FROM audit_event ORDER BY seq DESC").fetchone()
    session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    prev = event_log.Event(session, last[0], last[2], "", "", None, "", last[1])
    key = member_key.unlock(secret, passphrase(member))
    event = event_log.make_event(prev, last[2], member, kind, payload, key)
    conn.execute("INSERT INTO audit_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)", event.row())
    conn.commit()
    conn.close()
    return event.seq


def test_a_signed_act_the_rules_refuse_is_named_with_its_rule(signed):
    signed.finalise("C002")
    path = signed.svc.path
    (_, _, text), *_ = events(path, "approved")
    approved = json.loads(text)
    signed.svc.close()
    # m-albert-3 is conflicted on C001 (the bundle says so): they sign an approval anyway.
    seq = append_signed_act(
        path, "m-albert-3", "approved", approved | {"candidate": "C001", "institution": "ALBERT"}
    )
    report, differences = check_session_file(path)
    assert report.ok  # the chain and the signature hold: it is the member's own act
    assert len(differences) == 1
    assert (differences[0].table, differences[0].seq) == ("audit_event", seq)
    assert "the rules refuse this act (conflicted:" in differences[0].line()


def test_an_event_no_act_begins_with_is_named(signed):
    signed.finalise("C002")
    path = signed.svc.path
    signed.svc.close()
    seq = append_signed_act(
        path, CHAIR, "approvals-voided", {"candidate": "C002", "because": "x", "approvals": []}
    )
    report, differences = check_session_file(path)
    assert report.ok
    assert len(differences) == 1 and differences[0].seq == seq
    assert "no act of a member begins with a approvals-voided event" in differences[0].line()


def test_an_act_signed_in_another_members_name_is_named(signed):
    """The chair signs, with their own key, the check-out of m-mines-2: the act is the
    chair's, its content m-mines-2's, and the rules make it only as m-mines-2's own act."""
    path = signed.svc.path
    signed.svc.close()
    seq = append_signed_act(path, CHAIR, "checked-out", {"member": "m-mines-2"})
    report, differences = check_session_file(path)
    assert report.ok and len(differences) == 1 and differences[0].seq == seq
    assert "the rules make a checked-out event of m-mines-2 here" in differences[0].line()


def test_audit_verify_says_when_no_reveal_key_is_made_yet(tmp_path, capsys):
    from jury_desk.cli import main

    r = open_signed_room(tmp_path, present=MINES[1:] + ALBERT)  # the chair is not there
    r.svc.close()
    assert main(["audit", "verify", str(r.svc.path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("Reveal key: not made yet (the chair has not registered")
