"""Small, deterministic PDFs for the demo dossiers (ReportLab, ``invariant=1``).

``invariant=1`` fixes the creation date and the document id, so the same text always gives
the same bytes and the demo bundles regenerate byte-for-byte. Helvetica is enough here:
these are stand-ins for the candidates' own documents (the PV embeds its fonts), and the
demo names stay within its WinAnsi character set.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

_MARGIN = 56
_WATERMARK = "DÉMO — document fictif / fictitious document"


def render_pdf(title: str, subtitle: str, lines: Sequence[str]) -> bytes:
    """One-page-or-more A4 PDF: a title, a subtitle and wrapped lines of text."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setTitle(f"{title} — {subtitle}")
    pdf.setAuthor("jury-desk demo")
    pdf.setCreator("jury-desk demo")
    width, height = A4

    def new_page() -> float:
        pdf.setFont("Helvetica-Oblique", 8)
        pdf.setFillGray(0.45)
        pdf.drawString(_MARGIN, height - 30, _WATERMARK)
        pdf.setFillGray(0)
        return height - 60

    y = new_page()
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(_MARGIN, y, title)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(_MARGIN, y - 20, subtitle)
    y -= 50
    pdf.setFont("Helvetica", 10)
    for line in lines:
        for part in simpleSplit(line, "Helvetica", 10, width - 2 * _MARGIN) or [""]:
            if y < _MARGIN:
                pdf.showPage()
                y = new_page()
                pdf.setFont("Helvetica", 10)
            pdf.drawString(_MARGIN, y, part)
            y -= 14
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
