"""The PV's look, shared by every section: page width, colours, paragraph and table styles,
and the one text wrapper for plain table cells.

Kept apart from the sections so that a change of look is made once and shows everywhere;
any change here changes the PV's bytes, which ``minutes verify`` re-renders to compare.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from jury_desk.minutes.fonts import BOLD, ITALIC, REGULAR
from jury_desk.minutes.pdf_canvas import MARGIN

GRID = colors.Color(0.7, 0.7, 0.7)
HEAD_BG = colors.Color(0.88, 0.9, 0.94)
STRIPE = colors.Color(0.965, 0.97, 0.98)
WIDTH = A4[0] - 2 * MARGIN
DETAIL_LABEL_WIDTH = 38 * mm
ROW_LINES = 20  # lines of text per table row, so long texts break across pages
CELL_TEXT_LIMIT = 400  # characters; a longer note is printed after its table
APPROVERS_WIDTH = 29 * mm  # approvers by name, one or two a line


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


def paragraph_styles() -> dict[str, ParagraphStyle]:
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


def table_style(header_rows: int = 1, stripes: bool = True) -> TableStyle:
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


def layout_style(commands: list[tuple]) -> TableStyle:
    """A layout table's style; its font is set too (ReportLab's default cell font is base-14)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 7.5, 9.2), *commands])
