"""Who signs the PV is declared in the bundle: the chair and one signer per institution
(issue 13 §2), and what the PV cites: visas, appeal routes, place and time zone (§1)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from jury_desk.bundle.builder import prepare_bundle
from jury_desk.bundle.manifest import Session
from jury_desk.bundle.signer_certs import load_signer_cert
from jury_desk.core.errors import UsageError
from jury_desk.core.resources import resource_path
from jury_desk.minutes.signer_keys import create_signer_p12
from tests.e2e.simkit import cli
from tests.factories import FAKE_CERT_ALBERT, session_dict

IN_WINDOW = datetime(2026, 9, 15, 12, 0, tzinfo=UTC)
CHAIR_TYPED = "3e8a1c5f7b9d2e4a6c8f0b1d3e5a7c9f2b4d6e8a0c1f3b5d7e9a2c4f6b8d0e17"


def refused(session: dict, said: str) -> None:
    with pytest.raises(ValidationError) as info:
        Session.model_validate(session)
    assert said in str(info.value)


def test_a_chair_without_a_certificate_is_read_as_a_bundle_from_before_the_chair_signed():
    """The first version's bundles declare no chair's certificate: they must still be read
    (tests/e2e/test_first_version_files.py); ``bundle build`` refuses to make one (below)."""
    s = session_dict()
    chair = s["members"][0]
    assert "chair" in chair["roles"]
    chair["roles"] = ["chair", "member"]  # no longer the Mines signer...
    s["members"][1]["roles"] = ["member", "signer"]  # ...who now is someone else
    s["members"][1]["signer_cert_sha256"] = chair.pop("signer_cert_sha256")
    assert Session.model_validate(s).chair().signer_cert_sha256 is None


def test_a_signer_without_a_certificate_is_refused():
    s = session_dict()
    s["members"][0]["roles"] = ["chair", "member"]
    s["members"][1]["roles"] = ["member", "signer"]
    refused(s, "the chair and each signer need signer_cert_sha256")


def test_bundle_build_refuses_a_chair_without_a_certificate_and_writes_nothing(tmp_path):
    root = tmp_path / "src"
    shutil.copytree(resource_path("examples"), root)
    text = (root / "session.toml").read_text()
    (root / "session.toml").write_text(text.replace(f'signer_cert_sha256 = "{CHAIR_TYPED}"', ""))
    out = tmp_path / "out.jdbundle"
    code, _, err = cli(
        "bundle", "build", "--session", root / "session.toml", "--candidates",
        root / "candidates.csv", "--documents", root / "documents", "--out", out,
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1, err  # bad input, as every refusal of build
    assert "[build.chair-cert]" in err and "give --signer-cert chair=FILE" in err, err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_a_plain_member_with_a_certificate_is_refused():
    s = session_dict()
    s["members"][2]["signer_cert_sha256"] = "ab" * 32
    refused(s, "and only they have one")


def test_two_members_with_one_certificate_are_refused():
    s = session_dict()
    s["members"][0]["roles"] = ["chair", "member"]
    s["members"][1]["roles"] = ["member", "signer"]
    s["members"][1]["signer_cert_sha256"] = FAKE_CERT_ALBERT  # the Albert signer's
    refused(s, "two members declare the same signer_cert_sha256")


def test_chair_is_not_an_institution_code():
    s = session_dict()
    s["institutions"][1]["code"] = "Chair"
    refused(s, "not an institution code")


@pytest.mark.parametrize("zone", ["Europe/Lutèce", "../etc/passwd", "UTC+2"])
def test_an_unknown_time_zone_is_refused(zone):
    s = session_dict()
    s["time_zone"] = zone
    refused(s, "is not a known time zone")


def test_visas_appeals_place_and_zone_are_optional_with_paris_by_default():
    s = Session.model_validate(session_dict())
    assert (s.visas, s.appeal_routes, s.signing_place, s.time_zone) == (
        [],
        [],
        None,
        "Europe/Paris",
    )


def test_the_example_session_declares_the_chair_and_what_the_pv_cites():
    built = prepare_bundle(
        *(resource_path("examples") / n for n in ("session.toml", "candidates.csv", "documents")),
        now=IN_WINDOW,
    )
    s = built.manifest.session
    assert s.member("m-mines-1").signer_cert_sha256 == CHAIR_TYPED
    assert len(s.visas) == 4 and s.visas[0].startswith("Vu le code de l'éducation")
    assert "tribunal administratif de Paris" in s.appeal_routes[1]
    assert (s.signing_place, s.time_zone) == ("Paris", "Europe/Paris")


def test_the_chair_certificate_comes_from_its_file(tmp_path):
    root = tmp_path / "src"
    shutil.copytree(resource_path("examples"), root)
    text = (root / "session.toml").read_text()
    (root / "session.toml").write_text(text.replace(f'signer_cert_sha256 = "{CHAIR_TYPED}"', ""))
    p12 = tmp_path / "chair.p12"
    start = IN_WINDOW - timedelta(days=1)
    fp = create_signer_p12("Hélène Rousseau", "MINES", b"pw", p12, role="chair", valid_from=start)
    files = [root / n for n in ("session.toml", "candidates.csv", "documents")]
    built = prepare_bundle(*files, now=IN_WINDOW,
                           signer_certs=[load_signer_cert("chair", p12, b"pw")])  # fmt: skip
    assert built.manifest.session.member("m-mines-1").signer_cert_sha256 == fp
    twice = [load_signer_cert("chair", p12, b"pw")] * 2
    with pytest.raises(UsageError, match="give each institution's certificate once"):
        prepare_bundle(*files, now=IN_WINDOW, signer_certs=twice)
