"""A throwaway PostgreSQL server for the archive's tests: initdb + pg_ctl, a Unix socket.

Started once per test session in a short temporary folder (a socket path must stay under
~100 bytes), stopped and removed afterwards; each test gets its own database. A test
session that is killed cannot stop its server: its folder names its owner (the pytest
process, with its start time against pid reuse), and the next session's fixture stops and
removes every folder whose owner is gone before starting its own. initdb
refuses to run as root, and CI runs as root: the server then runs as ``nobody``, which
owns the folder. Debian keeps initdb outside PATH (/usr/lib/postgresql/N/bin); both are
looked for. Missing under CI=true is a failure, never a skip (tests/tooling.py).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PORT = 5432  # on a socket in our own folder: no clash with any other server
NOBODY = 65534
PREFIX = "jdpg-"
OWNER = "owner"  # "<pid> <start time>" of the test process that started the server
# A folder from before the owner file (or one whose owner file is unreadable) is only
# judged by its age: no test session lasts this long, and a live one must not be stopped.
LEGACY_STALE_AFTER_S = 12 * 3600


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    if versions:
        return versions[-1]
    if os.environ.get("CI"):
        pytest.fail(
            f"{name} is required under CI=true but is not installed (.ci/run installs postgresql)"
        )
    pytest.skip(f"{name} not installed (CI installs postgresql)")
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class PgServer:
    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://jury@/{database}?host={self.socket_dir}&port={PORT}"

    def new_database(self) -> str:
        name = f"archive_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(host=str(self.socket_dir), port=PORT, user="jury",
                             dbname="postgres", autocommit=True) as con:  # fmt: skip
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _as_server_user() -> dict[str, int]:
    return {"user": NOBODY, "group": NOBODY} if os.geteuid() == 0 else {}


def _started_at(pid: int) -> str | None:
    """The process's start time in clock ticks (/proc), None when no such process runs
    (a zombie, exited but not yet reaped by its parent, does not run)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # from field 3 on; the name may hold spaces
    return None if fields[0] in ("Z", "X") else fields[19]


def running(pid: int) -> bool:
    return _started_at(pid) is not None


def owner_tag(pid: int) -> str:
    return f"{pid} {_started_at(pid)}"


def _owner_alive(tag: str) -> bool:
    pid, _, started = tag.partition(" ")
    return pid.isdigit() and _started_at(int(pid)) == started


def _server_running(base: Path) -> bool:
    try:
        pid = (base / "data" / "postmaster.pid").read_text().split()[0]
    except (OSError, IndexError):
        return False
    return pid.isdigit() and running(int(pid))


def _is_stale(base: Path) -> bool:
    try:
        return not _owner_alive((base / OWNER).read_text().strip())
    except OSError:
        pass
    # No owner file: a folder from older code, or one whose owner file is being written
    # this instant. Only its age, and whether a server still runs in it, can tell.
    try:
        age = time.time() - base.stat().st_mtime
    except OSError:
        return False  # removed meanwhile by its own session
    return age > (LEGACY_STALE_AFTER_S if _server_running(base) else 60)


def _stop(pg_ctl: str, base: Path, who: dict[str, int]) -> None:
    """Stops the folder's server if one runs, then removes the folder."""
    if (base / "data" / "postmaster.pid").exists():
        subprocess.run([pg_ctl, "-D", str(base / "data"), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60, cwd=base, check=False, **who)  # fmt: skip
    shutil.rmtree(base, ignore_errors=True)


def stop_stale_servers(pg_ctl: str, tmp: Path | None = None) -> list[Path]:
    """Stops and removes every server folder left by a killed test session; returns them."""
    stale = []
    who = _as_server_user()
    ours = {os.geteuid(), who.get("user", os.geteuid())}  # another user's folder is not ours
    for base in sorted(Path(tmp or tempfile.gettempdir()).glob(f"{PREFIX}*")):
        if base.is_dir() and base.stat().st_uid in ours and _is_stale(base):
            _stop(pg_ctl, base, who)
            stale.append(base)
    return stale


@contextmanager
def postgres_server(tmp: Path | None = None) -> Iterator[PgServer]:
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    stop_stale_servers(pg_ctl, tmp)
    base = Path(tempfile.mkdtemp(prefix=PREFIX, dir=tmp))
    (base / OWNER).write_text(owner_tag(os.getpid()))  # at once: a folder is never ownerless
    who = _as_server_user()
    if who:
        os.chown(base, NOBODY, NOBODY)
    data = base / "data"
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120, "cwd": base, **who}
    try:
        subprocess.run([initdb, "-D", str(data), "-U", "jury", "--auth=trust", "-E", "UTF8",
                        "--no-locale", "--no-sync"], **run)  # fmt: skip
        options = f"-k {base} -c listen_addresses='' -p {PORT} -F -c max_connections=40"
        subprocess.run([pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"),
                        "-w", "-t", "60", "start"], **run)  # fmt: skip
    except subprocess.CalledProcessError as exc:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr or exc.stdout}\n{log}")
    try:
        yield PgServer(base)
    finally:
        _stop(pg_ctl, base, who)
