"""No dead ends (DESIGN.md §3, issue 11 point 5): a conflict declared late by the only
scorer of an institution sends the candidate back to scoring; a candidate an institution
cannot deliberate is recorded as "non délibéré — renvoyé", approved by the institutions that
still can, and no longer holds the closing back. Every misuse is refused with nothing written.
"""

from __future__ import annotations

import json

import pytest

from jury_desk.bundle.verify import VerifiedBundle
from jury_desk.core.errors import MinutesError
from jury_desk.minutes.model import Minutes, minutes_bytes, parse_minutes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.minutes.verify import _bundle_checks
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.jury import CHAIR, events, open_room, passphrase, refused, sheet
from tests.minutes.poppler import page_texts

CP = passphrase(CHAIR)
REASON = "Aucun membre d'Albert School ne peut délibérer : renvoi au prochain jury."


def state(room, candidate: str, viewer: str = CHAIR) -> str:
    return next(r.state for r in room.svc.board(viewer).rows if r.candidate_id == candidate)


def tables_are_the_log(room) -> None:
    report, differences = check_session_file(room.svc.path)
    assert report.ok, report
    assert differences == [], [d.line() for d in differences]


@pytest.fixture
def revealed_c001(tmp_path):
    """Everyone present; C001 (m-albert-3 conflicted in the bundle) revealed with the sheets
    of both Mines members and m-albert-1 only: m-albert-2 had not sealed when the chair
    forced the reveal."""
    room = open_room(tmp_path)
    for member in ("m-mines-1", "m-mines-2", "m-mines-3", "m-albert-1"):
        room.seal(member, "C001", sheet(14))
    room.svc.force_reveal(CHAIR, "C001", CP)
    assert state(room, "C001") == "revealed"
    yield room
    room.svc.close()


def test_the_only_scorer_conflicted_after_the_reveal_sends_the_candidate_back(revealed_c001):
    room = revealed_c001
    room.svc.accept_rule_proposal(CHAIR, "C001")
    room.svc.declare_conflict("m-albert-1", "m-albert-1", "C001", "personal", "Cousin")
    assert state(room, "C001") == "scoring"
    (back,) = events(room.svc.path, "back-to-scoring")
    payload = json.loads(back[2])
    assert payload == {
        "candidate": "C001",
        "institutions": ["ALBERT"],
        "because": "conflict-declared",
        "member": "m-albert-1",
        "eligible": ["m-albert-2"],
    }
    # The rules' proposal went with the scores; the revealed scores are hidden again.
    detail = room.svc.candidate_detail("m-mines-2", "C001")
    assert (detail.revealed, detail.proposal, detail.sheets) == (False, None, ())
    assert detail.cannot_deliberate == {}
    # The member still eligible scores, and the candidate is revealed again with them.
    assert room.svc.candidate_detail("m-albert-2", "C001").own_status == "to-score"
    room.seal("m-albert-2", "C001", sheet(12))
    assert state(room, "C001") == "revealed"
    shown = {s.member_id for s in room.svc.candidate_detail(CHAIR, "C001").sheets}
    assert shown == {"m-mines-1", "m-mines-2", "m-mines-3", "m-albert-2"}
    tables_are_the_log(room)
    room.svc.accept_rule_proposal(CHAIR, "C001")
    assert room.approve_both("C001", albert="m-albert-2") is True
    assert state(room, "C001") == "final"


def test_a_sheet_revised_before_going_back_is_opened_as_sealed(revealed_c001):
    room = revealed_c001
    room.svc.revise("m-mines-2", "C001", sheet(16), "Relecture du dossier", passphrase("m-mines-2"))
    room.svc.declare_conflict(CHAIR, "m-albert-1", "C001", "other", "Signalé par la présidente")
    room.seal("m-albert-2", "C001", sheet(12))
    assert state(room, "C001") == "revealed"
    revealed = [json.loads(p) for _, _, p in events(room.svc.path, "candidate-revealed")]
    assert len(revealed) == 2 and {s["member"] for s in revealed[1]["sheets"]} == {
        "m-mines-1", "m-mines-2", "m-mines-3", "m-albert-2",
    }  # fmt: skip
    mines_2 = next(
        s for s in room.svc.candidate_detail(CHAIR, "C001").sheets if s.member_id == "m-mines-2"
    )
    assert mines_2.revision == 1 and mines_2.total == 16  # the revision stands
    tables_are_the_log(room)


