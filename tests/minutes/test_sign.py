"""PAdES signing: one signature per institution, in either order, and every refusal."""

from __future__ import annotations

import pytest
from reportlab.pdfgen import canvas

from jury_desk.core.errors import KeyFileError, MinutesError
from jury_desk.minutes.pdf_read import open_pdf, signature_states
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.verify import verify_pv
from tests.minutes import poppler
from tests.minutes.tamper import append_forged_update, minutes_of, with_changed_decision


@pytest.mark.interop
def test_pdfsig_reports_both_signatures_valid_and_the_last_covers_the_file(tmp_path, signed_pv):
    path = tmp_path / "pv.pdf"
    path.write_bytes(signed_pv)
    code, sigs = poppler.signatures(path)
    assert code == 0
    assert [s["Signature Field Name"] for s in sigs] == ["Signature-chair", "Signature-ALBERT"]
    assert all(s["Signature Validation"] == "Signature is Valid." for s in sigs)
    assert "Not total document signed" in sigs[0] and "Total document signed" in sigs[1]
    assert [s["Signature Type"] for s in sigs] == ["ETSI.CAdES.detached"] * 2  # PAdES
    assert poppler.all_signatures_valid(path, 2)


def test_each_signature_is_an_incremental_update_keeping_the_earlier_one(signed_pv, unsigned_pv):
    assert signed_pv.startswith(unsigned_pv)
    states = signature_states(open_pdf(signed_pv, "pv.pdf"))
    assert [s.signed_revision for s in states] == [1, 2]
    assert all(s.sound for s in states)
    assert [s.entire_file for s in states] == [False, True]


def test_institutions_may_sign_in_either_order(tmp_path, keys, unsigned_pv):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    first = sign_pv(pv, pv, keys.ALBERT.path, keys.ALBERT.passphrase, institution="ALBERT")
    assert first.remaining == ("chair",)  # the chair, who is also the Mines signer
    second = sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    assert (second.remaining, second.signer) == ((), "Hélène Rousseau")
    assert second.cert_sha256 == keys.MINES.fingerprint
    assert verify_pv(pv).ok


def _plain_pdf(path):
    c = canvas.Canvas(str(path), invariant=1)
    c.showPage()
    c.save()


def _refusal_cases(keys, signed_pv, unsigned_pv, tmp_path):
    pv = tmp_path / "in.pdf"
    one = tmp_path / "one.pdf"
    pv.write_bytes(unsigned_pv)
    sign_pv(pv, one, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    forged = append_forged_update(one.read_bytes(), with_changed_decision(minutes_of(unsigned_pv)))
    (tmp_path / "forged.pdf").write_bytes(forged)
    (tmp_path / "signed.pdf").write_bytes(signed_pv)
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.4\nnot really\n")
    _plain_pdf(tmp_path / "plain.pdf")
    m, a, x = keys.MINES, keys.ALBERT, keys.intruder
    return {
        "undeclared certificate": ("in.pdf", x, "MINES", None, "sign.signer-fingerprint"),
        "bundle declares another": ("in.pdf", m, "MINES", a.fingerprint, "sign.signer-fingerprint"),
        "other institution's key": ("in.pdf", a, "MINES", None, "sign.signer-fingerprint"),
        "unknown institution": ("in.pdf", m, "HEC", None, "sign.institution"),
        "already signed": ("signed.pdf", a, "ALBERT", a.fingerprint, "sign.already-signed"),
        "altered after the first signature": ("forged.pdf", a, "ALBERT", None, "sign.pv-altered"),
        "not a PV": ("plain.pdf", m, "MINES", None, "minutes.missing"),
        "not a PDF": ("garbage.pdf", m, "MINES", None, "pdf.format"),
    }


REFUSALS = [
    "undeclared certificate",
    "bundle declares another",
    "other institution's key",
    "unknown institution",
    "already signed",
    "altered after the first signature",
    "not a PV",
    "not a PDF",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_signing_is_refused_with_the_reason_and_writes_nothing(
    case, tmp_path, keys, signed_pv, unsigned_pv
):
    name, key, institution, expected, check = _refusal_cases(
        keys, signed_pv, unsigned_pv, tmp_path
    )[case]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(MinutesError) as err:
        sign_pv(tmp_path / name, tmp_path / "out.pdf", key.path, key.passphrase,
                institution=institution, expected_cert_sha256=expected)  # fmt: skip
    assert err.value.code == check
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_wrong_passphrase_is_a_key_file_error_and_writes_nothing(tmp_path, keys, unsigned_pv):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(unsigned_pv)
    with pytest.raises(KeyFileError, match="wrong passphrase"):
        sign_pv(pv, tmp_path / "out.pdf", keys.MINES.path, b"not it", institution="MINES")
    assert [p.name for p in tmp_path.iterdir()] == ["pv.pdf"]
    assert pv.read_bytes() == unsigned_pv


def test_each_signature_is_drawn_in_its_box_with_name_role_time_and_key(tmp_path, signed_pv):
    """The signature block shows who signed, for which institution, when (local time with
    its offset) and with which certificate, in the PV's embedded font (no base-14 font)."""
    import subprocess

    from tests.tooling import require_tool

    pv = tmp_path / "pv.pdf"
    pv.write_bytes(signed_pv)
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pv), "-"],
                          capture_output=True, text=True, timeout=60).stdout  # fmt: skip
    assert text.count("Signé électroniquement par") == 2
    for line in ("Président du jury, signataire pour Mines Paris – PSL",
                 "Signataire pour Albert School"):  # fmt: skip
        assert line in text
    assert "(UTC+01:00)" in text or "(UTC+02:00)" in text
    fonts = subprocess.run([require_tool("pdffonts"), str(pv)], capture_output=True,
                           text=True, timeout=60).stdout  # fmt: skip
    assert "Helvetica" not in fonts and "Courier" not in fonts
