"""Closing: the chair closes a session whose every candidate is final, and may reopen it."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlmodel import select

from jury_desk.core.errors import RuleError
from jury_desk.deliberation.states import SessionState
from jury_desk.deliberation.transaction import SHORT_TEXT, Tx, clean_text
from jury_desk.store.audit import head
from jury_desk.store.tables import Closure, SessionMeta


def close_session(tx: Tx, chair_id: str) -> str:
    """Close the session; returns the audit head that the minutes print."""
    chair = tx.room.chair(chair_id)
    tx.room.require_open()
    tx.room.require_present(chair)
    tx.room.require_quorum()
    pending = tx.room.undecided()
    if pending:
        shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
        raise RuleError(
            "not-final",
            f"{len(pending)} candidate(s) have no final decision yet ({shown}): finish "
            "their deliberation, or record those a school cannot deliberate as non délibéré.",
        )
    tx.conn.execute(update(SessionMeta).values(state=SessionState.CLOSED.value))
    tx.conn.execute(insert(Closure).values(kind="close", actor=chair.id, reason="", at=tx.at))
    tx.log(chair.id, "session-closed", {"candidates": len(tx.room.manifest.candidates)})
    return head(tx.conn)[1]


def checked_reopen(reason: str) -> str:
    return clean_text(reason, "the reason for reopening", SHORT_TEXT, required="reason-required")


def reopen(tx: Tx, chair_id: str, reason: str) -> None:
    chair = tx.room.chair(chair_id)
    if tx.room.state() != SessionState.CLOSED:
        raise RuleError("not-closed", "The session is open: there is nothing to reopen.")
    count = tx.conn.execute(select(SessionMeta.reopen_count)).scalar_one()
    tx.conn.execute(
        update(SessionMeta).values(state=SessionState.OPEN.value, reopen_count=count + 1)
    )
    tx.conn.execute(insert(Closure).values(kind="reopen", actor=chair.id, reason=reason, at=tx.at))
    tx.log(chair.id, "session-reopened", {"reason": reason, "reopen_count": count + 1})
