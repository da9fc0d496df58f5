"""Session files and a PV written by the FIRST version of the desk (commit ``aacb4c1``, the
one issue 11 was filed against: schema v3, an unsigned log, a bundle whose chair signs no
PV), read by today's desk under their own rules (issue 11, point 6): they verify, the old PV
still anchors its session, and a half-scored one resumes, closes and exports a PV marked
"unsigned log, format 1", signed by the institutions alone as its bundle declares, which
``minutes verify --bundle`` accepts. tests/fixtures/old_sessions/README.md says how each
file was made.

Relaxing the chair's certificate for old bundles must not let a signer drop the chair from
a PV of today's bundle: the last test is that signer.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.deliberation import minutes_data
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes import export
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.sign import unlock_signer
from jury_desk.rehearsal.fast_forward import fast_forward
from jury_desk.rehearsal.simulate import SIMULATED_SCRYPT
from jury_desk.store.audit import verify_chain
from jury_desk.store.migrations import LATEST
from tests.e2e.simkit import cli
from tests.e2e.test_old_session_files import (
    DEMO,
    OLD,
    PASSPHRASE,
    SECRETARIAT,
    SESSION,
    audit,
    unpack,
)
from tests.minutes import poppler

BUNDLE = OLD / "admission-master-v3.jdbundle"  # resources/demo's, as it was at aacb4c1


def institution_signers() -> dict:
    """The first version's demo signers: one per institution; its chair signed nothing."""
    return {
        code: unlock_signer(DEMO / f"DEMO-signer-{code}.p12", b"demo")
        for code in ("MINES", "ALBERT")
    }


def minutes_verify(pv: Path, bundle: Path = BUNDLE) -> tuple[int, str, str]:
    return cli("minutes", "verify", pv, "--bundle", bundle, "--trusted-key", SECRETARIAT)


def test_the_first_versions_bundle_declares_no_chair_certificate_and_still_verifies(tmp_path):
    verified = verify_bundle(
        BUNDLE, trusted_keys=[PublicKey.from_file(SECRETARIAT)], data_dir=tmp_path
    )
    assert verified.manifest.session.chair().signer_cert_sha256 is None
    code, out, err = cli("bundle", "verify", BUNDLE, "--trusted-key", SECRETARIAT)
    assert (code, err) == (0, ""), err


def test_an_edited_first_version_file_is_still_named(tmp_path):
    """The old schema lacks columns added since (points de jury, a renvoi's approvers): the
    check reads them as absent, and still names a forged proposal."""
    path = unpack("v3-format1-closed.jdsession.gz", tmp_path)
    conn = sqlite3.connect(path)
    for (trigger,) in list(conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'proposal'"
    )):  # fmt: skip
        conn.execute(f"DROP TRIGGER {trigger}")
    assert conn.execute("UPDATE proposal SET decision = 'admit' WHERE decision = 'reject'").rowcount
    conn.commit()
    conn.close()
    code, out, err = audit(path)
    assert code == 1 and out.startswith("table proposal, row "), out
    assert "do not match its audit chain" in err


def test_the_first_versions_pv_still_anchors_its_session(tmp_path):
    path = unpack("v3-format1-closed.jdsession.gz", tmp_path)
    code, out, err = audit(path, "--pv", OLD / "v3-format1-closed-PV.pdf")
    assert (code, err) == (0, ""), err
    head = verify_chain(path).head_hash
    assert f"anchors this session's whole log: event #398, head {head}." in out
    # ...and not another session's: the half-scored file is another log of the same bundle.
    other = unpack("v3-format1-half-scored.jdsession.gz", tmp_path / "other")
    code, out, err = audit(other, "--pv", OLD / "v3-format1-closed-PV.pdf")
    assert code == 1 and "is no event of this session's log" in err, err


def test_a_first_version_session_resumes_closes_and_exports_signed_by_the_institutions(tmp_path):
    data = tmp_path / "desk-data"
    path = unpack("v3-format1-half-scored.jdsession.gz", data)
    verified = verify_bundle(BUNDLE, trusted_keys=[PublicKey.from_file(SECRETARIAT)], data_dir=data)
    with DeliberationService.open_from_bundle(verified, data, scrypt=SIMULATED_SCRYPT) as service:
        assert service.signed is False  # nothing is silently upgraded
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST
        draft = next(i for i in service.worklist("m-albert-3") if i.status == "draft")
        sheet = {c.id: 12.0 for c in service.manifest.session.rubric.criteria}
        service.save_draft("m-albert-3", draft.candidate_id, sheet)
        service.seal("m-albert-3", draft.candidate_id, PASSPHRASE, seen=sheet)
        assert fast_forward(service, PASSPHRASE) == len(service.manifest.candidates)
        head = service.close_session("m-mines-1", PASSPHRASE)
        exported = export_minutes_with(service, tmp_path / "out", signers=institution_signers())
    pv = exported.pv
    minutes = json.loads((tmp_path / "out" / "minutes.json").read_text("utf-8"))
    assert minutes["audit_log"] == "unsigned/1" and minutes["audit_head"] == head
    assert "chair" not in minutes
    text = " ".join(" ".join(poppler.page_texts(pv)).split())
    assert "journal non signé, format 1" in text
    assert "une par établissement. Le président du jury ne signe pas" in text
    assert "celle du président" not in text
    code, out, err = minutes_verify(pv)
    assert (code, err) == (0, ""), err
    assert "declares no chair's certificate" in out and out.rstrip().endswith("VALID"), out
    code, out, err = audit(path, "--pv", pv)
    assert (code, err) == (0, ""), err
    assert "(unsigned log, format 1)" in out and f"head {head}." in out


def test_a_signer_cannot_drop_the_chair_from_a_pv_of_todays_bundle(tmp_path, monkeypatch):
    """An institution's signer takes today's closed demo session (whose bundle declares the
    chair's certificate) and exports it again with a desk changed to act as if its bundle
    declared none: the PV carries the two institutions' signatures only, and both verify.
    ``minutes verify --bundle`` names the missing chair."""
    data = tmp_path / "data"
    code, stdout, err = cli("--data-dir", data, "demo", "--headless", tmp_path / "genuine")
    assert (code, err) == (0, ""), err
    real, slots = minutes_data._pv_signers, export.manifest_slots
    monkeypatch.setattr(minutes_data, "_pv_signers", lambda room: (real(room)[0], None))
    monkeypatch.setattr(export, "manifest_slots", lambda m: [s for s in slots(m) if not s.chair])
    trusted = [PublicKey.from_file(SECRETARIAT)]
    session = data / "sessions" / SESSION
    with DeliberationService.open_existing(session, trusted, data) as service:
        exported = export_minutes_with(service, tmp_path / "out", signers=institution_signers())
    minutes = json.loads((tmp_path / "out" / "minutes.json").read_text("utf-8"))
    assert "chair" not in minutes and poppler.all_signatures_valid(exported.pv, 2)
    code, stdout, err = minutes_verify(exported.pv, DEMO / "admission-master.jdbundle")
    assert code == 1, stdout
    assert "the PV's signers for chair are not the ones the bundle declares" in stdout
