"""The PV signers' certificates, as the secretariat has them: files, not typed hex.

``bundle build --signer-cert MINES=mines.crt`` (PEM or DER certificate, or the signer's
``.p12``) computes the SHA-256 fingerprint itself, so a one-digit typo can no longer
surface only when the PV is signed, after the deliberation. A fingerprint typed into
session.toml is still accepted in either common form (64 lowercase hex digits, or
openssl's ``AB:CD:...`` colon-separated uppercase) and checked against the file when one
is given.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from jury_desk.core.errors import BuildError

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_MAX_CERT_BYTES = 1024 * 1024
FINGERPRINT_FORMS = (
    "64 hexadecimal digits (e.g. 5b4f0c…), or openssl's form AB:CD:…:EF "
    "(openssl x509 -noout -fingerprint -sha256 -in signer.crt)"
)


def normalise_fingerprint(text: str) -> str | None:
    """The lowercase-hex form of a typed SHA-256 fingerprint, or None if it is not one.

    Accepts ``SHA256 Fingerprint=AB:CD:…`` as openssl prints it, spaces and colons.
    """
    value = text.strip()
    if "=" in value:
        value = value.rsplit("=", 1)[1]
    value = re.sub(r"[\s:]", "", value).casefold()
    return value if _HEX64.fullmatch(value) else None


def is_p12(path: Path) -> bool:
    return Path(path).suffix.casefold() in (".p12", ".pfx")


@dataclass(frozen=True)
class SignerCert:
    institution: str
    path: Path
    fingerprint: str
    subject: str
    not_before: datetime
    not_after: datetime

    def validity_problem(self, day: date) -> str | None:
        """Why this certificate cannot sign a PV dated ``day`` (None when it can)."""
        start = datetime.combine(day, time.min, UTC)
        end = datetime.combine(day, time.max, UTC)
        if self.not_after < start:
            return (
                f"it expired on {self.not_after.date().isoformat()}, before the session "
                f"({day.isoformat()}): make a new one (jury-desk keys create)"
            )
        if self.not_before > end:
            return (
                f"it is valid only from {self.not_before.date().isoformat()}, after the "
                f"session ({day.isoformat()})"
            )
        return None


def parse_signer_option(text: str) -> tuple[str, Path]:
    """``MINES=mines.crt`` -> ("MINES", Path("mines.crt"))."""
    code, sep, file = text.partition("=")
    if not sep or not code.strip() or not file.strip():
        raise BuildError(
            "build.signer-cert-option",
            f"--signer-cert {text!r}: write it as INSTITUTION=FILE, e.g. "
            "--signer-cert MINES=mines-signer.crt",
        )
    return code.strip(), Path(file.strip())


def load_signer_cert(institution: str, path: Path, passphrase: bytes | None = None) -> SignerCert:
    """Read a PEM/DER certificate or a PKCS#12 (with its passphrase)."""
    shown = f"--signer-cert {institution}={path}"
    if not path.is_file():
        raise BuildError("build.no-file", f"{shown}: no such file.")
    data = path.read_bytes()
    if len(data) > _MAX_CERT_BYTES:
        raise BuildError(
            "build.too-large", f"{shown}: larger than 1 MiB; this is not a certificate."
        )
    cert: x509.Certificate | None
    if is_p12(path):
        try:
            _, cert, _ = pkcs12.load_key_and_certificates(data, passphrase)
        except ValueError:
            raise BuildError(
                "build.signer-cert-unreadable",
                f"{shown}: cannot open it: wrong passphrase or not a PKCS#12 file "
                "(or give the signer's certificate file, .crt or .pem, which needs none).",
            ) from None
        if cert is None:
            raise BuildError(
                "build.signer-cert-unreadable", f"{shown}: the PKCS#12 file holds no certificate."
            )
    else:
        try:
            loader = (
                x509.load_pem_x509_certificate
                if b"-----BEGIN" in data
                else (x509.load_der_x509_certificate)
            )
            cert = loader(data)
        except ValueError:
            raise BuildError(
                "build.signer-cert-unreadable",
                f"{shown}: not a certificate (PEM or DER). Give the signer's .crt/.pem, or "
                "their .p12.",
            ) from None
    der = cert.public_bytes(serialization.Encoding.DER)
    return SignerCert(
        institution=institution,
        path=path,
        fingerprint=hashlib.sha256(der).hexdigest(),
        subject=cert.subject.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )
