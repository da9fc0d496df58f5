"""The PV's TrueType fonts (DejaVu Sans, shipped in resources/fonts), embedded in every PDF.

No base-14 font may appear in a PV: they are not embedded, so the PDF would render with
whatever the reader substitutes. Every style, table and canvas call names these fonts.
"""

from __future__ import annotations

import functools

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from jury_desk.core.resources import resource_path

REGULAR = "JuryDeskSans"
BOLD = "JuryDeskSans-Bold"
ITALIC = "JuryDeskSans-Oblique"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@functools.cache
def register_fonts() -> str:
    """Register the family once per process; returns the regular font's name."""
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    # <b> and <i> in paragraphs resolve through this mapping (no bold-italic face shipped).
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)
    return REGULAR