def _all_albert_conflicted(room) -> None:
    """After the reveal, both eligible Albert members declare a conflict on C001."""
    room.svc.declare_conflict("m-albert-1", "m-albert-1", "C001", "personal", "Cousin")
    room.seal("m-albert-2", "C001", sheet(12))
    room.svc.declare_conflict("m-albert-2", "m-albert-2", "C001", "former_teacher", "")


def test_with_no_eligible_member_left_the_candidate_is_offered_non_delibere(revealed_c001):
    room = revealed_c001
    _all_albert_conflicted(room)
    assert state(room, "C001") == "scoring"
    detail = room.svc.candidate_detail(CHAIR, "C001")
    assert detail.cannot_deliberate == {"ALBERT": (0, 1)}
    # Nobody can seal for Albert, nor force the reveal.
    refused(room.svc, "conflicted", room.svc.seal, "m-albert-2", "C001", passphrase("m-albert-2"))
    refused(room.svc, "reveal-needs-both-institutions", room.svc.force_reveal, CHAIR, "C001", CP)
    # The renvoi, approved by Mines alone (Albert cannot), is final and closing is possible.
    room.svc.record_renvoi("m-mines-3", "C001", REASON, passphrase("m-mines-3"))
    assert state(room, "C001") == "proposed"
    row = next(r for r in room.svc.board("m-mines-2").rows if r.candidate_id == "C001")
    assert row.proposal is not None and row.proposal.decision == "not-deliberated"
    assert dict(row.proposal.approvers) == {"MINES": 1, "ALBERT": 0}
    assert dict(row.approvals_missing) == {"MINES": 1, "ALBERT": 0}
    assert room.svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2")) is True
    assert state(room, "C001") == "not-deliberated"
    for candidate in ("C002", "C003"):
        room.finalise(candidate)
    assert room.svc.board(CHAIR).ready_to_close
    room.svc.close_session(CHAIR, CP)
    tables_are_the_log(room)
    (made,) = [
        json.loads(p) for _, _, p in events(room.svc.path, "proposal-made")
        if json.loads(p)["decision"] == "not-deliberated"
    ]  # fmt: skip
    assert made["approvers"] == {"MINES": 1}
    assert made["unable"] == {"ALBERT": {"eligible": 0, "needed": 1}}
    assert made["justification"] == REASON


