"""Schema migrations: shipped ones are frozen, an old file upgrades, a failure rolls back."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DatabaseError
from sqlmodel import SQLModel

from jury_desk.bundle.manifest import manifest_bytes
from jury_desk.core.scoring import member_total
from jury_desk.store import migrations
from jury_desk.store import tables as _tables  # noqa: F401  (registers the tables)
from jury_desk.store.audit import append_event, sheet_commitment, verify_chain
from jury_desk.store.migrations import LATEST, MIGRATIONS
from jury_desk.store.session_file import SessionFile
from tests.factories import make_manifest

NOW = "2026-06-15T09:00:00+00:00"

#: A shipped migration is never edited: append a new one instead.
SHIPPED = {
    1: "15d3d3958c140c53a16e9184f8da5e687540baf9d0c7337afd5d5f280530b1c0",
    2: "d132f7a1cf4298c639205c3b21772aa6993b7f0cc739154ee71af232a74c1502",
    3: "63a56d7da28eca0adf4157aff349ed617e468ff687c5fc692fb7e322b63520eb",
    4: "3af22005777e8f4f1d51c281065fa2f254711d9e462288221867afb3e443231d",
    5: "8bc73ff2f841790eb6489b4a1261f3f547b079106fda54749bf6c3e498fc9c63",
    6: "aaef62614530c2646a7fb5b9739f56539f9f56d5c2382200c17f7a9c40d130ea",
    7: "8541d6b77fd9ec7554f5def9a0345a937b05b99c5e4db28fdf83dba1d4da7930",
    8: "b8781619696bf7877c785790b318a67ae3a18e2617e89a7810ec40520e143bdf",
    9: "962f423dfa9958c88b833f41c2d932cb59b1e609ecbbd2c720d3b147984c22b4",
    10: "6619a58bdef0de5e7d93b3b982193db9516a3a2ba352854af0d9f742846ef6f9",
    11: "ab2ca4aea1a428e0c880926593f813ce438a7f3f705b8f9652a1483a636e6d36",
    12: "74db4afbc8138f0cb84000e2c2d9ebb8bfc3a774674aa194c62cb6ff7f5a18c1",
}


def _upgrades(start: int) -> list[str]:
    """The store-migrated payloads of an upgrade from schema ``start`` to today's."""
    return [f'{{"from":{v - 1},"to":{v}}}' for v in range(start + 1, LATEST + 1)]


def _digest(migration: migrations.Migration) -> str:
    return hashlib.sha256("\n;\n".join(migration.statements).encode()).hexdigest()


def test_shipped_migrations_are_unchanged():
    assert {m.version: _digest(m) for m in MIGRATIONS} == SHIPPED
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_the_tables_match_the_migrated_schema(tmp_path):
    sf = SessionFile.open(tmp_path / "s.jdsession", create=True, now=NOW)
    try:
        with sf.engine.begin() as conn:
            for table in SQLModel.metadata.sorted_tables:
                info = conn.exec_driver_sql(f"PRAGMA table_info({table.name})").all()
                on_disk = {row[1]: (bool(row[3]) or bool(row[5])) for row in info}
                declared = {c.name: not c.nullable for c in table.columns}
                assert on_disk == declared, table.name
    finally:
        sf.close()


def _old_session(conn, version: int) -> None:
    """The schema of desk ``version`` and a session created by it, with its genesis event."""
    manifest = make_manifest(n_candidates=2)
    for migration in MIGRATIONS[:version]:
        for statement in migration.statements:
            conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"PRAGMA user_version = {version}")
    conn.execute(
        text(
            "INSERT INTO session_meta VALUES (1, :b, 1, :sha, :sha, :raw, NULL, NULL, :at, "
            "'open', 0)"
        ),
        {"b": manifest.bundle_id, "sha": "ab" * 32, "raw": manifest_bytes(manifest), "at": NOW},
    )
    append_event(conn, NOW, "desk", "session-created", {"bundle_id": manifest.bundle_id})


