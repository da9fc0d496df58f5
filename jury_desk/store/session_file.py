"""One open session file: the lock, the engine and the schema, acquired in that order."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from jury_desk.core.errors import StoreError
from jury_desk.core.storage import storage_error
from jury_desk.store.engine import NOT_OPENED, SessionLock, open_engine, open_readonly
from jury_desk.store.migrations import identify, migrate


class SessionFile:
    """The lock is taken before SQLite opens the file, and held until ``close()``."""

    def __init__(self, path: Path, engine: Engine, lock: SessionLock, from_version: int) -> None:
        self.path = path
        self.engine = engine
        self.from_version = from_version  # schema version found on disk (0: new file)
        self._lock = lock

    @classmethod
    def open(cls, path: Path, *, create: bool, now: str) -> SessionFile:
        lock = SessionLock(path)
        lock.acquire()
        engine: Engine | None = None
        try:
            if not create:
                _check_identity(path)  # before the engine's pragmas write to the file
            engine = open_engine(path, create=create)
            with engine.begin() as conn:
                status = conn.exec_driver_sql("PRAGMA quick_check").scalar_one()
            if status != "ok":
                raise StoreError(
                    f"The session file {path.name} is damaged ({status}). Restore it from a "
                    "backup, or open the bundle again to start over."
                )
            from_version = migrate(engine, now)
        except DatabaseError as exc:
            cls._abandon(path, engine, lock, create)
            # A full disk or a read-only folder is not a damaged file: say which it is.
            raise storage_error(exc, path, outcome=NOT_OPENED) or StoreError(
                f"{path.name} is not a readable jury-desk session ({exc.orig}). Choose a "
                ".jdsession file made by the desk."
            ) from None
        except BaseException:
            cls._abandon(path, engine, lock, create)
            raise
        return cls(path, engine, lock, from_version)

    @staticmethod
    def _abandon(path: Path, engine: Engine | None, lock: SessionLock, created: bool) -> None:
        if engine is not None:
            engine.dispose()
            if created:  # only the file this call made; never someone's existing session
                with contextlib.suppress(OSError):
                    path.unlink()
        lock.release()

    def close(self) -> None:
        # Fold the WAL back into the file: a closed session is then one self-contained file
        # that can be archived (and read from read-only media by `audit verify`).
        self.engine.dispose()
        with contextlib.suppress(sqlite3.Error):
            # A private connection in this thread, never one of the pool's.
            conn = sqlite3.connect(self.path)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        self._lock.release()


def _check_identity(path: Path) -> None:
    conn = open_readonly(path)
    try:
        identify(lambda sql: conn.execute(sql).fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path.name} is not a readable jury-desk session ({exc}).") from None
    finally:
        conn.close()
