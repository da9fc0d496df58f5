"""``jury-desk audit verify SESSION --pv PV.pdf``: the PV must anchor the session's log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from jury_desk.store.audit import append_event, verify_chain
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=6)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"))
    assert done.code == 0, done.stderr
    return done


def session_of(run: Run, bundle: Bundle) -> Path:
    return run.data / "sessions" / f"{bundle.manifest.bundle_id}.jdsession"


def audit(*argv: object) -> tuple[int, str, str]:
    return cli("audit", "verify", *argv)


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("jury-desk: "), err
    return err


def test_the_pv_anchors_its_sessions_whole_log(run: Run, bundle: Bundle):
    session = session_of(run, bundle)
    code, out, err = audit(session, "--pv", run.pv)
    assert (code, err) == (0, "")
    report = verify_chain(session)
    lines = out.splitlines()
    assert lines[0].endswith(f"intact: {report.length} events (unsigned log, format 1).")
    assert lines[1] == f"Head hash: {report.head_hash}"
    assert lines[2] == (
        f"PV.pdf anchors this session's whole log: event #{report.length}, head {report.head_hash}."
    )


def test_events_after_the_pv_make_it_stale(run: Run, bundle: Bundle, tmp_path):
    copy = tmp_path / "later.jdsession"
    shutil.copy(session_of(run, bundle), copy)
    before = verify_chain(copy).length
    engine = create_engine(f"sqlite:///{copy}")
    with engine.begin() as conn:  # a well-formed event appended after the PV was made
        append_event(conn, "2030-01-01T00:00:00+00:00", "m-mines-1", "session-reopened", {})
    engine.dispose()
    code, out, err = audit(copy, "--pv", run.pv)
    assert (code, out) == (1, "")
    assert f"PV.pdf anchors event #{before}, but the session has {before + 1} events" in (
        one_line(err)
    )


def test_a_pv_of_another_session_of_the_same_bundle_anchors_nothing(
    run: Run, bundle: Bundle, signers: Signers, tmp_path
):
    other = simulate(bundle, signers, tmp_path / "other", seed=8)
    assert other.code == 0, other.stderr
    code, out, err = audit(session_of(run, bundle), "--pv", other.pv)
    assert (code, out) == (1, "")
    assert "is no event of this session's log" in one_line(err)


def test_a_pv_of_another_bundle_is_refused(run: Run, bundle: Bundle, signers: Signers, tmp_path):
    elsewhere = make_bundle(tmp_path / "b", signers.certs, n_candidates=7)
    other = simulate(elsewhere, signers, tmp_path / "other")
    assert other.code == 0, other.stderr
    code, out, err = audit(session_of(run, bundle), "--pv", other.pv)
    assert (code, out) == (1, "")
    assert "was made from another bundle" in one_line(err)


def test_a_file_that_is_no_pv_and_a_missing_pv_are_one_line_errors(
    run: Run, bundle: Bundle, tmp_path
):
    not_a_pv = tmp_path / "PV.pdf"
    not_a_pv.write_bytes(b"%PDF-1.7\n%%EOF\n")
    code, out, err = audit(session_of(run, bundle), "--pv", not_a_pv)
    assert (code, out) == (1, "") and one_line(err)
    code, out, err = audit(session_of(run, bundle), "--pv", tmp_path / "missing.pdf")
    assert (code, out) == (2, "") and "is not a PV file" in one_line(err)


def test_a_broken_chain_is_reported_before_the_pv(run: Run, bundle: Bundle, tmp_path):
    import sqlite3

    copy = tmp_path / "broken.jdsession"
    shutil.copy(session_of(run, bundle), copy)
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET actor = 'x' WHERE seq = 2")
    conn.commit()
    conn.close()
    code, out, err = audit(copy, "--pv", run.pv)
    assert (code, out) == (1, "")
    assert "BROKEN at event #2" in one_line(err)
