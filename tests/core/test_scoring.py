import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jury_desk.bundle.manifest import Rubric
from jury_desk.core.errors import RuleError
from jury_desk.core.scoring import check_score, format_number, member_total
from tests.factories import session_dict

RUBRIC = Rubric.model_validate(session_dict()["rubric"])  # academic x2, motivation, project


def rubric(weights: list[float], *, lo: float = 0, hi: float = 20, step: float = 0.5) -> Rubric:
    return Rubric.model_validate(
        {
            "criteria": [
                {
                    "id": f"c{i}",
                    "label": {"fr": f"Critère {i}", "en": f"Criterion {i}"},
                    "weight": w,
                }
                for i, w in enumerate(weights)
            ],
            "scale_min": lo,
            "scale_max": hi,
            "step": step,
        }
    )


# --- check_score -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 10, 19.5, 20, 20.0])
def test_on_grid_scores_are_accepted(value):
    assert check_score(value, RUBRIC, "motivation") is None


@pytest.mark.parametrize("value", [-0.5, -0.0001, 20.0001, 20.5, 100])
def test_out_of_scale_is_refused_with_the_allowed_values(value):
    with pytest.raises(RuleError) as err:
        check_score(value, RUBRIC, "motivation")
    assert err.value.code == "score-out-of-scale"
    assert "'Motivation' (motivation)" in str(err.value)
    assert "between 0 and 20 in steps of 0.5" in str(err.value)


@pytest.mark.parametrize("value", [0.25, 10.1, 19.75, 0.0001])
def test_off_step_is_refused(value):
    with pytest.raises(RuleError) as err:
        check_score(value, RUBRIC, "academic")
    assert err.value.code == "score-off-step"
    assert "'Academic record' (academic)" in str(err.value)
    assert f"got {format_number(value)}" in str(err.value)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, False, "12", None])
def test_non_numbers_are_refused(value):
    with pytest.raises(RuleError) as err:
        check_score(value, RUBRIC, "project")
    assert err.value.code == "score-not-a-number"
    assert "between 0 and 20 in steps of 0.5" in str(err.value)


def test_unknown_criterion_is_refused():
    with pytest.raises(RuleError) as err:
        check_score(10, RUBRIC, "charisma")
    assert err.value.code == "sheet-unknown-criterion"
    assert "'charisma'" in str(err.value)


def test_decimal_steps_tolerate_float_artefacts():
    tenth = rubric([1], step=0.1)
    check_score(0.1 + 0.2, tenth, "c0")  # 0.30000000000000004 is 0.3 to a juror
    with pytest.raises(RuleError) as err:
        check_score(0.35, tenth, "c0")
    assert err.value.code == "score-off-step"


def test_grid_starts_at_scale_min():
    odd = rubric([1], lo=1, hi=19, step=2)  # 1, 3, ..., 19
    check_score(3, odd, "c0")
    with pytest.raises(RuleError) as err:
        check_score(2, odd, "c0")
    assert err.value.code == "score-off-step"
    assert "between 1 and 19 in steps of 2" in str(err.value)


@given(k=st.integers(0, 40), step=st.sampled_from([0.25, 0.5, 1.0, 2.0, 4.0]))
def test_valid_step_value_accepted_and_half_step_off_refused(k, step):
    grid = rubric([1], step=step)
    value = k * step
    assume(value <= 20)
    check_score(value, grid, "c0")
    with pytest.raises(RuleError) as err:
        check_score(value + step / 2, grid, "c0")
    assert err.value.code in ("score-off-step", "score-out-of-scale")
    if value + step / 2 <= 20:
        assert err.value.code == "score-off-step"


# --- member_total ----------------------------------------------------------------------


def test_weighted_mean_worked_by_hand():
    # (2 x 14 + 1 x 12 + 1 x 9) / 4 = 49 / 4 = 12.25
    assert member_total({"academic": 14, "motivation": 12, "project": 9}, RUBRIC) == 12.25


def test_total_rounds_to_three_decimals():
    # (1 x 10 + 2 x 10.5) / 3 = 31 / 3 = 10.3333...
    assert member_total({"c0": 10, "c1": 10.5}, rubric([1, 2])) == 10.333


def test_total_rounds_half_up_not_half_even():
    # (15 x 10 + 1 x 11) / 16 = 10.0625 exactly: half-even (and round()) give 10.062.
    assert round(10.0625, 3) == 10.062
    assert member_total({"c0": 10, "c1": 11}, rubric([15, 1])) == 10.063


def test_decimal_weights_are_exact():
    # 0.1 x 20 + 0.2 x 10 = 4 over 0.3 = 13.333...; floats would drift before rounding.
    assert member_total({"c0": 20, "c1": 10}, rubric([0.1, 0.2])) == 13.333


def test_incomplete_sheet_names_the_missing_criteria():
    scores = {"academic": 14}
    with pytest.raises(RuleError) as err:
        member_total(scores, RUBRIC)
    assert err.value.code == "sheet-incomplete"
    assert "motivation, project" in str(err.value)
    assert scores == {"academic": 14}  # the caller's sheet is left as it was


def test_extra_criterion_is_refused():
    with pytest.raises(RuleError) as err:
        member_total({"academic": 14, "motivation": 12, "project": 9, "luck": 20}, RUBRIC)
    assert err.value.code == "sheet-unknown-criterion"
    assert "luck" in str(err.value)


def test_bad_score_in_sheet_is_refused():
    with pytest.raises(RuleError) as err:
        member_total({"academic": 14, "motivation": 12.2, "project": 9}, RUBRIC)
    assert err.value.code == "score-off-step"
    assert "(motivation)" in str(err.value)


@given(
    sheet=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([0.5, 1, 1.5, 2, 3, 7.25, 10])),
        min_size=1,
        max_size=8,
    )
)
def test_weighted_mean_lies_between_min_and_max_score(sheet):
    grid = rubric([w for _, w in sheet])
    scores = {f"c{i}": k * 0.5 for i, (k, _) in enumerate(sheet)}
    total = member_total(scores, grid)
    assert min(scores.values()) <= total <= max(scores.values())
    assert total == round(total, 3)


@given(
    k=st.integers(0, 40), weights=st.lists(st.sampled_from([0.5, 1, 2, 3]), min_size=1, max_size=10)
)
def test_uniform_sheet_totals_its_score(k, weights):
    grid = rubric(weights)
    assert member_total({f"c{i}": k * 0.5 for i in range(len(weights))}, grid) == k * 0.5


@pytest.mark.parametrize(
    ("value", "text"), [(20.0, "20"), (0.5, "0.5"), (0, "0"), (-0.0, "0"), (172.5, "172.5")]
)
def test_format_number(value, text):
    assert format_number(value) == text


@given(data=st.data(), n=st.integers(1, 8))
def test_criteria_order_does_not_change_the_total(data, n):
    weights = data.draw(st.lists(st.sampled_from([0.5, 1, 2, 3.5]), min_size=n, max_size=n))
    scores = {f"c{i}": data.draw(st.integers(0, 40)) * 0.5 for i in range(n)}
    grid = rubric(weights)
    shuffled = grid.model_copy(update={"criteria": data.draw(st.permutations(grid.criteria))})
    assert member_total(scores, shuffled) == member_total(scores, grid)
