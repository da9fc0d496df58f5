"""The export's check of a signed session, kept between exports (``signed_audit.Verified``):
once the desk has verified the whole log, the next check verifies only the events that
follow (their chain, signatures and replay), compares a digest of every event before them
and every table with the kept replay, and gives the same verdict and the same minutes as
the whole check. The attacker with the laptop edits the file between two checks of the
same desk process: each edit is refused as the whole check refuses it, word for word."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from jury_desk.deliberation import signed_audit
from jury_desk.signing import member_key
from jury_desk.store.engine import open_readonly
from jury_desk.store.log_tables import session_file_problem
from tests.deliberation.jury import CHAIR, JuryRoom, open_signed_room, passphrase
from tests.deliberation.test_signed_session import (
    append_note_of_albert_2,
    closed_session,
    raise_c002_of,
    rewrite_chain,
)


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A closed signed session and its desk, counting the whole checks it runs."""
    room = open_signed_room(tmp_path)
    closed_session(room)
    room.whole = 0  # type: ignore[attr-defined]
    whole = signed_audit._whole

    def counted(*args, **kwargs):
        room.whole += 1  # type: ignore[attr-defined]
        return whole(*args, **kwargs)

    monkeypatch.setattr(signed_audit, "_whole", counted)
    yield room
    room.svc.close()


def check(r: JuryRoom, kept: bool = True) -> tuple[str | None, list]:
    """What the export asks: the problem, or none and the minutes drawn from the replay."""
    made: list = []
    problem = session_file_problem(
        r.svc.path,
        with_replay=lambda scratch: made.append(r.svc.minutes_data("fr", replayed=scratch)),
        kept=r.svc.verified if kept else None,
    )
    return problem, made


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_the_second_check_verifies_only_what_follows_and_draws_the_same_minutes(desk):
    assert check(desk) == (None, [desk.svc.minutes_data("fr")])
    assert desk.whole == 1
    assert check(desk) == (None, [desk.svc.minutes_data("fr")])
    assert desk.whole == 1  # no whole check: the digest, the tables, nothing new to replay
    # Reopened, changed and closed again by the desk: only its new acts are verified.
    desk.svc.reopen(CHAIR, passphrase(CHAIR), "Une note oubliée.")
    desk.svc.add_note(CHAIR, "C001", "Vu en séance.", passphrase=passphrase(CHAIR))
    desk.svc.close_session(CHAIR, passphrase(CHAIR))
    problem, minutes = check(desk)
    assert (problem, desk.whole) == (None, 1)
    assert minutes == [desk.svc.minutes_data("fr")] == check(desk, kept=False)[1]
    assert desk.whole == 2  # the check with nothing kept


def tables_edited(path: Path) -> None:
    sql(path, "UPDATE sheet_score SET value = 20 - value WHERE rowid = "
              "(SELECT MIN(rowid) FROM sheet_score WHERE sheet_id IN "
              "(SELECT id FROM sheet WHERE status = 'sealed'))",
        "UPDATE tally SET overall = 19.5 WHERE candidate_id = 'C002'")  # fmt: skip


def note_edited(path: Path) -> None:
    sql(path, "UPDATE note SET text = 'Rien à signaler.'")


def chain_rewritten_around_a_forged_score(path: Path) -> None:
    """The issue's forger: a raised sheet, its seal recommitted, every hash after it."""
    rewrite_chain(path, raise_c002_of("m-albert-1"))


def event_edited_in_place(path: Path) -> None:
    """An event already verified, its payload changed and its stored hash left alone (the
    tables too): only a check that reads the events again can see it."""
    conn = sqlite3.connect(path)
    seq, text = conn.execute(
        "SELECT seq, payload FROM audit_event WHERE kind = 'note-added' ORDER BY seq LIMIT 1"
    ).fetchone()
    payload = json.loads(text) | {"text": "Rien à signaler."}
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute(
        "UPDATE audit_event SET payload = ? WHERE seq = ?",
        (json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")), seq),
    )
    conn.commit()
    conn.close()


def event_appended_with_a_throwaway_key(path: Path) -> None:
    throwaway, _ = member_key.new_key("m-albert-2", "x", member_key.FAST_FOR_TESTS)
    append_note_of_albert_2(path, throwaway)


def last_events_removed(path: Path) -> None:
    sql(path, "DROP TRIGGER audit_event_no_delete",
        "DELETE FROM audit_event WHERE seq > (SELECT MAX(seq) - 2 FROM audit_event)")  # fmt: skip


ATTACKS: list[Callable[[Path], None]] = [
    tables_edited,
    note_edited,
    chain_rewritten_around_a_forged_score,
    event_edited_in_place,
    event_appended_with_a_throwaway_key,
    last_events_removed,
]


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda f: f.__name__)
def test_a_file_edited_between_two_checks_of_the_same_desk_is_refused(desk, attack):
    assert check(desk) == (None, [desk.svc.minutes_data("fr")])
    attack(desk.svc.path)
    problem, minutes = check(desk)
    assert problem is not None and minutes == []
    assert desk.whole == 2  # the kept check did not accept it: the whole check named it
    assert (problem, []) == check(desk, kept=False)  # word for word what it says alone
    assert check(desk) == (problem, [])  # nothing kept from the refused file


