"""Do the tables say what the audit log says? (DESIGN.md §4, issue 11)

A signed session (format 2) is checked by replaying its log through the rules
(``deliberation/replay.py``); what follows is the check of an unsigned (format 1) log.

The minutes are drawn from the tables, so a score raised in ``sheet_score``, ``sheet``,
``tally`` and ``proposal`` with the log left alone would reach a signed PV. This check
replays what the format-1 log records and names every table row that disagrees:

* each sealed sheet has its seal event, with the same commitment, and its stored scores
  open that commitment (so scores cannot change even before the reveal);
* each revision's scores and reason are the event's; each total is its scores' total;
* each tally is the reconciliation of the counted sheets (sealed, member not conflicted);
* reveals (less those sent back to scoring), notes, proposals (a renvoi's approvers too),
  approvals, conflicts, attendance and closures are, row for row and in order, the events
  that made them.

It reads only; run it on a chain that ``audit.verify_chain`` found intact. A log rewritten
around a forged score is beyond format 1 (its acts are not signed): only a PV's anchor
(``audit verify --pv``) or the signed log of format 2 reveals it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jury_desk.bundle.manifest import Manifest, parse_manifest
from jury_desk.core.errors import JuryDeskError, StoreError
from jury_desk.core.scoring import member_total
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.store.audit import (
    KIND_BACK_TO_SCORING,
    KIND_REVEALED,
    KIND_SEALED,
    ChainReport,
    log_format,
    sheet_commitment,
    verify_chain,
)
from jury_desk.store.engine import open_readonly
from jury_desk.store.tally import reconcile_totals

Pair = tuple[str, str]  # (candidate, member)


@dataclass(frozen=True)
class Difference:
    table: str
    row: str
    seq: int | None  # the event the row should match, when there is one
    what: str

    def line(self) -> str:
        event = f", event #{self.seq}" if self.seq is not None else ""
        return f"table {self.table}, row {self.row}{event}: {self.what}"


@dataclass
class _Log:
    """What the format-1 events record, in order."""

    manifest_sha256: str | None = None
    sealed: dict[Pair, tuple[str, int]] = field(default_factory=dict)
    revisions: dict[Pair, list[tuple[int, dict[str, float], str, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    reveals: dict[str, int] = field(default_factory=dict)
    conflicts: dict[tuple[str, str], int] = field(default_factory=dict)  # (member, candidate)
    opened: list[tuple[str, Any, int]] = field(default_factory=list)  # (candidate, entry, seq)
    lists: dict[str, list[tuple[tuple[Any, ...], int]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> _Log:
        log = cls()
        rows = conn.execute("SELECT seq, actor, kind, payload FROM audit_event ORDER BY seq")
        for seq, actor, kind, text in rows:
            log._add(seq, actor, kind, json.loads(text))
        return log

    def _add(self, seq: int, actor: str, kind: str, p: Any) -> None:
        if kind == "session-created":
            self.manifest_sha256 = p.get("manifest_sha256")
            for c in p.get("conflicts", []):
                self.conflicts[c["member"], c["candidate"]] = seq
        elif kind == "conflict-declared":
            self.conflicts[p["member"], p["candidate"]] = seq
        elif kind == KIND_SEALED:
            self.sealed[p["candidate"], p["member"]] = (p["commitment"], seq)
        elif kind == "sheet-revised":
            pair = (p["candidate"], p["member"])
            self.revisions[pair].append((p["revision"], p["scores"], p["reason"], seq))
        elif kind == KIND_REVEALED:
            self.reveals[p["candidate"]] = seq
            if "blind" in p:  # blind fields sealed in the bundle, opened here
                self.opened.append((p["candidate"], p["blind"], seq))
                found = p["blind"] if isinstance(p["blind"], dict) else {}
                if "scholarship" in found:
                    flag = (p["candidate"], int(found["scholarship"]), found.get("salt"))
                    self.lists["blind_field"].append((flag, seq))
                if "name" in found:
                    name = (p["candidate"], found["name"], found.get("name_salt"))
                    self.lists["blind_name"].append((name, seq))
        elif kind == KIND_BACK_TO_SCORING:
            del self.reveals[p["candidate"]]
        elif kind == "note-added":
            self.lists["note"].append(((p["candidate"], actor, p["text"]), seq))
        elif kind == "proposal-made":
            row = (p["candidate"], p["source"], p["decision"], p["mention"])
            # Points de jury (v4) and a renvoi's approvers (v5) are in the event only when given.
            points = p.get("jury_points")
            approvers = p.get("approvers")
            if approvers is not None:
                approvers = dumps_canonical(approvers).decode()
            self.lists["proposal"].append(
                ((*row, p["justification"], actor, points, approvers), seq)
            )
        elif kind == "approved":
            self.lists["approval"].append(((p["candidate"], actor, p["institution"]), seq))
        elif kind in ("checked-in", "checked-out"):
            self.lists["attendance"].append(((p["member"], kind.removeprefix("checked-")), seq))
        elif kind in ("session-closed", "session-reopened"):
            closing = "close" if kind == "session-closed" else "reopen"
            self.lists["closure"].append(((closing, actor), seq))


#: The tables compared row for row, in order (by the column named last), with the events
#: that made them.
_LISTED = {
    "note": ("candidate_id", "author", "text", "id"),
    "proposal": (
        "candidate_id", "source", "decision", "mention", "justification", "author",
        "jury_points", "approvers", "id",
    ),
    "approval": ("candidate_id", "member_id", "institution", "id"),
    "attendance": ("member_id", "kind", "id"),
    "closure": ("kind", "actor", "id"),
    "blind_field": ("candidate_id", "scholarship", "salt", "rowid"),
    "blind_name": ("candidate_id", "name", "salt", "rowid"),
}  # fmt: skip


def _listed_rows(conn: sqlite3.Connection, table: str, tables: set[str]) -> list[tuple[Any, ...]]:
    """The rows of ``table`` as the log's list holds them. A file from before a table or a
    column (read as it is: nothing is upgraded) has no row of it, or NULL in that column,
    which is what its events say (points de jury came with schema v4, a renvoi's approvers
    with v5)."""
    if table not in tables:
        return []
    *columns, order = _LISTED[table]
    present = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
    chosen = ", ".join(c if c in present else "NULL" for c in columns)
    return [tuple(r) for r in conn.execute(f"SELECT {chosen} FROM {table} ORDER BY {order}")]


def _check_blind_fields(manifest: Manifest, log: _Log, out: list[Difference]) -> None:
    """The blind fields each reveal event opens must open their commitments in the signed
    manifest."""
    from jury_desk.bundle.blind_fields import WrongValue, check_opened
    from jury_desk.core.errors import BundleError

    for candidate_id, entry, seq in log.opened:
        try:
            check_opened(manifest, manifest.candidate(candidate_id), entry)
        except WrongValue as exc:
            what = f"the {exc.what} the reveal opens for {candidate_id} does not open its "
            what += "commitment"
            out.append(Difference("audit_event", f"#{seq}", seq, what))
        except (BundleError, KeyError, AssertionError):
            what = f"the reveal opens blind fields for {candidate_id}, which has none sealed"
            out.append(Difference("audit_event", f"#{seq}", seq, what))


def check_tables(conn: sqlite3.Connection) -> list[Difference]:
    """Every row that disagrees with the log (empty: the tables are the log's)."""
    meta = conn.execute("SELECT manifest_json, manifest_sha256 FROM session_meta").fetchone()
    if meta is None:
        return [Difference("session_meta", "1", None, "the session record is missing")]
    log = _Log.read(conn)
    raw, stored_sha = bytes(meta[0]), str(meta[1])
    if hashlib.sha256(raw).hexdigest() != stored_sha or stored_sha != log.manifest_sha256:
        return [
            Difference(
                "session_meta", "1", 1, "the bundle manifest is not the one the session began with"
            )
        ]
    try:
        manifest = parse_manifest(raw)
    except JuryDeskError as exc:
        return [Difference("session_meta", "1", 1, f"the stored manifest is not valid ({exc})")]
    out: list[Difference] = []
    _check_blind_fields(manifest, log, out)
    totals = _check_sheets(conn, manifest, log, out)
    _check_tallies(conn, manifest, log, totals, out)
    _check_sets(conn, log, out)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    for table in _LISTED:
        _check_list(table, _listed_rows(conn, table, tables), log.lists[table], out)
    return out


def _check_sheets(
    conn: sqlite3.Connection, manifest: Manifest, log: _Log, out: list[Difference]
) -> dict[Pair, float]:
    """Sealed sheets against their seals and revisions; the totals their scores give."""
    scores: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    for sheet_id, revision, criterion, value in conn.execute(
        "SELECT sheet_id, revision, criterion_id, value FROM sheet_score"
    ):
        scores[sheet_id, revision][criterion] = float(value)
    revised_rows = conn.execute("SELECT sheet_id, revision, reason FROM sheet_revision")
    reasons = {(sid, rev): reason for sid, rev, reason in revised_rows}
    rubric = manifest.session.rubric
    totals: dict[Pair, float] = {}
    seen: set[Pair] = set()
    for sid, cid, member, salt, commitment, revision, total in conn.execute(
        "SELECT id, candidate_id, member_id, salt, commitment, revision, total FROM sheet "
        "WHERE status = 'sealed'"
    ):
        pair, row = (cid, member), f"{cid}/{member}"
        seen.add(pair)
        if pair not in log.sealed:
            out.append(Difference("sheet", row, None, "it is sealed, but no event seals it"))
            continue
        sealed, seq = log.sealed[pair]
        if commitment != sealed:
            out.append(Difference("sheet", row, seq, "its commitment is not the one sealed"))
        opened = sheet_commitment(bytes(salt or b""), cid, member, scores[sid, 0])
        if opened != sealed:
            out.append(Difference("sheet_score", f"{row} revision 0", seq, "not the scores sealed"))
        events = log.revisions.get(pair, [])
        if revision != len(events):
            what = f"revision {revision}, the log has {len(events)}"
            out.append(Difference("sheet", row, None, what))
        for number, revised, reason, rseq in events:
            where = f"{row} revision {number}"
            if scores.get((sid, number)) != {k: float(v) for k, v in revised.items()}:
                out.append(Difference("sheet_score", where, rseq, "not the scores revised"))
            if reasons.get((sid, number)) != reason:
                out.append(Difference("sheet_revision", where, rseq, "not the reason given"))
        try:
            expected = member_total(scores[sid, revision], rubric)
        except JuryDeskError as exc:
            out.append(Difference("sheet_score", row, None, f"not a valid sheet ({exc})"))
            continue
        totals[pair] = expected
        if total != expected:
            out.append(Difference("sheet", row, None, f"total {total}, its scores give {expected}"))
    for pair in sorted(set(log.sealed) - seen):
        seq = log.sealed[pair][1]
        out.append(Difference("sheet", "/".join(pair), seq, "sealed in the log, not in the table"))
    return totals


def _check_tallies(
    conn: sqlite3.Connection,
    manifest: Manifest,
    log: _Log,
    totals: dict[Pair, float],
    out: list[Difference],
) -> None:
    stored = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT candidate_id, sealed_members, means, overall, flags FROM tally"
        )
    }
    for candidate in manifest.candidates:
        cid = candidate.id
        counted = {
            m: t for (c, m), t in totals.items() if c == cid and (m, cid) not in log.conflicts
        }
        rec = reconcile_totals(manifest, counted)
        expected = (sorted(counted), dict(rec.institution_means), rec.overall, list(rec.flags))
        row = stored.get(cid)
        if row is None:
            out.append(Difference("tally", cid, None, "the candidate has no tally"))
            continue
        members, means, overall, flags = row
        if (json.loads(members), json.loads(means), overall, json.loads(flags)) != expected:
            out.append(
                Difference("tally", cid, None, "not the reconciliation of the counted sheets")
            )


