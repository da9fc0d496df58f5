"""Self-signed PKCS#12 signer keys: private, passphrase-protected, usable by pyHanko and pdfsig."""

from __future__ import annotations

import hashlib
import io
import stat
import subprocess

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from jury_desk.core.errors import KeyFileError, UsageError
from jury_desk.minutes.signer_keys import cert_fingerprint, create_signer_p12, load_signer_p12
from tests.tooling import require_tool


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def p12(tmp_path, rsa_key):
    out = tmp_path / "signer.p12"
    fp = create_signer_p12("Pierre-Yves Martin", "MINES", b"pass phrase", out, key=rsa_key)
    return out, fp


def test_p12_is_private_and_holds_the_declared_certificate(p12, rsa_key):
    out, fp = p12
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    key, cert = load_signer_p12(out, b"pass phrase")
    der = cert.public_bytes(serialization.Encoding.DER)
    assert fp == cert_fingerprint(cert) == hashlib.sha256(der).hexdigest()
    assert key.private_numbers() == rsa_key.private_numbers()
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Pierre-Yves Martin"
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "MINES"
    assert cert.issuer == cert.subject  # self-signed
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    days = (cert.not_valid_after_utc - cert.not_valid_before_utc).days
    assert 3 * 365 - 1 <= days <= 3 * 365 + 1  # a few years by default


def test_key_is_not_stored_in_clear(p12, rsa_key):
    out, _ = p12
    raw = rsa_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert raw[-64:] not in out.read_bytes()


def test_wrong_passphrase_is_a_key_file_error(p12):
    out, _ = p12
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        load_signer_p12(out, b"nope")


@pytest.mark.parametrize(
    ("name", "institution", "passphrase", "message"),
    [
        ("", "MINES", b"x", "needs a name and an institution"),
        ("A", " ", b"x", "needs a name and an institution"),
        ("A", "MINES", b"", "needs a passphrase"),
    ],
)
def test_bad_arguments_write_nothing(tmp_path, rsa_key, name, institution, passphrase, message):
    with pytest.raises(UsageError, match=message):
        create_signer_p12(name, institution, passphrase, tmp_path / "s.p12", key=rsa_key)
    assert list(tmp_path.iterdir()) == []


def _signed_pdf(p12_path, passphrase: bytes) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.drawString(72, 720, "Procès-verbal (test)")
    pdf.save()
    signer = signers.SimpleSigner.load_pkcs12(str(p12_path), passphrase=passphrase)
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(buf.getvalue()))
    meta = signers.PdfSignatureMetadata(field_name="MINES")
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


def test_pyhanko_signs_and_validates_with_the_key(p12):
    out, fp = p12
    _, cert = load_signer_p12(out, b"pass phrase")
    signed = _signed_pdf(out, b"pass phrase")
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert hashlib.sha256(embedded.signer_cert.dump()).hexdigest() == fp


@pytest.mark.interop
def test_pdfsig_reports_the_signature_valid(p12, tmp_path):
    pdfsig = require_tool("pdfsig")
    out, _ = p12
    pdf = tmp_path / "pv.pdf"
    pdf.write_bytes(_signed_pdf(out, b"pass phrase"))
    done = subprocess.run([pdfsig, str(pdf)], capture_output=True, text=True, check=False)
    assert "Signature Validation: Signature is Valid." in done.stdout, done.stdout
    assert "Signer Certificate Common Name: Pierre-Yves Martin" in done.stdout
    flipped = bytearray(pdf.read_bytes())
    flipped[300] ^= 0x01  # in the signed bytes (the middle may be the /Contents padding)
    pdf.write_bytes(bytes(flipped))
    done = subprocess.run([pdfsig, str(pdf)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." not in done.stdout
