"""The Bachelor graduation demo (``graduation-bachelor.jdbundle``): a transcript-only jury.

Three years of courses, 180 ECTS, 8 business cases a year, no placement required, and no
unit graded by the jury: nobody scores, the deliberation starts from the transcripts. The
cohort is chosen to show what such a jury meets: clear awards with each mention, a graduate
just under the pass mark, one just under a mention, a course under its minimum, a year short
of business cases.
"""

from __future__ import annotations

from typing import Any

from jury_desk.rehearsal.demo_bundles import (
    BACHELOR_FILE,  # noqa: F401  (the file it builds)
    BUSINESS_CASES,
    _candidate,
    _fmt,
    _grade,
    _session,
)
from jury_desk.rehearsal.demo_pdfs import render_pdf

NAMES = [
    "Lucas Perrin",
    "Amina Touré",
    "Noah Girard",
    "Inès Belkacem",
    "Jules Marchand",
    "Sarah Cohen-Lévy",
    "Théo Nakamura",
    "Lina Haddad",
]
SCHOLARS = {1, 3, 7}
COURSES = [  # (year, code, French title, English title), 12 ECTS each: 5 a year
    (1, "MATH1", "Mathématiques pour la data", "Mathematics for data"),
    (1, "PY", "Programmation Python", "Python programming"),
    (1, "ECO", "Économie", "Economics"),
    (1, "ACC", "Comptabilité", "Accounting"),
    (1, "COM", "Communication", "Communication"),
    (2, "STAT", "Statistiques", "Statistics"),
    (2, "SQL", "Bases de données", "Databases"),
    (2, "MKT", "Marketing", "Marketing"),
    (2, "FIN", "Finance", "Finance"),
    (2, "ML1", "Introduction au machine learning", "Introduction to machine learning"),
    (3, "ML2", "Machine learning appliqué", "Applied machine learning"),
    (3, "VIZ", "Visualisation de données", "Data visualisation"),
    (3, "STRAT", "Stratégie", "Strategy"),
    (3, "LAW", "Droit", "Law"),
    (3, "CAP", "Projet de fin d'études", "Capstone project"),
]
ECTS = 12
LEVELS = [15.5, 13.0, 9.8, 12.0, 11.5, 16.5, 10.5, 11.6]
UNDER_MINIMUM = {4: "FIN"}  # a course under its minimum: not compensated
CASES_DONE = {6: {1: 8, 2: 8, 3: 7}}  # a year short of business cases


def session(prints: dict[str, str]) -> dict[str, Any]:
    s = _session("graduation", prints)
    s["programme"] = "bachelor"
    s["title"] = (
        "DÉMO — Jury de diplôme, Bachelor AI & Data Business "
        "(double diplôme Mines Paris × Albert School)"
    )
    s["date"] = "2026-07-03"
    s["graduation_rules"] = {
        "required_ects": ECTS * len(COURSES),
        "business_cases_per_year": 8,
        "programme_years": 3,
        "internship_required": False,
        # Every unit from the transcript, by its ECTS: no unit is graded by the jury.
        "units": [
            {"code": code, "label": {"fr": fr, "en": en}, "ects": ECTS, "minimum": 7.0}
            for _year, code, fr, en in COURSES
        ],
        "jury_points_max": 0.5,
        "borderline_margin": 0.5,
    }
    return s


def _record(i: int) -> dict[str, Any]:
    courses = []
    for _year, code, title, _en in COURSES:
        grade = _grade("bachelor", i, code, centre=LEVELS[i], spread=5)
        grade = max(grade, 7.0)
        if UNDER_MINIMUM.get(i) == code:
            grade = 6.0
        courses.append(
            {"code": code, "title": title, "ects": ECTS, "grade": grade, "validated": grade >= 7}
        )
    done = CASES_DONE.get(i, {1: 8, 2: 8, 3: 8})
    titles = BUSINESS_CASES[1] + BUSINESS_CASES[2]
    cases = []
    for year in (1, 2, 3):
        for k in range(done[year]):
            title, partner = titles[((year - 1) * 8 + k) % len(titles)]
            cases.append(
                {"year": year, "title": title, **({"partner": partner} if partner else {})}
            )
    return {"courses": courses, "business_cases": cases}


def candidates() -> list[tuple[dict[str, Any], dict[str, bytes]]]:
    out = []
    for i, name in enumerate(NAMES):
        record = _record(i)
        cand = {**_candidate("BACH", i, name, SCHOLARS, {}), "programme": "bachelor"}
        lines = [
            f"{c['code']} — {c['title']} : {_fmt(c['grade'])}/20, {c['ects']} ECTS"
            + ("" if c["validated"] else " (non validé)")
            for c in record["courses"]
        ]
        docs = {"releve-de-notes.pdf": render_pdf("Relevé de notes — Bachelor", name, lines)}
        out.append(({**cand, "record": record}, docs))
    return out
