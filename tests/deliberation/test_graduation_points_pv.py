"""Points de jury on the graduation PV: the rules allow them (``jury_points_max``) and decide
on the raised average, so the PV states the rules' decision after them and does not list
them as a departure from the rules; a decision the jury takes against the rules still is
one. Read back from the PDF's text with pypdf, in French and English."""

from __future__ import annotations

import io
import re

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from jury_desk.minutes.model import Minutes
from jury_desk.minutes.pdf import render_pv_bytes
from tests.deliberation.graduates import diploma_manifest
from tests.deliberation.jury import CHAIR, open_room, passphrase
from tests.deliberation.test_graduation import GRADES

WHY = "Progression remarquable en deuxième année."


def pdf_text(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def block(text: str, candidate: str, name: str) -> str:
    """A candidate's block of section 5, up to the next candidate's."""
    start = text.index(f"{candidate} — {name}")
    end = re.compile(r"C00\d — ").search(text, start + 1)
    return text[start : end.start() if end else len(text)]


@pytest.fixture(scope="module")
def minutes(tmp_path_factory) -> Minutes:
    """C002 raised by 0.083 points de jury to the pass mark; C005 given a mention the rules
    do not give (a real departure); the others as the rules propose."""
    r = open_room(tmp_path_factory.mktemp("room"), manifest=diploma_manifest(GRADES, jury=False))
    svc = r.svc
    svc.add_jury_points(CHAIR, "C002", 0.083, WHY)
    r.approve_both("C002")
    svc.propose(CHAIR, "C005", "award", "assez_bien", "Mémoire remarquable, 18/20.")
    r.approve_both("C005")
    for candidate in ("C001", "C003", "C004"):
        r.finalise(candidate)
    svc.close_session(CHAIR, passphrase(CHAIR))
    out = svc.minutes_data()
    svc.close()
    return out


WORDS = {
    "fr": {
        "after": "Après points de jury « Diplômé » sur la moyenne portée à 10,000 : des points "
        "de jury donnés dans la limite des règles (0,5 au plus, section 3) ne sont pas un "
        "écart aux règles",
        "departure": "Écart aux règles",
        "legend": "† Points de jury donnés dans la limite des règles : la décision est celle "
        "des règles sur la moyenne relevée (section 5).",
        "points": "Points de jury 0,083 : moyenne 9,917 portée à 10,000",
        "C002": "C002 Yasmine Benali",
        "C005": "C005 Oluwaseun Adébayo",
        "awarded": "Diplômé",
        "proposal": "Proposition des règles Ajourné",
    },
    "en": {
        "after": "After points de jury “Degree awarded” on the average raised to 10.000: points "
        "de jury given within the rules (at most 0.5, section 3) are no departure from the "
        "rules",
        "departure": "Departure from the rules",
        "legend": "† Points de jury given within the rules: the decision is the rules' on the "
        "raised average (section 5).",
        "points": "Points de jury 0.083: average 9.917 raised to 10.000",
        "C002": "C002 Yasmine Benali",
        "C005": "C005 Oluwaseun Adébayo",
        "awarded": "Degree awarded",
        "proposal": "Rules' proposal Deferred",
    },
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_points_de_jury_within_the_rules_are_no_departure_from_them(minutes, lang):
    c2 = minutes.candidates[1]
    assert c2.diploma is not None
    assert (c2.diploma.rules_after, c2.diploma.rules_after_mention) == ("award", None)
    words = WORDS[lang]
    text = pdf_text(render_pv_bytes(minutes, lang=lang))
    points = block(text, "C002", "Yasmine Benali")
    # What the rules proposed on the raw average stays on record, then what they decide
    # once the points are added, and no departure.
    assert words["points"] in points and words["proposal"] in points
    assert words["after"] in points
    assert words["departure"] not in points
    assert WHY in points  # the points' justification is kept
    # A mention the rules do not give is a departure, as before.
    departure = block(text, "C005", "Oluwaseun Adébayo")
    assert words["departure"] in departure and words["after"][:12] not in departure
    # The decisions table marks each kind apart, and the legend says what † means.
    assert words["legend"] in text
    row = re.search(r"C002 Yasmine Benali .{0,40}?(\*|†)", text)
    assert row is not None and row.group(1) == "†"
    row = re.search(r"C005 Oluwaseun Adébayo .{0,60}?(\*|†)", text)
    assert row is not None and row.group(1) == "*"


def test_minutes_written_before_they_gave_the_rules_after_points_render_as_before(minutes):
    """An archived PV re-renders from its own minutes.json to the same bytes (``minutes
    verify`` compares them): without ``rules_after`` the points stay a departure, and the
    legend of † is not printed."""
    c2 = minutes.candidates[1]
    assert c2.diploma is not None
    older_c2 = c2.model_copy(
        update={"diploma": c2.diploma.model_copy(update={"rules_after": None})}
    )
    older = minutes.model_copy(update={"candidates": [minutes.candidates[0], older_c2,
                                                      *minutes.candidates[2:]]})  # fmt: skip
    text = pdf_text(render_pv_bytes(older))
    assert "Écart aux règles le jury a décidé « Diplômé » là où les règles proposaient " \
        "« Ajourné »" in block(text, "C002", "Yasmine Benali")  # fmt: skip
    assert "† " not in text and "Après points de jury" not in text


def test_the_rules_decision_after_points_needs_points_and_a_mention_needs_an_award(minutes):
    data = minutes.model_dump(mode="json")
    c1 = data["candidates"][0]["diploma"]
    c1["rules_after"] = "award"  # C001 was given no points de jury
    with pytest.raises(ValidationError, match="C001: the rules' decision after points"):
        Minutes.model_validate(data)
    data = minutes.model_dump(mode="json")
    data["candidates"][1]["diploma"]["rules_after"] = "ajourne"
    data["candidates"][1]["diploma"]["rules_after_mention"] = "bien"
    with pytest.raises(ValidationError, match="C002: a mention goes only with an awarded"):
        Minutes.model_validate(data)
