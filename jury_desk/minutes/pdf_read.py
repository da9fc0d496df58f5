"""Reading a PV back: open it strictly, find its embedded minutes.json, check its signatures.

Shared by signing (which refuses to add a signature to a broken or tampered PV) and by
verification. Trust never comes from a CA: the signers' certificates are self-signed and
pinned by the SHA-256 fingerprints the bundle declares, so each signature is validated
with its own certificate as the only root and identified by its fingerprint.
"""

from __future__ import annotations

import contextlib
import decimal
import hashlib
import io
import logging
import os
import weakref
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.decode_limits import DecodeLimits, DocumentDecodeBudget, StreamDecodeLimits
from pyhanko.pdf_utils.misc import PdfDecodeLimitError, PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.minutes.model import MAX_MINUTES_BYTES, MINUTES_NAME

_MAX_NAME_TREE_DEPTH = 8
# What a damaged or hostile PDF makes the reader raise: reported as a failed check, not a
# crash. RecursionError: a reference loop or 200,000 nested arrays (the parser recurses).
# decimal.InvalidOperation: a number overwritten with a lone "." (pyHanko parses reals
# with Decimal; found by ``test_verify_fuzz``).
MALFORMED = (
    PdfError,
    decimal.InvalidOperation,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    zlib.error,
    RecursionError,
)
# A PV of 10,000 candidates with notes, signed and timestamped, stays far below this; the
# cap is read from the file system before a byte is parsed (a PV followed by 1 GiB of
# padding is refused at once instead of being read into memory).
MAX_PV_BYTES = 64 * 1024 * 1024
# A file under that cap may still hold a compressed stream that inflates to gigabytes (a
# decompression bomb). pyHanko decodes within limits: no stream may inflate beyond the
# largest minutes.json plus room (page content streams are far smaller), nor stack filters
# to amplify beyond one Deflate's ratio, and the whole document within a budget. Past a
# limit pyHanko raises PdfDecodeLimitError: a plain refusal, in bounded memory.
_MIB = 1024 * 1024
DECOMPRESSION = "pdf.decompression"  # the refusal's code
MAX_STREAM_BYTES = MAX_MINUTES_BYTES + 8 * _MIB
DECODE_LIMITS = DecodeLimits(
    per_stream=StreamDecodeLimits(max_ratio=1100, ratio_floor=_MIB,
                                  max_output_size=MAX_STREAM_BYTES),
    document_budget=DocumentDecodeBudget(base_allowance=128 * _MIB, max_ratio=20),
)  # fmt: skip


def why(exc: BaseException) -> str:
    """A reader's exception in words (a RecursionError's own text means nothing to a user)."""
    if isinstance(exc, RecursionError):
        return "its objects refer to each other in a loop, or nest too deep"
    if isinstance(exc, PdfDecodeLimitError):
        return "a compressed stream inflates past what a PV can hold: a decompression bomb"
    return str(exc) or type(exc).__name__


def read_pv(path: Path) -> bytes:
    """The PV's bytes, or a one-line refusal if it cannot be read or exceeds the cap."""
    try:
        with Path(path).open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_PV_BYTES:
                raise MinutesError(
                    "pdf.size",
                    f"{Path(path).name} is {size:,} bytes; a PV is at most "
                    f"{MAX_PV_BYTES // 2**20} MiB. It is not a PV as jury-desk writes them.",
                    Path(path).name,
                )
            data = fh.read(MAX_PV_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"Cannot read the PV {path}: {exc.strerror}.") from None
    if len(data) > MAX_PV_BYTES:  # it grew while being read
        raise MinutesError("pdf.size", f"{Path(path).name} is larger than a PV can be.")
    return data


