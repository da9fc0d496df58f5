"""A score the desk reports as saved survives a kill -9 (DESIGN.md §4).

A subprocess seals sheets in a loop and prints each acknowledgement after the commit; it is
killed with SIGKILL at a random moment, 20 times over the same session file. After each
kill: SQLite's integrity check passes, every acknowledged sheet is sealed with its exact
scores, the audit chain verifies, and the next process resumes the session.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jury_desk.core.scoring import member_total
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import verify_chain
from jury_desk.store.engine import open_readonly
from tests.deliberation.crash_worker import scores_for
from tests.deliberation.jury import EVERYONE, SHA, passphrase
from tests.factories import make_manifest

RUNS = 20
ROOT = Path(__file__).resolve().parents[2]


def _start(path: Path) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.deliberation.crash_worker", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    return proc, lines, reader


def _wait_ready(proc: subprocess.Popen[str], lines: list[str]) -> None:
    deadline = time.monotonic() + 60
    while "READY\n" not in lines:
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the worker did not start: {proc.stderr.read()}")
        time.sleep(0.01)


def _sealed(path: Path) -> dict[tuple[str, str], tuple[dict[str, float], float]]:
    conn = open_readonly(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        out: dict[tuple[str, str], tuple[dict[str, float], float]] = {}
        rows = conn.execute(
            "SELECT s.member_id, s.candidate_id, s.total, k.criterion_id, k.value FROM sheet s "
            "JOIN sheet_score k ON k.sheet_id = s.id AND k.revision = s.revision "
            "WHERE s.status = 'sealed'"
        )
        for member, candidate, total, criterion, value in rows:
            out.setdefault((member, candidate), ({}, total))[0][criterion] = value
        return out
    finally:
        conn.close()


@pytest.mark.slow
def test_acknowledged_sheets_survive_sigkill(tmp_path):
    manifest = make_manifest(n_candidates=150)
    path = tmp_path / "crash.jdsession"
    svc = DeliberationService.create(path, manifest, SHA, scrypt=FAST_FOR_TESTS)
    for member in EVERYONE:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    svc.close()

    rng = random.Random(20260615)
    acknowledged: set[tuple[str, str]] = set()
    mid_run_kills = 0
    for _ in range(RUNS):
        proc, lines, reader = _start(path)
        _wait_ready(proc, lines)
        time.sleep(rng.uniform(0.0, 0.15))
        proc.kill()  # SIGKILL: no cleanup, no atexit, no flush of anything in memory
        proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        mid_run_kills += "DONE\n" not in lines
        for line in lines:
            if line.startswith("ACK "):
                _, member, candidate = line.split()
                acknowledged.add((member, candidate))

        sealed = _sealed(path)
        missing = acknowledged - set(sealed)
        assert not missing, f"acknowledged but lost after kill -9: {sorted(missing)[:5]}"
        for member, candidate in acknowledged:
            scores, total = sealed[member, candidate]
            assert scores == scores_for(member, candidate)
            assert total == member_total(scores, manifest.session.rubric)
        report = verify_chain(path)
        assert report.ok, report

    assert mid_run_kills == RUNS, "the worker finished before being killed: give it more work"
    assert len(acknowledged) >= RUNS  # the kills really interrupted a working loop
    with DeliberationService.resume(path, scrypt=FAST_FOR_TESTS) as svc:  # still opens
        assert svc.audit_head()[1] == verify_chain(path).head_hash