def test_an_absent_institution_and_the_member_who_comes_back(tmp_path, request):
    """Albert's only eligible member on C002 is absent: the renvoi needs Mines alone. When
    they come back they cannot approve in a slot the renvoi does not need, but they may
    object, and the candidate is deliberated after all."""
    room = open_room(tmp_path, present=("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"))
    request.addfinalizer(room.svc.close)
    for member in ("m-albert-1", "m-albert-2"):
        room.svc.declare_conflict(member, member, "C002", "sponsor", "Business case")
    assert room.svc.candidate_detail(CHAIR, "C002").cannot_deliberate == {"ALBERT": (0, 1)}
    room.svc.record_renvoi(CHAIR, "C002", REASON, CP)
    room.svc.check_in("m-albert-3")
    room.svc.set_passphrase("m-albert-3", passphrase("m-albert-3"))
    err = refused(
        room.svc, "slot-not-needed",
        room.svc.approve, "m-albert-3", "C002", "ALBERT", passphrase("m-albert-3"),
    )  # fmt: skip
    assert "object to the renvoi" in str(err)
    room.svc.raise_objection("m-albert-3", "C002", passphrase("m-albert-3"), "Je suis là.")
    assert state(room, "C002") == "scoring"
    err = refused(room.svc, "can-be-deliberated", room.svc.record_renvoi, CHAIR, "C002", REASON, CP)
    assert "ALBERT 1" in str(err)
    room.seal_all("C002", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C002")
    assert room.approve_both("C002", albert="m-albert-3") is True
    assert state(room, "C002") == "final"
    tables_are_the_log(room)


def test_a_renvoi_is_refused_where_it_does_not_apply(revealed_c001):
    room = revealed_c001
    svc, m3 = room.svc, passphrase("m-mines-3")
    err = refused(svc, "can-be-deliberated", svc.record_renvoi, "m-mines-3", "C002", REASON, m3)
    assert "C002 can still be deliberated" in str(err) and "MINES 3, ALBERT 3" in str(err)
    _all_albert_conflicted(room)
    refused(svc, "reason-required", svc.record_renvoi, "m-mines-3", "C001", "  ", m3)
    refused(svc, "text-invalid", svc.record_renvoi, "m-mines-3", "C001", "a\x00b", m3)
    refused(svc, "auth-failed", svc.record_renvoi, "m-mines-3", "C001", REASON, "wrong one")
    refused(
        svc, "conflicted", svc.record_renvoi, "m-albert-1", "C001", REASON, passphrase("m-albert-1")
    )
    refused(svc, "unknown-candidate", svc.record_renvoi, "m-mines-3", "C404", REASON, m3)
    svc.record_renvoi("m-mines-3", "C001", REASON, m3)
    refused(svc, "no-change", svc.record_renvoi, "m-mines-3", "C001", REASON, m3)
    refused(
        svc, "conflicted", svc.approve, "m-albert-1", "C001", "ALBERT", passphrase("m-albert-1")
    )
    svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    refused(svc, "slot-filled", svc.approve, "m-mines-3", "C001", "MINES", m3)
    for candidate in ("C002", "C003"):
        room.finalise(candidate)
    svc.close_session(CHAIR, CP)
    refused(svc, "closed", svc.record_renvoi, "m-mines-3", "C001", "Autre motif", m3)


def test_a_conflict_voiding_an_approval_of_a_renvoi_unsettles_it(revealed_c001):
    room = revealed_c001
    _all_albert_conflicted(room)
    room.svc.record_renvoi(CHAIR, "C001", REASON, CP)
    room.svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    assert state(room, "C001") == "not-deliberated"
    room.svc.declare_conflict("m-mines-2", "m-mines-2", "C001", "other", "Découvert tard")
    assert state(room, "C001") == "proposed"
    refused(room.svc, "not-final", room.svc.close_session, CHAIR, CP)
    room.svc.approve("m-mines-3", "C001", "MINES", passphrase("m-mines-3"))
    assert state(room, "C001") == "not-deliberated"
    tables_are_the_log(room)


@pytest.fixture
def closed_with_a_renvoi(revealed_c001):
    """C001 recorded as non délibéré (Albert all conflicted), approved by Mines; closed."""
    room = revealed_c001
    _all_albert_conflicted(room)
    room.svc.record_renvoi("m-mines-3", "C001", REASON, passphrase("m-mines-3"))
    room.svc.approve("m-mines-2", "C001", "MINES", passphrase("m-mines-2"))
    for candidate in ("C002", "C003"):
        room.finalise(candidate)
    room.svc.close_session(CHAIR, CP)
    return room


def test_the_minutes_and_the_pv_list_the_renvoi(closed_with_a_renvoi, tmp_path):
    room = closed_with_a_renvoi
    minutes = room.svc.minutes_data("fr")
    assert [c.id for c in minutes.candidates] == ["C002", "C003"]
    (renvoi,) = minutes.not_deliberated or []
    assert (renvoi.id, renvoi.reason, renvoi.recorded_by) == ("C001", REASON, "m-mines-3")
    assert renvoi.approvers == {"MINES": 1, "ALBERT": 0}
    assert [(a.member, a.institution) for a in renvoi.approvals] == [("m-mines-2", "MINES")]
    data = minutes_bytes(minutes)
    assert parse_minutes(data) == minutes  # minutes.json carries it, and reads back
    for lang, words in (
        ("fr", ("Candidats non délibérés — renvoyés", "Sans membre éligible présent",
                "non délibérés — renvoyés : 1.")),
        ("en", ("Candidates not deliberated — referred back", "No eligible member present",
                "not deliberated — referred back: 1.")),
    ):  # fmt: skip
        pdf = tmp_path / f"pv-{lang}.pdf"
        pdf.write_bytes(render_pv_bytes(room.svc.minutes_data(lang), lang=lang))
        text = " ".join(" ".join(page_texts(pdf)).split())
        for word in (*words, "Albert School", "Camille Lefèvre"):
            assert word in text, (lang, word)
        assert "renvoi au prochain jury" in text


@pytest.mark.parametrize(
    "forge",
    [
        lambda d: d["not_deliberated"][0]["approvers"].update(ALBERT=1),  # could deliberate
        lambda d: d["not_deliberated"][0].update(approvals=[]),
        lambda d: d["not_deliberated"][0]["approvals"][0].update(
            member="m-albert-1", institution="ALBERT"
        ),  # an approval from an institution that could not give one
        lambda d: d["not_deliberated"][0].update(reason=""),
        lambda d: d["not_deliberated"][0].update(id="C002"),  # deliberated and sent back
    ],
)
def test_minutes_with_a_forged_renvoi_are_refused(closed_with_a_renvoi, forge):
    room = closed_with_a_renvoi
    data = json.loads(minutes_bytes(room.svc.minutes_data("fr")))
    forge(data)
    with pytest.raises(MinutesError) as info:
        parse_minutes(json.dumps(data).encode())
    assert info.value.code == "minutes.schema"


def test_with_nobody_free_in_the_room_the_chair_records_the_renvoi_alone(room):
    """Every present voting member conflicted on C002 (and m-albert-3 absent): nobody could
    approve anything. The chair, conflicted too, records the renvoi; nobody else may."""
    room.svc.check_out("m-albert-3")
    for member in ("m-mines-1", "m-mines-2", "m-mines-3", "m-albert-1", "m-albert-2"):
        room.svc.declare_conflict(member, member, "C002", "other", "")
    assert room.svc.candidate_detail(CHAIR, "C002").cannot_deliberate == {
        "MINES": (0, 1), "ALBERT": (0, 1),
    }  # fmt: skip
    refused(
        room.svc, "conflicted",
        room.svc.record_renvoi, "m-mines-2", "C002", REASON, passphrase("m-mines-2"),
    )  # fmt: skip
    room.svc.record_renvoi(CHAIR, "C002", REASON, CP)
    assert state(room, "C002") == "not-deliberated"
    for candidate in ("C001", "C003"):
        room.finalise(candidate)
    room.svc.close_session(CHAIR, CP)
    tables_are_the_log(room)
    (renvoi,) = room.svc.minutes_data("en").not_deliberated or []
    assert (renvoi.approvers, renvoi.approvals, renvoi.recorded_by) == (
        {"MINES": 0, "ALBERT": 0}, [], CHAIR,
    )  # fmt: skip


def test_the_quorum_refusal_names_the_school_to_call_in(tmp_path, request):
    room = open_room(tmp_path, present=("m-mines-1", "m-mines-2", "m-albert-1"))
    request.addfinalizer(room.svc.close)
    err = refused(room.svc, "quorum", room.svc.save_draft, "m-mines-2", "C002", sheet(12))
    assert err.params == {"institutions": "Albert School"}
    assert "check in the members who arrive" in str(err)


def test_a_pv_with_a_renvoi_matches_its_bundle(closed_with_a_renvoi, tmp_path):
    """The bundle's candidates are the PV's deliberated ones plus its renvoyés: ``minutes
    verify --bundle`` (and ``archive add``) accept it, and still refuse a renvoyé that is
    not the bundle's."""
    room = closed_with_a_renvoi
    minutes = room.svc.minutes_data("fr")
    bundle = VerifiedBundle(
        tmp_path / "copy.jdbundle", minutes.bundle.sha256, room.manifest, b"",
        minutes.bundle.manifest_sha256, "", "",
    )  # fmt: skip
    match = {c.code: c for c in _bundle_checks(minutes, bundle)}["bundle.match"]
    assert match.ok, match.message
    data = minutes.model_dump(mode="json")
    data["not_deliberated"][0]["name"] = "Quelqu'un d'autre"
    other = {c.code: c for c in _bundle_checks(Minutes.model_validate(data), bundle)}
    assert other["bundle.match"].ok is False
    assert "candidates differ" in other["bundle.match"].message
