"""Every write the desk makes, one small named function per service action.

In the style of Anki's ``aqt/operations``: a view says *what* it does
(``operations.approve(controller, ...)``), and this module is the one place that says *how*
it reaches the deliberation service. Each function runs inside ``controller.writing()``,
so a success refreshes every view and a refusal (a ``JuryDeskError``) reaches the caller,
which shows it next to what the member typed. No rule is checked here: the service does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from jury_desk.deliberation.readmodels import SealReceipt
from jury_desk.gui.controller import SessionController

# ---------------------------------------------------------------- the room


def check_in(controller: SessionController, member_id: str) -> None:
    with controller.writing():
        controller.service.check_in(member_id)


def check_out(controller: SessionController, member_id: str) -> None:
    with controller.writing():
        controller.service.check_out(member_id)


def set_passphrase(controller: SessionController, member_id: str, passphrase: str) -> None:
    with controller.writing():
        controller.service.set_passphrase(member_id, passphrase)


def declare_conflict(
    controller: SessionController, member_id: str, candidate_id: str, category: str, note: str
) -> None:
    """A member declares their own conflict of interest for a candidate."""
    with controller.writing():
        controller.service.declare_conflict(member_id, member_id, candidate_id, category, note)


# ---------------------------------------------------------------- scoring


def save_draft(
    controller: SessionController,
    member_id: str,
    candidate_id: str,
    scores: Mapping[str, float],
    cleared: Collection[str],
) -> None:
    """The draft is what the member sees: a criterion they emptied is cleared too."""
    with controller.writing():
        controller.service.save_draft(member_id, candidate_id, scores, cleared=cleared)


def seal(
    controller: SessionController, member_id: str, candidate_id: str, passphrase: str
) -> SealReceipt:
    with controller.writing():
        return controller.service.seal(member_id, candidate_id, passphrase)


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


def add_note(controller: SessionController, author_id: str, candidate_id: str, text: str) -> None:
    with controller.writing():
        controller.service.add_note(author_id, candidate_id, text)


def accept_rule_proposal(controller: SessionController, author_id: str, candidate_id: str) -> None:
    with controller.writing():
        controller.service.accept_rule_proposal(author_id, candidate_id)


def propose(
    controller: SessionController,
    author_id: str,
    candidate_id: str,
    decision: str,
    mention: str | None,
    justification: str,
) -> None:
    with controller.writing():
        controller.service.propose(author_id, candidate_id, decision, mention, justification)


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
) -> None:
    with controller.writing():
        controller.service.add_jury_points(author_id, candidate_id, points, justification)


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
