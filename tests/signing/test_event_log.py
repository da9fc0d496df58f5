"""The signed event log, attacked as a forger would: no key, a throwaway key, another
member's key, replays, reorders, moves between sessions, a replaced pinned key."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle.minisign import SecretKey
from jury_desk.signing import event_log
from jury_desk.signing.event_log import Event, LogError, LogVerifier, make_event

AT = "2026-09-15T08:00:00+00:00"
MEMBERS = ("m-mines-1", "m-albert-1")


@pytest.fixture(scope="module")
def keys() -> dict[str, SecretKey]:
    return {m: SecretKey.generate() for m in MEMBERS}


def created(nonce: str = "n1") -> Event:
    payload = {"bundle_sha256": "0" * 64, "nonce": nonce}
    return make_event(None, AT, event_log.NOBODY, event_log.KIND_CREATED, payload, None)


def build(keys: dict[str, SecretKey], *, pinned: bool, nonce: str = "n1") -> list[Event]:
    events = [created(nonce)]
    for member in MEMBERS:
        reg = event_log.key_registration(member, keys[member], pinned=pinned)
        events.append(make_event(events[-1], AT, member, event_log.KIND_KEY, reg, keys[member]))
    for member, kind, payload in [
        ("m-mines-1", "checked-in", {"member": "m-mines-1"}),
        ("m-albert-1", "checked-in", {"member": "m-albert-1"}),
        ("m-albert-1", "sheet-sealed", {"candidate": "ADM-16", "commitment": "ab" * 32}),
        ("m-mines-1", "note-added", {"candidate": "ADM-16", "text": "vu"}),
    ]:
        events.append(make_event(events[-1], AT, member, kind, payload, keys[member]))
    return events


def roster(keys: dict[str, SecretKey], *, pinned: bool):
    return {m: (keys[m].public_key() if pinned else None) for m in MEMBERS}


@pytest.mark.parametrize("pinned", [True, False], ids=["pinned", "room-registered"])
def test_an_honest_log_verifies_and_names_its_keys(keys, pinned):
    events = build(keys, pinned=pinned)
    report = event_log.verify_events(events, roster(keys, pinned=pinned))
    assert report.ok, report.reason
    assert (report.length, report.head_hash) == (len(events), events[-1].hash)
    assert report.session == events[0].hash
    assert {m: k.pinned for m, k in report.keys.items()} == {m: pinned for m in MEMBERS}
    # The stored rows verify the same way (the session id is implied by the first row).
    again = event_log.verify_rows([e.row() for e in events], roster(keys, pinned=pinned))
    assert (again.ok, again.head_hash) == (True, report.head_hash)


def bad(events, keys, *, pinned=True):
    report = event_log.verify_events(events, roster(keys, pinned=pinned))
    assert not report.ok
    return report


def test_an_event_signed_with_another_members_key_is_refused(keys):
    events = build(keys, pinned=True)
    last = events[-1]
    forged = make_event(events[-2], AT, "m-mines-1", "note-added", last.payload, keys["m-albert-1"])
    report = bad([*events[:-1], forged], keys)
    assert (report.first_bad_seq, report.length) == (last.seq, last.seq - 1)
    assert "signature is not m-mines-1's" in (report.reason or "")


def test_a_forger_with_no_key_rewriting_the_chain_is_refused(keys):
    """Raise a sealed score's commitment, then recompute every hash after it: no key needed
    for the hashes, but the signatures no longer cover them."""
    events = build(keys, pinned=True)
    target = next(i for i, e in enumerate(events) if e.kind == "sheet-sealed")
    rewritten = events[:target]
    for original in events[target:]:
        payload = dict(original.payload)
        if original.kind == "sheet-sealed":
            payload["commitment"] = "cd" * 32
        moved = dataclasses.replace(original, payload=payload, prev_hash=rewritten[-1].hash)
        digest = event_log.chain_hash(moved.prev_hash, moved.body())
        rewritten.append(dataclasses.replace(moved, hash=digest))
    report = bad(rewritten, keys)
    assert report.first_bad_seq == events[target].seq
    assert "signature" in (report.reason or "")
    # Stripping the signatures instead is refused too: only the creation is unsigned.
    unsigned = [*events[:target], dataclasses.replace(rewritten[target], signature=None)]
    assert "not signed" in (bad(unsigned, keys).reason or "")


def test_a_forger_with_a_throwaway_key_cannot_act_as_a_pinned_member(keys):
    throwaway = SecretKey.generate()
    events = build(keys, pinned=True)
    forged = make_event(events[-1], AT, "m-albert-1", "note-added", {"t": "x"}, throwaway)
    assert "signature is not m-albert-1's" in (bad([*events, forged], keys).reason or "")
    # Nor register it in a rewritten log: the bundle pins another key.
    reg = event_log.key_registration("m-albert-1", throwaway, pinned=True)
    fake = make_event(events[1], AT, "m-albert-1", event_log.KIND_KEY, reg, throwaway)
    assert "not the one the bundle pins" in (bad([*events[:2], fake], keys).reason or "")


def test_a_pinned_key_replaced_in_the_file_is_refused(keys):
    events = build(keys, pinned=True)
    other = SecretKey.generate()
    reg = event_log.key_registration("m-mines-1", other, pinned=True)
    replaced = make_event(events[0], AT, "m-mines-1", event_log.KIND_KEY, reg, other)
    report = bad([events[0], replaced], keys)
    assert (report.first_bad_seq, "not the one the bundle pins" in report.reason) == (2, True)


def test_a_second_registration_and_a_registration_for_someone_else_are_refused(keys):
    events = build(keys, pinned=False)
    again = event_log.key_registration("m-mines-1", SecretKey.generate(), pinned=False)
    extra = make_event(events[-1], AT, "m-mines-1", event_log.KIND_KEY, again, keys["m-mines-1"])
    assert "second key" in (bad([*events, extra], keys, pinned=False).reason or "")
    for_other = event_log.key_registration("m-albert-1", keys["m-mines-1"], pinned=False)
    first = make_event(events[0], AT, "m-mines-1", event_log.KIND_KEY, for_other, keys["m-mines-1"])
    assert "for someone else" in (bad([events[0], first], keys, pinned=False).reason or "")
    unpinned_claim = event_log.key_registration("m-mines-1", keys["m-mines-1"], pinned=True)
    lie = make_event(
        events[0], AT, "m-mines-1", event_log.KIND_KEY, unpinned_claim, keys["m-mines-1"]
    )
    assert "misstates" in (bad([events[0], lie], keys, pinned=False).reason or "")


def test_acts_before_a_key_or_by_a_stranger_are_refused(keys):
    events = build(keys, pinned=True)
    early = make_event(events[0], AT, "m-mines-1", "checked-in", {}, keys["m-mines-1"])
    assert "before registering" in (bad([events[0], early], keys).reason or "")
    stranger = make_event(events[-1], AT, "m-stranger", "checked-in", {}, SecretKey.generate())
    assert "not a member" in (bad([*events, stranger], keys).reason or "")


def test_a_replayed_event_is_refused(keys):
    events = build(keys, pinned=True)
    copy = events[3]  # a valid, signed check-in, appended again as it is
    report = bad([*events, copy], keys)
    assert report.first_bad_seq == copy.seq and report.length == len(events)
    # Renumbered and relinked, its hash changes and its signature no longer covers it.
    relinked = dataclasses.replace(copy, seq=len(events) + 1, prev_hash=events[-1].hash)
    relinked = dataclasses.replace(
        relinked, hash=event_log.chain_hash(relinked.prev_hash, relinked.body())
    )
    assert "signature" in (bad([*events, relinked], keys).reason or "")


def test_reordered_events_are_refused(keys):
    events = build(keys, pinned=True)
    swapped = [*events[:4], events[5], events[4], *events[6:]]
    report = bad(swapped, keys)
    assert report.first_bad_seq == events[5].seq and report.length == 4


def test_an_event_moved_from_another_session_is_refused(keys):
    here, there = build(keys, pinned=True, nonce="here"), build(keys, pinned=True, nonce="there")
    assert here[0].hash != there[0].hash
    moved = dataclasses.replace(there[-1], prev_hash=here[-2].hash)
    report = bad([*here[:-1], moved], keys)
    assert report.first_bad_seq == moved.seq and "another session" in (report.reason or "")
    # Claiming this session instead changes the hash its signature covers.
    claimed = dataclasses.replace(moved, session=here[0].hash)
    claimed = dataclasses.replace(
        claimed, hash=event_log.chain_hash(claimed.prev_hash, claimed.body())
    )
    assert "signature" in (bad([*here[:-1], claimed], keys).reason or "")


def test_only_the_creation_is_unsigned_and_only_first(keys):
    events = build(keys, pinned=True)
    second = make_event(events[-1], AT, event_log.NOBODY, event_log.KIND_CREATED, {}, None)
    assert "only the session's creation" in (bad([*events, second], keys).reason or "")
    nobody = make_event(events[-1], AT, event_log.NOBODY, "session-closed", {}, None)
    assert "only the session's creation" in (bad([*events, nobody], keys).reason or "")
    headless = make_event(None, AT, "m-mines-1", "checked-in", {}, keys["m-mines-1"])
    assert "does not begin" in (bad([headless], keys).reason or "")


def test_a_check_that_fails_changes_nothing_and_the_hook_sees_accepted_events(keys):
    events = build(keys, pinned=True)
    seen: list[int] = []

    def rules(event: Event) -> None:
        if event.kind == "note-added":
            raise LogError(event.seq, "a note before any reveal is not allowed")
        seen.append(event.seq)

    verifier = LogVerifier(roster(keys, pinned=True), rules)
    for event in events[:-1]:
        verifier.check(event)
    state = (verifier.head, verifier.length, dict(verifier.keys))
    with pytest.raises(LogError, match="before any reveal"):
        verifier.check(events[-1])
    assert (verifier.head, verifier.length, dict(verifier.keys)) == state
    assert seen == [e.seq for e in events[:-1]]


@given(st.data())
def test_any_single_change_to_a_stored_row_is_refused(keys, data):
    events = build(keys, pinned=True)
    rows = [list(e.row()) for e in events]
    index = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.integers(0, 7))
    value = rows[index][column]
    if isinstance(value, int):
        rows[index][column] = value + data.draw(st.integers(1, 3))
    elif value is None:
        rows[index][column] = "AAAA"
    else:
        rows[index][column] = value + data.draw(st.sampled_from([" ", "0", "x"]))
    report = event_log.verify_rows([tuple(r) for r in rows], roster(keys, pinned=True))
    assert not report.ok and report.first_bad_seq is not None
    assert report.first_bad_seq <= index + 1 or column == 0
