"""A graduate as the chair's board sees them: average, requirements, proposal, borderline.

Everything here is a pure function of the bundle's record and rules and of the jury unit's
reconciled grade, so it is computed once per (graduate, jury grade) and kept: after a change
only the graduate whose grade moved is assessed again (2,000 graduates x 30 units are
assessed once when the session opens, not on every refresh of the board).

*Borderline* (DESIGN.md §3, the chair's board): a graduate missing exactly one requirement,
or missing none with an average just below a mark (the pass mark or a mention's, within the
rules' ``borderline_margin``). Those are the cases a jury deliberates on; just above a mark
there is nothing the jury would add. Such a graduate is never in a batch approval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from jury_desk.bundle.manifest import Candidate, GraduationRules
from jury_desk.core.diploma import DiplomaAverage, diploma_average, with_jury_points
from jury_desk.core.eligibility import EligibilityCheck, graduation_eligibility
from jury_desk.core.errors import RuleError
from jury_desk.core.numbers import as_decimal
from jury_desk.core.proposals import Proposal, missing_units, propose_diploma


@dataclass(frozen=True)
class Graduate:
    candidate_id: str
    diploma: DiplomaAverage
    checks: tuple[EligibilityCheck, ...]
    proposal: Proposal | None  # None until the jury unit has its grade
    missing: tuple[str, ...]  # every missing requirement: a check name or a unit code
    near_mark: float | None  # the mark the average is just below, when borderline by it

    @property
    def average(self) -> float | None:
        return self.diploma.average

    @property
    def borderline(self) -> bool:
        return len(self.missing) == 1 or (not self.missing and self.near_mark is not None)

    def with_points(self, points: float, rules: GraduationRules) -> tuple[float, Proposal]:
        """The average raised by ``points`` de jury, and the rules' proposal on it: what the
        jury's points decide (the service) and what the PV states (the minutes)."""
        if self.average is None:
            raise ValueError(f"{self.candidate_id} has no diploma average")
        after = with_jury_points(self.average, points, rules)
        return after, propose_diploma(replace(self.diploma, average=after), self.checks, rules)


def transcript_only(rules: GraduationRules | None) -> bool:
    """Rules that weigh units and name none graded by the jury: nobody scores, the
    deliberation starts from the transcript."""
    return rules is not None and bool(rules.units) and rules.jury_unit is None


def marks(rules: GraduationRules) -> tuple[float, ...]:
    """The marks a graduate can be just below: the pass mark, then each mention's."""
    return (rules.pass_mark, rules.mention_assez_bien, rules.mention_bien, rules.mention_tres_bien)


def near_mark(average: float | None, rules: GraduationRules) -> float | None:
    """The mark ``average`` is below by at most the rules' margin, if any."""
    if average is None:
        return None
    value, margin = as_decimal(average), as_decimal(rules.borderline_margin)
    for mark in marks(rules):
        m = as_decimal(mark)
        if m - margin <= value < m:
            return mark
    return None


def assess(candidate: Candidate, rules: GraduationRules, jury_grade: float | None) -> Graduate:
    """The graduate's average, checks, proposal and borderline status."""
    assert candidate.record is not None  # the manifest requires one at graduation
    diploma = diploma_average(candidate.record, rules, jury_grade)
    checks = graduation_eligibility(candidate.record, rules, jury_grade)
    try:
        proposal: Proposal | None = propose_diploma(diploma, checks, rules)
    except RuleError as exc:
        if exc.code != "not-reconciled":
            raise
        proposal = None
    missing = tuple(c.name for c in checks if not c.met) + tuple(
        str(r.params["unit"]) for r in missing_units(diploma)
    )
    return Graduate(
        candidate.id, diploma, checks, proposal, missing, near_mark(diploma.average, rules)
    )


class Assessments:
    """``assess`` kept per (graduate, jury grade) for one manifest's rules."""

    def __init__(self, rules: GraduationRules) -> None:
        self.rules = rules
        self._kept: dict[tuple[str, float | None], Graduate] = {}
        self.memo: dict[str, Any] = {}  # what the faces derive from the same assessments

    def __call__(self, candidate: Candidate, jury_grade: float | None) -> Graduate:
        key = (candidate.id, jury_grade)
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = assess(candidate, self.rules, jury_grade)
        return found


_ASSESSMENTS: dict[int, Assessments] = {}


def assessments(rules: GraduationRules) -> Assessments:
    """The ``Assessments`` of these rules (the same object for the session's life)."""
    kept = _ASSESSMENTS.get(id(rules))
    if kept is None or kept.rules is not rules:
        if len(_ASSESSMENTS) > 8:  # a desk opens a few sessions in its life, not hundreds
            _ASSESSMENTS.clear()
        kept = _ASSESSMENTS[id(rules)] = Assessments(rules)
    return kept


def borderline_first(graduates: Iterable[Graduate]) -> list[Graduate]:
    """Borderline graduates first, then the others; the bundle's order within each."""
    listed = list(graduates)
    return [g for g in listed if g.borderline] + [g for g in listed if not g.borderline]


def batch_refusals(
    chosen: Sequence[Graduate], flagged: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(candidate, why) for each chosen graduate a batch approval must not include."""
    flagged = set(flagged)
    out = []
    for g in chosen:
        if g.candidate_id in flagged:
            out.append((g.candidate_id, "flagged"))
        elif g.borderline:
            out.append((g.candidate_id, "borderline"))
        elif g.proposal is None:
            out.append((g.candidate_id, "no-proposal"))
    return out
