"""The service's graduation rules on the diploma average: points de jury and the batch
approval of the rules' proposals (DESIGN.md §3, proposal; the chair's board).

Functions of the room inside the service's transaction: the service calls them, and they
only read and refuse; the writes stay the service's.
"""

from __future__ import annotations

from collections.abc import Sequence

from jury_desk.bundle.manifest import Candidate, GraduationRules
from jury_desk.core.errors import RuleError
from jury_desk.core.graduates import Graduate, assessments, batch_refusals
from jury_desk.core.numbers import format_amount
from jury_desk.deliberation.room import Room

_WHY = {
    "flagged": "flagged (discrepancy)",
    "borderline": "borderline",
    "no-proposal": "no proposal yet",
    "jury-proposal": "the jury's own proposal",
}


def diploma_rules(room: Room) -> GraduationRules:
    """The rules, when they weigh units; otherwise a refusal that says so."""
    rules = room.session.graduation_rules
    if rules is None or not rules.units:
        raise RuleError(
            "no-diploma-average",
            "This session's rules declare no graded units: there is no diploma average.",
        )
    return rules


def graduate(room: Room, candidate: Candidate) -> Graduate:
    """The graduate's assessment, with the jury unit's reconciled grade once revealed."""
    rules = diploma_rules(room)
    jury_grade = None
    if rules.jury_unit is not None and room.is_revealed(candidate.id):
        tally = room.tally(candidate.id)
        jury_grade = tally.overall if tally is not None else None
    return assessments(rules)(candidate, jury_grade)


def with_points(room: Room, candidate: Candidate, points: float) -> tuple[str, str | None]:
    """The rules' decision and mention on the average raised by ``points`` de jury."""
    rules = diploma_rules(room)
    if not rules.jury_points_max:
        raise RuleError("jury-points-over-maximum", "The graduation rules allow no points de jury.")
    g = graduate(room, candidate)
    if g.average is None:
        raise RuleError(
            "no-diploma-average",
            f"{candidate.id} has no diploma average yet ({', '.join(g.diploma.ungraded)} "
            "not graded): points de jury go on an average.",
        )
    after, proposal = g.with_points(points, rules)
    before = (g.proposal.decision, g.proposal.mention) if g.proposal else None
    if (proposal.decision, proposal.mention) == before:
        raise RuleError(
            "jury-points-change-nothing",
            f"With {format_amount(points)} points de jury the average of {candidate.id} goes "
            f"from {format_amount(g.average)} to {format_amount(after)}, and the rules still "
            f"propose {proposal.decision}: points de jury that change nothing are not given.",
        )
    return proposal.decision, proposal.mention


def refuse_batch(room: Room, candidates: Sequence[Candidate]) -> None:
    """Refuse, naming each, a batch that includes a graduate the jury must deliberate on:
    flagged, borderline, without a proposal of the rules, or with the jury's own."""
    diploma_rules(room)
    if not candidates:
        raise RuleError("batch-empty", "Choose the graduates to approve in one pass.")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise RuleError("batch-duplicate", "A graduate is listed twice in the batch.")
    flagged = {c.id for c in candidates if room.flags(c.id)}
    refusals = batch_refusals([graduate(room, c) for c in candidates], flagged)
    for c in candidates:
        current = room.current_proposal(c.id)
        if current is not None and current.source == "jury" and c.id not in dict(refusals):
            refusals.append((c.id, "jury-proposal"))
    if refusals:
        named = ", ".join(f"{cid} ({_WHY[why]})" for cid, why in refusals)
        raise RuleError(
            "batch-refused",
            f"The batch includes {named}: deliberate on them one by one. Nothing was approved.",
        )
