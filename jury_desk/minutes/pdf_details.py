"""Section 5: one block per candidate that needs explaining (flags, notes, revisions,
an early reveal, a decision of the jury, a missing requirement, a diploma average)."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table

from jury_desk.minutes.fonts import BOLD, REGULAR
from jury_desk.minutes.model import CandidateMinutes, DiplomaMinutes
from jury_desk.minutes.pdf_context import PvContext, rules_after_points
from jury_desk.minutes.pdf_style import (
    DETAIL_LABEL_WIDTH,
    ROW_LINES,
    WIDTH,
    layout_style,
    wrap_text,
)


def details(pv: PvContext) -> list[Flowable]:
    chosen = [c for c in pv.minutes.candidates if needs_detail(pv, c)]
    out: list[Flowable] = [pv.para(pv.words("sec.details"), "h1")]
    if not chosen:
        return out + [pv.para(pv.words("details.none"))]
    return out + [candidate_detail(pv, c) for c in chosen]


def needs_detail(pv: PvContext, c: CandidateMinutes) -> bool:
    unmet = any(not e.met for e in c.eligibility)
    return bool(
        c.flags
        or c.early_reveal is not None
        or c.notes
        or c.revisions
        or c.decision_source == "jury"
        or unmet
        or c.diploma is not None
    )


def diploma_lines(pv: PvContext, d: DiplomaMinutes) -> list[tuple[str, str]]:
    """The average with what it weighs, each unit's grade and weight, the points de jury:
    a reader recomputes the average from this block and the rules of section 3."""
    w = pv.words
    ects = sum(u.ects for u in d.units)
    lines = [
        (
            w("diploma.average"),
            w("diploma.average.value", average=w.score(d.average), ects=w.amount(ects)),
        ),
        (
            w("diploma.units"),
            w.semicolon.join(
                f"{u.code}{' (' + w('diploma.jury') + ')' if u.graded_by == 'jury' else ''}"
                f" {w.score(u.grade) if u.grade is not None else w('diploma.ungraded')}"
                f" × {w.amount(u.weight)}"
                for u in d.units
            ),
        ),
    ]
    if d.jury_points is not None:
        text = w(
            "diploma.points.value",
            points=w.amount(d.jury_points),
            before=w.score(d.average),
            after=w.score(d.average_after),
        )
        lines.append((w("diploma.points"), text))
    return lines


def candidate_detail(pv: PvContext, c: CandidateMinutes) -> Flowable:
    w = pv.words
    lines = [
        (
            w("totals", code=code),
            w.list_sep.join(f"{pv.member_name[t.member]} {w.score(t.total)}" for t in ts),
        )
        for code in pv.codes
        if code in c.totals  # none when nobody scores (a transcript-only graduation)
        for ts in [c.totals[code]]
    ]
    if c.flags:
        lines.append((w("col.flags"), ", ".join(w("flag." + f) for f in c.flags)))
    if c.eligibility:
        # Met requirements in one word; a missing one with its evidence and what is required.
        lines.append(
            (
                w("eligibility"),
                w.semicolon.join(
                    f"{w('check.' + e.name)}{w.colon}{w('met')}"
                    if e.met
                    else f"{w('check.' + e.name)}{w.colon}{w('missing')} — {e.actual} "
                    f"({e.required})"
                    for e in c.eligibility
                ),
            )
        )
    if c.diploma is not None:
        lines.extend(diploma_lines(pv, c.diploma))
    for n in c.notes:
        lines.append((w("notes"), f"{pv.member_name[n.author]}, {w.time(n.at)} — {n.text}"))
    for r in c.revisions:
        text = w(
            "revision",
            member=pv.member_name[r.member],
            time=w.time(r.at),
            old=w.score(r.old_total),
            new=w.score(r.new_total),
            reason=r.reason,
        )
        lines.append((w("revisions"), text))
    if c.early_reveal is not None:
        sheets = sum(len(ts) for ts in c.totals.values())
        text = w("early.value", name=pv.member_name.get(c.early_reveal.by, c.early_reveal.by),
                 time=w.time(c.early_reveal.at), sheets=sheets)  # fmt: skip
        lines.append((w("early"), text))
    proposal = w.decision(c.proposed_decision, c.proposed_mention)
    decision = w.decision(c.decision, c.mention)
    lines.append((w("proposal"), proposal))
    if c.reasons:
        checks: dict[str, tuple[str, str]] = {e.name: (e.required, e.actual) for e in c.eligibility}
        worded = [w.reason(r.code, dict(r.facts), pv.inst_name, checks) for r in c.reasons]
        lines.append((w("reasons"), w.semicolon.join(worded)))
    after = rules_after_points(c)
    g = pv.minutes.rules.graduation_rules
    if after is not None and c.diploma is not None and g is not None:
        # Points de jury are the rules' own tool: what the rules decide on the raised
        # average is the proposal the jury's decision is measured against.
        lines.append((w("points.rules"), w("points.rules.value", decision=w.decision(*after),
                      after=w.score(c.diploma.average_after),
                      max=w.amount(g.jury_points_max))))  # fmt: skip
    lines.append((w("decision"), decision))
    against = after or (c.proposed_decision, c.proposed_mention)
    if (c.decision, c.mention) != against:
        lines.append((w("deviation"), w("deviation.value", decision=decision,
                                        proposal=w.decision(*against))))  # fmt: skip
    if c.justification and c.decision_source == "jury":
        # A rule decision's "justification" is the rules' reasons, in core's English; the
        # PV already says what the rules proposed and, in section 3, why.
        lines.append((w("justification"), c.justification))
    # Plain pre-wrapped strings, not Paragraphs: a PV may have hundreds of these blocks
    # and parsing paragraph markup would dominate the rendering time.
    value_width = WIDTH - DETAIL_LABEL_WIDTH - 3
    rows = [[wrap_text(f"{c.id} — {c.name}", BOLD, 9.5, WIDTH), ""]]
    for label, value in lines:
        # Long texts go over several rows, so that the block can break across pages.
        wrapped = wrap_text(value, REGULAR, 7.5, value_width).split("\n")
        for start in range(0, len(wrapped), ROW_LINES):
            chunk = "\n".join(wrapped[start : start + ROW_LINES])
            rows.append([label if start == 0 else "", chunk])
    table = Table(
        rows,
        colWidths=[DETAIL_LABEL_WIDTH, WIDTH - DETAIL_LABEL_WIDTH],
        style=layout_style(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("FONT", (0, 0), (-1, 0), BOLD, 9.5, 12),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
                ("FONT", (0, 1), (0, -1), BOLD, 7.5, 9.2),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return KeepTogether([table])
