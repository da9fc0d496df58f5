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


def cert_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 (lowercase hex) of the DER certificate: what a bundle's signer declares."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def _self_signed(name: str, institution: str, key: SignerKey, valid_days: int) -> x509.Certificate:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, institution),
        ]
    )
    now = datetime.now(UTC).replace(microsecond=0)
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
    valid_days: int = 3650,
) -> str:
    """Write a passphrase-protected PKCS#12 (0600) with a self-signed signer certificate.

    Returns the certificate's SHA-256 fingerprint, to declare in the session's members.
    """
    if not name.strip() or not institution.strip():
        raise UsageError("A signer key needs a name and an institution.")
    if not passphrase:
        raise UsageError("A signer key needs a passphrase: the key is never stored in clear.")
    if not 1 <= valid_days <= 36500:
        raise UsageError("valid_days must be between 1 and 36500.")
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _self_signed(name, institution, key, valid_days)
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
