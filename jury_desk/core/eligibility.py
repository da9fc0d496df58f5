"""Graduation eligibility (DESIGN.md §3): ECTS, business cases per year, placement.

Each check is reported met or missing with its evidence, so the jury sees why.
"""

from __future__ import annotations

from dataclasses import dataclass

from jury_desk.bundle.manifest import AcademicRecord, BusinessCase, GraduationRules, Placement
from jury_desk.core.scoring import as_decimal, format_number

CHECK_ECTS = "ects"
CHECK_BUSINESS_CASES = "business-cases"
CHECK_PLACEMENT = "placement"

_STATUS_TEXT = {
    "validated": "validated",
    "in_progress": "in progress",
    "not_validated": "not validated",
    "missing": "missing",
}


@dataclass(frozen=True)
class EligibilityCheck:
    name: str  # "ects" | "business-cases" | "placement"
    met: bool
    required: str  # e.g. "180 ECTS"
    actual: str  # e.g. "172 ECTS validated"
    evidence: tuple[str, ...]  # what was counted: course codes, business cases, placement
    # The facts behind ``required``/``actual`` (English), so the PV can word them in French.
    required_amount: float | None = None  # ECTS, or business cases over the whole programme
    actual_amount: float | None = None
    per_year_required: int | None = None  # business cases
    per_year: tuple[tuple[int, int], ...] = ()  # business cases: (year, count) counted
    placement: Placement | None = None


def required_checks(rules: GraduationRules) -> tuple[str, ...]:
    """Names of the checks ``graduation_eligibility`` returns under ``rules``."""
    names = (CHECK_ECTS, CHECK_BUSINESS_CASES)
    return (*names, CHECK_PLACEMENT) if rules.internship_required else names


def jury_unit_validated(rules: GraduationRules, jury_grade: float | None) -> bool:
    """The jury's unit earns its ECTS at its minimum, or at the pass mark if it has none."""
    unit = rules.jury_unit
    if unit is None or jury_grade is None:
        return False
    bar = unit.minimum if unit.minimum is not None else rules.pass_mark
    return as_decimal(jury_grade) >= as_decimal(bar)


def _ects(
    record: AcademicRecord, rules: GraduationRules, jury_grade: float | None
) -> EligibilityCheck:
    counted = [(c.code, c.ects) for c in record.courses if c.validated]
    required = as_decimal(rules.required_ects)
    jury = rules.jury_unit
    if jury is not None and jury_grade is None:
        # Before the jury grades its unit, the record is checked against its own share:
        # the unit's ECTS are neither earned nor missing yet.
        required -= as_decimal(jury.ects)
    elif jury is not None and jury_unit_validated(rules, jury_grade):
        counted.append((jury.code, jury.ects))
    # Decimal: 7.5 + 0.1 + ... must add up the way the transcript does.
    total = sum((as_decimal(ects) for _, ects in counted), as_decimal(0))
    return EligibilityCheck(
        name=CHECK_ECTS,
        met=total >= required,
        required=f"{format_number(float(required))} ECTS",
        actual=f"{format_number(float(total))} ECTS validated",
        evidence=tuple(f"{code}: {format_number(ects)} ECTS" for code, ects in counted),
        required_amount=float(required),
        actual_amount=float(total),
    )


def _case_text(case: BusinessCase) -> str:
    partner = f" (partner: {case.partner})" if case.partner else ""
    return f"year {case.year}: {case.title}{partner}"


def _business_cases(record: AcademicRecord, rules: GraduationRules) -> EligibilityCheck:
    years = range(1, rules.programme_years + 1)
    per_year = {year: 0 for year in years}
    evidence: list[str] = []
    for case in sorted(record.business_cases, key=lambda c: c.year):
        if case.year in per_year:
            per_year[case.year] += 1
            evidence.append(_case_text(case))
        else:
            evidence.append(
                f"{_case_text(case)} - not counted: beyond the "
                f"{rules.programme_years}-year programme"
            )
    needed = rules.business_cases_per_year
    # Per year, not in total: a surplus one year does not make up for a shortfall another.
    met = all(count >= needed for count in per_year.values())
    breakdown = ", ".join(f"year {year}: {count}" for year, count in per_year.items())
    return EligibilityCheck(
        name=CHECK_BUSINESS_CASES,
        met=met,
        required=(
            f"{needed * rules.programme_years} business cases "
            f"({needed} per year x {rules.programme_years})"
        ),
        actual=f"{sum(per_year.values())} business cases ({breakdown})",
        evidence=tuple(evidence),
        required_amount=needed * rules.programme_years,
        actual_amount=sum(per_year.values()),
        per_year_required=needed,
        per_year=tuple(per_year.items()),
    )


def _placement_text(placement: Placement) -> str:
    where = f" at {placement.organisation}" if placement.organisation else ""
    return f"{placement.kind}{where}: {_STATUS_TEXT[placement.status]}"


def _placement(record: AcademicRecord) -> EligibilityCheck:
    placement = record.placement
    actual = _placement_text(placement) if placement else "no internship or apprenticeship recorded"
    return EligibilityCheck(
        name=CHECK_PLACEMENT,
        met=placement is not None and placement.status == "validated",
        required="validated internship or apprenticeship",
        actual=actual,
        evidence=(actual,) if placement else (),
        placement=placement,
    )


def graduation_eligibility(
    record: AcademicRecord, rules: GraduationRules, jury_grade: float | None = None
) -> tuple[EligibilityCheck, ...]:
    """The checks of ``required_checks(rules)``, in that order; ``jury_grade`` is the
    reconciled grade of the rules' jury unit, if they name one."""
    checks = [_ects(record, rules, jury_grade), _business_cases(record, rules)]
    if rules.internship_required:
        checks.append(_placement(record))
    return tuple(checks)
