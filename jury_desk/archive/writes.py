"""How one verified PV is written: plain rows in bulk, not one ORM object per candidate.

Building 500 SQLModel objects and letting the ORM flush them cost most of an ``archive
add`` on PostgreSQL (issue 14: 1.31x ``minutes verify``). The rows are dictionaries here,
inserted with SQLAlchemy Core. On PostgreSQL the decisions and their name words go in
with COPY (psycopg 3), the decisions' ids taken from their sequence first, so the name
words need no RETURNING; SQLite gets one multi-row INSERT … RETURNING per table. Both run
inside the caller's transaction: all of it is stored or nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from jury_desk.archive.checks import Filing, sha256, signers_json
from jury_desk.archive.folding import fold, name_tokens
from jury_desk.archive.models import ArchivedDecision, ArchivedFile, ArchivedNameToken, ArchivedPV
from jury_desk.core.proposals import RENVOI
from jury_desk.minutes.model import CandidateMinutes, NotDeliberated

PV_TABLE = ArchivedPV.__table__  # type: ignore[attr-defined]
FILE_TABLE = ArchivedFile.__table__  # type: ignore[attr-defined]
DECISION_TABLE = ArchivedDecision.__table__  # type: ignore[attr-defined]
TOKEN_TABLE = ArchivedNameToken.__table__  # type: ignore[attr-defined]


def decisive_score(c: CandidateMinutes) -> float:
    """The figure that decided: at graduation on the diploma average, the average (after
    any points de jury); otherwise the overall score."""
    d = c.diploma
    if d is not None and (d.average_after or d.average) is not None:
        return float(d.average_after or d.average or 0.0)
    return c.overall if c.overall is not None else 0.0


def pv_row(filing: Filing) -> dict[str, Any]:
    m = filing.minutes
    return {
        "pv_sha256": filing.pv_sha256,
        "added_at": datetime.now(UTC),
        "generated_at": m.generated_at,
        "year": m.session.date.year,
        "session_date": m.session.date,
        "session_kind": m.session.kind,
        "programme": m.session.programme,
        "session_title": m.session.title,
        "session_place": m.session.place,
        "lang": m.lang,
        "bundle_id": m.bundle.id,
        "bundle_seq": m.bundle.seq,
        "bundle_sha256": m.bundle.sha256,
        "anchor": filing.anchor,
        "audit_head": m.audit_head,
        "supersedes_head": m.supersedes.previous_audit_head if m.supersedes else None,
        "supersedes_reason": m.supersedes.reason if m.supersedes else None,
        "session_checked": filing.session is not None,
        "candidates": len(m.candidates),
        "signers_json": signers_json(filing),
        "report": filing.report,
    }


def decision_rows(filing: Filing, pv_id: int) -> list[dict[str, Any]]:
    """Each candidate's row: the deliberated with their decision and decisive score, the
    renvoyés (non délibéré — renvoyé) with no decision on the merits and no score."""
    m = filing.minutes
    common = {
        "pv_id": pv_id,
        "year": m.session.date.year,
        "session_date": m.session.date,
        "programme": m.session.programme,
        "session_kind": m.session.kind,
    }

    def row(c: CandidateMinutes | NotDeliberated, decision: str, **rest: Any) -> dict[str, Any]:
        # A renvoyé never revealed may have its name still sealed (None): found by its id.
        name = c.name if c.name is not None else ""
        return {
            **common,
            "candidate_id": c.id,
            "candidate_key": c.id.lower(),
            "name": name,
            "name_key": fold(name),
            "student_id": c.student_id,
            "student_key": c.student_id.lower() if c.student_id else None,
            "birth_date": c.birth_date,
            # None: a renvoyé never revealed, its flag still sealed ("not revealed").
            "scholarship": c.scholarship,
            "decision": decision,
            **rest,
        }

    return [
        row(c, c.decision, mention=c.mention, overall=decisive_score(c)) for c in m.candidates
    ] + [
        # No decision on the merits and no score: 0 in a column that has always required
        # one, read back as none (``service._hit``).
        row(c, RENVOI, mention=None, overall=0.0)
        for c in m.not_deliberated or ()
    ]


def insert_filing(con: Connection, filing: Filing) -> dict[str, Any]:
    """Writes the PV, its files, its decisions and their name words; returns the PV's row
    (with its new ``id``)."""
    row = pv_row(filing)
    row["id"] = con.execute(PV_TABLE.insert().returning(PV_TABLE.c.id), row).scalar_one()
    files = [("pv", filing.pv), ("minutes", filing.minutes_json), ("receipt", filing.receipt)]
    if filing.session is not None:
        files.append(("session", filing.session))
    con.execute(
        FILE_TABLE.insert(),
        [{"pv_id": row["id"], "kind": k, "sha256": sha256(d), "data": d} for k, d in files],
    )
    decisions = decision_rows(filing, row["id"])
    if decisions:
        insert = _copy_decisions if con.dialect.name == "postgresql" else _insert_decisions
        insert(con, decisions)
    return row


def _words(decisions: list[dict[str, Any]], ids: list[int]) -> list[tuple[int, str]]:
    return [(i, word) for i, d in zip(ids, decisions, strict=True)
            for word in sorted(name_tokens(d["name"]))]  # fmt: skip


def _insert_decisions(con: Connection, decisions: list[dict[str, Any]]) -> None:
    ids = list(
        con.execute(
            DECISION_TABLE.insert().returning(DECISION_TABLE.c.id, sort_by_parameter_order=True),
            decisions,
        ).scalars()
    )
    words = [{"decision_id": i, "token": w} for i, w in _words(decisions, ids)]
    con.execute(TOKEN_TABLE.insert(), words)


def _copy_decisions(con: Connection, decisions: list[dict[str, Any]]) -> None:
    ids = list(
        con.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('archived_decision', 'id')) "
                "FROM generate_series(1, :n)"
            ),  # fmt: skip
            {"n": len(decisions)},
        ).scalars()
    )
    columns = ", ".join(["id", *decisions[0]])
    driver = con.connection.driver_connection
    assert driver is not None
    import psycopg  # only here: an SQLite archive never loads it

    try:
        with driver.cursor() as cursor:
            with cursor.copy(f"COPY archived_decision ({columns}) FROM STDIN") as copy:
                for i, d in zip(ids, decisions, strict=True):
                    copy.write_row((i, *d.values()))
            with cursor.copy("COPY archived_name_token (decision_id, token) FROM STDIN") as copy:
                for word in _words(decisions, ids):
                    copy.write_row(word)
    except psycopg.Error as exc:
        # What SQLAlchemy raises for the same error from a Core statement (IntegrityError,
        # OperationalError…), so the service's handling is the same on both paths.
        raise DBAPIError.instance("COPY", None, exc, psycopg.Error) from exc
