"""What the room tells one member's desk (issue 12, ``exchange/status.py``), bounded.

The status is one signed record (at most ``MAX_RECORD_BYTES``, its body in base64), whatever
the session's size. It holds:

* the reveal key;
* the **summary**, by *blocks* of ``BLOCK_SIZE`` candidates in the bundle's order: for each
  candidate the member may see, its state, whether their own sheet is sealed, the proposal
  they may approve, their void seals, and after the reveal the *version* of its revealed
  sheets (a digest). Some 110 bytes a candidate: 770 kB at 7,000 candidates, too much for
  one record. So the status carries every block's *version* (a digest: 27 bytes for 128
  candidates) and a **page** of blocks: the byte budget, less what the sheets need (at
  most half);
* a page of **revealed sheets** (every counted member's scores: some 1.7 kB a candidate at
  ten members) within the rest of the byte budget.

Both pages are chosen the same way (``_page``): first what changed last (what the jury is
looking at), then a window over the rest that moves on with each status to that desk. The member's
desk keeps each block and each candidate's sheets with the status they came from, so any
page, new or old, by file or network, only fills in (``memberdesk/room_status.py``); the
digests tell it which of its blocks are current. Which candidates and sheets are shown is
the read model's (``queries``): nothing before the reveal, nothing of a candidate the
member is conflicted on.
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import queries
from jury_desk.deliberation.phases import blind
from jury_desk.deliberation.room import Room
from jury_desk.exchange.envelope import MAX_RECORD_BYTES
from jury_desk.exchange.status import BLOCK, BLOCKS, SHEETS, SUMMARY, version_of
from jury_desk.store.records import driver

#: The status body's budget: its record holds it in base64, with routing and signature.
BODY_BUDGET = MAX_RECORD_BYTES * 3 // 4 - 32_768
#: Candidates in one block of the summary: some 14 kB, 27 bytes of digest in each status.
BLOCK_SIZE = 128
#: What a reveal or a revision changes: the sheets a desk must fetch again.
_SHEET_KINDS = ("candidate-revealed", "sheet-revised")


def build(room: Room, member: str, reveal_public: bytes | None, cursors: dict[str, int]) -> bytes:
    """The status body for ``member``'s desk; ``cursors`` (kept by the caller for that
    desk, updated here) say where each page's window starts, so that successive statuses
    bring the rest in turn even in a quiet room."""
    entries: dict[str, dict[str, Any]] = {}
    revealed: list[str] = []
    # A sealed name reaches the member desks (whose bundle holds only its commitment) once
    # the reveal opened it, as the board then shows it.
    sealed_name = "name" in room.manifest.sealed_fields
    for row in queries.board(room, member).rows:
        if row.viewer_conflicted:
            continue
        proposal = row.proposal
        entries[row.candidate_id] = {
            "state": str(row.state),
            "revealed": row.scores_visible,
            "sealed": member in row.sealed_by,
            "proposal": None
            if proposal is None
            else {"id": proposal.id, "decision": proposal.decision, "mention": proposal.mention},
        }
        if row.scores_visible:
            revealed.append(row.candidate_id)
            if sealed_name:
                entries[row.candidate_id]["name"] = row.name
    sheets = revealed_sheets(room, revealed)
    encoded = {cid: dumps_canonical(found) for cid, found in sheets.items()}
    for cid in revealed:
        entries[cid]["sheets_v"] = version_of(encoded[cid])
    for cid, void in void_of(room, member).items():
        if cid in entries:
            entries[cid]["void"] = void
    blocks = _blocks(room, entries)
    encoded_blocks = {str(i): dumps_canonical(b) for i, b in enumerate(blocks)}
    body: dict[str, Any] = {
        "reveal_public": None if reveal_public is None else reveal_public.hex(),
        BLOCK: BLOCK_SIZE,
        BLOCKS: [version_of(e) for e in encoded_blocks.values()],
        SUMMARY: {},
        SHEETS: {},
    }
    left = BODY_BUDGET - len(dumps_canonical(body))
    changed = _last_changes(room)
    summary_order = _changed_last_blocks(room, changed["any"], len(blocks))
    by_index = {str(i): b for i, b in enumerate(blocks)}
    # The summary first, leaving the sheets what they need, at most half the budget.
    sheets_need = sum(len(e) + len(cid) + 4 for cid, e in encoded.items())
    body[SUMMARY], cursors[SUMMARY] = _page(
        by_index, encoded_blocks, summary_order, {str(i): i for i in range(len(blocks))},
        cursors.get(SUMMARY, 0), left - min(sheets_need, left // 2),
    )  # fmt: skip
    left -= len(dumps_canonical(body[SUMMARY]))
    sheet_order = sorted(revealed, key=lambda cid: (-changed["sheets"].get(cid, 0), cid))
    place = {c.id: i for i, c in enumerate(room.manifest.candidates)}
    body[SHEETS], cursors[SHEETS] = _page(
        sheets, encoded, sheet_order, place, cursors.get(SHEETS, 0), left
    )
    return dumps_canonical(body)


def _blocks(room: Room, entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The summary cut in blocks of the bundle's order (an absent candidate: hidden)."""
    size = BLOCK_SIZE
    count = -(-len(room.manifest.candidates) // size)
    blocks: list[dict[str, Any]] = [{} for _ in range(count)]
    for index, candidate in enumerate(room.manifest.candidates):
        entry = entries.get(candidate.id)
        if entry is not None:
            blocks[index // size][candidate.id] = entry
    return blocks


def revealed_sheets(room: Room, candidate_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The counted sheets of revealed candidates, each at its latest revision, as a member
    desk shows them (member, total, scores): three reads for all, not one per candidate."""
    db = driver(room.conn)
    wanted = set(candidate_ids)
    counted = {
        cid: set(json.loads(members))
        for cid, members in db.execute("SELECT candidate_id, sealed_members FROM tally")
        if cid in wanted
    }
    out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in candidate_ids}
    # One row a sheet (its scores grouped by SQLite): some 20,000 rows, not 160,000.
    for cid, member_id, total, scores in db.execute(
        "SELECT s.candidate_id, s.member_id, s.total, json_group_object(ss.criterion_id, ss.value) "
        "FROM sheet s JOIN sheet_score ss ON ss.sheet_id = s.id AND ss.revision = s.revision "
        "WHERE s.status = 'sealed' AND s.total IS NOT NULL GROUP BY s.id "
        "ORDER BY s.candidate_id, s.member_id"
    ):
        if cid in wanted and member_id in counted.get(cid, ()):
            values = {k: float(v) for k, v in json.loads(scores).items()}
            out[cid].append({"member": member_id, "total": float(total), "scores": values})
    return out


def void_of(room: Room, member: str) -> dict[str, list[dict[str, str]]]:
    """``member``'s sealed sheets a reveal found void (``phases/blind.py``), by candidate
    then commitment: their desk tells them, and they may seal again."""
    rows = driver(room.conn).execute(
        "SELECT payload FROM audit_event WHERE kind = ? ORDER BY seq", (blind.KIND_VOID,)
    )
    out: dict[str, list[dict[str, str]]] = {}
    for (text,) in rows:
        payload = json.loads(text)
        for entry in payload["sheets"]:
            if entry["member"] == member:
                found = {"commitment": entry["commitment"], "reason": entry["reason"]}
                out.setdefault(payload["candidate"], []).append(found)
    return out


def _last_changes(room: Room) -> dict[str, dict[str, int]]:
    """Per candidate, the log's seq of its last event (``any``) and of its last reveal or
    revision (``sheets``): one pass over the log."""
    kinds = ", ".join(f"'{k}'" for k in _SHEET_KINDS)
    out: dict[str, dict[str, int]] = {"any": {}, "sheets": {}}
    for cid, last, last_sheets in driver(room.conn).execute(
        "SELECT json_extract(payload, '$.candidate') AS c, max(seq), "
        f"max(CASE WHEN kind IN ({kinds}) THEN seq END) FROM audit_event "
        "WHERE c IS NOT NULL GROUP BY c"
    ):
        out["any"][str(cid)] = int(last)
        if last_sheets is not None:
            out["sheets"][str(cid)] = int(last_sheets)
    return out


def _changed_last_blocks(room: Room, last: dict[str, int], count: int) -> list[str]:
    """The summary's blocks, those holding the candidates changed last first."""
    size = BLOCK_SIZE
    newest = [0] * count
    for index, candidate in enumerate(room.manifest.candidates):
        block = index // size
        newest[block] = max(newest[block], last.get(candidate.id, 0))
    return [str(i) for i in sorted(range(count), key=lambda i: (-newest[i], i))]


def _page(
    values: dict[str, Any],
    encoded: dict[str, bytes],
    order: list[str],
    place: dict[str, int],
    cursor: int,
    budget: int,
) -> tuple[dict[str, Any], int]:
    """At most ``budget`` bytes of ``values``: the latest changes (``order``) first, within
    half the budget, then the others in their ``place`` order from ``cursor`` on, wrapping
    around; and where the next window starts."""
    page: dict[str, Any] = {}
    used = 0

    def add(key: str, limit: int) -> bool:
        nonlocal used
        size = len(encoded[key]) + len(key) + 4
        if used + size > limit:
            return False
        page[key] = values[key]
        used += size
        return True

    taken = 0
    for key in order:
        if not add(key, budget // 2):
            break
        taken += 1
    rest = sorted(order[taken:], key=place.__getitem__)
    start = bisect.bisect_left([place[k] for k in rest], cursor)
    for key in rest[start:] + rest[:start]:
        if not add(key, budget):
            break
        cursor = place[key] + 1
    return page, cursor
