"""Certificates and time: keys create refuses a validity already over; signing refuses a
certificate expired or not yet valid at signing time, with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from jury_desk.core.errors import MinutesError, UsageError
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.signer_keys import _self_signed, cert_fingerprint, create_signer_p12
from jury_desk.minutes.verify import verify_pv
from tests.minutes.conftest import Key
from tests.minutes.sample import make_minutes
from tests.minutes.tamper import force_sign


def _old_p12(path, *, issued: datetime, days: int) -> str:
    """A signer key file made years ago (keys create refuses to make one already over)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _self_signed("Pierre-Yves Martin", "MINES", key, days, organization="Mines Paris – PSL",
                        role="signer", valid_from=issued)  # fmt: skip
    encryption = serialization.BestAvailableEncryption(b"old")
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"old", key, cert, None, encryption))
    assert cert.signature_hash_algorithm.name == hashes.SHA256.name
    return cert_fingerprint(cert)


def test_keys_create_refuses_a_certificate_already_expired(tmp_path):
    past = datetime.now(UTC) - timedelta(days=400)
    with pytest.raises(UsageError, match="would have expired"):
        create_signer_p12("X", "MINES", b"p", tmp_path / "k.p12", valid_days=365, valid_from=past)
    assert not (tmp_path / "k.p12").exists()


@pytest.mark.parametrize("when", ["expired", "not yet valid"])
def test_signing_refuses_a_certificate_outside_its_validity(when, tmp_path, keys):
    key = tmp_path / "signer.p12"
    if when == "expired":
        fingerprint = _old_p12(key, issued=datetime.now(UTC) - timedelta(days=11 * 365), days=3650)
        passphrase = b"old"
    else:
        passphrase = b"new"
        later = datetime.now(UTC) + timedelta(days=30)
        fingerprint = create_signer_p12("P-Y Martin", "MINES", passphrase, key, valid_from=later)
    certs = {**keys.certs(), "MINES": fingerprint}
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(make_minutes(24, signer_certs=certs)))
    before = pv.read_bytes()
    with pytest.raises(MinutesError) as refused:
        sign_pv(pv, pv, key, passphrase, institution="MINES")
    assert refused.value.code == "sign.certificate-validity"
    said = "expired on" if when == "expired" else "not valid before"
    assert said in str(refused.value)
    assert pv.read_bytes() == before


def test_verify_reports_each_certificate_valid_at_the_claimed_signing_time(tmp_path, signed_pv):
    (tmp_path / "pv.pdf").write_bytes(signed_pv)
    lines = [c for c in verify_pv(tmp_path / "pv.pdf").checks if c.code == "certificate.validity"]
    assert len(lines) == 2 and all(c.ok for c in lines)
    assert all("as the signer's laptop claims, no timestamp" in c.message for c in lines)


def test_a_pv_signed_with_an_expired_certificate_fails_verification(tmp_path, keys):
    """Signed with a tool that does not check (sign_pv refuses): verify names it."""
    key = tmp_path / "old.p12"
    fingerprint = _old_p12(key, issued=datetime.now(UTC) - timedelta(days=11 * 365), days=3650)
    certs = {**keys.certs(), "MINES": fingerprint}
    data = render_pv_bytes(make_minutes(24, signer_certs=certs))
    data = force_sign(data, Key(key, b"old", fingerprint), "Signature-chair")  # chair = Mines
    (tmp_path / "pv.pdf").write_bytes(force_sign(data, keys.ALBERT, "Signature-ALBERT"))
    report = verify_pv(tmp_path / "pv.pdf")
    assert not report.ok and report.failure.code == "certificate.validity"
    assert "certificate NOT valid" in report.failure.message
