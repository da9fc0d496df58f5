"""``jury-desk archive …`` as the secretariat scripts it, and a real session's PV end to end.

The real session is played by the headless simulation with its "simulated" flag off (the
archive refuses simulations), so the PV, minutes.json and the session file are exactly
what a room desk exports, audit chain included.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from jury_desk.archive.errors import ArchiveError
from jury_desk.archive.folder import read_archive_folder, write_archive_folder
from jury_desk.archive.service import ArchiveService
from jury_desk.bundle.minisign import PublicKey
from jury_desk.cli import main
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import append_event
from tests.e2e.simkit import PASSPHRASE, make_bundle, make_signers, simulate
from tests.e2e.test_session_file_attacks import raise_score


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def real_sessions(tmp_path_factory):
    """Two real (not simulated) sessions of the same bundle, each with its PV and file."""
    folder = tmp_path_factory.mktemp("real")
    signers = make_signers(folder)
    bundle = make_bundle(folder / "bundle", signers.certs, n_candidates=6)
    original = DeliberationService.open_from_bundle

    def real(*args, **kwargs):
        kwargs["simulated"] = False
        return original(*args, **kwargs)

    runs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JURY_DESK_KEY_PASSPHRASE", PASSPHRASE)
        mp.setattr(DeliberationService, "open_from_bundle", staticmethod(real))
        for seed in (1, 2):
            done = simulate(bundle, signers, folder / f"run{seed}", "--unsigned", seed=seed)
            assert done.code == 0, done.stderr
            (session,) = (done.data / "sessions").glob("*.jdsession")
            runs.append((done, session))
    return bundle, runs


def test_a_real_pv_with_its_session_file_is_archived(real_sessions, tmp_path, capsys):
    bundle, ((first, session), (second, other_session)) = real_sessions
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    base = ["archive", "add", first.pv, "--bundle", bundle.path, "--trusted-key",
            bundle.public_key, "--db", db]  # fmt: skip
    code, out, err = run(capsys, *base, "--session", other_session)
    assert code == 1 and err.count("\n") == 1
    assert "is not this PV's session" in err and "is no event of this session's log" in err
    assert err.rstrip().endswith("Nothing was stored.")
    code, out, err = run(capsys, *base, "--session", session)
    assert (code, err) == (0, "")
    assert out.startswith("Archived PV #1: ")
    with ArchiveService.open(db) as archive:
        pv = archive.pv(1)
        assert pv.session_checked and pv.audit_head == first.minutes()["audit_head"]
        assert archive.file(1, "session") == session.read_bytes()
        assert "Session file" in pv.report


def later_event(path: Path) -> None:
    """A well-formed event after the PV (a reopened session), changing no table."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        append_event(conn, "2030-01-01T00:00:00+00:00", "m-mines-1", "draft-saved", {})
    engine.dispose()


@pytest.mark.parametrize(
    ("attack", "code", "said"),
    [
        (raise_score, "archive.session-invalid", "do not match its audit chain"),
        (later_event, "archive.session-mismatch", "but the session has"),
    ],
    ids=["tables edited, log left alone", "events after the PV"],
)
def test_a_session_that_audit_verify_refuses_is_refused_and_nothing_stored(
    real_sessions, tmp_path, capsys, attack, code, said
):
    """``archive add --session`` runs what ``audit verify SESSION --pv PV`` runs: the
    tables replayed against the log (a score raised in the tables, the chain intact, the
    head still the PV's) and the PV anchoring the log's last event."""
    bundle, ((first, session), _) = real_sessions
    copy = tmp_path / "session.jdsession"
    shutil.copy(session, copy)
    attack(copy)
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with ArchiveService.open(db) as archive:
        with pytest.raises(ArchiveError) as info:
            archive.add(first.pv, bundle.path, [PublicKey.from_file(bundle.public_key)], copy)
        assert info.value.code == code and said in str(info.value)
        assert archive.count() == (0, 0)
    audit_code, _, audit_err = run(capsys, "audit", "verify", copy, "--pv", first.pv)
    assert audit_code == 1 and said in audit_err  # the same verdict, the same code path


