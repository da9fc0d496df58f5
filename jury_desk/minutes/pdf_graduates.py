"""A graduation on the diploma average: its graduates by mention, the deferred (ajournés)
with what each one misses, and the refused."""

from __future__ import annotations

from reportlab.platypus import Flowable

from jury_desk.bundle.manifest import GraduationRules
from jury_desk.minutes.model import CandidateMinutes
from jury_desk.minutes.pdf_context import PvContext


def graduates(pv: PvContext) -> list[Flowable]:
    """At graduation on the diploma average: the graduates by mention, highest average
    first; the deferred with what they miss; the refused."""
    g = pv.minutes.rules.graduation_rules
    if g is None or not g.units:
        return []
    w = pv.words
    out: list[Flowable] = []

    def who(c: CandidateMinutes) -> str:
        d = c.diploma
        figure = d.average_after or d.average if d is not None else None
        return f"{c.id} {c.name} ({w.score(figure)})"

    def average(c: CandidateMinutes) -> float:
        d = c.diploma
        return (d.average_after or d.average or 0.0) if d is not None else 0.0

    awarded = sorted(
        (c for c in pv.minutes.candidates if c.decision == "award"), key=average, reverse=True
    )
    out.append(pv.para(w("graduates.by_mention"), "h2"))
    for mention in ("tres_bien", "bien", "assez_bien", None):
        listed = [who(c) for c in awarded if c.mention == mention]
        title = w.decision("award", mention) if mention else w("graduates.no_mention")
        text = w.semicolon.join(listed) if listed else w("graduates.none")
        out.append(pv.para(f"{title}{w.colon}{text}"))
    out.append(pv.para(w("graduates.ajournes"), "h2"))
    deferred = [c for c in pv.minutes.candidates if c.decision == "ajourne"]
    for c in deferred:
        out.append(pv.para(f"{who(c)}{w.colon}{missing(pv, c, g)}"))
    if not deferred:
        out.append(pv.para(w("graduates.none")))
    refused = [who(c) for c in pv.minutes.candidates if c.decision == "refuse"]
    if refused:
        text = w.semicolon.join(refused)
        out.append(pv.para(f"{w('graduates.refused')}{w.colon}{text}"))
    return out


def missing(pv: PvContext, c: CandidateMinutes, g: GraduationRules) -> str:
    """Each requirement the graduate misses, from minutes.json's own facts."""
    w = pv.words
    parts = [f"{w('check.' + e.name)} ({e.actual})" for e in c.eligibility if not e.met]
    d = c.diploma
    if d is not None:
        for u in d.units:
            if u.grade is None:
                parts.append(w("missing.ungraded", unit=u.code))
            elif u.minimum is not None and u.grade < u.minimum:
                parts.append(w("missing.minimum", unit=u.code))
        figure = d.average_after or d.average
        if figure is not None and figure < g.pass_mark:
            parts.append(w("missing.average", mark=w.amount(g.pass_mark)))
    return w.semicolon.join(parts)
