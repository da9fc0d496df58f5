"""``jury-desk minutes timestamp``: the secretariat's document time stamp (PAdES B-LTA).

Years later the signers' certificates have expired; what keeps the PV verifiable is proof
that the signatures existed, with their certificates, while those were valid. One incremental
update adds both: the validation data (every signer's certificate and, when a signature is
time-stamped, the authority's, in the PDF's Document Security Store) and an RFC 3161
document time stamp over the whole file. It adds no signature field in a signature box and
touches nothing the jury signed; after it, nobody may sign the PV again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation.dss import DocumentSecurityStore

from jury_desk.core.errors import MinutesError
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.pdf_read import (
    MALFORMED,
    open_pdf,
    quiet_pyhanko,
    read_pv,
    signature_states,
    structure_problem,
)
from jury_desk.minutes.timestamps import TsaClient, tsa_error

TIMESTAMP_FIELD = "DocTimeStamp"  # the field name prefix of a document time stamp
TIMESTAMP_BYTES_RESERVED = 16_384


@dataclass(frozen=True)
class Stamped:
    signatures: int  # how many signatures the validation data covers
    tsa: str


def timestamp_pv(pdf_in: Path, pdf_out: Path, tsa: TsaClient) -> Stamped:
    """Add validation data and a document time stamp; refuse a PV that does not hold."""
    from jury_desk.minutes.sign import own_revision_problem  # sign imports this module's peers

    data = read_pv(pdf_in)
    name = Path(pdf_in).name
    reader = open_pdf(data, name)
    states = signature_states(reader)
    problem = (
        "it is not signed"
        if not states
        else structure_problem(reader, states) or own_revision_problem(reader, states)
    )
    broken = [s.field_name for s in states if not s.sound]
    if broken and not problem:
        problem = f"signature {', '.join(broken)} does not hold"
    if problem:
        raise MinutesError("timestamp.pv-altered", f"Refusing to time-stamp this PV: {problem}.")
    out = io.BytesIO()
    with quiet_pyhanko():
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=True)
            for sig in reader.embedded_signatures:
                certs = [sig.signer_cert, *sig.other_embedded_certs]
                DocumentSecurityStore.supply_dss_in_writer(writer, sig.pkcs7_content, certs=certs)
            signers.PdfTimeStamper(
                tsa, field_name=f"{TIMESTAMP_FIELD}{len(states) + 1}"
            ).timestamp_pdf(writer, "sha256", output=out, bytes_reserved=TIMESTAMP_BYTES_RESERVED)
        except TimestampRequestError as exc:
            raise tsa_error(tsa.url, str(exc)) from None
        except MALFORMED as exc:
            raise MinutesError(
                "timestamp.pv-altered", f"Cannot time-stamp {name} ({exc})."
            ) from None
    with atomic_output(Path(pdf_out)) as fh:
        fh.write(out.getvalue())
    return Stamped(len(states), tsa.url)
