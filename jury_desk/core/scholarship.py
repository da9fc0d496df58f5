"""Share of scholarship holders (boursiers) among the admitted, against the target."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from jury_desk.core.errors import RuleError


@dataclass(frozen=True)
class ScholarshipShare:
    admitted: int
    holders: int
    share: float | None  # holders / admitted; None when nobody is admitted yet
    target: float
    gap: float | None  # share - target: negative means below target
    meets_target: bool | None  # share >= target; None when nobody is admitted yet


def scholarship_share(admitted_flags: Sequence[bool], target: float) -> ScholarshipShare:
    """``admitted_flags``: the scholarship flag of each admitted candidate."""
    if not 0 <= target <= 1:
        raise RuleError("scholarship-target", f"The target must be between 0 and 1; got {target}.")
    for flag in admitted_flags:
        if not isinstance(flag, bool):
            raise TypeError(f"scholarship flags are booleans, got {flag!r}")
    admitted = len(admitted_flags)
    holders = sum(admitted_flags)
    if admitted == 0:
        return ScholarshipShare(0, 0, None, target, None, None)
    # Exact fractions: 3 of 10 must meet a 0.30 target, with no float rounding either way.
    share = Fraction(holders, admitted)
    wanted = Fraction(repr(float(target)))
    return ScholarshipShare(
        admitted=admitted,
        holders=holders,
        share=float(share),
        target=target,
        gap=float(share - wanted),
        meets_target=share >= wanted,
    )
