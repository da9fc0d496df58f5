"""Blind fields at rest (issue 11): the scholarship flags are sealed in the bundle (a salted
commitment each in the signed manifest), so the raw session file of a half-scored session
holds none of an unrevealed candidate. The chair's reveal opens them (from the bundle copy,
or from the envelopes sealed to a pinned reveal key), records them in the signed reveal
event, and the replay checks each against its commitment.

Attacks are written as an attacker would: ``sqlite3`` and a bytes grep on the raw file, a
chain rewritten around a flipped flag and re-signed with the chair's own key."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest

from jury_desk.bundle.blind_fields import commitment, seal_candidates
from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.bundle.writer import write_bundle
from jury_desk.core.errors import BundleError, StoreError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.signing import member_key, reveal_pin
from jury_desk.store.audit import KIND_REVEALED
from jury_desk.store.log_tables import check_session_file
from tests.bundle.bundlekit import ISSUED, NOW
from tests.deliberation.jury import CHAIR, EVERYONE, Clock, passphrase, sheet
from tests.deliberation.test_signed_session import rewrite_chain
from tests.factories import make_documents, manifest_dict

N = 6
#: A raw file's bytes that say a scholarship flag: the manifest's key, in any JSON spacing.
FLAG = re.compile(rb'"scholarship"\s*:\s*(true|false)')


@pytest.fixture(scope="module")
def keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def bundle(
    folder: Path,
    *,
    keys=None,
    seal: bool = True,
    values=None,
    tamper=None,
    fields=("scholarship",),
    blind=None,
    edit_values=None,
) -> tuple[Path, SecretKey]:
    """A bundle as ``bundle build`` makes it: ``fields`` sealed to the pinned reveal key
    (``keys``), or their values in blind-fields.json (``values`` replaces that file's bytes,
    ``edit_values`` rewrites them). ``blind``: the session's blind fields, if not the
    default."""
    folder.mkdir(parents=True, exist_ok=True)
    data = manifest_dict("admission", n_candidates=N, issued_at=ISSUED)
    if blind is not None:
        data["session"]["blind_fields"] = list(blind)
    pin = None
    if keys is not None:
        for member in data["session"]["members"]:
            member["public_key"] = keys[member["id"]][0].public_key().to_base64()
        pin = reveal_pin.make_pin(keys[CHAIR][0])
        data["session"]["reveal_key"] = pin.fields()
    extra = {}
    if seal:
        made = seal_candidates(
            data["bundle_id"], data["candidates"], pin and pin.public, None, fields
        )
        if made is not None:
            made = values if values is not None else made
            made = made if edit_values is None else edit_values(made)
            extra[BLIND_VALUES_PATH] = made
            data["files"].append(
                {"path": BLIND_VALUES_PATH, "size": len(made),
                 "sha256": hashlib.sha256(made).hexdigest()}
            )  # fmt: skip
    if tamper is not None:
        tamper(data)
    manifest = Manifest.model_validate(data)
    sk = SecretKey.generate()
    documents = make_documents(manifest) | extra
    return write_bundle(manifest, documents, sk, folder / "b.jdbundle"), sk


def open_session(path: Path, sk: SecretKey, data_dir: Path, keys=None) -> DeliberationService:
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    svc = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=True
    )
    for member in EVERYONE:
        svc.register_key(member, passphrase(member), None if keys is None else keys[member][1])
        svc.check_in(member, passphrase=passphrase(member))
    return svc


def seal_all(svc: DeliberationService, candidate: str) -> None:
    conflicted = {k.member for k in svc.manifest.candidate(candidate).conflicts}
    for member in (m for m in EVERYONE if m not in conflicted):
        svc.save_draft(member, candidate, sheet(12))
        svc.seal(member, candidate, passphrase(member))


def flags_in(path: Path) -> list[bytes]:
    """Every scholarship flag readable in the raw file, as a member sharing the laptop
    would find it: the bytes themselves, then each text and blob cell through sqlite3."""
    found = FLAG.findall(path.read_bytes())
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            for cell in row:
                raw = cell.encode() if isinstance(cell, str) else cell
                if isinstance(raw, bytes):
                    found += FLAG.findall(raw)
    conn.close()
    return found


def test_the_check_finds_the_flags_of_a_bundle_that_does_not_seal_them(tmp_path, data_dir):
    """The grep below can fail: a bundle with the flags in clear (made before) leaves them
    in the session file, and it finds them there."""
    path, sk = bundle(tmp_path / "b", seal=False)
    svc = open_session(path, sk, data_dir)
    svc.close()
    assert len(flags_in(svc.path)) >= N


@pytest.mark.parametrize("pinned", [False, True], ids=["room-reveal-key", "pinned-reveal-key"])
def test_a_half_scored_session_file_holds_no_unrevealed_flag(tmp_path, data_dir, keys, pinned):
    path, sk = bundle(tmp_path / "b", keys=keys if pinned else None)
    svc = open_session(path, sk, data_dir, keys if pinned else None)
    seal_all(svc, "C001")
    svc.save_draft("m-mines-2", "C002", sheet(14))
    assert flags_in(svc.path) == []  # before any reveal: none at all
    conn = sqlite3.connect(svc.path)
    assert conn.execute("SELECT count(*) FROM blind_field").fetchone() == (0,)
    conn.close()
    assert svc.candidate_detail(CHAIR, "C001").scholarship is None
    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    # The reveal opened C001's flag, and only it: C002..C006 are still nowhere.
    assert svc.candidate_detail(CHAIR, "C001").scholarship is True  # C001: i=0, a holder
    assert svc.candidate_detail(CHAIR, "C002").scholarship is None
    conn = sqlite3.connect(svc.path)
    assert conn.execute("SELECT candidate_id, scholarship FROM blind_field").fetchall() == [
        ("C001", 1)
    ]
    reveal = json.loads(
        conn.execute("SELECT payload FROM audit_event WHERE kind = ?", (KIND_REVEALED,)).fetchone()[
            0
        ]
    )
    conn.close()
    assert reveal["blind"]["scholarship"] is True and len(reveal["blind"]["salt"]) == 32
    assert flags_in(svc.path) == [b"true"]  # the revealed candidate's, in its reveal event
    svc.close()
    report, differences = check_session_file(svc.path)  # what audit verify runs
    assert report.ok and differences == []
    if pinned:  # neither the session file nor the bundle copy holds them readable
        copies = list((data_dir / "bundles").glob("*.jdbundle"))
        assert copies and all(FLAG.findall(c.read_bytes()) == [] for c in copies)


def test_a_reveal_event_with_a_flipped_flag_is_named_by_audit_verify(tmp_path, data_dir, keys):
    path, sk = bundle(tmp_path / "b", keys=keys)
    svc = open_session(path, sk, data_dir, keys)
    seal_all(svc, "C002")
    svc.open_ready(CHAIR, passphrase(CHAIR))
    svc.close()

    def flip(_seq, kind, payload):
        if kind == KIND_REVEALED:  # C002 is no holder: the forger makes it one
            payload["blind"]["scholarship"] = True
        return payload

    conn = sqlite3.connect(svc.path)  # the table too, so that only the commitment tells
    conn.execute("UPDATE blind_field SET scholarship = 1")
    conn.commit()
    conn.close()
    rewrite_chain(svc.path, flip, keys)  # the forger holds the chair's key
    report, differences = check_session_file(svc.path)
    assert report.ok  # every signature is valid: the chair's key signed the lie
    (difference,) = differences
    assert difference.table == "audit_event" and difference.seq is not None
    assert "does not open its commitment" in difference.line() and "C002" in difference.line()


def test_a_bundle_whose_values_do_not_open_their_commitments_is_refused(tmp_path, data_dir):
    """The secretariat's file swapped a flag after the commitments were made: refused when
    the bundle is opened, and nothing is kept."""
    data = manifest_dict("admission", n_candidates=N, issued_at=ISSUED)
    seal_candidates(data["bundle_id"], data["candidates"], None)
    flipped = {
        "format": "jury-desk-blind-fields/1",
        "candidates": {
            c["id"]: {"scholarship": True, "salt": "00" * 16} for c in data["candidates"]
        },
    }
    path, sk = bundle(tmp_path / "b", values=json.dumps(flipped).encode())
    with pytest.raises(BundleError) as info:
        verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    assert info.value.code == "manifest.blind" and "C001" in str(info.value)
    assert not list((data_dir / "bundles").glob("*.jdbundle"))
    assert not (data_dir / "sessions").exists() or not list((data_dir / "sessions").iterdir())


def test_the_commitment_binds_the_bundle_the_candidate_and_the_salt():
    salt = bytes(16)
    base = commitment("b", "C001", True, salt)
    assert base != commitment("b", "C001", False, salt)
    assert base != commitment("b", "C002", True, salt)
    assert base != commitment("other", "C001", True, salt)
    assert base != commitment("b", "C001", True, b"\1" * 16)


def test_without_its_bundle_copy_the_reveal_says_so_and_reveals_nothing(tmp_path, data_dir):
    path, sk = bundle(tmp_path / "b")
    svc = open_session(path, sk, data_dir)
    seal_all(svc, "C003")
    for copy in (data_dir / "bundles").glob("*.jdbundle"):
        copy.unlink()
    with pytest.raises(Exception) as info:
        svc.open_ready(CHAIR, passphrase(CHAIR))
    assert getattr(info.value, "code", "") == "blind-fields-missing"
    assert "copy of the bundle" in str(info.value)
    conn = sqlite3.connect(svc.path)
    assert conn.execute("SELECT count(*) FROM reveal").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM blind_field").fetchone() == (0,)
    conn.close()
    svc.close()


def test_a_sealed_bundle_cannot_start_a_session_without_a_way_to_open_its_flags(tmp_path):
    data = manifest_dict("admission", n_candidates=N, issued_at=ISSUED)
    values = seal_candidates(data["bundle_id"], data["candidates"], None)
    assert values is not None
    data["files"].append(
        {"path": BLIND_VALUES_PATH, "size": len(values),
         "sha256": hashlib.sha256(values).hexdigest()}
    )  # fmt: skip
    manifest = Manifest.model_validate(data)
    target = tmp_path / "s.jdsession"
    with pytest.raises(StoreError, match="copy in the data folder"):
        DeliberationService.create(target, manifest, "ab" * 32, scrypt=FAST_FOR_TESTS)
    assert not target.exists()


def test_a_flag_is_committed_or_clear_never_both(keys):
    data = manifest_dict("admission", n_candidates=2, issued_at=ISSUED)
    seal_candidates(data["bundle_id"], data["candidates"], None)
    data["candidates"][0]["scholarship"] = True  # both
    with pytest.raises(ValueError, match="not both and not neither"):
        Manifest.model_validate(data)


def test_an_unsigned_session_opens_the_flags_too_and_an_edited_one_is_named(tmp_path, data_dir):
    """Format 1 (``simulate --unsigned``): the desk's own reveal opens the flag from the
    bundle copy; the table is checked against the reveal event, the event against the
    commitment."""
    path, sk = bundle(tmp_path / "b")
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    svc = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=False
    )
    for member in EVERYONE:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    seal_all(svc, "C003")  # C003: i=2, no holder; revealed once all have sealed
    assert svc.candidate_detail(CHAIR, "C003").scholarship is False
    svc.close()
    assert check_session_file(svc.path)[1] == []
    conn = sqlite3.connect(svc.path)
    conn.execute("UPDATE blind_field SET scholarship = 1")
    conn.commit()
    conn.close()
    differences = check_session_file(svc.path)[1]
    assert [d.table for d in differences] == ["blind_field"]


def test_a_half_scored_demo_session_file_holds_no_unrevealed_flag(data_dir):
    """The README's demo (its shipped bundle, no key pinned): the session file holds none;
    the bundle copy in the data folder does, as the README says."""
    from datetime import UTC, datetime

    from jury_desk.core.resources import resource_path
    from jury_desk.rehearsal import demo_bundles as demo

    at = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)
    verified = verify_bundle(
        resource_path("demo", demo.ADMISSION_FILE),
        data_dir=data_dir,
        trusted_keys=[demo.demo_public_key()],
        now=at,
    )
    members = [m.id for m in verified.manifest.session.members]
    svc = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(at), scrypt=FAST_FOR_TESTS, signed=True
    )
    for member in members:
        svc.register_key(member, passphrase(member))
        svc.check_in(member, passphrase=passphrase(member))
    conflicted = {k.member for k in svc.manifest.candidate("ADM-02").conflicts}
    for member in (m for m in members if m not in conflicted):
        svc.save_draft(member, "ADM-02", {c.id: 12.0 for c in svc.manifest.session.rubric.criteria})
        svc.seal(member, "ADM-02", passphrase(member))
    svc.close()
    assert flags_in(svc.path) == []
    (copy,) = (data_dir / "bundles").glob("*.jdbundle")
    assert b'"scholarship": true' in copy.read_bytes()  # stored, not deflated: in clear
