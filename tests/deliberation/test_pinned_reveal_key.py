"""The chair's reveal key pinned in the bundle (``session.reveal_key``, issue 11 for issue
12): members seal before the chair has signed in, the chair's own key opens the sheets,
and a reveal key the chair's key does not open, or did not sign, is refused."""

from __future__ import annotations

import sqlite3

import pytest
from pydantic import ValidationError

from jury_desk.bundle.manifest import Manifest
from jury_desk.cli import main
from jury_desk.signing import member_key, reveal_pin
from jury_desk.signing.reveal_pin import RevealPin
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    EVERYONE,
    MINES,
    open_signed_room,
    passphrase,
    refused,
    sheet,
)
from tests.factories import manifest_dict


@pytest.fixture(scope="module")
def keys():
    """Each member's key pair, as ``member keygen`` makes it: (key, encrypted file text)."""
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


def pinned(keys, pin: RevealPin | None) -> Manifest:
    data = manifest_dict("admission", n_candidates=3)
    for member in data["session"]["members"]:
        member["public_key"] = keys[member["id"]][0].public_key().to_base64()
    if pin is not None:
        data["session"]["reveal_key"] = pin.fields()
    return Manifest.model_validate(data)


def texts(keys) -> dict[str, str]:
    return {m: text for m, (_, text) in keys.items()}


def test_members_seal_before_the_chair_signs_in_and_the_chairs_key_opens(tmp_path, keys, capsys):
    manifest = pinned(keys, reveal_pin.make_pin(keys[CHAIR][0]))
    r = open_signed_room(tmp_path, manifest=manifest, present=MINES[1:] + ALBERT,
                         secret_keys=texts(keys))  # fmt: skip
    scorers = r.eligible("C001")
    assert not r.svc.waits_for_reveal_key()  # the lobby does not tell them to wait
    for i, member in enumerate(scorers):
        r.seal(member, "C001", sheet(10 + i))  # the chair has no key in this session yet
    conn = sqlite3.connect(r.svc.path)
    assert conn.execute("SELECT count(*) FROM reveal_key").fetchone() == (0,)  # none made
    conn.close()
    svc = r.svc
    svc.register_key(CHAIR, passphrase(CHAIR), keys[CHAIR][1])
    svc.check_in(CHAIR, passphrase=passphrase(CHAIR))
    r.seal(CHAIR, "C001", sheet(9))
    scorers.append(CHAIR)
    assert svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C001",)
    detail = svc.candidate_detail(CHAIR, "C001")
    totals = {s.member_id: s.total for s in detail.sheets}
    assert totals == {m: pytest.approx(10 + i) for i, m in enumerate(scorers[:-1])} | {
        CHAIR: pytest.approx(9)
    }
    report, differences = check_session_file(svc.path)  # what audit verify runs
    assert report.ok and differences == []
    svc.close()
    assert main(["audit", "verify", str(svc.path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Reveal key: pinned by the bundle (made with the chair's key, outside the room)." in out
    assert not any("made in the room" in line for line in out)
    assert main(["audit", "verify", "--lang", "fr", str(svc.path)]) == 0
    assert "Clé d'ouverture des plis : épinglée par le bundle" in capsys.readouterr().out


def test_a_chair_key_that_does_not_open_the_pinned_reveal_key_is_refused(tmp_path, keys):
    chair = keys[CHAIR][0]
    stranger = member_key.box_public(member_key.new_key("x", "another passphrase")[0])
    forged = RevealPin(stranger, chair.sign_raw(b"jury-desk/reveal-key-pin/1\x00" + stranger))
    assert forged.made_by(chair.public_key()) and not forged.opened_by(chair)
    r = open_signed_room(tmp_path, manifest=pinned(keys, forged), present=MINES[1:] + ALBERT,
                         secret_keys=texts(keys))  # fmt: skip
    error = refused(r.svc, "key-not-pinned", r.svc.register_key, CHAIR, passphrase(CHAIR),
                    keys[CHAIR][1])  # fmt: skip
    assert "reveal key" in str(error)
    r.svc.close()


def test_a_reveal_key_the_chair_did_not_sign_is_refused_by_the_schema(keys):
    other = reveal_pin.make_pin(keys[ALBERT[0]][0])  # a member's, not the chair's
    with pytest.raises(ValidationError, match="reveal_key is not signed by the chair"):
        pinned(keys, other)


def test_a_reveal_key_without_the_members_keys_pinned_is_refused(keys):
    data = manifest_dict("admission", n_candidates=3)
    data["session"]["reveal_key"] = reveal_pin.make_pin(keys[CHAIR][0]).fields()
    with pytest.raises(ValidationError, match="needs the chair's public_key pinned too"):
        Manifest.model_validate(data)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"public": "AAAA", "signature": "AAAA"}, "32 bytes"),
        ({"public": "not base64!", "signature": ""}, "base64"),
        ({"public": "", "signature": "", "extra": ""}, "Extra inputs are not permitted"),
    ],
)
def test_a_malformed_reveal_key_is_refused_by_the_schema(keys, fields, words):
    data = manifest_dict("admission", n_candidates=3)
    for member in data["session"]["members"]:
        member["public_key"] = keys[member["id"]][0].public_key().to_base64()
    data["session"]["reveal_key"] = fields
    with pytest.raises(ValidationError, match=words):
        Manifest.model_validate(data)
