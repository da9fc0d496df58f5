"""The audit hash chain (DESIGN.md §4).

Every state change appends one event in the transaction that makes the change::

    event = {"seq", "at", "actor", "kind", "payload"}
    hash  = SHA-256(bytes.fromhex(prev_hash) || canonical_json(event))

The first event's ``prev_hash`` is 64 zeros. The table is append-only (SQLite triggers
refuse UPDATE and DELETE), and the head hash is printed in the minutes, which anchors it.

Sealing a sheet puts only a commitment in the chain (``sheet-sealed``); the reveal opens it
(``candidate-revealed`` carries each sheet's salt and scores), so ``verify_chain`` can
prove that nobody's scores changed between sealing and reveal.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text

from jury_desk.bundle.manifest import parse_manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import JuryDeskError, StoreError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import Session
from jury_desk.signing.event_log import (
    Event,
    LogError,
    LogVerifier,
    RegisteredKey,
    make_event,
    verify_more,
)
from jury_desk.signing.event_log import Row as Row8
from jury_desk.store.engine import open_readonly
from jury_desk.store.records import driver

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import SecretKey

GENESIS = "0" * 64
MAX_PAYLOAD_BYTES = 1 << 20

KIND_SEALED = "sheet-sealed"
KIND_REVEALED = "candidate-revealed"
# A revealed candidate left with no counted sheet from an institution goes back to scoring
# (DESIGN.md §3, no dead ends); its next reveal opens the counted sheets again.
KIND_BACK_TO_SCORING = "back-to-scoring"


def event_hash(prev_hash: str, seq: int, at: str, actor: str, kind: str, payload: Any) -> str:
    event = {"seq": seq, "at": at, "actor": actor, "kind": kind, "payload": payload}
    return hashlib.sha256(bytes.fromhex(prev_hash) + dumps_canonical(event)).hexdigest()


def sheet_commitment(salt: bytes, candidate: str, member: str, scores: Mapping[str, float]) -> str:
    """Commitment to a sealed sheet: binds the scores to their candidate and member."""
    body = {"candidate": candidate, "member": member, "scores": dict(scores)}
    return hashlib.sha256(salt + dumps_canonical(body)).hexdigest()


def head(conn: Connection) -> tuple[int, str]:
    """(last seq, head hash); (0, GENESIS) for an empty chain."""
    row = conn.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def append_event(conn: Connection, at: str, actor: str, kind: str, payload: Any) -> int:
    """Append one event inside the caller's transaction; returns its seq."""
    last_seq, prev = head(conn)
    seq = last_seq + 1
    conn.execute(
        text(
            "INSERT INTO audit_event (seq, at, actor, kind, payload, prev_hash, hash) "
            "VALUES (:seq, :at, :actor, :kind, :payload, :prev, :hash)"
        ),
        {
            "seq": seq,
            "at": at,
            "actor": actor,
            "kind": kind,
            "payload": dumps_canonical(payload).decode("utf-8"),
            "prev": prev,
            "hash": event_hash(prev, seq, at, actor, kind, payload),
        },
    )
    return seq


def append_signed(
    conn: Connection, at: str, actor: str, kind: str, payload: Any, key: SecretKey | None
) -> int:
    """Append one format-2 event (``signing/event_log.py``), signed by ``key`` (None only for
    the session's creation), inside the caller's transaction; returns its seq.

    Straight through the driver (``store/records.py``): the room desk appends one event per
    sealed sheet a member desk sends, 2,000 in a batch."""
    db = driver(conn)
    last = db.execute(_LAST_EVENT).fetchone()
    prev = None
    if last is not None:
        seq, digest = int(last[0]), str(last[1])
        session = "" if seq == 1 else str(db.execute(_FIRST_HASH).fetchone()[0])
        prev = Event(session, seq, "", "", "", None, "", digest)
    event = make_event(prev, at, actor, kind, payload, key)
    db.execute(_INSERT_SIGNED, event.row())
    return event.seq


