"""The decision the rules propose for one candidate (DESIGN.md §3, proposal).

A proposal is advice: the jury may decide otherwise with a justification. Each reason is a
``Reason``: a stable code from ``REASON_TEXTS`` and the facts behind it, so that the GUI words
it in the user's language (``jury_desk.gui.words.reason_words``); its ``text`` is the core's English
sentence, the one the CLI prints and a rule decision stores as its justification.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from jury_desk.bundle.manifest import GraduationRules, SessionKind, Thresholds
from jury_desk.core.diploma import DiplomaAverage
from jury_desk.core.eligibility import EligibilityCheck, required_checks
from jury_desk.core.errors import RuleError
from jury_desk.core.reconcile import Reconciliation
from jury_desk.core.scoring import format_number
from jury_desk.core.words import MENTION_LABELS_EN, MENTION_LABELS_FR, RENVOI_CODE

Decision = Literal["admit", "waitlist", "reject", "award", "ajourne", "refuse"]
Mention = Literal["assez_bien", "bien", "tres_bien"]
#: "Non délibéré — renvoyé": what the jury records for a candidate it cannot deliberate (an
#: institution with no eligible member present). Not a decision on the candidate's merits, so
#: not a ``Decision`` of any session kind: a proposal the institutions that still can approve.
RENVOI: Final = RENVOI_CODE
ProposedDecision = Decision | Literal["not-deliberated"]

_DECISIONS: dict[str, tuple[Decision, ...]] = {
    "admission": ("admit", "waitlist", "reject"),
    "graduation": ("award", "ajourne", "refuse"),
}


#: Every reason the rules can give, by code, in the core's English. ``{name}`` is a fact of
#: ``Reason.params``: a number is written as a person writes it (``format_number``), a
#: mention as its French name with the English one; ``requirement-missing`` takes
#: ``actual`` and ``required`` from its eligibility check. The GUI has one sentence per code
#: (a test enumerates this table), so a new reason is a new code here, never a new wording
#: of an old one.
REASON_TEXTS: dict[str, str] = {
    "admit-overall": "Overall {overall} is at or above the admission threshold {admit}.",
    "admit-floor": "Every institution mean is at or above the floor {floor}.",
    "admit-blocked": (
        "Overall {overall} reaches the admission threshold {admit}, "
        "but admission is blocked by the institution floor."
    ),
    "below-floor": "The {institution} mean {mean} is below the floor {floor}.",
    "waitlist-overall": (
        "Overall {overall} is below the admission threshold {admit} and at or above the "
        "waiting-list threshold {waitlist}."
    ),
    "reject-overall": "Overall {overall} is below the waiting-list threshold {waitlist}.",
    "refuse-overall": "Overall {overall} is below the refusal mark {refuse}.",
    "requirements-unmet": "Not every graduation requirement is met.",
    "requirement-missing": "Missing {check}: {actual}; required {required}.",
    "defer-overall": (
        "Every graduation requirement is met, but overall {overall} is below the pass mark "
        "{pass_mark} and at or above the refusal mark {refuse}."
    ),
    "requirements-met": "Every graduation requirement is met.",
    "award-overall": "Overall {overall} is at or above the pass mark {pass_mark}.",
    "award-mention": "Overall reaches the mark {mark} for the mention {mention}.",
    # The diploma average (graduation rules with units): the same steps, on the average.
    "average-refuse": "The diploma average {average} is below the refusal mark {refuse}.",
    "average-defer": (
        "Every graduation requirement is met, but the diploma average {average} is below the "
        "pass mark {pass_mark} and at or above the refusal mark {refuse}."
    ),
    "average-award": "The diploma average {average} is at or above the pass mark {pass_mark}.",
    "average-mention": "The diploma average reaches the mark {mark} for the mention {mention}.",
    "unit-below-minimum": "Unit {unit}: grade {grade} is below its minimum {minimum}.",
    "unit-ungraded": "Unit {unit} has no grade yet.",
}


@dataclass(frozen=True)
class Reason:
    """One reason of a proposal: a code of ``REASON_TEXTS`` and its facts.

    ``params`` holds numbers as numbers and codes as codes (an institution code, a check
    name, a mention), never words; ``check`` is the unmet check of ``requirement-missing``.
    """

    code: str
    params: Mapping[str, float | str] = field(default_factory=dict)
    check: EligibilityCheck | None = None

    def __post_init__(self) -> None:
        if self.code not in REASON_TEXTS:
            raise ValueError(f"unknown reason code {self.code!r}: add it to REASON_TEXTS")

    @property
    def text(self) -> str:
        """The core's English sentence (printed by the CLI, stored as a rule's justification)."""
        values = {name: _english(name, value) for name, value in self.params.items()}
        if self.check is not None:
            values |= {"actual": self.check.actual, "required": self.check.required}
        return REASON_TEXTS[self.code].format(**values)


def _english(name: str, value: float | str) -> str:
    if name == "mention":
        return f"{MENTION_LABELS_FR[str(value)]} ({MENTION_LABELS_EN[str(value)].lower()})"
    return value if isinstance(value, str) else format_number(value)


@dataclass(frozen=True)
class Proposal:
    decision: Decision
    mention: Mention | None
    grounds: tuple[Reason, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in the core's English."""
        return tuple(reason.text for reason in self.grounds)


def allowed_decisions(kind: SessionKind) -> tuple[Decision, ...]:
    """The decisions a session of ``kind`` may record (proposed or chosen by the jury)."""
    try:
        return _DECISIONS[kind]
    except KeyError:
        raise RuleError("session-kind", f"Unknown session kind {kind!r}.") from None


