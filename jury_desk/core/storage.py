"""Writing files atomically, and plain messages for storage that refuses a write: a full
disk, a read-only folder.

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
from typing import BinaryIO, Literal

from jury_desk.core.errors import StoreError, UsageError

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


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[BinaryIO]:
    """Yield a private (0600) temporary file beside ``out``; on success it replaces ``out``.

    The one way jury-desk writes a file: the data is fsynced before the rename and the
    rename after it, so a reader or a crash sees the old file or the new one, whole. On any
    error the temporary file is removed and ``out`` is unchanged.
    """
    out = Path(out)
    folder = out.parent
    if not folder.is_dir():
        raise UsageError(f"The output folder {folder} does not exist; create it first.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise storage_error(exc, folder, outcome=f"{out.name} was not changed.") or (
            StoreError(f"Cannot write in {folder}: {exc.strerror}.")
        ) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:  # mkstemp creates the file 0600
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise storage_error(exc, folder, outcome=f"{out.name} was not changed.") or (
                StoreError(f"Cannot write {out}: {exc.strerror or exc}.")
            ) from None
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
