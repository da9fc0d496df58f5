"""What the PV says (issue 13 §1): visas, appeal routes, "Fait à", local times with the
offset, the opening and closing, "Établi le" the close, the admitted and the ranked waiting
list, approvers by name, early reveals and departures from the rules in words, and the
rules' reasons as codes with their facts, worded in the PV's language."""

from __future__ import annotations

import re
import string

import pytest
from pydantic import ValidationError

from jury_desk.core.proposals import REASON_TEXTS
from jury_desk.minutes.labels import REASONS_EN, REASONS_FR
from jury_desk.minutes.model import Minutes
from jury_desk.minutes.pdf import render_pv
from tests.minutes import poppler
from tests.minutes.sample import DEVIATION_INDEX, EARLY_INDEX, minutes_dict

VISAS = [
    "Vu le code de l'éducation, notamment ses articles L. 612-6 et L. 613-1 ;",
    "Vu le règlement des études du Master AI & Data Business ;",
]
APPEAL = "Recours gracieux auprès du président du jury dans un délai de deux mois."


def _minutes(**session: object) -> Minutes:
    d = minutes_dict(24)
    d["session"].update(session)
    return Minutes.model_validate(d)


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    m = _minutes(visas=VISAS, appeal_routes=[APPEAL], signing_place="Paris")
    out = tmp_path_factory.mktemp("pv")
    return {lang: _layout(render_pv(m, out / f"{lang}.pdf", lang=lang)) for lang in ("fr", "en")}


def _layout(pdf) -> str:
    """The PV's text as laid out (label and value on one line, as a reader sees them)."""
    done = poppler.run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.interop
def test_visas_appeals_and_fait_a_are_printed(texts):
    fr = _flat(texts["fr"])
    assert "Le jury, " + " ".join(VISAS) + " a délibéré et arrêté les décisions suivantes." in fr
    assert "Voies et délais de recours " + APPEAL in fr
    # "Fait à" the town the session gives, on the day of the closing (15 June, 12:25 UTC).
    assert "Fait à Paris, le 15 juin 2026." in fr
    assert "Done at Paris, on 15 June 2026." in _flat(texts["en"])


@pytest.mark.interop
def test_times_are_local_with_the_offset_and_drawn_up_at_the_close(texts):
    fr = _flat(texts["fr"])
    # The sample sits from 08:30 UTC to 12:25 UTC on 15 June 2026: Paris is UTC+02:00.
    assert "Heures indiquées en heure locale (Europe/Paris, UTC+02:00)." in fr
    assert "Ouverture de la séance 15 juin 2026 à 10:30" in fr
    assert "Clôture de la séance 15 juin 2026 à 14:25" in fr
    assert "Procès-verbal établi le 15 juin 2026 à 14:25" in fr  # the close, not the export
    assert "UTC" not in fr.split("Heures indiquées")[0]  # no UTC time before the note


@pytest.mark.interop
def test_another_time_zone_moves_every_time(tmp_path):
    m = _minutes(time_zone="America/Martinique")
    fr = _flat(_layout(render_pv(m, tmp_path / "pv.pdf")))
    assert (
        "(America/Martinique, UTC-04:00)" in fr
        and "Ouverture de la séance 15 juin 2026 à 04:30" in fr
    )


@pytest.mark.interop
def test_admitted_and_waiting_list_ranked_with_the_tie_break(texts):
    fr = _flat(texts["fr"])
    m = _minutes()
    admitted = [c for c in m.candidates if c.decision == "admit"]
    waiting = sorted(
        (c for c in m.candidates if c.decision == "waitlist"),
        key=lambda c: (-(c.overall or 0), -min(c.institution_means.values()), c.id),
    )
    assert f"Admis ({len(admitted)}), par note globale décroissante" in fr
    assert f"Liste d'attente ({len(waiting)}), classée" in fr
    section = fr.split("Liste d'attente (")[1].split("Classement par note")[0]
    ranks = [section.index(f"{n}. {c.id}") for n, c in enumerate(waiting, start=1)]
    assert ranks == sorted(ranks)
    assert "à égalité, passe devant le dossier dont la plus basse des deux moyennes" in fr


@pytest.mark.interop
def test_approvers_early_reveals_and_departures_are_in_words(texts):
    fr = _flat(texts["fr"])
    m = _minutes()
    first = m.candidates[0]
    names = ", ".join(m.member(a.member).name for a in first.approvals)
    assert names in fr  # the decisions table names the approvers
    early = m.candidates[EARLY_INDEX]
    assert f"{early.id} — " in fr and "Révélation anticipée notes révélées par Hélène" in fr
    assert "avant que toutes les fiches attendues soient scellées" in fr
    deviation = m.candidates[DEVIATION_INDEX]
    assert (
        "Écart aux règles le jury a décidé « Admis » là où les règles proposaient « Refusé »" in fr
    ), deviation.id
    assert "Motifs de la proposition note globale" in fr  # the rules' reasons, in French
    en = _flat(texts["en"])
    assert "Rules' reasons overall" in en and "Early reveal scores revealed by" in en


def test_every_reason_code_has_a_french_and_an_english_wording_with_its_facts():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert set(REASONS_FR) == set(REASONS_EN) == set(REASON_TEXTS)
    for code, core in REASON_TEXTS.items():
        assert fields(REASONS_FR[code]) == fields(REASONS_EN[code]) == fields(core), code


def test_minutes_json_refuses_an_unknown_reason_code_or_a_stranger_revealing():
    d = minutes_dict(24)
    d["candidates"][0]["reasons"] = [{"code": "because-i-said-so", "facts": {}}]
    with pytest.raises(ValidationError, match="unknown reason code"):
        Minutes.model_validate(d)
    d = minutes_dict(24)
    d["candidates"][0]["early_reveal"] = {"by": "m-nobody", "at": "2026-06-15T09:00:00+00:00"}
    with pytest.raises(ValidationError, match="early_reveal names"):
        Minutes.model_validate(d)
    d = minutes_dict(24)
    d["closed_at"] = "2026-06-15T08:00:00+00:00"  # before the opening
    with pytest.raises(ValidationError, match="closed_at is before opened_at"):
        Minutes.model_validate(d)
