"""The jury chair signs the PV too (issue 13 §2): the chair and one signer per institution,
a chair who is also their institution's signer signs once; verify requires all of them."""

from __future__ import annotations

import pytest

from jury_desk.cli import main
from jury_desk.core.errors import MinutesError
from jury_desk.minutes.model import minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.pdf_decisions import ranking
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.verify import verify_pv
from tests.minutes import poppler
from tests.minutes.bundled import make_session_bundle
from tests.minutes.sample import make_minutes

ENV = "JURY_DESK_KEY_PASSPHRASE"


@pytest.fixture(scope="module")
def three(keys):
    """Minutes whose chair has a key of their own: three signatures."""
    return make_minutes(24, signer_certs=keys.certs(), chair_cert=keys.chair.fingerprint)


def _sign(src, dst, key, role):
    return sign_pv(src, dst, key.path, key.passphrase, institution=role)


def test_the_chair_signs_in_their_own_box_and_verify_needs_all_three(tmp_path, keys, three):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(three))
    first = _sign(pv, pv, keys.MINES, "MINES")
    assert first.remaining == ("chair", "ALBERT")
    second = _sign(pv, pv, keys.ALBERT, "ALBERT")
    assert second.remaining == ("chair",)
    report = verify_pv(pv)
    failure = report.failure
    assert failure is not None and failure.code == "signature.per-institution"
    assert "the chair: 0 signatures" in failure.message  # the chair's signature is missing
    last = _sign(pv, pv, keys.chair, "chair")
    assert (last.institution, last.signer, last.remaining) == ("chair", "Hélène Rousseau", ())
    report = verify_pv(pv)
    assert report.ok, report.lines()
    checked = next(c for c in report.checks if c.code == "signature.per-institution")
    assert "the chair by Hélène Rousseau" in checked.message
    code, sigs = poppler.signatures(pv)
    assert code == 0
    assert sorted(s["Signature Field Name"] for s in sigs) == [
        "Signature-ALBERT", "Signature-MINES", "Signature-chair"]  # fmt: skip
    assert all(s["Signature Validation"] == "Signature is Valid." for s in sigs)


def test_the_chair_key_cannot_sign_for_an_institution_nor_twice(tmp_path, keys, three):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(three))
    with pytest.raises(MinutesError) as info:
        _sign(pv, tmp_path / "x.pdf", keys.chair, "MINES")
    assert info.value.code == "sign.signer-fingerprint"
    with pytest.raises(MinutesError) as info:
        _sign(pv, tmp_path / "x.pdf", keys.MINES, "chair")
    assert info.value.code == "sign.signer-fingerprint" and "the jury chair" in str(info.value)
    _sign(pv, pv, keys.chair, "chair")
    before = pv.read_bytes()
    with pytest.raises(MinutesError) as info:
        _sign(pv, pv, keys.chair, "chair")
    assert info.value.code == "sign.already-signed" and pv.read_bytes() == before
    assert not (tmp_path / "x.pdf").exists()


def test_a_chair_who_is_the_mines_signer_signs_once_for_both(tmp_path, keys, minutes24):
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(minutes24))
    # Asked for as the chair or as Mines, it is one signature, in the chair's box.
    signed = _sign(pv, pv, keys.MINES, "chair")
    assert (signed.institution, signed.field_name, signed.remaining) == (
        "chair", "Signature-chair", ("ALBERT",))  # fmt: skip
    with pytest.raises(MinutesError) as info:
        _sign(pv, tmp_path / "x.pdf", keys.MINES, "MINES")
    assert info.value.code == "sign.already-signed"
    _sign(pv, pv, keys.ALBERT, "ALBERT")
    report = verify_pv(pv)
    assert report.ok, report.lines()


def test_two_signatures_by_one_institution_are_refused(tmp_path, keys, three, monkeypatch):
    """A dishonest Mines signer who also fills the chair's box with their own key: the
    signer refuses it, and a PV made so anyway (one key, two fields) fails verification."""
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(three))
    _sign(pv, pv, keys.MINES, "MINES")
    with pytest.raises(MinutesError):
        _sign(pv, tmp_path / "x.pdf", keys.MINES, "chair")


def test_cli_sign_as_chair_and_verify_against_the_bundle(tmp_path, capsys, monkeypatch, keys):
    bundle = make_session_bundle(tmp_path, keys.certs(), chair_cert=keys.chair.fingerprint)
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=bundle.ref,
                           chair_cert=keys.chair.fingerprint)  # fmt: skip
    source = tmp_path / "minutes.json"
    source.write_bytes(minutes_bytes(minutes))
    pv = tmp_path / "pv.pdf"
    anchor = ["--bundle", str(bundle.path), "--trusted-key", str(bundle.public_key)]
    assert main(["minutes", "render", str(source), "--out", str(pv)]) == 0
    capsys.readouterr()
    signers = [(keys.MINES, ["--institution", "MINES"]),
               (keys.ALBERT, ["--institution", "ALBERT"]), (keys.chair, ["--chair"])]  # fmt: skip
    for key, who in signers:
        monkeypatch.setenv(ENV, key.passphrase.decode())
        assert main(["minutes", "sign", str(pv), "--p12", str(key.path), *who, *anchor]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Signed as the chair by Hélène Rousseau" in out
    assert out.rstrip().endswith("The chair and both institutions have signed.")
    assert main(["minutes", "verify", str(pv), *anchor]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Result: VALID")
    # --chair and --institution together is a usage error.
    with pytest.raises(SystemExit) as info:
        main(["minutes", "sign", str(pv), "--p12", str(keys.chair.path), "--chair",
              "--institution", "MINES"])  # fmt: skip
    assert info.value.code == 2


def test_the_waiting_list_is_ranked_with_the_tie_break_stated(minutes24):
    base = [c for c in minutes24.candidates if c.institution_means][:3]
    a, b, c = (
        x.model_copy(update={"id": i, "overall": 12.5, "institution_means": means})
        for x, i, means in zip(
            base,
            ("C9", "C1", "C5"),
            (
                {"MINES": 12.0, "ALBERT": 13.0},
                {"MINES": 13.0, "ALBERT": 12.0},
                {"MINES": 11.0, "ALBERT": 14.0},
            ),  # fmt: skip
            strict=True,
        )
    )
    top = base[0].model_copy(update={"id": "C7", "overall": 13.0})
    # Same overall: the higher lower-mean first (C1 and C9 tie at 12.0: by file number).
    assert [x.id for x in ranking([c, a, top, b])] == ["C7", "C1", "C9", "C5"]
