"""A simulated graduation session: its French PV words the degree requirements in French
(the English wording, core's, stays as it was), and the jury's deviation is a mention or a
deferral with its justification."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules
from jury_desk.core.eligibility import graduation_eligibility
from jury_desk.minutes.labels import Words
from jury_desk.minutes.model import parse_minutes
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate
from tests.minutes import poppler

MASTER = GraduationRules(required_ects=120, programme_years=2, internship_required=True)
NOON = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(
        tmp_path_factory.mktemp("bundle"), signers.certs, kind="graduation", n_candidates=8
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    result = simulate(bundle, signers, tmp_path_factory.mktemp("run"), seed=3)
    assert result.code == 0, result.stderr
    return result


def test_the_french_minutes_word_missing_requirements_in_french(run: Run):
    minutes = parse_minutes(run.minutes_json.read_bytes())
    # The factory's 4th and 8th candidates lack two business cases in year 2 and their
    # apprenticeship is in progress; the others have their internship or apprenticeship.
    lines = {(c.id, e.name): e for c in minutes.candidates for e in c.eligibility}
    cases = lines[("C004", "business-cases")]
    assert (cases.met, cases.required, cases.actual) == (
        False,
        "16 business cases (8 par année × 2)",
        "14 business cases (année 1 : 8, année 2 : 6)",
    )
    placement = lines[("C004", "placement")]
    assert (placement.required, placement.actual) == (
        "stage ou apprentissage validé",
        "apprentissage chez Dassault Systèmes : en cours",
    )
    assert lines[("C001", "placement")].actual == "stage chez Dassault Systèmes : validé"
    assert (lines[("C001", "ects")].required, lines[("C001", "ects")].actual) == (
        "120 ECTS",
        "120 ECTS validés",
    )
    text = " ".join(" ".join(poppler.page_texts(run.pv)).split())
    assert "business cases : non remplie — 14 business cases (année 1 : 8, année 2 : 6)" in text
    assert "validated" not in text and "in progress" not in text


def test_the_graduation_pv_verifies_and_has_a_justified_jury_decision(run: Run, bundle: Bundle):
    code, out, err = cli("minutes", "verify", run.pv, "--bundle", bundle.path,
                         "--trusted-key", bundle.public_key, "--allow-simulation")  # fmt: skip
    assert (code, err) == (0, ""), out
    minutes = run.minutes()
    jury = [c for c in minutes["candidates"] if c["decision_source"] == "jury"]
    assert jury and all(c["justification"].startswith("Le jury ") for c in jury)
    assert all(c["decision"] in ("award", "ajourne") for c in jury)


def record(ects: list[float], cases: dict[int, int], placement: dict | None) -> AcademicRecord:
    return AcademicRecord.model_validate(
        {
            "courses": [
                {"code": f"C{i}", "title": "Cours", "ects": e, "validated": True}
                for i, e in enumerate(ects)
            ],
            "business_cases": [
                {"year": y, "title": f"Case {y}.{k}"} for y, n in cases.items() for k in range(n)
            ],
            "placement": placement,
        }
    )


RECORDS = {
    "complete": record(
        [60, 60],
        {1: 8, 2: 8},
        {"kind": "internship", "status": "validated", "organisation": "Doctolib"},
    ),  # fmt: skip
    "short": record(
        [60, 37.5], {1: 9, 2: 5, 3: 1}, {"kind": "apprenticeship", "status": "not_validated"}
    ),  # fmt: skip
    "no placement": record([0.5], {}, None),
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_english_wording_is_cores_own(name: str):
    words = Words("en", NOON)
    for check in graduation_eligibility(RECORDS[name], MASTER):
        assert words.eligibility(check) == (check.required, check.actual)


def test_french_wording_of_each_check():
    words = Words("fr", NOON)
    ects, cases, placement = graduation_eligibility(RECORDS["short"], MASTER)
    assert words.eligibility(ects) == ("120 ECTS", "97,5 ECTS validés")
    assert words.eligibility(cases) == (
        "16 business cases (8 par année × 2)",
        "14 business cases (année 1 : 9, année 2 : 5)",
    )
    assert words.eligibility(placement) == (
        "stage ou apprentissage validé",
        "apprentissage : non validé",
    )
    *_, nothing = graduation_eligibility(RECORDS["no placement"], MASTER)
    assert words.eligibility(nothing)[1] == "aucun stage ni apprentissage enregistré"
