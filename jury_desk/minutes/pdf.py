"""The PV (procès-verbal) as an A4 PDF drawn from minutes.json with ReportLab (DESIGN.md §5).

Sections in the order of a French PV: header (both institutions, session, date, place), jury
and attendance, conflicts, rules applied, decisions (a long table whose header repeats on
every page), flagged and justified candidates, statistics, one signature block per
institution. Every page carries the audit head hash and the bundle fingerprint, and the
watermark of a demo session (DEMO) or of a simulation (SIMULATION), or both.

Rendering is deterministic: the same minutes and language give the same bytes (ReportLab
``invariant``, creation date = the minutes' generation time, no machine locale or timezone).
``minutes verify`` relies on it to prove the visible PV says what minutes.json says.

This module lays the pages out and pins what changes the bytes; each section is drawn by a
plain function of one ``PvContext`` (pdf_context), in the module named after it: pdf_front,
pdf_rules, pdf_decisions, pdf_graduates, pdf_details, pdf_closing; the look is pdf_style.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from jury_desk import __version__
from jury_desk.core.errors import MinutesError
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.fonts import REGULAR, register_fonts
from jury_desk.minutes.model import MINUTES_NAME, Lang, Minutes, minutes_bytes
from jury_desk.minutes.pdf_canvas import HEADER_SIZE, MARGIN, PageDecor, canvas_class
from jury_desk.minutes.pdf_closing import closing, signatures, statistics
from jury_desk.minutes.pdf_context import PvContext
from jury_desk.minutes.pdf_decisions import decisions, not_deliberated, results
from jury_desk.minutes.pdf_details import details
from jury_desk.minutes.pdf_front import conflicts, header, jury
from jury_desk.minutes.pdf_graduates import graduates
from jury_desk.minutes.pdf_rules import rules
from jury_desk.minutes.pdf_style import WIDTH

CREATOR = f"jury-desk {__version__} (ReportLab {reportlab.Version}, DejaVu Sans 2.37)"
#: The footer's label for each kind of audit log (older minutes name none).
_FOOTER_AUDIT = {"unsigned/1": "footer.audit.unsigned", "signed/2": "footer.audit.signed"}


def story(pv: PvContext) -> list[Flowable]:
    return [
        *header(pv),
        *jury(pv),
        *conflicts(pv),
        *rules(pv),
        *decisions(pv),
        *not_deliberated(pv),
        *results(pv),
        *graduates(pv),
        *details(pv),
        *statistics(pv),
        *closing(pv),
        *signatures(pv),
    ]


def running_header(pv: PvContext) -> str:
    """Title, session and date on one line; a long session title is cut to fit the page."""
    w, s = pv.words, pv.minutes.session
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


def decor(pv: PvContext, embedded: bytes) -> PageDecor:
    w, m = pv.words, pv.minutes
    return PageDecor(
        footer_lines=(
            # Every page says which log the head is of, without moving the body.
            f"{w(_FOOTER_AUDIT.get(m.audit_log or '', 'footer.audit'))} {m.audit_head}",
            f"{w('footer.bundle')} {m.bundle.sha256}",
        ),
        page_label=lambda n, total: w("footer.page", n=n, total=total),
        running_header=running_header(pv),
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
    pv = PvContext(minutes, lang)
    page_decor = decor(pv, minutes_bytes(minutes) if embedded is None else embedded)
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
            doc.build(story(pv), canvasmaker=canvas_class(page_decor))
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
