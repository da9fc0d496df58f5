"""Scoring: drafts, seals, and the reveal that opens every sealed sheet in the chain."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import Row, delete, insert, update
from sqlmodel import col

from jury_desk.bundle.manifest import Candidate, Rubric
from jury_desk.core.errors import RuleError, StoreError
from jury_desk.core.scoring import check_score, member_total, rubric_criterion
from jury_desk.deliberation.phases import blind, blind_fields
from jury_desk.deliberation.readmodels import SealReceipt
from jury_desk.deliberation.transaction import Tx
from jury_desk.store.audit import (
    KIND_BACK_TO_SCORING,
    KIND_REVEALED,
    KIND_SEALED,
    sheet_commitment,
)
from jury_desk.store.records import insert_row
from jury_desk.store.tables import Reveal, Sheet, SheetScore
from jury_desk.store.tally import refresh_tally

SALT_BYTES = 32


def check_draft(rubric: Rubric, scores: Mapping[str, float], cleared: Collection[str]) -> None:
    """Refuse a draft that scores nothing, scores off the rubric, or both scores and clears
    one criterion; before any transaction."""
    if not scores and not cleared:
        raise RuleError("sheet-empty", "Enter at least one score before saving.")
    for criterion_id, value in scores.items():
        check_score(value, rubric, criterion_id)
    for criterion_id in cleared:
        rubric_criterion(rubric, criterion_id)  # sheet-unknown-criterion if not
        if criterion_id in scores:
            raise RuleError(
                "sheet-unknown-criterion",
                f"{criterion_id!r} is both scored and cleared: give it once.",
            )


def save_draft(
    tx: Tx,
    member_id: str,
    candidate_id: str,
    scores: Mapping[str, float],
    cleared: Collection[str],
) -> None:
    member, candidate = _scorer(tx, member_id, candidate_id)
    sheet = tx.room.sheet(member.id, candidate.id)
    removed: list[str] = []
    if sheet is not None and cleared and tx.signed:
        _require_draft(sheet, candidate)
        removed = sorted(set(cleared) & blind.draft_criteria(tx, sheet.id))
    elif sheet is not None and cleared:
        _require_draft(sheet, candidate)
        removed = sorted(set(cleared) & set(tx.room.scores(sheet.id, 0)))
        tx.conn.execute(
            delete(SheetScore).where(
                col(SheetScore.sheet_id) == sheet.id,
                col(SheetScore.revision) == 0,
                col(SheetScore.criterion_id).in_(removed),
            )
        )
    if not scores and not removed:
        return  # nothing was scored, nothing to clear: no change, nothing logged
    if sheet is None:
        sheet_id = tx.conn.execute(
            insert(Sheet).values(
                member_id=member.id, candidate_id=candidate.id, status="draft", revision=0
            )
        ).lastrowid
    else:
        _require_draft(sheet, candidate)
        sheet_id = sheet.id
    if tx.signed:
        # Blind at rest: each score sealed to its author; not logged (private work, and
        # the seal is the act), so it needs no passphrase at each criterion typed.
        blind.save_draft(tx, sheet_id, member, candidate, scores, removed)
        return
    for criterion_id, value in scores.items():
        tx.conn.execute(
            insert(SheetScore)
            .values(sheet_id=sheet_id, revision=0, criterion_id=criterion_id, value=value)
            .prefix_with("OR REPLACE")
        )
    # The values stay out of the chain until the reveal: only which criteria changed.
    change: dict[str, object] = {
        "member": member.id,
        "candidate": candidate.id,
        "criteria": sorted(scores),
    }
    if removed:
        change["cleared"] = removed
    tx.log(member.id, "draft-saved", change)


def seal(
    tx: Tx, member_id: str, candidate_id: str, seen: Mapping[str, float] | None = None
) -> SealReceipt:
    """Seal the member's draft. ``seen``: the scores the member checked on screen (the
    desk's read-back); a draft that differs is refused (``draft-changed``), so a draft
    swapped on disk is never sealed in the member's name."""
    member, candidate = _scorer(tx, member_id, candidate_id)
    sheet = tx.room.sheet(member.id, candidate.id)
    if sheet is None:
        raise RuleError("sheet-incomplete", "Score every criterion before sealing.")
    _require_draft(sheet, candidate)
    if tx.signed:
        sealed = blind.seal(tx, sheet.id, member, candidate, tx.signers[member.id], seen)
        refresh_tally(tx.conn, tx.room.manifest, candidate.id)  # who sealed, no number
        tx.log(member.id, KIND_SEALED, sealed)
        return SealReceipt(member.id, candidate.id, sealed["commitment"], tx.at, False)
    scores = tx.room.scores(sheet.id, 0)
    blind.require_seen(candidate.id, scores, seen)
    total = member_total(scores, tx.room.manifest.session.rubric)
    salt = os.urandom(SALT_BYTES)
    commitment = sheet_commitment(salt, candidate.id, member.id, scores)
    tx.conn.execute(
        update(Sheet)
        .where(Sheet.id == sheet.id)
        .values(status="sealed", salt=salt, commitment=commitment, sealed_at=tx.at, total=total)
    )
    refresh_tally(tx.conn, tx.room.manifest, candidate.id)
    tx.log(
        member.id,
        KIND_SEALED,
        {"member": member.id, "candidate": candidate.id, "commitment": commitment},
    )
    revealed = bool(reveal_completed(tx, candidate.id))
    return SealReceipt(member.id, candidate.id, commitment, tx.at, revealed)


