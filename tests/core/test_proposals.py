import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle.manifest import GraduationRules, Thresholds
from jury_desk.core.eligibility import EligibilityCheck
from jury_desk.core.errors import RuleError
from jury_desk.core.proposals import (
    allowed_decisions,
    propose_admission,
    propose_graduation,
)
from jury_desk.core.reconcile import Reconciliation
from jury_desk.core.words import (
    DECISION_LABELS_EN,
    DECISION_LABELS_FR,
    MENTION_LABELS_EN,
    MENTION_LABELS_FR,
)

T = Thresholds()  # admit 14, waitlist 11, floor 10
MASTER = GraduationRules(required_ects=120, programme_years=2, internship_required=True)
# pass 10, refuse below 6, mentions 12 / 14 / 16


def rec(mines: float | None, albert: float | None) -> Reconciliation:
    overall = None if mines is None or albert is None else (mines + albert) / 2
    return Reconciliation({"MINES": mines, "ALBERT": albert}, overall, None, None, ())


def check(name: str, met: bool = True) -> EligibilityCheck:
    return EligibilityCheck(name, met, f"required {name}", f"actual {name}", ())


ELIGIBLE = [check("ects"), check("business-cases"), check("placement")]


# --- admission -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mines", "albert", "decision"),
    [
        (14, 14, "admit"),  # exactly at admit
        (13.998, 14, "waitlist"),  # 13.999 just below
        (11, 11, "waitlist"),  # exactly at waitlist
        (10.998, 11, "reject"),  # 10.999 just below
        (10, 18, "admit"),  # a mean exactly at the floor does not block
        (0, 0, "reject"),
        (20, 20, "admit"),
    ],
)
def test_admission_boundaries(mines, albert, decision):
    proposal = propose_admission(rec(mines, albert), T)
    assert proposal.decision == decision
    assert proposal.mention is None
    assert proposal.reasons


def test_admit_reasons_name_the_rule():
    assert propose_admission(rec(15, 16), T).reasons == (
        "Overall 15.5 is at or above the admission threshold 14.",
        "Every institution mean is at or above the floor 10.",
    )


def test_floor_blocks_admit_and_waitlists_instead():
    proposal = propose_admission(rec(9.5, 19.5), T)  # overall 14.5, MINES below the floor
    assert proposal.decision == "waitlist"
    assert proposal.reasons == (
        "Overall 14.5 reaches the admission threshold 14, but admission is blocked by the "
        "institution floor.",
        "The MINES mean 9.5 is below the floor 10.",
    )


def test_floor_does_not_matter_below_admit():
    assert propose_admission(rec(9, 14), T).decision == "waitlist"  # 11.5, waitlist anyway
    assert propose_admission(rec(4, 16), T).decision == "reject"  # 10


def test_floor_blocking_with_equal_admit_and_waitlist_thresholds_still_waitlists():
    tight = Thresholds(admit=12, waitlist=12, institution_floor=11)
    assert propose_admission(rec(10, 16), tight).decision == "waitlist"
    assert propose_admission(rec(10, 13.5), tight).decision == "reject"


@pytest.mark.parametrize(("mines", "albert"), [(None, 12), (12, None), (None, None)])
def test_admission_needs_a_reconciled_overall(mines, albert):
    with pytest.raises(RuleError) as err:
        propose_admission(rec(mines, albert), T)
    assert err.value.code == "not-reconciled"


@given(
    mines=st.integers(0, 20_000).map(lambda m: m / 1000),
    albert=st.integers(0, 20_000).map(lambda m: m / 1000),
)
def test_admission_is_monotone_in_the_rules(mines, albert):
    r = rec(mines, albert)
    decision = propose_admission(r, T).decision
    floor_ok = min(mines, albert) >= T.institution_floor
    assert (decision == "admit") == (r.overall >= T.admit and floor_ok)
    assert (decision == "reject") == (r.overall < T.waitlist)
    assert decision in allowed_decisions("admission")


