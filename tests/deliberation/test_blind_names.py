"""The candidate's name sealed at rest like the scholarship flag (issue 11): a bundle that
lists ``name`` in ``blind_fields`` commits to each name in its signed manifest (salted),
so neither the session file nor, with a pinned reveal key, the bundle copy holds any name
before its candidate's reveal. ``record`` and ``documents`` cannot be blind at rest: no new
session starts from a bundle that lists them, but a session already started still verifies.

Attacks are written as an attacker would: a byte grep and every ``sqlite3`` cell of the raw
file; a chain rewritten around an altered name, re-signed with the chair's own key."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from jury_desk.bundle.blind_fields import read_values, seal_candidates
from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.errors import BundleError
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.signing import member_key
from jury_desk.store.audit import KIND_REVEALED
from jury_desk.store.log_tables import check_session_file
from tests.bundle.bundlekit import ISSUED, NOW
from tests.deliberation.jury import CHAIR, EVERYONE, Clock, passphrase, sheet
from tests.deliberation.test_blind_fields import bundle as blind_fields_bundle
from tests.deliberation.test_blind_fields import open_session, seal_all
from tests.deliberation.test_signed_session import rewrite_chain
from tests.factories import NAMES, manifest_dict

N = 6
BOTH = ("scholarship", "name")


@pytest.fixture(scope="module")
def keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def _forms(name: str) -> list[bytes]:
    """Each word of a name as a file may hold it: UTF-8, or JSON's \\u escapes."""
    words = [w for w in re.split(r"[\s-]+", name) if len(w) >= 4]
    out = []
    for word in words:
        out.append(word.encode())
        out.append(json.dumps(word).strip('"').encode())
    return out


#: Every word of the candidates' names, in every form the grep looks for.
WORDS = {name: _forms(name) for name in NAMES[:N]}


def bundle(folder: Path, *, fields=BOTH, blind=BOTH, **kw) -> tuple[Path, SecretKey]:
    """A bundle listing ``blind`` as blind fields and sealing ``fields`` (() : an older
    bundle, everything in clear)."""
    return blind_fields_bundle(folder, seal=bool(fields), fields=fields, blind=blind, **kw)


def names_in(path: Path) -> set[str]:
    """Every candidate whose name (any word of it) is readable in the raw file, as a member
    sharing the laptop would look: the bytes themselves, then every cell through sqlite3."""
    blobs = [path.read_bytes()]
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        for row in conn.execute(f"SELECT * FROM {table}"):
            blobs += [c.encode() if isinstance(c, str) else c for c in row if c is not None]
    conn.close()
    raw = [b for b in blobs if isinstance(b, bytes)]
    return {name for name, forms in WORDS.items() if any(f in b for f in forms for b in raw)}


def test_the_grep_finds_the_names_of_a_bundle_that_does_not_seal_them(tmp_path, data_dir):
    """The grep can fail: an older bundle lists the name as blind but holds it in clear
    (hidden on screen only), and the grep finds every name in its session file."""
    path, sk = bundle(tmp_path / "b", fields=("scholarship",))
    svc = open_session(path, sk, data_dir)
    svc.close()
    assert names_in(svc.path) == set(NAMES[:N])


