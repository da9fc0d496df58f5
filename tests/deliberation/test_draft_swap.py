"""The draft-swap hole (issue 11): a draft is sealed to its author's *public* box key, so
anyone with the session file can replace it with other scores that open with the author's
key. The seal must seal what the member saw: the desk passes the scores it showed, and the
service refuses a draft that differs (``draft-changed``), with nothing written."""

from __future__ import annotations

import sqlite3

from jury_desk.signing import envelope
from tests.deliberation.jury import events, open_signed_room, passphrase, refused, sheet

MEMBER, CANDIDATE = "m-albert-2", "C002"
SEEN = sheet(11.5, 12.5, 10.5)  # what the member typed and checked on screen
FORGED = sheet(19.5)


def swap_draft(path, member: str, candidate: str, scores: dict[str, float]) -> None:
    """The attacker: no key, only the file. Each criterion's envelope re-sealed to the
    member's public box key, in the draft's own context (session, candidate, member)."""
    conn = sqlite3.connect(path)
    session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    (box,) = conn.execute(
        "SELECT box_public FROM member_key WHERE member_id = ?", (member,)
    ).fetchone()
    (sheet_id,) = conn.execute(
        "SELECT id FROM sheet WHERE member_id = ? AND candidate_id = ?", (member, candidate)
    ).fetchone()
    for criterion, value in scores.items():
        where = envelope.sheet_context(session, candidate, member) | {"criterion": criterion}
        sealed = envelope.seal_json(bytes(box), envelope.DRAFT, where, value)
        conn.execute(
            "UPDATE draft_score SET envelope = ? WHERE sheet_id = ? AND criterion_id = ?",
            (sealed, sheet_id, criterion),
        )
    conn.commit()
    conn.close()


def test_a_draft_swapped_on_disk_is_refused_at_the_seal_and_nothing_is_sealed(tmp_path):
    r = open_signed_room(tmp_path)
    r.svc.save_draft(MEMBER, CANDIDATE, SEEN)
    drafts = r.svc.sign_in(MEMBER, passphrase(MEMBER)).drafts
    assert drafts == {CANDIDATE: SEEN}  # read back once, with the unlocked key
    swap_draft(r.svc.path, MEMBER, CANDIDATE, FORGED)
    # The swap works at the envelope level: the member's own key opens the forged values.
    assert r.svc.sign_in(MEMBER, passphrase(MEMBER)).drafts == {CANDIDATE: FORGED}
    error = refused(
        r.svc, "draft-changed", r.svc.seal, MEMBER, CANDIDATE, passphrase(MEMBER), seen=SEEN
    )
    assert CANDIDATE in str(error) and "sign in again" in str(error)
    assert not events(r.svc.path, "sheet-sealed")
    r.svc.close()


def test_the_seal_of_what_the_member_saw_goes_through(tmp_path):
    r = open_signed_room(tmp_path)
    r.svc.save_draft(MEMBER, CANDIDATE, SEEN)
    receipt = r.svc.seal(MEMBER, CANDIDATE, passphrase(MEMBER), seen=dict(SEEN))
    assert receipt.candidate_id == CANDIDATE
    assert r.svc.sign_in(MEMBER, passphrase(MEMBER)).drafts == {}  # sealed: no draft left
    r.svc.close()


def test_format_1_compares_the_stored_draft_too(tmp_path):
    from tests.deliberation.jury import open_room

    r = open_room(tmp_path)
    r.svc.save_draft(MEMBER, CANDIDATE, SEEN)
    conn = sqlite3.connect(r.svc.path)
    conn.execute("UPDATE sheet_score SET value = 19.5 WHERE criterion_id = 'academic'")
    conn.commit()
    conn.close()
    refused(r.svc, "draft-changed", r.svc.seal, MEMBER, CANDIDATE, passphrase(MEMBER), seen=SEEN)
    r.svc.close()


def test_the_read_model_names_who_may_act_and_who_may_record_a_renvoi(tmp_path):
    """The faces offer these names (notes, proposals, approval slots, the renvoi) and no
    other: a conflicted member is not among them; nobody free leaves the chair alone."""
    from tests.deliberation.jury import CHAIR, CONFLICTED_ON_C001, EVERYONE, open_room

    r = open_room(tmp_path)
    free = r.svc.candidate_detail(CHAIR, "C001")
    assert free.actors == tuple(m for m in EVERYONE if m != CONFLICTED_ON_C001)
    assert free.renvoi_authors == free.actors
    r.svc.close()

    (tmp_path / "alone").mkdir()
    alone = open_room(tmp_path / "alone", present=(CHAIR,))
    alone.svc.declare_conflict(CHAIR, CHAIR, "C002", "other", "")
    detail = alone.svc.candidate_detail(CHAIR, "C002")
    assert detail.actors == () and detail.renvoi_authors == (CHAIR,)
    alone.svc.close()


def test_scoring_waits_for_the_chair_only_when_the_bundle_pins_no_reveal_key(tmp_path):
    from tests.deliberation.jury import CHAIR, EVERYONE

    r = open_signed_room(tmp_path, present=EVERYONE[1:])
    assert r.svc.waits_for_reveal_key()  # the chair's first sign-in makes it
    r.svc.register_key(CHAIR, passphrase(CHAIR))
    assert not r.svc.waits_for_reveal_key()
    r.svc.close()
