"""The rules applied (section 3): the rubric, the thresholds, and at graduation the
diploma's units, weights and minimums, so that a reader can recompute every figure."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from jury_desk.bundle.manifest import GraduationRules
from jury_desk.minutes.pdf_context import PvContext
from jury_desk.minutes.pdf_style import (
    table_style,
)


def rules(pv: PvContext) -> list[Flowable]:
    w, r = pv.words, pv.minutes.rules
    rubric = r.rubric
    rows = [pv.head("col.criterion", "col.weight")]
    rows += [
        [pv.para(getattr(c.label, w.lang), "small"), w.number(c.weight)] for c in rubric.criteria
    ]
    out: list[Flowable] = [
        pv.para(w("sec.rules"), "h1"),
        pv.para(
            w(
                "rubric",
                min=w.number(rubric.scale_min),
                max=w.number(rubric.scale_max),
                step=w.number(rubric.step),
            )
        ),
        Table(rows, colWidths=[90 * mm, 25 * mm], style=table_style(), hAlign="LEFT"),
        Spacer(1, 4),
        pv.para(w("rule.total")),
    ]
    t = r.thresholds
    out.append(
        pv.para(w("rule.flags", gap=w.number(t.institution_gap), spread=w.number(t.member_spread)))
    )
    g = r.graduation_rules
    if g is None:
        out.append(
            pv.para(
                w(
                    "rule.admission",
                    admit=w.number(t.admit),
                    floor=w.number(t.institution_floor),
                    waitlist=w.number(t.waitlist),
                )
            )
        )
        out.append(pv.para(w("rule.scholarship", target=w.percent(r.scholarship_target))))
    else:
        out.append(
            pv.para(
                w(
                    "rule.graduation",
                    ects=g.required_ects,
                    cases=g.business_cases_per_year,
                    years=g.programme_years,
                    placement=w("rule.placement") if g.internship_required else "",
                    pass_mark=w.number(g.pass_mark),
                    refuse=w.number(g.refuse_below),
                    ab=w.number(g.mention_assez_bien),
                    b=w.number(g.mention_bien),
                    tb=w.number(g.mention_tres_bien),
                )
            )
        )
        if g.units:
            out.append(pv.para(diploma_rule(pv, g)))
    items = ", ".join(f"{c} {r.approvals_required.get(c, 1)}" for c in pv.codes)
    out.append(pv.para(w("rule.approvals", items=items)))
    return out


def diploma_rule(pv: PvContext, g: GraduationRules) -> str:
    """How the diploma average is made, with every unit's weight and minimum."""
    w = pv.words
    units = w.semicolon.join(
        f"{u.code} {w.amount(u.coefficient if u.coefficient is not None else u.ects)}"
        + (f" ({w('unit.minimum', minimum=w.amount(u.minimum))})" if u.minimum else "")
        for u in g.units
    )
    jury = g.jury_unit
    return w(
        "rule.diploma" if jury is not None else "rule.diploma.transcript",
        weighting=w("weighting." + g.weighting),
        jury=jury.code if jury is not None else "",
        points=w.amount(g.jury_points_max),
        margin=w.amount(g.borderline_margin),
        units=units,
    )
