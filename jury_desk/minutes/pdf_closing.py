"""The PV's end: statistics, the appeal routes, "fait à", and one signature block for the
chair and for each institution's signer, with the empty field each signer fills."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from jury_desk.core.proposals import allowed_decisions
from jury_desk.minutes.pdf_context import PvContext
from jury_desk.minutes.pdf_style import (
    GRID,
    WIDTH,
    layout_style,
)
from jury_desk.minutes.slots import Slot, field_name_for


def statistics(pv: PvContext) -> list[Flowable]:
    w, st = pv.words, pv.minutes.statistics
    out: list[Flowable] = [pv.para(w("sec.stats"), "h1")]
    counts = ", ".join(
        f"{w.decision(d, None)}{w.colon}{st.decisions.get(d, 0)}"
        for d in allowed_decisions(pv.minutes.session.kind)
    )
    renvois = len(pv.minutes.not_deliberated or ())
    if renvois:  # decided on nothing, but the jury's business all the same
        counts += f", {w('stats.renvoi')}{w.colon}{renvois}"
    out.append(pv.para(f"{w('stats.decisions')} — {counts}."))
    if st.scholarship is not None:
        sc = st.scholarship
        if sc.share is None:
            out.append(pv.para(w("stats.scholarship.none", target=w.percent(sc.target))))
        else:
            out.append(
                pv.para(
                    w(
                        "stats.scholarship",
                        holders=sc.holders,
                        admitted=sc.admitted,
                        share=w.percent(sc.share),
                        target=w.percent(sc.target),
                        verdict=w("stats.met") if sc.meets_target else w("stats.unmet"),
                    )
                )
            )
    if st.eligibility is not None:
        el = st.eligibility
        total = el.eligible + el.not_eligible
        out.append(pv.para(w("stats.eligibility", eligible=el.eligible, total=total)))
        for name, count in el.missing.items():
            out.append(pv.para(w("stats.missing", name=w("check." + name), count=count)))
    return out


def closing(pv: PvContext) -> list[Flowable]:
    """The appeal routes and deadlines the session gives."""
    w, s = pv.words, pv.minutes.session
    out: list[Flowable] = []
    if s.appeal_routes:
        out.append(pv.para(w("appeals.head"), "h2"))
        out += [pv.para(a, "small") for a in s.appeal_routes]
    return out


def done_at(pv: PvContext) -> Paragraph:
    """ "Fait à <place>, le <day of the closing>": the time of each signature is in its
    box (the rendered PV precedes the signatures, and never changes with them)."""
    w, s = pv.words, pv.minutes.session
    closed = pv.minutes.closed_at.astimezone(w.tz).date()
    return pv.para(w("done_at", place=s.signing_place or s.place, date=w.date(closed)))


class SignatureSpace(Flowable):
    """The blank in a signature block: an empty signature field the signer fills.

    Its widget is laid out here, in the rendered PV, so the signature's appearance (drawn by
    the signer's desk) lands in the box and nowhere else (jury_desk/minutes/revisions.py).
    """

    def __init__(self, name: str, width: float, height: float) -> None:
        super().__init__()
        self.name, self.width, self.height = name, width, height

    def draw(self) -> None:
        canv = self.canv
        x, y = canv.absolutePosition(0, 0)
        canv.add_signature_field(self.name, (x, y, x + self.width, y + self.height))


def signature_cell(pv: PvContext, slot: Slot) -> list[Flowable]:
    w, fp = pv.words, slot.cert_sha256
    name = pv.member_name[slot.member]
    if slot.chair:
        title = (
            w("sign.chair.for", institution=pv.inst_name[slot.institution])
            if slot.institution
            else w("sign.chair")
        )
        by = w("sign.by.chair", name=name)
    else:
        title = w("sign.for", institution=pv.inst_name[slot.key])
        by = w("sign.by", name=name)
    return [
        pv.para(title, "small_bold"),
        pv.para(by, "small"),
        SignatureSpace(field_name_for(slot.key), WIDTH / 2 - 12 * mm, 16 * mm),
        pv.para(w("sign.cert"), "small"),
        pv.para(fp, "small"),
    ]


def signatures(pv: PvContext) -> list[Flowable]:
    """The chair's block, then each institution signer's, two to a row."""
    w = pv.words
    cells: list[object] = [signature_cell(pv, s) for s in pv.minutes.slots()]
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    boxes = Table(
        rows,
        colWidths=[WIDTH / 2 - 2 * mm] * 2,
        style=layout_style(
            [
                *(
                    ("BOX", (i % 2, i // 2), (i % 2, i // 2), 0.6, GRID)
                    for i in range(len(pv.minutes.slots()))
                ),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        ),
        spaceBefore=2,
    )
    # A bundle from before the chair signed declares no chair's slot (``slots.py``).
    note = w("sign.note" if pv.minutes.chair is not None else "sign.note.institutions")
    return [KeepTogether([pv.para(w("sec.signatures"), "h1"), done_at(pv), boxes,
                          Spacer(1, 4), pv.para(note, "note")])]  # fmt: skip