@pytest.mark.parametrize("pinned", [False, True], ids=["room-reveal-key", "pinned-reveal-key"])
def test_a_half_scored_session_file_holds_no_unrevealed_name(tmp_path, data_dir, keys, pinned):
    path, sk = bundle(tmp_path / "b", keys=keys if pinned else None)
    svc = open_session(path, sk, data_dir, keys if pinned else None)
    seal_all(svc, "C001")
    svc.save_draft("m-mines-2", "C002", sheet(14))
    assert names_in(svc.path) == set()  # before any reveal: no name at all
    assert svc.candidate_detail(CHAIR, "C001").name is None
    assert [r.name for r in svc.worklist(CHAIR)] == [None] * N
    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    # The reveal opened C001's name and flag, and only them.
    detail = svc.candidate_detail(CHAIR, "C001")
    assert (detail.name, detail.scholarship) == (NAMES[0], True)
    assert svc.candidate_detail(CHAIR, "C002").name is None
    board = {row.candidate_id: row.name for row in svc.board(CHAIR).rows}
    assert board == {"C001": NAMES[0]} | {f"C00{i}": None for i in range(2, N + 1)}
    conn = sqlite3.connect(svc.path)
    assert conn.execute("SELECT candidate_id, name FROM blind_name").fetchall() == [
        ("C001", NAMES[0])
    ]
    payload = conn.execute(
        "SELECT payload FROM audit_event WHERE kind = ?", (KIND_REVEALED,)
    ).fetchone()[0]
    conn.close()
    opened = json.loads(payload)["blind"]
    assert opened["name"] == NAMES[0] and len(opened["name_salt"]) == 32
    assert opened["salt"] != opened["name_salt"]  # one salt per field
    assert names_in(svc.path) == {NAMES[0]}  # the revealed candidate's only
    svc.close()
    report, differences = check_session_file(svc.path)  # what audit verify runs
    assert report.ok and differences == []
    copies = list((data_dir / "bundles").glob("*.jdbundle"))
    assert copies
    if pinned:  # neither the session file nor the bundle copy holds them readable
        assert all(names_in_bytes(c.read_bytes()) == set() for c in copies)
    else:  # the copy's blind-fields.json holds them, as the README says: pin the key
        assert all(names_in_bytes(c.read_bytes()) == set(NAMES[:N]) for c in copies)


def names_in_bytes(data: bytes) -> set[str]:
    return {name for name, forms in WORDS.items() if any(f in data for f in forms)}


def test_an_altered_name_in_the_reveal_event_is_named_by_audit_verify(tmp_path, data_dir, keys):
    path, sk = bundle(tmp_path / "b", keys=keys)
    svc = open_session(path, sk, data_dir, keys)
    seal_all(svc, "C002")
    svc.open_ready(CHAIR, passphrase(CHAIR))
    svc.close()

    def rename(_seq, kind, payload):
        if kind == KIND_REVEALED:
            payload["blind"]["name"] = "Someone Else"
        return payload

    conn = sqlite3.connect(svc.path)  # the table too, so that only the commitment tells
    conn.execute("UPDATE blind_name SET name = 'Someone Else'")
    conn.commit()
    conn.close()
    rewrite_chain(svc.path, rename, keys)  # the forger holds the chair's key
    report, differences = check_session_file(svc.path)
    assert report.ok  # every signature is valid: the chair's key signed the lie
    (difference,) = differences
    assert difference.table == "audit_event" and difference.seq is not None
    line = difference.line()
    assert "the name this reveal opens for C002 does not open its commitment" in line


def test_an_unsigned_session_opens_the_names_and_an_edited_one_is_named(tmp_path, data_dir):
    path, sk = bundle(tmp_path / "b", fields=("name",), blind=("name",))
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    svc = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=False
    )
    for member in EVERYONE:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    seal_all(svc, "C003")
    assert svc.candidate_detail(CHAIR, "C003").name == NAMES[2]
    assert svc.candidate_detail(CHAIR, "C003").scholarship is False  # in clear: not sealed
    svc.close()
    assert check_session_file(svc.path)[1] == []
    conn = sqlite3.connect(svc.path)
    conn.execute("UPDATE blind_name SET name = 'Someone Else'")
    conn.commit()
    conn.close()
    assert [d.table for d in check_session_file(svc.path)[1]] == ["blind_name"]


def test_a_name_is_committed_or_clear_never_both():
    data = manifest_dict("admission", n_candidates=2, issued_at=ISSUED)
    data["session"]["blind_fields"] = list(BOTH)
    seal_candidates(data["bundle_id"], data["candidates"], None, None, BOTH)
    data["candidates"][0]["name"] = "Camille Lefèvre"  # both
    with pytest.raises(ValueError, match="name in clear.*not both and not neither"):
        Manifest.model_validate(data)
    data["candidates"][0]["name"] = None
    data["session"]["blind_fields"] = ["scholarship"]  # sealed, yet not listed as blind
    with pytest.raises(ValueError, match="name is sealed"):
        Manifest.model_validate(data)


