"""The PV (procès-verbal) as an A4 PDF drawn from minutes.json with ReportLab (DESIGN.md §5).

Sections in the order of a French PV: header (both institutions, session, date, place), jury
and attendance, conflicts, rules applied, decisions (a long table whose header repeats on
every page), flagged and justified candidates, statistics, one signature block per
institution. Every page carries the audit head hash and the bundle fingerprint, and the
watermark of a demo session (DEMO) or of a simulation (SIMULATION), or both.

Rendering is deterministic: the same minutes and language give the same bytes (ReportLab
``invariant``, creation date = the minutes' generation time, no machine locale or timezone).
``minutes verify`` relies on it to prove the visible PV says what minutes.json says.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from jury_desk import __version__
from jury_desk.bundle.manifest import GraduationRules
from jury_desk.core.errors import MinutesError
from jury_desk.core.proposals import allowed_decisions
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.fonts import BOLD, ITALIC, REGULAR, register_fonts
from jury_desk.minutes.labels import Words
from jury_desk.minutes.model import (
    MINUTES_NAME,
    CandidateMinutes,
    DiplomaMinutes,
    Lang,
    Minutes,
    minutes_bytes,
)
from jury_desk.minutes.pdf_canvas import HEADER_SIZE, MARGIN, PageDecor, canvas_class
from jury_desk.minutes.slots import Slot, field_name_for

CREATOR = f"jury-desk {__version__} (ReportLab {reportlab.Version}, DejaVu Sans 2.37)"
GRID = colors.Color(0.7, 0.7, 0.7)
HEAD_BG = colors.Color(0.88, 0.9, 0.94)
STRIPE = colors.Color(0.965, 0.97, 0.98)
WIDTH = A4[0] - 2 * MARGIN
DETAIL_LABEL_WIDTH = 38 * mm
ROW_LINES = 20  # lines of text per table row, so long texts break across pages
CELL_TEXT_LIMIT = 400  # characters; a longer note is printed after its table
APPROVERS_WIDTH = 29 * mm  # approvers by name, one or two a line
#: The footer's label for each kind of audit log (older minutes name none).
_FOOTER_AUDIT = {"unsigned/1": "footer.audit.unsigned", "signed/2": "footer.audit.signed"}


def wrap_text(text: str, font: str, size: float, width: float) -> str:
    """``text`` broken into lines no wider than ``width``, for a plain table cell.

    Words wrap at spaces; a word wider than a line (a long name, a URL) is cut.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width and len(line) > 1:
                low, high = 1, len(line) - 1  # the longest prefix that fits
                while low < high:
                    mid = (low + high + 1) // 2
                    low, high = (
                        (mid, high)
                        if stringWidth(line[:mid], font, size) <= width
                        else (low, mid - 1)
                    )
                lines.append(line[:low])
                line = line[low:]
            lines.append(line)
    return "\n".join(lines)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.5, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9.2, spaceAfter=0),
        "small_bold": ParagraphStyle("small_bold", base, fontName=BOLD, fontSize=7.5, leading=9.2),
        "small_head": ParagraphStyle(
            "small_head", base, fontName=BOLD, fontSize=7, leading=8.4, spaceAfter=0
        ),
        "small_right": ParagraphStyle(
            "small_right", base, fontSize=7.5, leading=9.2, alignment=TA_RIGHT
        ),
        "note": ParagraphStyle("note", base, fontName=ITALIC, fontSize=8, leading=10),
        "title": ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=16, leading=20, alignment=TA_CENTER
        ),
        "subtitle": ParagraphStyle(
            "subtitle", base, fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=8
        ),
        "institution": ParagraphStyle(
            "institution", base, fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER
        ),
        "demo": ParagraphStyle(
            "demo",
            base,
            fontName=BOLD,
            fontSize=10,
            alignment=TA_CENTER,
            textColor=colors.Color(0.75, 0.1, 0.1),
        ),
        "h1": ParagraphStyle(
            "h1", base, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=10, spaceAfter=5
        ),
        "h2": ParagraphStyle(
            "h2", base, fontName=BOLD, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=2
        ),
    }


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


def _table_style(header_rows: int = 1, stripes: bool = True) -> TableStyle:
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 7.5, 9.2),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5, 9.2),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if stripes:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, STRIPE]))
    return TableStyle(commands)


