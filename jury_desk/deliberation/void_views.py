"""Which sealed sheets the chair's reveals did not count, and why (issue 12): read from the
chair's signed ``sheets-void`` events (``phases/blind.py``), for the room's board and the
candidate's pane. Whose and why, never what: an off-rubric sheet's opened scores are in
the event, for anyone checking the claim, and never in these views."""

from __future__ import annotations

import json

from jury_desk.deliberation.phases import blind
from jury_desk.deliberation.readmodels import VoidSheetView
from jury_desk.deliberation.room import Room
from jury_desk.store.records import driver


def void_sheets(room: Room, candidate_id: str | None = None) -> tuple[VoidSheetView, ...]:
    """Every void sheet in the log's order (of one candidate if ``candidate_id``)."""
    query = "SELECT at, payload FROM audit_event WHERE kind = ?"
    args: tuple[str, ...] = (blind.KIND_VOID,)
    if candidate_id is not None:
        query += " AND json_extract(payload, '$.candidate') = ?"
        args += (candidate_id,)
    out = []
    for at, text in driver(room.conn).execute(query + " ORDER BY seq", args):
        payload = json.loads(text)
        candidate = str(payload["candidate"])
        for entry in payload["sheets"]:
            member = str(entry["member"])
            now = room.sheet(member, candidate)
            out.append(
                VoidSheetView(
                    candidate_id=candidate,
                    member_id=member,
                    member_name=room.member(member).name,
                    reason=str(entry["reason"]),
                    forced=payload.get("forced_by") is not None,
                    at=str(at),
                    sealed_again=now is not None
                    and now.status == "sealed"
                    and now.commitment != entry["commitment"],
                )
            )
    return tuple(out)
