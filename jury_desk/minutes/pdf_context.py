"""What every section of one PV needs: the minutes, the words in the PV's language, the
styles, and the names and short references (M1, A2...) of institutions and members.

The sections (pdf_front, pdf_rules, pdf_decisions, pdf_graduates, pdf_details, pdf_closing)
are plain functions of this context, so each can be read, and tested, on its own.
"""

from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from jury_desk.minutes.labels import Words
from jury_desk.minutes.model import CandidateMinutes, Lang, Minutes
from jury_desk.minutes.pdf_style import paragraph_styles


class PvContext:
    """The facts and helpers shared by the sections of one PV."""

    def __init__(self, minutes: Minutes, lang: Lang) -> None:
        self.minutes = minutes
        # Times in the session's zone; the offset stated is the one of the sitting's day.
        self.words = Words(lang, minutes.opened_at, minutes.session.time_zone)
        self.styles = paragraph_styles()
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

    def overall_label(self) -> str:
        """At graduation on the diploma average the overall is the jury unit's grade."""
        g = self.minutes.rules.graduation_rules
        jury = g.jury_unit if g is not None else None
        return self.words("col.jury_unit", code=jury.code) if jury else self.words("col.overall")


def rules_after_points(c: CandidateMinutes) -> tuple[str, str | None] | None:
    """The rules' decision and mention on the average raised by points de jury, when the
    minutes give it (minutes written before they did: None, and the PV reads as before)."""
    d = c.diploma
    if d is None or d.rules_after is None:
        return None
    return d.rules_after, d.rules_after_mention


def within_rules(c: CandidateMinutes) -> bool:
    """A jury's decision that is the rules' own once its points de jury are added: points
    the rules allow, so no departure from the rules (README, "A graduation")."""
    return c.decision_source == "jury" and rules_after_points(c) == (c.decision, c.mention)
