"""The decisions table (one row per candidate, its header repeated on every page), the
candidates recorded as non délibéré — renvoyé, and the ranked results with the tie-break."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Spacer

from jury_desk.minutes.fonts import BOLD, REGULAR
from jury_desk.minutes.model import CandidateMinutes
from jury_desk.minutes.pdf_context import PvContext, within_rules
from jury_desk.minutes.pdf_style import (
    APPROVERS_WIDTH,
    WIDTH,
    layout_style,
    table_style,
    wrap_text,
)


def decision_rows(pv: PvContext) -> list[list[object]]:
    """Header plus one row per candidate (also used by the benchmark's baseline)."""
    w = pv.words
    rows: list[list[object]] = [
        [
            *pv.head("col.id", "col.candidate"),
            *(pv.para(w("col.mean", code=c), "small_head") for c in pv.codes),
            pv.para(pv.overall_label(), "small_head"),
            *pv.head("col.flags", "col.decision", "col.approved"),
        ]
    ]
    for c in pv.minutes.candidates:
        decision = w.decision(c.decision, c.mention)
        if c.decision_source == "jury":
            decision += " †" if within_rules(c) else " *"
        rows.append(
            [
                c.id,
                pv.para(c.name, "small"),
                *(w.score(c.institution_means.get(code)) for code in pv.codes),
                w.score(c.overall),
                pv.para(", ".join(flag_words(pv, c)), "small"),
                pv.para(decision, "small"),
                wrap_text(
                    ", ".join(pv.member_name[a.member] for a in c.approvals),
                    REGULAR,
                    7.5,
                    APPROVERS_WIDTH - 6,
                ),
            ]  # fmt: skip
        )
    return rows


def flag_words(pv: PvContext, c: CandidateMinutes) -> list[str]:
    words = [pv.words("flag." + f) for f in c.flags]
    if any(not e.met for e in c.eligibility):
        words.append(pv.words("flag.requirements"))
    return words


def decisions(pv: PvContext) -> list[Flowable]:
    style = table_style()
    style.add("ALIGN", (2, 1), (4, -1), "RIGHT")
    style.add("FONT", (4, 1), (4, -1), BOLD, 7.5, 9.2)
    table = LongTable(
        decision_rows(pv),
        colWidths=[
            13 * mm,
            44 * mm,
            15 * mm,
            15 * mm,
            15 * mm,
            19 * mm,
            24 * mm,
            APPROVERS_WIDTH,
        ],  # fmt: skip
        style=style,
        repeatRows=1,
    )
    return [
        pv.para(pv.words("sec.decisions"), "h1"),
        table,
        Spacer(1, 3),
        pv.para(pv.words("decisions.legend"), "note"),
        # Only when a decision carries it, so that older minutes render as they always did.
        *(
            [pv.para(pv.words("decisions.legend.points"), "note")]
            if any(within_rules(c) for c in pv.minutes.candidates)
            else []
        ),
    ]


def not_deliberated(pv: PvContext) -> list[Flowable]:
    """The candidates recorded as non délibéré — renvoyé (none: nothing, so the PVs of
    sessions without one render exactly as before)."""
    renvois = pv.minutes.not_deliberated or []
    if not renvois:
        return []
    w = pv.words
    required = pv.minutes.rules.approvals_required
    rows: list[list[object]] = [
        pv.head("col.id", "col.candidate", "col.reason", "col.unable", "col.approved")
    ]
    for c in renvois:
        short = [code for code, n in c.approvers.items() if n < required.get(code, 1)]
        rows.append(
            [
                c.id,
                pv.para(c.name or "—", "small"),  # None: sealed, never revealed
                pv.para(c.reason, "small"),
                pv.para(", ".join(pv.inst_name[code] for code in short), "small"),
                pv.para(", ".join(pv.member_name[a.member] for a in c.approvals), "small"),
            ]
        )
    table = LongTable(
        rows,
        colWidths=[13 * mm, 40 * mm, WIDTH - 128 * mm, 45 * mm, 30 * mm],
        style=table_style(),
        repeatRows=1,
    )
    return [
        pv.para(w("renvoi.title"), "h2"),
        pv.para(w("renvoi.intro"), "note"),
        table,
        Spacer(1, 3),
    ]


def results(pv: PvContext) -> list[Flowable]:
    """Those admitted (or awarded) and the waiting list, ranked, with the tie-break
    stated. A graduation on the diploma average lists its graduates in ``graduates``."""
    g = pv.minutes.rules.graduation_rules
    if g is not None and g.units:
        return []
    w = pv.words
    decisions = ("admit", "waitlist") if g is None else ("award",)
    out: list[Flowable] = [pv.para(w("sec.results"), "h2")]
    for decision in decisions:
        ranked = ranking([c for c in pv.minutes.candidates if c.decision == decision])
        key = {"admit": "results.admitted", "waitlist": "results.waitlist",
               "award": "results.awarded"}[decision]  # fmt: skip
        out.append(pv.para(w(key, n=len(ranked)), "small_bold"))
        if not ranked:
            out.append(pv.para(w("graduates.none"), "small"))
            continue
        rows = [
            [f"{rank}." if decision == "waitlist" else "", c.id,
             wrap_text(c.name, REGULAR, 7.5, 100 * mm - 6), w.score(c.overall),
             w.decision(c.decision, c.mention) if g else ""]
            for rank, c in enumerate(ranked, start=1)
        ]  # fmt: skip
        out.append(
            LongTable(
                rows,
                colWidths=[10 * mm, 16 * mm, 100 * mm, 16 * mm, WIDTH - 142 * mm],
                style=layout_style(
                    [
                        ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
                hAlign="LEFT",
            )  # fmt: skip
        )
    out.append(pv.para(w("results.tiebreak"), "note"))
    return out


def ranking(candidates: list[CandidateMinutes]) -> list[CandidateMinutes]:
    """Overall score highest first; on a tie, the higher of the lower institution means
    first, then the file number (the tie-break the PV states)."""

    def key(c: CandidateMinutes) -> tuple[float, float, str]:
        lower = min(c.institution_means.values(), default=0.0)
        return (-(c.overall or 0.0), -lower, c.id)

    return sorted(candidates, key=key)