def test_a_values_file_with_a_wrong_name_is_refused_and_nothing_is_kept(tmp_path, data_dir):
    """The secretariat's file swapped a name after the commitments were made (the signed
    file list has the forged file's hash, so only the commitment tells)."""

    def swap(made: bytes) -> bytes:
        doc = json.loads(made)
        doc["candidates"]["C004"]["name"] = "Someone Else"
        return json.dumps(doc).encode()

    path, sk = bundle(tmp_path / "b", edit_values=swap)
    with pytest.raises(BundleError) as info:
        verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    assert info.value.code == "manifest.blind"
    assert "C004: its name does not open its commitment" in str(info.value)
    assert not list((data_dir / "bundles").glob("*.jdbundle"))


@pytest.mark.parametrize("field", ["record", "documents"])
def test_a_bundle_listing_an_unsealable_field_starts_no_session(tmp_path, data_dir, field):
    path, sk = bundle(tmp_path / "b", blind=("scholarship", field), fields=("scholarship",))
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    target = DeliberationService.session_path(data_dir, verified.manifest.bundle_id)
    with pytest.raises(BundleError) as info:
        DeliberationService.open_from_bundle(
            verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=True
        )
    assert info.value.code == "manifest.unsealable"
    assert field in str(info.value) and "blind_fields" in str(info.value)
    assert "\n" not in str(info.value)
    assert not target.exists()


def test_a_session_already_started_from_such_a_bundle_still_resumes_and_verifies(
    tmp_path, data_dir, monkeypatch
):
    """Started by an older desk (no refusal then): it resumes, and audit verify checks it."""
    from jury_desk.bundle import blind_fields

    path, sk = bundle(tmp_path / "b", blind=("scholarship", "record"), fields=("scholarship",))
    with monkeypatch.context() as older_desk:
        older_desk.setattr(blind_fields, "unsealable", lambda session: [])
        svc = open_session(path, sk, data_dir)
    seal_all(svc, "C002")
    svc.close()
    verified = verify_bundle(path, data_dir=data_dir, trusted_keys=[sk.public_key()], now=NOW)
    again = DeliberationService.open_from_bundle(
        verified, data_dir, now=Clock(NOW), scrypt=FAST_FOR_TESTS, signed=True
    )
    assert again.candidate_detail(CHAIR, "C002").record is None  # revealed: no record here
    again.close()
    report, differences = check_session_file(svc.path)
    assert report.ok and differences == []


def test_bundle_build_seals_the_names_it_lists(tmp_path):
    from tests.bundle.test_build_inputs import EXAMPLES, prepare

    src = tmp_path / "src"
    shutil.copytree(EXAMPLES, src)
    toml = src / "session.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'blind_fields = ["scholarship"]', 'blind_fields = ["scholarship", "name"]'
        ),
        encoding="utf-8",
    )
    build = prepare(src)
    manifest = build.manifest
    assert all(c.name is None and c.blind is not None for c in manifest.candidates)
    assert manifest.sealed_fields == BOTH
    source = build.documents[BLIND_VALUES_PATH]
    assert isinstance(source, bytes)
    values = read_values(manifest, source)
    with (src / "candidates.csv").open(encoding="utf-8", newline="") as fh:
        given = {row["id"]: row["name"] for row in csv.DictReader(fh)}
    assert {cid: opened["name"][0] for cid, opened in values.items()} == given


def test_a_member_desk_shows_a_sealed_name_only_once_the_room_revealed_it(tmp_path, keys):
    """The member desk's bundle holds the commitments only: before the reveal its list shows
    ids, and afterwards the name the room's status gives (the room opened it)."""
    from jury_desk.deliberation.ledger import exchange_folder
    from jury_desk.memberdesk.desk import MemberDesk
    from tests.deliberation.desks import open_room_with_desks
    from tests.deliberation.jury import MINES

    rd = open_room_with_desks(tmp_path, keys, reveal=True, seal=BOTH)
    r, usb = rd.room, rd.folder
    a1, a2 = (
        MemberDesk(
            r.manifest, rd.ledger.session.fingerprint, member, keys[member][0],
            tmp_path / f"home-{member}", rd.reception.room_key.public_key(),
        )
        for member in ("m-albert-1", "m-albert-2")
    )  # fmt: skip

    def trip() -> None:
        for desk in (a1, a2):
            desk.export_to(usb)
        exchange_folder(rd.reception, rd.ledger, usb)
        for desk in (a1, a2):
            desk.import_from(usb)

    a1.check_in()
    a2.check_in()
    trip()
    assert {c.candidate_id: c.name for c in a1.candidates()} == dict.fromkeys(
        ("C001", "C002", "C003")
    )
    for desk in (a1, a2):
        desk.save_draft("C002", sheet(12))
        desk.seal("C002")
    trip()
    for member in MINES:
        r.seal(member, "C002", sheet(14))
    assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C002",)
    status = rd.ledger.status("m-albert-1")[1]
    assert NAMES[1].encode() in status and NAMES[2].encode() not in status
    trip()
    assert {c.candidate_id: c.name for c in a1.candidates()} == {
        "C001": None,
        "C002": NAMES[1],
        "C003": None,
    }
    r.svc.close()


