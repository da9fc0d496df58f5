"""Session files written by previous versions of the desk (tests/fixtures/old_sessions, whose
README says which commit and command made each) are read by today's desk under their own
rules: a format-1 file (unsigned log, schema v5) opens, resumes, is scored, closed and
exported with its PV marked "unsigned log, format 1"; a format-2 file of schema v8 verifies
as signed and exports again. ``audit verify`` upgrades nothing, and an edited copy of either
is named and refused."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.errors import BundleError, MinutesError
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.sign import unlock_signer
from jury_desk.minutes.verify import verify_pv
from jury_desk.rehearsal.fast_forward import fast_forward
from jury_desk.rehearsal.simulate import SIMULATED_SCRYPT
from jury_desk.store.audit import verify_chain
from jury_desk.store.migrations import LATEST
from tests.e2e.simkit import cli, files_under
from tests.minutes import poppler

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "old_sessions"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SECRETARIAT = DEMO / "DEMO-secretariat.pub"
PASSPHRASE = "ancienne version 2026"  # make_half_scored.py's, every member's
SESSION = "demo-2026-master-admission.jdsession"


def bundle_of(name: str) -> Path:
    """The bundle an old file was made from (the first version's demo bundle differs)."""
    return OLD / (
        "admission-master-v3.jdbundle" if name.startswith("v3-") else "admission-master.jdbundle"
    )


def unpack(name: str, data_dir: Path, *, with_copy: bool = True) -> Path:
    """The old file, byte for byte, where the desk keeps its sessions; ``with_copy``: and
    the private bundle copy beside it, as in the data folder that made it (under the name
    the file records; the folder itself, /tmp/..., is not this one)."""
    path = data_dir / "sessions" / SESSION
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.decompress((OLD / name).read_bytes()))
    if with_copy:
        conn = sqlite3.connect(path)
        (recorded,) = conn.execute("SELECT bundle_path FROM session_meta").fetchone()
        conn.close()
        (data_dir / "bundles").mkdir(exist_ok=True)
        shutil.copy(bundle_of(name), data_dir / "bundles" / Path(recorded).name)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit(*argv: object) -> tuple[int, str, str]:
    return cli("audit", "verify", *argv, "--trusted-key", SECRETARIAT)


def reopen(data_dir: Path, *, simulated: bool = False) -> DeliberationService:
    """As the desk does when the secretariat's bundle is opened again: verified, then the
    session started from these exact bytes is resumed."""
    verified = verify_bundle(
        OLD / "admission-master.jdbundle",
        trusted_keys=[PublicKey.from_file(SECRETARIAT)],
        data_dir=data_dir,
    )
    return DeliberationService.open_from_bundle(
        verified, data_dir, scrypt=SIMULATED_SCRYPT, simulated=simulated
    )


def demo_signers() -> dict:
    return {
        code: unlock_signer(DEMO / f"DEMO-signer-{code}.p12", b"demo")
        for code in ("chair", "MINES", "ALBERT")
    }


# What a forger with the file does: a sealed score raised, a rejected candidate admitted.
RAISE_A_SCORE = (
    "UPDATE sheet_score SET value = value + 1 WHERE rowid = (SELECT MIN(rowid) FROM sheet_score)"
)
ADMIT = "UPDATE proposal SET decision = 'admit' WHERE decision = 'reject'"


def test_the_fixtures_stay_small():
    assert sum(p.stat().st_size for p in OLD.iterdir()) < 1_500_000


