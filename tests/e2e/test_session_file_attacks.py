"""The session file and its PV, attacked as the issue's forger would, and what ties them:

* tables edited with the log left alone are named by ``audit verify`` (table, row, event),
  and the desk refuses to export from the file;
* ``audit verify SESSION --pv PV.pdf``: the PV anchors the log, so a log rewritten around a
  forged score (format 1 needs no key for that) no longer matches the head the PV prints;
* ``minutes verify PV.pdf --receipt CODE``: my sheet is counted as I sealed it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from jury_desk.core.errors import MinutesError
from jury_desk.core.receipt import receipt
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.store.audit import (
    GENESIS,
    KIND_SEALED,
    append_event,
    event_hash,
    sheet_commitment,
    verify_chain,
)
from jury_desk.store.log_tables import check_session_file
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate
from tests.minutes import poppler


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=8)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"), "--unsigned")
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
    with engine.begin() as conn:  # a well-formed event that changes no table, after the PV
        append_event(conn, "2030-01-01T00:00:00+00:00", "m-mines-1", "draft-saved", {})
    engine.dispose()
    code, out, err = audit(copy, "--pv", run.pv)
    assert (code, out) == (1, "")
    assert f"PV.pdf anchors event #{before}, but the session has {before + 1} events" in (
        one_line(err)
    )


def test_a_pv_of_another_session_of_the_same_bundle_anchors_nothing(
    run: Run, bundle: Bundle, signers: Signers, tmp_path
):
    other = simulate(bundle, signers, tmp_path / "other", "--unsigned", seed=8)
    assert other.code == 0, other.stderr
    code, out, err = audit(session_of(run, bundle), "--pv", other.pv)
    assert (code, out) == (1, "")
    assert "is no event of this session's log" in one_line(err)


def test_a_pv_of_another_bundle_is_refused(run: Run, bundle: Bundle, signers: Signers, tmp_path):
    elsewhere = make_bundle(tmp_path / "b", signers.certs, n_candidates=7)
    other = simulate(elsewhere, signers, tmp_path / "other", "--unsigned")
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


# --------------------------------------------------------------------------- forgeries


@pytest.fixture
def forged(run: Run, bundle: Bundle) -> Path:
    """A copy of the closed session beside the original, for the forger to edit."""
    original = session_of(run, bundle)
    copy = original.with_name("forged.jdsession")
    shutil.copy(original, copy)
    yield copy
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)


def sql(path: Path, *statements: tuple[str, tuple]) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement, params in statements:
            conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def target(path: Path) -> tuple[int, str, str, float]:
    """A counted, unrevised sealed sheet: (sheet id, candidate, member, its first score)."""
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT s.id, s.candidate_id, s.member_id, MIN(v.value) FROM sheet s "
            "JOIN sheet_score v ON v.sheet_id = s.id WHERE s.status = 'sealed' "
            "AND s.revision = 0 GROUP BY s.id ORDER BY s.id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return int(row[0]), str(row[1]), str(row[2]), float(row[3])


def raise_score(path: Path) -> tuple[str, str]:
    """The issue's recipe: raise one sealed score in sheet_score, sheet, tally and proposal,
    leaving the log alone."""
    sheet_id, candidate, member, low = target(path)
    sql(
        path,
        (
            "UPDATE sheet_score SET value = ? WHERE sheet_id = ? AND value = ?",
            (20.0, sheet_id, low),
        ),
        ("UPDATE sheet SET total = total + 3 WHERE id = ?", (sheet_id,)),
        ("UPDATE tally SET overall = overall + 1.5 WHERE candidate_id = ?", (candidate,)),
        ("UPDATE proposal SET decision = 'admit' WHERE candidate_id = ?", (candidate,)),
    )
    return candidate, member


def test_the_untouched_session_matches_its_log(run: Run, bundle: Bundle):
    path = session_of(run, bundle)
    report, differences = check_session_file(path)
    assert report.ok and differences == []


def test_a_score_raised_in_the_tables_is_named_and_nothing_is_exported(
    forged: Path, signers: Signers, tmp_path
):
    candidate, member = raise_score(forged)
    code, out, err = audit(forged)
    assert code == 1 and err.count("\n") == 1
    assert f"table sheet_score, row {candidate}/{member} revision 0, event #" in err
    assert "not the scores sealed" in err
    named = {line.split(",")[0] for line in out.splitlines()}
    assert {"table sheet_score", "table sheet", "table tally", "table proposal"} <= named
    unlocked = signers.unlocked()
    out_dir = tmp_path / "pv"
    with DeliberationService.resume(forged) as service:
        with pytest.raises(MinutesError, match="altered outside the desk") as info:
            export_minutes_with(service, out_dir, signers=unlocked)
    assert info.value.code == "export.session-altered"
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ("UPDATE sheet SET commitment = '00' || substr(commitment, 3) WHERE id = "
         "(SELECT MIN(id) FROM sheet WHERE status = 'sealed')", "sheet"),
        ("UPDATE sheet SET total = total - 0.5 WHERE id = "
         "(SELECT MIN(id) FROM sheet WHERE status = 'sealed')", "sheet"),
        ("UPDATE sheet_score SET value = 20 - value WHERE rowid = (SELECT MIN(rowid) "
         "FROM sheet_score)", "sheet_score"),
        ("UPDATE sheet_revision SET reason = 'autre' WHERE id = "
         "(SELECT MIN(id) FROM sheet_revision)", "sheet_revision"),
        ("UPDATE tally SET flags = '[]', overall = 19.5 WHERE candidate_id = "
         "(SELECT MIN(candidate_id) FROM tally)", "tally"),
        ("DELETE FROM reveal WHERE candidate_id = (SELECT MIN(candidate_id) FROM reveal)",
         "reveal"),
        ("UPDATE note SET text = 'Rien à signaler.' WHERE id = (SELECT MIN(id) FROM note)",
         "note"),
        ("UPDATE proposal SET justification = 'Au vu du dossier.' WHERE id = "
         "(SELECT MAX(id) FROM proposal)", "proposal"),
        ("UPDATE approval SET member_id = 'm-mines-3' WHERE id = (SELECT MIN(id) FROM approval)",
         "approval"),
        ("DELETE FROM conflict WHERE id = (SELECT MIN(id) FROM conflict)", "conflict"),
        ("UPDATE attendance SET kind = 'out' WHERE id = (SELECT MIN(id) FROM attendance)",
         "attendance"),
        ("UPDATE closure SET actor = 'm-albert-1' WHERE id = (SELECT MIN(id) FROM closure)",
         "closure"),
    ],
    ids=lambda v: v if " " not in v else None,
)  # fmt: skip
def test_each_table_edited_alone_is_named(forged: Path, statement: str, table: str):
    sql(forged, (statement, ()))
    code, out, err = audit(forged)
    assert code == 1 and err.count("\n") == 1, (out, err)
    assert f"table {table}, row " in out.splitlines()[0] or f"table {table}, row " in err


def test_a_chain_rewritten_around_the_forged_score_no_longer_matches_its_pv(forged: Path, run: Run):
    """No key is needed to rewrite format 1: drop the trigger, change a sealed score, fix the
    seal's commitment and the reveal's opening, rehash every event after them. Two scores of
    equal weight are swapped, so no total and no other table needs fixing: ``audit verify``
    alone says intact (format 1's acts are not signed, which format 2 fixes); the head the PV
    prints no longer is an event of the log."""
    conn = sqlite3.connect(forged)
    conn.execute("DROP TRIGGER audit_event_no_update")
    # motivation and project weigh the same: swapping them keeps the total, and the tally.
    sheet_id, candidate, member, motivation, project = conn.execute(
        "SELECT s.id, s.candidate_id, s.member_id, m.value, p.value FROM sheet s "
        "JOIN sheet_score m ON m.sheet_id = s.id AND m.revision = 0 "
        "AND m.criterion_id = 'motivation' JOIN sheet_score p ON p.sheet_id = s.id "
        "AND p.revision = 0 AND p.criterion_id = 'project' "
        "WHERE s.status = 'sealed' AND s.revision = 0 AND m.value != p.value LIMIT 1"
    ).fetchone()
    for criterion, value in (("motivation", project), ("project", motivation)):
        conn.execute(
            "UPDATE sheet_score SET value = ? WHERE sheet_id = ? AND revision = 0 "
            "AND criterion_id = ?",
            (value, sheet_id, criterion),
        )
    salt = conn.execute("SELECT salt FROM sheet WHERE id = ?", (sheet_id,)).fetchone()[0]
    scores = dict(
        conn.execute(
            "SELECT criterion_id, value FROM sheet_score WHERE sheet_id = ? AND revision = 0",
            (sheet_id,),
        ).fetchall()
    )
    commitment = sheet_commitment(bytes(salt), candidate, member, scores)
    conn.execute("UPDATE sheet SET commitment = ? WHERE id = ?", (commitment, sheet_id))
    prev = GENESIS
    for seq, at, actor, kind, payload in conn.execute(
        "SELECT seq, at, actor, kind, payload FROM audit_event ORDER BY seq"
    ).fetchall():
        body = json.loads(payload)
        if kind == "sheet-sealed" and (body["candidate"], body["member"]) == (candidate, member):
            body["commitment"] = commitment
        if kind == "candidate-revealed" and body["candidate"] == candidate:
            for opened in body["sheets"]:
                if opened["member"] == member:
                    opened["scores"] = scores
        digest = event_hash(prev, seq, at, actor, kind, body)
        conn.execute(
            "UPDATE audit_event SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (dumps_canonical(body).decode("utf-8"), prev, digest, seq),
        )
        prev = digest
    conn.commit()
    conn.close()
    code, out, err = audit(forged)
    assert (code, err) == (0, ""), err  # format 1 cannot tell: its acts are not signed
    assert "unsigned log, format 1" in out
    code, out, err = audit(forged, "--pv", run.pv)
    assert (code, out) == (1, "")
    assert "is no event of this session's log" in err and err.count("\n") == 1


def test_the_pv_says_its_log_is_unsigned_format_1(run: Run):
    assert run.minutes()["audit_log"] == "unsigned/1"
    for page in poppler.page_texts(run.pv):  # in every page's footer, by the chain's hash
        words = " ".join(page.split())
        assert f"Chaîne d'audit (journal non signé, format 1) : {run.minutes()['audit_head']}" in (
            words
        )
