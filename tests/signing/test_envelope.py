"""Sealed envelopes: what is sealed opens only with the right key, purpose and place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.signing import envelope, member_key
from jury_desk.signing.envelope import EnvelopeError
from jury_desk.signing.member_key import FAST_FOR_TESTS

SESSION = "a" * 64
SHEET = {"salt": "00" * 16, "scores": {"academic": 15.5, "motivation": 12.0}}


@pytest.fixture(scope="module")
def chair():
    return member_key.new_key("chair", "chair passphrase", FAST_FOR_TESTS)[0]


@pytest.fixture(scope="module")
def member():
    return member_key.new_key("member", "member passphrase", FAST_FOR_TESTS)[0]


def test_a_sealed_sheet_opens_with_the_reveal_key_only():
    reveal, other = envelope.new_reveal_key(), envelope.new_reveal_key()
    where = envelope.sheet_context(SESSION, "ADM-16", "m-albert-2")
    sealed = envelope.seal_json(envelope.public_bytes(reveal), envelope.SHEET, where, SHEET)
    assert b"15.5" not in sealed and b"academic" not in sealed
    assert envelope.open_json(reveal, envelope.SHEET, where, sealed) == SHEET
    with pytest.raises(EnvelopeError, match="does not open with this key"):
        envelope.open_json(other, envelope.SHEET, where, sealed)


@pytest.mark.parametrize(
    "moved",
    [
        envelope.sheet_context(SESSION, "ADM-17", "m-albert-2"),  # another candidate
        envelope.sheet_context(SESSION, "ADM-16", "m-albert-1"),  # another member
        envelope.sheet_context("b" * 64, "ADM-16", "m-albert-2"),  # another session
    ],
    ids=["candidate", "member", "session"],
)
def test_an_envelope_moved_elsewhere_does_not_open(moved):
    reveal = envelope.new_reveal_key()
    where = envelope.sheet_context(SESSION, "ADM-16", "m-albert-2")
    sealed = envelope.seal_json(envelope.public_bytes(reveal), envelope.SHEET, where, SHEET)
    with pytest.raises(EnvelopeError):
        envelope.open_json(reveal, envelope.SHEET, moved, sealed)
    # Nor as another kind of envelope at the same place.
    with pytest.raises(EnvelopeError):
        envelope.open_json(reveal, envelope.DRAFT, where, sealed)


def test_a_draft_opens_with_its_authors_key_only(member, chair):
    where = envelope.sheet_context(SESSION, "ADM-01", "m-mines-2")
    sealed = envelope.seal_json(member_key.box_public(member), envelope.DRAFT, where, SHEET)
    assert envelope.open_json(member_key.box_key(member), envelope.DRAFT, where, sealed) == SHEET
    with pytest.raises(EnvelopeError):
        envelope.open_json(member_key.box_key(chair), envelope.DRAFT, where, sealed)


def test_the_reveal_key_is_wrapped_for_the_chair_and_this_session_only(chair, member):
    reveal = envelope.new_reveal_key()
    wrapped = envelope.wrap_reveal_key(reveal, member_key.box_public(chair), SESSION)
    assert reveal.private_bytes_raw() not in wrapped
    opened = envelope.unwrap_reveal_key(member_key.box_key(chair), SESSION, wrapped)
    assert opened.private_bytes_raw() == reveal.private_bytes_raw()
    with pytest.raises(EnvelopeError):
        envelope.unwrap_reveal_key(member_key.box_key(member), SESSION, wrapped)
    with pytest.raises(EnvelopeError):
        envelope.unwrap_reveal_key(member_key.box_key(chair), "c" * 64, wrapped)


@given(st.binary(max_size=200), st.integers(min_value=0))
def test_any_altered_envelope_is_refused(noise, where):
    reveal = envelope.new_reveal_key()
    ctx = envelope.sheet_context(SESSION, "ADM-1", "m-1")
    sealed = bytearray(envelope.seal_json(envelope.public_bytes(reveal), envelope.SHEET, ctx, 1))
    if noise:
        index = where % len(sealed)
        sealed[index] ^= noise[0] or 1
    else:
        sealed = sealed[: where % len(sealed)]
    with pytest.raises(EnvelopeError):
        envelope.open_json(reveal, envelope.SHEET, ctx, bytes(sealed))


def test_a_bad_recipient_key_is_a_plain_error():
    with pytest.raises(EnvelopeError, match="32-byte X25519"):
        envelope.seal(b"short", envelope.SHEET, {}, b"x")