@pytest.mark.parametrize(
    "name",
    [
        "v3-format1-half-scored.jdsession.gz",  # the first version's (test_first_version_files)
        "v3-format1-closed.jdsession.gz",
        "v5-format1-half-scored.jdsession.gz",
        "v5-format1-closed.jdsession.gz",
    ],
)
def test_an_old_format_1_file_verifies_intact_and_is_not_upgraded(name, tmp_path):
    path = unpack(name, tmp_path)
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == int(name[1])  # v3 or v5, as written then
    before = sha256(path)
    code, out, err = audit(path)
    assert (code, err) == (0, ""), err
    report = verify_chain(path)
    assert out.splitlines()[:2] == [
        f"Audit chain of {SESSION} is intact: {report.length} events (unsigned log, format 1).",
        f"Head hash: {report.head_hash}",
    ]
    assert "Secretariat signature of the manifest: valid" in out
    assert sha256(path) == before  # read only: no schema upgrade, no format change


def test_the_old_closed_file_is_the_one_its_old_pv_anchors(tmp_path):
    path = unpack("v5-format1-closed.jdsession.gz", tmp_path)
    code, out, err = audit(path, "--pv", OLD / "v5-format1-closed-PV.pdf")
    assert (code, err) == (0, ""), err
    head = verify_chain(path).head_hash
    assert f"anchors this session's whole log: event #398, head {head}." in out


def test_todays_renderer_draws_the_old_pvs_pages_byte_for_byte(tmp_path):
    """An archived PV stays verifiable only while today's renderer draws its own minutes.json
    to the same bytes (``minutes verify`` compares them). This one is from 43bcad1: a
    change of the PV's look, words or layout for minutes that do not ask for it fails here.
    With its bundle the whole PV is VALID."""
    pv = OLD / "v5-format1-closed-PV.pdf"
    report = verify_pv(pv)
    content = next(c for c in report.checks if c.code == "pv.content")
    assert content.ok, content.message
    vb = verify_bundle(bundle_of("v5-"), trusted_keys=[PublicKey.from_file(SECRETARIAT)],
                       data_dir=tmp_path / "desk", record=False,
                       now=report.minutes.generated_at)  # fmt: skip
    assert verify_pv(pv, bundle=vb).ok


def test_an_old_half_scored_session_resumes_scores_closes_and_exports_as_format_1(tmp_path):
    data = tmp_path / "desk-data"
    path = unpack("v5-format1-half-scored.jdsession.gz", data)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 5
    with reopen(data) as service:
        assert service.signed is False  # nothing is silently upgraded
        # The tables are brought to today's schema; the log keeps its format (1).
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST
        # The old version left one unsealed draft: its member seals it today.
        draft = next(i for i in service.worklist("m-albert-3") if i.status == "draft")
        assert draft.candidate_id == "ADM-13"
        sheet = {c.id: 12.0 for c in service.manifest.session.rubric.criteria}
        service.save_draft("m-albert-3", "ADM-13", sheet)
        service.seal("m-albert-3", "ADM-13", PASSPHRASE, seen=sheet)
        # The rest of the jury's work, through the rules, with the old passphrases.
        assert fast_forward(service, PASSPHRASE) == len(service.manifest.candidates)
        head = service.close_session("m-mines-1", PASSPHRASE)
        exported = export_minutes_with(service, tmp_path / "out", signers=demo_signers())
    pv = exported.pv
    minutes = json.loads((tmp_path / "out" / "minutes.json").read_text("utf-8"))
    assert minutes["audit_log"] == "unsigned/1"
    assert minutes["audit_head"] == head
    assert "journal non signé, format 1" in " ".join(poppler.page_texts(pv))
    code, out, err = audit(path, "--pv", pv)
    assert (code, err) == (0, ""), err
    assert "(unsigned log, format 1)" in out and f"head {head}." in out


