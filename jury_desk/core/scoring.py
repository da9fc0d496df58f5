"""Score sheets: checking one score against the rubric and a member's weighted total.

Every figure that reaches the minutes is computed in ``Decimal`` from the shortest decimal
form of each float and rounded to 3 decimals half-up, so the PDF, ``minutes.json`` and a
juror redoing the sum by hand all get the same digits (``round()`` on floats is half-even
and inherits binary artefacts: ``round(10.0625, 3) == 10.062``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal, localcontext

from jury_desk.bundle.manifest import Criterion, Rubric
from jury_desk.core.errors import RuleError
from jury_desk.core.numbers import as_decimal, format_amount, quantize_score

# A score within this fraction of a step from a grid point counts as on the grid, so that
# 0.1 + 0.2 is accepted on a 0.1 grid while half a step off is always refused.
_STEP_TOLERANCE = 1e-6
# Wide enough that sums of a few hundred 17-digit floats stay exact before the final rounding.
_PRECISION = 60


def round3(value: Decimal) -> float:
    """Round to 3 decimals, half-up, as printed in the minutes."""
    return float(quantize_score(value))


def mean3(values: list[Decimal]) -> float:
    """Exact mean of ``values`` (non-empty), rounded like every published figure."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return round3(sum(values, Decimal(0)) / len(values))


def is_finite_number(value: object) -> bool:
    """An int or float that is finite; bool is an int subclass but True is not a score of 1."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def format_number(value: float) -> str:
    """``20.0`` -> ``"20"``, ``0.5`` -> ``"0.5"``: numbers as a person writes them."""
    return format_amount(value)


def scale_text(rubric: Rubric) -> str:
    return (
        f"between {format_number(rubric.scale_min)} and {format_number(rubric.scale_max)}"
        f" in steps of {format_number(rubric.step)}"
    )


def rubric_criterion(rubric: Rubric, criterion_id: str) -> Criterion:
    for criterion in rubric.criteria:
        if criterion.id == criterion_id:
            return criterion
    raise RuleError(
        "sheet-unknown-criterion",
        f"The rubric has no criterion {criterion_id!r}; score only the rubric's criteria.",
    )


def check_score(value: float, rubric: Rubric, criterion_id: str) -> None:
    """Refuse a score that is not a finite number on the rubric's scale and step grid."""
    criterion = rubric_criterion(rubric, criterion_id)
    name = f"{criterion.label.en!r} ({criterion.id})"
    if not is_finite_number(value):
        raise RuleError(
            "score-not-a-number",
            f"The score for {name} must be a number {scale_text(rubric)}; got {value!r}.",
        )
    if not rubric.scale_min <= value <= rubric.scale_max:
        raise RuleError(
            "score-out-of-scale",
            f"The score for {name} must be {scale_text(rubric)}; got {format_number(value)}.",
        )
    steps = (value - rubric.scale_min) / rubric.step
    if abs(steps - round(steps)) > _STEP_TOLERANCE:
        raise RuleError(
            "score-off-step",
            f"The score for {name} must be {scale_text(rubric)}; got {format_number(value)}.",
        )


def member_total(scores: Mapping[str, float], rubric: Rubric) -> float:
    """Weighted mean on /20 of a complete sheet, rounded to 3 decimals half-up."""
    expected = [c.id for c in rubric.criteria]
    unknown = sorted(set(scores) - set(expected))
    if unknown:
        raise RuleError(
            "sheet-unknown-criterion",
            f"The sheet scores {', '.join(unknown)}, which the rubric does not have; remove them.",
        )
    missing = [cid for cid in expected if cid not in scores]
    if missing:
        raise RuleError(
            "sheet-incomplete",
            f"The sheet has no score for {', '.join(missing)}; score every criterion.",
        )
    for criterion_id in expected:
        check_score(scores[criterion_id], rubric, criterion_id)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        weighted = sum(
            (as_decimal(c.weight) * as_decimal(scores[c.id]) for c in rubric.criteria),
            Decimal(0),
        )
        weights = sum((as_decimal(c.weight) for c in rubric.criteria), Decimal(0))
        return round3(weighted / weights)
