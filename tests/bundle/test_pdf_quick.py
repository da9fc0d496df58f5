"""The quick look at a PDF (bundle/pdf_quick.py) vouches only for what pypdf accepts.

It exists to make ``bundle build``'s document checks cheap; it must never let through a
document that pypdf (the verdict) refuses. So: the plain PDFs real tools write are vouched
for without pypdf; everything else, and every refusal of test_build_inputs.py, goes to
pypdf and keeps its reason; and no damage to a plain PDF's bytes (each byte changed, each
length cut) makes the quick look vouch for a file pypdf refuses.
"""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.writer import PdfFileWriter
from pypdf import PdfReader, PdfWriter

from jury_desk.bundle import documents_check
from jury_desk.bundle.documents_check import _pypdf_problem, pdf_problem
from jury_desk.bundle.pdf_quick import plainly_readable
from jury_desk.core.resources import resource_path
from jury_desk.rehearsal.demo_pdfs import render_pdf
from tests.benchmarks.bench_build import scanned_pdf
from tests.bundle.test_build_inputs import _pdf_with, encrypted_pdf


def hand_made(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF with one classic table, written as the spec says (20-byte entries)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)  # fmt: skip
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_PAGE = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]  # fmt: skip


def pypdf_blank() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return _pdf_with(writer)


def an_update(base: bytes) -> bytes:
    """A classic update appended to ``base`` (a new object, a table, /Prev to the old
    one): how an editor or a signature saves a PDF that had a classic table."""
    old_xref = base.rindex(b"\nxref\n") + 1
    info = len(base)
    obj = b"4 0 obj\n<< /Title (Lettre, relue) >>\nendobj\n"
    table = len(base) + len(obj)
    return (
        base
        + obj
        + (
            b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R /Info 4 0 R /Prev %d >>\n"
            b"startxref\n%d\n%%%%EOF\n" % (info, old_xref, table)
        )
    )


def pypdf_update() -> bytes:
    """pypdf appends its updates with a cross-reference stream: pypdf's to read."""
    writer = PdfWriter(io.BytesIO(render_pdf("Lettre", "C001", ["a"])), incremental=True)
    writer.add_metadata({"/Title": "Lettre, relue"})
    return _pdf_with(writer)


def nested_tree() -> bytes:
    return hand_made([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>"])  # fmt: skip


def xref_stream() -> bytes:
    """PDF 1.5's compressed cross-reference (pyHanko writes one): pypdf's to read."""
    writer = PdfFileWriter(stream_xrefs=True)
    page = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Page"),
        generic.NameObject("/MediaBox"): generic.ArrayObject(map(generic.NumberObject,
                                                                 (0, 0, 595, 842))),
    })  # fmt: skip
    writer.insert_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


PLAIN = {
    "ReportLab (the demo documents)": lambda: render_pdf("CV", "C001", ["x"] * 120),
    "pypdf": pypdf_blank,
    "an incremental update": lambda: an_update(hand_made(ONE_PAGE)),
    "a nested page tree": nested_tree,
    "a scan (the benchmark's)": lambda: scanned_pdf(50_000, 7),
    "the example documents": lambda: (
        resource_path("examples") / "documents" / "C001" / "cv.pdf"
    ).read_bytes(),  # fmt: skip
}


@pytest.mark.parametrize("make", PLAIN.values(), ids=PLAIN.keys())
def test_plain_pdfs_are_vouched_for_without_pypdf(make, monkeypatch):
    data = make()
    assert _pypdf_problem(data) is None and len(PdfReader(io.BytesIO(data)).pages) >= 1
    assert plainly_readable(data)

    def no_pypdf(_data: bytes) -> str:
        raise AssertionError("pypdf opened a plain PDF")

    monkeypatch.setattr(documents_check, "_pypdf_problem", no_pypdf)
    assert pdf_problem(data) is None


def freed_page() -> bytes:
    """An update whose table frees the only page: the older table still lists it."""
    base = hand_made(ONE_PAGE)
    old_xref = base.rindex(b"\nxref\n") + 1
    update = b"xref\n3 1\n0000000000 00001 f \ntrailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\n" % (
        old_xref)  # fmt: skip
    return base + update + b"startxref\n%d\n%%%%EOF\n" % len(base)


def prev_loop() -> bytes:
    data = hand_made(ONE_PAGE, b"/Root 1 0 R /Prev 0")
    xref = data.rindex(b"\nxref\n") + 1
    return data.replace(b"/Prev 0", b"/Prev %d" % xref)


NOT_PLAIN = {
    "encrypted": (encrypted_pdf, "it is protected by a password (encrypted)"),
    "no page": (lambda: _pdf_with(PdfWriter()), "it has no page"),
    "a count of 0": (
        lambda: hand_made([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        "it has no page",
    ),  # fmt: skip
    "a kid that is no page": (
        lambda: hand_made(
            [
                CATALOG,
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ]
        ),
        None,  # pypdf's verdict, whatever it is: the quick look does not vouch
    ),  # fmt: skip
    "a freed page": (freed_page, None),
    "a /Prev loop": (prev_loop, None),
    "an xref stream": (xref_stream, None),
    "an update with an xref stream": (pypdf_update, None),
    "cut in half": (lambda: pypdf_blank()[: len(pypdf_blank()) // 2], None),
    "a catalog without pages": (lambda: hand_made([b"<< /Type /Catalog >>"]), None),
}


@pytest.mark.parametrize(("make", "why"), NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_anything_else_goes_to_pypdf_and_keeps_its_reason(make, why):
    data = make()
    assert not plainly_readable(data)
    assert pdf_problem(data) == _pypdf_problem(data)
    if why is not None:
        assert pdf_problem(data) == why


@pytest.mark.parametrize("make", [nested_tree, lambda: an_update(nested_tree()),
                                  lambda: render_pdf("CV", "C001", ["x"])],
                         ids=["nested", "update", "reportlab"])  # fmt: skip
def test_no_damage_makes_it_vouch_for_what_pypdf_refuses(make):
    """Each byte of the structure changed, and each length cut: whenever the quick look
    still vouches, pypdf accepts the file too."""
    data = make()
    structure = [i for i in range(len(data)) if data[i : i + 1] not in (b" ", b"\n")]
    if len(structure) > 1500:  # the compressed page content is not structure
        structure = structure[:300] + structure[-1200:]
    vouched = 0
    for i in structure:
        for new in (b"0", b"/"):
            damaged = data[:i] + new + data[i + 1 :]
            if damaged != data and plainly_readable(damaged):
                vouched += 1
                assert _pypdf_problem(damaged) is None, (i, new)
    for cut in range(0, len(data) - 1, 7):
        if plainly_readable(data[:cut]):
            assert _pypdf_problem(data[:cut]) is None, cut
    assert vouched > 0  # some changes are harmless (a digit of the MediaBox…)
