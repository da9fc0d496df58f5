"""A score the desk reports as saved survives a kill -9 (DESIGN.md §4).

A subprocess seals sheets in a loop and prints each acknowledgement after the commit; it is
killed with SIGKILL at a random moment, 20 times over the same session file. After each
kill: SQLite's integrity check passes, every acknowledged sheet is sealed with its exact
scores, the audit chain verifies, and the next process resumes the session.
"""

from __future__ import annotations

import random

import pytest

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.store.audit import verify_chain
from tests.crashkit import acked, start_worker, wait_ready, wait_until_worked
from tests.deliberation.crash_worker import check_survivors
from tests.deliberation.jury import EVERYONE, SHA, passphrase
from tests.factories import make_manifest

RUNS = 20


@pytest.mark.slow
def test_acknowledged_sheets_survive_sigkill(tmp_path):
    manifest = make_manifest(n_candidates=150)
    path = tmp_path / "crash.jdsession"
    svc = DeliberationService.create(path, manifest, SHA, scrypt=FAST_FOR_TESTS, signed=False)
    for member in EVERYONE:
        svc.check_in(member)
        svc.set_passphrase(member, passphrase(member))
    svc.close()

    rng = random.Random(20260615)
    acknowledged: set[tuple[str, str]] = set()
    mid_run_kills = 0
    for _ in range(RUNS):
        proc, lines, reader = start_worker("tests.deliberation.crash_worker", str(path))
        wait_ready(proc, lines)
        wait_until_worked(proc.pid, rng.uniform(0.0, 0.15))
        proc.kill()  # SIGKILL: no cleanup, no atexit, no flush of anything in memory
        proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        mid_run_kills += "DONE\n" not in lines
        acknowledged |= acked(lines)

        check_survivors(path, manifest.session.rubric, acknowledged)

    assert mid_run_kills == RUNS, "the worker finished before being killed: give it more work"
    assert len(acknowledged) >= RUNS  # the kills really interrupted a working loop
    with DeliberationService.resume(path, scrypt=FAST_FOR_TESTS) as svc:  # still opens
        assert svc.audit_head()[1] == verify_chain(path).head_hash
