"""PAdES signing of a PV with pyHanko: one signature per institution, each an incremental
update that keeps the earlier one valid (DESIGN.md §5).

Signing is refused, with nothing written, when the key's certificate is not the one declared
for that institution's signer (by the bundle and by the PV's own minutes.json), when that
institution already signed, or when the PV is already damaged or altered: a second signer
must never put their name under a PV that changed after the first signature.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.model import MinutesView, read_minutes_view
from jury_desk.minutes.pdf_read import (
    embedded_minutes,
    open_pdf,
    quiet_pyhanko,
    signature_states,
    structure_problem,
)
from jury_desk.minutes.signer_keys import cert_fingerprint, load_signer_p12


@dataclass(frozen=True)
class Signed:
    institution: str
    field_name: str
    cert_sha256: str
    signer: str  # the member's name, as minutes.json gives it
    remaining: tuple[str, ...]  # institutions that still have to sign


def field_name_for(institution: str) -> str:
    return f"Signature-{institution}"


def read_pv(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"Cannot read the PV {path}: {exc.strerror}.") from None


# Room for the CMS signature in /Contents: an RSA-2048 signature with its certificate takes
# under 3 kB. Reserving it up front spares pyHanko a trial signature to measure it.
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
    return UnlockedSigner(signer, cert_fingerprint(cert))


def _check_signer(
    minutes: MinutesView, institution: str, fingerprint: str, expected: str | None
) -> None:
    if institution not in minutes.signers:
        raise MinutesError(
            "sign.institution",
            f"{institution} is not one of this PV's institutions "
            f"({', '.join(minutes.institution_codes())}).",
        )
    declared = minutes.signers[institution].cert_sha256
    for source, wanted in (("the bundle", expected), ("this PV", declared)):
        if wanted is not None and fingerprint != wanted:
            raise MinutesError(
                "sign.signer-fingerprint",
                f"This key's certificate (SHA-256 {fingerprint}) is not the one {source} "
                f"declares for the {institution} signer ({wanted}). Sign with that signer's "
                "key file.",
            )


def sign_pv(
    pdf_in: Path,
    pdf_out: Path,
    p12: Path,
    passphrase: bytes,
    *,
    institution: str,
    expected_cert_sha256: str | None = None,
) -> Signed:
    """Add ``institution``'s PAdES signature to the PV and write it to ``pdf_out`` atomically.

    ``expected_cert_sha256`` is the fingerprint the verified bundle declares for that
    institution's signer; the PV's own minutes.json must declare the same one.
    """
    signer = unlock_signer(p12, passphrase)
    return sign_pv_with(
        pdf_in, pdf_out, signer, institution=institution, expected_cert_sha256=expected_cert_sha256
    )


def sign_pv_with(
    pdf_in: Path,
    pdf_out: Path,
    signer: UnlockedSigner,
    *,
    institution: str,
    expected_cert_sha256: str | None = None,
) -> Signed:
    """``sign_pv`` with a signer key already unlocked (the GUI unlocks it once)."""
    data = read_pv(pdf_in)
    fingerprint = signer.cert_sha256
    reader = open_pdf(data, Path(pdf_in).name)
    minutes = read_minutes_view(embedded_minutes(reader, Path(pdf_in).name))
    _check_signer(minutes, institution, fingerprint, expected_cert_sha256)
    states = signature_states(reader)
    problem = structure_problem(reader, states)
    broken = [s.field_name for s in states if not s.sound]
    if problem or broken:
        raise MinutesError(
            "sign.pv-altered",
            f"Refusing to sign: the PV was altered or damaged after it was signed "
            f"({problem or 'signature ' + ', '.join(broken) + ' no longer holds'}). "
            "Export the PV again from the closed session.",
            Path(pdf_in).name,
        )
    by_institution = {s.cert_sha256: code for code, s in minutes.signers.items()}
    already = {by_institution.get(s.cert_sha256) for s in states}
    if institution in already or field_name_for(institution) in {s.field_name for s in states}:
        raise MinutesError(
            "sign.already-signed", f"{institution} has already signed this PV.", Path(pdf_in).name
        )
    signer_name = minutes.member_name(minutes.signers[institution].member)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name_for(institution),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        location=minutes.session.place,
        reason=f"{institution}: {minutes.session.title}",
        # The first signature certifies the PV: afterwards only signing is allowed.
        certify=not states,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    out = io.BytesIO()
    with quiet_pyhanko():
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=True)
        signers.PdfSigner(meta, signer=signer.pades).sign_pdf(
            writer, output=out, bytes_reserved=SIGNATURE_BYTES_RESERVED
        )
    with atomic_output(Path(pdf_out)) as fh:
        fh.write(out.getvalue())
    signed = {c for c in already if c} | {institution}
    remaining = tuple(c for c in minutes.institution_codes() if c not in signed)
    return Signed(institution, meta.field_name or "", fingerprint, signer_name, remaining)
