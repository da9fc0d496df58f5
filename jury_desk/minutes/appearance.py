"""What a signature shows in its box on the PV: who signed, for what, when, with which key.

The rendered PV leaves a blank signature field in each signature block; the signer's desk
draws this appearance in it (pyHanko clips it to the box). The lines are drawn by ReportLab
with the PV's own embedded TrueType font (no base-14 font in a PV: pyHanko's text stamps
would need its optional HarfBuzz extra), as a one-page PDF that pyHanko imports as the
stamp; in the PV's language. The time is the session's
local time with its offset (the session's time zone, Europe/Paris by default); the exact
signing time is in the signature itself, and in its time stamp when there is one.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.pdfgen.canvas import Canvas

from jury_desk.minutes.fonts import BOLD, REGULAR, register_fonts
from jury_desk.minutes.model import Minutes
from jury_desk.minutes.slots import Slot

_WORDS = {
    "fr": (
        "Signé électroniquement par",
        ("Signataire pour {institution}", "Président du jury",
         "Président du jury, signataire pour {institution}"),
        "le {date} à {time} (UTC{offset})",
        "Certificat SHA-256 {fingerprint}…",
    ),
    "en": (
        "Signed electronically by",
        ("Signer for {institution}", "Chair of the jury",
         "Chair of the jury, signer for {institution}"),
        "on {date} at {time} (UTC{offset})",
        "Certificate SHA-256 {fingerprint}…",
    ),
}  # fmt: skip


def appearance_text(
    minutes: Minutes, slot: Slot, signer: str, fingerprint: str, at: datetime
) -> str:
    """The lines drawn in the box, in the PV's language, the time in the session's zone."""
    head, roles, when, cert = _WORDS.get(minutes.lang, _WORDS["fr"])
    names = {i.code: i.name for i in minutes.session.institutions}
    local = at.astimezone(ZoneInfo(minutes.session.time_zone))
    offset = local.strftime("%z")
    role = roles[2 if slot.chair and slot.institution else 1 if slot.chair else 0]
    institution = slot.institution or ""
    lines = [
        head,
        signer,
        role.format(institution=names.get(institution, institution)),
        when.format(
            date=local.strftime("%d/%m/%Y"),
            time=local.strftime("%H:%M"),
            offset=f"{offset[:3]}:{offset[3:]}",
        ),
        cert.format(fingerprint=fingerprint[:16]),
    ]
    return "\n".join(lines)


# The stamp's own page, in points: about the signature box's proportions (pyHanko scales it
# into the box).
STAMP_SIZE = (200.0, 44.0)


def appearance_pdf(text: str) -> bytes:
    """A one-page PDF with ``text``'s lines (the first two in bold), for pyHanko to import."""
    register_fonts()
    out = io.BytesIO()
    width, height = STAMP_SIZE
    canvas = Canvas(out, pagesize=STAMP_SIZE, invariant=1, pageCompression=1,
                    initialFontName=REGULAR, initialFontSize=6.5)  # fmt: skip
    y = height - 8
    for index, line in enumerate(text.splitlines()):
        canvas.setFont(BOLD if index == 1 else REGULAR, 6.5)
        canvas.drawString(2, y, line)
        y -= 8.5
    canvas.showPage()
    canvas.save()
    return out.getvalue()