def _scorer(tx: Tx, member_id: str, candidate_id: str) -> tuple[Any, Candidate]:
    member, candidate = tx.room.active_participant(member_id, candidate_id)
    tx.room.require_quorum()
    tx.room.require_not_revealed(candidate)
    if tx.signed:
        blind.require_reveal_key(tx)
    return member, candidate


def _require_draft(sheet: Row, candidate: Candidate) -> None:
    if sheet.status == "sealed":
        raise RuleError(
            "sealed",
            f"Your sheet for {candidate.id} is sealed and cannot be edited before the "
            "reveal; after it, revise it with a reason.",
        )


def force_reveal(tx: Tx, chair_id: str, candidate_id: str) -> tuple[str, ...]:
    """Reveal ``candidate_id`` now; the members whose sealed sheet was void (then it is
    revealed only if each institution still has a counted sheet)."""
    chair = tx.room.chair(chair_id)
    _, candidate = tx.room.active_participant(chair.id, candidate_id)
    tx.room.require_quorum()
    if tx.room.is_revealed(candidate.id):
        raise RuleError("already-revealed", f"{candidate.id} is already revealed.")
    require_sound_blind_field(tx, candidate.id)
    if not tx.room.unrevealed_with_both_institutions(candidate.id):
        raise RuleError(
            "reveal-needs-both-institutions",
            "A reveal needs at least one sealed sheet from each institution: wait for a "
            "member of each to seal, or, if an institution has no eligible member present, "
            "record the candidate as non délibéré.",
        )
    return _reveal(tx, candidate.id, forced_by=chair.id)[1]


def require_sound_blind_field(tx: Tx, candidate_id: str) -> None:
    """A candidate whose sealed blind field did not open is never revealed: the way out is
    the renvoi."""
    reason = tx.room.blind_faults().get(candidate_id)
    if reason is None:
        return
    raise RuleError(
        "blind-field-faulty",
        f"{candidate_id} cannot be revealed: its sealed blind field (scholarship) "
        + (
            "does not open with the chair's key"
            if reason == blind_fields.FAULT_ENVELOPE
            else "opens to a value that is not the one the secretariat committed to"
        )
        + ". Record it as non délibéré — renvoyé, and report it to the secretariat.",
        candidate=candidate_id,
    )


def reveal_completed(tx: Tx, candidate_id: str | None = None) -> list[str]:
    """Format 1: reveal the candidate (or every candidate) whose present eligible members
    have all sealed, once each institution has a sealed sheet and the quorum is met.

    A signed session (format 2) reveals nothing by itself: the reveal is the chair's signed
    act (``open_ready``), as no act of a member may be recorded in another's name."""
    if tx.signed:
        return []
    done = _ready(tx, candidate_id)
    return [ready for ready in done if _reveal(tx, ready, None)[0]]


def _ready(tx: Tx, candidate_id: str | None) -> list[str]:
    present = tx.room.present_ids()
    if not tx.room.quorum(present).met:
        return []
    faulty = tx.room.blind_faults()  # never revealed: each waits for its renvoi
    return [
        ready
        for ready, counted in tx.room.unrevealed_with_both_institutions(candidate_id)
        if tx.room.eligible_present(ready, present) <= counted and ready not in faulty
    ]


def open_ready(tx: Tx, chair_id: str) -> list[str]:
    """The chair's *ouverture des plis*: one signed act opening every candidate whose
    present eligible members have all sealed. Refused, saying what unblocks it, when none is."""
    chair = tx.room.chair(chair_id)
    tx.room.require_open()
    tx.room.require_present(chair)
    tx.room.require_quorum()
    ready = _ready(tx, None)
    if not ready:
        raise RuleError(
            "nothing-to-reveal",
            "No candidate is ready to be revealed: it needs a sealed sheet from every present "
            "member who may score it. Wait for their seals, or force the reveal of one "
            "candidate once each institution has sealed a sheet.",
        )
    # A void sheet never blocks the others: its candidate alone may stay in scoring.
    return [c for c in ready if _reveal(tx, c, None, actor=chair.id)[0]]


