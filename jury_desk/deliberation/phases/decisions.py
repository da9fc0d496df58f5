"""Deciding, after the reveal: revisions, notes, proposals, approvals and objections.

Any change to what the jury approved (the scores, the proposal, its justification) voids
every standing approval, here and nowhere else (``void_approvals``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Row, insert, update
from sqlmodel import col

from jury_desk.bundle.manifest import Candidate, Manifest, Rubric
from jury_desk.core.errors import RuleError
from jury_desk.core.proposals import RENVOI, allowed_decisions
from jury_desk.core.scoring import check_score, member_total
from jury_desk.core.strict_json import dumps_canonical
from jury_desk.deliberation import queries
from jury_desk.deliberation.phases import graduation
from jury_desk.deliberation.readmodels import RuleProposalView
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.transaction import LONG_TEXT, SHORT_TEXT, Tx, clean_text
from jury_desk.store.records import driver, insert_row
from jury_desk.store.tables import (
    Approval,
    Note,
    Objection,
    Proposal,
    Sheet,
    SheetRevision,
    SheetScore,
)
from jury_desk.store.tally import refresh_tally

# == revisions and notes ===========================================================


def checked_revision(rubric: Rubric, scores: Mapping[str, float], reason: str) -> str:
    """The revision's reason as stored, once the new scores are known to fit the rubric."""
    reason = clean_text(
        reason, "the reason for the revision", SHORT_TEXT, required="reason-required"
    )
    for criterion_id, value in scores.items():
        check_score(value, rubric, criterion_id)
    return reason


def revise(
    tx: Tx, member_id: str, candidate_id: str, scores: Mapping[str, float], reason: str
) -> None:
    member, candidate = tx.room.active_participant(member_id, candidate_id)
    tx.room.require_quorum()
    tx.room.require_revealed(candidate)
    sheet = tx.room.sheet(member.id, candidate.id)
    if sheet is None or sheet.status != "sealed":
        raise RuleError(
            "not-sealed", f"{member.name} has no sealed sheet for {candidate.id} to revise."
        )
    previous = tx.room.scores(sheet.id, sheet.revision)
    new = {**previous, **{k: float(v) for k, v in scores.items()}}
    if new == previous:
        raise RuleError("no-change", "These are already your scores: nothing to revise.")
    revision = sheet.revision + 1
    total = member_total(new, tx.room.manifest.session.rubric)
    for criterion_id, value in new.items():
        tx.conn.execute(
            insert(SheetScore).values(
                sheet_id=sheet.id, revision=revision, criterion_id=criterion_id, value=value
            )
        )
    tx.conn.execute(
        insert(SheetRevision).values(sheet_id=sheet.id, revision=revision, reason=reason, at=tx.at)
    )
    tx.conn.execute(
        update(Sheet).where(Sheet.id == sheet.id).values(revision=revision, total=total)
    )
    refresh_tally(tx.conn, tx.room.manifest, candidate.id)
    tx.log(
        member.id,
        "sheet-revised",
        {
            "member": member.id,
            "candidate": candidate.id,
            "revision": revision,
            "scores": new,
            "previous": previous,
            "reason": reason,
        },
    )
    scores_changed(tx, candidate.id, member.id, "sheet-revised")


def checked_note(text: str) -> str:
    return clean_text(text, "the note", LONG_TEXT, required="note-empty")


def add_note(tx: Tx, author_id: str, candidate_id: str, text: str) -> None:
    author, candidate = tx.room.active_participant(author_id, candidate_id)
    tx.room.require_revealed(candidate)
    tx.conn.execute(
        insert(Note).values(candidate_id=candidate.id, author=author.id, text=text, at=tx.at)
    )
    tx.log(author.id, "note-added", {"candidate": candidate.id, "text": text})


# == proposals =====================================================================


def rule_proposal(room: Room, viewer_id: str, candidate_id: str) -> RuleProposalView:
    member = room.member(viewer_id)
    candidate = room.candidate(candidate_id)
    room.require_not_conflicted(member, candidate)
    room.require_revealed(candidate)
    return queries.rule_proposal(room, candidate)