def _check_sets(conn: sqlite3.Connection, log: _Log, out: list[Difference]) -> None:
    revealed = {str(r[0]) for r in conn.execute("SELECT candidate_id FROM reveal")}
    for cid in sorted(revealed ^ set(log.reveals)):
        what = "revealed in the log, not in the table" if cid in log.reveals else "no event"
        out.append(Difference("reveal", cid, log.reveals.get(cid), what))
    rows = conn.execute("SELECT member_id, candidate_id FROM conflict")
    conflicts = {(str(m), str(c)) for m, c in rows}
    for member, cid in sorted(conflicts ^ set(log.conflicts)):
        seq = log.conflicts.get((member, cid))
        what = "declared in the log, not in the table" if seq else "no event declares it"
        out.append(Difference("conflict", f"{cid}/{member}", seq, what))


def _check_list(
    table: str,
    rows: Sequence[tuple[Any, ...]],
    events: Sequence[tuple[tuple[Any, ...], int]],
    out: list[Difference],
) -> None:
    for index, (row, (expected, seq)) in enumerate(zip(rows, events, strict=False)):
        if row != expected:
            out.append(Difference(table, f"#{index + 1}", seq, "not what the event records"))
            return  # what follows is shifted: the first difference says it
    if len(rows) > len(events):
        out.append(Difference(table, f"#{len(events) + 1}", None, "no event records it"))
    elif len(rows) < len(events):
        seq = events[len(rows)][1]
        out.append(Difference(table, f"#{len(rows) + 1}", seq, "the event has no row"))


