"""The diploma average: exact, half-up, from the units the rules declare."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from jury_desk.core.diploma import diploma_average, weighted_average, with_jury_points
from jury_desk.core.eligibility import graduation_eligibility
from jury_desk.core.errors import RuleError
from jury_desk.core.numbers import format_score
from jury_desk.core.proposals import propose_diploma
from tests.core.diploma_rules import record, rules, unit


def test_the_average_weighs_each_unit_by_its_ects():
    # (14 + 10 + 10.5) x 10 + 12 x 30 = 705 over 60 ECTS
    avg = diploma_average(record(), rules(), jury_grade=12)
    assert avg.average == 11.75
    assert [(u.code, u.weight, u.grade) for u in avg.units] == [
        ("STAT", 10, 14),
        ("ML", 10, 10),
        ("DB", 10, 10.5),
        ("THESIS", 30, 12),
    ]


def test_the_average_is_rounded_half_up_in_decimal():
    # 10.0625 would be 10.062 with round() on floats; a person writes 10.063.
    assert weighted_average([(1, 10.0625)]) == 10.063
    assert weighted_average([(1, 10.125), (1, 10.126)]) == 10.126  # 10.1255 -> 10.126
    assert format_score(11.125, "fr") == "11,125"
    assert format_score(Decimal("11.1245"), "fr") == "11,125"
    assert format_score(9.9995) == "10.000"


def test_coefficients_weigh_when_the_rules_say_so():
    by_coefficient = rules(
        weighting="coefficient",
        units=[
            unit("STAT", 10, coefficient=1),
            unit("ML", 10, coefficient=1),
            unit("DB", 10, coefficient=1),
            unit("THESIS", 30, coefficient=1, graded_by="jury"),
        ],
    )
    assert diploma_average(record(), by_coefficient, jury_grade=12).average == 11.625


@given(
    st.lists(
        st.tuples(
            st.integers(1, 30),
            st.decimals(min_value=0, max_value=20, places=3, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_the_average_is_what_a_person_computes_by_hand(pairs):
    exact = sum(Decimal(w) * g for w, g in pairs) / sum(Decimal(w) for w, _ in pairs)
    expected = exact.quantize(Decimal("0.001"), rounding="ROUND_HALF_UP")
    assert Decimal(repr(weighted_average([(w, float(g)) for w, g in pairs]))) == expected


def test_a_unit_below_its_minimum_is_named_and_defers_whatever_the_average():
    avg = diploma_average(record(stat=7.5), rules(), jury_grade=18)
    assert avg.average == 13.667  # (75 + 100 + 105 + 540) / 60
    proposal = propose_diploma(avg, graduation_eligibility(record(stat=7.5), rules(), 18), rules())
    assert proposal.decision == "ajourne" and proposal.mention is None
    assert proposal.reasons == (
        "Not every graduation requirement is met.",
        "Unit STAT: grade 7.5 is below its minimum 8.",
    )


def test_an_ungraded_course_defers_and_is_named():
    avg = diploma_average(record(ml=None), rules(), jury_grade=15)
    assert avg.average is None and avg.ungraded == ("ML",)
    checks = graduation_eligibility(record(ml=None), rules(), 15)
    proposal = propose_diploma(avg, checks, rules())
    assert proposal.decision == "ajourne"
    assert "Unit ML has no grade yet." in proposal.reasons


def test_no_proposal_before_the_jury_grade():
    avg = diploma_average(record(), rules(), jury_grade=None)
    with pytest.raises(RuleError, match="THESIS, graded by the jury") as caught:
        propose_diploma(avg, graduation_eligibility(record(), rules()), rules())
    assert caught.value.code == "not-reconciled"


@pytest.mark.parametrize(
    ("courses", "thesis", "average", "decision", "mention"),
    [
        ((8, 2, 2), 4, 4, "refuse", None),  # (120 + 120) / 60, below the refusal mark 6
        ((8, 2, 2), 12, 8, "ajourne", None),  # thesis validated, average under 10
        ((14, 10, 10.5), 9, 10.25, "ajourne", None),  # average passes, thesis ECTS do not
        ((14, 10, 10.5), 12, 11.75, "award", None),
        ((14, 10, 10.5), 13, 12.25, "award", "assez_bien"),
        ((14, 10, 10.5), 17, 14.25, "award", "bien"),
        ((20, 20, 20), 12, 16, "award", "tres_bien"),
    ],
)
def test_the_proposal_follows_the_average(courses, thesis, average, decision, mention):
    rec = record(*courses)
    avg = diploma_average(rec, rules(), jury_grade=thesis)
    proposal = propose_diploma(avg, graduation_eligibility(rec, rules(), thesis), rules())
    assert avg.average == average
    assert (proposal.decision, proposal.mention) == (decision, mention)


def test_the_award_reasons_cite_the_average():
    avg = diploma_average(record(), rules(), jury_grade=17)  # (345 + 510) / 60
    proposal = propose_diploma(avg, graduation_eligibility(record(), rules(), 17), rules())
    assert proposal.reasons == (
        "Every graduation requirement is met.",
        "The diploma average 14.25 is at or above the pass mark 10.",
        "The diploma average reaches the mark 14 for the mention Bien (good).",
    )


def test_the_jury_unit_earns_its_ects_at_the_pass_mark():
    ects, _ = graduation_eligibility(record(), rules(), jury_grade=9.5)
    assert not ects.met and ects.actual == "30 ECTS validated"
    ects, _ = graduation_eligibility(record(), rules(), jury_grade=10)
    assert ects.met and ects.evidence[-1] == "THESIS: 30 ECTS"


def test_points_de_jury_up_to_the_maximum():
    assert with_jury_points(9.75, 0.25, rules()) == 10.0
    assert with_jury_points(19.9, 0.5, rules()) == 20.0  # never past 20
    for points in (0.501, 0, -0.5):
        with pytest.raises(RuleError, match="at most 0.5") as caught:
            with_jury_points(9.75, points, rules())
        assert caught.value.code == "jury-points-over-maximum"


# --- rules that don't add up are refused by the manifest's schema ----------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"required_ects": 90}, "add up to 60 ECTS, not the 90 ECTS"),
        ({"units": [unit("STAT", 30), unit("STAT", 30)]}, "STAT is declared twice"),
        (
            {"units": [unit("A", 30, graded_by="jury"), unit("B", 30, graded_by="jury")]},
            "at most one unit is graded by the jury",
        ),
        ({"units": [unit("A", 60, coefficient=2)]}, "weigh by ECTS: remove its coefficient"),
        ({"weighting": "coefficient", "units": [unit("A", 60)]}, "by coefficient: give one"),
        ({"units": [unit("A", 60), unit("B", 0)]}, "B: weighed by ECTS, it needs its ECTS"),
        ({"jury_points_max": 3}, "less than or equal to 2"),
    ],
)
def test_rules_that_do_not_add_up_are_refused(overrides, message):
    with pytest.raises(ValidationError, match=message):
        rules(**overrides)
