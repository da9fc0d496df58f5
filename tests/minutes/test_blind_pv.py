"""``minutes verify --bundle`` checks the blind fields a PV shows against the bundle's sealed
commitments, even when the reveal key was pinned (the bundle then holds no value in clear):
minutes.json carries each revealed candidate's salts, public since its reveal.

The attacks are a forger's: minutes.json edited (a flag flipped, a name changed), the PV
rendered again with its statistics made coherent, and signed again, with the declared
signers' own keys, with one institution's key, or with throwaway keys."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jury_desk.bundle.blind_fields import salt_of
from jury_desk.minutes.model import Minutes, minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.sign import sign_pv
from jury_desk.minutes.verify import verify_pv
from jury_desk.signing import member_key
from tests.deliberation.jury import EVERYONE, passphrase
from tests.minutes.bundled import blind_salt, make_session_bundle
from tests.minutes.sample import make_minutes
from tests.minutes.tamper import with_statistics_of
from tests.minutes.test_verify import _verified

BOTH = ("scholarship", "name")


@pytest.fixture(scope="module")
def member_keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


@pytest.fixture(scope="module")
def sealed_bundle(tmp_path_factory, keys, member_keys):
    """Flags and names sealed to the chair's pinned reveal key: nothing in clear."""
    return make_session_bundle(
        tmp_path_factory.mktemp("sealed"), keys.certs(), seal=BOTH, member_keys=member_keys
    )


def salted(minutes: Minutes, fields=BOTH) -> dict[str, Any]:
    """minutes.json as the desk writes it from a session of that bundle: with the salts."""
    d = json.loads(minutes_bytes(minutes))
    for c in d["candidates"]:
        c["blind_salts"] = {f: salt_of(blind_salt, c["id"], f).hex() for f in fields}
    return d


def _signed(minutes, tmp_path, mines, albert):
    tmp_path.mkdir(parents=True, exist_ok=True)
    pv = tmp_path / "pv.pdf"
    pv.write_bytes(render_pv_bytes(minutes))
    sign_pv(pv, pv, mines.path, mines.passphrase, institution="MINES")
    sign_pv(pv, pv, albert.path, albert.passphrase, institution="ALBERT")
    return pv


def _match(report):
    return next(c for c in report.checks if c.code == "bundle.match")


def test_the_bundle_holds_no_name_or_flag_in_clear(sealed_bundle):
    raw = sealed_bundle.path.read_bytes()
    assert all(c.name is None and c.scholarship is None for c in sealed_bundle.manifest.candidates)
    assert b"Lef\xc3\xa8vre" not in raw and b"scholarship" not in raw.split(b"PK")[0]


def test_a_pv_whose_blind_fields_open_the_commitments_is_valid(tmp_path, keys, sealed_bundle):
    minutes = Minutes.model_validate(
        salted(make_minutes(24, signer_certs=keys.certs(), bundle=sealed_bundle.ref))
    )
    vb = _verified(sealed_bundle, tmp_path, minutes)
    report = verify_pv(_signed(minutes, tmp_path, keys.MINES, keys.ALBERT), bundle=vb)
    assert report.verified, report.lines()
    assert "every blind field it shows opens the bundle's sealed commitment" in (
        _match(report).message
    )


def _flip_flag(d: dict[str, Any]) -> str:
    cand = next(c for c in d["candidates"] if c["decision"] == "admit" and not c["scholarship"])
    cand["scholarship"] = True  # counts for the scholarship target
    return cand["id"]


def _rename(d: dict[str, Any]) -> str:
    cand = d["candidates"][6]
    cand["name"] = "Someone Else"
    return cand["id"]


def _drop_name_salt(d: dict[str, Any]) -> str:
    cand = d["candidates"][3]
    cand["name"] = "Someone Else"
    del cand["blind_salts"]["name"]  # no salt: nothing to check it with, the forger hopes
    return cand["id"]


@pytest.mark.parametrize("edit", [_flip_flag, _rename, _drop_name_salt])
@pytest.mark.parametrize("signers", ["declared", "one-institution", "throwaway"])
def test_a_blind_field_edited_and_signed_again_is_named(tmp_path, keys, sealed_bundle, edit,
                                                         signers):  # fmt: skip
    genuine = make_minutes(24, signer_certs=keys.certs(), bundle=sealed_bundle.ref)
    d = salted(genuine)
    victim = edit(d)
    certs = {
        "declared": keys.certs(),
        "one-institution": dict(keys.certs(), ALBERT=keys.intruder.fingerprint),
        "throwaway": {"MINES": keys.intruder.fingerprint, "ALBERT": keys.chair.fingerprint},
    }[signers]
    for code, cert in certs.items():
        d["signers"][code]["cert_sha256"] = cert
    d["chair"]["cert_sha256"] = certs["MINES"]  # the chair is the Mines signer here
    forged = with_statistics_of(d)
    mines = keys.MINES if signers != "throwaway" else keys.intruder
    albert = {"declared": keys.ALBERT, "one-institution": keys.intruder}.get(signers, keys.chair)
    pv = _signed(forged, tmp_path, mines, albert)
    assert verify_pv(pv).ok  # self-consistent: only the bundle can tell
    report = verify_pv(pv, bundle=_verified(sealed_bundle, tmp_path, forged))
    assert not report.verified
    match = _match(report)
    assert match.ok is False and victim in match.message, match.message
    assert "do not open the bundle's sealed commitments" in match.message


def test_a_pv_made_before_the_salts_still_verifies_and_says_what_it_cannot_check(
    tmp_path, keys, member_keys
):
    """A PV of a flag-only pinned bundle, written before minutes.json carried salts: VALID
    as before, and the report says its flags were not checked against the bundle."""
    bundle = make_session_bundle(
        tmp_path, keys.certs(), seal=("scholarship",), member_keys=member_keys
    )
    minutes = make_minutes(24, signer_certs=keys.certs(), bundle=bundle.ref)
    assert all(c.blind_salts is None for c in minutes.candidates)
    report = verify_pv(
        _signed(minutes, tmp_path, keys.MINES, keys.ALBERT),
        bundle=_verified(bundle, tmp_path, minutes),
    )
    assert report.verified, report.lines()
    assert "cannot be checked against the bundle's sealed commitments" in _match(report).message
