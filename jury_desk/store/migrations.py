"""Versioned schema migrations (``PRAGMA user_version``).

Each migration runs in its own transaction together with its version bump, so a crash
leaves the file at the previous version, never half-way. A shipped migration is never
edited (a test pins their text): change the schema by appending one. A file written by a
newer desk, or a SQLite file that is not a session, is refused rather than touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from jury_desk.bundle.manifest import parse_manifest
from jury_desk.core.errors import StoreError
from jury_desk.core.scoring import member_total
from jury_desk.store.audit import append_event
from jury_desk.store.tally import refresh_tally

APPLICATION_ID = 0x4A445331  # "JDS1": marks a SQLite file as a jury-desk session

_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE session_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        bundle_id TEXT NOT NULL, bundle_seq INTEGER NOT NULL, bundle_sha256 TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL, manifest_json BLOB NOT NULL, bundle_path TEXT,
        key_id_hex TEXT, created_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        reopen_count INTEGER NOT NULL)""",
    """CREATE TABLE attendance (
        id INTEGER PRIMARY KEY, member_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('in', 'out')), at TEXT NOT NULL)""",
    """CREATE TABLE credential (
        member_id TEXT PRIMARY KEY, salt BLOB NOT NULL, digest BLOB NOT NULL,
        n INTEGER NOT NULL, r INTEGER NOT NULL, p INTEGER NOT NULL, set_at TEXT NOT NULL,
        failures INTEGER NOT NULL, locked_until TEXT)""",
    """CREATE TABLE conflict (
        id INTEGER PRIMARY KEY, member_id TEXT NOT NULL, candidate_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('bundle', 'room')), category TEXT NOT NULL,
        note TEXT NOT NULL, declared_by TEXT, at TEXT NOT NULL,
        UNIQUE (member_id, candidate_id))""",
    """CREATE TABLE sheet (
        id INTEGER PRIMARY KEY, member_id TEXT NOT NULL, candidate_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft', 'sealed')), salt BLOB, commitment TEXT,
        sealed_at TEXT, revision INTEGER NOT NULL, UNIQUE (member_id, candidate_id))""",
    "CREATE INDEX ix_sheet_candidate_id ON sheet (candidate_id)",
    """CREATE TABLE sheet_score (
        sheet_id INTEGER NOT NULL REFERENCES sheet (id), revision INTEGER NOT NULL,
        criterion_id TEXT NOT NULL, value REAL NOT NULL,
        PRIMARY KEY (sheet_id, revision, criterion_id))""",
    """CREATE TABLE sheet_revision (
        id INTEGER PRIMARY KEY, sheet_id INTEGER NOT NULL REFERENCES sheet (id),
        revision INTEGER NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)""",
    """CREATE TABLE reveal (
        candidate_id TEXT PRIMARY KEY, at TEXT NOT NULL, forced_by TEXT)""",
    """CREATE TABLE note (
        id INTEGER PRIMARY KEY, candidate_id TEXT NOT NULL, author TEXT NOT NULL,
        text TEXT NOT NULL, at TEXT NOT NULL)""",
    "CREATE INDEX ix_note_candidate_id ON note (candidate_id)",
    """CREATE TABLE proposal (
        id INTEGER PRIMARY KEY, candidate_id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('rule', 'jury')), decision TEXT NOT NULL,
        mention TEXT, justification TEXT NOT NULL, author TEXT NOT NULL, at TEXT NOT NULL,
        withdrawn_at TEXT, withdrawn_why TEXT)""",
    "CREATE INDEX ix_proposal_candidate_id ON proposal (candidate_id)",
    """CREATE TABLE approval (
        id INTEGER PRIMARY KEY, proposal_id INTEGER NOT NULL REFERENCES proposal (id),
        candidate_id TEXT NOT NULL, member_id TEXT NOT NULL, institution TEXT NOT NULL,
        at TEXT NOT NULL, voided_at TEXT, voided_by_event INTEGER)""",
    "CREATE INDEX ix_approval_candidate_id ON approval (candidate_id)",
    """CREATE TABLE objection (
        id INTEGER PRIMARY KEY, proposal_id INTEGER NOT NULL REFERENCES proposal (id),
        candidate_id TEXT NOT NULL, member_id TEXT NOT NULL, reason TEXT NOT NULL,
        at TEXT NOT NULL)""",
    """CREATE TABLE closure (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('close', 'reopen')),
        actor TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL)""",
    """CREATE TABLE audit_event (
        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL,
        payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
)

_V2 = (
    "ALTER TABLE sheet ADD COLUMN total REAL",
    """CREATE TABLE tally (
        candidate_id TEXT PRIMARY KEY, sealed_members TEXT NOT NULL, means TEXT NOT NULL,
        overall REAL, gap REAL, spread REAL, flags TEXT NOT NULL)""",
)

# A simulation is marked when its session is created and can never be unmarked: its PV says
# so on every page. Sessions made before v3 were all started from the desk, not simulated.
_V3 = (
    "ALTER TABLE session_meta ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0 "
    "CHECK (simulated IN (0, 1))",
    """CREATE TRIGGER session_meta_simulated_fixed BEFORE UPDATE OF simulated ON session_meta
        WHEN NEW.simulated IS NOT OLD.simulated
        BEGIN SELECT RAISE(ABORT, 'a session is simulated or not from its creation'); END""",
)

# Points de jury (graduation): a jury proposal may raise the diploma average by up to the
# rules' maximum; the points are part of the decision the institutions approve.
_V4 = ("ALTER TABLE proposal ADD COLUMN jury_points REAL",)

# "Non délibéré — renvoyé" (DESIGN.md §3, no dead ends): a candidate that cannot be
# deliberated is sent back, approved by the institutions that still can. Which ones, and how
# many approvals each gives, is fixed when the renvoi is recorded (canonical JSON
# {institution: approvals}); NULL for every other proposal (each institution, as the bundle
# requires).
_V5 = ("ALTER TABLE proposal ADD COLUMN approvers TEXT",)

# The signed log (format 2, DESIGN.md §4): each event carries its actor's Ed25519 signature,
# and each member's secret key is kept encrypted under their passphrase (minisign's format),
# with the wrong-passphrase counters beside it (outside the log: they decide nothing).
# A session's log format is fixed at its creation: nothing upgrades a format-1 session.
_V6 = (
    "ALTER TABLE audit_event ADD COLUMN signature TEXT",
    "ALTER TABLE session_meta ADD COLUMN log_format INTEGER NOT NULL DEFAULT 1 "
    "CHECK (log_format IN (1, 2))",
    """CREATE TRIGGER session_meta_log_format_fixed BEFORE UPDATE OF log_format ON session_meta
        WHEN NEW.log_format IS NOT OLD.log_format
        BEGIN SELECT RAISE(ABORT, 'a session keeps the log format it was created with'); END""",
    """CREATE TABLE member_key (
        member_id TEXT PRIMARY KEY, secret_key TEXT NOT NULL, public_key TEXT NOT NULL,
        pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)), registered_at TEXT NOT NULL,
        failures INTEGER NOT NULL, locked_until TEXT)""",
)

# Blind at rest (format 2, DESIGN.md §3): before its candidate's reveal, a sealed sheet is
# only an HPKE envelope to the session's reveal key (``sheet.envelope``), a draft only one
# envelope per criterion to its author (``draft_score``), and the reveal key's secret half
# is sealed to the chair's key (``reveal_key``). Scores, totals and tallies appear in the
# clear tables only at the reveal.
_V7 = (
    "ALTER TABLE sheet ADD COLUMN envelope BLOB",
    "ALTER TABLE member_key ADD COLUMN box_public BLOB",
    """CREATE TABLE draft_score (
        sheet_id INTEGER NOT NULL REFERENCES sheet (id), criterion_id TEXT NOT NULL,
        envelope BLOB NOT NULL, PRIMARY KEY (sheet_id, criterion_id))""",
    """CREATE TABLE reveal_key (
        id INTEGER PRIMARY KEY CHECK (id = 1), chair_id TEXT NOT NULL, public BLOB NOT NULL,
        wrapped BLOB NOT NULL, at TEXT NOT NULL)""",
)

# The secretariat's signature of the stored manifest, so that ``audit verify`` re-checks it
# against the trusted keys (an edited or re-signed manifest is named). NULL for a session
# made before, or not from a bundle.
_V8 = ("ALTER TABLE session_meta ADD COLUMN manifest_minisig BLOB",)


# Member desks (issue 12): the room desk's verdict on every message a member desk sent, in
# the order given, so that its signed replies are rebuilt identical after a restart. An
# accepted act is in the log too (with the member's proof); a refusal is only here. A
# ``decided`` row is the message ``n`` the rules decided; the others tell a second desk of
# the same member that its different message ``n`` did not count. Append-only.
_V9 = (
    """CREATE TABLE desk_verdict (
        id INTEGER PRIMARY KEY, member_id TEXT NOT NULL, n INTEGER NOT NULL,
        digest TEXT NOT NULL, decided INTEGER NOT NULL CHECK (decided IN (0, 1)),
        accepted INTEGER NOT NULL CHECK (accepted IN (0, 1)), reason TEXT NOT NULL,
        message TEXT NOT NULL, at TEXT NOT NULL)""",
    "CREATE UNIQUE INDEX desk_verdict_decided ON desk_verdict (member_id, n) WHERE decided = 1",
    """CREATE TRIGGER desk_verdict_no_update BEFORE UPDATE ON desk_verdict
        BEGIN SELECT RAISE(ABORT, 'a verdict given is never changed'); END""",
    """CREATE TRIGGER desk_verdict_no_delete BEFORE DELETE ON desk_verdict
        BEGIN SELECT RAISE(ABORT, 'a verdict given is never removed'); END""",
)

# Blind fields at rest (issue 11): a bundle may seal each candidate's scholarship flag (a
# salted commitment in its signed manifest, ``bundle/blind_fields.py``); the reveal opens it
# and records it here, with its salt, as the chair's signed reveal event says. Empty for a
# bundle with the flags in clear (made before), which the stored manifest still holds.
_V10 = (
    """CREATE TABLE blind_field (
        candidate_id TEXT PRIMARY KEY,
        scholarship INTEGER NOT NULL CHECK (scholarship IN (0, 1)),
        salt TEXT NOT NULL, at TEXT NOT NULL)""",
)

# The candidate's name sealed too (issue 11): its opened value and salt, as ``blind_field``
# holds the flag's. A separate table, since a bundle may seal the name and not the flag.
_V11 = (
    """CREATE TABLE blind_name (
        candidate_id TEXT PRIMARY KEY, name TEXT NOT NULL,
        salt TEXT NOT NULL, at TEXT NOT NULL)""",
)

# No dead end at the reveal (issue 11): a candidate whose blind-field envelope, sealed to
# the pinned reveal key, does not open or opens to a value that is not its commitment's can
# never be revealed. The chair's reveal act records it here (its signed ``blind-field-faulty``
# event): no later reveal tries it again, and the room may record it as non délibéré.
_V12 = (
    """CREATE TABLE blind_fault (
        candidate_id TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL)""",
)


def _backfill_totals(conn: Connection) -> None:
    """v2: compute the new cached totals and tallies from the scores already there."""
    meta = conn.execute(text("SELECT manifest_json FROM session_meta")).first()
    if meta is None:
        return  # a brand-new file: nothing to backfill
    manifest = parse_manifest(bytes(meta[0]))
    sheets = conn.execute(
        text("SELECT id, revision FROM sheet WHERE status = 'sealed' ORDER BY id")
    ).all()
    for sheet_id, revision in sheets:
        scores: dict[str, float] = dict(
            conn.execute(
                text(
                    "SELECT criterion_id, value FROM sheet_score "
                    "WHERE sheet_id = :s AND revision = :r"
                ),
                {"s": sheet_id, "r": revision},
            ).all()
        )
        total = member_total(scores, manifest.session.rubric)
        conn.execute(text("UPDATE sheet SET total = :t WHERE id = :s"), {"t": total, "s": sheet_id})
    for candidate in manifest.candidates:
        refresh_tally(conn, manifest, candidate.id)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    after: Callable[[Connection], None] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "session, attendance, credentials, sheets, proposals, audit chain", _V1),
    Migration(2, "cached sheet totals and per-candidate tallies", _V2, _backfill_totals),
    Migration(3, "sessions record whether they are a simulation", _V3),
    Migration(4, "points de jury on a jury proposal", _V4),
    Migration(5, "a renvoi names the institutions that approve it", _V5),
    Migration(6, "signed log (format 2): signatures and members' encrypted keys", _V6),
    Migration(7, "blind at rest (format 2): sealed and draft envelopes, the reveal key", _V7),
    Migration(8, "the secretariat's signature of the stored manifest", _V8),
    Migration(9, "member desks: the room desk's verdict on each of their messages", _V9),
    Migration(10, "blind fields opened at the reveal, checked against their commitment", _V10),
    Migration(11, "sealed names opened at the reveal, checked against their commitment", _V11),
    Migration(12, "candidates whose sealed blind field does not open at the reveal", _V12),
)
LATEST = MIGRATIONS[-1].version


def identify(scalar: Callable[[str], Any]) -> int:
    """The schema version of a file, refusing a foreign or a newer one. ``scalar`` runs one
    query and returns its single value (so this works before the engine touches the file)."""
    version = int(scalar("PRAGMA user_version"))
    app_id = int(scalar("PRAGMA application_id"))
    tables = int(scalar("SELECT count(*) FROM sqlite_master"))
    if (version == 0 and tables) or (version and app_id != APPLICATION_ID):
        raise StoreError("This file is not a jury-desk session. Choose a .jdsession file.")
    if version > LATEST:
        raise StoreError(
            f"This session was written by a newer jury-desk (schema {version}, this desk reads "
            f"up to {LATEST}). Update jury-desk to open it."
        )
    return version


def _log_format(conn: Connection) -> int:
    columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(session_meta)")}
    if "log_format" not in columns:
        return 1
    value = conn.exec_driver_sql("SELECT log_format FROM session_meta").scalar_one_or_none()
    return 1 if value is None else int(value)


def migrate(engine: Engine, now: str) -> int:
    """Bring the file to ``LATEST``; returns the version it had. An upgrade of a session that
    already has history is itself an audit event."""
    with engine.begin() as conn:
        start = identify(lambda sql: conn.exec_driver_sql(sql).scalar_one())
    for migration in MIGRATIONS:
        if migration.version <= start:
            continue
        with engine.begin() as conn:
            for statement in migration.statements:
                conn.exec_driver_sql(statement)
            if migration.after is not None:
                migration.after(conn)
            conn.exec_driver_sql(f"PRAGMA user_version = {migration.version}")
            if start > 0 and _log_format(conn) == 1:
                # A format-2 log holds only signed acts and its creation: an upgrade of its
                # file is no act of the jury, so it is not logged there.
                append_event(
                    conn,
                    now,
                    "desk",
                    "store-migrated",
                    {"from": migration.version - 1, "to": migration.version},
                )
    return start
