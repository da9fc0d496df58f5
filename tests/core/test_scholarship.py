import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.core.errors import RuleError
from jury_desk.core.scholarship import ScholarshipShare, scholarship_share


def flags(holders: int, others: int) -> list[bool]:
    return [True] * holders + [False] * others


def test_exactly_at_target_meets_it():
    share = scholarship_share(flags(3, 7), 0.30)
    assert share == ScholarshipShare(10, 3, 0.3, 0.30, 0.0, True)


def test_below_target_has_a_negative_gap():
    share = scholarship_share(flags(2, 8), 0.30)
    assert (share.share, share.gap, share.meets_target) == (0.2, -0.1, False)


def test_above_target():
    share = scholarship_share(flags(1, 2), 0.30)
    assert share.holders == 1 and share.admitted == 3
    assert share.share == pytest.approx(1 / 3)
    assert share.gap == pytest.approx(1 / 3 - 0.3)
    assert share.meets_target is True


def test_nobody_admitted_yet():
    assert scholarship_share([], 0.30) == ScholarshipShare(0, 0, None, 0.30, None, None)


@pytest.mark.parametrize("target", [-0.01, 1.01])
def test_target_must_be_a_fraction(target):
    with pytest.raises(RuleError) as err:
        scholarship_share(flags(1, 1), target)
    assert err.value.code == "scholarship-target"


def test_flags_must_be_booleans():
    with pytest.raises(TypeError):
        scholarship_share([True, 1], 0.30)


@given(holders=st.integers(0, 500), others=st.integers(0, 500))
def test_meets_target_is_exact(holders, others):
    admitted = holders + others
    share = scholarship_share(flags(holders, others), 0.30)
    if admitted == 0:
        assert share.meets_target is None
    else:
        assert share.meets_target == (10 * holders >= 3 * admitted)  # integers: no rounding
        assert 0 <= share.share <= 1
