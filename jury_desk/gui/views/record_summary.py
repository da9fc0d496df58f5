"""What the dossier says beyond its PDFs. For a graduation: each degree requirement (ECTS,
business cases per year, internship or apprenticeship), met or missing, with its evidence
from the record. The verdict and its counts are the core's (``detail.eligibility``), worded
by ``reason_words`` as in the rules' reasons; the record adds how many courses and partner
companies they come from. Only what the service returns is shown: a blind field is simply
absent.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules
from jury_desk.core.eligibility import CHECK_BUSINESS_CASES, CHECK_ECTS, EligibilityCheck
from jury_desk.deliberation.readmodels import CandidateDetail
from jury_desk.gui.i18n import fill
from jury_desk.gui.words import labels, reason_words


def _ects(check: EligibilityCheck, record: AcademicRecord) -> str:
    validated = sum(1 for c in record.courses if c.validated)
    return fill(
        QCoreApplication.translate(
            "RecordSummary", "%1 ECTS validés (%2 cours sur %3) ; %4 requis"
        ),
        reason_words.number(check.actual_amount or 0),
        validated,
        len(record.courses),
        reason_words.number(check.required_amount or 0),
    )


def _business_cases(check: EligibilityCheck, record: AcademicRecord) -> str:
    partners = sum(1 for case in record.business_cases if case.partner)
    return fill(
        QCoreApplication.translate(
            "RecordSummary", "%1 (dont %2 avec une entreprise) ; %3 requis chaque année"
        ),
        reason_words.per_year_text(check),
        partners,
        check.per_year_required,
    )


def evidence(check: EligibilityCheck, record: AcademicRecord) -> str:
    """The evidence for one requirement: the core's counts (those of the verdict), worded by
    ``reason_words`` like the rules' reasons, with what the record adds (courses, partners)."""
    if check.name == CHECK_ECTS:
        return _ects(check, record)
    if check.name == CHECK_BUSINESS_CASES:
        return _business_cases(check, record)
    return reason_words.achieved(check)


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
            f"<span style='color:#4a5560'>{html.escape(evidence(check, record))}</span>"
        )
    return "<br>".join(lines)
