"""The signed log is the truth (DESIGN.md §4): replay it through the rules, compare tables.

A signed session's log (format 2), once its chain and signatures are verified
(``store.audit.verify_chain``), is replayed act by act into a scratch session in memory,
through the same phase functions the service runs, so that:

* **each act was allowed when it was made**: the rules refuse it otherwise, and the
  difference names the event and the rule;
* **each act made exactly the events recorded**: an act's events (the act, then what it
  caused: voided approvals, withdrawn proposals, reveals) are compared one by one;
* **the tables are the log's**: every table of the file is compared with the replay's, row
  by row, by the row's natural key, and each difference names the table and the row.

What no event records is left out: drafts (private, sealed to their author), the encrypted
secret keys and the wrong-passphrase counters. The secrets a live act used are not needed:
a seal's envelope and commitment are in its signed event, a reveal's opened sheets in the
chair's (checked against their commitments by ``verify_chain``).
"""

from __future__ import annotations

import base64
import itertools
import json
import sqlite3
from collections import deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, insert
from sqlalchemy.pool import StaticPool

from jury_desk.bundle.blind_fields import Opened, WrongValue, check_opened
from jury_desk.bundle.manifest import Candidate, Manifest, parse_manifest
from jury_desk.core.errors import JuryDeskError, RuleError
from jury_desk.core.proposals import RENVOI
from jury_desk.core.scoring import member_total
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import desk_acts
from jury_desk.deliberation.phases import (
    attendance,
    blind,
    blind_fields,
    closing,
    decisions,
    opening,
    scoring,
)
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.transaction import Tx
from jury_desk.signing import desk_proof
from jury_desk.signing.event_log import KIND_KEY, Event, Row
from jury_desk.signing.sheet import OpenedSheet
from jury_desk.store.audit import KIND_REVEALED, KIND_SEALED, sheet_commitment
from jury_desk.store.log_tables import Difference
from jury_desk.store.migrations import migrate
from jury_desk.store.records import driver
from jury_desk.store.tables import MemberKey
from jury_desk.store.tally import refresh_tally


class _Mismatch(Exception):
    def __init__(self, seq: int, what: str) -> None:
        super().__init__(what)
        self.seq, self.what = seq, what


