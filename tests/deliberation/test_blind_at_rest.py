"""Blind at rest (DESIGN.md §3) in a signed session: the raw file of a half-scored session,
read as a member sharing the laptop would (``sqlite3``), holds no unrevealed score, total
or mean; the chair's key opens the sheets at the reveal, and a moved sheet does not open."""

from __future__ import annotations

import sqlite3

import pytest

from jury_desk.core.errors import RuleError
from jury_desk.core.scoring import member_total
from jury_desk.signing.envelope import EnvelopeError
from jury_desk.store.audit import verify_chain
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.jury import (
    ALBERT,
    CHAIR,
    EVERYONE,
    events,
    open_signed_room,
    passphrase,
    refused,
    sheet,
    snapshot,
)

#: Scores nobody else uses, so that finding their digits anywhere in the file means a leak.
SECRET = {"academic": 17.5, "motivation": 13.5, "project": 11.5}


def dump(path) -> str:
    """Everything the file holds, as text (blobs in hex and in base64 both)."""
    conn = sqlite3.connect(path)
    lines = list(conn.iterdump())
    conn.close()
    return "\n".join(lines)


@pytest.fixture
def half_scored(tmp_path):
    r = open_signed_room(tmp_path)
    for member in ("m-mines-2", "m-albert-1"):
        r.seal(member, "C002", SECRET)
    r.svc.save_draft("m-albert-2", "C002", {"academic": 17.5, "project": 11.5})
    yield r
    r.svc.close()


def test_the_raw_file_of_a_half_scored_session_holds_no_score_total_or_mean(half_scored):
    path = half_scored.svc.path
    text = dump(path)
    for value in ("17.5", "13.5", "11.5"):
        assert value not in text
    total = member_total(SECRET, half_scored.manifest.session.rubric)
    assert str(total) not in text
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sheet_score").fetchone() == (0,)
    assert conn.execute(
        "SELECT count(*) FROM sheet WHERE salt IS NOT NULL OR total IS NOT NULL"
    ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM draft_score").fetchone() == (2,)
    means, overall = conn.execute(
        "SELECT means, overall FROM tally WHERE candidate_id = 'C002'"
    ).fetchone()
    sealed = conn.execute("SELECT sealed_members FROM tally WHERE candidate_id = 'C002'").fetchone()
    conn.close()
    assert (means, overall) == ('{"ALBERT":null,"MINES":null}', None)
    assert sealed == ('["m-albert-1","m-mines-2"]',)  # who sealed is in the log anyway
    # The file still verifies, blind sheets and all.
    assert check_session_file(path)[1] == []


def test_scoring_opens_only_once_the_chair_has_registered(tmp_path):
    r = open_signed_room(tmp_path, present=())
    for member in EVERYONE[1:]:
        r.svc.register_key(member, passphrase(member))
        r.svc.check_in(member, passphrase=passphrase(member))
    error = refused(r.svc, "reveal-key-missing", r.svc.save_draft, "m-mines-2", "C002", sheet(12))
    assert "chair" in str(error)
    r.svc.register_key(CHAIR, passphrase(CHAIR))
    r.svc.save_draft("m-mines-2", "C002", sheet(12))
    r.svc.close()


def test_the_chairs_reveal_opens_the_sheets_and_checks_their_commitments(half_scored):
    r = half_scored
    r.seal("m-albert-2", "C002", SECRET)
    for member in r.eligible("C002"):
        if member not in ("m-mines-2", "m-albert-1", "m-albert-2"):
            r.seal(member, "C002", sheet(14))
    assert r.svc.open_ready(CHAIR, passphrase(CHAIR)) == ("C002",)
    detail = r.svc.candidate_detail(CHAIR, "C002")
    assert detail.reconciliation.overall is not None
    ((_, _, payload),) = events(r.svc.path, "candidate-revealed")
    assert '"academic":17.5' in payload  # the reveal opens them in the log, as format 1 does
    assert check_session_file(r.svc.path) == (verify_chain(r.svc.path), [])


def test_a_sheet_moved_to_another_member_does_not_open(half_scored):
    r = half_scored
    for member in r.eligible("C002"):
        if member not in ("m-mines-2", "m-albert-1"):
            r.seal(member, "C002", sheet(14))
    conn = sqlite3.connect(r.svc.path)
    envelope = conn.execute(
        "SELECT envelope FROM sheet WHERE member_id = 'm-mines-2' AND candidate_id = 'C002'"
    ).fetchone()[0]
    conn.execute(
        "UPDATE sheet SET envelope = ? WHERE member_id = 'm-albert-1' AND candidate_id = 'C002'",
        (envelope,),
    )
    conn.commit()
    conn.close()
    report, differences = check_session_file(r.svc.path)
    assert "row C002/m-albert-1: not what the log's acts make (envelope)" in differences[0].line()
    before, head = snapshot(r.svc.path), r.svc.audit_head()
    with pytest.raises(EnvelopeError, match="does not open"):
        r.svc.open_ready(CHAIR, passphrase(CHAIR))
    assert (snapshot(r.svc.path), r.svc.audit_head()) == (before, head)


def test_only_the_chairs_key_opens_the_reveal_key(half_scored):
    r = half_scored
    for member in r.eligible("C002"):
        if member not in ("m-mines-2", "m-albert-1"):
            r.seal(member, "C002", sheet(14))
    with pytest.raises(RuleError) as info:
        r.svc.open_ready(ALBERT[0], passphrase(ALBERT[0]))
    assert info.value.code == "not-chair"


def test_a_draft_is_read_back_only_with_its_authors_key(half_scored):
    """The seal opens the draft with the author's key: a draft sealed to another member's
    box key (moved in the file) stops the seal, with nothing written."""
    r = half_scored
    r.svc.save_draft("m-mines-3", "C002", sheet(9))
    conn = sqlite3.connect(r.svc.path)
    ids = dict(conn.execute("SELECT member_id, id FROM sheet WHERE candidate_id = 'C002'"))
    conn.execute("DELETE FROM draft_score WHERE sheet_id = ?", (ids["m-mines-3"],))
    conn.execute(
        "UPDATE draft_score SET sheet_id = ? WHERE sheet_id = ?",
        (ids["m-mines-3"], ids["m-albert-2"]),
    )
    conn.commit()
    conn.close()
    before, head = snapshot(r.svc.path), r.svc.audit_head()
    with pytest.raises(EnvelopeError):
        r.svc.seal("m-mines-3", "C002", passphrase("m-mines-3"))
    assert (snapshot(r.svc.path), r.svc.audit_head()) == (before, head)