# --- graduation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overall", "decision", "mention"),
    [
        (20, "award", "tres_bien"),
        (16, "award", "tres_bien"),  # exactly at tres bien
        (15.999, "award", "bien"),
        (14, "award", "bien"),
        (13.999, "award", "assez_bien"),
        (12, "award", "assez_bien"),
        (11.999, "award", None),
        (10, "award", None),  # exactly at the pass mark
        (9.999, "ajourne", None),
        (6, "ajourne", None),  # exactly at the refusal mark
        (5.999, "refuse", None),
        (0, "refuse", None),
    ],
)
def test_graduation_paths_when_eligible(overall, decision, mention):
    proposal = propose_graduation(rec(overall, overall), ELIGIBLE, MASTER)
    assert (proposal.decision, proposal.mention) == (decision, mention)
    assert proposal.reasons


def test_award_reasons_name_the_mention():
    assert propose_graduation(rec(14.5, 14.5), ELIGIBLE, MASTER).reasons == (
        "Every graduation requirement is met.",
        "Overall 14.5 is at or above the pass mark 10.",
        "Overall reaches the mark 14 for the mention Bien (good).",
    )


def test_unmet_check_defers_even_with_a_high_average():
    checks = [
        check("ects"),
        EligibilityCheck(
            "business-cases",
            False,
            "16 business cases (8 per year x 2)",
            "15 business cases (year 1: 8, year 2: 7)",
            (),
        ),
        check("placement", met=False),
    ]
    proposal = propose_graduation(rec(18, 18), checks, MASTER)
    assert proposal.decision == "ajourne"
    assert proposal.mention is None
    assert proposal.reasons == (
        "Not every graduation requirement is met.",
        "Missing business-cases: 15 business cases (year 1: 8, year 2: 7); "
        "required 16 business cases (8 per year x 2).",
        "Missing placement: actual placement; required required placement.",
    )


def test_unmet_check_and_very_low_average_refuses():
    checks = [check("ects", met=False), check("business-cases"), check("placement")]
    proposal = propose_graduation(rec(5, 6), checks, MASTER)  # 5.5 < 6
    assert proposal.decision == "refuse"
    assert proposal.reasons == (
        "Overall 5.5 is below the refusal mark 6.",
        "Missing ects: actual ects; required required ects.",
    )
    at_mark = propose_graduation(rec(6, 6), checks, MASTER)
    assert at_mark.decision == "ajourne"


def test_graduation_needs_every_required_check():
    with pytest.raises(RuleError) as err:
        propose_graduation(rec(15, 15), [check("ects"), check("business-cases")], MASTER)
    assert err.value.code == "eligibility-incomplete"
    assert "placement" in str(err.value)
    bachelor = MASTER.model_copy(update={"internship_required": False})
    assert propose_graduation(rec(15, 15), ELIGIBLE[:2], bachelor).decision == "award"


def test_graduation_needs_a_reconciled_overall():
    with pytest.raises(RuleError) as err:
        propose_graduation(rec(15, None), ELIGIBLE, MASTER)
    assert err.value.code == "not-reconciled"


# --- decisions and labels --------------------------------------------------------------


def test_allowed_decisions_per_kind():
    assert allowed_decisions("admission") == ("admit", "waitlist", "reject")
    assert allowed_decisions("graduation") == ("award", "ajourne", "refuse")
    with pytest.raises(RuleError) as err:
        allowed_decisions("exam")
    assert err.value.code == "session-kind"


def test_labels_cover_every_decision_and_mention():
    every = set(allowed_decisions("admission")) | set(allowed_decisions("graduation"))
    assert set(DECISION_LABELS_FR) == set(DECISION_LABELS_EN) == every
    assert set(MENTION_LABELS_FR) == set(MENTION_LABELS_EN) == {"assez_bien", "bien", "tres_bien"}
    assert DECISION_LABELS_FR["waitlist"] == "Liste d'attente"
    assert DECISION_LABELS_FR["ajourne"] == "Ajourné"
    assert MENTION_LABELS_FR["tres_bien"] == "Très bien"
