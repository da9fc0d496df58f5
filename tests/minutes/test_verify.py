"""minutes verify: a signed PV passes; any flipped byte, appended update, undeclared signer,
visible/data mismatch or other bundle fails, with the check that failed."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest

from jury_desk.bundle.minisign import PublicKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.errors import MinutesError
from jury_desk.minutes import pdf as pdf_module
from jury_desk.minutes import verify as verify_module
from jury_desk.minutes.model import Minutes, Supersedes, minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.verify import verify_pv
from tests.minutes import poppler
from tests.minutes.bundled import make_session_bundle
from tests.minutes.sample import make_minutes
from tests.minutes.tamper import (
    append_forged_update,
    embedded_json_offset,
    flip,
    force_sign,
    last_byte_range,
    minutes_of,
    with_changed_decision,
)


def _write(tmp_path, data, name="pv.pdf"):
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _failed(report):
    return {c.code for c in report.checks if c.ok is False}


def test_a_pv_signed_by_both_institutions_is_valid(tmp_path, signed_pv):
    report = verify_pv(_write(tmp_path, signed_pv))
    assert report.ok and report.failure is None
    codes = [c.code for c in report.checks if c.ok]
    assert codes.count("signature.intact") == 2
    for code in ("minutes.valid", "signature.coverage", "signature.per-institution", "pv.content"):
        assert code in codes
    assert not report.anchored and not report.verified  # no bundle: signers not verified
    lines = report.lines()
    assert lines[-1].startswith("Result: NOT VALID: signers not verified")
    assert any(line.startswith("--   signers not verified") for line in lines)


def test_unsigned_and_half_signed_pvs_are_not_valid(tmp_path, keys, unsigned_pv):
    pv = _write(tmp_path, unsigned_pv)
    assert _failed(verify_pv(pv)) == {"signature.coverage", "signature.per-institution"}
    sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    report = verify_pv(pv)
    assert _failed(report) == {"signature.per-institution"}
    assert "ALBERT: 0 signatures" in report.failure.message
    assert report.lines()[-1] == "Result: NOT VALID"


def _positions(data: bytes) -> dict[str, int]:
    a, b, c, d = last_byte_range(data)
    assert a == 0 and c + d == len(data)
    return {
        "header": 0,
        "first page content": len(data) // 10,
        "middle of the rendered PV": len(data) // 3,
        "embedded minutes.json": embedded_json_offset(data),
        "just before the last signature": b - 1,
        "first signature's revision": b // 2 + b // 3,
        "after the last signature": c,
        "end of file": len(data) - 2,
    }


@pytest.mark.interop
@pytest.mark.parametrize(
    "where",
    [
        "header",
        "first page content",
        "middle of the rendered PV",
        "embedded minutes.json",
        "just before the last signature",
        "first signature's revision",
        "after the last signature",
        "end of file",
    ],
)
def test_a_flipped_byte_in_a_signed_range_is_detected_by_pdfsig_and_verify(
    tmp_path, signed_pv, where
):
    pos = _positions(signed_pv)[where]
    path = _write(tmp_path, flip(signed_pv, pos))
    assert poppler.all_signatures_valid(_write(tmp_path, signed_pv, "good.pdf"), 2)
    assert not poppler.all_signatures_valid(path, 2)
    report = verify_pv(path)
    assert not report.ok
    assert report.failure is not None


@pytest.mark.interop
def test_an_appended_update_changing_a_decision_is_detected(tmp_path, signed_pv):
    forged = with_changed_decision(minutes_of(signed_pv))
    path = _write(tmp_path, append_forged_update(signed_pv, forged))
    assert minutes_of(path.read_bytes()) == forged  # what a naive reader would now see
    report = verify_pv(path)
    assert not report.ok
    assert {"signature.coverage", "pv.content"} <= _failed(report)
    _, sigs = poppler.signatures(path)
    assert "Not total document signed" in sigs[-1]  # pdfsig sees it too


@pytest.mark.interop
def test_an_update_slipped_between_the_two_signatures_is_detected(
    tmp_path, keys, signed_pv, unsigned_pv
):
    """MINES signs, someone changes a decision, ALBERT signs on top: pdfsig accepts it, since
    each signature is intact and the last covers the file. verify must not."""
    unsigned = _write(tmp_path, unsigned_pv, "unsigned.pdf")
    one = tmp_path / "one.pdf"
    sign_pv(unsigned, one, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    forged = append_forged_update(one.read_bytes(), with_changed_decision(minutes_of(signed_pv)))
    path = _write(tmp_path, force_sign(forged, keys.ALBERT, "Signature-ALBERT"), "forged.pdf")
    assert poppler.all_signatures_valid(path, 2)
    report = verify_pv(path)
    assert "signature.coverage" in _failed(report)
    assert not report.ok


def test_a_pv_signed_by_an_undeclared_certificate_is_rejected(tmp_path, keys, unsigned_pv):
    pv = _write(tmp_path, force_sign(unsigned_pv, keys.intruder, "Signature-chair"))
    sign_pv(pv, pv, keys.ALBERT.path, keys.ALBERT.passphrase, institution="ALBERT")
    report = verify_pv(pv)
    assert _failed(report) == {"signature.per-institution"}
    assert "Mallory Intrus" in report.failure.message
    assert "not a signer declared for this PV" in report.failure.message


def test_two_signatures_from_one_institution_are_rejected(tmp_path, keys, unsigned_pv):
    pv = _write(tmp_path, unsigned_pv)
    sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    # MINES's signer fills ALBERT's signature box too (an attacker's tool, not sign_pv).
    pv.write_bytes(force_sign(pv.read_bytes(), keys.MINES, "Signature-ALBERT"))
    report = verify_pv(pv)
    assert _failed(report) == {"signature.per-institution"}
    assert "the chair (also the MINES signer): 2 signatures" in report.failure.message


def _pages_of_other_decisions(keys):
    """A PV whose pages were drawn from minutes other than the embedded ones (both valid)."""
    real = make_minutes(24, signer_certs=keys.certs())
    shown = with_changed_decision(real)
    with mock.patch.object(pdf_module, "minutes_bytes", lambda m: minutes_bytes(real)):
        return render_pv_bytes(shown)


def _pv_showing_other_decisions(keys, tmp_path):
    """Both institutions sign such a PV (with an attacker's tool: sign_pv refuses it, see
    test_sign.py): only the re-render comparison can tell."""
    data = _pages_of_other_decisions(keys)
    data = force_sign(data, keys.MINES, "Signature-chair")  # the chair is the Mines signer
    return _write(tmp_path, force_sign(data, keys.ALBERT, "Signature-ALBERT"))


def test_signing_a_pv_whose_pages_disagree_with_its_json_is_refused(tmp_path, keys):
    pv = _write(tmp_path, _pages_of_other_decisions(keys))
    before = pv.read_bytes()
    with pytest.raises(MinutesError) as refused:
        sign_pv(pv, tmp_path / "out.pdf", keys.MINES.path, keys.MINES.passphrase,
                institution="MINES")  # fmt: skip
    assert refused.value.code == "sign.pv-content"
    assert "not exactly what its minutes.json says" in str(refused.value)
    assert pv.read_bytes() == before and not (tmp_path / "out.pdf").exists()


def test_pages_that_disagree_with_the_embedded_json_are_rejected(tmp_path, keys):
    report = verify_pv(_pv_showing_other_decisions(keys, tmp_path))
    assert _failed(report) == {"pv.content"}
    assert "the pages differ from minutes.json" in report.failure.message


def test_a_pv_from_another_renderer_version_says_so(tmp_path, keys, monkeypatch):
    pv = _pv_showing_other_decisions(keys, tmp_path)
    monkeypatch.setattr(verify_module, "CREATOR", "jury-desk 9.9 (ReportLab 9.9)")
    report = verify_pv(pv)
    assert _failed(report) == {"pv.content"}
    assert "rendered by jury-desk 0.1.0" in report.failure.message


@pytest.fixture(scope="module")
def session_bundle(tmp_path_factory, keys):
    return make_session_bundle(tmp_path_factory.mktemp("bundle"), keys.certs())


def _verified(bundle, tmp_path, minutes):
    return verify_bundle(
        bundle.path,
        trusted_keys=[PublicKey.from_file(bundle.public_key)],
        data_dir=tmp_path / "desk",
        record=False,
        now=minutes.generated_at,
    )


def _signed_pv_of(minutes, keys, tmp_path):
    pv = _write(tmp_path, render_pv_bytes(minutes))
    sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    sign_pv(pv, pv, keys.ALBERT.path, keys.ALBERT.passphrase, institution="ALBERT")
    return pv


def test_with_its_bundle_the_signers_and_the_session_are_checked(tmp_path, keys, session_bundle):
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=session_bundle.ref)
    vb = _verified(session_bundle, tmp_path, minutes)
    report = verify_pv(_signed_pv_of(minutes, keys, tmp_path), bundle=vb)
    assert report.ok
    assert {c.code for c in report.checks if c.ok} >= {"bundle.signers", "bundle.match"}


def test_a_pv_of_another_bundle_version_or_signers_is_rejected(tmp_path, keys, session_bundle):
    other_seq = dict(session_bundle.ref, seq=4)
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=other_seq)
    vb = _verified(session_bundle, tmp_path, minutes)
    report = verify_pv(_signed_pv_of(minutes, keys, tmp_path / "a"), bundle=vb)
    assert _failed(report) == {"bundle.match"}
    assert "bundle version differ" in report.failure.message
    # A PV signed by keys the bundle never declared (here: MINES's is the intruder's).
    certs = dict(keys.certs(), MINES=keys.intruder.fingerprint)
    forged = make_minutes(24, signer_certs=certs, bundle=session_bundle.ref)
    pv = _write(tmp_path, render_pv_bytes(forged), "forged.pdf")
    sign_pv(pv, pv, keys.intruder.path, keys.intruder.passphrase, institution="MINES")
    sign_pv(pv, pv, keys.ALBERT.path, keys.ALBERT.passphrase, institution="ALBERT")
    assert verify_pv(pv).ok  # self-consistent: only the bundle can tell
    report = verify_pv(pv, bundle=vb)
    assert _failed(report) == {"bundle.signers"}
    assert "MINES" in report.failure.message


def test_a_pv_saying_its_reveal_key_was_pinned_by_a_bundle_that_pins_none_is_rejected(
    tmp_path, keys, session_bundle
):
    """The bundle tells whether it pinned the reveal key: a PV may say "made in the room",
    never "pinned", for a bundle that pins none."""
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=session_bundle.ref)
    vb = _verified(session_bundle, tmp_path, minutes)
    assert vb.manifest.session.reveal_key is None
    for said, ok in (("room", True), ("pinned", False)):
        data = minutes.model_dump(mode="json") | {"audit_log": "signed/2", "reveal_key": said}
        report = verify_pv(_signed_pv_of(Minutes.model_validate(data), keys, tmp_path / said),
                           bundle=vb)  # fmt: skip
        assert report.ok is ok
        if not ok:
            assert _failed(report) == {"bundle.match"}
            assert "reveal key differ" in report.failure.message


def test_an_english_graduation_pv_verifies_and_is_re_rendered_in_english(tmp_path, keys):
    minutes = make_minutes(24, kind="graduation", demo=True, signer_certs=keys.certs())
    pv = _write(tmp_path, render_pv_bytes(minutes, lang="en"))
    sign_pv(pv, pv, keys.ALBERT.path, keys.ALBERT.passphrase, institution="ALBERT")
    sign_pv(pv, pv, keys.MINES.path, keys.MINES.passphrase, institution="MINES")
    report = verify_pv(pv)
    assert report.ok, report.lines()
    assert report.minutes is not None and report.minutes.lang == "en"


def test_an_earlier_pv_is_reported_superseded_by_the_later_one(tmp_path, keys, session_bundle):
    """After a reopening the old PV still verifies alone; against the new one it is
    SUPERSEDED (exit 1 in the CLI), and the new one is current against the old."""
    old = make_minutes(24, signer_certs=keys.certs(), bundle=session_bundle.ref)
    new = old.model_copy(
        update={
            "audit_head": "e" * 64,
            "closed_at": old.closed_at + timedelta(hours=2),
            "generated_at": old.generated_at + timedelta(hours=2),
            "supersedes": Supersedes(reason="Erreur de saisie", previous_audit_head=old.audit_head),
        }
    )
    vb = _verified(session_bundle, tmp_path, old)
    old_pv = _signed_pv_of(old, keys, tmp_path / "old")
    new_pv = _signed_pv_of(new, keys, tmp_path / "new")
    assert verify_pv(old_pv, bundle=vb).verified  # alone, nothing says it was replaced
    report = verify_pv(old_pv, bundle=vb, later=new_pv)
    assert not report.ok and report.failure.code == "pv.superseded"
    assert report.failure.message.startswith("SUPERSEDED: pv.pdf (closed ")
    assert "Erreur de saisie" in report.failure.message
    assert report.lines()[-1] == "Result: SUPERSEDED (authentic, but a later PV replaces it)"
    assert verify_pv(new_pv, bundle=vb, later=old_pv).verified
    # Without the trust anchor the "later" PV proves nothing: a forger's cannot retire it.
    unanchored = verify_pv(old_pv, later=new_pv)
    assert "it proves nothing here" in next(
        c.message for c in unanchored.checks if c.code == "pv.superseded"
    )
