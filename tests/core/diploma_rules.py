"""Graduation rules with graded units, shared by the diploma tests."""

from __future__ import annotations

from typing import Any

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules


def unit(code: str, ects: float, **extra: Any) -> dict[str, Any]:
    return {"code": code, "label": {"fr": code, "en": code}, "ects": ects, **extra}


def rules(**overrides: Any) -> GraduationRules:
    """60 ECTS: STAT 10 (minimum 8), ML 10, DB 10, THESIS 30 graded by the jury."""
    data: dict[str, Any] = {
        "required_ects": 60,
        "programme_years": 1,
        "internship_required": False,
        "business_cases_per_year": 0,
        "jury_points_max": 0.5,
        "units": [
            unit("STAT", 10, minimum=8),
            unit("ML", 10),
            unit("DB", 10),
            unit("THESIS", 30, graded_by="jury"),
        ],
    }
    return GraduationRules.model_validate(data | overrides)


def record(
    stat: float | None = 14, ml: float | None = 10, db: float | None = 10.5
) -> AcademicRecord:
    courses = [
        {"code": code, "title": code, "ects": 10, "grade": grade, "validated": True}
        for code, grade in (("STAT", stat), ("ML", ml), ("DB", db))
    ]
    for c in courses:
        if c["grade"] is None:
            del c["grade"]
    return AcademicRecord.model_validate({"courses": courses})
