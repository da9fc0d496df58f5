"""PAdES signing of a PV with pyHanko: the jury chair's signature and one per institution,
each an incremental update that keeps the earlier ones valid (DESIGN.md §5). A chair who is
also their institution's signer signs once for both (``slots.py``).

Signing is refused, with nothing written, when the key's certificate is not the one declared
for that signature (by the bundle and by the PV's own minutes.json), when it was already
given, or when the PV is already damaged or altered: a later signer must never put their
name under a PV that changed after an earlier signature.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.content import ImportedPdfPage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from jury_desk.core.errors import MinutesError
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.appearance import appearance_pdf, appearance_text
from jury_desk.minutes.model import MinutesView, parse_minutes, read_minutes_view
from jury_desk.minutes.pdf import pages_are_minutes
from jury_desk.minutes.pdf_read import (
    SignatureState,
    document_stamps,
    embedded_minutes,
    open_pdf,
    quiet_pyhanko,
    read_pv,
    signature_states,
    structure_problem,
)
from jury_desk.minutes.revisions import revision_problem, widget_problem
from jury_desk.minutes.signer_keys import cert_fingerprint, load_signer_p12, validity_problem
from jury_desk.minutes.slots import CHAIR, Slot, describe, slot_for
from jury_desk.minutes.timestamps import TsaClient, tsa_error


@dataclass(frozen=True)
class Signed:
    institution: str  # the slot signed: "chair" or an institution code (slots.py)
    field_name: str
    cert_sha256: str
    signer: str  # the member's name, as minutes.json gives it
    remaining: tuple[str, ...]  # the slots still to sign ("chair", codes)
    timestamped: bool = False  # carries an RFC 3161 time stamp from the TSA
    tsa_failure: str | None = None  # why not, when a TSA was asked and the user agreed


def own_revision_problem(reader: PdfFileReader, states: list[SignatureState]) -> str | None:
    """Why some signature's revision adds more than that signature, or None (revisions.py)."""
    owners = {s.signed_revision: f"signature {s.field_name}" for s in states}
    owners |= {s.signed_revision: f"time stamp {s.field_name}" for s in document_stamps(reader)}
    return revision_problem(reader, owners) or widget_problem(reader)


# Room for the CMS signature in /Contents: an RSA-2048 signature with its certificate takes
# under 3 kB, and about 8.4 kB with an RFC 3161 time stamp and its authority's certificate.
# Reserving it up front spares pyHanko a trial signature to measure it.
SIGNATURE_BYTES_RESERVED = 16_384


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing with the already-loaded RSA key.

    SimpleSigner re-parses (and re-validates) the private key for every signature it makes;
    with the key at hand, one RSA operation suffices.
    """

    def __init__(self, key: rsa.RSAPrivateKey, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if digest_algorithm != "sha256":  # only what sign_pv asks for
            return await super().async_sign_raw(data, digest_algorithm, dry_run)
        if dry_run:
            return bytes(self._key.key_size // 8)
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())


@dataclass(frozen=True)
class UnlockedSigner:
    """A signer key opened with its passphrase, ready to sign (kept in memory only)."""

    pades: signers.SimpleSigner
    cert_sha256: str
    cert: x509.Certificate


def unlock_signer(p12: Path, passphrase: bytes) -> UnlockedSigner:
    """Open the PKCS#12 ``p12``; ``KeyFileError`` on a wrong passphrase or a bad file."""
    key, cert = load_signer_p12(p12, passphrase)  # KeyFileError on a wrong passphrase
    der = cert.public_bytes(serialization.Encoding.DER)
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),  # in memory only, for the time of one signature
    )
    a_cert = asn1_x509.Certificate.load(der)
    signer = _LoadedKeySigner(
        key,
        signing_cert=a_cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([a_cert]),
    )
    return UnlockedSigner(signer, cert_fingerprint(cert), cert)


def _check_signer(
    minutes: MinutesView, institution: str, fingerprint: str, expected: str | None
) -> Slot:
    slot = slot_for(minutes.slots(), institution)
    if slot is None:
        raise MinutesError(
            "sign.institution",
            f"{institution} is not one of this PV's institutions "
            f"({', '.join(minutes.institution_codes())}), nor {CHAIR}.",
        )
    for source, wanted in (("the bundle", expected), ("this PV", slot.cert_sha256)):
        if wanted is not None and fingerprint != wanted:
            raise MinutesError(
                "sign.signer-fingerprint",
                f"This key's certificate (SHA-256 {fingerprint}) is not the one {source} "
                f"declares for {_whose(slot)} ({wanted}). Sign with that signer's key file.",
            )
    return slot


def _whose(slot: Slot) -> str:
    return "the jury chair" if slot.chair else f"the {slot.key} signer"


def sign_pv(
    pdf_in: Path,
    pdf_out: Path,
    p12: Path,
    passphrase: bytes,
    *,
    institution: str,
    expected_cert_sha256: str | None = None,
    tsa: TsaClient | None = None,
    without_timestamp_ok: bool = False,
) -> Signed:
    """Add a PAdES signature to the PV and write it to ``pdf_out`` atomically: the chair's
    (``institution="chair"``) or an institution's signer's (its code). A chair who is also
    that institution's signer fills one signature for both, asked for either way.

    ``expected_cert_sha256`` is the fingerprint the verified bundle declares for that
    signature; the PV's own minutes.json must declare the same one. ``tsa`` and
    ``without_timestamp_ok``: see ``sign_pv_with``.
    """
    signer = unlock_signer(p12, passphrase)
    return sign_pv_with(pdf_in, pdf_out, signer, institution=institution,
                        expected_cert_sha256=expected_cert_sha256, tsa=tsa,
                        without_timestamp_ok=without_timestamp_ok)  # fmt: skip


