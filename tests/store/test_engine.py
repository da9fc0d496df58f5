"""The session file: pragmas, private permissions, one desk at a time, refusals."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from jury_desk.core.errors import StoreError
from jury_desk.store.engine import lock_path
from jury_desk.store.migrations import APPLICATION_ID, LATEST
from jury_desk.store.session_file import SessionFile

NOW = "2026-06-15T09:00:00+00:00"


@pytest.fixture
def new_file(tmp_path):
    sf = SessionFile.open(tmp_path / "s.jdsession", create=True, now=NOW)
    yield sf
    sf.close()


def test_every_connection_gets_wal_full_sync_foreign_keys_and_busy_timeout(new_file):
    with new_file.engine.begin() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": 5000,
    }


def test_foreign_keys_are_enforced(new_file):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), new_file.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO sheet_score (sheet_id, revision, criterion_id, value) "
            "VALUES (99, 0, 'a', 1)"
        )


def test_new_file_is_private_and_at_the_latest_schema(tmp_path, new_file):
    assert stat.S_IMODE(os.stat(new_file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(lock_path(new_file.path)).st_mode) == 0o600
    assert new_file.from_version == 0
    with new_file.engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == LATEST
        assert conn.exec_driver_sql("PRAGMA application_id").scalar_one() == APPLICATION_ID
    for side in tmp_path.glob("s.jdsession-*"):  # -wal / -shm take the database's mode
        assert stat.S_IMODE(os.stat(side).st_mode) == 0o600, side


def test_a_second_open_in_the_same_process_is_refused(new_file):
    with pytest.raises(StoreError, match="already open on another desk"):
        SessionFile.open(new_file.path, create=False, now=NOW)


def test_a_second_desk_process_is_refused_and_nothing_is_corrupted(new_file):
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from jury_desk.core.errors import StoreError
        from jury_desk.store.session_file import SessionFile
        try:
            SessionFile.open(Path({str(new_file.path)!r}), create=False, now="x")
        except StoreError as exc:
            print("REFUSED", exc)
        """
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.startswith("REFUSED This session is already open"), run.stderr
    with new_file.engine.begin() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_the_lock_is_released_on_close(tmp_path):
    path = tmp_path / "s.jdsession"
    SessionFile.open(path, create=True, now=NOW).close()
    again = SessionFile.open(path, create=False, now=NOW)
    assert again.from_version == LATEST
    again.close()


def test_creating_over_an_existing_session_is_refused_and_keeps_it(tmp_path):
    path = tmp_path / "s.jdsession"
    SessionFile.open(path, create=True, now=NOW).close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="already exists"):
        SessionFile.open(path, create=True, now=NOW)
    assert path.read_bytes() == before


def test_a_missing_file_is_a_plain_error(tmp_path):
    with pytest.raises(StoreError, match="No session file"):
        SessionFile.open(tmp_path / "absent.jdsession", create=False, now=NOW)
    assert not (tmp_path / "absent.jdsession").exists()


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.jdsession"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a jury-desk session"):
        SessionFile.open(path, create=False, now=NOW)
    assert path.read_bytes() == before


def test_a_file_from_a_newer_desk_is_refused(tmp_path):
    path = tmp_path / "s.jdsession"
    SessionFile.open(path, create=True, now=NOW).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer jury-desk"):
        SessionFile.open(path, create=False, now=NOW)


def test_garbage_is_refused_as_not_a_session(tmp_path):
    path = tmp_path / "junk.jdsession"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a readable jury-desk session"):
        SessionFile.open(path, create=False, now=NOW)
    assert path.read_bytes() == b"not sqlite at all" * 100