@contextlib.contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs tracebacks when it spots a tampered revision; we report it ourselves."""
    logger = logging.getLogger("pyhanko")  # child loggers inherit this level
    saved = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(saved)


def open_pdf(data: bytes, entry: str) -> PdfFileReader:
    try:
        with quiet_pyhanko():
            return PdfFileReader(io.BytesIO(data), strict=True, decode_limits=DECODE_LIMITS)
    except MALFORMED as exc:
        raise MinutesError(
            "pdf.format", f"{entry} is not a readable PDF ({why(exc)}). It may be damaged.", entry
        ) from None


def _name_tree_lookup(
    node: generic.DictionaryObject, key: str, depth: int = 0
) -> generic.PdfObject | None:
    if depth > _MAX_NAME_TREE_DEPTH:
        return None
    if "/Names" in node:
        pairs = list(node["/Names"])
        for name, value in zip(pairs[::2], pairs[1::2], strict=False):
            if str(name) == key:
                return value
    for kid in node["/Kids"] if "/Kids" in node else ():
        found = _name_tree_lookup(kid.get_object(), key, depth + 1)
        if found is not None:
            return found
    return None


def embedded_minutes(reader: PdfFileReader, entry: str) -> bytes:
    """The bytes of the embedded file ``minutes.json``; ``MinutesError`` if absent."""
    try:
        with quiet_pyhanko():
            names = reader.root["/Names"] if "/Names" in reader.root else {}
            tree = names["/EmbeddedFiles"] if "/EmbeddedFiles" in names else None
            spec = _name_tree_lookup(tree, MINUTES_NAME) if tree is not None else None
            if spec is None:
                raise MinutesError(
                    "minutes.missing",
                    f"{entry} has no embedded {MINUTES_NAME}: it is not a jury-desk PV.",
                    entry,
                )
            stream = spec.get_object()["/EF"]["/F"].get_object()
            data = stream.data
    except MALFORMED as exc:
        # A decompression bomb is an attack, not a missing file: it has its own code.
        code = DECOMPRESSION if isinstance(exc, PdfDecodeLimitError) else "minutes.missing"
        raise MinutesError(
            code, f"The embedded {MINUTES_NAME} cannot be read ({why(exc)}).", entry
        ) from None
    if len(data) > MAX_MINUTES_BYTES:
        raise MinutesError("minutes.json", f"The embedded {MINUTES_NAME} is too large.", entry)
    return data


@dataclass(frozen=True)
class SignatureState:
    field_name: str
    signer_name: str
    cert_sha256: str
    signed_revision: int
    intact: bool  # the signed bytes hash to the signed digest
    valid: bool  # the signature over that digest verifies with the certificate's key
    entire_file: bool  # covers every byte of the file
    entire_revision: bool  # covers every byte up to the end of its own revision
    only_signatures_after: bool  # False if broken; revisions.py judges the later revisions
    signed_at: datetime | None = None  # from the timestamp, else the signer's own claim
    timestamped: bool = False  # signed_at comes from a valid RFC 3161 timestamp
    tsa: str = ""  # the time-stamping authority's certificate subject
    not_before: datetime | None = None  # the certificate's validity
    not_after: datetime | None = None

    @property
    def valid_when_signed(self) -> bool | None:
        """Whether the certificate was valid at ``signed_at`` (None: no time to judge by)."""
        if self.signed_at is None or self.not_before is None or self.not_after is None:
            return None
        return self.not_before <= self.signed_at <= self.not_after

    @property
    def sound(self) -> bool:
        return self.intact and self.valid and self.entire_revision and self.only_signatures_after


def signature_states(reader: PdfFileReader) -> list[SignatureState]:
    """Every signature of the PV, ordered by revision, each validated on its own."""
    states = []
    with quiet_pyhanko():
        try:
            found = reader.embedded_signatures
        except MALFORMED as exc:
            raise MinutesError(
                "signature.unreadable", f"The PV's signatures cannot be read ({why(exc)})."
            ) from None
        for sig in found:
            if sig.sig_object_type == "/DocTimeStamp":
                continue  # the secretariat's, after the jury's: see document_stamps
            cert = sig.signer_cert
            try:
                context = ValidationContext(trust_roots=[cert], allow_fetching=False)
                # pyHanko's own difference analysis (what follows this signature) is skipped:
                # revisions.py compares every revision with the one before, which covers it
                # and each signature's own revision too, and every caller runs it.
                status = validate_pdf_signature(
                    sig, signer_validation_context=context, skip_diff=True
                )
            except (SignatureValidationError, *MALFORMED) as exc:
                logging.getLogger(__name__).debug("signature %s: %s", sig.field_name, exc)
                states.append(_broken(sig))
                continue
            stamp = status.timestamp_validity
            timestamped = stamp is not None and bool(stamp.intact and stamp.valid)
            validity = cert["tbs_certificate"]["validity"]
            states.append(
                SignatureState(
                    field_name=sig.field_name,
                    signer_name=cert.subject.native.get("common_name", "?"),
                    cert_sha256=hashlib.sha256(cert.dump()).hexdigest(),
                    signed_revision=sig.signed_revision,
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    entire_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    entire_revision=status.coverage
                    in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION),
                    only_signatures_after=True,  # judged by revisions.py (see above)
                    signed_at=stamp.timestamp
                    if timestamped and stamp
                    else status.signer_reported_dt,
                    timestamped=timestamped,
                    tsa=stamp.signing_cert.subject.human_friendly if timestamped and stamp else "",
                    not_before=validity["not_before"].native,
                    not_after=validity["not_after"].native,
                )
            )
    return sorted(states, key=lambda s: s.signed_revision)


def _broken(sig: object) -> SignatureState:
    cert = getattr(sig, "signer_cert", None)
    return SignatureState(
        field_name=str(getattr(sig, "field_name", "?")),
        signer_name=cert.subject.native.get("common_name", "?") if cert else "?",
        cert_sha256=hashlib.sha256(cert.dump()).hexdigest() if cert else "",
        signed_revision=int(getattr(sig, "signed_revision", -1)),
        intact=False,
        valid=False,
        entire_file=False,
        entire_revision=False,
        only_signatures_after=False,
    )


@dataclass(frozen=True)
class DocumentStamp:
    """A document time stamp (PAdES B-LTA), added by the secretariat after the signatures."""

    field_name: str
    signed_revision: int
    sound: bool  # intact, valid, and covering its whole revision
    entire_file: bool
    at: datetime | None
    tsa: str


# Each reader's stamps, found once: listing a PDF's signatures parses every signature
# dictionary (and its 32 kB hex /Contents) again, and signing asks three times.
_STAMPS: weakref.WeakKeyDictionary[PdfFileReader, list[DocumentStamp]] = weakref.WeakKeyDictionary()


def document_stamps(reader: PdfFileReader) -> list[DocumentStamp]:
    """The PV's document time stamps, ordered by revision, each validated on its own."""
    known = _STAMPS.get(reader)
    if known is None:
        known = _STAMPS[reader] = _document_stamps(reader)
    return list(known)


