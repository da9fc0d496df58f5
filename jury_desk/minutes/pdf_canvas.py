"""The PV's canvas: page footer ("page n of N", audit head, bundle fingerprint), running
header, DEMO and SIMULATION watermarks, and minutes.json as an embedded file.

Pages are kept until the end so the footer can print the total page count. The embedded file
is written by ReportLab itself, in the same single revision as the pages, so the unsigned PV
is one deterministic byte string that the verifier can re-render and compare.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from jury_desk.minutes.fonts import BOLD, REGULAR

FOOTER_SIZE = 6.5
HEADER_SIZE = FOOTER_SIZE + 1  # the running header on pages 2 and after
MARGIN = 18 * mm
# Watermark font sizes at most, in points, for one word alone and for stacked words (DEMO
# and SIMULATION); a long word is set smaller so that the block stays inside the margins.
WATERMARK_SIZE = 150
STACKED_SIZE = 125
WATERMARK_LENGTH = 600  # points along the diagonal; an A4 page's is about 925 at 50 degrees
WATERMARK_GAP = 20  # points between two stacked watermarks
CAP_HEIGHT = 0.73  # DejaVu Sans Bold's capital height, per point of font size


@dataclass(frozen=True)
class PageDecor:
    footer_lines: tuple[str, str]  # audit head line, bundle fingerprint line
    page_label: Callable[[int, int], str]
    running_header: str
    watermarks: tuple[str, ...]  # "DEMO", "SIMULATION": one diagonal line each
    attachment_name: str
    attachment: bytes
    attachment_description: str
    created: datetime


def _fixed_timestamp(moment: datetime) -> TimeStamp:
    """A ReportLab timestamp pinned to ``moment`` (the PV's generation time), in UTC."""
    stamp = TimeStamp(invariant=True)
    stamp.t = moment.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class PVCanvas(Canvas):
    decor: PageDecor  # set by the factory below

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # invariant=1 fixes the ID and dates; the creation date is then the PV's own.
        self._doc._timeStamp = _fixed_timestamp(self.decor.created)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        self._embed()
        super().save()

    def draw_background(self, page_number: int) -> None:
        """Called at the start of each page, before its content: watermark and header."""
        d = self.decor
        width, height = self._pagesize
        if d.watermarks:
            self._draw_watermarks(width, height)
        if page_number > 1:
            self.saveState()
            self.setFont(REGULAR, HEADER_SIZE)
            self.setFillColor(colors.Color(0.35, 0.35, 0.35))
            self.drawString(MARGIN, height - 12 * mm, d.running_header)
            self.restoreState()

    def _draw_watermarks(self, width: float, height: float) -> None:
        """The words stacked along the page's diagonal, the block centred on the page."""
        words = self.decor.watermarks
        largest = WATERMARK_SIZE if len(words) == 1 else STACKED_SIZE
        sizes = [min(largest, WATERMARK_LENGTH / stringWidth(word, BOLD, 1)) for word in words]
        top = (sum(sizes) * CAP_HEIGHT + WATERMARK_GAP * (len(words) - 1)) / 2
        self.saveState()
        self.setFillColor(colors.Color(0.85, 0.2, 0.2, alpha=0.13))
        self.translate(width / 2, height / 2)
        self.rotate(50)
        for word, size in zip(words, sizes, strict=True):
            top -= size * CAP_HEIGHT  # the baseline of this line
            self.setFont(BOLD, size)
            self.drawCentredString(0, top, word)
            top -= WATERMARK_GAP
        self.restoreState()

    def add_signature_field(self, name: str, rect: tuple[float, float, float, float]) -> None:
        """An empty signature field whose widget covers ``rect`` on the current page.

        Laid out in the rendered PV itself, so the verifier knows each signature's place from
        the re-rendered bytes: a signer fills its field and draws only inside its box.
        """
        field = pdfdoc.PDFDictionary(
            {
                "FT": "/Sig",
                "Type": "/Annot",
                "Subtype": "/Widget",
                "F": 4,  # Print
                "T": pdfdoc.PDFString(name),
                "Rect": pdfdoc.PDFArray([round(x, 2) for x in rect]),
            }
        )
        self._addAnnotation(field, "jury-desk:signature:" + name)
        form = self.acroForm
        # SignaturesExist | AppendOnly, as the signers' desks set them: the form a signature
        # revision finds is then the one it leaves, but for the field it fills.
        form.sigFlags = 3
        form.fields.append(form.getRef(field))

    def _draw_footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        self.setLineWidth(0.4)
        self.line(MARGIN, 15 * mm, width - MARGIN, 15 * mm)
        self.setFont(REGULAR, FOOTER_SIZE)
        self.setFillColor(colors.Color(0.25, 0.25, 0.25))
        audit, bundle = self.decor.footer_lines
        self.drawString(MARGIN, 11.5 * mm, audit)
        self.drawString(MARGIN, 8.5 * mm, bundle)
        self.setFont(BOLD, FOOTER_SIZE + 1)
        self.drawRightString(width - MARGIN, 10 * mm, self.decor.page_label(number, total))
        self.restoreState()

    def _embed(self) -> None:
        """minutes.json as a PDF embedded file (catalog /Names /EmbeddedFiles)."""
        d = self.decor
        doc = self._doc
        data = d.attachment
        stamp = pdfdoc.PDFDate(ts=doc._timeStamp)
        stream = pdfdoc.PDFStream(
            pdfdoc.PDFDictionary(
                {
                    "Type": "/EmbeddedFile",
                    "Subtype": "/application#2Fjson",
                    "Params": pdfdoc.PDFDictionary(
                        {
                            "Size": len(data),
                            "CheckSum": pdfdoc.PDFString(
                                hashlib.md5(data, usedforsecurity=False).digest(), enc="raw"
                            ),
                            "ModDate": stamp,
                        }
                    ),
                }
            ),
            content=data,
            filters=[pdfdoc.PDFZCompress],
        )
        stream_ref = doc.Reference(stream, "jury-desk:embedded:" + d.attachment_name)
        spec = pdfdoc.PDFDictionary(
            {
                "Type": "/Filespec",
                "F": pdfdoc.PDFString(d.attachment_name),
                "UF": pdfdoc.PDFString(d.attachment_name),
                "Desc": pdfdoc.PDFString(d.attachment_description),
                "AFRelationship": "/Data",
                "EF": pdfdoc.PDFDictionary({"F": stream_ref, "UF": stream_ref}),
            }
        )
        spec_ref = doc.Reference(spec, "jury-desk:filespec:" + d.attachment_name)
        names = pdfdoc.PDFArray([pdfdoc.PDFString(d.attachment_name), spec_ref])
        doc.Catalog.Names = pdfdoc.PDFDictionary(
            {"EmbeddedFiles": pdfdoc.PDFDictionary({"Names": names})}
        )


def canvas_class(decor: PageDecor) -> type[PVCanvas]:
    """A PVCanvas subclass bound to one PV's decorations (ReportLab builds the canvas)."""
    return type("BoundPVCanvas", (PVCanvas,), {"decor": decor})
