"""Graduation on the diploma average, through the service: from the transcript alone, or
with the one unit the jury grades blind in the room."""

from __future__ import annotations

import json
import sqlite3

import pytest

from jury_desk.core.errors import MinutesError, RuleError
from jury_desk.minutes.model import minutes_bytes, parse_minutes
from jury_desk.minutes.pdf import render_pv
from jury_desk.store.log_tables import check_session_file
from tests.deliberation.graduates import diploma_manifest
from tests.deliberation.jury import CHAIR, open_room, passphrase, refused, sheet
from tests.minutes.poppler import page_texts

# STAT, ML, DB (40 ECTS each; STAT has a minimum of 8)
GRADES = [
    (14, 10, 9.5),  # C001: 11.167, award
    (9.5, 9.5, 10.75),  # C002: 9.917, ajourné, 0.083 below the pass mark: borderline
    (7.5, 14, 14),  # C003: STAT under its minimum, its ECTS missing: ajourné
    (15, 15, 15),  # C004: the factory's graduate short of business cases and placement
    (12, 12, 11.75),  # C005: 11.917, award, just below assez bien: borderline
]


def test_no_unit_graded_by_the_jury_means_nobody_scores(tmp_path):
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    board = r.svc.board(CHAIR)
    assert [row.state for row in board.rows] == ["revealed"] * 5
    refused(r.svc, "nothing-to-score", r.svc.save_draft, "m-mines-2", "C002", sheet(12))
    rule = r.svc.rule_proposal(CHAIR, "C001")
    assert (rule.decision, rule.mention) == ("award", None)
    assert rule.reasons[-1] == "The diploma average 11.167 is at or above the pass mark 10."
    rule = r.svc.rule_proposal(CHAIR, "C003")
    assert rule.decision == "ajourne"
    assert rule.reasons[1:] == (  # a failed course: its ECTS are missing too
        "Missing ects: 80 ECTS validated; required 120 ECTS.",
        "Unit STAT: grade 7.5 is below its minimum 8.",
    )
    r.finalise("C001")
    assert r.svc.board(CHAIR).rows[0].state == "final"
    r.svc.close()


def test_the_jury_unit_is_scored_blind_and_its_reconciled_grade_weighs(tmp_path):
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=True))
    assert r.svc.board(CHAIR).rows[1].state == "scoring"
    with pytest.raises(RuleError, match="not revealed"):
        r.svc.rule_proposal(CHAIR, "C002")
    # MINES members give 14, ALBERT members 12: the thesis is the mean of the means, 13.
    scores = {m: sheet(14 if m.startswith("m-mines") else 12) for m in r.eligible("C002")}
    r.seal_each("C002", scores)
    rule = r.svc.rule_proposal(CHAIR, "C002")
    # (9.5 + 9.5 + 10.75) x 40 + 13 x 30 = 1580 over 150 ECTS
    assert rule.reasons[-1] == "The diploma average 10.533 is at or above the pass mark 10."
    assert (rule.decision, rule.mention) == ("award", None)
    ects = next(c for c in r.svc.candidate_detail(CHAIR, "C002").eligibility if c.name == "ects")
    assert ects.met and ects.evidence[-1] == "THESIS: 30 ECTS"
    r.svc.close()


def test_a_jury_proposal_against_the_average_needs_a_justification(tmp_path):
    """A mention raised with no justification is refused, and nothing is written."""
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    refused(
        r.svc,
        "justification-required",
        r.svc.propose,
        CHAIR,
        "C005",
        "award",
        "assez_bien",
        "",
    )
    r.svc.propose(CHAIR, "C005", "award", "assez_bien", "Mémoire remarquable, 18/20.")
    r.svc.approve("m-mines-2", "C005", "MINES", passphrase("m-mines-2"))
    assert r.svc.approve("m-albert-1", "C005", "ALBERT", passphrase("m-albert-1"))
    r.svc.close()


