import pytest
from hypothesis import given
from hypothesis import strategies as st

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules
from jury_desk.core.eligibility import graduation_eligibility, required_checks
from tests.factories import make_manifest

MASTER = GraduationRules(required_ects=120, programme_years=2, internship_required=True)
BACHELOR = GraduationRules(required_ects=180, programme_years=3, internship_required=False)


def course(code: str, ects: float, validated: bool = True) -> dict:
    return {"code": code, "title": f"Course {code}", "ects": ects, "validated": validated}


def cases(counts: dict[int, int], partner: str | None = None) -> list[dict]:
    return [
        {"year": year, "title": f"Case {year}.{k}", **({"partner": partner} if partner else {})}
        for year, n in counts.items()
        for k in range(n)
    ]


def record(courses=(), business_cases=(), placement=None) -> AcademicRecord:
    return AcademicRecord.model_validate(
        {"courses": list(courses), "business_cases": list(business_cases), "placement": placement}
    )


def by_name(checks):
    return {c.name: c for c in checks}


VALIDATED = {"kind": "internship", "organisation": "Dassault Systèmes", "status": "validated"}
FULL_MASTER = record([course("C1", 60), course("C2", 60)], cases({1: 8, 2: 8}), VALIDATED)


def test_complete_master_record_meets_every_check():
    checks = graduation_eligibility(FULL_MASTER, MASTER)
    assert [c.name for c in checks] == ["ects", "business-cases", "placement"]
    assert all(c.met for c in checks)


def test_ects_counts_only_validated_courses_with_evidence():
    rec = record(
        [course("MATH", 60), course("ML", 30), course("DATA", 7.5), course("X", 30, False)]
    )
    ects = by_name(graduation_eligibility(rec, MASTER))["ects"]
    assert not ects.met
    assert ects.required == "120 ECTS"
    assert ects.actual == "97.5 ECTS validated"
    assert ects.evidence == ("MATH: 60 ECTS", "ML: 30 ECTS", "DATA: 7.5 ECTS")


def test_ects_exactly_at_the_requirement_is_met():
    rec = record([course("A", 60), course("B", 59.5), course("C", 0.5)])
    ects = by_name(graduation_eligibility(rec, MASTER))["ects"]
    assert ects.met
    assert ects.actual == "120 ECTS validated"


def test_ects_add_up_like_the_transcript():
    # Ten 0.1-ECTS seminars: float addition gives 0.9999999999999999 and would miss 1 ECTS.
    assert sum([0.1] * 10) < 1
    rules = GraduationRules(required_ects=1, programme_years=1, internship_required=False)
    rec = record([course(f"S{k}", 0.1) for k in range(10)])
    ects = by_name(graduation_eligibility(rec, rules))["ects"]
    assert ects.met
    assert ects.actual == "1 ECTS validated"


def test_ects_one_short_is_missing():
    rec = record([course("A", 60), course("B", 59)])
    assert not by_name(graduation_eligibility(rec, MASTER))["ects"].met


def test_business_cases_are_counted_per_year():
    rec = record(business_cases=cases({1: 8, 2: 7}, partner="BNP Paribas"))
    bc = by_name(graduation_eligibility(rec, MASTER))["business-cases"]
    assert not bc.met
    assert bc.required == "16 business cases (8 per year x 2)"
    assert bc.actual == "15 business cases (year 1: 8, year 2: 7)"
    assert bc.evidence[0] == "year 1: Case 1.0 (partner: BNP Paribas)"
    assert len(bc.evidence) == 15


def test_a_surplus_year_does_not_make_up_for_a_short_one():
    rec = record(business_cases=cases({1: 10, 2: 7}))
    bc = by_name(graduation_eligibility(rec, MASTER))["business-cases"]
    assert not bc.met
    assert bc.actual == "17 business cases (year 1: 10, year 2: 7)"


def test_a_year_with_no_case_is_listed_as_zero():
    rec = record(business_cases=cases({1: 8, 3: 8}))
    bc = by_name(graduation_eligibility(rec, BACHELOR))["business-cases"]
    assert not bc.met
    assert bc.required == "24 business cases (8 per year x 3)"
    assert bc.actual == "16 business cases (year 1: 8, year 2: 0, year 3: 8)"


def test_cases_beyond_the_programme_are_shown_but_not_counted():
    rec = record(business_cases=cases({1: 8, 2: 8, 3: 1}))
    bc = by_name(graduation_eligibility(rec, MASTER))["business-cases"]
    assert bc.met
    assert bc.actual == "16 business cases (year 1: 8, year 2: 8)"
    assert bc.evidence[-1] == "year 3: Case 3.0 - not counted: beyond the 2-year programme"


def test_bachelor_has_no_placement_check():
    checks = graduation_eligibility(record(), BACHELOR)
    assert [c.name for c in checks] == ["ects", "business-cases"] == list(required_checks(BACHELOR))


def test_missing_placement_for_master():
    placement = by_name(graduation_eligibility(record(), MASTER))["placement"]
    assert not placement.met
    assert placement.required == "validated internship or apprenticeship"
    assert placement.actual == "no internship or apprenticeship recorded"
    assert placement.evidence == ()


@pytest.mark.parametrize(
    ("status", "text"),
    [("in_progress", "in progress"), ("not_validated", "not validated"), ("missing", "missing")],
)
def test_unvalidated_placement_for_master(status, text):
    rec = record(placement={"kind": "apprenticeship", "organisation": "Thales", "status": status})
    placement = by_name(graduation_eligibility(rec, MASTER))["placement"]
    assert not placement.met
    assert placement.actual == f"apprenticeship at Thales: {text}"
    assert placement.evidence == (placement.actual,)


def test_validated_placement_without_organisation():
    rec = record(placement={"kind": "apprenticeship", "status": "validated"})
    placement = by_name(graduation_eligibility(rec, MASTER))["placement"]
    assert placement.met
    assert placement.actual == "apprenticeship: validated"


def test_factory_graduation_records():
    manifest = make_manifest("graduation", n_candidates=4)
    rules = manifest.session.graduation_rules
    met = [
        all(c.met for c in graduation_eligibility(cand.record, rules))
        for cand in manifest.candidates
    ]
    assert met == [True, True, True, False]  # the 4th record is short of cases, placement


@given(
    year1=st.integers(0, 12),
    year2=st.integers(0, 12),
    per_year=st.integers(0, 10),
    data=st.data(),
)
def test_business_cases_met_iff_every_year_meets_the_quota(year1, year2, per_year, data):
    rules = GraduationRules(
        required_ects=0,
        programme_years=2,
        business_cases_per_year=per_year,
        internship_required=False,
    )
    shuffled = data.draw(st.permutations(cases({1: year1, 2: year2})))
    bc = by_name(graduation_eligibility(record(business_cases=shuffled), rules))["business-cases"]
    assert bc.met == (year1 >= per_year and year2 >= per_year)
    assert bc.actual == f"{year1 + year2} business cases (year 1: {year1}, year 2: {year2})"
