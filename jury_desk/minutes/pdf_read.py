"""Reading a PV back: open it strictly, find its embedded minutes.json, check its signatures.

Shared by signing (which refuses to add a signature to a broken or tampered PV) and by
verification. Trust never comes from a CA: the signers' certificates are self-signed and
pinned by the SHA-256 fingerprints the bundle declares, so each signature is validated
with its own certificate as the only root and identified by its fingerprint.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from jury_desk.core.errors import MinutesError
from jury_desk.minutes.model import MAX_MINUTES_BYTES, MINUTES_NAME

_MAX_NAME_TREE_DEPTH = 8
# What a damaged or hostile PDF makes the reader raise: reported as a failed check, not a crash.
MALFORMED = (PdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error)


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
            return PdfFileReader(io.BytesIO(data), strict=True)
    except MALFORMED as exc:
        raise MinutesError(
            "pdf.format", f"{entry} is not a readable PDF ({exc}). It may be damaged.", entry
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
        raise MinutesError(
            "minutes.missing", f"The embedded {MINUTES_NAME} cannot be read ({exc}).", entry
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
    only_signatures_after: bool  # later revisions (if any) only add signatures

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
                "signature.unreadable", f"The PV's signatures cannot be read ({exc})."
            ) from None
        for sig in found:
            cert = sig.signer_cert
            try:
                context = ValidationContext(trust_roots=[cert], allow_fetching=False)
                status = validate_pdf_signature(sig, signer_validation_context=context)
            except (SignatureValidationError, *MALFORMED) as exc:
                logging.getLogger(__name__).debug("signature %s: %s", sig.field_name, exc)
                states.append(_broken(sig))
                continue
            level = status.modification_level
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
                    only_signatures_after=bool(status.docmdp_ok)
                    and level is not None
                    and level <= ModificationLevel.FORM_FILLING,
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


def structure_problem(reader: PdfFileReader, states: list[SignatureState]) -> str | None:
    """Why the revisions are not exactly [rendered PV, signature, signature...], or None.

    An earlier signature may be followed only by the other institutions' signatures: any
    other incremental update (a changed decision, an added annotation) breaks the chain.
    """
    revisions = reader.xrefs.total_revisions
    signed = [s.signed_revision for s in states]
    if signed != list(range(1, len(states) + 1)) or revisions != len(states) + 1:
        return (
            f"the file has {revisions} revisions for {len(states)} signatures: something "
            "other than a signature was added after the PV was rendered"
        )
    if states and not states[-1].entire_file:
        return "bytes were appended after the last signature"
    return None
