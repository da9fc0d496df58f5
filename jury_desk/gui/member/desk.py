"""What the member desk's GUI asks of the Qt-free member desk (issue 12, DESIGN.md §9).

The GUI is a thin face: every rule and every write is the member desk's (``memberdesk``, by
the ``ledger`` helper), which opens the verified bundle and the member's key, keeps drafts
sealed to the member, seals sheets to the reveal key, signs each act into the outbox and
reads the room's verdicts and reveal status. This module names the few calls the GUI makes,
so the page can be built and tested against any object that answers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from jury_desk.bundle.manifest import Manifest, Member
from jury_desk.exchange.memberbox import MemberBox

SheetState = Literal["blank", "draft", "sent", "accepted", "refused"]


@dataclass(frozen=True)
class Proposal:
    """The decision the room proposes for a candidate, as its last status said."""

    number: int
    decision: str
    mention: str | None
    approved_by_mine: bool  # this member's institution has already given its approval


@dataclass(frozen=True)
class CandidateStatus:
    """One of this member's candidates, as this desk knows it (never another's score)."""

    candidate_id: str
    sheet: SheetState
    message: str = ""  # the room's words for a refusal ("vous êtes en conflit sur ADM-08")
    receipt: str = ""  # the sealed sheet's commitment, once sealed
    revealed: bool = False
    proposal: Proposal | None = None


@dataclass(frozen=True)
class Answer:
    """One verdict of the room desk on one of this desk's messages, in the member's words."""

    n: int
    what: str  # "Feuille scellée ADM-03", "Note ADM-05"...
    accepted: bool
    message: str
    at: str


class MemberDeskLike(Protocol):
    manifest: Manifest
    member: Member
    box: MemberBox  # the outbox and the room's replies (files and network)

    def candidates(self) -> list[str]:
        """This member's candidates (their conflicts excluded), in the bundle's order."""

    def status(self, candidate_id: str) -> CandidateStatus: ...

    def draft(self, candidate_id: str) -> dict[str, float]: ...

    def save_draft(self, candidate_id: str, scores: Mapping[str, float]) -> None: ...

    def seal(self, candidate_id: str, scores: Mapping[str, float]) -> str:
        """Seal the sheet to the reveal key and put it in the outbox; the receipt."""

    def add_note(self, candidate_id: str, text: str) -> None: ...

    def approve(self, candidate_id: str) -> None: ...

    def object_to(self, candidate_id: str, reason: str) -> None: ...

    def read_document(self, path: str) -> bytes:
        """A document of the verified bundle, re-checked against the signed manifest."""

    def answers(self) -> list[Answer]:
        """The room's verdicts on this desk's messages, newest last."""

    def revealed_sheets(self, candidate_id: str) -> dict[str, dict[str, float]]:
        """After the reveal only: this candidate's sheets by member, read-only."""