def _document_stamps(reader: PdfFileReader) -> list[DocumentStamp]:
    stamps = []
    with quiet_pyhanko():
        try:
            found = [s for s in reader.embedded_signatures if s.sig_object_type == "/DocTimeStamp"]
        except MALFORMED as exc:
            raise MinutesError(
                "signature.unreadable", f"The PV's time stamps cannot be read ({why(exc)})."
            ) from None
        for sig in found:
            try:
                cert = sig.signer_cert
                context = ValidationContext(trust_roots=[cert], allow_fetching=False)
                status = validate_pdf_timestamp(sig, validation_context=context)
                coverage = status.coverage
                sound = bool(status.intact and status.valid) and coverage in (
                    SignatureCoverageLevel.ENTIRE_FILE,
                    SignatureCoverageLevel.ENTIRE_REVISION,
                )
                at, tsa = status.timestamp, cert.subject.human_friendly
                entire = coverage == SignatureCoverageLevel.ENTIRE_FILE
            except (SignatureValidationError, *MALFORMED):
                sound, entire, at, tsa = False, False, None, "?"
            stamps.append(
                DocumentStamp(str(sig.field_name), int(sig.signed_revision), sound, entire, at, tsa)
            )
    return sorted(stamps, key=lambda s: s.signed_revision)


def structure_problem(reader: PdfFileReader, states: list[SignatureState]) -> str | None:
    """Why the revisions are not exactly [rendered PV, signature..., document time stamp...],
    or None.

    An earlier signature may be followed only by the other signers' signatures, and then by
    the secretariat's document time stamps: any other incremental update (a changed decision,
    an added annotation, a signature after a time stamp) breaks the chain.
    """
    revisions = reader.xrefs.total_revisions
    signed = [s.signed_revision for s in states]
    stamps = document_stamps(reader)
    if stamps and signed and stamps[0].signed_revision < signed[-1]:
        return "a signature was added after the document time stamp"
    expected = len(states) + len(stamps) + 1
    if signed != list(range(1, len(states) + 1)) or revisions != expected:
        return (
            f"the file has {revisions} revisions for {len(states)} signatures: something "
            "other than a signature was added after the PV was rendered"
        )
    if any(not s.sound for s in stamps):
        return "a document time stamp does not hold"
    last = stamps[-1].entire_file if stamps else states[-1].entire_file if states else True
    if not last:
        return "bytes were appended after the last signature"
    return None