_LAST_EVENT = "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"
_FIRST_HASH = "SELECT hash FROM audit_event WHERE seq = 1"
_INSERT_SIGNED = (
    "INSERT INTO audit_event (seq, at, actor, kind, payload, prev_hash, hash, signature) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    head_hash: str  # hash of the last good event
    length: int  # number of events read
    first_bad_seq: int | None = None
    reason: str | None = None
    log_format: int = 1
    #: format 2: each member's registered key (``event_log.RegisteredKey``), by member id
    keys: Mapping[str, RegisteredKey] = field(default_factory=dict)

    @property
    def format_label(self) -> str:
        return SIGNED_LABEL if self.log_format == 2 else UNSIGNED_LABEL


UNSIGNED_LABEL = "unsigned log, format 1"
SIGNED_LABEL = "signed log, format 2"


Row = tuple[int, str, str, str, str, str, str]
#: (candidate, member) -> commitment, as the seal events state them (unchecked JSON values)
Commitments = dict[tuple[object, object], object]


def _check_openings(payload: Any, commitments: Commitments) -> str | None:
    """A reveal must open exactly the commitments made at sealing."""
    try:
        candidate = payload["candidate"]
        for sheet in payload["sheets"]:
            key = (candidate, sheet["member"])
            salt = bytes.fromhex(sheet["salt"])
            opened = sheet_commitment(salt, candidate, sheet["member"], sheet["scores"])
            if key not in commitments:
                return f"the reveal opens a sheet of {key[1]} that was never sealed"
            if opened != commitments[key]:
                return f"the revealed scores of {key[1]} do not match their sealed commitment"
    except (KeyError, TypeError, ValueError, AttributeError):
        return "the reveal payload is malformed"
    return None


def _event_problem(row: Row, prev: str, expected_seq: int, commitments: Commitments) -> str | None:
    """Why one event breaks the chain, or None; records the commitments it makes."""
    seq, at, actor, kind, payload_text, prev_hash, stored_hash = row
    if seq != expected_seq:
        return f"sequence number {seq} where {expected_seq} was expected"
    if prev_hash != prev:
        return "its previous hash does not match the event before it"
    try:
        payload = loads_strict(payload_text.encode("utf-8"), max_bytes=MAX_PAYLOAD_BYTES)
    except StrictJSONError as exc:
        return f"its payload is not valid JSON ({exc})"
    if dumps_canonical(payload).decode("utf-8") != payload_text:
        return "its payload is not in canonical form"
    if event_hash(prev, seq, at, actor, kind, payload) != stored_hash:
        return "its hash does not match its content (the event was altered)"
    if kind == KIND_SEALED and isinstance(payload, dict):
        commitments[(payload.get("candidate"), payload.get("member"))] = payload.get("commitment")
    elif kind == KIND_REVEALED:
        return _check_openings(payload, commitments)
    return None


def check_rows(rows: Iterable[Row]) -> ChainReport:
    prev, count = GENESIS, 0
    commitments: Commitments = {}
    for row in rows:
        problem = _event_problem(row, prev, count + 1, commitments)
        if problem is not None:
            return ChainReport(False, prev, count, row[0], problem)
        prev, count = row[6], count + 1
    return ChainReport(True, prev, count)


_SELECT = "SELECT seq, at, actor, kind, payload, prev_hash, hash FROM audit_event ORDER BY seq"
_SELECT_SIGNED = (
    "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM audit_event ORDER BY seq"
)
Query = Callable[[str], Iterable[tuple[Any, ...]]]


def log_format(query: Query) -> int:
    """1 (unsigned, every session before schema v5) or 2 (signed), as fixed at creation."""
    if "log_format" not in {row[1] for row in query("PRAGMA table_info(session_meta)")}:
        return 1
    rows = list(query("SELECT log_format FROM session_meta"))
    return int(rows[0][0]) if rows else 1


def check_signed_rows(
    rows: Iterable[Row8],
    roster: Mapping[str, PublicKey | None],
    address: Session | None = None,
) -> ChainReport:
    """Format 2: the chain, every signature against its member's registered key (a pinned
    key must be the bundle's), and each reveal opening exactly the sealed commitments."""
    return checked_signed_rows(rows, roster, address)[0]


def checked_signed_rows(
    rows: Iterable[Row8],
    roster: Mapping[str, PublicKey | None],
    address: Session | None = None,
) -> tuple[ChainReport, LogVerifier]:
    """``check_signed_rows``, and the verifier as it stands after them: ``continue_rows``
    checks the events that follow (``signed_audit``: the export checks only what is new)."""
    verifier = LogVerifier(roster, _Openings(), address=address)
    return continue_rows(verifier, rows), verifier


def continue_rows(verifier: LogVerifier, rows: Iterable[Row8]) -> ChainReport:
    """The events ``rows``, checked as the ones that follow those ``verifier`` accepted."""
    report = verify_more(verifier, rows)
    return ChainReport(
        report.ok,
        report.head_hash,
        report.length,
        report.first_bad_seq,
        report.reason,
        log_format=2,
        keys=report.keys,
    )


class _Openings:
    """Each reveal opens exactly the commitments sealed before it (picklable, so that the
    verifier can come back from the process that checked the chain)."""

    def __init__(self) -> None:
        self.commitments: Commitments = {}

    def __call__(self, event: Event) -> None:
        payload = event.payload
        if event.kind == KIND_SEALED and isinstance(payload, dict):
            self.commitments[(payload.get("candidate"), payload.get("member"))] = payload.get(
                "commitment"
            )
        elif event.kind == KIND_REVEALED:
            problem = _check_openings(payload, self.commitments)
            if problem is not None:
                raise LogError(event.seq, problem)


def _roster(query: Query) -> tuple[dict[str, PublicKey | None], Session]:
    """Every member of the session's bundle, with the key the bundle pins (or None), and
    the session's address, which acts made on member desks are signed for."""
    rows = list(query("SELECT manifest_json, manifest_sha256 FROM session_meta"))
    if not rows:
        raise LogError(1, "the session record is missing")
    try:
        manifest = parse_manifest(bytes(rows[0][0]))
    except JuryDeskError as exc:
        raise LogError(1, f"the session's bundle manifest is not valid ({exc})") from None
    address = Session(manifest.bundle_id, manifest.seq, str(rows[0][1]))
    return {member.id: member.pinned_key() for member in manifest.session.members}, address


def roster_of(query: Query) -> tuple[dict[str, PublicKey | None], Session] | ChainReport:
    """The roster and address of a signed session (``_roster``), or the report of why it
    has none."""
    try:
        return _roster(query)
    except LogError as exc:
        return ChainReport(False, GENESIS, 0, exc.seq, exc.reason, log_format=2)


def check_query(query: Query) -> ChainReport:
    """The chain of one session, in the format it was created with."""
    if log_format(query) == 1:
        return check_rows(query(_SELECT))
    roster = roster_of(query)
    if isinstance(roster, ChainReport):
        return roster
    return check_signed_rows(query(_SELECT_SIGNED), *roster)


def verify_chain(source: Path | Engine | Connection | sqlite3.Connection) -> ChainReport:
    """Recompute the whole chain from a session file, an engine or an open connection."""
    if isinstance(source, Path):
        conn = open_readonly(source, archive=True)
        try:
            return check_query(conn.execute)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{source.name} is not a jury-desk session with an audit chain ({exc})."
            ) from None
        finally:
            conn.close()
    if isinstance(source, sqlite3.Connection):
        return check_query(source.execute)
    if isinstance(source, Engine):
        with source.connect() as connection:
            return check_query(_sqlalchemy_query(connection))
    return check_query(_sqlalchemy_query(source))


def _sqlalchemy_query(connection: Connection) -> Query:
    return lambda sql: [tuple(r) for r in connection.exec_driver_sql(sql)]