def test_the_board_shows_each_graduate_and_the_borderline_first(tmp_path):
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    board = r.svc.board(CHAIR)
    views = {row.candidate_id: row.graduate for row in board.rows}
    assert board.borderline_first == ("C002", "C005", "C001", "C003", "C004")
    c2 = views["C002"]
    assert c2 is not None
    assert (c2.average, c2.near_mark, c2.borderline, c2.missing) == (9.917, 10, True, ())
    assert (c2.ects, c2.ects_required) == (120, 120)
    assert (c2.business_cases, c2.business_cases_required, c2.placement) == (16, 16, "validated")
    assert c2.proposal is not None and c2.proposal.decision == "ajourne"
    c3 = views["C003"]
    assert c3 is not None and c3.missing == ("ects", "STAT") and not c3.borderline
    c5 = views["C005"]
    assert c5 is not None and c5.proposal is not None
    assert (c5.near_mark, c5.proposal.decision, c5.borderline) == (12, "award", True)
    c4 = views["C004"]
    assert c4 is not None and c4.missing == ("business-cases", "placement")
    assert c4.placement == "in_progress" and not c4.borderline
    # A conflicted viewer sees no figure of that graduate, who is not put first for them.
    c1_for_conflicted = r.svc.board("m-albert-3").rows[0]
    assert c1_for_conflicted.graduate is None
    r.svc.close()


def test_points_de_jury_raise_the_average_up_to_the_maximum(tmp_path):
    """C002 at 9.917: 0.083 points de jury bring it to 10 and the rules then award."""
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    svc = r.svc
    why = "Stage remarquable chez Airbus ; progression constante."
    refused(svc, "jury-points-over-maximum", svc.add_jury_points, CHAIR, "C002", 0.6, why)
    refused(svc, "justification-required", svc.add_jury_points, CHAIR, "C002", 0.1, " ")
    refused(svc, "jury-points-change-nothing", svc.add_jury_points, CHAIR, "C002", 0.05, why)
    svc.add_jury_points(CHAIR, "C002", 0.083, why)
    proposal = svc.candidate_detail(CHAIR, "C002").proposal
    assert proposal is not None
    assert (proposal.source, proposal.decision, proposal.mention) == ("jury", "award", None)
    assert (proposal.jury_points, proposal.justification) == (0.083, why)
    assert svc.rule_proposal(CHAIR, "C002").decision == "ajourne"  # the rules' own is kept
    r.approve_both("C002")
    assert svc.board(CHAIR).rows[1].state == "final"
    svc.close()


def test_batch_approval_of_the_rules_proposals(tmp_path):
    """One member per institution approves the clear cases in one pass each; a batch that
    includes a borderline or flagged graduate is refused, naming them, and nothing is
    written."""
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    svc = r.svc
    m2, a1 = passphrase("m-mines-2"), passphrase("m-albert-1")
    refused(
        svc, "batch-refused", svc.approve_batch, "m-mines-2", ["C001", "C002", "C005"], "MINES", m2
    )
    with pytest.raises(RuleError) as caught:
        svc.approve_batch("m-mines-2", ["C001", "C002", "C003", "C005"], "MINES", m2)
    assert str(caught.value).endswith(
        "The batch includes C002 (borderline), C005 (borderline): deliberate on them one "
        "by one. Nothing was approved."
    )
    svc.propose(CHAIR, "C003", "ajourne", None, "")  # the rules' decision, by the jury
    refused(svc, "batch-refused", svc.approve_batch, "m-mines-2", ["C003"], "MINES", m2)
    assert svc.approve_batch("m-mines-2", ["C001", "C004"], "MINES", m2) == ()
    assert svc.approve_batch("m-albert-1", ["C001", "C004"], "ALBERT", a1) == ("C001", "C004")
    states = {row.candidate_id: row.state for row in svc.board(CHAIR).rows}
    assert (states["C001"], states["C004"], states["C002"]) == ("final", "final", "revealed")
    svc.close()


