"""Graduation rules with graded units: `bundle build` and the manifest refuse what doesn't
add up, naming the candidate and the unit; nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jury_desk.bundle.manifest import parse_manifest
from jury_desk.cli import main
from jury_desk.core.errors import BundleError
from tests.bundle.test_builder import (  # noqa: F401
    RECORD,
    _cli_args,
    _one_line,
    build,
    make_graduation,
    src,
    usage,
)
from tests.factories import manifest_dict

UNITS_TOML = """
weighting = "ects"
jury_points_max = 0.5

[[session.graduation_rules.units]]
code = "ML"
label = { fr = "Apprentissage automatique", en = "Machine learning" }
ects = 60
minimum = 8

[[session.graduation_rules.units]]
code = "THESIS"
label = { fr = "Mémoire", en = "Thesis" }
ects = 60
graded_by = "jury"
"""


def with_units(root) -> None:
    make_graduation(root)
    toml = (root / "session.toml").read_text()
    (root / "session.toml").write_text(toml + UNITS_TOML)


def graduation(**rules: Any) -> dict[str, Any]:
    """A graduation manifest (records: C00..C11, 10 ECTS each) with one unit per course."""
    data = manifest_dict("graduation")
    data["session"]["graduation_rules"] |= {
        "units": [
            {"code": f"C{k:02d}", "label": {"fr": f"Cours {k}", "en": f"Course {k}"}, "ects": 10}
            for k in range(12)
        ],
        **rules,
    }
    return data


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(BundleError) as info:
        parse_manifest(json.dumps(data).encode())
    assert info.value.code == "manifest.schema"
    return str(info.value)


def test_rules_with_units_build(src):  # noqa: F811
    with_units(src)
    manifest, _ = build(src)
    rules = manifest.session.graduation_rules
    assert rules is not None and [u.code for u in rules.units] == ["ML", "THESIS"]
    assert rules.jury_unit is not None and rules.jury_unit.code == "THESIS"


def test_bundle_build_refuses_a_record_whose_ects_do_not_add_up(src, tmp_path, capsys):  # noqa: F811
    with_units(src)
    (src / "session.toml").write_text(
        (src / "session.toml").read_text().replace("ects = 60\nminimum", "ects = 50\nminimum")
    )
    out = tmp_path / "b.jdbundle"
    assert main(_cli_args(src, out)) == 2
    assert _one_line(capsys.readouterr().err) == (
        "jury-desk: session.toml: session, graduation_rules: the graduation units add up to "
        "110 ECTS, not the 120 ECTS "
        "the degree requires. [build.invalid-value]"
    )
    assert not out.exists()


def test_a_course_with_other_ects_than_its_unit_is_refused(src):  # noqa: F811
    with_units(src)
    (src / "documents" / "C002" / "record.toml").write_text(
        RECORD.replace("ects = 60", "ects = 30")
    )
    assert (
        "candidate C002: course ML has 30 ECTS in the record, the graduation rules give it 60"
        in (usage(src))
    )


def test_an_unknown_unit_is_refused(src):  # noqa: F811
    with_units(src)
    (src / "documents" / "C003" / "record.toml").write_text(RECORD.replace('"ML"', '"DEEP"'))
    message = usage(src)
    assert "candidate C003: course DEEP is not a unit of the graduation rules" in message


def test_a_unit_missing_for_one_graduate_is_refused():
    data = graduation()
    del data["candidates"][2]["record"]["courses"][5]
    assert "candidate C003: the record has no unit C05 of the graduation rules" in refused(data)


def test_a_grade_out_of_scale_is_refused():
    data = graduation()
    data["candidates"][1]["record"]["courses"][0]["grade"] = 20.5
    message = refused(data)
    assert "candidates.1.record.courses.0.grade" in message
    assert "less than or equal to 20" in message


def test_a_record_course_graded_by_the_jury_is_refused():
    data = graduation(required_ects=150)
    data["session"]["graduation_rules"]["units"].append(
        {
            "code": "C11b",
            "label": {"fr": "Mémoire", "en": "Thesis"},
            "ects": 30,
            "graded_by": "jury",
        }
    )
    data["candidates"][0]["record"]["courses"].append(
        {"code": "C11b", "title": "Mémoire", "ects": 30, "grade": 12, "validated": True}
    )
    assert "candidate C001: C11b is graded by the jury, not by the record" in refused(data)


def test_the_same_course_twice_is_refused():
    data = graduation()
    courses = data["candidates"][0]["record"]["courses"]
    courses.append(dict(courses[0]))
    assert "candidate C001: course C00 is listed twice" in refused(data)


def test_rules_without_units_keep_the_overall():
    manifest = parse_manifest(json.dumps(manifest_dict("graduation")).encode())
    rules = manifest.session.graduation_rules
    assert rules is not None and rules.units == [] and rules.jury_unit is None
