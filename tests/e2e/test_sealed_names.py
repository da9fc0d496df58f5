"""A session from a bundle that seals the names and the flags, end to end through the CLI
(``simulate --signed``): the desk writes each candidate's salts into minutes.json, the PV
shows the opened names, ``minutes verify --bundle`` checks every shown value against its
commitment, and a desk that changes a name or a flag at export is named (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jury_desk.deliberation.service import DeliberationService
from jury_desk.minutes.export import export_minutes_with
from jury_desk.minutes.model import Minutes
from tests.e2e.simkit import Bundle, Run, Signers, cli, make_bundle, simulate
from tests.e2e.test_signed_simulation import copy_of, session_of
from tests.minutes import poppler
from tests.minutes.sample import candidate_name
from tests.minutes.tamper import with_statistics_of

N = 6


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, signers: Signers) -> Bundle:
    return make_bundle(
        tmp_path_factory.mktemp("bundle"), signers.certs, n_candidates=N,
        seal=("scholarship", "name"),
    )  # fmt: skip


@pytest.fixture(scope="module")
def run(tmp_path_factory, bundle: Bundle, signers: Signers, signer_env) -> Run:
    done = simulate(bundle, signers, tmp_path_factory.mktemp("run"), "--signed")
    assert done.code == 0, done.stderr
    return done


def pv_verify(bundle: Bundle, pv: Path) -> tuple[int, str, str]:
    return cli("minutes", "verify", pv, "--bundle", bundle.path, "--trusted-key",
               bundle.public_key, "--allow-simulation")  # fmt: skip


def test_the_pv_shows_the_opened_names_and_verifies_them(run: Run, bundle: Bundle):
    assert all(c.name is None for c in bundle.manifest.candidates)
    minutes = json.loads(run.minutes_json.read_text(encoding="utf-8"))
    assert [c["name"] for c in minutes["candidates"]] == [candidate_name(i) for i in range(N)]
    assert all(set(c["blind_salts"]) == {"scholarship", "name"} for c in minutes["candidates"])
    text = " ".join(" ".join(page.split()) for page in poppler.page_texts(run.pv))
    assert candidate_name(0) in text
    code, out, err = pv_verify(bundle, run.pv)
    assert (code, err) == (0, ""), err
    assert "every blind field it shows opens the bundle's sealed commitment" in out


@pytest.mark.parametrize("field", ["name", "scholarship"])
def test_a_blind_field_changed_at_export_is_named_by_minutes_verify(
    run: Run, bundle: Bundle, signers: Signers, tmp_path, monkeypatch, field
):
    """The forger controls the desk at export (or every PV signer colludes): the PV is
    signed by the genuine keys, with one candidate's name or flag changed."""
    victim = run.minutes()["candidates"][2]["id"]
    copy = copy_of(session_of(run, bundle), tmp_path / "session.jdsession")
    with DeliberationService.resume(copy) as service:
        honest = service.minutes_data

        def with_changed_field(lang: str = "fr", **drawn_from) -> Minutes:
            data = honest(lang, **drawn_from).model_dump(mode="json", exclude_none=True)
            cand = next(c for c in data["candidates"] if c["id"] == victim)
            cand[field] = "Someone Else" if field == "name" else not cand[field]
            return with_statistics_of(data)

        monkeypatch.setattr(service, "minutes_data", with_changed_field)
        exported = export_minutes_with(service, tmp_path / "pv", signers=signers.unlocked())
    code, out, err = pv_verify(bundle, exported.pv)
    assert code == 1 and err.count("\n") == 1, (out, err)
    assert victim in out and "do not open the bundle's sealed commitments" in out
