"""Two desks (two real processes) on one session file: while the first seals sheets, the
second is refused in one plain line and changes nothing; a read-only audit of the file
still works; the first carries on, and once it is gone the second may open the session."""

from __future__ import annotations

import time
from pathlib import Path

from jury_desk.store.audit import verify_chain
from tests.crashkit import acked, kill_worker, saved_sheets, start_worker, wait_ready
from tests.deliberation.crash_worker import scores_for
from tests.deliberation.jury import open_room
from tests.reliability.unprivileged import run_python


def test_a_second_desk_is_refused_while_the_first_works(tmp_path: Path):
    room = open_room(tmp_path, n_candidates=400)
    room.svc.close()
    path = room.svc.path
    first, lines, reader = start_worker("tests.deliberation.crash_worker", str(path))
    try:
        wait_ready(first, lines)
        second = run_python("-m", "tests.reliability.service_probe", "check-in", path, "m-mines-1")
        assert second.returncode == 0 and second.stderr == ""
        assert second.stdout == (
            "StoreError: This session is already open on another desk window/process "
            f"({path.name}.lock). Close it there first, then open it here.\n"
        )
        audit = run_python("-m", "jury_desk", "audit", "verify", path)
        assert audit.returncode == 0, audit.stderr  # reading alongside the desk is fine
        during = len(acked(lines))
        deadline = time.monotonic() + 30
        while len(acked(lines)) < during + 5 and first.poll() is None:  # the first carries on
            assert time.monotonic() < deadline, "the first desk stopped sealing"
            time.sleep(0.01)
        assert "DONE\n" not in lines  # the refusal happened while it was still working
    finally:
        kill_worker(first, reader)

    sealed = saved_sheets(path)  # after SQLite's integrity check
    assert acked(lines) <= set(sealed)
    assert all(sealed[key][0] == scores_for(*key) for key in acked(lines))
    assert verify_chain(path).ok
    reopened = run_python("-m", "tests.reliability.service_probe", "resume", path)
    assert reopened.stdout == "OK\n", reopened.stderr
