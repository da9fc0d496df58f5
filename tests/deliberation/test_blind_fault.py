"""No dead end at the reveal (issue 11 point 5): a blind field sealed to the pinned reveal key
that does not open, or opens to another value than the one committed to, cannot be found
before the reveal (only the chair's key opens it). The chair's ouverture des plis reveals
every other candidate, names the faulty one with why in a signed event, and the room
records it as non délibéré — renvoyé, so that the session closes.

Written as a buggy secretariat would make the bundle (correctly signed: one envelope seals
the wrong value, one was sealed to another key), then as a forger would edit the result."""

from __future__ import annotations

import base64
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from jury_desk.bundle.blind_fields import PURPOSE, seal_candidates
from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.bundle.writer import write_bundle
from jury_desk.core.errors import RuleError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.signing import envelope, member_key, reveal_pin
from jury_desk.store.audit import KIND_REVEALED
from jury_desk.store.log_tables import check_session_file
from tests.bundle.bundlekit import ISSUED, NOW
from tests.deliberation.jury import CHAIR, EVERYONE, Clock, passphrase, sheet
from tests.deliberation.settle import close_by_allowed_acts
from tests.deliberation.test_signed_session import rewrite_chain
from tests.factories import make_documents, manifest_dict

N = 4
KIND_FAULT = "blind-field-faulty"  # the chair's signed word that a blind field is faulty
WRONG, UNOPENED = "C002", "C003"  # the secretariat's two mistakes
REASON = "Renvoyé : le champ boursier scellé ne s'ouvre pas (à corriger par le secrétariat)."


def salt(candidate_id: str) -> bytes:
    return candidate_id.encode().ljust(16, b"-")


@pytest.fixture(scope="module")
def keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def faulty_bundle(
    folder: Path, keys, issued_at: datetime | None = ISSUED
) -> tuple[Path, SecretKey, dict[str, bool]]:
    """A bundle as ``bundle build`` makes it with the reveal key pinned, signed by the
    secretariat, in which C002's envelope seals the other value (its commitment is the
    true one's) and C003's was sealed to a key that is not the pinned one."""
    folder.mkdir(parents=True, exist_ok=True)
    data = manifest_dict("admission", n_candidates=N, issued_at=issued_at)
    for member in data["session"]["members"]:
        member["public_key"] = keys[member["id"]][0].public_key().to_base64()
    pin = reveal_pin.make_pin(keys[CHAIR][0])
    data["session"]["reveal_key"] = pin.fields()
    truth = {c["id"]: c["scholarship"] for c in data["candidates"]}
    assert seal_candidates(data["bundle_id"], data["candidates"], pin.public, salt) is None

    def sealed(to: bytes, cid: str, value: object) -> str:
        where = {"bundle": data["bundle_id"], "candidate": cid, "field": "scholarship"}
        return base64.b64encode(envelope.seal_json(to, PURPOSE, where, value)).decode()

    by_id = {c["id"]: c for c in data["candidates"]}
    wrong = {"scholarship": not truth[WRONG], "salt": salt(WRONG).hex()}
    by_id[WRONG]["blind"]["envelope"] = sealed(pin.public, WRONG, wrong)
    other = envelope.public_bytes(envelope.new_reveal_key())
    right = {"scholarship": truth[UNOPENED], "salt": salt(UNOPENED).hex()}
    by_id[UNOPENED]["blind"]["envelope"] = sealed(other, UNOPENED, right)
    manifest = Manifest.model_validate(data)
    sk = SecretKey.generate()
    return write_bundle(manifest, make_documents(manifest), sk, folder / "b.jdbundle"), sk, truth


def session(tmp_path: Path, data_dir: Path, keys) -> tuple[DeliberationService, dict[str, bool]]:
    path, sk, truth = faulty_bundle(tmp_path / "b", keys)
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    svc = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=True
    )
    seat_and_seal(svc, keys)
    return svc, truth


def seat_and_seal(svc: DeliberationService, keys) -> None:
    """Every member arrives with their pinned key; C001..C003 sealed by all free to score."""
    for member in EVERYONE:
        svc.register_key(member, passphrase(member), keys[member][1])
        svc.check_in(member, passphrase=passphrase(member))
    for candidate in ("C001", WRONG, UNOPENED):
        conflicted = {k.member for k in svc.manifest.candidate(candidate).conflicts}
        for member in (m for m in EVERYONE if m not in conflicted):
            svc.save_draft(member, candidate, sheet(12))
            svc.seal(member, candidate, passphrase(member))


