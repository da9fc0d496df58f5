"""The member's worklist: only their candidates, each with the state of their own sheet.

A pure function of what the desk knows: the bundle, the room's last word, the seals read
from the outbox, the room's verdicts and the drafts. Nothing here is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from jury_desk.bundle.manifest import Candidate, Manifest
from jury_desk.core.receipt import receipt as receipt_of
from jury_desk.exchange.verdict import Verdict

#: A sealed sheet the chair's reveal found void (the room's status names its commitment).
VOID_WORDS = (
    "À l'ouverture des plis, votre feuille scellée n'a pas pu être comptée : elle ne "
    "s'ouvre pas avec la clé de la salle, ou ses notes sont hors du barème. Vérifiez vos "
    "notes et scellez-la à nouveau."
)


@dataclass(frozen=True)
class CandidateRow:
    """One line of the member's worklist."""

    candidate_id: str
    name: str | None  # None while the bundle keeps it blind (until the room reveals it)
    state: str  # "to-score" | "draft" | "sent" | "sealed" | "refused" | the room's state
    receipt: str  # the sealed sheet's receipt, "" before
    refusal: str  # the room's words when its last seal was refused
    revealed: bool
    draft: Mapping[str, float]


def shown_name(
    manifest: Manifest, candidate: Candidate, seen: Mapping[str, Any] | None
) -> str | None:
    """A blind name is shown after the room's reveal only: from the bundle when it is in
    clear there (an older bundle), else as the room's status gives it, once opened."""
    if "name" not in manifest.session.blind_fields:
        return candidate.name
    if not (seen and seen.get("revealed")):
        return None
    given = seen.get("name", candidate.name)
    return given if isinstance(given, str) and given else None


def worklist(
    manifest: Manifest,
    member: str,
    summary: tuple[Collection[str], Mapping[str, Mapping[str, Any]]],
    sealed: Mapping[str, tuple[int, str, str]],
    verdict_of: Callable[[int, str], Verdict | None],
    draft_of: Callable[[str], dict[str, float]],
) -> list[CandidateRow]:
    """``member``'s candidates only, in the bundle's order. ``summary``: the room's word on
    the candidates it spoke of (``room_status.summary``); ``sealed``: each candidate's last
    seal sent (its message number, commitment and digest); ``verdict_of``: the room's verdict
    on a message, if any; ``draft_of``: a candidate's draft."""
    covered, room = summary
    void = {
        str(v.get("commitment")): VOID_WORDS
        for seen in room.values()
        for v in seen.get("void", [])
        if isinstance(v, dict)
    }
    rows = []
    for candidate in manifest.candidates:
        if any(c.member == member for c in candidate.conflicts):
            continue
        seen = room.get(candidate.id)
        if seen is None and candidate.id in covered:
            continue  # the room says this member may not see it (a conflict declared)
        receipt, refusal, state = "", "", "to-score"
        draft = draft_of(candidate.id)
        if draft:
            state = "draft"
        last = sealed.get(candidate.id)
        if last is not None:
            n, commitment, digest = last
            verdict = verdict_of(n, digest)
            receipt = receipt_of(commitment)
            if verdict is None:
                state = "sent"
            elif commitment in void:
                state, refusal = ("draft" if draft else "refused"), void[commitment]
            elif verdict.accepted:
                state = "sealed"
            else:
                state, refusal = ("draft" if draft else "refused"), verdict.message
        if seen is not None and seen.get("revealed"):
            state = str(seen.get("state", state))
        rows.append(
            CandidateRow(
                candidate.id,
                shown_name(manifest, candidate, seen),
                state,
                receipt,
                refusal,
                bool(seen and seen.get("revealed")),
                draft,
            )  # fmt: skip
        )
    return rows
