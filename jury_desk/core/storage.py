"""Plain messages for storage that refuses a write: a full disk, a read-only folder.

Both are *known* errors (DESIGN.md §1): the user can act on them, so they must reach the
user as a message that says what to do, never as a crash report. They surface as an
``OSError`` (``ENOSPC``, ``EROFS``...) from our own writes, or as an SQLite error from the
session store or the freshness ledger (``SQLITE_FULL``, ``SQLITE_READONLY``...), possibly
wrapped by SQLAlchemy; ``storage_error`` recognises all of these and nothing else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from jury_desk.core.errors import StoreError

Problem = Literal["full", "read-only", "io"]
UNSAVED = "This change was not saved; everything saved before is intact."

_ERRNO: dict[int, Problem] = {
    errno.ENOSPC: "full",
    errno.EDQUOT: "full",
    errno.EROFS: "read-only",
    errno.EACCES: "read-only",
    errno.EPERM: "read-only",
    errno.EIO: "io",
}
# SQLite primary result codes: the low byte of an extended code (sqlite3 gives both).
_SQLITE: dict[int, Problem] = {13: "full", 8: "read-only", 10: "io"}  # FULL, READONLY, IOERR


def storage_problem(exc: BaseException) -> Problem | None:
    """What kind of storage failure ``exc`` is, or None if it is something else."""
    cause = getattr(exc, "orig", None)  # SQLAlchemy's wrapper keeps the driver's error
    if isinstance(cause, BaseException):
        exc = cause
    if isinstance(exc, OSError):
        return _ERRNO.get(exc.errno or 0)
    # Not imported here: the GUI reads its preferences through this module before its first
    # window, and an SQLite error can only exist once sqlite3 has been imported by someone.
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return None if code is None else _SQLITE.get(code & 0xFF)
    return None


def storage_error(
    exc: BaseException, where: str | os.PathLike[str], *, outcome: str = UNSAVED
) -> StoreError | None:
    """A ``StoreError`` that says what happened to ``where`` and what to do, or None when
    ``exc`` is not a storage failure (then it is the caller's to handle)."""
    problem = storage_problem(exc)
    if problem == "full":
        return StoreError(
            f"The disk holding {where} is full. {outcome} Free some space on that disk, "
            "then try again."
        )
    if problem == "read-only":
        return StoreError(
            f"{where} is read-only (or not writable by this account). {outcome} Make it "
            "writable, or use another folder, then try again."
        )
    if problem == "io":
        return StoreError(
            f"The disk holding {where} reported a read/write error. {outcome} Check that "
            "the drive is still connected and healthy, then try again."
        )
    return None


@contextlib.contextmanager
def storage_errors(where: str | os.PathLike[str], *, outcome: str = UNSAVED) -> Iterator[None]:
    """Turn a storage failure inside the block into its plain ``StoreError``."""
    try:
        yield
    except Exception as exc:
        known = storage_error(exc, where, outcome=outcome)
        if known is None:
            raise
        raise known from None


def atomic_write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (0600) so that a reader sees the old or the new file, whole."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:  # mkstemp creates the file 0600
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, path, outcome=f"{path.name} was not changed.") or (
                StoreError(f"Cannot write {path}: {exc.strerror}.")
            ) from None
        raise