def sign_pv_with(
    pdf_in: Path,
    pdf_out: Path,
    signer: UnlockedSigner,
    *,
    institution: str,
    expected_cert_sha256: str | None = None,
    tsa: TsaClient | None = None,
    without_timestamp_ok: bool = False,
    rendered: bytes | None = None,
) -> Signed:
    """``sign_pv`` with a signer key already unlocked (the GUI unlocks it once).

    ``rendered``: the unsigned PV as the caller itself just rendered it from the minutes it
    embeds (the export); the pages are compared with it instead of a fresh re-render.

    With ``tsa``, the signature carries an RFC 3161 time stamp; if the TSA gives none, the
    PV is signed without one only if ``without_timestamp_ok`` (the user agreed), else
    ``MinutesError("tsa.unavailable")`` and nothing is written.
    """
    data = read_pv(pdf_in)
    fingerprint = signer.cert_sha256
    expired = validity_problem(signer.cert, datetime.now(UTC))
    if expired:
        raise MinutesError(
            "sign.certificate-validity",
            f"Refusing to sign: this key's certificate is {expired}. Make a new key "
            "(jury-desk keys create) and have the secretariat declare its fingerprint.",
            Path(pdf_in).name,
        )
    reader = open_pdf(data, Path(pdf_in).name)
    embedded = embedded_minutes(reader, Path(pdf_in).name)
    minutes = read_minutes_view(embedded)
    slot = _check_signer(minutes, institution, fingerprint, expected_cert_sha256)
    states = signature_states(reader)
    problem = structure_problem(reader, states) or own_revision_problem(reader, states)
    broken = [s.field_name for s in states if not s.sound]
    if problem or broken:
        raise MinutesError(
            "sign.pv-altered",
            f"Refusing to sign: the PV was altered or damaged "
            f"({problem or 'signature ' + ', '.join(broken) + ' no longer holds'}). "
            "Export the PV again from the closed session.",
            Path(pdf_in).name,
        )
    if document_stamps(reader):
        raise MinutesError(
            "sign.after-timestamp",
            "Refusing to sign: the secretariat already time-stamped this PV for the archive; "
            "no signature may follow. Export the PV again from the closed session.",
            Path(pdf_in).name,
        )
    slots = minutes.slots()
    by_cert = {s.cert_sha256: s.key for s in slots}
    already = {by_cert.get(s.cert_sha256) for s in states}
    if slot.key in already or slot.field_name in {s.field_name for s in states}:
        raise MinutesError(
            "sign.already-signed",
            f"{describe(slot)[0].upper()}{describe(slot)[1:]} has already signed this PV.",
            Path(pdf_in).name,
        )
    full = parse_minutes(embedded)
    if not pages_are_minutes(data, full, embedded, rendered):
        raise MinutesError(
            "sign.pv-content",
            "Refusing to sign: the PV's pages are not exactly what its minutes.json says "
            "(or it was drawn by another version of jury-desk). Export the PV again from "
            "the closed session.",
            Path(pdf_in).name,
        )
    signer_name = minutes.member_name(slot.member)
    role = "Président du jury" if slot.chair else slot.key
    if slot.chair and slot.institution:
        role += f", {slot.institution}"
    meta = signers.PdfSignatureMetadata(
        field_name=slot.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        location=minutes.session.place,
        reason=f"{role}: {minutes.session.title}",
        # The first signature certifies the PV: afterwards only signing is allowed.
        certify=not states,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    failure = None
    stamp = appearance_pdf(appearance_text(full, slot, signer_name, fingerprint, datetime.now(UTC)))
    try:
        signed_bytes = _pades_sign(data, meta, signer, tsa, stamp)
    except MinutesError as exc:
        if exc.code != "tsa.unavailable" or not without_timestamp_ok:
            raise
        failure = str(exc)
        signed_bytes = _pades_sign(data, meta, signer, None, stamp)
    with atomic_output(Path(pdf_out)) as fh:
        fh.write(signed_bytes)
    signed = {c for c in already if c} | {slot.key}
    remaining = tuple(s.key for s in slots if s.key not in signed)
    return Signed(slot.key, meta.field_name or "", fingerprint, signer_name, remaining,
                  timestamped=tsa is not None and failure is None, tsa_failure=failure)  # fmt: skip


def _pades_sign(
    data: bytes,
    meta: signers.PdfSignatureMetadata,
    signer: UnlockedSigner,
    tsa: TsaClient | None,
    stamp: bytes,
) -> bytes:
    out = io.BytesIO()
    with quiet_pyhanko(), tempfile.TemporaryDirectory(prefix="jury-desk-stamp-") as scratch:
        # pyHanko imports a stamp's page from a file by name: a private scratch copy.
        (Path(scratch) / "stamp.pdf").write_bytes(stamp)
        style = StaticStampStyle(
            background=ImportedPdfPage(str(Path(scratch) / "stamp.pdf")),
            border_width=0,
            background_opacity=1,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=True)
        try:
            signers.PdfSigner(
                meta, signer=signer.pades, timestamper=tsa, stamp_style=style
            ).sign_pdf(writer, output=out, bytes_reserved=SIGNATURE_BYTES_RESERVED)
        except TimestampRequestError as exc:  # the TSA refused or its token does not check
            raise tsa_error(tsa.url if tsa else "?", str(exc)) from None
    return out.getvalue()
