"""The PV's first pages: the header (both institutions, the session, its facts), the
jury with its attendance and key fingerprints, and the declared conflicts."""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Spacer, Table

from jury_desk.minutes.pdf_context import PvContext
from jury_desk.minutes.pdf_style import (
    CELL_TEXT_LIMIT,
    WIDTH,
    layout_style,
    table_style,
)


def header(pv: PvContext) -> list[Flowable]:
    m, w = pv.minutes, pv.words
    a, b = (pv.inst_name[c] for c in pv.codes)
    banner = Table(
        [[pv.para(a, "institution"), pv.para(b, "institution")]],
        colWidths=[WIDTH / 2] * 2,
        style=layout_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.Color(0.2, 0.25, 0.4)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    s = m.session
    out: list[Flowable] = [banner, Spacer(1, 8)]
    if s.demo:
        out.append(pv.para(w("demo"), "demo"))
    if m.simulated:
        out.append(pv.para(w("simulation"), "demo"))
    out += [
        pv.para(w("title"), "title"),
        pv.para(
            f"{w('kind.' + s.kind)} — {w('programme.' + s.programme)} — "
            f"{w('double_degree', a=a, b=b)}",
            "subtitle",
        ),
        pv.para(s.title, "h2"),
    ]
    facts = [
        (w("date"), w.date(s.date)),
        (w("place"), s.place),
        (w("bundle"), w("bundle.value", id=m.bundle.id, seq=m.bundle.seq)),
        (w("opened"), w.datetime(m.opened_at)),
        (w("closed"), w.datetime(m.closed_at)),
        # Drawn up when the chair closed the sitting, whenever it is exported.
        (w("generated"), w.datetime(m.closed_at)),
    ]
    out.append(
        Table(
            [[pv.para(k, "small_bold"), pv.para(v, "small")] for k, v in facts],
            colWidths=[40 * mm, WIDTH - 40 * mm],
            style=layout_style(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
            ),
            hAlign="LEFT",
        )
    )
    notes = [w("times.zone", zone=s.time_zone, offset=w.offset()), w("attachment")]
    if m.supersedes:
        notes.insert(
            0,
            w("supersedes", head=m.supersedes.previous_audit_head, reason=m.supersedes.reason),
        )
    out += [Spacer(1, 4)] + [pv.para(n, "note") for n in notes]
    if s.visas:
        out += [Spacer(1, 6), pv.para(w("visas.head"), "body")]
        out += [pv.para(v, "body") for v in s.visas]
        out.append(pv.para(w("visas.then"), "body"))
    return out


def jury(pv: PvContext) -> list[Flowable]:
    w = pv.words
    intervals = defaultdict(list)
    for a in pv.minutes.attendance:
        end = w.time(a.out_at) if a.out_at else w("until_close")
        intervals[a.member].append(f"{w.time(a.in_at)}–{end}")
    rows = [pv.head("col.key", "col.member", "col.institution", "col.roles", "col.presence")]
    for j in pv.minutes.jury:
        rows.append(
            [
                pv.member_key[j.id],
                pv.para(j.name, "small"),
                j.institution,
                pv.para(", ".join(w("role." + r) for r in j.roles), "small"),
                pv.para(", ".join(intervals.get(j.id, [])) or w("absent"), "small"),
            ]
        )
    table = Table(
        rows,
        colWidths=[12 * mm, 55 * mm, 22 * mm, 38 * mm, WIDTH - 127 * mm],
        style=table_style(),
        repeatRows=1,
    )
    quorum = ", ".join(f"{c} {n}" for c, n in pv.minutes.quorum.items())
    return [
        pv.para(w("sec.jury"), "h1"),
        table,
        Spacer(1, 3),
        pv.para(w("quorum", items=quorum)),
        *key_fingerprints(pv),
        *reveal_key(pv),
    ]


def key_fingerprints(pv: PvContext) -> list[Flowable]:
    """A signed log: each member's key fingerprint, and whether the bundle pinned it."""
    keyed = [j for j in pv.minutes.jury if j.key_sha256 is not None]
    if not keyed:
        return []
    pinned = all(j.key_pinned for j in keyed)
    lines = [
        f"{pv.member_key[j.id]} {j.key_sha256[:32]} {j.key_sha256[32:]}"
        for j in keyed
        if j.key_sha256 is not None
    ]
    return [
        Spacer(1, 2),
        pv.para(pv.words("keys.pinned" if pinned else "keys.room"), "small"),
        *(pv.para(line, "small") for line in lines),
    ]


def reveal_key(pv: PvContext) -> list[Flowable]:
    """Where the key that kept the sealed sheets blind until the reveal came from; nothing
    for minutes written before they said it (their PV renders as it always did)."""
    origin = pv.minutes.reveal_key
    if origin is None:
        return []
    unsigned = origin == "absent" and pv.minutes.audit_log != "signed/2"  # format 1
    said = pv.words("reveal_key.unsigned" if unsigned else "reveal_key." + origin)
    return [Spacer(1, 2), pv.para(said, "small")]


def conflicts(pv: PvContext) -> list[Flowable]:
    w = pv.words
    out: list[Flowable] = [pv.para(w("sec.conflicts"), "h1")]
    if not pv.minutes.conflicts:
        return out + [pv.para(w("conflicts.none"))]
    # A renvoyé whose name stayed sealed (never revealed): its id alone.
    names = {c.id: f"{c.id} — {c.name}" for c in pv.minutes.candidates}
    names.update((c.id, c.id if c.name is None else f"{c.id} — {c.name}")
                 for c in pv.minutes.not_deliberated or ())  # fmt: skip
    rows = [pv.head("col.member", "col.candidate", "col.category", "col.source", "col.note")]
    long_notes: list[Flowable] = []
    for c in pv.minutes.conflicts:
        note = c.note
        if len(note) > CELL_TEXT_LIMIT:
            # A table row cannot break across pages: long notes follow the table.
            long_notes.append(pv.para(f"({len(long_notes) + 1}) {note}", "small"))
            note = w("see_below", n=len(long_notes))
        rows.append(
            [
                pv.para(pv.member_name[c.member], "small"),
                pv.para(names[c.candidate], "small"),
                pv.para(w.conflict(c.category), "small"),
                w("source." + c.source),
                pv.para(note, "small"),
            ]
        )
    table = LongTable(
        rows,
        colWidths=[34 * mm, 46 * mm, 32 * mm, 18 * mm, WIDTH - 130 * mm],
        style=table_style(),
        repeatRows=1,
    )
    return out + [table, Spacer(1, 3), *long_notes, pv.para(w("conflicts.rule"), "note")]