def _layout_style(commands: list[tuple]) -> TableStyle:
    """A layout table's style; its font is set too (ReportLab's default cell font is base-14)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 7.5, 9.2), *commands])


class _PV:
    """Builds the flowables of one PV."""

    def __init__(self, minutes: Minutes, lang: Lang) -> None:
        self.minutes = minutes
        # Times in the session's zone; the offset stated is the one of the sitting's day.
        self.words = Words(lang, minutes.opened_at, minutes.session.time_zone)
        self.styles = _styles()
        self.codes = minutes.institution_codes()
        self.inst_name = {i.code: i.name for i in minutes.session.institutions}
        self.member_name = {j.id: j.name for j in minutes.jury}
        self.member_key = self._member_keys()

    def _member_keys(self) -> dict[str, str]:
        """Short references (M1, A2...) so the decisions table can name approvers compactly."""
        a, b = self.codes
        prefix = {a: a[0], b: b[0]} if a[0] != b[0] else {a: a, b: b}
        keys: dict[str, str] = {}
        counter: dict[str, int] = defaultdict(int)
        for j in self.minutes.jury:
            counter[j.institution] += 1
            keys[j.id] = f"{prefix[j.institution]}{counter[j.institution]}"
        return keys

    def para(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), self.styles[style])

    def head(self, *keys: str) -> list[Flowable]:
        """A table's header cells: bold paragraphs, so long labels wrap instead of overflowing."""
        return [self.para(self.words(k), "small_head") for k in keys]

    # -- sections ---------------------------------------------------------------------------

    def header(self) -> list[Flowable]:
        m, w = self.minutes, self.words
        a, b = (self.inst_name[c] for c in self.codes)
        banner = Table(
            [[self.para(a, "institution"), self.para(b, "institution")]],
            colWidths=[WIDTH / 2] * 2,
            style=_layout_style(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), 1.2, colors.Color(0.2, 0.25, 0.4)),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        )
        s = m.session
        out: list[Flowable] = [banner, Spacer(1, 8)]
        if s.demo:
            out.append(self.para(w("demo"), "demo"))
        if m.simulated:
            out.append(self.para(w("simulation"), "demo"))
        out += [
            self.para(w("title"), "title"),
            self.para(
                f"{w('kind.' + s.kind)} — {w('programme.' + s.programme)} — "
                f"{w('double_degree', a=a, b=b)}",
                "subtitle",
            ),
            self.para(s.title, "h2"),
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
                [[self.para(k, "small_bold"), self.para(v, "small")] for k, v in facts],
                colWidths=[40 * mm, WIDTH - 40 * mm],
                style=_layout_style(
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
        out += [Spacer(1, 4)] + [self.para(n, "note") for n in notes]
        if s.visas:
            out += [Spacer(1, 6), self.para(w("visas.head"), "body")]
            out += [self.para(v, "body") for v in s.visas]
            out.append(self.para(w("visas.then"), "body"))
        return out

    def jury(self) -> list[Flowable]:
        w = self.words
        intervals = defaultdict(list)
        for a in self.minutes.attendance:
            end = w.time(a.out_at) if a.out_at else w("until_close")
            intervals[a.member].append(f"{w.time(a.in_at)}–{end}")
        rows = [self.head("col.key", "col.member", "col.institution", "col.roles", "col.presence")]
        for j in self.minutes.jury:
            rows.append(
                [
                    self.member_key[j.id],
                    self.para(j.name, "small"),
                    j.institution,
                    self.para(", ".join(w("role." + r) for r in j.roles), "small"),
                    self.para(", ".join(intervals.get(j.id, [])) or w("absent"), "small"),
                ]
            )
        table = Table(
            rows,
            colWidths=[12 * mm, 55 * mm, 22 * mm, 38 * mm, WIDTH - 127 * mm],
            style=_table_style(),
            repeatRows=1,
        )
        quorum = ", ".join(f"{c} {n}" for c, n in self.minutes.quorum.items())
        return [
            self.para(w("sec.jury"), "h1"),
            table,
            Spacer(1, 3),
            self.para(w("quorum", items=quorum)),
            *self.key_fingerprints(),
        ]

    def key_fingerprints(self) -> list[Flowable]:
        """A signed log: each member's key fingerprint, and whether the bundle pinned it."""
        keyed = [j for j in self.minutes.jury if j.key_sha256 is not None]
        if not keyed:
            return []
        pinned = all(j.key_pinned for j in keyed)
        lines = [
            f"{self.member_key[j.id]} {j.key_sha256[:32]} {j.key_sha256[32:]}"
            for j in keyed
            if j.key_sha256 is not None
        ]
        return [
            Spacer(1, 2),
            self.para(self.words("keys.pinned" if pinned else "keys.room"), "small"),
            *(self.para(line, "small") for line in lines),
        ]

    def conflicts(self) -> list[Flowable]:
        w = self.words
        out: list[Flowable] = [self.para(w("sec.conflicts"), "h1")]
        if not self.minutes.conflicts:
            return out + [self.para(w("conflicts.none"))]
        names = {c.id: c.name for c in self.minutes.candidates}
        names.update((c.id, c.name) for c in self.minutes.not_deliberated or ())
        rows = [self.head("col.member", "col.candidate", "col.category", "col.source", "col.note")]
        long_notes: list[Flowable] = []
        for c in self.minutes.conflicts:
            note = c.note
            if len(note) > CELL_TEXT_LIMIT:
                # A table row cannot break across pages: long notes follow the table.
                long_notes.append(self.para(f"({len(long_notes) + 1}) {note}", "small"))
                note = w("see_below", n=len(long_notes))
            rows.append(
                [
                    self.para(self.member_name[c.member], "small"),
                    self.para(f"{c.candidate} — {names[c.candidate]}", "small"),
                    self.para(w.conflict(c.category), "small"),
                    w("source." + c.source),
                    self.para(note, "small"),
                ]
            )
        table = LongTable(
            rows,
            colWidths=[34 * mm, 46 * mm, 32 * mm, 18 * mm, WIDTH - 130 * mm],
            style=_table_style(),
            repeatRows=1,
        )
        return out + [table, Spacer(1, 3), *long_notes, self.para(w("conflicts.rule"), "note")]

    def rules(self) -> list[Flowable]:
        w, r = self.words, self.minutes.rules
        rubric = r.rubric
        rows = [self.head("col.criterion", "col.weight")]
        rows += [
            [self.para(getattr(c.label, w.lang), "small"), w.number(c.weight)]
            for c in rubric.criteria
        ]
        out: list[Flowable] = [
            self.para(w("sec.rules"), "h1"),
            self.para(
                w(
                    "rubric",
                    min=w.number(rubric.scale_min),
                    max=w.number(rubric.scale_max),
                    step=w.number(rubric.step),
                )
            ),
            Table(rows, colWidths=[90 * mm, 25 * mm], style=_table_style(), hAlign="LEFT"),
            Spacer(1, 4),
            self.para(w("rule.total")),
        ]
        t = r.thresholds
        out.append(
            self.para(
                w("rule.flags", gap=w.number(t.institution_gap), spread=w.number(t.member_spread))
            )
        )
        g = r.graduation_rules
        if g is None:
            out.append(
                self.para(
                    w(
                        "rule.admission",
                        admit=w.number(t.admit),
                        floor=w.number(t.institution_floor),
                        waitlist=w.number(t.waitlist),
                    )
                )
            )
            out.append(self.para(w("rule.scholarship", target=w.percent(r.scholarship_target))))
        else:
            out.append(
                self.para(
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
                out.append(self.para(self._diploma_rule(g)))
        items = ", ".join(f"{c} {r.approvals_required.get(c, 1)}" for c in self.codes)
        out.append(self.para(w("rule.approvals", items=items)))
        return out

    def _overall_label(self) -> str:
        """At graduation on the diploma average the overall is the jury unit's grade."""
        g = self.minutes.rules.graduation_rules
        jury = g.jury_unit if g is not None else None
        return self.words("col.jury_unit", code=jury.code) if jury else self.words("col.overall")

    def _diploma_rule(self, g: GraduationRules) -> str:
        """How the diploma average is made, with every unit's weight and minimum."""
        w = self.words
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

    def graduates(self) -> list[Flowable]:
        """At graduation on the diploma average: the graduates by mention, highest average
        first; the deferred with what they miss; the refused."""
        g = self.minutes.rules.graduation_rules
        if g is None or not g.units:
            return []
        w = self.words
        out: list[Flowable] = []

        def who(c: CandidateMinutes) -> str:
            d = c.diploma
            figure = d.average_after or d.average if d is not None else None
            return f"{c.id} {c.name} ({w.score(figure)})"

        def average(c: CandidateMinutes) -> float:
            d = c.diploma
            return (d.average_after or d.average or 0.0) if d is not None else 0.0

        awarded = sorted(
            (c for c in self.minutes.candidates if c.decision == "award"), key=average, reverse=True
        )
        out.append(self.para(w("graduates.by_mention"), "h2"))
        for mention in ("tres_bien", "bien", "assez_bien", None):
            listed = [who(c) for c in awarded if c.mention == mention]
            title = w.decision("award", mention) if mention else w("graduates.no_mention")
            text = w.semicolon.join(listed) if listed else w("graduates.none")
            out.append(self.para(f"{title}{w.colon}{text}"))
        out.append(self.para(w("graduates.ajournes"), "h2"))
        deferred = [c for c in self.minutes.candidates if c.decision == "ajourne"]
        for c in deferred:
            out.append(self.para(f"{who(c)}{w.colon}{self._missing(c, g)}"))
        if not deferred:
            out.append(self.para(w("graduates.none")))
        refused = [who(c) for c in self.minutes.candidates if c.decision == "refuse"]
        if refused:
            text = w.semicolon.join(refused)
            out.append(self.para(f"{w('graduates.refused')}{w.colon}{text}"))
        return out

    def _missing(self, c: CandidateMinutes, g: GraduationRules) -> str:
        """Each requirement the graduate misses, from minutes.json's own facts."""
        w = self.words
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

    def decision_rows(self) -> list[list[object]]:
        """Header plus one row per candidate (also used by the benchmark's baseline)."""
        w = self.words
        rows: list[list[object]] = [
            [
                *self.head("col.id", "col.candidate"),
                *(self.para(w("col.mean", code=c), "small_head") for c in self.codes),
                self.para(self._overall_label(), "small_head"),
                *self.head("col.flags", "col.decision", "col.approved"),
            ]
        ]
        for c in self.minutes.candidates:
            decision = w.decision(c.decision, c.mention)
            if c.decision_source == "jury":
                decision += " *"
            rows.append(
                [
                    c.id,
                    self.para(c.name, "small"),
                    *(w.score(c.institution_means.get(code)) for code in self.codes),
                    w.score(c.overall),
                    self.para(", ".join(self.flag_words(c)), "small"),
                    self.para(decision, "small"),
                    wrap_text(
                        ", ".join(self.member_name[a.member] for a in c.approvals),
                        REGULAR,
                        7.5,
                        APPROVERS_WIDTH - 6,
                    ),
                ]  # fmt: skip
            )
        return rows

    def flag_words(self, c: CandidateMinutes) -> list[str]:
        words = [self.words("flag." + f) for f in c.flags]
        if any(not e.met for e in c.eligibility):
            words.append(self.words("flag.requirements"))
        return words

    def decisions(self) -> list[Flowable]:
        style = _table_style()
        style.add("ALIGN", (2, 1), (4, -1), "RIGHT")
        style.add("FONT", (4, 1), (4, -1), BOLD, 7.5, 9.2)
        table = LongTable(
            self.decision_rows(),
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
            self.para(self.words("sec.decisions"), "h1"),
            table,
            Spacer(1, 3),
            self.para(self.words("decisions.legend"), "note"),
        ]

    def not_deliberated(self) -> list[Flowable]:
        """The candidates recorded as non délibéré — renvoyé (none: nothing, so the PVs of
        sessions without one render exactly as before)."""
        renvois = self.minutes.not_deliberated or []
        if not renvois:
            return []
        w = self.words
        required = self.minutes.rules.approvals_required
        rows: list[list[object]] = [
            self.head("col.id", "col.candidate", "col.reason", "col.unable", "col.approved")
        ]
        for c in renvois:
            short = [code for code, n in c.approvers.items() if n < required.get(code, 1)]
            rows.append(
                [
                    c.id,
                    self.para(c.name, "small"),
                    self.para(c.reason, "small"),
                    self.para(", ".join(self.inst_name[code] for code in short), "small"),
                    self.para(", ".join(self.member_name[a.member] for a in c.approvals), "small"),
                ]
            )
        table = LongTable(
            rows,
            colWidths=[13 * mm, 40 * mm, WIDTH - 128 * mm, 45 * mm, 30 * mm],
            style=_table_style(),
            repeatRows=1,
        )
        return [
            self.para(w("renvoi.title"), "h2"),
            self.para(w("renvoi.intro"), "note"),
            table,
            Spacer(1, 3),
        ]

    def _needs_detail(self, c: CandidateMinutes) -> bool:
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

    def _diploma_lines(self, d: DiplomaMinutes) -> list[tuple[str, str]]:
        """The average with what it weighs, each unit's grade and weight, the points de jury:
        a reader recomputes the average from this block and the rules of section 3."""
        w = self.words
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

    def _candidate_detail(self, c: CandidateMinutes) -> Flowable:
        w = self.words
        lines = [
            (
                w("totals", code=code),
                w.list_sep.join(f"{self.member_name[t.member]} {w.score(t.total)}" for t in ts),
            )
            for code in self.codes
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
            lines.extend(self._diploma_lines(c.diploma))
        for n in c.notes:
            lines.append((w("notes"), f"{self.member_name[n.author]}, {w.time(n.at)} — {n.text}"))
        for r in c.revisions:
            text = w(
                "revision",
                member=self.member_name[r.member],
                time=w.time(r.at),
                old=w.score(r.old_total),
                new=w.score(r.new_total),
                reason=r.reason,
            )
            lines.append((w("revisions"), text))
        if c.early_reveal is not None:
            sheets = sum(len(ts) for ts in c.totals.values())
            text = w("early.value", name=self.member_name.get(c.early_reveal.by, c.early_reveal.by),
                     time=w.time(c.early_reveal.at), sheets=sheets)  # fmt: skip
            lines.append((w("early"), text))
        proposal = w.decision(c.proposed_decision, c.proposed_mention)
        decision = w.decision(c.decision, c.mention)
        lines.append((w("proposal"), proposal))
        if c.reasons:
            checks: dict[str, tuple[str, str]] = {
                e.name: (e.required, e.actual) for e in c.eligibility
            }
            worded = [w.reason(r.code, dict(r.facts), self.inst_name, checks) for r in c.reasons]
            lines.append((w("reasons"), w.semicolon.join(worded)))
        lines.append((w("decision"), decision))
        if (c.decision, c.mention) != (c.proposed_decision, c.proposed_mention):
            lines.append((w("deviation"), w("deviation.value", decision=decision,
                                            proposal=proposal)))  # fmt: skip
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
            style=_layout_style(
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

    def results(self) -> list[Flowable]:
        """Those admitted (or awarded) and the waiting list, ranked, with the tie-break
        stated. A graduation on the diploma average lists its graduates in ``graduates``."""
        g = self.minutes.rules.graduation_rules
        if g is not None and g.units:
            return []
        w = self.words
        decisions = ("admit", "waitlist") if g is None else ("award",)
        out: list[Flowable] = [self.para(w("sec.results"), "h2")]
        for decision in decisions:
            ranked = ranking([c for c in self.minutes.candidates if c.decision == decision])
            key = {"admit": "results.admitted", "waitlist": "results.waitlist",
                   "award": "results.awarded"}[decision]  # fmt: skip
            out.append(self.para(w(key, n=len(ranked)), "small_bold"))
            if not ranked:
                out.append(self.para(w("graduates.none"), "small"))
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
                    style=_layout_style(
                        [
                            ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                            ("TOPPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        ]
                    ),
                    hAlign="LEFT",
                )  # fmt: skip
            )
        out.append(self.para(w("results.tiebreak"), "note"))
        return out

    def closing(self) -> list[Flowable]:
        """The appeal routes and deadlines the session gives."""
        w, s = self.words, self.minutes.session
        out: list[Flowable] = []
        if s.appeal_routes:
            out.append(self.para(w("appeals.head"), "h2"))
            out += [self.para(a, "small") for a in s.appeal_routes]
        return out

    def done_at(self) -> Paragraph:
        """ "Fait à <place>, le <day of the closing>": the time of each signature is in its
        box (the rendered PV precedes the signatures, and never changes with them)."""
        w, s = self.words, self.minutes.session
        closed = self.minutes.closed_at.astimezone(w.tz).date()
        return self.para(w("done_at", place=s.signing_place or s.place, date=w.date(closed)))

    def details(self) -> list[Flowable]:
        chosen = [c for c in self.minutes.candidates if self._needs_detail(c)]
        out: list[Flowable] = [self.para(self.words("sec.details"), "h1")]
        if not chosen:
            return out + [self.para(self.words("details.none"))]
        return out + [self._candidate_detail(c) for c in chosen]

    def statistics(self) -> list[Flowable]:
        w, st = self.words, self.minutes.statistics
        out: list[Flowable] = [self.para(w("sec.stats"), "h1")]
        counts = ", ".join(
            f"{w.decision(d, None)}{w.colon}{st.decisions.get(d, 0)}"
            for d in allowed_decisions(self.minutes.session.kind)
        )
        renvois = len(self.minutes.not_deliberated or ())
        if renvois:  # decided on nothing, but the jury's business all the same
            counts += f", {w('stats.renvoi')}{w.colon}{renvois}"
        out.append(self.para(f"{w('stats.decisions')} — {counts}."))
        if st.scholarship is not None:
            sc = st.scholarship
            if sc.share is None:
                out.append(self.para(w("stats.scholarship.none", target=w.percent(sc.target))))
            else:
                out.append(
                    self.para(
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
            out.append(self.para(w("stats.eligibility", eligible=el.eligible, total=total)))
            for name, count in el.missing.items():
                out.append(self.para(w("stats.missing", name=w("check." + name), count=count)))
        return out

    def _signature_cell(self, slot: Slot) -> list[Flowable]:
        w, fp = self.words, slot.cert_sha256
        name = self.member_name[slot.member]
        if slot.chair:
            title = (
                w("sign.chair.for", institution=self.inst_name[slot.institution])
                if slot.institution
                else w("sign.chair")
            )
            by = w("sign.by.chair", name=name)
        else:
            title = w("sign.for", institution=self.inst_name[slot.key])
            by = w("sign.by", name=name)
        return [
            self.para(title, "small_bold"),
            self.para(by, "small"),
            SignatureSpace(field_name_for(slot.key), WIDTH / 2 - 12 * mm, 16 * mm),
            self.para(w("sign.cert"), "small"),
            self.para(fp, "small"),
        ]

    def signatures(self) -> list[Flowable]:
        """The chair's block, then each institution signer's, two to a row."""
        w = self.words
        cells: list[object] = [self._signature_cell(s) for s in self.minutes.slots()]
        if len(cells) % 2:
            cells.append("")
        rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
        boxes = Table(
            rows,
            colWidths=[WIDTH / 2 - 2 * mm] * 2,
            style=_layout_style(
                [
                    *(
                        ("BOX", (i % 2, i // 2), (i % 2, i // 2), 0.6, GRID)
                        for i in range(len(self.minutes.slots()))
                    ),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            ),
            spaceBefore=2,
        )
        return [KeepTogether([self.para(w("sec.signatures"), "h1"), self.done_at(), boxes,
                              Spacer(1, 4), self.para(w("sign.note"), "note")])]  # fmt: skip

    def story(self) -> list[Flowable]:
        return [
            *self.header(),
            *self.jury(),
            *self.conflicts(),
            *self.rules(),
            *self.decisions(),
            *self.not_deliberated(),
            *self.results(),
            *self.graduates(),
            *self.details(),
            *self.statistics(),
            *self.closing(),
            *self.signatures(),
        ]

    def running_header(self) -> str:
        """Title, session and date on one line; a long session title is cut to fit the page."""
        w, s = self.words, self.minutes.session
        head, tail = f"{w('title')} — ", f" — {w.date(s.date)}"

        def fits(title: str) -> bool:
            return stringWidth(head + title + tail, REGULAR, HEADER_SIZE) <= WIDTH

        if fits(s.title):
            return head + s.title + tail
        low, high = 0, len(s.title)  # the longest prefix that fits with an ellipsis
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if fits(s.title[:mid].rstrip() + "…") else (low, mid - 1)
        return head + s.title[:low].rstrip() + "…" + tail

    def decor(self, embedded: bytes) -> PageDecor:
        w, m = self.words, self.minutes
        return PageDecor(
            footer_lines=(
                # Every page says which log the head is of, without moving the body.
                f"{w(_FOOTER_AUDIT.get(m.audit_log or '', 'footer.audit'))} {m.audit_head}",
                f"{w('footer.bundle')} {m.bundle.sha256}",
            ),
            page_label=lambda n, total: w("footer.page", n=n, total=total),
            running_header=self.running_header(),
            watermarks=tuple(
                w(key)
                for key, shown in (
                    ("watermark", m.session.demo),
                    ("watermark.simulation", m.simulated),
                )
                if shown
            ),
            attachment_name=MINUTES_NAME,
            attachment=embedded,
            attachment_description="jury-desk-minutes/1",
            created=m.generated_at,
        )


# ReportLab settings that change the bytes it writes. A site or user reportlab_settings file
# may change them; the PV pins them so that every desk renders the same bytes (and skips
# the ASCII85 stream encoding, which only makes the file bigger and slower to write).
PINNED_SETTINGS = {
    "useA85": 0,
    "pdfMultiLine": 0,
    "pdfComments": 0,
    "ttfAsciiReadable": 1,
    "decimalSymbol": ".",
    "hyphenationLang": "",
    "embeddedHyphenation": 0,
    "uriWasteReduce": 0,
    "listWrapOnFakeWidth": 1,
}
_SETTINGS_LOCK = threading.Lock()


@contextlib.contextmanager
def _pinned_reportlab_settings() -> Iterator[None]:
    # rl_config is process-wide: renders are serialised while the settings are pinned.
    with _SETTINGS_LOCK:
        saved = {name: getattr(rl_config, name) for name in PINNED_SETTINGS}
        try:
            for name, value in PINNED_SETTINGS.items():
                setattr(rl_config, name, value)
            yield
        finally:
            for name, value in saved.items():
                setattr(rl_config, name, value)


def ranking(candidates: list[CandidateMinutes]) -> list[CandidateMinutes]:
    """Overall score highest first; on a tie, the higher of the lower institution means
    first, then the file number (the tie-break the PV states)."""

    def key(c: CandidateMinutes) -> tuple[float, float, str]:
        lower = min(c.institution_means.values(), default=0.0)
        return (-(c.overall or 0.0), -lower, c.id)

    return sorted(candidates, key=key)


def render_pv_bytes(minutes: Minutes, *, lang: Lang = "fr", embedded: bytes | None = None) -> bytes:
    """The unsigned PV, deterministic; its embedded minutes.json records ``lang``.

    ``embedded`` (for the verifier) is the exact minutes.json to attach, already known to
    parse into ``minutes``; by default it is ``minutes_bytes(minutes)``.
    """
    register_fonts()
    if minutes.lang != lang:
        if embedded is not None:
            raise ValueError("embedded minutes.json bytes must be in the rendered language")
        minutes = minutes.model_copy(update={"lang": lang})
    pv = _PV(minutes, lang)
    decor = pv.decor(minutes_bytes(minutes) if embedded is None else embedded)
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"{pv.words('title')} — {minutes.session.title}",
        author=", ".join(pv.inst_name[c] for c in pv.codes),
        subject=f"{minutes.bundle.id} v{minutes.bundle.seq}",
        creator=CREATOR,
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        initialFontSize=9,
        lang=lang,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [PageTemplate(id="pv", frames=[frame], onPage=lambda c, d: c.draw_background(d.page))]
    )
    try:
        with _pinned_reportlab_settings():
            doc.build(pv.story(), canvasmaker=canvas_class(decor))
    except LayoutError as exc:
        raise MinutesError(
            "pv.layout", f"The PV cannot be laid out on A4: {exc}. Shorten the long text."
        ) from None
    return out.getvalue()


def pages_are_minutes(
    data: bytes, minutes: Minutes, embedded: bytes, rendered: bytes | None = None
) -> bool:
    """Whether the PV ``data`` starts with exactly the PV this desk renders from its
    minutes.json (``embedded``, already parsed into ``minutes``): every page says what the
    data says, before any signature. ``rendered``: that rendering, when the caller has
    just drawn it from those very minutes (the export signs what it rendered)."""
    if rendered is None:
        rendered = render_pv_bytes(minutes, lang=minutes.lang, embedded=embedded)
    return data.startswith(rendered)


def render_pv(minutes: Minutes, out: Path, *, lang: Lang = "fr") -> Path:
    """Render the unsigned PV to ``out`` atomically (a temporary file, then rename)."""
    data = render_pv_bytes(minutes, lang=lang)
    with atomic_output(Path(out)) as fh:
        fh.write(data)
    return Path(out)
