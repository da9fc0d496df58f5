"""Storage: migrations on both engines, bad databases, concurrent adds, a big export.

Alembic makes and upgrades the schema; the SQLModel tables must be exactly what the
migrations give. A database that is unreachable, read-only or from a newer jury-desk is
refused in one plain line; an older one is migrated. Two processes adding at once neither
duplicate nor lose a PV.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import IntegrityError

from jury_desk.archive import writes
from jury_desk.archive.db import (
    _sqlite_engine,
    archive_url,
    current_revision,
    head_revision,
    migrate,
)
from jury_desk.archive.errors import ArchiveError
from jury_desk.archive.models import ArchivedDecision, ArchivedPV, metadata
from jury_desk.archive.service import ArchiveService
from jury_desk.cli import main
from tests.reliability.unprivileged import ROOT, run_python


def test_the_migrations_give_exactly_the_models(archive):
    with archive.engine.connect() as con:
        diff = compare_metadata(MigrationContext.configure(con), metadata)
    assert diff == []
    assert current_revision(archive.engine) == head_revision() == "0004"


def old_pv(con, year: int, candidates: int) -> None:
    """PV #1 as an older schema stored it (the columns every revision has)."""
    con.execute(
        text(
            "INSERT INTO archived_pv (id, pv_sha256, added_at, generated_at, year, "
            "session_date, session_kind, programme, session_title, session_place, lang, "
            "bundle_id, bundle_seq, bundle_sha256, anchor, audit_head, session_checked, "
            "candidates, signers_json, report) VALUES (1, :h, :t, :t, :y, :d, "
            "'admission', 'master', :title, 'Paris', 'fr', 'b', 1, :h, 'receipt', "
            ":h, false, :n, '[]', 'VALID')"
        ),
        {
            "h": str(year % 10) * 64,
            "t": datetime(year, 7, 1, tzinfo=UTC),
            "y": year,
            "d": date(year, 6, 15),
            "title": f"Jury {year}",
            "n": candidates,
        },  # fmt: skip
    )


def test_an_archive_at_an_older_schema_is_migrated_with_its_rows(db_url):
    url = archive_url(db_url)
    raw = _sqlite_engine(url) if url.get_backend_name() == "sqlite" else create_engine(url)
    migrate(raw, "0001")
    assert current_revision(raw) == "0001"
    with raw.begin() as con:
        old_pv(con, 2025, 1)
        con.execute(
            text(
                "INSERT INTO archived_decision (pv_id, candidate_id, name, name_key, "
                "student_id, scholarship, decision, overall, year, session_date, programme, "
                "session_kind) VALUES (1, 'ADM-07', 'Élodie Dupré', 'elodie dupre', 'INE42X', "
                "false, 'admit', 15.5, 2025, :d, 'master', 'admission')"
            ),
            {"d": date(2025, 6, 15)},
        )
    raw.dispose()
    with ArchiveService(url) as archive:  # opening migrates
        assert current_revision(archive.engine) == "0004"
        assert [h.name for h in archive.search("adm-07")] == ["Élodie Dupré"]
        assert [h.name for h in archive.search("DUPRE elo")] == ["Élodie Dupré"]
        assert [h.name for h in archive.search("ine42x")] == ["Élodie Dupré"]


