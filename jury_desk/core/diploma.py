"""The diploma average (*moyenne générale*) of a graduate, DESIGN.md §3 (proposal).

The average of the graded units of the bundle's graduation rules, weighted by ECTS or by
coefficient as the rules say: each course of the record with its grade, and at most one
component the jury grades in the room (its grade is the reconciled overall: the mean of the
institution means). Computed in ``Decimal`` from the published figures and rounded half-up
like every published score, so a reader recomputes it from minutes.json with a pencil.

A unit below its minimum is failed whatever the average (compensation stops there); a unit
with no grade yet leaves the average undecided and is named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules
from jury_desk.core.errors import RuleError
from jury_desk.core.numbers import as_decimal, format_amount, quantize_score

# Wide enough that 200 units of 17-digit products stay exact before the final rounding.
_PRECISION = 60


@dataclass(frozen=True)
class UnitGrade:
    """One unit as it enters the average: what minutes.json carries to recompute it."""

    code: str
    ects: float
    weight: float  # the ECTS, or the coefficient when the rules weigh by coefficient
    grade: float | None  # None: not graded yet
    minimum: float | None
    graded_by: str  # "record" | "jury"

    @property
    def below_minimum(self) -> bool:
        return (
            self.grade is not None
            and self.minimum is not None
            and as_decimal(self.grade) < as_decimal(self.minimum)
        )


@dataclass(frozen=True)
class DiplomaAverage:
    units: tuple[UnitGrade, ...]
    average: float | None  # None while a unit has no grade
    ungraded: tuple[str, ...]  # codes of the units with no grade, in the rules' order
    below_minimum: tuple[UnitGrade, ...]


def weighted_average(pairs: Iterable[tuple[float, float]]) -> float:
    """sum(weight x grade) / sum(weight), exact, rounded half-up as published."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        total = weights = Decimal(0)
        for weight, grade in pairs:
            w = as_decimal(weight)
            total += w * as_decimal(grade)
            weights += w
        if not weights:
            raise RuleError("no-graded-unit", "The graduation rules weigh no unit.")
        return float(quantize_score(total / weights))


def unit_grades(
    record: AcademicRecord, rules: GraduationRules, jury_grade: float | None
) -> tuple[UnitGrade, ...]:
    """Each unit of ``rules`` with its grade: the record's, or ``jury_grade`` for the jury's."""
    grades = {c.code: c.grade for c in record.courses}
    out = []
    for unit in rules.units:
        if unit.graded_by == "jury":
            grade = jury_grade
        elif unit.code in grades:
            grade = grades[unit.code]
        else:
            # The manifest refuses such a record; fail closed if one gets here anyway.
            raise RuleError(
                "unit-missing",
                f"The record has no unit {unit.code} of the graduation rules.",
            )
        weight = unit.coefficient if rules.weighting == "coefficient" else unit.ects
        assert weight is not None  # the manifest requires a coefficient under that weighting
        out.append(UnitGrade(unit.code, unit.ects, weight, grade, unit.minimum, unit.graded_by))
    return tuple(out)


def diploma_average(
    record: AcademicRecord, rules: GraduationRules, jury_grade: float | None = None
) -> DiplomaAverage:
    """The average of ``record`` under ``rules``; ``jury_grade`` is the reconciled grade of
    the jury's unit (None before its reveal, or when the rules name none)."""
    units = unit_grades(record, rules, jury_grade)
    ungraded = tuple(u.code for u in units if u.grade is None)
    graded = [(u.weight, u.grade) for u in units if u.grade is not None]
    average = None if ungraded else weighted_average(graded)
    return DiplomaAverage(units, average, ungraded, tuple(u for u in units if u.below_minimum))


def with_jury_points(average: float, points: float, rules: GraduationRules) -> float:
    """The average after ``points`` de jury (at most the rules' maximum, never past 20)."""
    if points <= 0 or as_decimal(points) > as_decimal(rules.jury_points_max):
        raise RuleError(
            "jury-points-over-maximum",
            f"Points de jury must be above 0 and at most {format_amount(rules.jury_points_max)}"
            f" under these rules; got {format_amount(points)}.",
        )
    return float(min(quantize_score(as_decimal(average) + as_decimal(points)), Decimal(20)))
