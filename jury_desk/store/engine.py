"""Opening a session file (``.jdsession``): one desk, one writer, durable commits.

* Every connection gets WAL, ``synchronous=FULL`` (a commit is on disk before it returns, so
  a score the UI reports as saved survives a kill -9), foreign keys and a busy timeout.
* Transactions start with ``BEGIN IMMEDIATE``: the writer lock is taken before the first
  read, so a rule checked inside a transaction still holds when the write lands.
* An exclusive lock file (``SESSION.jdsession.lock``) refuses a second desk window or
  process: two writers on one session would interleave their audit chains.
* The file is created 0600 before SQLite touches it; SQLite gives its ``-wal``/``-shm``
  side files the same mode.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from jury_desk.core.errors import StoreError
from jury_desk.core.storage import storage_error

SESSION_SUFFIX = ".jdsession"
BUSY_TIMEOUT_MS = 5000
NOT_OPENED = "The session was not opened."

_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class SessionLock:
    """An exclusive, non-blocking lock on ``SESSION.jdsession.lock``, released by the OS
    when the holder dies (so a crash never leaves a session locked)."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._file: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise storage_error(exc, self.path.parent, outcome=NOT_OPENED) or StoreError(
                f"Cannot open the session lock {self.path}: {exc.strerror}."
            ) from None
        handle = os.fdopen(fd, "r+b")
        try:
            _lock_exclusive(handle)
        except OSError:
            handle.close()
            raise StoreError(
                f"This session is already open on another desk window/process ({self.path.name}"
                "). Close it there first, then open it here."
            ) from None
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the descriptor drops the lock
            self._file = None


def _lock_exclusive(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _create_private_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise StoreError(
            f"A session file already exists at {path}; resume it instead of creating it."
        ) from None
    except OSError as exc:
        raise storage_error(exc, path.parent, outcome=NOT_OPENED) or StoreError(
            f"Cannot create the session file {path}: {exc.strerror}."
        ) from None
    os.close(fd)
    os.chmod(path, 0o600)  # the umask may have narrowed it further; never widened


def _install_pragmas(engine: Engine, *, begin: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" below decides how to begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        for pragma in _PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)


def open_engine(path: Path, *, create: bool = False) -> Engine:
    """An engine on ``path`` with the store's pragmas on every connection.

    ``create`` makes a new private file (refusing to overwrite one); otherwise the file
    must exist. The caller holds the ``SessionLock``.
    """
    if create:
        _create_private_file(path)
    elif not path.is_file():
        raise StoreError(f"No session file at {path}. Open the bundle to start a session.")
    # One long-lived connection (the single writer, serialised by the service): closing the
    # last connection would checkpoint the WAL after every commit.
    engine = create_engine(
        f"sqlite:///{path}", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    _install_pragmas(engine, begin="BEGIN IMMEDIATE")
    return engine


def open_readonly(path: Path, *, archive: bool = False) -> sqlite3.Connection:
    """A read-only connection for checking a session (``audit verify``), even while a desk
    has it open: WAL lets a reader see the last committed state without the writer lock."""
    if not path.is_file():
        raise StoreError(f"No session file at {path}.")
    try:
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            if not archive:
                raise
            # An archived session in a read-only folder: a WAL reader cannot create its
            # -shm index there. With no -wal pending (a cleanly closed session has none),
            # the file alone is the whole session: read it as immutable.
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        # Even a reader of a WAL session needs to write beside it (the -shm index).
        raise storage_error(exc, path.parent, outcome=NOT_OPENED) or StoreError(
            f"{path.name} is not a readable jury-desk session ({exc})."
        ) from None
    return conn
