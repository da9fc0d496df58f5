"""A sealed sheet: blind until the reveal key opens it, bound to its commitment; receipts."""

from __future__ import annotations

import dataclasses

import pytest

from jury_desk.signing import envelope, sheet
from jury_desk.signing.envelope import EnvelopeError
from jury_desk.store.audit import sheet_commitment

SESSION = "5e" * 32
SCORES = {"academic": 16.5, "motivation": 12.0, "project": 9.5}


@pytest.fixture
def reveal():
    return envelope.new_reveal_key()


def sealed_for(reveal, member="m-albert-2", candidate="ADM-16", scores=SCORES):
    return sheet.seal_sheet(envelope.public_bytes(reveal), SESSION, candidate, member, scores)


def test_a_sealed_sheet_holds_no_score_in_clear_and_opens_to_its_commitment(reveal):
    sealed = sealed_for(reveal)
    for clear in (b"16.5", b"academic", b"m-albert-2", b"ADM-16"):
        assert clear not in sealed.envelope
    opened = sheet.open_sheet(reveal, SESSION, "ADM-16", "m-albert-2", sealed)
    assert opened.scores == SCORES
    assert sheet_commitment(opened.salt, "ADM-16", "m-albert-2", SCORES) == sealed.commitment
    # Two seals of the same scores differ (fresh salt, fresh HPKE key): nothing to compare.
    again = sealed_for(reveal)
    assert again.commitment != sealed.commitment and again.envelope != sealed.envelope


def test_the_wrong_reveal_key_opens_nothing(reveal):
    sealed = sealed_for(reveal)
    with pytest.raises(EnvelopeError, match="does not open with this key"):
        sheet.open_sheet(envelope.new_reveal_key(), SESSION, "ADM-16", "m-albert-2", sealed)


def test_a_sheet_swapped_under_a_commitment_is_refused(reveal):
    """A forger holding the reveal *public* key (it is in the log) seals other scores and
    puts them under the genuine commitment: the opening does not match it."""
    genuine = sealed_for(reveal)
    forged = sealed_for(reveal, scores={**SCORES, "academic": 20.0})
    swapped = dataclasses.replace(forged, commitment=genuine.commitment)
    with pytest.raises(EnvelopeError, match="does not match its commitment"):
        sheet.open_sheet(reveal, SESSION, "ADM-16", "m-albert-2", swapped)


def test_a_sheet_moved_to_another_member_or_candidate_is_refused(reveal):
    sealed = sealed_for(reveal)
    for candidate, member in (("ADM-17", "m-albert-2"), ("ADM-16", "m-albert-1")):
        with pytest.raises(EnvelopeError):
            sheet.open_sheet(reveal, SESSION, candidate, member, sealed)
