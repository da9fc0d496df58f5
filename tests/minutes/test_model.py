"""minutes.json: round trip, the shipped JSON Schema, and every cross-check refusing bad input."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from jury_desk.core.errors import MinutesError
from jury_desk.minutes.model import minutes_bytes, parse_minutes
from jury_desk.minutes.schema import schema_bytes, shipped_schema_path
from tests.minutes.sample import DEVIATION_INDEX, make_minutes, minutes_dict


@pytest.mark.parametrize("kind", ["admission", "graduation"])
def test_minutes_bytes_round_trip_exactly(kind):
    minutes = make_minutes(24, kind=kind)
    data = minutes_bytes(minutes)
    again = parse_minutes(data)
    assert again == minutes
    assert minutes_bytes(again) == data
    assert json.loads(data)["format"] == "jury-desk-minutes/1"


def test_the_simulation_flag_defaults_to_a_real_deliberation_and_is_strict():
    older = json.loads(minutes_bytes(make_minutes(4)))
    assert older.pop("simulated") is False  # written out even when false
    assert parse_minutes(json.dumps(older).encode()).simulated is False
    assert parse_minutes(json.dumps({**older, "simulated": True}).encode()).simulated is True
    with pytest.raises(MinutesError) as err:
        parse_minutes(json.dumps({**older, "simulated": "no"}).encode())
    assert (err.value.code, err.value.entry) == ("minutes.schema", "minutes.json")
    assert "simulated" in str(err.value)


def test_shipped_schema_is_the_one_the_model_generates():
    # Regenerate with: python -m jury_desk.minutes.schema
    assert shipped_schema_path().read_bytes() == schema_bytes()


def test_schema_is_strict_and_carries_the_id_patterns():
    schema = json.loads(shipped_schema_path().read_bytes())
    assert schema["additionalProperties"] is False
    assert all(
        d.get("additionalProperties") is False
        for d in schema["$defs"].values()
        if d.get("type") == "object"
    )
    assert schema["$defs"]["BundleRef"]["properties"]["sha256"]["pattern"] == "^[0-9a-f]{64}$"
    assert schema["properties"]["format"]["const"] == "jury-desk-minutes/1"


def test_sample_fields_required_by_the_schema_are_present():
    schema = json.loads(shipped_schema_path().read_bytes())
    sample = json.loads(minutes_bytes(make_minutes(24)))
    assert set(schema["required"]) <= set(sample)
    cand_schema = schema["$defs"]["CandidateMinutes"]
    for cand in sample["candidates"]:
        assert set(cand_schema["required"]) <= set(cand)
        assert set(cand) <= set(cand_schema["properties"])


def _mutated(mutate: Callable[[dict[str, Any]], None], kind: str = "admission") -> bytes:
    data = copy.deepcopy(minutes_dict(24, kind=kind))
    mutate(data)
    return json.dumps(data, ensure_ascii=False).encode()


def _cand(d: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in d["candidates"] if c["id"] == cid)


def _flagged(d: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in d["candidates"] if c["flags"])


BAD = {
    "unknown field": (lambda d: d.update(extra=1), "extra"),
    "overall off by 0.01": (
        lambda d: d["candidates"][0].update(overall=d["candidates"][0]["overall"] + 0.01),
        "institution means or overall disagree",
    ),
    "institution mean edited": (
        lambda d: d["candidates"][1]["institution_means"].update(MINES=19.0),
        "institution means or overall disagree",
    ),
    "flag removed": (lambda d: _flagged(d).update(flags=[]), "flags disagree"),
    "flagged without note": (lambda d: _flagged(d).update(notes=[]), "needs a discussion note"),
    "jury decision without justification": (
        lambda d: d["candidates"][DEVIATION_INDEX].update(justification="  "),
        "needs a justification",
    ),
    "rule decision differs from proposal": (
        lambda d: d["candidates"][1].update(
            decision=next(x for x in ("admit", "reject") if x != d["candidates"][1]["decision"])
        ),
        "must equal the proposal",
    ),
    "graduation decision in admission": (
        lambda d: d["candidates"][1].update(decision="award", proposed_decision="award"),
        "is not a admission decision",
    ),
    "conflicted member scores": (
        lambda d: _cand(d, "C001")["totals"]["ALBERT"].append(
            {"member": "m-albert-3", "total": 12.0}
        ),
        "conflicted member m-albert-3 has a total",
    ),
    "conflicted member approves": (
        lambda d: _cand(d, "C001")["approvals"].__setitem__(
            1, {"member": "m-albert-3", "institution": "ALBERT", "at": "2026-06-15T12:00:00Z"}
        ),
        "conflicted member m-albert-3 approved",
    ),
    "one institution approval missing": (
        lambda d: d["candidates"][2].update(
            approvals=d["candidates"][2]["approvals"][:1]
            + [dict(d["candidates"][2]["approvals"][0], member="m-mines-1")]
        ),
        "missing approvals from ALBERT",
    ),
    "approver from the other institution": (
        lambda d: d["candidates"][2]["approvals"][0].update(institution="ALBERT"),
        "is not of ALBERT",
    ),
    "decision counts edited": (
        lambda d: d["statistics"]["decisions"].update(admit=99),
        "statistics.decisions disagree",
    ),
    "scholarship holders edited": (
        lambda d: d["statistics"]["scholarship"].update(holders=0),
        "statistics.scholarship disagrees",
    ),
    "signer is not a signer": (
        lambda d: d["signers"]["MINES"].update(member="m-mines-3"),
        "role signer",
    ),
    "bad fingerprint": (
        lambda d: d["signers"]["MINES"].update(cert_sha256="AB" * 32),
        "signers.MINES.cert_sha256",
    ),
    "attendance of a stranger": (
        lambda d: d["attendance"][0].update(member="nobody"),
        "not a jury member",
    ),
    "out before in": (
        lambda d: d["attendance"][0].update(out_at="2026-06-15T07:00:00Z"),
        "out_at is before in_at",
    ),
    "naive timestamp": (
        lambda d: d.update(generated_at="2026-06-15T12:00:00"),
        "generated_at",
    ),
    "mention without award": (
        lambda d: d["candidates"][1].update(mention="bien"),
        "a mention goes only with an awarded degree",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_inconsistent_minutes_are_refused_with_the_reason(case):
    mutate, reason = BAD[case]
    with pytest.raises(MinutesError) as err:
        parse_minutes(_mutated(mutate))
    assert err.value.code == "minutes.schema"
    assert err.value.entry == "minutes.json"
    assert reason in str(err.value)


def test_graduation_eligibility_summary_is_cross_checked():
    bad = _mutated(lambda d: d["statistics"]["eligibility"].update(eligible=0), "graduation")
    with pytest.raises(MinutesError, match="statistics.eligibility disagrees"):
        parse_minutes(bad)
    dropped = _mutated(lambda d: d["candidates"][0].update(eligibility=[]), "graduation")
    with pytest.raises(MinutesError, match="eligibility must list the checks"):
        parse_minutes(dropped)


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (b'{"format": "jury-desk-minutes/1", "format": "x"}', "minutes.json"),
        (b'{"format": "jury-desk-minutes/1", "x": NaN}', "minutes.json"),
        (b"\xff", "minutes.json"),
        (b'{"format": "jury-desk-minutes/2"}', "minutes.format"),
        (b"[]", "minutes.format"),
    ],
)
def test_malformed_json_is_refused(data, check):
    with pytest.raises(MinutesError) as err:
        parse_minutes(data)
    assert err.value.code == check
    assert err.value.entry == "minutes.json"
