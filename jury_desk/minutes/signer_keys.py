"""Self-signed PV signer keys for institutions without a PKI (``jury-desk keys create``).

RSA 2048 with SHA-256: the combination every PDF validator handles (poppler's pdfsig,
pyHanko, Acrobat). The bundle pins the certificate by its SHA-256, so trust comes from the
signed bundle, not from a CA. The PKCS#12 file is passphrase-protected (AES-256, PBKDF2)
and private (0600): the key never rests in plaintext.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from jury_desk.core.errors import KeyFileError, UsageError
from jury_desk.core.storage import atomic_output

SignerKey = rsa.RSAPrivateKey
# A few years: long enough for a jury's mandate, short enough that a lost key file stops
# mattering. An archived PV outlives it through its timestamps (minutes timestamp).
DEFAULT_VALID_DAYS = 3 * 365
# The certificate's title (X.520 title) by role: what the PV's signature block says.
ROLE_TITLES = {"chair": "Président du jury", "signer": "Signataire de l'établissement"}


def cert_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 (lowercase hex) of the DER certificate: what a bundle's signer declares."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _self_signed(
    name: str,
    institution: str,
    key: SignerKey,
    valid_days: int,
    *,
    organization: str,
    role: str,
    valid_from: datetime,
) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.TITLE, ROLE_TITLES[role]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, institution),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
    )
    now = valid_from.replace(microsecond=0)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # a.k.a. nonRepudiation: these keys sign minutes
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # tolerate a slightly slow clock
        .not_valid_after(now + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )


def create_signer_p12(
    name: str,
    institution: str,
    passphrase: bytes,
    out: Path,
    *,
    key: SignerKey | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
    organization: str | None = None,
    role: str = "signer",
    valid_from: datetime | None = None,
) -> str:
    """Write a passphrase-protected PKCS#12 (0600) with a self-signed signer certificate.

    The subject names the person (CN), their role (title), the institution's code (OU) and
    its full name (O, ``organization``; the code when not given). ``valid_from`` (default:
    now) may be later, never so early that the certificate has already expired.
    Returns the certificate's SHA-256 fingerprint, to declare in the session's members.
    """
    if not name.strip() or not institution.strip() or not (organization or institution).strip():
        raise UsageError("A signer key needs a name and an institution.")
    if not passphrase:
        raise UsageError("A signer key needs a passphrase: the key is never stored in clear.")
    if not 1 <= valid_days <= 36500:
        raise UsageError("valid_days must be between 1 and 36500.")
    if role not in ROLE_TITLES:
        raise UsageError(f"role must be one of {', '.join(ROLE_TITLES)}.")
    now = datetime.now(UTC)
    start = valid_from or now
    end = start + timedelta(days=valid_days)
    if end <= now:
        raise UsageError(
            f"This certificate would have expired on {end:%Y-%m-%d}; nothing was written. "
            "Give a validity that ends in the future."
        )
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    org = organization or institution
    cert = _self_signed(name, institution, key, valid_days, organization=org, role=role,
                        valid_from=start)  # fmt: skip
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(200_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )
    data = pkcs12.serialize_key_and_certificates(name.encode("utf-8"), key, cert, None, encryption)
    with atomic_output(Path(out)) as fh:  # created 0600 by mkstemp
        fh.write(data)
    return cert_fingerprint(cert)


def load_signer_p12(path: Path, passphrase: bytes) -> tuple[SignerKey, x509.Certificate]:
    """The key and certificate of a signer PKCS#12; a wrong passphrase is a KeyFileError."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError(f"Cannot read the signer key {path}: {exc.strerror}.") from None
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        raise KeyFileError(
            f"Cannot open the signer key {path}: wrong passphrase or not a PKCS#12 file."
        ) from None
    if key is None or cert is None or not isinstance(key, rsa.RSAPrivateKey):
        raise KeyFileError(f"{path} does not hold an RSA signer key and its certificate.")
    return key, cert


def validity_problem(cert: x509.Certificate, at: datetime) -> str | None:
    """Why ``cert`` was not valid at ``at`` (expired, not yet valid), or None."""
    if at < cert.not_valid_before_utc:
        return f"not valid before {cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"
    if at > cert.not_valid_after_utc:
        return f"expired on {cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC"
    return None