def test_the_dossier_d_archive_is_taken_as_it_is(real_sessions, tmp_path, capsys):
    bundle, ((first, session), _) = real_sessions
    minutes = first.minutes()
    folder = write_archive_folder(
        tmp_path / "dossier", pv=first.pv, minutes_json=first.minutes_json, bundle=bundle.path,
        session=session, title=minutes["session"]["title"],
        fingerprint=minutes["bundle"]["sha256"], audit_head=minutes["audit_head"],
    )  # fmt: skip
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["LISEZ-MOI.txt", "PV.pdf", "bundle-receipt.jdreceipt", "minutes.json",
                     "session.jdsession"]  # fmt: skip
    readme = (folder / "LISEZ-MOI.txt").read_text(encoding="utf-8")
    assert minutes["audit_head"] in readme and "jury-desk archive add" in readme
    found = read_archive_folder(folder)
    assert found.receipt is not None and found.receipt.name == "bundle-receipt.jdreceipt"
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    code, out, err = run(capsys, "archive", "add", folder, "--trusted-key", bundle.public_key,
                         "--db", db)  # fmt: skip
    assert (code, err) == (0, ""), err
    with ArchiveService.open(db) as archive:
        pv = archive.pv(1)
        assert pv.anchor == "receipt" and pv.session_checked


def test_search_show_export_and_verify_from_the_command_line(
    filer, trusted, tmp_path, capsys, monkeypatch
):
    filed = filer.make(
        n=3, names=["Camille Lefèvre", "Chloé O'Connor", "Åsa Öberg"],
        student_ids=["21904417", None, None], title="Jury CLI",
    )  # fmt: skip
    monkeypatch.setenv("JURY_DESK_ARCHIVE_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    key = ["--trusted-key", filer.public_key]
    assert run(capsys, "archive", "add", filed.pv, "--bundle", filed.receipt, *key)[0] == 0
    code, out, err = run(capsys, "archive", "search", "LEFEVRE")
    assert (code, err) == (0, "")
    line, summary = out.splitlines()
    assert "C001  Camille Lefèvre (n° 21904417)" in line and "Jury CLI" in line
    assert summary == "1 decision found."
    code, out, _ = run(capsys, "archive", "search", "oberg", "--json")
    assert [h["name"] for h in json.loads(out)] == ["Åsa Öberg"]
    code, out, _ = run(capsys, "archive", "show", "1", "--save-pv", tmp_path / "copy.pdf")
    assert code == 0 and "PV #1: Jury CLI" in out and "Result: VALID" in out
    assert (tmp_path / "copy.pdf").read_bytes() == filed.pv.read_bytes()
    code, out, _ = run(capsys, "archive", "show", "21904417")
    assert code == 0 and "Camille Lefèvre" in out
    code, out, err = run(capsys, "archive", "show", "nobody-here")
    assert code == 2 and out == "" and err.count("\n") == 1
    code, out, err = run(capsys, "archive", "verify", "--all", *key)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "archive verify: 1 checked, 1 valid, 0 not valid"
    assert out.splitlines()[0].startswith("[1/1] OK   PV #1 Jury CLI")
    code, out, err = run(capsys, "archive", "add", filed.pv, *key)
    assert code == 2 and "Give --bundle" in err


def test_a_refused_add_is_one_line_exit_1_and_stores_nothing(filer, tmp_path, capsys):
    filed = filer.make(n=3, title="Jury refusé")
    forged = tmp_path / "PV.pdf"
    forged.write_bytes(filed.pv.read_bytes().replace(b"Jury refus", b"Jury accep", 1))
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    code, out, err = run(capsys, "archive", "add", forged, "--bundle", filed.bundle,
                         "--trusted-key", filer.public_key, "--db", db)  # fmt: skip
    assert (code, out) == (1, "") and err.count("\n") == 1
    assert err.startswith("jury-desk: PV.pdf ") and err.rstrip().endswith("nothing was stored.")
    with ArchiveService.open(db) as archive:
        assert archive.count() == (0, 0)


def test_missing_files_are_usage_like_refusals(filer, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'a.sqlite'}"
    code, _, err = run(capsys, "archive", "add", tmp_path / "nope.pdf", "--bundle",
                       tmp_path / "nope.jdbundle", "--trusted-key", filer.public_key,
                       "--db", db)  # fmt: skip
    assert code == 1 and "no such PV file" in err
    assert not Path(tmp_path / "nope.pdf").exists()
