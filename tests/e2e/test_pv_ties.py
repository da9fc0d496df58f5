"""What ties a PV to its session and to each member's sealed sheet:
``jury-desk audit verify SESSION --pv PV.pdf`` (the PV anchors the log) and
``jury-desk minutes verify PV.pdf --receipt CODE`` (my sheet is counted as I sealed it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from jury_desk.signing.sheet import receipt
from jury_desk.store.audit import KIND_SEALED, append_event, verify_chain
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


# --------------------------------------------------------------------------- receipts


def verify_pv(run: Run, bundle: Bundle, *extra: object) -> tuple[int, str, str]:
    return cli("minutes", "verify", run.pv, "--bundle", bundle.path, "--trusted-key",
               bundle.public_key, "--allow-simulation", *extra)  # fmt: skip


def sealed_commitments(session: Path) -> dict[tuple[str, str], str]:
    """(candidate, member) -> the commitment of the seal event, from the log itself."""
    import json
    import sqlite3

    conn = sqlite3.connect(f"{session.as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT payload FROM audit_event WHERE kind = ?", (KIND_SEALED,))
        payloads = [json.loads(p) for (p,) in rows]
    finally:
        conn.close()
    return {(p["candidate"], p["member"]): p["commitment"] for p in payloads}


def revised(candidate, total) -> bool:
    return any(r["member"] == total["member"] for r in candidate["revisions"])


def counted(run: Run):
    for candidate in run.minutes()["candidates"]:
        for totals in candidate["totals"].values():
            for total in totals:
                yield candidate, total


def test_minutes_list_the_commitment_each_counted_total_was_sealed_with(run: Run, bundle):
    sealed = sealed_commitments(session_of(run, bundle))
    pairs = list(counted(run))
    assert pairs
    for candidate, total in pairs:
        assert total["commitment"] == sealed[candidate["id"], total["member"]]


def test_a_members_receipt_finds_their_sheet_counted_unchanged(run: Run, bundle):
    candidate, total = next(
        (c, t)
        for c, t in counted(run)
        if not any(r["member"] == t["member"] for r in c["revisions"])
    )
    code, out, err = verify_pv(run, bundle, "--receipt", receipt(total["commitment"]))
    assert (code, err) == (0, "")
    line = out.splitlines()[-1]
    assert line.startswith(f"Receipt {receipt(total['commitment'])}: the sheet ")
    assert f"sealed for {candidate['id']}" in line and "unchanged since sealing" in line
    # Typed loosely (lower case, no dashes) it is the same receipt.
    code, out, _ = verify_pv(run, bundle, "--receipt", total["commitment"][:12].lower())
    assert code == 0 and "unchanged since sealing" in out


def test_a_revised_sheet_says_so(run: Run, bundle):
    candidate, total = next((c, t) for c, t in counted(run) if revised(c, t))
    code, out, _ = verify_pv(run, bundle, "--receipt", receipt(total["commitment"]))
    assert code == 0
    assert "after the reveal" in out.splitlines()[-1]


def test_a_receipt_of_no_counted_sheet_exits_1(run: Run, bundle):
    listed = {t["commitment"][:12] for _, t in counted(run)}
    fake = next(f"{i:012x}" for i in range(1000) if f"{i:012x}" not in listed)
    code, out, err = verify_pv(run, bundle, "--receipt", fake)
    assert code == 1 and out.splitlines()[-1] == "Result: VALID (SIMULATION)"
    assert "no sheet counted in this PV has it" in one_line(err)


@pytest.mark.parametrize("typed", ["3F2A-91C0", "not-a-receipt", ""])
def test_a_malformed_receipt_is_a_usage_error_before_any_check(run: Run, bundle, typed):
    code, out, err = verify_pv(run, bundle, "--receipt", typed)
    assert (code, out) == (2, "")
    assert "is not a receipt" in one_line(err)
