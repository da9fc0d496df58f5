"""The PostgreSQL test server never outlives its test session for long.

A killed session (SIGKILL: no finally runs) leaves its server running; the next session's
fixture stops it and removes its folder. A live session's server is left alone, and a
normal exit stops the server and removes the folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.archive import pgserver
from tests.archive.pgserver import PORT, postgres_server, running, stop_stale_servers

ROOT = Path(__file__).resolve().parents[2]

# Starts a server in the given folder, says where, then waits to be killed.
_SESSION = """
import sys, time
from pathlib import Path
from tests.archive.pgserver import postgres_server
with postgres_server(Path(sys.argv[1])) as server:
    print(server.socket_dir, flush=True)
    time.sleep(300)
"""


@pytest.fixture
def tmp() -> Iterator[Path]:
    # Short (a Unix socket path must stay under ~100 bytes) and open to the server user.
    folder = Path(tempfile.mkdtemp(prefix="jdt-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _postmaster(base: Path) -> int:
    return int((base / "data" / "postmaster.pid").read_text().split()[0])


def _answers(base: Path) -> bool:
    with psycopg.connect(host=str(base), port=PORT, user="jury", dbname="postgres") as con:
        return con.execute("SELECT 1").fetchone() == (1,)


def test_a_killed_session_server_is_stopped_and_removed_by_the_next(tmp):
    pg_ctl = pgserver._tool("pg_ctl")
    with subprocess.Popen([sys.executable, "-c", _SESSION, str(tmp)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True) as session:  # fmt: skip
        try:
            assert session.stdout is not None
            base = Path(session.stdout.readline().strip())
        finally:
            session.send_signal(signal.SIGKILL)
            session.wait(timeout=30)
    assert base.parent == tmp
    postmaster = _postmaster(base)
    assert running(postmaster) and _answers(base)  # orphaned, still running

    assert stop_stale_servers(pg_ctl, tmp) == [base]

    assert not base.exists()
    deadline = time.monotonic() + 30  # pg_ctl -w already waited; reaping may lag a little
    while running(postmaster) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(postmaster)


def test_a_live_server_is_left_alone_and_stopped_on_normal_exit(tmp):
    pg_ctl = pgserver._tool("pg_ctl")
    with postgres_server(tmp) as server:
        base = server.socket_dir
        postmaster = _postmaster(base)
        assert stop_stale_servers(pg_ctl, tmp) == []
        assert _answers(base)
    assert not base.exists()
    assert not running(postmaster)


def test_an_ownerless_folder_is_removed_only_once_old(tmp):
    """A folder from older code (no owner file) and no server in it: removed after a minute,
    never while it may be a folder whose owner file is being written."""
    old, fresh = tmp / "jdpg-old", tmp / "jdpg-fresh"
    for folder in (old, fresh):
        (folder / "data").mkdir(parents=True)
        (folder / "log").write_text("")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    assert stop_stale_servers("/bin/false", tmp) == [old]
    assert not old.exists() and fresh.exists()


def test_a_dead_owner_is_told_from_a_reused_pid(tmp):
    """The owner file holds the pid and its start time: another process with the same pid
    (after a reboot or a wrap) is not taken for the owner."""
    folder = tmp / "jdpg-reused"
    folder.mkdir()
    pid, started = pgserver.owner_tag(os.getpid()).split()
    (folder / "owner").write_text(f"{pid} {int(started) + 1}")
    assert stop_stale_servers("/bin/false", tmp) == [folder]
    assert not folder.exists()
