"""What the dossier says beyond its PDFs: for a graduation, the courses and ECTS, the business
cases of each year and the internship or apprenticeship, with each degree requirement met
or missing (the verdict and its evidence are the core's). Only what the service returns is
shown: a blind field is simply absent.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QCoreApplication

from jury_desk.core.scoring import as_decimal
from jury_desk.deliberation.views import CandidateDetail
from jury_desk.gui import labels
from jury_desk.gui.i18n import fill


def record_lines(detail: CandidateDetail) -> list[str]:
    """Plain lines (HTML-escaped) describing the record: courses, cases, placement."""
    lines = []
    if detail.scholarship is not None:
        yes = QCoreApplication.translate("RecordSummary", "Boursier : oui")
        lines.append(
            yes
            if detail.scholarship
            else QCoreApplication.translate("RecordSummary", "Boursier : non")
        )
    record = detail.record
    if record is None:
        return lines
    validated = [c for c in record.courses if c.validated]
    ects = sum((as_decimal(c.ects) for c in validated), as_decimal(0))
    courses = QCoreApplication.translate("RecordSummary", "Cours : %1 validés sur %2, soit %3 ECTS")
    lines.append(fill(courses, len(validated), len(record.courses), labels.number(float(ects))))
    per_year = Counter(case.year for case in record.business_cases)
    partners = Counter(case.year for case in record.business_cases if case.partner)
    year = QCoreApplication.translate(
        "RecordSummary", "année %1 : %2 (dont %3 avec une entreprise)"
    )
    years = "; ".join(fill(year, y, per_year[y], partners[y]) for y in sorted(per_year))
    cases = QCoreApplication.translate("RecordSummary", "Business cases : %1")
    lines.append(fill(cases, years or QCoreApplication.translate("RecordSummary", "aucun")))
    placement = record.placement
    if placement is None:
        lines.append(
            QCoreApplication.translate("RecordSummary", "Stage ou apprentissage : aucun enregistré")
        )
    else:
        kind = labels.word(labels.PLACEMENT_KINDS, placement.kind)
        status = labels.word(labels.PLACEMENT_STATUSES, placement.status)
        if placement.organisation:
            at = QCoreApplication.translate("RecordSummary", "%1 chez %2 : %3")
            lines.append(fill(at, kind, placement.organisation, status))
        else:
            lines.append(f"{kind} : {status}")
    return [html.escape(line) for line in lines]


def eligibility_html(detail: CandidateDetail) -> str:
    """One line per degree requirement, ✓ met / ✗ missing in colour, the evidence beneath."""
    rows = []
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
        evidence = html.escape(f"{check.actual} — {check.required}")
        rows.append(
            f"<span style='color:{colour}'>{html.escape(verdict)}</span><br>"
            f"<small style='color:#5f6b76'>{evidence}</small>"
        )
    return "<br>".join(rows)


def summary_html(detail: CandidateDetail) -> str:
    text = "<br>".join(record_lines(detail))
    checks = eligibility_html(detail)
    if checks:
        heading = html.escape(QCoreApplication.translate("RecordSummary", "Conditions du diplôme"))
        text += f"<p style='margin-top:8px'><b>{heading}</b><br>{checks}</p>"
    return text