def events(path: Path, kind: str) -> list[dict]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT actor, payload FROM audit_event WHERE kind = ?", (kind,))
    found = [{"actor": actor} | json.loads(payload) for actor, payload in rows]
    conn.close()
    return found


def count_events(path: Path) -> int:
    conn = sqlite3.connect(path)
    (n,) = conn.execute("SELECT count(*) FROM audit_event").fetchone()
    conn.close()
    return int(n)


def refused(code: str, action, *args) -> RuleError:
    with pytest.raises(RuleError) as info:
        action(*args)
    assert info.value.code == code
    return info.value


def test_the_reveal_goes_on_names_the_faulty_ones_and_the_renvoi_closes(tmp_path, data_dir, keys):
    svc, truth = session(tmp_path, data_dir, keys)
    assert svc.board(CHAIR).ready_to_open == ("C001", WRONG, UNOPENED)

    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)  # the others are not stuck

    # The chair's signed word, with what anyone needs to check it: the wrong value's
    # envelope holds a value and salt that do not open the signed commitment.
    faults = {e["candidate"]: e for e in events(svc.path, KIND_FAULT)}
    assert set(faults) == {WRONG, UNOPENED}
    assert faults[WRONG]["actor"] == CHAIR and faults[WRONG]["reason"] == "commitment"
    assert faults[WRONG]["found"] == {"scholarship": not truth[WRONG], "salt": salt(WRONG).hex()}
    assert faults[WRONG]["commitments"] == {
        "scholarship": svc.manifest.candidate(WRONG).blind.commitment
    }
    assert faults[UNOPENED]["reason"] == "envelope" and "found" not in faults[UNOPENED]
    # Neither is revealed: no score, total, flag or reveal of them anywhere in the file.
    conn = sqlite3.connect(svc.path)
    assert conn.execute("SELECT candidate_id FROM reveal").fetchall() == [("C001",)]
    assert conn.execute("SELECT candidate_id FROM blind_field").fetchall() == [("C001",)]
    assert conn.execute(
        "SELECT count(*) FROM sheet WHERE candidate_id IN (?, ?) AND salt IS NOT NULL",
        (WRONG, UNOPENED),
    ).fetchone() == (0,)
    assert conn.execute("SELECT candidate_id, reason FROM blind_fault ORDER BY 1").fetchall() == [
        (WRONG, "commitment"),
        (UNOPENED, "envelope"),
    ]
    conn.close()
    assert [e["candidate"] for e in events(svc.path, KIND_REVEALED)] == ["C001"]

    # What the chair sees, and what unblocks it: not offered again, never forced, a renvoi.
    detail = svc.candidate_detail(CHAIR, WRONG)
    assert detail.blind_fault == "commitment" and not detail.revealed
    assert svc.candidate_detail(CHAIR, UNOPENED).blind_fault == "envelope"
    assert svc.candidate_detail(CHAIR, "C001").blind_fault is None
    # What the faces offer is the rule's answer: a renvoi for the faulty ones only.
    assert svc.candidate_detail(CHAIR, WRONG).renvoi_open is True
    assert svc.candidate_detail(CHAIR, "C001").renvoi_open is False
    assert svc.board(CHAIR).ready_to_open == ()
    logged = count_events(svc.path)
    refused("nothing-to-reveal", svc.open_ready, CHAIR, passphrase(CHAIR))
    err = refused("blind-field-faulty", svc.force_reveal, CHAIR, WRONG, passphrase(CHAIR))
    assert "non délibéré" in str(err) and "secretariat" in str(err)
    assert count_events(svc.path) == logged  # refused: nothing written

    # The renvoi, approved by both institutions (each can), closes the candidate.
    svc.record_renvoi("m-mines-2", WRONG, REASON, passphrase("m-mines-2"))
    (made,) = [e for e in events(svc.path, "proposal-made") if e["candidate"] == WRONG]
    assert made["blind_fault"] == "commitment" and made["justification"] == REASON
    assert svc.approve("m-mines-2", WRONG, "MINES", passphrase("m-mines-2")) is False
    assert svc.approve("m-albert-1", WRONG, "ALBERT", passphrase("m-albert-1")) is True
    assert svc.candidate_detail(CHAIR, WRONG).state == "not-deliberated"
    close_by_allowed_acts(svc, CHAIR)  # the rest, UNOPENED's renvoi included
    assert svc.session_state() == "closed"
    minutes = svc.minutes_data()
    listed = {n.id: n for n in minutes.not_deliberated or ()}
    assert set(listed) == {WRONG, UNOPENED} and listed[WRONG].reason == REASON
    assert listed[WRONG].scholarship is None  # never opened
    svc.close()
    report, differences = check_session_file(svc.path)  # audit verify's replay
    assert report.ok and differences == []