def _overall(rec: Reconciliation) -> float:
    if rec.overall is None:
        raise RuleError(
            "not-reconciled",
            "No overall score yet: each institution needs at least one revealed sheet.",
        )
    return rec.overall


def _because(decision: Decision, code: str, facts: Mapping[str, float | str]) -> Proposal:
    """A proposal without a mention, for one reason."""
    return Proposal(decision, None, (Reason(code, facts),))


def propose_admission(rec: Reconciliation, thresholds: Thresholds) -> Proposal:
    overall = _overall(rec)
    admit, waitlist = thresholds.admit, thresholds.waitlist
    floor = thresholds.institution_floor
    below_floor = [
        (code, mean)
        for code, mean in rec.institution_means.items()
        if mean is not None and mean < floor
    ]
    if overall >= admit and not below_floor:
        return Proposal(
            "admit",
            None,
            (
                Reason("admit-overall", {"overall": overall, "admit": admit}),
                Reason("admit-floor", {"floor": floor}),
            ),
        )
    if overall >= admit:
        # Blocked only by the floor: waitlist so the jury can discuss, never reject outright.
        return Proposal(
            "waitlist",
            None,
            (
                Reason("admit-blocked", {"overall": overall, "admit": admit}),
                *(
                    Reason("below-floor", {"institution": code, "mean": mean, "floor": floor})
                    for code, mean in below_floor
                ),
            ),
        )
    if overall >= waitlist:
        facts = {"overall": overall, "admit": admit, "waitlist": waitlist}
        return _because("waitlist", "waitlist-overall", facts)
    return _because("reject", "reject-overall", {"overall": overall, "waitlist": waitlist})


def mention_for(overall: float, rules: GraduationRules) -> Mention | None:
    if overall >= rules.mention_tres_bien:
        return "tres_bien"
    if overall >= rules.mention_bien:
        return "bien"
    if overall >= rules.mention_assez_bien:
        return "assez_bien"
    return None


def _check_complete(checks: Sequence[EligibilityCheck], rules: GraduationRules) -> None:
    # Fail closed: a forgotten check must not read as "eligible".
    missing = [name for name in required_checks(rules) if name not in {c.name for c in checks}]
    if missing:
        raise RuleError(
            "eligibility-incomplete",
            f"The eligibility checks {', '.join(missing)} were not evaluated.",
        )


def unmet_requirements(checks: Sequence[EligibilityCheck]) -> list[Reason]:
    """One ``requirement-missing`` reason per unmet check."""
    return [Reason("requirement-missing", {"check": c.name}, check=c) for c in checks if not c.met]


def propose_graduation(
    rec: Reconciliation, checks: Sequence[EligibilityCheck], rules: GraduationRules
) -> Proposal:
    """Graduation on the rubric's overall (rules that declare no unit)."""
    overall = _overall(rec)
    _check_complete(checks, rules)
    return _graduation(overall, unmet_requirements(checks), rules, _OVERALL_CODES)


def propose_diploma(
    average: DiplomaAverage, checks: Sequence[EligibilityCheck], rules: GraduationRules
) -> Proposal:
    """Graduation on the diploma average: requirements, units under their minimum, then
    the average against the pass mark and the mention marks."""
    _check_complete(checks, rules)
    jury = rules.jury_unit
    if jury is not None and jury.code in average.ungraded:
        raise RuleError(
            "not-reconciled",
            f"No grade yet for {jury.code}, graded by the jury: each institution needs at "
            "least one revealed sheet.",
        )
    unmet = unmet_requirements(checks) + missing_units(average)
    if average.average is None:  # a record unit without a grade: nothing to weigh yet
        return Proposal("ajourne", None, (Reason("requirements-unmet"), *unmet))
    return _graduation(average.average, unmet, rules, _AVERAGE_CODES)


def missing_units(average: DiplomaAverage) -> list[Reason]:
    """The units that block the degree whatever the average: ungraded, or under a minimum."""
    reasons = [Reason("unit-ungraded", {"unit": code}) for code in average.ungraded]
    for u in average.below_minimum:
        assert u.grade is not None and u.minimum is not None
        facts: dict[str, float | str] = {"unit": u.code, "grade": u.grade, "minimum": u.minimum}
        reasons.append(Reason("unit-below-minimum", facts))
    return reasons


# (refuse, defer, award, mention) reason codes, and the name of the figure they cite.
_OVERALL_CODES = ("refuse-overall", "defer-overall", "award-overall", "award-mention", "overall")
_AVERAGE_CODES = ("average-refuse", "average-defer", "average-award", "average-mention", "average")


def _graduation(
    figure: float, unmet: list[Reason], rules: GraduationRules, codes: tuple[str, ...]
) -> Proposal:
    refuse_code, defer_code, award_code, mention_code, name = codes
    refuse, pass_mark = rules.refuse_below, rules.pass_mark
    if figure < refuse:
        return Proposal(
            "refuse", None, (Reason(refuse_code, {name: figure, "refuse": refuse}), *unmet)
        )
    if unmet:
        return Proposal("ajourne", None, (Reason("requirements-unmet"), *unmet))
    if figure < pass_mark:
        facts = {name: figure, "pass_mark": pass_mark, "refuse": refuse}
        return _because("ajourne", defer_code, facts)
    mention = mention_for(figure, rules)
    reasons = [
        Reason("requirements-met"),
        Reason(award_code, {name: figure, "pass_mark": pass_mark}),
    ]
    if mention is not None:
        reasons.append(
            Reason(mention_code, {"mark": mention_mark(mention, rules), "mention": mention})
        )
    return Proposal("award", mention, tuple(reasons))


def mention_mark(mention: Mention, rules: GraduationRules) -> float:
    return float(getattr(rules, f"mention_{mention}"))
