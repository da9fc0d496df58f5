"""Reconciling the members' totals for one candidate (DESIGN.md §3, aggregation).

The overall score is the mean of the two institution means, so both schools weigh the same
whatever their number of members. Institution means are rounded (3 decimals, half-up)
before the overall is taken, so every published figure can be recomputed from the
published figures above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jury_desk.bundle.manifest import Thresholds
from jury_desk.core.errors import RuleError
from jury_desk.core.scoring import as_decimal, is_finite_number, mean3

FLAG_INSTITUTION_GAP = "institution-gap"
FLAG_MEMBER_SPREAD = "member-spread"


@dataclass(frozen=True)
class Reconciliation:
    institution_means: dict[str, float | None]  # None when that institution has no sheet
    overall: float | None  # mean of the two institution means; None unless both exist
    gap: float | None  # |mean_A - mean_B|
    spread: float | None  # max(member totals) - min(member totals)
    flags: tuple[str, ...]  # subset of ("institution-gap", "member-spread"), strict ">"


def reconcile(
    totals: Mapping[str, Sequence[float]],
    institutions: Sequence[str],
    thresholds: Thresholds,
) -> Reconciliation:
    """Institution means, overall, gap, spread and discrepancy flags from member totals."""
    if len(institutions) != 2 or institutions[0] == institutions[1]:
        raise RuleError("institutions", "A jury has exactly two distinct institutions.")
    unknown = sorted(set(totals) - set(institutions))
    if unknown:
        raise RuleError(
            "unknown-institution",
            f"Totals were given for {', '.join(unknown)}, which is not one of the jury's "
            f"institutions ({', '.join(institutions)}).",
        )
    for code, values in totals.items():
        # Fail closed: a NaN would make every comparison below silently false.
        if not all(is_finite_number(v) for v in values):
            raise RuleError("score-not-a-number", f"A {code} total is not a finite number.")
    means: dict[str, float | None] = {}
    for code in institutions:
        decimals = [as_decimal(t) for t in totals.get(code, ())]
        means[code] = mean3(decimals) if decimals else None

    overall: float | None = None
    gap: float | None = None
    a, b = (means[code] for code in institutions)
    if a is not None and b is not None:
        overall = mean3([as_decimal(a), as_decimal(b)])
        # Decimal, not float: 13.1 - 10.0 must be exactly 3.1, not 3.0999999999999996.
        gap = float(abs(as_decimal(a) - as_decimal(b)))

    every = [as_decimal(t) for code in institutions for t in totals.get(code, ())]
    spread = float(max(every) - min(every)) if every else None

    flags: list[str] = []
    if gap is not None and as_decimal(gap) > as_decimal(thresholds.institution_gap):
        flags.append(FLAG_INSTITUTION_GAP)
    if spread is not None and as_decimal(spread) > as_decimal(thresholds.member_spread):
        flags.append(FLAG_MEMBER_SPREAD)
    return Reconciliation(means, overall, gap, spread, tuple(flags))
