"""kill -9 at 50 random moments while members score, and 50 while the PV is exported.

A fork server (tests/crashkit.py) forks one desk process per run; the process works until
it is killed with SIGKILL at a random moment, acknowledging each step only once it is
durable, as the GUI does. After every kill:

* scoring (tests/deliberation/crash_worker.py: drafts, seals and the reveals they trigger):
  SQLite's integrity check passes, every acknowledged draft and seal is in the store with
  its exact scores (a seal with its total), and the audit chain verifies;
* export (a closed session, exported again and again): PV.pdf is still a complete PV whose
  two signatures verify, never an older one than the last acknowledged, minutes.json is a
  complete minutes.json of this session, only hidden scratch files are left beside them,
  and the session is unchanged.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import pytest

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.model import Minutes, parse_minutes
from jury_desk.minutes.verify import verify_pv
from jury_desk.store.audit import verify_chain
from tests.crashkit import ForkServer, acked
from tests.deliberation.crash_worker import check_survivors
from tests.deliberation.jury import open_room
from tests.reliability.conftest import Closed

RUNS = 50


@pytest.mark.slow
def test_acknowledged_drafts_and_seals_survive_50_kills(tmp_path: Path) -> None:
    room = open_room(tmp_path, n_candidates=300)
    room.svc.close()
    path, rubric = room.svc.path, room.manifest.session.rubric
    rng = random.Random(20260616)
    drafted: set[tuple[str, str]] = set()
    sealed: set[tuple[str, str]] = set()
    interrupted = 0
    with ForkServer("tests.reliability.jobs:score", str(path)) as server:
        for _ in range(RUNS):
            lines, killed = server.run_and_kill(rng.uniform(0.0, 0.15))
            interrupted += killed and "DONE" not in lines
            drafted |= acked(lines, "DRAFT")
            sealed |= acked(lines)

            check_survivors(path, rubric, sealed, drafted)

    assert interrupted == RUNS, "a worker finished before being killed: give it more work"
    assert len(sealed) >= RUNS and len(drafted) > len(sealed) / 2  # kills hit working loops
    with DeliberationService.resume(path, scrypt=FAST_FOR_TESTS) as svc:
        assert svc.audit_head()[1] == verify_chain(path).head_hash


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _content(minutes: Minutes) -> dict[str, object]:
    """What every export of one closed session has in common (all but the export time)."""
    return minutes.model_dump(exclude={"generated_at"})


def _one_export_cpu_seconds(closed: Closed, folder: Path) -> float:
    """What one export costs in CPU time in this process. The worker exports in a loop, so
    every kill lands inside some export whatever the window; the window only decides how
    many complete first. It is a multiple of this cost because a signed session's export
    replays its whole log, and a forked worker's first export costs several times a warm
    one here (a fixed window cut nearly all of them before their end)."""
    folder.mkdir()
    with DeliberationService.resume(closed.session) as service:
        start = time.process_time()
        export_minutes_with(service, folder, signers=closed.unlocked)
        return time.process_time() - start


@pytest.mark.slow
def test_a_killed_export_never_replaces_a_good_pv_50_kills(closed: Closed, tmp_path: Path) -> None:
    window = 10 * _one_export_cpu_seconds(closed, tmp_path / "measured")
    reference = _content(parse_minutes(closed.minutes_json.read_bytes()))
    head = verify_chain(closed.session).head_hash
    assert verify_pv(closed.pv).ok
    complete = {_sha256(closed.pv)}  # PVs seen whole and verified
    acknowledged: list[str] = []
    rng = random.Random(20260617)
    interrupted = 0
    args = (closed.session, closed.out, closed.signers.mines, closed.signers.albert)
    with ForkServer("tests.reliability.jobs:export", *map(str, args)) as server:
        for _ in range(RUNS):
            lines, killed = server.run_and_kill(rng.uniform(0.0, window))
            interrupted += killed
            older = set(acknowledged)
            acknowledged += [line.split()[1] for line in lines if line.startswith("ACK ")]

            pv = _sha256(closed.pv)
            if pv not in complete:
                report = verify_pv(closed.pv)
                assert report.ok, "\n".join(report.lines())
                complete.add(pv)
            if acknowledged:  # the last acknowledged PV, or a newer complete one
                assert pv == acknowledged[-1] or pv not in older
            assert _content(parse_minutes(closed.minutes_json.read_bytes())) == reference
            visible = sorted(p.name for p in closed.out.iterdir() if not p.name.startswith("."))
            assert visible == ["PV.pdf", "minutes.json"]

    assert interrupted == RUNS
    assert len(acknowledged) >= RUNS // 5 and len(complete) > 2  # exports really completed
    report = verify_chain(closed.session)
    assert report.ok and report.head_hash == head  # exporting writes nothing to the session
