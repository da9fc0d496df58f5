"""What the dossier says beyond its PDFs: for a graduation, the courses and ECTS, the business
cases of each year and the internship or apprenticeship, with each degree requirement met
or missing (the verdict is the core's; its evidence is in the tooltip). Only what the service
returns is shown: a blind field is simply absent.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QCoreApplication

from jury_desk.core.scoring import as_decimal
from jury_desk.deliberation.views import CandidateDetail
from jury_desk.gui import labels
from jury_desk.gui.i18n import fill


def _t(text: str) -> str:
    return QCoreApplication.translate("RecordSummary", text)


def record_lines(detail: CandidateDetail) -> list[str]:
    """Plain lines (HTML-escaped) describing the record: courses, cases, placement."""
    lines = []
    if detail.scholarship is not None:
        lines.append(_t("Boursier : oui") if detail.scholarship else _t("Boursier : non"))
    record = detail.record
    if record is None:
        return lines
    validated = [c for c in record.courses if c.validated]
    ects = sum((as_decimal(c.ects) for c in validated), as_decimal(0))
    lines.append(
        fill(
            _t("Cours : %1 validés sur %2, soit %3 ECTS"),
            len(validated),
            len(record.courses),
            labels.number(float(ects)),
        )
    )
    per_year = Counter(case.year for case in record.business_cases)
    partners = Counter(case.year for case in record.business_cases if case.partner)
    years = [
        fill(_t("année %1 : %2 (dont %3 avec une entreprise)"), y, per_year[y], partners[y])
        for y in sorted(per_year)
    ]
    lines.append(_t("Business cases : ") + ("; ".join(years) or _t("aucun")))
    placement = record.placement
    if placement is None:
        lines.append(_t("Stage ou apprentissage : aucun enregistré"))
    else:
        where = fill(_t(" chez %1"), placement.organisation) if placement.organisation else ""
        lines.append(
            f"{labels.word(labels.PLACEMENT_KINDS, placement.kind)}{where} : "
            f"{labels.word(labels.PLACEMENT_STATUSES, placement.status)}"
        )
    return [html.escape(line) for line in lines]


def eligibility_html(detail: CandidateDetail) -> str:
    """One line per degree requirement: ✓ met / ✗ missing, in colour."""
    rows = []
    for check in detail.eligibility:
        name = html.escape(labels.word(labels.CHECKS, check.name))
        evidence = html.escape(f"{check.actual} — {check.required}")
        if check.met:
            verdict = f"<span style='color:#1e6b30'>✓ {name} : {_t('condition remplie')}</span>"
        else:
            verdict = f"<span style='color:#b3261e'>✗ {name} : {_t('condition non remplie')}</span>"
        rows.append(f"{verdict}<br><small style='color:#5f6b76'>{evidence}</small>")
    return "<br>".join(rows)


def summary_html(detail: CandidateDetail) -> str:
    parts = record_lines(detail)
    text = "<br>".join(parts)
    checks = eligibility_html(detail)
    if checks:
        heading = html.escape(_t("Conditions du diplôme"))
        text += f"<p style='margin-top:8px'><b>{heading}</b><br>{checks}</p>"
    return text