_INSERT_EVENT = (
    "INSERT INTO audit_event (seq, at, actor, kind, payload, prev_hash, hash, signature) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass
class _Log:
    """The recorded events still to replay; ``take`` consumes the next as an act logs it."""

    events: deque[Event]
    conn: Connection
    rows: dict[int, Row]  # as stored, by seq

    def take(self, actor: str, kind: str, payload: Any) -> int:
        if not self.events:
            raise _Mismatch(0, f"the act logs a {kind} event the log does not have")
        event = self.events.popleft()
        row = self.rows[event.seq]
        # A verified log's payloads are canonical JSON: the same text is the same payload.
        made = (actor, kind, dumps_canonical(payload).decode("utf-8"))
        if made != (event.actor, event.kind, row[4]):
            raise _Mismatch(
                event.seq,
                f"the rules make a {kind} event of {actor or 'nobody'} here, not this "
                f"{event.kind} event of {event.actor or 'nobody'} (or not with this content)",
            )
        driver(self.conn).execute(_INSERT_EVENT, row)
        return event.seq


class _ReplayTx(Tx):
    """A transaction whose events are checked against the log instead of appended."""

    log_of: _Log

    def log(self, actor: str, kind: str, payload: Any) -> int:
        return self.log_of.take(actor, kind, payload)


# Run for every seal of the log, through the driver (``store.records``).
_INSERT_SHEET = (
    "INSERT INTO sheet (member_id, candidate_id, revision, status, commitment, envelope, "
    "sealed_at) VALUES (?, ?, 0, 'sealed', ?, ?, ?)"
)


def _open_from_log(
    tx: Tx, candidate_id: str, members: Collection[str], _chair: str
) -> blind.Opening:
    """The reveal's opening, as the chair's act logged it next: the void sheets (a
    ``sheets-void`` event, if any), then the sheets its ``candidate-revealed`` event opens."""
    ahead = list(itertools.islice(tx.log_of.events, 2))  # type: ignore[attr-defined]
    found = blind.Opening()
    if ahead and ahead[0].kind == blind.KIND_VOID and ahead[0].payload["candidate"] == candidate_id:
        event = ahead.pop(0)
        for entry in event.payload["sheets"]:
            member_id = entry["member"]
            if member_id not in members:
                raise _Mismatch(event.seq, f"the reveal voids a sheet of {member_id} not counted")
            _check_void(tx, event.seq, candidate_id, entry)
            found.void[member_id] = entry
    if ahead and ahead[0].kind == KIND_REVEALED and ahead[0].payload["candidate"] == candidate_id:
        event = ahead[0]
        sheets = {s["member"]: s for s in event.payload.get("sheets", [])}
        for member_id in sorted(set(members) - set(found.void)):
            opened = sheets.get(member_id)
            if opened is None:
                raise _Mismatch(event.seq, f"the reveal does not open the sheet of {member_id}")
            scores = {k: float(v) for k, v in opened["scores"].items()}
            found.opened[member_id] = OpenedSheet(bytes.fromhex(opened["salt"]), scores)
    return found


def _check_void(tx: Tx, seq: int, candidate_id: str, entry: dict[str, Any]) -> None:
    """What the replay can check of the chair's word that a sheet is void: it is the sealed
    commitment; and a sheet said off the rubric opens (salt, scores in the event) to that
    commitment with scores the rubric refuses. An envelope that does not open cannot be
    checked without the reveal key: its member is told, and seals again."""
    member_id = entry["member"]
    sheet = tx.room.sheet(member_id, candidate_id)
    if sheet is None or entry["commitment"] != sheet.commitment or sheet.salt is not None:
        raise _Mismatch(seq, f"the reveal voids a sheet of {member_id} that was not sealed")
    if entry["reason"] == blind.VOID_ENVELOPE and set(entry) == {"member", "commitment", "reason"}:
        return
    if entry["reason"] != blind.VOID_RUBRIC:
        raise _Mismatch(seq, f"the void of {member_id}'s sheet gives no known reason")
    scores = entry["scores"]
    if sheet_commitment(bytes.fromhex(entry["salt"]), candidate_id, member_id, scores) != (
        sheet.commitment
    ):
        raise _Mismatch(seq, f"the void sheet of {member_id} is not their sealed sheet")
    try:
        member_total({k: float(v) for k, v in scores.items()}, tx.room.manifest.session.rubric)
    except RuleError:
        return
    raise _Mismatch(seq, f"the void sheet of {member_id} is on the rubric: it counts")


def _blind_from_log(tx: Tx, candidate: Candidate, _chair: str) -> Opened | blind_fields.Fault:
    """The candidate's sealed blind fields, as the event the act logs next says: the reveal
    event opens them (each must open its commitment in the signed manifest: a flipped flag
    or an altered name is named here), or the chair's word that they are faulty (checked as
    far as anyone can: ``blind_fields.check_fault``)."""
    ahead = tx.log_of.events  # type: ignore[attr-defined]
    event = ahead[0] if ahead else None
    if (
        event is not None
        and event.kind == blind_fields.KIND_FAULT
        and event.payload["candidate"] == candidate.id
    ):
        try:
            return blind_fields.check_fault(tx.room.manifest, candidate, event.payload)
        except ValueError as exc:
            raise _Mismatch(
                event.seq, f"the reveal says the blind field of {candidate.id} is faulty: {exc}"
            ) from None
    if event is None or event.kind != KIND_REVEALED or event.payload["candidate"] != candidate.id:
        seq = 0 if event is None else event.seq
        raise _Mismatch(seq, f"the reveal does not open the blind fields of {candidate.id}")
    try:
        return check_opened(tx.room.manifest, candidate, event.payload.get("blind"))
    except WrongValue as exc:
        raise _Mismatch(
            event.seq,
            f"the {exc.what} this reveal opens for {candidate.id} does not open its "
            "commitment in the signed manifest (a flipped or altered blind field)",
        ) from None


def _register(tx: Tx, event: Event) -> None:
    """A key registration, in the room or from a desk; the chair's makes the session's
    reveal key (``blind.make_reveal_key``), as its next event says."""
    member = tx.room.member(event.actor)
    tx.room.require_open()
    p = event.payload
    box_public = bytes.fromhex(p["box_public"])
    tx.conn.execute(
        insert(MemberKey).values(
            member_id=member.id,
            secret_key="",  # never in the log: the replay has no secret
            public_key=p["public_key"],
            pinned=p["pinned"],
            registered_at=tx.at,
            failures=0,
            box_public=box_public,
        )
    )
    tx.log(member.id, KIND_KEY, p)
    if "chair" in member.roles:
        blind.make_reveal_key(tx, member, box_public, _made_reveal_key(tx))


def _made_reveal_key(tx: Tx) -> dict[str, str] | None:
    """The reveal key the room desk made, from the log's next event (the replay); None on
    the live desk, which makes it (a chair's registration from their desk)."""
    upcoming = getattr(tx, "log_of", None)
    if upcoming is None or not upcoming.events:
        return None
    following = upcoming.events[0]
    return dict(following.payload) if following.kind == blind.KIND_REVEAL_KEY else None


def _seal(tx: Tx, event: Event) -> None:
    p = event.payload
    member, candidate = scoring._scorer(tx, event.actor, p["candidate"])
    if p["member"] != member.id:  # the reveal opens the commitment under this name
        raise RuleError("not-own-sheet", f"{member.id} seals only their own sheet.")
    sheet = tx.room.sheet(member.id, candidate.id)
    if sheet is not None and sheet.status == "sealed":
        raise RuleError("sealed", f"The sheet of {member.id} for {candidate.id} is sealed.")
    envelope = base64.b64decode(p["envelope"])
    driver(tx.conn).execute(
        _INSERT_SHEET, (member.id, candidate.id, p["commitment"], envelope, tx.at)
    )
    refresh_tally(tx.conn, tx.room.manifest, candidate.id)
    tx.log(member.id, KIND_SEALED, p)


def _reveal(tx: Tx, event: Event) -> None:
    """The chair's reveal act, from its first event: a reveal, or the void sheets found
    before one (``phases/blind.py``)."""
    tx.opener = _open_from_log
    tx.blind_opener = _blind_from_log
    forced = event.payload.get("forced_by")
    if forced is not None:
        scoring.force_reveal(tx, event.actor, event.payload["candidate"])
        return
    scoring.open_ready(tx, event.actor)  # one act opens every ready candidate


def _proposal(tx: Tx, event: Event) -> None:
    p, actor = event.payload, event.actor
    if p["source"] == "rule":
        decisions.accept_rule_proposal(tx, actor, p["candidate"])
    elif "jury_points" in p:
        justification = decisions.checked_jury_points(p["justification"])
        decisions.add_jury_points(tx, actor, p["candidate"], p["jury_points"], justification)
    else:
        justification = decisions.checked_proposal(
            tx.room.manifest, p["decision"], p["mention"], p["justification"]
        )
        decisions.propose(tx, actor, p["candidate"], p["decision"], p["mention"], justification)


def _renvoi_or_proposal(tx: Tx, event: Event) -> None:
    p = event.payload
    if p["decision"] != RENVOI:
        _proposal(tx, event)
        return
    reason = decisions.checked_renvoi(p["justification"])
    decisions.record_renvoi(tx, event.actor, p["candidate"], reason)


def _revise(tx: Tx, event: Event) -> None:
    p = event.payload
    reason = decisions.checked_revision(tx.room.manifest.session.rubric, p["scores"], p["reason"])
    decisions.revise(tx, event.actor, p["candidate"], p["scores"], reason)


def _conflict(tx: Tx, event: Event) -> None:
    p = event.payload
    note = attendance.checked_conflict(p["category"], p["note"])
    attendance.declare_conflict(tx, event.actor, p["member"], p["candidate"], p["category"], note)


def _desk_act(tx: Tx, event: Event) -> None:
    """An act made on a member desk: the same act, its proof checked by ``verify_chain``."""
    envelope = desk_proof.envelope_of(
        desk_acts.address(tx.conn), event.actor, event.kind, event.payload
    )
    signed = desk_proof.signed_part(event.kind, event.payload)
    desk_acts.apply(tx, envelope, event.kind, signed, tx.log)


#: Each act, by the kind of the first event it logs.
ACTS: dict[str, Callable[[Tx, Event], object]] = {
    KIND_KEY: _register,
    "checked-in": lambda tx, e: attendance.check_in(tx, e.payload["member"]),
    "checked-out": lambda tx, e: attendance.check_out(tx, e.payload["member"]),
    "conflict-declared": _conflict,
    KIND_SEALED: _seal,
    KIND_REVEALED: _reveal,
    blind.KIND_VOID: _reveal,
    blind_fields.KIND_FAULT: _reveal,
    "sheet-revised": _revise,
    "note-added": lambda tx, e: decisions.add_note(
        tx, e.actor, e.payload["candidate"], decisions.checked_note(e.payload["text"])
    ),
    "proposal-made": _renvoi_or_proposal,
    "approved": lambda tx, e: decisions.approve(
        tx, e.actor, e.payload["candidate"], e.payload["institution"]
    ),
    "objected": lambda tx, e: decisions.raise_objection(
        tx, e.actor, e.payload["candidate"], decisions.checked_objection(e.payload["reason"])
    ),
    "session-closed": lambda tx, e: closing.close_session(tx, e.actor),
    "session-reopened": lambda tx, e: closing.reopen(
        tx, e.actor, closing.checked_reopen(e.payload["reason"])
    ),
}

#: Each table the log makes: its natural key (a row's name), the columns compared.
_TABLES: dict[str, tuple[str, str]] = {
    "session_meta": (
        "id",
        "bundle_id, bundle_seq, bundle_sha256, manifest_sha256, "
        "manifest_json, key_id_hex, created_at, state, reopen_count, simulated, "
        "log_format",
    ),  # fmt: skip
    "attendance": ("id", "member_id, kind, at"),
    "conflict": ("member_id || '/' || candidate_id", "source, category, note, declared_by, at"),
    "sheet": (
        "candidate_id || '/' || member_id",
        "status, salt, commitment, sealed_at, revision, total, envelope",
    ),
    "sheet_score": (
        "(SELECT candidate_id || '/' || member_id FROM sheet WHERE sheet.id = sheet_id) "
        "|| ' revision ' || revision || ' ' || criterion_id",
        "value",
    ),
    "sheet_revision": (
        "(SELECT candidate_id || '/' || member_id FROM sheet WHERE sheet.id = sheet_id) "
        "|| ' revision ' || revision",
        "reason, at",
    ),
    "reveal": ("candidate_id", "at, forced_by"),
    "blind_field": ("candidate_id", "scholarship, salt, at"),
    "blind_name": ("candidate_id", "name, salt, at"),
    "blind_fault": ("candidate_id", "reason, at"),
    "note": ("id", "candidate_id, author, text, at"),
    "proposal": (
        "id",
        "candidate_id, source, decision, mention, justification, author, at, "
        "withdrawn_at, withdrawn_why, jury_points",
    ),  # fmt: skip
    "approval": (
        "id",
        "proposal_id, candidate_id, member_id, institution, at, voided_at, voided_by_event",
    ),  # fmt: skip
    "objection": ("id", "proposal_id, candidate_id, member_id, reason, at"),
    "closure": ("id", "kind, actor, reason, at"),
    "tally": ("candidate_id", "sealed_members, means, overall, gap, spread, flags"),
    "member_key": ("member_id", "public_key, pinned, registered_at, box_public"),
    "reveal_key": ("id", "chair_id, public, wrapped, at"),
}
#: Drafts exist only on the desk (private, never logged): only sealed sheets are compared.
_WHERE = {
    "sheet": "status = 'sealed'",
    "sheet_score": "sheet_id IN (SELECT id FROM sheet WHERE status = 'sealed')",
}


def _select(table: str) -> str:
    key, columns = _TABLES[table]
    where = f" WHERE {_WHERE[table]}" if table in _WHERE else ""
    return f"SELECT {key}, {columns} FROM {table}{where} ORDER BY 1"


def _rows(listed: Sequence[Sequence[Any]]) -> dict[str, tuple]:
    return {
        str(row[0]): tuple(bytes(v) if isinstance(v, bytes | memoryview) else v for v in row[1:])
        for row in listed
    }


def compare_tables(
    file: Callable[[str], Sequence[Sequence[Any]]],
    replay: Callable[[str], Sequence[Sequence[Any]]],
    predates: Collection[str] = (),
) -> list[Difference]:
    """Every row of the file's tables that the replay does not make, or makes otherwise.
    ``predates``: tables the file's schema has not got yet (``audit verify`` upgrades
    nothing): the replay must make no row of them either."""
    out = []
    for table in _TABLES:
        listed = [] if table in predates else file(_select(table)), replay(_select(table))
        if listed[0] == listed[1]:
            continue  # the same rows in the same order: nothing to name (the usual case)
        mine, made = _rows(listed[0]), _rows(listed[1])
        for key in sorted(set(mine) | set(made)):
            if key not in made:
                out.append(Difference(table, key, None, "no event makes this row"))
            elif key not in mine:
                out.append(Difference(table, key, None, "the log makes this row; it is missing"))
            elif mine[key] != made[key]:
                names = [c.strip() for c in _TABLES[table][1].split(",")]
                which = [n for n, a, b in zip(names, mine[key], made[key], strict=True) if a != b]
                what = f"not what the log's acts make ({', '.join(which)})"
                out.append(Difference(table, key, None, what))
    return out


#: Given the replay's own session (in memory) when it matches the file: what the log made.
WithReplay = Callable[[Connection], object]


def replay(
    conn: sqlite3.Connection,
    rows: Sequence[Row] | None = None,
    *,
    with_replay: WithReplay | None = None,
    keep: Callable[[Replayed], object] | None = None,
) -> list[Difference]:
    """Replay a verified signed log (read in ``conn``, one read transaction; ``rows``: its
    events, if already read there) through the rules; the differences name the event an act
    fails at, or the table rows that differ. When there is none, ``with_replay`` is given
    the replay's session (the export draws the minutes from it), and ``keep`` the replay
    itself, to go on from (``Replayed.more``)."""
    meta = conn.execute(
        "SELECT manifest_json, bundle_sha256, bundle_path, key_id_hex, created_at, simulated "
        "FROM session_meta"
    ).fetchone()
    if rows is None:
        rows = conn.execute(
            "SELECT seq, at, actor, kind, payload, prev_hash, hash, signature FROM audit_event "
            "ORDER BY seq"
        ).fetchall()
    if meta is None or not rows:
        return [Difference("session_meta", "1", None, "the session record is missing")]
    try:
        manifest = parse_manifest(bytes(meta[0]))
    except JuryDeskError as exc:
        return [Difference("session_meta", "1", 1, f"the stored manifest is not valid ({exc})")]
    session = rows[0][6]
    events = _events(rows, session)
    genesis = events.popleft()
    # Kept by a desk between exports (``signed_audit.Verified``), which the GUI runs each
    # in a new thread: one at a time, under the keeper's lock.
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    kept = None
    try:
        migrate(engine, genesis.at)
        with engine.begin() as scratch:
            stored = {int(row[0]): tuple(row) for row in rows}
            problem = _replay_into(scratch, manifest, meta, genesis, events, stored)
            if problem is not None:
                return [problem]
            differences = _compared(conn, scratch, with_replay)
        if not differences and keep is not None:
            kept = Replayed(engine, manifest, session)
            keep(kept)
        return differences
    finally:
        if kept is None:
            engine.dispose()


def _events(rows: Sequence[Row], session: str) -> deque[Event]:
    # Parsed plainly: the chain (checked beside or before) parses each strictly, and the
    # replay's verdict counts only if it holds.
    return deque(
        Event(
            session if seq > 1 else "", seq, at, actor, kind, json.loads(text), prev, digest,
            None if signature is None else base64.b64decode(signature),
        )
        for seq, at, actor, kind, text, prev, digest, signature in rows
    )  # fmt: skip


def _compared(
    conn: sqlite3.Connection, scratch: Connection, with_replay: WithReplay | None
) -> list[Difference]:
    """The file's tables against the replay's; ``with_replay`` given the replay if equal.
    A table the file predates (read as it is: nothing is upgraded) has no row."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    differences = compare_tables(
        lambda sql: conn.execute(sql).fetchall(),
        lambda sql: driver(scratch).execute(sql).fetchall(),
        set(_TABLES) - tables,
    )
    if not differences and with_replay is not None:
        with_replay(scratch)
    return differences


@dataclass
class Replayed:
    """A signed log's replay that matched its file, kept in memory (its scratch session),
    to replay the events that follow instead of the whole log again."""

    engine: Engine
    manifest: Manifest
    session: str  # the log's first hash

    def more(
        self, conn: sqlite3.Connection, rows: Sequence[Row], with_replay: WithReplay | None
    ) -> list[Difference]:
        """Replay ``rows`` (the verified events after those replayed, read in ``conn``'s
        read transaction) and compare every table of ``conn`` with the replay's, as
        ``replay`` does. After a difference this replay is no longer the log's: drop it."""
        with self.engine.begin() as scratch:
            stored = {int(row[0]): row for row in rows}
            log = _Log(_events(rows, self.session), scratch, stored)
            problem = _replay_events(scratch, self.manifest, log)
            if problem is not None:
                return [problem]
            return _compared(conn, scratch, with_replay)

    def close(self) -> None:
        self.engine.dispose()


def _replay_into(
    scratch: Connection,
    manifest: Manifest,
    meta: Sequence[Any],
    genesis: Event,
    events: deque[Event],
    rows: dict[int, Row],
) -> Difference | None:
    raw, bundle_sha256, bundle_path, key_id_hex, created_at, simulated = meta
    created = opening.initial_rows(
        scratch, manifest, bytes(raw), bundle_sha256, bundle_path, key_id_hex, created_at,
        bool(simulated), 2,
    )  # fmt: skip
    recorded = {k: v for k, v in genesis.payload.items() if k not in ("nonce", "log_format")}
    if created != recorded or genesis.payload.get("log_format") != 2:
        return Difference("session_meta", "1", 1, "the session is not the one its log created")
    driver(scratch).execute(_INSERT_EVENT, rows[genesis.seq])
    return _replay_events(scratch, manifest, _Log(events, scratch, rows))


def _replay_events(scratch: Connection, manifest: Manifest, log: _Log) -> Difference | None:
    """Replay ``log``'s events, act by act; the first that fails is named."""
    events = log.events
    while events:
        event = events[0]
        act = _desk_act if desk_acts.is_desk_event(event) else ACTS.get(event.kind)
        if event.signature is None and act is not _desk_act:
            # Unsigned, it may only be caused by a member desk's act, never begin one.
            return Difference("audit_event", f"#{event.seq}", event.seq,
                              "an act that nobody signed, on a desk or in the room")  # fmt: skip
        if act is None:
            return Difference("audit_event", f"#{event.seq}", event.seq,
                              f"no act of a member begins with a {event.kind} event")  # fmt: skip
        tx = _ReplayTx(scratch, Room(scratch, manifest), event.at, 2, {})
        tx.log_of = log
        try:  # the first act that fails ends the replay: nothing after it is trusted
            act(tx, event)
        except RuleError as exc:
            what = f"the rules refuse this act ({exc.code}: {exc})"
            return Difference("audit_event", f"#{event.seq}", event.seq, what)
        except _Mismatch as exc:
            seq = exc.seq or event.seq
            return Difference("audit_event", f"#{seq}", seq, exc.what)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"its payload lacks what its act needs ({exc!r})"
            return Difference("audit_event", f"#{event.seq}", event.seq, what)
    return None