def _v1_session(path) -> tuple[dict[str, float], float]:
    """A schema-1 file as an older desk left it: a sealed sheet and its audit events."""
    manifest = make_manifest(n_candidates=2)
    scores = {"academic": 15.5, "motivation": 12.0, "project": 9.5}
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        _old_session(conn, 1)
        salt = b"s" * 32
        commitment = sheet_commitment(salt, "C002", "m-mines-2", scores)
        conn.execute(
            text("INSERT INTO sheet VALUES (1, 'm-mines-2', 'C002', 'sealed', :salt, :c, :at, 0)"),
            {"salt": salt, "c": commitment, "at": NOW},
        )
        for criterion, value in scores.items():
            conn.execute(
                text("INSERT INTO sheet_score VALUES (1, 0, :k, :v)"), {"k": criterion, "v": value}
            )
        append_event(
            conn,
            NOW,
            "m-mines-2",
            "sheet-sealed",
            {"member": "m-mines-2", "candidate": "C002", "commitment": commitment},
        )
    engine.dispose()
    return scores, member_total(scores, manifest.session.rubric)


def test_a_v1_file_is_upgraded_with_its_data_and_the_upgrade_is_logged(tmp_path):
    path = tmp_path / "old.jdsession"
    _, expected_total = _v1_session(path)
    sf = SessionFile.open(path, create=False, now=NOW)
    try:
        assert sf.from_version == 1
        with sf.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == LATEST
            assert conn.exec_driver_sql("SELECT total FROM sheet").scalar_one() == expected_total
            tally = dict(
                conn.exec_driver_sql("SELECT candidate_id, sealed_members FROM tally").all()
            )
            last = conn.exec_driver_sql(
                "SELECT kind, payload FROM audit_event ORDER BY seq DESC LIMIT 1"
            ).one()
            migrated = conn.exec_driver_sql(
                "SELECT payload FROM audit_event WHERE kind = 'store-migrated' ORDER BY seq"
            ).all()
        assert tally == {"C001": "[]", "C002": '["m-mines-2"]'}
        assert last == ("store-migrated", _upgrades(1)[-1])
        assert migrated == [(payload,) for payload in _upgrades(1)]
        report = verify_chain(sf.engine)
        assert report.ok and report.length == 1 + LATEST
    finally:
        sf.close()


def test_a_v2_session_upgrades_to_a_real_deliberation_that_stays_one(tmp_path):
    path = tmp_path / "v2.jdsession"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        _old_session(conn, 2)
    engine.dispose()
    sf = SessionFile.open(path, create=False, now=NOW)
    try:
        assert sf.from_version == 2
        with sf.engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA user_version").scalar_one() == LATEST
            assert conn.exec_driver_sql("SELECT simulated FROM session_meta").scalar_one() == 0
            upgrades = conn.exec_driver_sql(
                "SELECT payload FROM audit_event WHERE kind = 'store-migrated' ORDER BY seq"
            ).scalars()
            assert list(upgrades) == _upgrades(2)
        report = verify_chain(sf.engine)
        assert report.ok and report.length == LATEST - 1
        # Nothing, not even a hand-written UPDATE, turns a session into a simulation later.
        with pytest.raises(DatabaseError, match="simulated or not from its creation"):
            with sf.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE session_meta SET simulated = 1")
        with sf.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE session_meta SET state = 'closed', simulated = 0")
            assert conn.exec_driver_sql("SELECT simulated, state FROM session_meta").one() == (
                0,
                "closed",
            )
    finally:
        sf.close()


def test_a_failing_migration_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.jdsession"
    _v1_session(path)

    def boom(conn):
        raise RuntimeError("disk trouble half-way")

    broken = migrations.Migration(2, "broken", MIGRATIONS[1].statements, boom)
    monkeypatch.setattr(migrations, "MIGRATIONS", (MIGRATIONS[0], broken))
    with pytest.raises(RuntimeError, match="half-way"):
        SessionFile.open(path, create=False, now=NOW)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(sheet)")]
        assert "total" not in columns  # the ALTER TABLE was rolled back with the rest
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone() == (2,)
    finally:
        conn.close()
    monkeypatch.undo()
    SessionFile.open(path, create=False, now=NOW).close()  # and a good desk still upgrades it