def checked_proposal(
    manifest: Manifest, decision: str, mention: str | None, justification: str
) -> str:
    """The justification as stored, once the decision and mention fit the session's kind."""
    justification = clean_text(justification, "the justification", LONG_TEXT)
    kind = manifest.session.kind
    if decision not in allowed_decisions(kind):
        raise RuleError(
            "decision-not-allowed",
            f"{decision!r} is not a decision of a {kind} session; choose one of "
            f"{', '.join(allowed_decisions(kind))}.",
        )
    if mention is not None and (
        decision != "award" or mention not in ("assez_bien", "bien", "tres_bien")
    ):
        raise RuleError(
            "mention-not-allowed",
            "A mention (assez_bien, bien, tres_bien) goes only with an awarded degree.",
        )
    return justification


def propose(
    tx: Tx,
    author_id: str,
    candidate_id: str,
    decision: str,
    mention: str | None,
    justification: str,
) -> None:
    author, candidate = _proposer(tx, author_id, candidate_id)
    rule = queries.rule_proposal(tx.room, candidate)
    if (decision, mention) != (rule.decision, rule.mention) and not justification:
        raise RuleError(
            "justification-required",
            f"The rules propose {rule.decision}"
            f"{' ' + rule.mention if rule.mention else ''}: write the justification for "
            "deciding otherwise. It is printed in the minutes.",
        )
    current = tx.room.current_proposal(candidate.id)
    if current is not None and (
        current.source,
        current.decision,
        current.mention,
        current.justification,
    ) == ("jury", decision, mention, justification):
        raise RuleError("no-change", "This is already the jury's proposal.")
    _replace_proposal(
        tx, author.id, candidate.id, current, "jury", decision, mention, justification
    )


def accept_rule_proposal(tx: Tx, author_id: str, candidate_id: str) -> None:
    author, candidate = _proposer(tx, author_id, candidate_id)
    rule = queries.rule_proposal(tx.room, candidate)
    current = tx.room.current_proposal(candidate.id)
    if current is not None and current.source == "jury":
        raise RuleError(
            "jury-proposal-exists",
            "The jury has its own proposal for this candidate; the rules' proposal never "
            "replaces it. Make a new jury proposal to change it.",
        )
    if current is not None and (current.decision, current.mention) == (
        rule.decision,
        rule.mention,
    ):
        raise RuleError("no-change", "The rules' proposal is already the proposal.")
    _replace_proposal(
        tx,
        author.id,
        candidate.id,
        current,
        "rule",
        rule.decision,
        rule.mention,
        "\n".join(rule.reasons),
    )


def checked_jury_points(justification: str) -> str:
    return clean_text(
        justification, "the justification", LONG_TEXT, required="justification-required"
    )


def add_jury_points(
    tx: Tx, author_id: str, candidate_id: str, points: float, justification: str
) -> None:
    """Points de jury: the rules' decision on the raised average, as the jury's proposal."""
    author, candidate = _proposer(tx, author_id, candidate_id)
    decision, mention = graduation.with_points(tx.room, candidate, points)
    current = tx.room.current_proposal(candidate.id)
    _replace_proposal(
        tx, author.id, candidate.id, current, "jury", decision, mention, justification,
        jury_points=points,
    )  # fmt: skip


def approve_batch(
    tx: Tx, member_id: str, candidate_ids: Sequence[str], slot: str
) -> tuple[str, ...]:
    """Each graduate's rules' proposal accepted (where nobody has) and approved in ``slot``;
    refused as a whole, naming them, if one must be deliberated on its own."""
    candidates = [tx.room.candidate(cid) for cid in candidate_ids]
    graduation.refuse_batch(tx.room, candidates)
    final = []
    for candidate in candidates:
        member, _ = _proposer(tx, member_id, candidate.id)
        if tx.room.current_proposal(candidate.id) is None:
            rule = queries.rule_proposal(tx.room, candidate)
            _replace_proposal(
                tx, member.id, candidate.id, None, "rule", rule.decision, rule.mention,
                "\n".join(rule.reasons),
            )  # fmt: skip
        if approve(tx, member_id, candidate.id, slot):
            final.append(candidate.id)
    return tuple(final)


# == no dead ends: non délibéré — renvoyé ===========================================


def checked_renvoi(reason: str) -> str:
    return clean_text(reason, "the reason for the renvoi", LONG_TEXT, required="reason-required")


