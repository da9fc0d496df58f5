"""Who sees what: blind scoring, the reveal (automatic or forced), conflicts, blind fields."""

from __future__ import annotations

import json

from tests.deliberation.jury import (
    CHAIR,
    CONFLICTED_ON_C001,
    EVERYONE,
    events,
    open_room,
    passphrase,
    refused,
    sheet,
)


def _row(room, viewer, candidate):
    return next(r for r in room.svc.board(viewer).rows if r.candidate_id == candidate)


def test_before_the_reveal_nobody_sees_any_score_not_even_the_chair(room):
    for member in EVERYONE[:-1]:  # everyone but m-albert-3 seals C002
        room.seal(member, "C002", sheet(10 + EVERYONE.index(member)))
    for viewer in EVERYONE:
        row = _row(room, viewer, "C002")
        assert (row.state, row.scores_visible, row.reconciliation, row.proposal) == (
            "scoring",
            False,
            None,
            None,
        )
        assert (row.sealed, row.expected) == (5, 6)
        detail = room.svc.candidate_detail(viewer, "C002")
        assert (detail.sheets, detail.reconciliation, detail.rule_proposal) == ((), None, None)
        # Only their own scores, in their worklist and detail.
        own = room.svc.worklist(viewer)[1].scores
        expected = sheet(10 + EVERYONE.index(viewer)) if viewer != "m-albert-3" else {}
        assert dict(own) == expected and dict(detail.own_scores) == expected
    refused(room.svc, "not-revealed", room.svc.rule_proposal, CHAIR, "C002")


def test_after_the_reveal_every_non_conflicted_viewer_sees_the_sheets(room):
    room.seal_each("C002", {m: sheet(10 + i) for i, m in enumerate(EVERYONE)})
    detail = room.svc.candidate_detail("m-albert-1", "C002")
    assert [(s.member_id, s.total) for s in detail.sheets] == sorted(
        (m, 10.0 + i) for i, m in enumerate(EVERYONE)
    )
    rec = detail.reconciliation
    assert dict(rec.institution_means) == {"MINES": 11.0, "ALBERT": 14.0}
    assert (rec.overall, rec.gap, rec.spread, rec.flags) == (12.5, 3.0, 5.0, ())
    assert _row(room, CHAIR, "C002").reconciliation == rec


def test_a_conflicted_member_never_sees_that_candidates_scores(room):
    room.seal_all("C001", sheet(15))
    room.svc.accept_rule_proposal(CHAIR, "C001")
    viewer = CONFLICTED_ON_C001
    row = _row(room, viewer, "C001")
    assert (row.state, row.viewer_conflicted, row.scores_visible) == ("proposed", True, False)
    assert (row.reconciliation, row.proposal) == (None, None)
    detail = room.svc.candidate_detail(viewer, "C001")
    assert (detail.sheets, detail.reconciliation, detail.notes, detail.revisions) == (
        (),
        None,
        (),
        (),
    )
    assert (detail.proposal, detail.rule_proposal, detail.own_status) == (None, None, "conflicted")
    refused(room.svc, "conflicted", room.svc.rule_proposal, viewer, "C001")
    assert _row(room, "m-albert-2", "C001").reconciliation is not None


def test_blind_fields_are_hidden_until_the_reveal(tmp_path):
    r = open_room(tmp_path, kind="graduation")
    detail = r.svc.candidate_detail("m-mines-2", "C002")
    assert detail.scholarship is None  # the default blind field
    assert detail.record is not None and len(detail.eligibility) == 3
    r.seal_all("C002", sheet(14))
    assert r.svc.candidate_detail("m-mines-2", "C002").scholarship is False
    r.svc.close()


def test_every_blind_field_is_hidden_from_every_face(tmp_path):
    """A bundle from before names were sealed (its names in clear, listed as blind): the
    faces still hide them until the reveal."""
    from jury_desk.bundle.manifest import Manifest
    from tests.factories import manifest_dict

    d = manifest_dict("graduation", n_candidates=2)
    d["session"]["blind_fields"] = ["scholarship", "name"]
    r = open_room(tmp_path, manifest=Manifest.model_validate(d))
    detail = r.svc.candidate_detail(CHAIR, "C002")
    assert (detail.name, detail.scholarship) == (None, None)
    assert detail.record is not None and detail.documents  # read to score: never blind
    assert r.svc.worklist(CHAIR)[1].name is None
    assert _row(r, CHAIR, "C002").name is None
    r.seal_all("C002", sheet(14))
    detail = r.svc.candidate_detail(CHAIR, "C002")
    assert detail.name == "Yasmine Benali" and detail.scholarship is False
    r.svc.close()


def test_the_chair_may_force_the_reveal_once_each_institution_has_sealed(room):
    cp = passphrase(CHAIR)
    room.seal("m-mines-2", "C002", sheet(12))
    refused(room.svc, "reveal-needs-both-institutions", room.svc.force_reveal, CHAIR, "C002", cp)
    room.seal("m-albert-1", "C002", sheet(14))
    mp = passphrase("m-mines-2")
    refused(room.svc, "not-chair", room.svc.force_reveal, "m-mines-2", "C002", mp)
    refused(room.svc, "auth-failed", room.svc.force_reveal, CHAIR, "C002", "wrong phrase")
    room.svc.force_reveal(CHAIR, "C002", cp)
    actor, _, payload = events(room.svc.path, "candidate-revealed")[-1]
    assert actor == CHAIR and json.loads(payload)["forced_by"] == CHAIR
    assert [s["member"] for s in json.loads(payload)["sheets"]] == ["m-albert-1", "m-mines-2"]
    assert _row(room, "m-mines-3", "C002").reconciliation.overall == 13.0
    assert room.svc.worklist("m-mines-3")[1].status == "closed"
    refused(room.svc, "already-revealed", room.svc.force_reveal, CHAIR, "C002", cp)


def test_a_conflict_declared_in_the_room_removes_that_sheet(room):
    room.seal("m-mines-3", "C002", sheet(20))
    refused(
        room.svc, "not-chair", room.svc.declare_conflict, "m-mines-2", "m-mines-3", "C002", "other"
    )
    refused(
        room.svc, "conflict-category", room.svc.declare_conflict, "m-mines-3", "m-mines-3", "C002",
        "rival",
    )  # fmt: skip
    room.svc.declare_conflict("m-mines-3", "m-mines-3", "C002", "former_teacher", "Taught her")
    refused(
        room.svc, "already-conflicted", room.svc.declare_conflict, CHAIR, "m-mines-3", "C002",
        "other",
    )  # fmt: skip
    room.seal_all("C002", sheet(10))
    detail = room.svc.candidate_detail(CHAIR, "C002")
    assert "m-mines-3" not in [s.member_id for s in detail.sheets]
    assert detail.reconciliation.overall == 10.0
    assert [(c.member_id, c.source, c.category) for c in detail.conflicts] == [
        ("m-mines-3", "room", "former_teacher")
    ]
    assert room.svc.candidate_detail("m-mines-3", "C002").sheets == ()