def check_session_file(
    path: Path, *, with_replay: Callable[[Any], object] | None = None, kept: Any = None
) -> tuple[ChainReport, list[Difference]]:
    """The chain's report and, when it is intact, the table rows that disagree with it.

    Both are read in one read transaction, so a desk writing the session meanwhile (WAL)
    cannot slip a new seal between the events read and the rows read. ``kept``: a signed
    log's ``signed_audit.Verified``, what this process verified of it before.
    """
    conn = open_readonly(path, archive=True)
    try:
        conn.execute("BEGIN")
        if log_format(conn.execute) == 2:
            # A signed log is replayed through the rules (deliberation's phases), which
            # also makes every table to compare: loaded only for a signed session.
            from jury_desk.deliberation.signed_audit import check_signed_session

            return check_signed_session(conn, with_replay=with_replay, kept=kept)
        report = verify_chain(conn)
        if not report.ok:
            return report, []
        return report, check_tables(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path.name} is not a jury-desk session with an audit chain ({exc})."
        ) from None
    except (KeyError, TypeError, ValueError) as exc:
        # An intact chain whose payloads lack what their kind records: only a forger's.
        raise StoreError(f"{path.name} cannot be checked against its log ({exc}).") from None
    finally:
        conn.close()


def session_file_problem(
    path: Path, *, with_replay: Callable[[Any], object] | None = None, kept: Any = None
) -> str | None:
    """Why this session file must not be trusted (chain or tables), in one sentence.
    ``with_replay``: a signed log's, given its verified replay (``replay.replay``); ``kept``:
    as ``check_session_file``'s."""
    report, differences = check_session_file(path, with_replay=with_replay, kept=kept)
    if not report.ok:
        return f"its audit chain is broken at event #{report.first_bad_seq} ({report.reason})"
    if differences:
        first = differences[0].line()
        return f"its tables do not match its audit log ({first}; {len(differences)} in all)"
    return None
