"""Every write the desk makes, one small named function per service action.

In the style of Anki's ``aqt/operations``: a view says *what* it does
(``operations.approve(controller, ...)``), and this module is the one place that says *how*
it reaches the deliberation service. Each function runs inside ``controller.writing()``,
so a success refreshes every view and a refusal (a ``JuryDeskError``) reaches the caller,
which shows it next to what the member typed. No rule is checked here: the service does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from jury_desk.deliberation.readmodels import SealReceipt, VoidSheetView
from jury_desk.gui.controller import SessionController

# ---------------------------------------------------------------- the room


def check_in(controller: SessionController, member_id: str, passphrase: str | None = None) -> None:
    """A signed act in a signed session (format 2): it takes the member's passphrase."""
    with controller.writing():
        controller.service.check_in(member_id, passphrase=passphrase)


def check_out(controller: SessionController, member_id: str, passphrase: str | None = None) -> None:
    with controller.writing():
        controller.service.check_out(member_id, passphrase=passphrase)


def register_key(
    controller: SessionController, member_id: str, passphrase: str, secret_key: bytes | None
) -> None:
    """A signed session: the member's first act, their key (``secret_key``: the file the
    bundle pinned, brought by the member; None: the desk makes their pair)."""
    with controller.writing():
        controller.service.register_key(member_id, passphrase, secret_key)


def bring_key(
    controller: SessionController, member_id: str, passphrase: str, secret_key: bytes
) -> None:
    """A member whose desk registered their key brings the file it exported."""
    with controller.writing():
        controller.service.bring_key(member_id, passphrase, secret_key)


def set_passphrase(controller: SessionController, member_id: str, passphrase: str) -> None:
    with controller.writing():
        controller.service.set_passphrase(member_id, passphrase)


def declare_conflict(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    category: str,
    note: str,
    passphrase: str | None = None,
) -> None:
    """A member declares their own conflict of interest for a candidate."""
    with controller.writing():
        controller.service.declare_conflict(
            member_id, member_id, candidate_id, category, note, passphrase=passphrase
        )


# ---------------------------------------------------------------- scoring


def save_draft(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    scores: Mapping[str, float],
    cleared: Collection[str],
) -> None:
    """The draft is what the member sees: a criterion they emptied is cleared too. The
    controller holds it too (a signed session's drafts are sealed to their author)."""
    with controller.writing():
        controller.service.save_draft(member_id, candidate_id, scores, cleared=cleared)
        controller.hold_draft(candidate_id, scores)


def seal(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    passphrase: str,
    seen: Mapping[str, float],
) -> SealReceipt:
    """Seal what the member checked on screen (``seen``): the service refuses a draft that
    differs, so a draft swapped in the file is never sealed in their name."""
    with controller.writing():
        return controller.service.seal(member_id, candidate_id, passphrase, seen=seen)


@dataclass(frozen=True)
class Opened:
    """What the *ouverture des plis* did: the candidates revealed, and the sealed sheets it
    did not count (whose and why: the chair tells the room)."""

    revealed: tuple[str, ...]
    void: tuple[VoidSheetView, ...]


def open_ready(controller: SessionController, chair_id: str, passphrase: str) -> Opened:
    """*Ouverture des plis*: the chair opens every candidate ready to be revealed."""
    service = controller.service
    with controller.writing():
        before = len(service.void_sheets())  # the log only grows: the act's come after
        revealed = service.open_ready(chair_id, passphrase)
        return Opened(revealed, service.void_sheets()[before:])


def force_reveal(
    controller: SessionController, chair_id: str, candidate_id: str, passphrase: str
) -> None:
    with controller.writing():
        controller.service.force_reveal(chair_id, candidate_id, passphrase)


def revise(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    scores: Mapping[str, float],
    reason: str,
    passphrase: str,
) -> None:
    with controller.writing():
        controller.service.revise(member_id, candidate_id, scores, reason, passphrase)


# ---------------------------------------------------------------- decisions


def add_note(
    controller: SessionController,
    author_id: str,
    candidate_id: str,
    text: str,
    passphrase: str | None = None,
) -> None:
    with controller.writing():
        controller.service.add_note(author_id, candidate_id, text, passphrase=passphrase)


def accept_rule_proposal(
    controller: SessionController, author_id: str, candidate_id: str, passphrase: str | None = None
) -> None:
    with controller.writing():
        controller.service.accept_rule_proposal(author_id, candidate_id, passphrase=passphrase)


def propose(
    controller: SessionController,
    author_id: str,
    candidate_id: str,
    decision: str,
    mention: str | None,
    justification: str,
    passphrase: str | None = None,
) -> None:
    with controller.writing():
        controller.service.propose(
            author_id, candidate_id, decision, mention, justification, passphrase=passphrase
        )


def approve(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    institution: str,
    passphrase: str,
) -> None:
    with controller.writing():
        controller.service.approve(member_id, candidate_id, institution, passphrase)


def approve_batch(
    controller: SessionController,
    member_id: str,
    candidate_ids: list[str],
    institution: str,
    passphrase: str,
) -> tuple[str, ...]:
    with controller.writing():
        return controller.service.approve_batch(member_id, candidate_ids, institution, passphrase)


def add_jury_points(
    controller: SessionController,
    author_id: str,
    candidate_id: str,
    points: float,
    justification: str,
    passphrase: str | None = None,
) -> None:
    with controller.writing():
        controller.service.add_jury_points(
            author_id, candidate_id, points, justification, passphrase=passphrase
        )


def raise_objection(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    passphrase: str,
    reason: str,
) -> None:
    with controller.writing():
        controller.service.raise_objection(member_id, candidate_id, passphrase, reason)


# ---------------------------------------------------------------- closing


def close_session(controller: SessionController, chair_id: str, passphrase: str) -> None:
    with controller.writing():
        controller.service.close_session(chair_id, passphrase)


def reopen(controller: SessionController, chair_id: str, passphrase: str, reason: str) -> None:
    with controller.writing():
        controller.service.reopen(chair_id, passphrase, reason)


def record_renvoi(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    reason: str,
    passphrase: str,
) -> None:
    """Non délibéré — renvoyé, for a candidate a school cannot deliberate."""
    with controller.writing():
        controller.service.record_renvoi(member_id, candidate_id, reason, passphrase)
