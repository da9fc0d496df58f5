import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle.manifest import Thresholds
from jury_desk.core.errors import RuleError
from jury_desk.core.reconcile import Reconciliation, reconcile

CODES = ("MINES", "ALBERT")
DEFAULT = Thresholds()  # gap 3, spread 5


def rec(mines, albert, thresholds=DEFAULT) -> Reconciliation:
    return reconcile({"MINES": mines, "ALBERT": albert}, CODES, thresholds)


def test_overall_is_mean_of_institution_means_whatever_the_member_counts():
    r = rec([12, 14, 16], [10])
    assert r.institution_means == {"MINES": 14.0, "ALBERT": 10.0}
    assert r.overall == 12.0  # not (12 + 14 + 16 + 10) / 4 = 13
    assert r.gap == 4.0
    assert r.spread == 6.0


def test_means_are_rounded_before_the_overall_so_the_pv_adds_up():
    # MINES (12 + 13 + 13) / 3 = 12.6666.. -> 12.667; overall (12.667 + 10) / 2 = 11.3335 -> 11.334
    r = rec([12, 13, 13], [10])
    assert r.institution_means["MINES"] == 12.667
    assert r.overall == 11.334
    assert r.gap == 2.667


def test_gap_and_spread_are_exact_decimals():
    r = rec([13.1], [10.0])
    assert r.gap == 3.1  # float subtraction would give 3.0999999999999996
    assert r.spread == 3.1


def test_one_institution_missing_gives_no_overall_nor_gap():
    r = reconcile({"MINES": [12, 15]}, CODES, DEFAULT)
    assert r.institution_means == {"MINES": 13.5, "ALBERT": None}
    assert r.overall is None and r.gap is None
    assert r.spread == 3.0
    assert r.flags == ()


def test_empty_institution_list_counts_as_missing():
    r = rec([], [11])
    assert r.institution_means["MINES"] is None
    assert r.overall is None


def test_no_sheets_at_all():
    r = reconcile({}, CODES, DEFAULT)
    assert r == Reconciliation({"MINES": None, "ALBERT": None}, None, None, None, ())


def test_gap_exactly_at_threshold_does_not_flag_and_just_above_does():
    assert rec([13.0], [10.0]).flags == ()
    assert rec([13.001], [10.0]).flags == ("institution-gap",)
    assert rec([13.1], [10.0], Thresholds(institution_gap=3.1)).flags == ()


def test_spread_exactly_at_threshold_does_not_flag_and_just_above_does():
    # Institution means equal (12.5 each) so only the spread can flag.
    assert rec([10, 15], [12.5]).flags == ()
    assert rec([10, 15.001], [12.5005]).flags == ("member-spread",)


def test_spread_spans_both_institutions():
    r = rec([10, 11], [15.5, 14.5])
    assert r.spread == 5.5
    assert r.flags == ("institution-gap", "member-spread")


def test_single_member_spread_is_zero():
    assert rec([12], [12]).spread == 0.0


def test_unknown_institution_is_refused():
    with pytest.raises(RuleError) as err:
        reconcile({"MINES": [12], "HEC": [14]}, CODES, DEFAULT)
    assert err.value.code == "unknown-institution"
    assert "HEC" in str(err.value)


@pytest.mark.parametrize("institutions", [("MINES",), ("MINES", "MINES"), ("A", "B", "C")])
def test_the_jury_has_two_institutions(institutions):
    with pytest.raises(RuleError) as err:
        reconcile({}, institutions, DEFAULT)
    assert err.value.code == "institutions"


# Member totals as member_total produces them: 3 decimals on /20.
TOTALS = st.lists(st.integers(0, 20_000).map(lambda m: m / 1000), min_size=1, max_size=8)


@given(mines=TOTALS, albert=TOTALS)
def test_overall_within_min_and_max_total(mines, albert):
    r = rec(mines, albert)
    every = mines + albert
    assert min(every) <= r.overall <= max(every)
    assert min(mines) <= r.institution_means["MINES"] <= max(mines)
    assert r.spread == pytest.approx(max(every) - min(every), abs=1e-9)


@given(mines=TOTALS, albert=TOTALS, data=st.data())
def test_permuting_members_changes_nothing(mines, albert, data):
    shuffled_m = data.draw(st.permutations(mines))
    shuffled_a = data.draw(st.permutations(albert))
    assert rec(shuffled_m, shuffled_a) == rec(mines, albert)


@given(mines=TOTALS, albert=TOTALS)
def test_institutions_weigh_the_same(mines, albert):
    # Swapping which school holds which totals leaves the overall, gap and spread unchanged.
    a, b = rec(mines, albert), rec(albert, mines)
    assert (a.overall, a.gap, a.spread, a.flags) == (b.overall, b.gap, b.spread, b.flags)


@given(mines=TOTALS, albert=TOTALS)
def test_flags_follow_the_strict_thresholds(mines, albert):
    r = rec(mines, albert)
    assert ("institution-gap" in r.flags) == (round(r.gap, 3) > 3.0)
    assert ("member-spread" in r.flags) == (round(r.spread, 3) > 5.0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "12"])
def test_non_numeric_totals_are_refused(bad):
    with pytest.raises(RuleError) as err:
        rec([12, bad], [10])
    assert err.value.code == "score-not-a-number"
    assert "MINES" in str(err.value)
