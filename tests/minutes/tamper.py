"""Ways to attack a signed PV, for the verification tests (tests only)."""

from __future__ import annotations

import io
import json
import re
import zlib
from collections.abc import Callable
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers

from jury_desk.core.scholarship import scholarship_share
from jury_desk.minutes.model import Minutes, minutes_bytes, parse_minutes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.pdf_read import embedded_minutes, open_pdf
from jury_desk.minutes.sign import unlock_signer
from tests.minutes.conftest import Key


def flip(data: bytes, pos: int) -> bytes:
    return data[:pos] + bytes([data[pos] ^ 0x01]) + data[pos + 1 :]


def last_byte_range(data: bytes) -> tuple[int, int, int, int]:
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    a, b, c, d = (int(x) for x in found[-1])
    return a, b, c, d


def embedded_json_offset(data: bytes) -> int:
    """An offset inside the compressed bytes of the embedded minutes.json stream."""
    at = data.index(b"/Subtype /application#2Fjson")
    return data.index(b"stream", at) + len(b"stream\n") + 40


def with_embedded_json_edited(data: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    """The PV with its embedded minutes.json changed in place, every offset kept: inflated,
    edited (to the same length), deflated again and zero-padded to the stream's length (zlib
    readers ignore bytes after the end of the compressed data)."""
    at = data.index(b"/Subtype /application#2Fjson")
    found = re.search(rb"/Length (\d+)", data[data.rfind(b" obj", 0, at) : at])
    assert found, "the embedded file's stream length"
    length = int(found.group(1))
    start = data.index(b"stream", at) + len(b"stream\n")
    raw = zlib.decompress(data[start : start + length])
    edited = edit(raw)
    assert edited != raw and len(edited) == len(raw)
    packed = zlib.compress(edited, 9)
    assert len(packed) <= length, "the edited JSON no longer fits in the stream"
    return data[:start] + packed.ljust(length, b"\0") + data[start + length :]


def minutes_of(pdf: bytes) -> Minutes:
    return parse_minutes(embedded_minutes(open_pdf(pdf, "pv.pdf"), "pv.pdf"))


def with_changed_decision(minutes: Minutes) -> Minutes:
    """A coherent forgery: one rejected candidate admitted by 'the jury', statistics fixed."""
    d: dict[str, Any] = json.loads(minutes_bytes(minutes))
    cand = next(c for c in d["candidates"] if c["decision"] == "reject" and not c["flags"])
    cand.update(decision="admit", decision_source="jury", justification="Décision revue.")
    return with_statistics_of(d)


def with_statistics_of(d: dict[str, Any]) -> Minutes:
    """minutes.json ``d`` with its statistics recomputed from its candidates (a forger's
    coherent edit)."""
    counts: dict[str, int] = {}
    for c in d["candidates"]:
        counts[c["decision"]] = counts.get(c["decision"], 0) + 1
    d["statistics"]["decisions"] = counts
    share = scholarship_share(
        [c["scholarship"] for c in d["candidates"] if c["decision"] == "admit"],
        d["rules"]["scholarship_target"],
    )
    d["statistics"]["scholarship"].update(
        admitted=share.admitted,
        holders=share.holders,
        share=share.share,
        meets_target=share.meets_target,
    )
    return Minutes.model_validate(d)


def append_forged_update(pdf: bytes, forged: Minutes) -> bytes:
    """An incremental update that swaps in ``forged`` minutes.json and forged page contents."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    stream = writer.add_object(generic.StreamObject(stream_data=minutes_bytes(forged)))
    spec["/EF"] = generic.DictionaryObject(
        {generic.NameObject("/F"): stream, generic.NameObject("/UF"): stream}
    )
    writer.update_container(spec)
    fake = PdfFileReader(io.BytesIO(render_pv_bytes(forged)))
    count = min(int(writer.root["/Pages"]["/Count"]), len(fake.root["/Pages"]["/Kids"]))
    for index in range(count):
        page_ref, _ = writer.find_page_for_modification(index)
        page = page_ref.get_object()
        content = fake.root["/Pages"]["/Kids"][index].get_object()["/Contents"].get_object()
        page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=content.data))
        writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def force_sign(pdf: bytes, key: Key, field: str) -> bytes:
    """Sign with pyHanko directly, without any of sign_pv's refusals (an attacker's tool)."""
    signer = unlock_signer(key.path, key.passphrase).pades
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, output=out)
    return out.getvalue()


def sign_with_edit(
    pdf: bytes, key: Key, field: str, edit: Callable[[IncrementalPdfFileWriter], None]
) -> bytes:
    """A dishonest signer's tool: ``edit`` changes the PV inside the signer's own signature
    revision, so the signature covers the change (attack 1 of issue 13)."""
    signer = unlock_signer(key.path, key.passphrase).pades
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    edit(writer)
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256")
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


def white_out_and_write(writer: IncrementalPdfFileWriter) -> None:
    """A content stream on page 1 that whites out a box and writes "Admis" over it."""
    stream = writer.add_object(
        generic.StreamObject(stream_data=b"q 1 1 1 rg 300 400 60 12 re f Q BT 0 g 300 402 Td ET")
    )
    writer.add_stream_to_page(0, stream)


def add_free_text(writer: IncrementalPdfFileWriter) -> None:
    """A FreeText annotation saying "Admis" on page 1."""
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annot = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(x) for x in (300, 400, 360, 412)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Admis"),
                generic.NameObject("/DA"): generic.pdf_string("/Helv 9 Tf 0 g"),
            }
        )
    )
    annots = page.get("/Annots", generic.ArrayObject())
    page["/Annots"] = generic.ArrayObject([*annots.get_object(), annot])
    writer.update_container(page)


def swap_attachment(writer: IncrementalPdfFileWriter) -> None:
    """A coherent forged minutes.json (one decision changed) under the same file spec."""
    spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object()
    real = parse_minutes(spec["/EF"]["/F"].get_object().data)
    forged = minutes_bytes(with_changed_decision(real))
    stream = writer.add_object(generic.StreamObject(stream_data=forged))
    spec["/EF"] = generic.DictionaryObject(
        {generic.NameObject("/F"): stream, generic.NameObject("/UF"): stream}
    )
    writer.update_container(spec)


def add_open_action(writer: IncrementalPdfFileWriter) -> None:
    """A catalog entry the rendered PV did not have (here: an action run on opening)."""
    writer.root["/OpenAction"] = generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.pdf_string("app.alert('Admis')"),
        }
    )
    writer.update_root()


def move_own_box_over_page_one(writer: IncrementalPdfFileWriter) -> None:
    """The signer moves its own signature box's widget over the decisions on page 1."""
    for field in writer.root["/AcroForm"]["/Fields"]:
        widget = field.get_object()
        widget["/Rect"] = generic.ArrayObject([generic.FloatObject(x) for x in (60, 300, 400, 420)])
        widget["/P"] = writer.root["/Pages"]["/Kids"][0]
        writer.update_container(widget)
