"""The bundle receipt: the signed manifest alone anchors a PV as the bundle does."""

from __future__ import annotations

import zipfile

import pytest

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.receipt import is_receipt, verify_receipt, write_receipt
from jury_desk.cli import main
from jury_desk.core.errors import BundleError


@pytest.fixture(scope="module")
def filed(filer):
    return filer.make(n=3, title="Jury reçu")


def test_bundle_receipt_command_and_minutes_verify_accept_it(filed, filer, tmp_path, capsys):
    out = tmp_path / "r.jdreceipt"
    assert main(["bundle", "receipt", str(filed.bundle), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["manifest.json", "manifest.json.minisig"]
    assert out.read_bytes() == filed.receipt.read_bytes()  # deterministic
    vb = verify_receipt(out, [PublicKey.from_file(filer.public_key)],
                        now=filed.minutes.generated_at)  # fmt: skip
    assert vb.fingerprint in said and vb.fingerprint == filed.minutes.bundle.sha256
    code = main(["minutes", "verify", str(filed.pv), "--bundle", str(out),
                 "--trusted-key", str(filer.public_key)])  # fmt: skip
    assert code == 0 and "Result: VALID" in capsys.readouterr().out
    assert main(["bundle", "receipt", str(filed.bundle), "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_a_receipt_with_anything_else_or_another_key_is_refused(filed, filer, tmp_path):
    padded = tmp_path / "padded.jdreceipt"
    with zipfile.ZipFile(filed.receipt) as src, zipfile.ZipFile(padded, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("documents/C001/extra.pdf", b"%PDF-1.7")
    assert not is_receipt(padded)
    with pytest.raises(BundleError) as info:
        verify_receipt(padded, [PublicKey.from_file(filer.public_key)])
    assert info.value.code == "receipt.entries"
    with pytest.raises(BundleError) as info:
        verify_receipt(filed.receipt, [SecretKey.generate().public_key()])
    assert info.value.code == "signature.unknown-key"
    assert is_receipt(write_receipt(filed.receipt, tmp_path / "again.jdreceipt"))