def test_a_desk_that_forgets_checks_the_whole_log_again(desk):
    assert check(desk)[0] is None
    desk.svc.verified.forget()
    assert check(desk)[0] is None
    assert desk.whole == 2


def test_a_whole_check_with_the_chain_in_a_second_process_is_kept_too(desk):
    """From 3,000 events the chain is checked in a second process: its verifier comes back
    (pickled) to go on from."""
    kept = signed_audit.Verified()

    def checked() -> tuple:
        conn = open_readonly(desk.svc.path)
        try:
            conn.execute("BEGIN")
            return signed_audit.check_signed_session(conn, beside_from=0, kept=kept)
        finally:
            conn.close()

    report, differences = checked()
    assert report.ok and differences == [] and desk.whole == 1
    desk.svc.reopen(CHAIR, passphrase(CHAIR), "Une note oubliée.")
    desk.svc.add_note(CHAIR, "C002", "Vu en séance.", passphrase=passphrase(CHAIR))
    desk.svc.close_session(CHAIR, passphrase(CHAIR))
    again, differences = checked()
    assert again.ok and differences == [] and desk.whole == 1
    assert (again.length, again.head_hash) == (report.length + 3, desk.svc.audit_head()[1])
    assert again.keys == report.keys
    kept.forget()


def test_the_next_export_may_run_in_another_thread(desk):
    """The GUI exports in a background thread, a new one each time: the kept replay's
    in-memory session is used from the thread that asks (one at a time, under its lock)."""
    assert check(desk)[0] is None
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(check(desk)))
    worker.start()
    worker.join(timeout=120)
    assert outcome == [(None, [desk.svc.minutes_data("fr")])]
    assert desk.whole == 1


def test_the_check_run_ahead_leaves_the_first_export_only_what_follows(desk):
    """Point 4: the desk runs the whole check ahead (in the background at resume or after
    an ouverture des plis, ``check_log_ahead``) in another thread; the chair's first export
    then checks only the acts since, and draws the same minutes."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(desk.svc.check_log_ahead()))
    worker.start()
    worker.join(timeout=120)
    assert outcome == [None] and desk.whole == 1
    desk.svc.reopen(CHAIR, passphrase(CHAIR), "Une note oubliée.")
    desk.svc.add_note(CHAIR, "C001", "Vu en séance.", passphrase=passphrase(CHAIR))
    desk.svc.close_session(CHAIR, passphrase(CHAIR))
    assert check(desk) == (None, [desk.svc.minutes_data("fr")])
    assert desk.whole == 1  # the first export went on from what was checked ahead


def test_a_file_edited_after_the_check_ahead_is_refused_by_the_export(desk):
    """The attacker with the laptop waits for the check ahead, then rewrites the chain
    around a forged score: the export finds the digest changed, checks the whole log again
    and refuses, as it would have without the check ahead."""
    assert desk.svc.check_log_ahead() is None and desk.whole == 1
    rewrite_chain(desk.svc.path, raise_c002_of("m-albert-2"))
    problem, minutes = check(desk)
    assert problem is not None and minutes == [] and desk.whole == 2
    assert problem == check(desk, kept=False)[0]


def test_a_file_that_fails_is_said_by_the_check_ahead_and_nothing_is_kept(desk):
    sql(desk.svc.path, "UPDATE note SET text = 'Réécrite.'")
    problem = desk.svc.check_log_ahead()
    assert problem is not None and problem.startswith("its tables do not match its audit log")
    assert check(desk)[0] == problem and desk.whole == 2  # nothing kept: the whole again
