"""``jury-desk simulate --signed``: a whole signed session (log format 2) played through the
service and exported, then checked and attacked from the command line:

* ``audit verify SESSION --pv PV.pdf`` says "signed log, format 2", prints each member's
  key fingerprint, and ties the session to its PV; minutes.json says ``signed/2``;
* the issue's forger, raising a score with the chain rewritten and no key, is named at
  the first event whose signature no longer holds, and the desk exports nothing from it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from jury_desk.core.errors import MinutesError
from jury_desk.core.receipt import receipt
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.model import Minutes
from jury_desk.store.audit import sheet_commitment, verify_chain
from tests.deliberation.test_signed_session import rewrite_chain
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate
from tests.minutes import poppler


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=6)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"), "--signed")
    assert done.code == 0, done.stderr
    return done


def session_of(run: Run, bundle: Bundle) -> Path:
    return run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"


def copy_of(session: Path, copy: Path) -> Path:
    """A copy of a session (SQLite's backup: whatever its -wal holds too)."""
    source, target = sqlite3.connect(session), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def test_audit_verify_ties_the_signed_session_to_its_pv(run: Run, bundle: Bundle):
    path = session_of(run, bundle)
    code, out, err = cli("audit", "verify", path, "--pv", run.pv)
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[0].endswith("events (signed log, format 2).")
    keys = [line for line in lines if line.startswith("Key of ")]
    assert len(keys) == len(bundle.manifest.session.members)
    assert all("registered in the room" in line for line in keys)
    minutes = json.loads(run.minutes_json.read_text(encoding="utf-8"))
    assert minutes["audit_log"] == "signed/2"
    # The PV prints each member's key fingerprint, the one the log registered.
    fingerprints = {m: k.fingerprint for m, k in verify_chain(path).keys.items()}
    assert {j["id"]: j["key_sha256"] for j in minutes["jury"]} == fingerprints
    assert {j["key_pinned"] for j in minutes["jury"]} == {False}
    text = " ".join(" ".join(page.split()) for page in poppler.page_texts(run.pv))
    assert "ne sont pas fixées par la scolarité" in text
    for fingerprint in fingerprints.values():
        assert f"{fingerprint[:32]} {fingerprint[32:]}" in text


def test_a_score_forged_with_the_chain_rewritten_is_refused_and_not_exported(
    run: Run, bundle: Bundle, signers: Signers, tmp_path
):
    forged = copy_of(session_of(run, bundle), tmp_path / "forged.jdsession")
    seq_of_first_reveal: list[int] = []

    def raise_first_revealed_score(seq, kind, payload):
        if kind == "candidate-revealed" and not seq_of_first_reveal:
            seq_of_first_reveal.append(seq)
            payload["sheets"][0]["scores"] = {k: 20.0 for k in payload["sheets"][0]["scores"]}
        return payload

    rewrite_chain(forged, raise_first_revealed_score)
    report = verify_chain(forged)
    assert (report.ok, report.first_bad_seq) == (False, seq_of_first_reveal[0])
    code, _, err = cli("audit", "verify", forged)
    assert code == 1 and err.count("\n") == 1
    assert f"BROKEN at event #{seq_of_first_reveal[0]}" in err
    out_dir = tmp_path / "pv"
    with DeliberationService.resume(forged) as service:
        with pytest.raises(MinutesError) as info:
            export_minutes_with(service, out_dir, signers=signers.unlocked())
    assert info.value.code == "export.session-altered"
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    shutil.rmtree(out_dir, ignore_errors=True)


def test_the_same_desk_refuses_a_second_export_once_the_file_was_edited_under_it(
    run: Run, bundle: Bundle, signers: Signers, tmp_path
):
    """The desk keeps what its first export verified and checks only what is new at the
    next (``signed_audit.Verified``): the attacker with the laptop edits the file between
    two exports of the same desk process, the tables alone, then the chain rewritten around
    a forged score; the second export refuses each, and writes nothing."""
    copy = copy_of(session_of(run, bundle), tmp_path / "session.jdsession")
    pristine = copy.read_bytes()

    def raise_first_revealed_score(seq, kind, payload):
        if kind == "candidate-revealed" and payload["sheets"]:
            payload["sheets"][0]["scores"] = {k: 20.0 for k in payload["sheets"][0]["scores"]}
        return payload

    def edit_tables(path: Path) -> None:
        conn = sqlite3.connect(path)
        conn.execute("UPDATE tally SET overall = 19.5 WHERE rowid = 1")
        conn.commit()
        conn.close()

    for attack in (edit_tables, lambda path: rewrite_chain(path, raise_first_revealed_score)):
        copy.write_bytes(pristine)
        with DeliberationService.resume(copy) as service:
            first = export_minutes_with(service, tmp_path / "pv1", signers=signers.unlocked())
            assert first.pv.exists()
            attack(copy)
            out_dir = tmp_path / "pv2"
            with pytest.raises(MinutesError) as info:
                export_minutes_with(service, out_dir, signers=signers.unlocked())
        assert info.value.code == "export.session-altered"
        assert not out_dir.exists() or list(out_dir.iterdir()) == []
        shutil.rmtree(tmp_path / "pv1")


# ------------------------------------------------------- receipts with the seal's signature


def pv_verify(run: Run, bundle: Bundle, pv: Path, *extra: object) -> tuple[int, str, str]:
    return cli("minutes", "verify", pv, "--bundle", bundle.path, "--trusted-key",
               bundle.public_key, "--allow-simulation", *extra)  # fmt: skip


def first_counted(minutes: dict) -> tuple[dict, dict]:
    return next(
        (c, t)
        for c in minutes["candidates"]
        for totals in c["totals"].values()
        for t in totals
        if not any(r["member"] == t["member"] for r in c["revisions"])
    )


def test_minutes_list_each_seal_event_and_the_key_that_signed_it(run: Run, bundle: Bundle):
    minutes = run.minutes()
    conn = sqlite3.connect(f"{session_of(run, bundle).as_uri()}?mode=ro", uri=True)
    try:
        seals = {
            (json.loads(p)["candidate"], actor): (seq, prev, signature)
            for seq, actor, p, prev, signature in conn.execute(
                "SELECT seq, actor, payload, prev_hash, signature FROM audit_event "
                "WHERE kind = 'sheet-sealed'"
            )
        }
        session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    finally:
        conn.close()
    assert minutes["audit_session"] == session
    listed = [
        (c["id"], t) for c in minutes["candidates"] for ts in c["totals"].values() for t in ts
    ]
    assert listed
    for candidate, total in listed:
        seal = total["seal"]
        assert (seal["seq"], seal["prev_hash"], seal["signature"]) == seals[
            candidate, total["member"]
        ]
    assert all(j["public_key"] for j in minutes["jury"])


def test_a_receipt_checks_the_members_signature_on_the_seal(run: Run, bundle: Bundle):
    candidate, total = first_counted(run.minutes())
    code, out, err = pv_verify(run, bundle, run.pv, "--receipt", receipt(total["commitment"]))
    assert (code, err) == (0, ""), err
    member = next(j for j in run.minutes()["jury"] if j["id"] == total["member"])
    line = out.splitlines()[-1]
    assert "unchanged since sealing" in line
    assert f"Sealed in event #{total['seal']['seq']} and signed by {member['name']}'s key" in line
    assert member["key_sha256"] in line


def test_a_commitment_forged_into_a_pv_signed_by_every_signer_is_caught_by_the_receipt(
    run: Run, bundle: Bundle, signers: Signers, tmp_path, monkeypatch
):
    """The forger controls the desk at export (or every PV signer colludes): the PV is
    signed by the genuine keys, but lists a commitment to raised scores for one sheet. The
    PV verifies; the member's receipt does not find their sheet, and the forged receipt
    fails on the member's signature, which no key but theirs can make."""
    genuine = run.minutes()
    candidate, total = first_counted(genuine)
    scores = {c["id"]: 20.0 for c in genuine["rules"]["rubric"]["criteria"]}
    forged = sheet_commitment(b"\x00" * 16, candidate["id"], total["member"], scores)
    copy = tmp_path / "session.jdsession"
    source, target = sqlite3.connect(session_of(run, bundle)), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    with DeliberationService.resume(copy) as service:
        honest = service.minutes_data

        def with_forged_commitment(lang: str = "fr", **drawn_from) -> Minutes:
            data = honest(lang, **drawn_from).model_dump(mode="json")
            for c in data["candidates"]:
                for totals in c["totals"].values():
                    for t in totals:
                        if (c["id"], t["member"]) == (candidate["id"], total["member"]):
                            t["commitment"] = forged
            return Minutes.model_validate(data)

        monkeypatch.setattr(service, "minutes_data", with_forged_commitment)
        exported = export_minutes_with(service, tmp_path / "pv", signers=signers.unlocked())
    code, out, err = pv_verify(run, bundle, exported.pv)
    assert (code, err) == (0, ""), err  # every PV signature holds
    code, out, err = pv_verify(run, bundle, exported.pv, "--receipt", receipt(forged))
    assert code == 1 and err.count("\n") == 1
    assert f"the seal event #{total['seal']['seq']} does not carry" in err
    assert "do not trust this PV" in err
    code, _, err = pv_verify(run, bundle, exported.pv, "--receipt", receipt(total["commitment"]))
    assert code == 1 and "no sheet counted in this PV has it" in err