def record_renvoi(tx: Tx, author_id: str, candidate_id: str, reason: str) -> None:
    """Propose "non délibéré — renvoyé" for a candidate that an institution cannot
    deliberate now (``Room.cannot_deliberate``). It needs the approvals of the institutions
    that still can (``Room.able_to_approve``), fixed here, and is then final."""
    author, candidate = _renvoi_author(tx, author_id, candidate_id)
    tx.room.require_quorum()
    unable = tx.room.cannot_deliberate(candidate.id)
    fault = tx.room.blind_faults().get(candidate.id)
    if not tx.room.may_be_referred_back(candidate.id):
        eligible = tx.room.eligible_by_institution(candidate.id)
        counts = ", ".join(f"{code} {n}" for code, n in eligible.items())
        raise RuleError(
            "can-be-deliberated",
            f"{candidate.id} can still be deliberated: each institution has enough eligible "
            f"members present ({counts}). Score, propose and approve it; a renvoi is only for "
            "a candidate an institution cannot deliberate.",
        )
    current = tx.room.current_proposal(candidate.id)
    if current is not None and (current.decision, current.justification) == (RENVOI, reason):
        raise RuleError("no-change", f"{candidate.id} is already recorded as non délibéré.")
    approvers = tx.room.able_to_approve(candidate.id)
    _replace_proposal(
        tx, author.id, candidate.id, current, "jury", RENVOI, None, reason,
        approvers=approvers,
        unable={code: {"eligible": n, "needed": needed} for code, (n, needed) in unable.items()},
        blind_fault=fault,
    )  # fmt: skip


def _renvoi_author(tx: Tx, author_id: str, candidate_id: str) -> tuple[Any, Candidate]:
    """Who records a renvoi: a present member free to act on the candidate; when no present
    voting member is (everyone conflicted or away), the chair, even if conflicted: a renvoi
    decides nothing on the merits, and it then needs no approval (nobody could give one)."""
    candidate = tx.room.candidate(candidate_id)
    member = tx.room.voter(author_id)
    if "chair" in member.roles and not tx.room.eligible_present(candidate.id):
        tx.room.require_open()
        tx.room.require_present(member)
        return member, candidate
    return tx.room.active_participant(author_id, candidate_id)


def _proposer(tx: Tx, author_id: str, candidate_id: str) -> tuple[Any, Candidate]:
    author, candidate = tx.room.active_participant(author_id, candidate_id)
    tx.room.require_quorum()
    tx.room.require_revealed(candidate)
    tx.room.require_note_if_flagged(candidate)
    return author, candidate


def _replace_proposal(
    tx: Tx,
    author_id: str,
    candidate_id: str,
    current: Row | None,
    source: str,
    decision: str,
    mention: str | None,
    justification: str,
    jury_points: float | None = None,
    approvers: dict[str, int] | None = None,
    unable: dict[str, dict[str, int]] | None = None,
    blind_fault: str | None = None,
) -> None:
    if current is not None:
        _withdraw(tx, current.id, "superseded")
    insert_row(
        tx.conn,
        Proposal,
        candidate_id=candidate_id,
        source=source,
        decision=decision,
        mention=mention,
        justification=justification,
        author=author_id,
        at=tx.at,
        jury_points=jury_points,
        approvers=None if approvers is None else dumps_canonical(approvers).decode(),
    )
    tx.log(
        author_id,
        "proposal-made",
        {
            "candidate": candidate_id,
            "source": source,
            "decision": decision,
            "mention": mention,
            "justification": justification,
            "supersedes": current.id if current is not None else None,
            # Only when given: every other proposal's event stays as it always was.
            **({"jury_points": jury_points} if jury_points is not None else {}),
            # A renvoi: who approves it, and why the others cannot.
            **({"approvers": approvers, "unable": unable} if approvers is not None else {}),
            # A renvoi for a sealed blind field that did not open at the reveal: why.
            **({"blind_fault": blind_fault} if blind_fault is not None else {}),
        },
    )
    void_approvals(tx, candidate_id, author_id, "proposal-changed")


def _withdraw(tx: Tx, proposal_id: int, why: str) -> None:
    driver(tx.conn).execute(
        "UPDATE proposal SET withdrawn_at = ?, withdrawn_why = ? WHERE id = ?",
        (tx.at, why, proposal_id),
    )


