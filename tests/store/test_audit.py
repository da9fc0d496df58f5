"""The audit chain: append-only, recomputable, and every kind of tampering is named."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

from jury_desk.core.errors import StoreError
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.store.audit import (
    GENESIS,
    append_event,
    event_hash,
    head,
    sheet_commitment,
    verify_chain,
)
from jury_desk.store.session_file import SessionFile

NOW = "2026-06-15T09:00:00+00:00"
SCORES = {"academic": 14.0, "motivation": 12.5}
SALT = bytes(range(32))


@pytest.fixture
def chain(tmp_path):
    """A session file with five events, including a seal and the reveal that opens it."""
    sf = SessionFile.open(tmp_path / "s.jdsession", create=True, now=NOW)
    commitment = sheet_commitment(SALT, "C001", "m1", SCORES)
    with sf.engine.begin() as conn:
        append_event(conn, NOW, "desk", "session-created", {"bundle_id": "b"})
        append_event(conn, NOW, "m1", "checked-in", {"member": "m1"})
        append_event(
            conn,
            NOW,
            "m1",
            "sheet-sealed",
            {"member": "m1", "candidate": "C001", "commitment": commitment},
        )
        append_event(
            conn,
            NOW,
            "desk",
            "candidate-revealed",
            {
                "candidate": "C001",
                "forced_by": None,
                "sheets": [
                    {
                        "member": "m1",
                        "salt": SALT.hex(),
                        "scores": SCORES,
                        "commitment": commitment,
                    }
                ],
            },
        )
        append_event(conn, NOW, "m1", "note-added", {"candidate": "C001", "text": "Vu."})
    sf.close()
    return tmp_path / "s.jdsession"


def _tamper(path, sql: str, *params) -> None:
    """What an attacker with the file could do: drop the triggers, then edit."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("DROP TRIGGER audit_event_no_delete")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_hash_is_sha256_of_prev_hash_and_canonical_event(chain):
    conn = sqlite3.connect(chain)
    rows = conn.execute(
        "SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_event ORDER BY seq"
    ).fetchall()
    conn.close()
    prev = GENESIS
    for seq, at, actor, kind, payload, prev_hash, stored in rows:
        event = {"seq": seq, "at": at, "actor": actor, "kind": kind, "payload": None}
        body = dumps_canonical(event).replace(b'"payload":null', b'"payload":' + payload.encode())
        assert prev_hash == prev
        assert stored == hashlib.sha256(bytes.fromhex(prev) + body).hexdigest()
        prev = stored
    report = verify_chain(chain)
    assert report.ok and report.length == 5 and report.head_hash == prev


def test_update_and_delete_are_refused_by_triggers(chain):
    sf = SessionFile.open(chain, create=False, now=NOW)
    try:
        for sql in ("UPDATE audit_event SET actor = 'x' WHERE seq = 2", "DELETE FROM audit_event"):
            with pytest.raises(IntegrityError, match="append-only"), sf.engine.begin() as conn:
                conn.exec_driver_sql(sql)
        with sf.engine.begin() as conn:
            assert head(conn)[0] == 5
    finally:
        sf.close()


@pytest.mark.parametrize(
    ("sql", "params", "bad_seq", "reason"),
    [
        (
            "UPDATE audit_event SET actor = ? WHERE seq = 2",
            ("m2",),
            2,
            "its hash does not match its content",
        ),
        (
            "UPDATE audit_event SET payload = ? WHERE seq = 5",
            ('{"candidate":"C001","text":"Refusé."}',),
            5,
            "its hash does not match its content",
        ),
        (
            "UPDATE audit_event SET payload = ? WHERE seq = 2",
            ('{"member": "m1"}',),
            2,
            "not in canonical form",
        ),
        ("DELETE FROM audit_event WHERE seq = 3", (), 4, "sequence number 4 where 3"),
        (
            "UPDATE audit_event SET hash = ? WHERE seq = 1",
            ("f" * 64,),
            1,
            "its hash does not match",
        ),
        ("UPDATE audit_event SET payload = ? WHERE seq = 2", ("{oops",), 2, "not valid JSON"),
    ],
)
def test_tampering_names_the_first_broken_event(chain, sql, params, bad_seq, reason):
    _tamper(chain, sql, *params)
    report = verify_chain(chain)
    assert not report.ok
    assert report.first_bad_seq == bad_seq
    assert reason in report.reason
    assert report.length == (2 if "DELETE" in sql else bad_seq - 1)  # the good events before


def test_a_rehashed_chain_with_changed_scores_fails_the_commitment(chain):
    """Rewriting the reveal AND every hash after it still fails: the seal's commitment
    binds the scores."""
    conn = sqlite3.connect(chain)
    conn.execute("DROP TRIGGER audit_event_no_update")
    rows = conn.execute(
        "SELECT seq, at, actor, kind, payload FROM audit_event ORDER BY seq"
    ).fetchall()
    prev = GENESIS
    for seq, at, actor, kind, payload_text in rows:
        payload = json.loads(payload_text)
        if kind == "candidate-revealed":
            payload["sheets"][0]["scores"]["academic"] = 20.0
        new_hash = event_hash(prev, seq, at, actor, kind, payload)
        conn.execute(
            "UPDATE audit_event SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (dumps_canonical(payload).decode(), prev, new_hash, seq),
        )
        prev = new_hash
    conn.commit()
    conn.close()
    report = verify_chain(chain)
    assert (report.ok, report.first_bad_seq) == (False, 4)
    assert "do not match their sealed commitment" in report.reason


def test_an_empty_chain_is_valid_with_the_genesis_head(tmp_path):
    SessionFile.open(tmp_path / "s.jdsession", create=True, now=NOW).close()
    report = verify_chain(tmp_path / "s.jdsession")
    assert (report.ok, report.length, report.head_hash) == (True, 0, GENESIS)


def test_verifying_a_file_without_a_chain_is_a_plain_error(tmp_path):
    path = tmp_path / "x.jdsession"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a jury-desk session with an audit chain"):
        verify_chain(path)
