"""The board, kept between reads: after an act, only the rows of the candidates that the act
changed are built again (issue 11: the board after a change within 50 ms at 2,000
candidates, where building every row takes about as long).

Which rows changed is read from the log, the session's truth: every write of the service
appends its events in the same transaction as its rows, and an event whose payload names
one candidate of the bundle (``"candidate"``) changes that candidate's row alone (a seal,
a reveal, a note, a proposal, an approval, a conflict...). A check-in or a check-out
changes one figure of every row, the sheets to expect, worked out again for each row from
its sealed members and the candidate's conflicts (``queries.expected_sheets``, as a built
row's). Any other event (a closing, a key registration), more events than ``MAX_EVENTS``,
or a chain that no longer runs through the head last read (another file under the desk)
builds every row again. So a row is rebuilt from the same queries whether
kept or not (``queries.board_rows``), and a kept board equals a fresh one: the tests
compare them after every act of the stateful property test.

The board is what the desk shows; it is not a check of the file. A table edited under the
desk without its event may show late here: ``audit verify`` and the export name it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Row, text

from jury_desk.deliberation import queries
from jury_desk.deliberation.readmodels import BoardRow, BoardView
from jury_desk.deliberation.room import Room
from jury_desk.store.audit import head

#: Past this many events since the last read (a fast-forward, a desk's batch), every row
#: is built again: as quick as reading and sorting out that many events.
MAX_EVENTS = 64

_SINCE = text(
    "SELECT seq, hash, kind, payload FROM audit_event WHERE seq >= :seq ORDER BY seq LIMIT :n"
)
#: In ``_changed``'s answer: someone came or left (no candidate id is empty).
PRESENCE = ""
_PRESENCE_KINDS = frozenset({"checked-in", "checked-out"})


@dataclass
class _Kept:
    """One viewer's board as of the event ``seq`` (whose hash is ``hash``)."""

    seq: int
    hash: str
    rows: dict[str, BoardRow]
    proposals: dict[str, Row[Any]]


class BoardCache:
    """Each viewer's board rows, brought up to date at each read from the log's new events.
    Used under the service's lock (one reader or writer at a time)."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}

    def board(self, room: Room, viewer_id: str) -> BoardView:
        seq, hash_ = head(room.conn)
        kept = self._kept.get(viewer_id)
        changed = None if kept is None else _changed(room, kept, seq)
        if kept is None or changed is None:
            rows, proposals = queries.board_rows(room, viewer_id)
            kept = self._kept[viewer_id] = _Kept(seq, hash_, rows, proposals)
        elif changed:
            if PRESENCE in changed:
                changed.discard(PRESENCE)
                _expect_again(room, kept.rows)
            rows, proposals = queries.board_rows(room, viewer_id, changed)
            kept.rows.update(rows)  # a dict keeps each key's place: the bundle's order
            for candidate_id in changed:
                kept.proposals.pop(candidate_id, None)
            kept.proposals.update(proposals)
        kept.seq, kept.hash = seq, hash_
        return queries.board_view(room, viewer_id, kept.rows, kept.proposals, (seq, hash_))


def _expect_again(room: Room, rows: dict[str, BoardRow]) -> None:
    """Every row's sheets to expect, after someone came or left."""
    voters = queries.present_voters(room)
    conflicts = queries.conflicts_by_candidate(room)
    for candidate_id, row in rows.items():
        against = conflicts.get(candidate_id, ())
        expected = queries.expected_sheets(row.sealed_by, voters, against)
        if expected != row.expected:
            rows[candidate_id] = replace(row, expected=expected)


def _changed(room: Room, kept: _Kept, seq: int) -> set[str] | None:
    """The candidates whose rows the events after ``kept`` changed, and ``PRESENCE`` if
    someone came or left; None: every row may have changed (or the log no longer runs
    through ``kept``'s head)."""
    if seq < kept.seq:
        return None
    events = room.conn.execute(_SINCE, {"seq": kept.seq, "n": MAX_EVENTS + 2}).all()
    if not events or (events[0][0], events[0][1]) != (kept.seq, kept.hash):
        return None
    if len(events) > MAX_EVENTS + 1 or events[-1][0] != seq:
        return None
    changed: set[str] = set()
    for _seq, _hash, kind, payload in events[1:]:
        if kind in _PRESENCE_KINDS:
            changed.add(PRESENCE)
            continue
        candidate = _candidate(payload)
        if candidate is None or not _in_bundle(room, candidate):
            return None
        changed.add(candidate)
    return changed


def _in_bundle(room: Room, candidate_id: str) -> bool:
    try:
        room.manifest.candidate(candidate_id)
    except KeyError:
        return False
    return True


def _candidate(payload: str) -> str | None:
    """The one candidate an event's payload names, if it names one."""
    try:
        body = json.loads(payload)
    except ValueError:
        return None
    found = body.get("candidate") if isinstance(body, dict) else None
    return found if isinstance(found, str) else None