def scores_changed(tx: Tx, candidate_id: str, actor_id: str, because: str) -> None:
    """A revealed candidate's figures changed: the rules' proposal (computed from the old
    figures) is withdrawn and every approval voided; a jury proposal stays."""
    current = tx.room.current_proposal(candidate_id)
    if current is not None and current.source == "rule":
        _withdraw(tx, current.id, "scores-changed")
        tx.log(
            actor_id,
            "proposal-withdrawn",
            {"candidate": candidate_id, "proposal": current.id, "because": because},
        )
    void_approvals(tx, candidate_id, actor_id, because)


def void_approvals(
    tx: Tx, candidate_id: str, actor_id: str, because: str, only: set[str] | None = None
) -> None:
    approvals = [
        a for a in tx.room.active_approvals(candidate_id) if only is None or a.member_id in only
    ]
    if not approvals:
        return
    seq = tx.log(
        actor_id,
        "approvals-voided",
        {
            "candidate": candidate_id,
            "because": because,
            "approvals": [{"member": a.member_id, "institution": a.institution} for a in approvals],
        },
    )
    tx.conn.execute(
        update(Approval)
        .where(col(Approval.id).in_([a.id for a in approvals]))
        .values(voided_at=tx.at, voided_by_event=seq)
    )


# == approvals and objections ======================================================


def approve(tx: Tx, member_id: str, candidate_id: str, slot: str) -> bool:
    member, candidate = tx.room.active_participant(member_id, candidate_id)
    tx.room.require_quorum()
    proposal = tx.room.require_proposal(candidate)
    renvoi = proposal.decision == RENVOI
    if not renvoi:  # a renvoi decides nothing from the scores: no discussion note needed
        tx.room.require_note_if_flagged(candidate)
    if slot != member.institution:
        raise RuleError(
            "wrong-institution",
            f"{member.name} approves for {member.institution}, not in the {slot} slot: "
            f"approve in the {member.institution} slot.",
        )
    approvals = tx.room.active_approvals(candidate.id)
    if any(a.member_id == member.id for a in approvals):
        raise RuleError(
            "already-approved",
            f"{member.name} has already approved this decision: another member of "
            f"{member.institution} approves if a second approval is needed.",
        )
    needed = tx.room.required_approvals(proposal)[slot]
    if renvoi and not needed:
        raise RuleError(
            "slot-not-needed",
            f"The renvoi of {candidate.id} needs no approval from {slot}: it had no eligible "
            "member present when the renvoi was recorded. To deliberate the candidate "
            "instead, object to the renvoi.",
        )
    if not tx.room.approvals_missing(approvals, proposal).get(slot):
        raise RuleError(
            "slot-filled",
            f"{slot} has already given its {needed} approval(s): the other institution's "
            "slot may still need one.",
        )
    insert_row(
        tx.conn,
        Approval,
        proposal_id=proposal.id,
        candidate_id=candidate.id,
        member_id=member.id,
        institution=slot,
        at=tx.at,
    )
    final = tx.room.is_final(candidate.id, proposal=proposal)
    tx.log(
        member.id,
        "approved",
        {
            "candidate": candidate.id,
            "proposal": proposal.id,
            "decision": proposal.decision,
            "mention": proposal.mention,
            "institution": slot,
            "final": final,
        },
    )
    return final


def checked_objection(reason: str) -> str:
    return clean_text(
        reason, "the reason for the objection", SHORT_TEXT, required="reason-required"
    )


def raise_objection(tx: Tx, member_id: str, candidate_id: str, reason: str) -> None:
    member, candidate = tx.room.active_participant(member_id, candidate_id)
    tx.room.require_quorum()
    proposal = tx.room.require_proposal(candidate)
    tx.conn.execute(
        insert(Objection).values(
            proposal_id=proposal.id,
            candidate_id=candidate.id,
            member_id=member.id,
            reason=reason,
            at=tx.at,
        )
    )
    _withdraw(tx, proposal.id, "objection")
    tx.log(
        member.id,
        "objected",
        {"candidate": candidate.id, "proposal": proposal.id, "reason": reason},
    )
    void_approvals(tx, candidate.id, member.id, "objection")