def test_a_flagged_graduate_is_not_approved_in_a_batch(tmp_path):
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=True))
    # The thesis: MINES 18, ALBERT 10, a gap of 8 over the threshold 3.
    r.seal_each("C001", {m: sheet(18 if "mines" in m else 10) for m in r.eligible("C001")})
    r.svc.add_note(CHAIR, "C001", "Écart entre écoles sur le mémoire : discuté.")
    m2 = passphrase("m-mines-2")
    with pytest.raises(RuleError, match=r"includes C001 \(flagged \(discrepancy\)\)"):
        r.svc.approve_batch("m-mines-2", ["C001"], "MINES", m2)
    r.svc.close()


def test_the_minutes_carry_what_recomputes_each_average(tmp_path):
    """A transcript-only session closes; minutes.json has no totals but each graduate's
    units, weights, grades, average and points de jury, and a hand-edited average is
    refused by the minutes' own checks."""
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    svc = r.svc
    svc.add_jury_points(CHAIR, "C002", 0.083, "Progression remarquable en deuxième année.")
    r.approve_both("C002")
    for candidate in ("C001", "C003", "C004", "C005"):
        r.finalise(candidate)
    svc.close_session(CHAIR, passphrase(CHAIR))
    minutes = svc.minutes_data()
    c1, c2 = minutes.candidates[:2]
    assert (c1.totals, c1.institution_means, c1.overall) == ({}, {}, None)
    assert c1.diploma is not None and c1.diploma.average == 11.167
    assert [(u.code, u.weight, u.grade) for u in c1.diploma.units] == [
        ("STAT", 40, 14),
        ("ML", 40, 10),
        ("DB", 40, 9.5),
    ]
    assert c2.diploma is not None
    assert (c2.diploma.average, c2.diploma.jury_points, c2.diploma.average_after) == (
        9.917,
        0.083,
        10.0,
    )
    assert (c2.proposed_decision, c2.decision, c2.decision_source) == ("ajourne", "award", "jury")
    # The PV: the graduates by mention, the deferred with what they miss, the points de jury.
    pv = render_pv(minutes, tmp_path / "PV.pdf")
    text = " ".join(" ".join(page.split()) for page in page_texts(pv))
    assert (
        "Sans mention : C005 Oluwaseun Adébayo (11,917) ; C001 Camille Lefèvre (11,167) ; "
        "C002 Yasmine Benali (10,000)"
    ) in text  # by average, the one with points de jury at the average after them
    assert "C003 Thomas Nguyễn (11,833) : ECTS (80 ECTS validés) ; STAT sous sa note minimale" in (
        text
    )
    assert "0,083 : moyenne 9,917 portée à 10,000" in text  # C002's points de jury
    data = json.loads(minutes_bytes(minutes))
    data["candidates"][0]["diploma"]["average"] = 12.5  # a forger's better average
    with pytest.raises(MinutesError, match="C001: the diploma average does not recompute"):
        parse_minutes(json.dumps(data).encode())
    data = json.loads(minutes_bytes(minutes))
    data["candidates"][1]["diploma"]["jury_points"] = 0.5  # points the jury did not give
    with pytest.raises(MinutesError, match="C002: the average after the points de jury"):
        parse_minutes(json.dumps(data).encode())
    svc.close()


def test_points_de_jury_rewritten_in_the_file_are_named_by_the_audit(tmp_path):
    """Someone with the laptop raises the points de jury in the proposal table."""
    r = open_room(tmp_path, manifest=diploma_manifest(GRADES, jury=False))
    r.svc.add_jury_points(CHAIR, "C002", 0.083, "Progression remarquable.")
    path = r.svc.path
    r.svc.close()
    assert check_session_file(path)[1] == []
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE proposal SET jury_points = 0.5")
    conn.close()
    differences = check_session_file(path)[1]
    assert [(d.table, d.row, d.what) for d in differences] == [
        ("proposal", "#1", "not what the event records")
    ]
