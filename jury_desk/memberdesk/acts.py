"""The acts a member desk sends, as the room desk's rules log them (``signing/desk_proof``).

Each function returns ``(kind, payload)``: exactly the payload the room's event will carry
(but for the fields the room adds and the member's proof), so the room can check that the
event the rules make is what the member signed. Pure functions: nothing here is stored.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from jury_desk.bundle.minisign import SecretKey
from jury_desk.exchange.envelope import Session
from jury_desk.signing import desk_proof
from jury_desk.signing.event_log import KIND_KEY, key_registration
from jury_desk.signing.sheet import SealedSheet, seal_sheet

Act = tuple[str, dict[str, Any]]


def register(member: str, key: SecretKey, *, pinned: bool) -> Act:
    """The member's first act: the key their desk signs with (proof of possession)."""
    return KIND_KEY, key_registration(member, key, pinned=pinned)


def check_in(member: str) -> Act:
    return "checked-in", {"member": member}


def check_out(member: str) -> Act:
    return "checked-out", {"member": member}


def sealed_sheet(
    reveal_public: bytes, address: Session, member: str, candidate: str,
    scores: Mapping[str, float],
) -> tuple[Act, SealedSheet]:  # fmt: skip
    """Seal a complete sheet to the session's reveal key, bound to the bundle's address (a
    desk at home knows no session id); the act and the sealed sheet (its receipt)."""
    # Floats, as the room desk's own seal commits them (14 and 14.0 are two commitments).
    values = {criterion: float(value) for criterion, value in scores.items()}
    sealed = seal_sheet(reveal_public, desk_proof.sheet_label(address), candidate, member, values)
    payload = {
        "member": member,
        "candidate": candidate,
        "commitment": sealed.commitment,
        "envelope": base64.b64encode(sealed.envelope).decode("ascii"),
    }
    return ("sheet-sealed", payload), sealed


def note(candidate: str, text: str) -> Act:
    return "note-added", {"candidate": candidate, "text": text}


def approve(
    candidate: str, proposal: int, decision: str, mention: str | None, institution: str
) -> Act:
    """Approve one proposal (its number, decision and mention, as the room's status showed
    it): if the jury replaced it meanwhile, the room refuses the approval."""
    return "approved", {
        "candidate": candidate,
        "proposal": proposal,
        "decision": decision,
        "mention": mention,
        "institution": institution,
    }


def object_to(candidate: str, proposal: int, reason: str) -> Act:
    return "objected", {"candidate": candidate, "proposal": proposal, "reason": reason}


def conflict(member: str, candidate: str, category: str, note_text: str = "") -> Act:
    return "conflict-declared", {
        "member": member,
        "candidate": candidate,
        "category": category,
        "note": note_text,
    }