def test_a_candidate_renvoye_before_its_reveal_keeps_its_name_sealed_to_the_end(tmp_path, data_dir):
    """Every Albert member conflicted on C002: recorded as non délibéré — renvoyé before
    any reveal. Its name is never opened: not in the session file, the minutes or the PV,
    which lists it by its id; every other name is, with the salts that check it."""
    from jury_desk.minutes.blind_check import check_blind
    from jury_desk.minutes.pdf import render_pv_bytes
    from tests.deliberation.jury import ALBERT
    from tests.deliberation.settle import close_by_allowed_acts
    from tests.minutes import poppler

    path, sk = bundle(tmp_path / "b")
    svc = open_session(path, sk, data_dir)
    for member in ALBERT:
        svc.declare_conflict(member, member, "C002", "other", passphrase=passphrase(member))
    close_by_allowed_acts(svc, CHAIR)
    minutes = svc.minutes_data("fr")
    svc.close()
    (renvoye,) = minutes.not_deliberated or ()
    assert (renvoye.id, renvoye.name, renvoye.scholarship, renvoye.blind_salts) == (
        "C002", None, None, None,
    )  # fmt: skip
    assert [c.name for c in minutes.candidates] == [n for n in NAMES[:N] if n != NAMES[1]]
    assert all(set(c.blind_salts or ()) == set(BOTH) for c in minutes.candidates)
    assert check_blind(minutes, svc.manifest) == ([], [])
    assert names_in(svc.path) == set(NAMES[:N]) - {NAMES[1]}
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(minutes))
    text = " ".join(" ".join(page.split()) for page in poppler.page_texts(pv))
    assert NAMES[0] in text and "C002" in text
    assert names_in_bytes(text.encode()) == set(NAMES[:N]) - {NAMES[1]}


def test_bundle_inspect_lists_ids_and_says_the_names_are_sealed(tmp_path, data_dir, capsys):
    from tests.bundle.test_verify_cli import run

    path, _sk = bundle(tmp_path / "b")
    code, out, err = run(capsys, "bundle", "inspect", str(path))
    assert (code, err) == (0, "")
    assert "  C001: name sealed until the reveal (scholarship sealed until the reveal" in out
    assert names_in_bytes(out.encode()) == set()


@pytest.mark.parametrize("bad", [42, "", "Cam\x00ille", "x" * 501, None, ["Camille"]], ids=repr)
def test_an_opened_name_that_is_no_name_is_refused_as_the_name(bad):
    """Whatever opens the commitment must also be a name the manifest would take in clear:
    a forger cannot slip a non-name past the check, nor a value the PV cannot print."""
    from jury_desk.bundle.blind_fields import WrongValue, check_opened, commitment, salt_of

    data = manifest_dict("admission", n_candidates=2, issued_at=ISSUED)
    data["session"]["blind_fields"] = list(BOTH)
    made = seal_candidates(data["bundle_id"], data["candidates"], None, lambda cid: bytes(16), BOTH)
    assert made is not None
    data["files"].append({"path": BLIND_VALUES_PATH, "size": len(made), "sha256": "0" * 64})
    candidate = data["candidates"][0]
    salt = bytes(16)
    name_salt = salt_of(lambda cid: salt, candidate["id"], "name")
    candidate["blind"]["name_commitment"] = commitment(
        data["bundle_id"], candidate["id"], bad, name_salt, "name"
    )
    manifest = Manifest.model_validate(data)
    entry = {"scholarship": True, "salt": salt.hex(), "name": bad, "name_salt": name_salt.hex()}
    with pytest.raises(WrongValue) as info:
        check_opened(manifest, manifest.candidate(candidate["id"]), entry)
    assert info.value.what == "name"
