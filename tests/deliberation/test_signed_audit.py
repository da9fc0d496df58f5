"""``audit verify`` of a signed session with the chain checked in a second process
(``deliberation/signed_audit.py``, from 3,000 events on): forced here on a small session, it
gives exactly what the one-process check gives, for an honest file, a chain rewritten
around a forged score, and an edited table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from jury_desk.deliberation.service import DeliberationService
from jury_desk.deliberation.signed_audit import check_signed_session
from jury_desk.store.audit import KIND_SEALED
from jury_desk.store.engine import open_readonly
from jury_desk.store.log_tables import session_file_problem
from tests.deliberation.jury import START, open_signed_room
from tests.deliberation.test_signed_session import closed_session, rewrite_chain


@pytest.fixture
def closed(tmp_path) -> Path:
    room = open_signed_room(tmp_path)
    path = closed_session(room)
    room.svc.close()
    return path


def both_ways(path: Path):
    """(report, differences) with the chain beside the replay, and in one process."""
    conn = open_readonly(path)
    try:
        conn.execute("BEGIN")
        beside = check_signed_session(conn, beside_from=0)
        alone = check_signed_session(conn, beside_from=10**9)
    finally:
        conn.close()
    return beside, alone


def test_an_honest_session_verifies_the_same_with_the_chain_in_a_second_process(closed):
    (report, differences), alone = both_ways(closed)
    assert report.ok and report.log_format == 2 and differences == []
    assert report.length > 30 and len(report.keys) == 6
    assert (report, differences) == alone


def test_a_forged_chain_is_named_by_the_worker_and_the_replay_is_dropped(closed):
    def forge(seq, kind, payload):
        if kind == KIND_SEALED and payload["member"] == "m-albert-1":
            payload["commitment"] = "0" * 64  # the forger has no key to sign it again
        return payload

    rewrite_chain(closed, forge)
    (report, differences), alone = both_ways(closed)
    assert not report.ok and "signature is not m-albert-1's" in (report.reason or "")
    assert differences == []  # a replay of a broken chain proves nothing
    assert (report, differences) == alone


def test_an_edited_table_is_named_the_same_with_the_chain_in_a_second_process(closed):
    conn = sqlite3.connect(closed)
    conn.execute("UPDATE sheet_score SET value = 20 WHERE rowid = 1")
    conn.commit()
    conn.close()
    (report, differences), alone = both_ways(closed)
    assert report.ok
    assert [d.table for d in differences] == ["sheet_score"]
    assert (report, differences) == alone


def test_the_minutes_are_drawn_from_the_verified_replay_and_equal_the_files(closed):
    """The export's minutes come from the replay, in the pass that checks the file: the
    same minutes as the file's when it is honest, none when it is not."""
    service = DeliberationService.resume(closed, now=lambda: START)
    try:
        made: list = []

        def draw(scratch) -> None:
            made.append(service.minutes_data("fr", replayed=scratch))

        assert session_file_problem(closed, with_replay=draw) is None
        assert made == [service.minutes_data("fr")]
        conn = sqlite3.connect(closed)
        conn.execute("UPDATE note SET text = 'Autre chose.'")
        conn.commit()
        conn.close()
        made.clear()
        assert "note" in (session_file_problem(closed, with_replay=draw) or "")
        assert made == []
    finally:
        service.close()
