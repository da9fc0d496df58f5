"""The room desk's identity on the room network: one Ed25519 key, one self-signed certificate.

The same key signs the room desk's replies (verdicts, reveal status) and is the key of its
TLS certificate, so a member desk that pinned the certificate at pairing can check every
reply, whichever way it travels. The certificate is made with ``cryptography``'s X.509
builder; TLS 1.3 itself is the standard library's ``ssl`` (no home-made cryptography).

At rest the secret key is PKCS#8, encrypted under a passphrase that the caller supplies
(never in clear, DESIGN.md: secrets); the certificate is public.
"""

from __future__ import annotations

import hashlib
import os
import ssl
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.x509.oid import NameOID

from jury_desk.exchange.envelope import ExchangeError

CERT_FILE = "room-desk.pem"
KEY_FILE = "room-desk.key"


def fingerprint(cert_der: bytes) -> str:
    """SHA-256 of the certificate's DER bytes, lower-case hex (what both sides pin)."""
    return hashlib.sha256(cert_der).hexdigest()


def short_fingerprint(fp: str) -> str:
    """The first 16 hex digits in groups of four, for people to compare on two screens."""
    return "-".join(fp[i : i + 4].upper() for i in range(0, 16, 4))


def room_key_of(cert_der: bytes) -> Ed25519PublicKey:
    """The Ed25519 key of a room desk's certificate; ExchangeError if it has another kind."""
    try:
        key = x509.load_der_x509_certificate(cert_der).public_key()
    except ValueError:
        raise ExchangeError("room-cert", "the room desk's certificate cannot be read") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ExchangeError("room-cert", "the room desk's certificate is not an Ed25519 key")
    return key


@dataclass(frozen=True)
class RoomIdentity:
    key: Ed25519PrivateKey
    cert_der: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.cert_der)

    @classmethod
    def create(cls, name: str = "jury-desk room desk") -> RoomIdentity:
        key = Ed25519PrivateKey.generate()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, None)
        )
        return cls(key, cert.public_bytes(serialization.Encoding.DER))

    def cert_pem(self) -> bytes:
        return ssl.DER_cert_to_PEM_cert(self.cert_der).encode("ascii")

    def save(self, folder: Path, passphrase: bytes) -> None:
        """Write the certificate and the key, encrypted under ``passphrase`` (0600)."""
        key_pem = self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase),
        )
        for name, data in ((KEY_FILE, key_pem), (CERT_FILE, self.cert_pem())):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, folder / name)

    @classmethod
    def load(cls, folder: Path, passphrase: bytes) -> RoomIdentity:
        try:
            key = serialization.load_pem_private_key((folder / KEY_FILE).read_bytes(), passphrase)
            cert_der = ssl.PEM_cert_to_DER_cert((folder / CERT_FILE).read_text("ascii"))
        except (OSError, ValueError, TypeError):
            raise ExchangeError(
                "room-identity",
                "the room desk's network key cannot be opened (wrong passphrase or damaged file)",
            ) from None
        if not isinstance(key, Ed25519PrivateKey) or room_key_of(cert_der) != key.public_key():
            raise ExchangeError("room-identity", "the room desk's key and certificate differ")
        return cls(key, cert_der)

    def server_context(self) -> ssl.SSLContext:
        """TLS 1.3 only, this certificate; members authenticate inside (``network``)."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        # load_cert_chain reads files: a private temporary folder, removed at once.
        with tempfile.TemporaryDirectory() as tmp:
            secret = os.urandom(32).hex().encode()
            self.save(Path(tmp), secret)
            ctx.load_cert_chain(Path(tmp) / CERT_FILE, Path(tmp) / KEY_FILE, password=secret)
        return ctx


def client_context(pinned_der: bytes | None) -> ssl.SSLContext:
    """TLS 1.3 to the room desk: verified against the pinned certificate, or (pairing only)
    unverified, the caller then checking the fingerprint and the pairing code."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    ctx.check_hostname = False  # the room's address changes with the room; the pin does not
    if pinned_der is None:
        ctx.verify_mode = ssl.CERT_NONE
    else:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cadata=pinned_der)
    return ctx
