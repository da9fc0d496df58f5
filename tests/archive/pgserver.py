"""A throwaway PostgreSQL server for the archive's tests: initdb + pg_ctl, a Unix socket.

Started once per test session in a short temporary folder (a socket path must stay under
~100 bytes), stopped and removed afterwards; each test gets its own database. initdb
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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

PORT = 5432  # on a socket in our own folder: no clash with any other server
NOBODY = 65534


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


@contextmanager
def postgres_server() -> Iterator[PgServer]:
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    base = Path(tempfile.mkdtemp(prefix="jdpg-"))
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
        subprocess.run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60, cwd=base, **who)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)