def test_a_renvoi_archived_as_no_holder_before_0004_is_read_again_as_not_revealed(db_url):
    """Before 0004 a renvoyé never revealed was stored as "no holder" (the column required a
    flag). The migration reads its PV's minutes.json again: no flag there, NULL here; a
    renvoi whose minutes give one keeps it. The name words survive SQLite's table copy."""
    url = archive_url(db_url)
    raw = _sqlite_engine(url) if url.get_backend_name() == "sqlite" else create_engine(url)
    migrate(raw, "0003")
    minutes = {
        "not_deliberated": [
            {"id": "ADM-03", "name": "Paul Sans", "reason": "r"},  # sealed: no flag
            {"id": "ADM-04", "name": "Zoé Avec", "scholarship": False, "reason": "r"},
        ]
    }
    with raw.begin() as con:
        old_pv(con, 2026, 3)
        con.execute(
            text(
                "INSERT INTO archived_file (pv_id, kind, sha256, data) "
                "VALUES (1, 'minutes', :h, :data)"
            ),
            {"h": "c" * 64, "data": json.dumps(minutes).encode()},
        )
        for i, (cid, name, decision) in enumerate(
            [("ADM-02", "Jean Admis", "admit"), ("ADM-03", "Paul Sans", "not-deliberated"),
             ("ADM-04", "Zoé Avec", "not-deliberated")], start=1,
        ):  # fmt: skip
            con.execute(
                text(
                    "INSERT INTO archived_decision (id, pv_id, candidate_id, candidate_key, "
                    "name, name_key, scholarship, decision, overall, year, session_date, "
                    "programme, session_kind) VALUES (:i, 1, :c, :ck, :n, :nk, "
                    "false, :dec, 0, 2026, :d, 'master', 'admission')"
                ),
                {
                    "i": i,
                    "c": cid,
                    "ck": cid.lower(),
                    "n": name,
                    "nk": name.lower(),
                    "dec": decision,
                    "d": date(2026, 6, 15),
                },  # fmt: skip
            )
            con.execute(
                text("INSERT INTO archived_name_token (decision_id, token) VALUES (:i, :t)"),
                {"i": i, "t": name.split()[1].lower()},
            )
    raw.dispose()
    with ArchiveService(url) as archive:  # opening migrates
        assert current_revision(archive.engine) == "0004"
        flags = {h.candidate_id: h.scholarship for h in archive.export()}
        assert flags == {"ADM-02": False, "ADM-03": None, "ADM-04": False}
        assert [h.candidate_id for h in archive.search("sans")] == ["ADM-03"]  # its words
        with archive.engine.connect() as con:
            diff = compare_metadata(MigrationContext.configure(con), metadata)
        assert diff == []


def test_an_archive_from_a_newer_jury_desk_is_refused_untouched(db_url):
    with ArchiveService.open(db_url) as archive:
        with archive.engine.begin() as con:
            con.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(ArchiveError) as info:
        ArchiveService.open(db_url)
    assert info.value.code == "archive.schema-newer"
    assert "made by a newer jury-desk" in str(info.value) and "nothing was changed" in str(
        info.value
    )


