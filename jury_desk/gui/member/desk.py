"""What the member desk's GUI asks of the Qt-free member desk (issue 12, DESIGN.md §9).

The GUI is a thin face: every rule and every write is the member desk's
(``jury_desk.memberdesk``), which opens the bundle verified as the room desk does and the
member's key, keeps drafts sealed to the member, seals sheets to the reveal key, signs each
act into the outbox and reads the room's verdicts and status. These protocols name the few
calls the page makes (the member desk's own names), so the page can be built and tested
against any object that answers them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.exchange.envelope import Envelope
from jury_desk.exchange.memberbox import MemberBox

# The room's words for a sheet's state, as the member desk gives them.
SHEET_STATES = ("to-score", "draft", "sent", "sealed", "refused")


class CandidateRowLike(Protocol):
    """One line of the member's worklist (``memberdesk.worklist.CandidateRow``)."""

    @property
    def candidate_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...  # None: blind until the reveal
    @property
    def state(self) -> str: ...  # one of SHEET_STATES, or the room's state once revealed
    @property
    def receipt(self) -> str: ...
    @property
    def refusal(self) -> str: ...  # the room's words for a refused seal
    @property
    def revealed(self) -> bool: ...


class AnswerLike(Protocol):
    """The room's verdict on one of this desk's messages (``memberdesk.desk.Answer``)."""

    @property
    def n(self) -> int: ...
    @property
    def kind(self) -> str: ...  # "sheet-sealed", "note-added", "approved"...
    @property
    def candidate(self) -> str: ...
    @property
    def accepted(self) -> bool: ...
    @property
    def message(self) -> str: ...


class MemberDeskLike(Protocol):
    manifest: Manifest
    member: str  # the member's id
    box: MemberBox  # the outbox and the room's replies (files and network)
    folder: Path  # the desk's own folder (the pinned room certificate is kept there)
    verified: VerifiedBundle | None  # the documents' source: each read re-checks them

    def candidates(self) -> Sequence[CandidateRowLike]: ...

    def check_in(self) -> object:
        """ "I am in the room": the member's arrival, sent like any act (the room applies it)."""

    def check_out(self) -> object: ...

    def draft(self, candidate_id: str) -> dict[str, float]: ...

    def save_draft(
        self, candidate_id: str, scores: Mapping[str, float], cleared: Sequence[str] = ()
    ) -> None: ...

    def seal(self, candidate_id: str) -> str:
        """Seal the saved, complete draft to the reveal key and send it; the receipt."""

    def add_note(self, candidate_id: str, text: str) -> object: ...

    def approve(self, candidate_id: str) -> object: ...

    def object_to(self, candidate_id: str, reason: str) -> object: ...

    def proposal(self, candidate_id: str) -> dict[str, Any] | None:
        """The proposal the room's last status showed (``id``, ``decision``, ``mention``)."""

    def revealed_sheets(self, candidate_id: str) -> list[dict[str, Any]] | None:
        """After the reveal only: this candidate's revealed sheets, read-only; None while
        they are on their way from the room."""

    def answers(self) -> Sequence[AnswerLike]: ...

    def resend_waiting(self) -> Sequence[object]:
        """Send again each act the room refused only for its moment (quorum, not yet
        arrived...): the new messages."""

    def export_to(self, folder: Path) -> int:
        """Write this desk's messages the folder (a USB key) lacks; how many."""

    def receive_status(self, status: Envelope) -> bool:
        """Keep the room's status (sent over the network) if verified: whether it brought
        anything new."""

    def import_from(self, folder: Path) -> int:
        """Read the room's replies (and its status) in ``folder``; the verdicts they brought."""

    def has_made_key(self) -> bool:
        """This desk made the member's key (else they opened it with their own key file)."""

    def export_key(self, folder: Path) -> Path:
        """Write the key file this desk made, still encrypted, into ``folder``; its path."""


class MemberChoiceLike(Protocol):
    """One member the chooser offers (``memberdesk.opening.MemberChoice``)."""

    @property
    def member_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def institution(self) -> str: ...
    @property
    def has_desk_key(self) -> bool: ...  # this desk made their key before


@runtime_checkable
class MemberOpeningLike(Protocol):
    """A verified bundle whose key file does not say who the member is
    (``memberdesk.opening.Opening``): the member chooses, then the desk opens."""

    @property
    def brought_key(self) -> bool: ...  # a key file was given (else the desk makes one)

    def choices(self) -> Sequence[MemberChoiceLike]: ...

    def desk(self, member: str, *, again: str | None = None) -> MemberDeskLike:
        """The chosen member's desk; ``again``: the passphrase typed a second time, when
        this desk makes their key."""


# How the start page opens a member desk: the bundle (verified on the worker as the room desk
# verifies it, with progress), the key file (None: the desk makes or keeps the member's key),
# its passphrase, the data folder, the keys this desk trusts. A bundle that pins the key
# gives the desk at once; otherwise the member chooses who they are (``MemberOpeningLike``).
ProgressFn = Callable[[int, int], None]
MemberDeskOpener = Callable[
    [Path, Path | None, str, Path, Sequence[PublicKey], ProgressFn, Callable[[], bool]],
    "MemberDeskLike | MemberOpeningLike",
]
