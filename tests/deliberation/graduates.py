"""Graduation bundles whose rules weigh units: transcripts chosen to land on the marks."""

from __future__ import annotations

from typing import Any

from jury_desk.bundle.manifest import Manifest
from tests.factories import manifest_dict

COURSES = ("STAT", "ML", "DB")


def unit(code: str, ects: float, **extra: Any) -> dict[str, Any]:
    return {"code": code, "label": {"fr": code, "en": code}, "ects": ects, **extra}


def diploma_manifest(grades: list[tuple[float, float, float]], *, jury: bool) -> Manifest:
    """One candidate per (STAT, ML, DB) grades, 40 ECTS each; with ``jury``, a THESIS of
    30 ECTS graded by the jury (the rubric) on a 150-ECTS degree, else 120 ECTS."""
    data = manifest_dict("graduation", n_candidates=len(grades))
    rules = data["session"]["graduation_rules"]
    rules["required_ects"] = 150 if jury else 120
    rules["jury_points_max"] = 0.5
    rules["units"] = [unit(code, 40, minimum=8 if code == "STAT" else None) for code in COURSES]
    for u in rules["units"]:
        if u["minimum"] is None:
            del u["minimum"]
    if jury:
        rules["units"].append(unit("THESIS", 30, graded_by="jury"))
    for cand, marks in zip(data["candidates"], grades, strict=True):
        cand["record"]["courses"] = [
            {"code": code, "title": code, "ects": 40, "grade": grade, "validated": grade >= 8}
            for code, grade in zip(COURSES, marks, strict=True)
        ]
    return Manifest.model_validate(data)
