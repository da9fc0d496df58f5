"""What the dossier says beyond its PDFs. For a graduation: each degree requirement (ECTS,
business cases per year, internship or apprenticeship), met or missing, with its evidence
from the record. The verdict is the core's (``detail.eligibility``); the evidence is the
record itself, in the desk's language. Only what the service returns is shown: a blind
field is simply absent.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QCoreApplication

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules
from jury_desk.core.eligibility import EligibilityCheck
from jury_desk.core.scoring import as_decimal
from jury_desk.deliberation.views import CandidateDetail
from jury_desk.gui import labels
from jury_desk.gui.i18n import fill


def _ects(record: AcademicRecord, rules: GraduationRules) -> str:
    validated = [c for c in record.courses if c.validated]
    ects = sum((as_decimal(c.ects) for c in validated), as_decimal(0))
    return fill(
        QCoreApplication.translate(
            "RecordSummary", "%1 ECTS validés (%2 cours sur %3) ; %4 requis"
        ),
        labels.number(float(ects)),
        len(validated),
        len(record.courses),
        rules.required_ects,
    )


def _business_cases(record: AcademicRecord, rules: GraduationRules) -> str:
    per_year = Counter(case.year for case in record.business_cases)
    partners = sum(1 for case in record.business_cases if case.partner)
    year = QCoreApplication.translate("RecordSummary", "année %1 : %2")
    years = ", ".join(
        fill(year, y, per_year[y]) for y in range(1, max([rules.programme_years, *per_year]) + 1)
    )
    return fill(
        QCoreApplication.translate(
            "RecordSummary", "%1 (dont %2 avec une entreprise) ; %3 requis chaque année"
        ),
        years,
        partners,
        rules.business_cases_per_year,
    )


def _placement(record: AcademicRecord) -> str:
    placement = record.placement
    if placement is None:
        return QCoreApplication.translate("RecordSummary", "aucun stage ni apprentissage")
    kind = labels.word(labels.PLACEMENT_KINDS, placement.kind)
    status = labels.word(labels.PLACEMENT_STATUSES, placement.status)
    if placement.organisation:
        at = QCoreApplication.translate("RecordSummary", "%1 chez %2 : %3")
        return fill(at, kind, placement.organisation, status)
    return f"{kind} : {status}"


def evidence(check: EligibilityCheck, record: AcademicRecord, rules: GraduationRules) -> str:
    """The record's evidence for one requirement (the core's own words if unknown)."""
    if check.name == "ects":
        return _ects(record, rules)
    if check.name == "business-cases":
        return _business_cases(record, rules)
    if check.name == "placement":
        return _placement(record)
    return f"{check.actual} — {check.required}"


def summary_html(detail: CandidateDetail, rules: GraduationRules | None) -> str:
    lines = []
    if detail.scholarship is not None:
        yes = QCoreApplication.translate("RecordSummary", "Boursier : oui")
        no = QCoreApplication.translate("RecordSummary", "Boursier : non")
        lines.append(html.escape(yes if detail.scholarship else no))
    record = detail.record
    if record is None or rules is None or not detail.eligibility:
        return "<br>".join(lines)
    heading = QCoreApplication.translate("RecordSummary", "Conditions du diplôme")
    lines.append(f"<b>{html.escape(heading)}</b>")
    for check in detail.eligibility:
        name = labels.word(labels.CHECKS, check.name)
        if check.met:
            verdict = fill(
                QCoreApplication.translate("RecordSummary", "✓ %1 : condition remplie"), name
            )
            colour = "#1e6b30"
        else:
            verdict = fill(
                QCoreApplication.translate("RecordSummary", "✗ %1 : condition non remplie"), name
            )
            colour = "#b3261e"
        lines.append(
            f"<span style='color:{colour}; font-weight:600'>{html.escape(verdict)}</span><br>"
            f"<span style='color:#4a5560'>{html.escape(evidence(check, record, rules))}</span>"
        )
    return "<br>".join(lines)