@pytest.mark.parametrize(("table", "edit"), [("sheet_score", RAISE_A_SCORE), ("proposal", ADMIT)])
def test_an_edited_copy_of_the_old_closed_file_is_named_and_nothing_exported(table, edit, tmp_path):
    data = tmp_path / "desk-data"
    path = unpack("v5-format1-closed.jdsession.gz", data)
    conn = sqlite3.connect(path)
    triggers = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    )]  # fmt: skip
    for trigger in triggers:  # the forger has the file: the desk's triggers do not stop them
        conn.execute(f"DROP TRIGGER {trigger}")
    assert conn.execute(edit).rowcount >= 1
    conn.commit()
    conn.close()
    code, out, err = audit(path)
    assert code == 1 and out.startswith(f"table {table}, row "), out
    assert err.count("\n") == 1 and "do not match its audit chain" in err, err
    with reopen(data, simulated=True) as service:  # made by `demo --headless`
        out_dir = tmp_path / "out"
        with pytest.raises(MinutesError) as refused:
            export_minutes_with(service, out_dir, signers=demo_signers())
    assert refused.value.code == "export.session-altered"
    assert not out_dir.exists() or files_under(out_dir) == []


def test_an_old_format_2_file_of_schema_v8_verifies_signed_and_exports_again(tmp_path):
    data = tmp_path / "desk-data"
    path = unpack("v8-format2-closed.jdsession.gz", data)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 8
    code, out, err = audit(path)
    assert (code, err) == (0, ""), err
    assert "259 events (signed log, format 2)." in out
    assert out.count("(registered in the room, event #") == 6
    with reopen(data, simulated=True) as service:  # made by `simulate --signed`
        assert service.signed is True
        _, head = service.audit_head()
        export_minutes_with(service, tmp_path / "out", signers=demo_signers())
    minutes = json.loads((tmp_path / "out" / "minutes.json").read_text("utf-8"))
    assert minutes["audit_log"] != "unsigned/1" and minutes["audit_head"] == head
    code, out, err = audit(path, "--pv", tmp_path / "out" / "PV.pdf")
    assert (code, err) == (0, ""), err


def test_an_edited_copy_of_the_old_format_2_file_is_named(tmp_path):
    path = unpack("v8-format2-closed.jdsession.gz", tmp_path)
    copy = tmp_path / "edited.jdsession"
    shutil.copy(path, copy)
    conn = sqlite3.connect(copy)
    for (trigger,) in list(conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'proposal'"
    )):  # fmt: skip
        conn.execute(f"DROP TRIGGER {trigger}")
    assert conn.execute(ADMIT).rowcount >= 1
    conn.commit()
    conn.close()
    code, out, err = audit(copy)
    assert code == 1 and out.startswith("table proposal, row "), out
    assert err.count("\n") == 1 and "do not match its audit chain" in err, err


def test_the_desks_list_resumes_an_old_session_from_a_moved_data_folder(tmp_path):
    """The file records its bundle copy's absolute path, in a folder that no longer exists
    here: the desk resumes it from this data folder's copy of the same name, re-verified."""
    data = tmp_path / "desk-data"
    path = unpack("v5-format1-half-scored.jdsession.gz", data, with_copy=False)
    conn = sqlite3.connect(path)
    (recorded,) = conn.execute("SELECT bundle_path FROM session_meta").fetchone()
    conn.close()
    assert not Path(recorded).is_relative_to(tmp_path)
    trusted = [PublicKey.from_file(SECRETARIAT)]
    if not Path(recorded).exists():  # the data folder that made it is gone: named, refused
        with pytest.raises(BundleError) as refused:
            DeliberationService.open_existing(path, trusted, data)
        assert refused.value.code == "bundle.unreadable"
    (data / "bundles").mkdir()
    shutil.copy(OLD / "admission-master.jdbundle", data / "bundles" / Path(recorded).name)
    with DeliberationService.open_existing(path, trusted, data) as service:
        assert service.signed is False
        assert next(i for i in service.worklist("m-albert-3") if i.status == "draft")
    # Another bundle under that name is refused, as any altered copy.
    other = DEMO / "graduation-master.jdbundle"
    shutil.copy(other, data / "bundles" / Path(recorded).name)
    with pytest.raises(BundleError) as refused:
        DeliberationService.open_existing(path, trusted, data)
    assert refused.value.code == "bundle.copy-changed"
