"""What the room tells one member's desk (issue 12, ``exchange/status.py``), bounded.

The status is one signed record (at most ``MAX_RECORD_BYTES``, its body in base64). It
holds, for each candidate the member may score, its state, whether their own sheet is
sealed, the proposal they may approve, and after the reveal the *version* of its revealed
sheets (a digest); their void seals; the reveal key. Those are small: some 80 bytes a
candidate.

The revealed sheets themselves (every counted member's scores: some 1.7 kB a candidate
at ten members, 3.4 MB at 2,000 candidates) come in **pages** within a byte budget: first
the candidates whose sheets changed last (what the jury is looking at), then, for the rest
of the budget, a window over the others that moves with the log's length. The member's
desk keeps each candidate's sheets with their digest and shows only those that match the
digest of the newest status: so any page, new or old, by file or network, only fills in;
nothing stale is ever shown. Which candidates and sheets are shown is the read model's
(``queries``): nothing before the reveal, nothing of a candidate the member is
conflicted on.
"""

from __future__ import annotations

import json
from typing import Any

from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import queries
from jury_desk.deliberation.phases import blind
from jury_desk.deliberation.room import Room
from jury_desk.exchange.envelope import MAX_RECORD_BYTES
from jury_desk.exchange.status import SHEETS, version_of
from jury_desk.store.records import driver

#: The status body's budget: its record holds it in base64, with routing and signature.
BODY_BUDGET = MAX_RECORD_BYTES * 3 // 4 - 32_768


def build(room: Room, member: str, reveal_public: bytes | None, seq: int) -> bytes:
    """The status body for ``member``'s desk, at the log's length ``seq``."""
    candidates: dict[str, Any] = {}
    revealed: list[str] = []
    # A sealed name reaches the member desks (whose bundle holds only its commitment) once
    # the reveal opened it, as the board then shows it.
    sealed_name = "name" in room.manifest.sealed_fields
    for row in queries.board(room, member).rows:
        if row.viewer_conflicted:
            continue
        proposal = row.proposal
        candidates[row.candidate_id] = {
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
                candidates[row.candidate_id]["name"] = row.name
    sheets = revealed_sheets(room, revealed)
    encoded = {cid: dumps_canonical(found) for cid, found in sheets.items()}
    for cid in revealed:
        candidates[cid]["sheets_v"] = version_of(encoded[cid])
    body: dict[str, Any] = {
        "reveal_public": None if reveal_public is None else reveal_public.hex(),
        "candidates": candidates,
        "void": void_of(room, member),
        SHEETS: {},
    }
    left = BODY_BUDGET - len(dumps_canonical(body))
    body[SHEETS] = _page(sheets, encoded, _changed_last(room, revealed), seq, left)
    return dumps_canonical(body)


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


def void_of(room: Room, member: str) -> list[dict[str, str]]:
    """``member``'s sealed sheets a reveal found void (``phases/blind.py``), by commitment:
    their desk tells them, and they may seal again."""
    rows = driver(room.conn).execute(
        "SELECT payload FROM audit_event WHERE kind = ? ORDER BY seq", (blind.KIND_VOID,)
    )
    out = []
    for (text,) in rows:
        payload = json.loads(text)
        for entry in payload["sheets"]:
            if entry["member"] == member:
                out.append(
                    {
                        "candidate": payload["candidate"],
                        "commitment": entry["commitment"],
                        "reason": entry["reason"],
                    }
                )
    return out


def _changed_last(room: Room, revealed: list[str]) -> list[str]:
    """The revealed candidates, those whose sheets changed last (reveal, revision) first."""
    last = dict(
        driver(room.conn).execute(
            "SELECT json_extract(payload, '$.candidate'), max(seq) FROM audit_event "
            "WHERE kind IN ('candidate-revealed', 'sheet-revised') GROUP BY 1"
        )
    )
    return sorted(revealed, key=lambda cid: (-int(last.get(cid) or 0), cid))


def _page(
    sheets: dict[str, list[dict[str, Any]]],
    encoded: dict[str, bytes],
    order: list[str],
    seq: int,
    budget: int,
) -> dict[str, list[dict[str, Any]]]:
    """At most ``budget`` bytes of sheets: the latest changes first (half the budget), then
    a window over the others starting at a point that moves with ``seq``."""
    page: dict[str, list[dict[str, Any]]] = {}
    used = 0

    def add(cid: str, limit: int) -> bool:
        nonlocal used
        size = len(encoded[cid]) + len(cid) + 4
        if used + size > limit:
            return False
        page[cid] = sheets[cid]
        used += size
        return True

    taken = 0
    for cid in order:
        if not add(cid, budget // 2):
            break
        taken += 1
    rest = order[taken:]
    if rest:
        start = (seq * 7919) % len(rest)  # a prime stride: successive statuses differ
        for cid in rest[start:] + rest[:start]:
            if not add(cid, budget):
                break
    return page
