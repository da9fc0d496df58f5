"""A full disk or a read-only place is a known error with advice; anything else is not."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from jury_desk.core.errors import StoreError
from jury_desk.core.storage import storage_error, storage_errors, storage_problem


def _sqlite_error(path: Path, sql: str, *setup: str, uri: str = "") -> sqlite3.Error:
    conn = sqlite3.connect(f"{path.as_uri()}{uri}" if uri else path, uri=bool(uri))
    try:
        for statement in setup:
            conn.execute(statement)
        conn.execute(sql)
        conn.commit()
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError(f"{sql} did not fail")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x BLOB UNIQUE)")
    return path


def test_real_sqlite_full_and_read_only_errors_are_recognised(db: Path) -> None:
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    full = _sqlite_error(
        db, "INSERT INTO t VALUES (randomblob(100000))", f"PRAGMA max_page_count={pages}"
    )
    read_only = _sqlite_error(db, "INSERT INTO t VALUES (1)", uri="?mode=ro")
    assert (storage_problem(full), storage_problem(read_only)) == ("full", "read-only")


class _Wrapped(Exception):
    """Like SQLAlchemy's DBAPIError: the driver's error in ``orig``."""

    def __init__(self, orig: BaseException) -> None:
        super().__init__(str(orig))
        self.orig = orig


@pytest.mark.parametrize(
    ("exc", "problem"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "full"),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), "full"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (PermissionError(errno.EACCES, "Permission denied"), "read-only"),
        (OSError(errno.EIO, "Input/output error"), "io"),
        (_Wrapped(OSError(errno.ENOSPC, "No space left on device")), "full"),
        (OSError(errno.ENOENT, "No such file or directory"), None),
        (ValueError("not storage"), None),
        (_Wrapped(ValueError("not storage")), None),
    ],
)
def test_what_counts_as_a_storage_problem(exc: BaseException, problem: str | None) -> None:
    assert storage_problem(exc) == problem


def test_the_message_says_where_what_was_lost_and_what_to_do(tmp_path: Path) -> None:
    full = storage_error(OSError(errno.ENOSPC, "full"), tmp_path, outcome="Nothing was written.")
    assert isinstance(full, StoreError)
    assert str(full) == (
        f"The disk holding {tmp_path} is full. Nothing was written. Free some space on that "
        "disk, then try again."
    )
    read_only = storage_error(OSError(errno.EROFS, "ro"), tmp_path)
    assert str(read_only) == (
        f"{tmp_path} is read-only (or not writable by this account). This change was not "
        "saved; everything saved before is intact. Make it writable, or use another folder, "
        "then try again."
    )


def test_the_context_manager_translates_only_storage_problems(db: Path) -> None:
    with pytest.raises(StoreError, match="is full"), storage_errors(db):
        raise OSError(errno.ENOSPC, "No space left on device")
    constraint = _sqlite_error(db, "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as info, storage_errors(db):
        raise constraint  # a bug, not the disk: it must reach the crash handler as it is
    assert info.value is constraint