def test_a_forced_reveal_of_a_faulty_candidate_reports_it_too(tmp_path, data_dir, keys):
    svc, _ = session(tmp_path, data_dir, keys)
    assert svc.force_reveal(CHAIR, UNOPENED, passphrase(CHAIR)) == ()
    (fault,) = events(svc.path, KIND_FAULT)
    assert fault["candidate"] == UNOPENED and fault["forced_by"] == CHAIR
    assert not svc.candidate_detail(CHAIR, UNOPENED).revealed
    refused("blind-field-faulty", svc.force_reveal, CHAIR, UNOPENED, passphrase(CHAIR))
    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)  # WRONG is found faulty too
    svc.close()
    assert check_session_file(svc.path)[1] == []


def test_a_candidate_that_can_be_deliberated_and_is_sound_gets_no_renvoi(tmp_path, data_dir, keys):
    svc, _ = session(tmp_path, data_dir, keys)
    svc.open_ready(CHAIR, passphrase(CHAIR))
    logged = count_events(svc.path)
    assert svc.candidate_detail(CHAIR, "C004").renvoi_open is False
    err = refused(
        "can-be-deliberated", svc.record_renvoi, "m-mines-2", "C004", REASON,
        passphrase("m-mines-2"),
    )  # fmt: skip
    assert "C004 can still be deliberated" in str(err)
    assert count_events(svc.path) == logged
    svc.close()


@pytest.fixture
def faulted(tmp_path, data_dir, keys):
    svc, truth = session(tmp_path, data_dir, keys)
    svc.open_ready(CHAIR, passphrase(CHAIR))
    svc.close()
    return svc.path, truth


def only_difference(path: Path) -> str:
    report, differences = check_session_file(path)
    assert report.ok  # every signature holds: only the replay tells
    (difference,) = differences
    return difference.line()


def test_a_chair_who_calls_a_sound_field_faulty_is_named(faulted, keys):
    """The forger holds the chair's key and rewrites the claim so that the value given is
    the true one (which opens the commitment): the claim is false, and named."""
    path, truth = faulted

    def sound(_seq, kind, payload):
        if kind == KIND_FAULT and payload["candidate"] == WRONG:
            payload["found"]["scholarship"] = truth[WRONG]
        return payload

    rewrite_chain(path, sound, keys)
    line = only_difference(path)
    assert "open the commitments" in line and WRONG in line


def test_a_fault_claimed_for_another_commitment_is_named(faulted, keys):
    path, _ = faulted

    def other(_seq, kind, payload):
        if kind == KIND_FAULT and payload["candidate"] == UNOPENED:
            payload["commitments"] = {"scholarship": "0" * 64}
        return payload

    rewrite_chain(path, other, keys)
    assert "not the commitments in the signed manifest" in only_difference(path)


def test_a_fault_row_written_without_its_event_is_named(faulted):
    """Someone with the laptop marks a sound candidate faulty to keep it from its reveal:
    the desk offers it no more, but the export and audit verify name the row."""
    path, _ = faulted
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO blind_fault VALUES ('C004', 'envelope', '2026-01-01')")
    conn.execute("DELETE FROM blind_fault WHERE candidate_id = ?", (WRONG,))
    conn.commit()
    conn.close()
    report, differences = check_session_file(path)
    assert report.ok
    assert sorted((d.table, d.row) for d in differences) == [
        ("blind_fault", WRONG),
        ("blind_fault", "C004"),
    ]