def test_an_unreachable_server_is_one_plain_line_without_the_password(tmp_path, capsys):
    url = f"postgresql://secretariat:hunter2@/archive?host={tmp_path}&port=5999"
    with pytest.raises(ArchiveError) as info:
        ArchiveService.open(url)
    assert info.value.code == "archive.unreachable"
    assert "hunter2" not in str(info.value) and "***" in str(info.value)
    assert main(["archive", "search", "x", "--db", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Cannot use the archive" in err and "hunter2" not in err


@pytest.mark.parametrize("url", ["mysql://x@y/z", "sqlite://", "not a url at all"])
def test_an_unsupported_address_is_refused(url):
    with pytest.raises(ArchiveError) as info:
        ArchiveService.open(url)
    assert info.value.code == "archive.url"


def test_a_read_only_sqlite_archive_refuses_to_add_and_stores_nothing(
    tmp_path, filer, three_sessions_light
):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "archive.sqlite"
    ArchiveService.open(f"sqlite:///{db}").close()
    db.chmod(0o444)
    folder.chmod(0o555)
    filed = three_sessions_light
    run = run_python(
        "-m", "jury_desk", "archive", "add", filed.pv, "--bundle", filed.bundle,
        "--trusted-key", filer.public_key, "--db", f"sqlite:///{db}",
    )  # fmt: skip
    folder.chmod(0o755)
    assert run.returncode == 1, run.stderr
    assert run.stderr.count("\n") == 1 and "is read-only" in run.stderr
    assert "nothing was stored" in run.stderr
    with ArchiveService.open(f"sqlite:///{db}") as archive:
        assert archive.count() == (0, 0)


@pytest.mark.parametrize("how", ["a role that may only SELECT", "a read-only database"])
def test_a_read_only_postgresql_archive_refuses_to_add_and_stores_nothing(
    pg, filer, trusted, three_sessions_light, how, capsys
):
    """The secretariat's server as an administrator sets it up for someone who may only
    look: a role granted SELECT and nothing else, or a database whose transactions are
    read-only by default."""
    url = pg.new_database()
    ArchiveService.open(url).close()  # migrated by its owner
    database = make_url(url).database
    reader = f"reader_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as con:  # libpq reads the same address
        con.execute(f'CREATE ROLE "{reader}" LOGIN')
        con.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{reader}"')
        if how == "a read-only database":
            con.execute(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{reader}"')
            con.execute(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{reader}"')
            con.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    as_reader = url.replace("postgresql://jury@", f"postgresql://{reader}@")
    filed = three_sessions_light

    code = main(["archive", "add", str(filed.pv), "--bundle", str(filed.bundle),
                 "--trusted-key", str(filer.public_key), "--db", as_reader])  # fmt: skip

    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "is read-only" in err and "nothing was stored" in err
    with ArchiveService.open(url) as archive:
        assert archive.count() == (0, 0)
    with ArchiveService.open(as_reader) as archive:  # reading still works
        assert archive.search("x") == []


def test_a_write_failing_halfway_stores_nothing(archive, trusted, pair, monkeypatch):
    """The PV row, its files and its decisions are written before the name words: a
    failure on the last table (here a word the NOT NULL column refuses) rolls back the
    whole PV, on both engines (PostgreSQL writes the decisions and words with COPY)."""
    monkeypatch.setattr(writes, "name_tokens", lambda name: {None})
    filed, _ = pair
    with pytest.raises(IntegrityError):
        archive.add(filed.pv, filed.bundle, trusted)
    assert archive.count() == (0, 0)
    monkeypatch.undo()
    assert archive.add(filed.pv, filed.bundle, trusted).added
    assert archive.count() == (1, 3)


@pytest.fixture(scope="module")
def three_sessions_light(filer):
    return filer.make(n=3, title="Jury lecture seule")


@pytest.fixture(scope="module")
def pair(filer):
    return filer.make(n=3, title="Jury concurrent A"), filer.make(n=3, title="Jury concurrent B")


def test_two_processes_adding_at_once_neither_duplicate_nor_lose(db_url, filer, pair):
    ArchiveService.open(db_url).close()  # migrated first: the race is on the adds

    def start(filed):
        return subprocess.Popen(
            [sys.executable, "-m", "jury_desk", "archive", "add", str(filed.pv),
             "--bundle", str(filed.bundle), "--trusted-key", str(filer.public_key),
             "--db", db_url],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    a, b = pair
    procs = [start(a), start(a), start(b), start(b)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert [code for _, _, code in results] == [0, 0, 0, 0], results
    outs = [out for out, _, _ in results]
    assert sum(o.startswith("Archived PV") for o in outs) == 2
    assert sum(o.startswith("Already archived") for o in outs) == 2
    with ArchiveService.open(db_url) as archive:
        assert archive.count() == (2, 6)


def test_an_export_of_10000_candidates(db_url, tmp_path, capsys):
    with ArchiveService.open(db_url) as archive:
        with archive.engine.begin() as con:
            pv = ArchivedPV(
                pv_sha256="b" * 64, added_at=datetime.now(UTC), generated_at=datetime.now(UTC),
                year=2026, session_date=date(2026, 6, 15), session_kind="admission",
                programme="master", session_title="Jury 10 000", session_place="Paris",
                lang="fr", bundle_id="big", bundle_seq=1, bundle_sha256="c" * 64,
                anchor="receipt", audit_head="d" * 64, session_checked=False,
                candidates=10_000, signers_json="[]", report="VALID",
            )  # fmt: skip
            con.execute(ArchivedPV.__table__.insert(), [pv.model_dump(exclude={"id"})])
            pv_id = con.execute(text("SELECT id FROM archived_pv")).scalar_one()
            rows = [
                {"pv_id": pv_id, "candidate_id": f"C{i:05d}", "candidate_key": f"c{i:05d}",
                 "name": f"Candidat·e n°{i}, «{i % 7}»", "name_key": f"candidat e n{i}",
                 "student_id": f"INE{i:07d}", "student_key": f"ine{i:07d}",
                 "scholarship": i % 3 == 0, "decision": "admit" if i % 2 else "reject",
                 "mention": None, "overall": 10 + (i % 100) / 10, "year": 2026,
                 "session_date": date(2026, 6, 15), "programme": "master",
                 "session_kind": "admission", "birth_date": None}
                for i in range(10_000)
            ]  # fmt: skip
            con.execute(ArchivedDecision.__table__.insert(), rows)
    out = tmp_path / "export.csv"
    assert main(["archive", "export", "--db", db_url, "--format", "csv", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"10000 decisions written to {out}.\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM as UTF-8
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(table) == 10_000 and table[0]["name"].startswith("Candidat·e n°")
    assert {r["student_id"] for r in table} == {f"INE{i:07d}" for i in range(10_000)}
    assert main(["archive", "export", "--db", db_url, "--format", "json", "--year", "2025"]) == 0
    assert json.loads(capsys.readouterr().out) == []