def _still_revealable(tx: Tx, candidate_id: str, forced: bool) -> bool:
    """After void sheets were removed: whether the act's own condition still holds."""
    if forced:
        return bool(tx.room.unrevealed_with_both_institutions(candidate_id))
    return bool(_ready(tx, candidate_id))


def _reveal(
    tx: Tx, candidate_id: str, forced_by: str | None, *, actor: str = "desk"
) -> tuple[bool, tuple[str, ...]]:
    """Open every counted commitment in the chain; refuse if any sheet was altered. Returns
    whether the candidate was revealed, and whose sealed sheets were void (removed, logged:
    the candidate then stays in scoring unless the act's condition still holds)."""
    counted = tx.room.counted_members(candidate_id)
    void: tuple[str, ...] = ()
    found = blind.Opening()
    if tx.signed:  # the sheets are envelopes until now: the chair's key opens them
        chair = forced_by or actor
        found = (tx.opener or blind.open_sheets)(tx, candidate_id, counted, chair)
        if found.void:
            void = tuple(sorted(found.void))
            blind.void_sheets(tx, candidate_id, found.void, chair, forced_by)
            refresh_tally(tx.conn, tx.room.manifest, candidate_id)
            if not _still_revealable(tx, candidate_id, forced_by is not None):
                return False, void
            counted = tx.room.counted_members(candidate_id)
    sealed = blind_fields.open_at_reveal(tx, candidate_id, forced_by or actor)
    if isinstance(sealed, blind_fields.Fault):  # no dead end: reported, left for a renvoi
        blind_fields.record_fault(tx, candidate_id, forced_by or actor, forced_by, sealed)
        return False, void
    if tx.signed:
        blind.write_opening(tx, candidate_id, counted, found)
        refresh_tally(tx.conn, tx.room.manifest, candidate_id)
    opened = []
    for member_id in sorted(counted):
        sheet = tx.room.sheet(member_id, candidate_id)
        assert sheet is not None
        # The commitment seals revision 0. A sheet revised after a first reveal (before the
        # candidate went back to scoring, ``back_to_scoring``) is opened again as sealed.
        scores = tx.room.scores(sheet.id, 0)
        salt = bytes(sheet.salt)
        if sheet_commitment(salt, candidate_id, member_id, scores) != sheet.commitment:
            raise StoreError(
                f"The sealed sheet of {member_id} for {candidate_id} was altered outside "
                "the desk. Stop and report it to the secretariat."
            )
        opened.append(
            {
                "member": member_id,
                "salt": salt.hex(),
                "scores": scores,
                "commitment": sheet.commitment,
            }
        )
    insert_row(tx.conn, Reveal, candidate_id=candidate_id, at=tx.at, forced_by=forced_by)
    payload: dict[str, Any] = {"candidate": candidate_id, "forced_by": forced_by, "sheets": opened}
    if sealed is not None:  # the scholarship flag, opened and checked, for the replay
        payload["blind"] = blind_fields.record(tx, candidate_id, sealed)
    tx.log(forced_by or actor, KIND_REVEALED, payload)
    return True, void


def back_to_scoring(tx: Tx, candidate_id: str, actor_id: str, member_id: str, because: str) -> None:
    """No dead ends: a revealed candidate left with no counted sheet from an institution
    (``member_id``, its only scorer, declared a conflict) goes back to scoring for the
    members still eligible, with the reason logged. The sheets already revealed stay
    revealed in the chain and count again at the next reveal; if no member of that
    institution is eligible and present, the candidate may be recorded as non délibéré."""
    if not tx.room.is_revealed(candidate_id) or tx.room.scores_nothing:
        return
    counted = {tx.room.member(m).institution for m in tx.room.counted_members(candidate_id)}
    lacking = [code for code in tx.room.session.institution_codes() if code not in counted]
    if not lacking:
        return
    tx.conn.execute(delete(Reveal).where(col(Reveal.candidate_id) == candidate_id))
    eligible = tx.room.eligible_present(candidate_id)
    tx.log(
        actor_id,
        KIND_BACK_TO_SCORING,
        {
            "candidate": candidate_id,
            "institutions": lacking,
            "because": because,
            "member": member_id,
            "eligible": sorted(m for m in eligible if tx.room.member(m).institution in lacking),
        },
    )
