"""The rules' reasons are codes with their facts; their English is the sentences the CLI
printed and the minutes stored before they became codes, word for word."""

from __future__ import annotations

import itertools

import pytest

from jury_desk.bundle.manifest import Placement, Thresholds
from jury_desk.core.diploma import diploma_average
from jury_desk.core.eligibility import EligibilityCheck, graduation_eligibility
from jury_desk.core.proposals import (
    REASON_TEXTS,
    Reason,
    propose_admission,
    propose_diploma,
    propose_graduation,
)
from jury_desk.core.reconcile import Reconciliation
from tests.core.diploma_rules import record, rules
from tests.core.test_proposals import MASTER, T  # admit 14, waitlist 11, floor 10; pass 10...


def rec(mines: float, albert: float) -> Reconciliation:
    overall = round((mines + albert) / 2, 3)  # as the core rounds it
    return Reconciliation({"MINES": mines, "ALBERT": albert}, overall, None, None, ())


def checks(*, ects: bool = True, cases: bool = True, placement: bool = True):
    return (
        EligibilityCheck(
            "ects",
            ects,
            "120 ECTS",
            "112.5 ECTS validated",
            (),
            required_amount=120,
            actual_amount=112.5,
        ),
        EligibilityCheck(
            "business-cases",
            cases,
            "16 business cases (8 per year x 2)",
            "15 business cases (year 1: 8, year 2: 7)",
            (),
            required_amount=16,
            actual_amount=15,
            per_year_required=8,
            per_year=((1, 8), (2, 7)),
        ),
        EligibilityCheck(
            "placement",
            placement,
            "validated internship or apprenticeship",
            "internship at Airbus: in progress",
            (),
            placement=Placement(kind="internship", organisation="Airbus", status="in_progress"),
        ),
    )


def test_the_english_is_the_sentences_printed_before():
    """Each code's text, as the f-strings wrote it (numbers as a person writes them)."""
    assert propose_admission(rec(12, 13.998), T).reasons == (
        "Overall 12.999 is below the admission threshold 14 and at or above the waiting-list "
        "threshold 11.",
    )
    assert propose_admission(rec(4, 16), T).reasons == (
        "Overall 10 is below the waiting-list threshold 11.",
    )
    assert propose_admission(rec(9.5, 9.75), Thresholds(admit=9, waitlist=8)).reasons == (
        "Overall 9.625 reaches the admission threshold 9, but admission is blocked by the "
        "institution floor.",
        "The MINES mean 9.5 is below the floor 10.",
        "The ALBERT mean 9.75 is below the floor 10.",
    )
    assert propose_graduation(rec(8, 8.5), checks(), MASTER).reasons == (
        "Every graduation requirement is met, but overall 8.25 is below the pass mark 10 and "
        "at or above the refusal mark 6.",
    )
    assert propose_graduation(rec(11, 11), checks(), MASTER).reasons == (
        "Every graduation requirement is met.",
        "Overall 11 is at or above the pass mark 10.",
    )
    assert propose_graduation(rec(17, 17), checks(), MASTER).reasons[-1] == (
        "Overall reaches the mark 16 for the mention Très bien (very good)."
    )
    assert propose_graduation(rec(15, 15), checks(ects=False, placement=False), MASTER).reasons == (
        "Not every graduation requirement is met.",
        "Missing ects: 112.5 ECTS validated; required 120 ECTS.",
        "Missing placement: internship at Airbus: in progress; "
        "required validated internship or apprenticeship.",
    )


def test_every_code_is_one_the_rules_give_and_each_gives_one_of_the_table():
    """Sweeping the rules yields exactly the table's codes: none unused, none unknown."""
    given: set[str] = set()
    marks = [0, 5.5, 8, 10, 11.5, 12.5, 14, 15, 17, 20]
    for mines, albert in itertools.product(marks, repeat=2):
        given |= {r.code for r in propose_admission(rec(mines, albert), T).grounds}
        for met in itertools.product((True, False), repeat=3):
            status = dict(zip(("ects", "cases", "placement"), met, strict=True))
            proposal = propose_graduation(rec(mines, albert), checks(**status), MASTER)
            given |= {r.code for r in proposal.grounds}
    diploma = rules()
    for stat, thesis in itertools.product([None, 7, *marks], marks):
        rec_ = record(stat=stat)
        average = diploma_average(rec_, diploma, thesis)
        checks_ = graduation_eligibility(rec_, diploma, thesis)
        given |= {r.code for r in propose_diploma(average, checks_, diploma).grounds}
    assert given == set(REASON_TEXTS)


def test_reasons_hold_facts_not_words():
    admit, floor = propose_admission(rec(15, 16), T).grounds
    assert (admit.code, dict(admit.params)) == ("admit-overall", {"overall": 15.5, "admit": 14})
    assert (floor.code, dict(floor.params)) == ("admit-floor", {"floor": 10})
    blocked = propose_admission(rec(9.5, 19.5), T).grounds[1]
    assert dict(blocked.params) == {"institution": "MINES", "mean": 9.5, "floor": 10}
    mention = propose_graduation(rec(14.5, 14.5), checks(), MASTER).grounds[-1]
    assert dict(mention.params) == {"mark": 14, "mention": "bien"}
    unmet = propose_graduation(rec(15, 15), checks(cases=False), MASTER).grounds[1]
    assert unmet.code == "requirement-missing" and unmet.params == {"check": "business-cases"}
    assert unmet.check is not None and unmet.check.per_year == ((1, 8), (2, 7))


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError, match="unknown reason code"):
        Reason("brand-new-reason")
