"""The decision the rules propose for one candidate (DESIGN.md §3, proposal).

A proposal is advice: the jury may decide otherwise with a justification. Reasons are short
English sentences naming the rule applied; the GUI and the PV translate them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from jury_desk.bundle.manifest import GraduationRules, SessionKind, Thresholds
from jury_desk.core.eligibility import EligibilityCheck, required_checks
from jury_desk.core.errors import RuleError
from jury_desk.core.reconcile import Reconciliation
from jury_desk.core.scoring import format_number

Decision = Literal["admit", "waitlist", "reject", "award", "ajourne", "refuse"]
Mention = Literal["assez_bien", "bien", "tres_bien"]

DECISION_LABELS_FR: dict[str, str] = {
    "admit": "Admis",
    "waitlist": "Liste d'attente",
    "reject": "Refusé",
    "award": "Diplômé",
    "ajourne": "Ajourné",
    "refuse": "Refusé",
}
DECISION_LABELS_EN: dict[str, str] = {
    "admit": "Admitted",
    "waitlist": "Waiting list",
    "reject": "Rejected",
    "award": "Degree awarded",
    "ajourne": "Deferred",
    "refuse": "Refused",
}
MENTION_LABELS_FR: dict[str, str] = {
    "assez_bien": "Assez bien",
    "bien": "Bien",
    "tres_bien": "Très bien",
}
MENTION_LABELS_EN: dict[str, str] = {
    "assez_bien": "Quite good",
    "bien": "Good",
    "tres_bien": "Very good",
}

_DECISIONS: dict[str, tuple[Decision, ...]] = {
    "admission": ("admit", "waitlist", "reject"),
    "graduation": ("award", "ajourne", "refuse"),
}


@dataclass(frozen=True)
class Proposal:
    decision: Decision
    mention: Mention | None
    reasons: tuple[str, ...]


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


def _n(value: float) -> str:
    return format_number(value)


def propose_admission(rec: Reconciliation, thresholds: Thresholds) -> Proposal:
    overall = _overall(rec)
    below_floor = [
        (code, mean)
        for code, mean in rec.institution_means.items()
        if mean is not None and mean < thresholds.institution_floor
    ]
    if overall >= thresholds.admit and not below_floor:
        return Proposal(
            "admit",
            None,
            (
                f"Overall {_n(overall)} is at or above the admission threshold "
                f"{_n(thresholds.admit)}.",
                f"Every institution mean is at or above the floor "
                f"{_n(thresholds.institution_floor)}.",
            ),
        )
    reasons = []
    if overall >= thresholds.admit:
        reasons.append(
            f"Overall {_n(overall)} reaches the admission threshold {_n(thresholds.admit)}, "
            "but admission is blocked by the institution floor."
        )
        reasons += [
            f"The {code} mean {_n(mean)} is below the floor {_n(thresholds.institution_floor)}."
            for code, mean in below_floor
        ]
        # Blocked only by the floor: waitlist so the jury can discuss, never reject outright.
        return Proposal("waitlist", None, tuple(reasons))
    if overall >= thresholds.waitlist:
        return Proposal(
            "waitlist",
            None,
            (
                f"Overall {_n(overall)} is below the admission threshold "
                f"{_n(thresholds.admit)} and at or above the waiting-list threshold "
                f"{_n(thresholds.waitlist)}.",
            ),
        )
    return Proposal(
        "reject",
        None,
        (f"Overall {_n(overall)} is below the waiting-list threshold {_n(thresholds.waitlist)}.",),
    )


def _mention(overall: float, rules: GraduationRules) -> Mention | None:
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


def propose_graduation(
    rec: Reconciliation, checks: Sequence[EligibilityCheck], rules: GraduationRules
) -> Proposal:
    overall = _overall(rec)
    _check_complete(checks, rules)
    unmet = [f"Missing {c.name}: {c.actual}; required {c.required}." for c in checks if not c.met]
    if overall < rules.refuse_below:
        return Proposal(
            "refuse",
            None,
            (f"Overall {_n(overall)} is below the refusal mark {_n(rules.refuse_below)}.", *unmet),
        )
    if unmet:
        return Proposal("ajourne", None, ("Not every graduation requirement is met.", *unmet))
    if overall < rules.pass_mark:
        return Proposal(
            "ajourne",
            None,
            (
                f"Every graduation requirement is met, but overall {_n(overall)} is below the "
                f"pass mark {_n(rules.pass_mark)} and at or above the refusal mark "
                f"{_n(rules.refuse_below)}.",
            ),
        )
    mention = _mention(overall, rules)
    reasons = [
        "Every graduation requirement is met.",
        f"Overall {_n(overall)} is at or above the pass mark {_n(rules.pass_mark)}.",
    ]
    if mention is not None:
        mark = getattr(rules, f"mention_{mention}")
        reasons.append(
            f"Overall reaches the mark {_n(mark)} for the mention "
            f"{MENTION_LABELS_FR[mention]} ({MENTION_LABELS_EN[mention].lower()})."
        )
    return Proposal("award", mention, tuple(reasons))
