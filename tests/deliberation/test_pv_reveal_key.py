"""The PV says where the reveal key came from, as ``audit verify`` does: pinned by the
bundle, made in the room, or none (an unsigned log, format 1). Read back from the PDF's
text with pypdf, in French and English; a PV that says otherwise than its session is
refused by ``audit verify --pv``; minutes written before they said it render as before."""

from __future__ import annotations

import io
import re

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from jury_desk.cli import main
from jury_desk.minutes.model import Minutes, minutes_bytes
from jury_desk.minutes.pdf import render_pv_bytes
from jury_desk.signing import member_key, reveal_pin
from tests.deliberation.jury import (
    CHAIR,
    EVERYONE,
    open_room,
    open_signed_room,
    passphrase,
)
from tests.deliberation.test_pinned_reveal_key import pinned, texts

SAID = {
    "pinned": (
        "Clé d'ouverture des plis : épinglée par le dossier signé de la scolarité, faite avec "
        "la clé du président hors de la salle. Jusqu'à l'ouverture des plis, elle seule "
        "pouvait lire les feuilles scellées.",
        "Reveal key: pinned by the secretariat's signed bundle, made with the chair's key "
        "outside the room. Until the reveal, it alone could read the sealed sheets.",
    ),
    "room": (
        "Clé d'ouverture des plis : faite dans la salle à l'enregistrement du président, non "
        "épinglée par le dossier signé de la scolarité. Jusqu'à l'ouverture des plis, elle "
        "seule pouvait lire les feuilles scellées.",
        "Reveal key: made in the room at the chair's registration, not pinned by the "
        "secretariat's signed bundle. Until the reveal, it alone could read the sealed sheets.",
    ),
    "unsigned": (
        "Clé d'ouverture des plis : aucune (journal non signé, format 1) ; les feuilles "
        "scellées étaient en clair dans le fichier de séance.",
        "Reveal key: none (unsigned log, format 1); the sealed sheets were in clear in the "
        "session file.",
    ),
}


def pdf_text(data: bytes) -> str:
    """Every page's text, its whitespace (line breaks included) made single spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def close(r) -> Minutes:
    for candidate in ("C001", "C002", "C003"):
        r.finalise(candidate)
    r.svc.close_session(CHAIR, passphrase(CHAIR))
    return r.svc.minutes_data()


@pytest.fixture(scope="module")
def member_keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


@pytest.fixture(scope="module")
def sessions(tmp_path_factory, member_keys):
    """A closed session of each kind: (its minutes, its file)."""
    folder = tmp_path_factory.mktemp("sessions")
    for case in ("pinned", "room", "unsigned"):
        (folder / case).mkdir()
    manifest = pinned(member_keys, reveal_pin.make_pin(member_keys[CHAIR][0]))
    rooms = {
        "pinned": open_signed_room(
            folder / "pinned", manifest=manifest, secret_keys=texts(member_keys)
        ),
        "room": open_signed_room(folder / "room"),
        "unsigned": open_room(folder / "unsigned"),
    }
    out = {case: (close(r), r.svc.path) for case, r in rooms.items()}
    for r in rooms.values():
        r.svc.close()
    return out


@pytest.mark.parametrize("case", ["pinned", "room", "unsigned"])
def test_the_pv_says_where_the_reveal_key_came_from_in_both_languages(sessions, case):
    minutes, _ = sessions[case]
    assert minutes.reveal_key == {"unsigned": "absent"}.get(case, case)
    french, english = SAID[case]
    text_fr, text_en = (pdf_text(render_pv_bytes(minutes, lang=lang)) for lang in ("fr", "en"))
    assert french in text_fr and english in text_en
    others = [said for other, pair in SAID.items() if other != case for said in pair]
    assert not any(said in text_fr or said in text_en for said in others)


@pytest.mark.parametrize("case", ["pinned", "room", "unsigned"])
def test_audit_verify_ties_the_pvs_reveal_key_to_the_session(sessions, case, tmp_path, capsys):
    minutes, path = sessions[case]
    pv = tmp_path / "PV.pdf"
    pv.write_bytes(render_pv_bytes(minutes))
    assert main(["audit", "verify", str(path), "--pv", str(pv)]) == 0
    assert "anchors this session's whole log" in capsys.readouterr().out
    if case == "unsigned":  # format 1 cannot claim a key: the minutes' own check refuses
        data = minutes.model_dump(mode="json") | {"reveal_key": "pinned"}
        with pytest.raises(ValidationError, match="only a signed log"):
            Minutes.model_validate(data)
        return
    # The desk holder's PV says another origin (e.g. "pinned" for a key made in the room,
    # the lie that would make a room-made key look like the secretariat's).
    lie = {"pinned": "room", "room": "pinned"}[case]
    forged = minutes.model_copy(update={"reveal_key": lie})
    Minutes.model_validate(forged.model_dump(mode="json"))  # well-formed: only the file says
    pv.write_bytes(render_pv_bytes(forged))
    before = path.read_bytes()
    assert main(["audit", "verify", str(path), "--pv", str(pv)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    said = {"pinned": "pinned by the bundle", "room": "made in the room"}[lie]
    assert f"PV.pdf says the reveal key was {said}, but this session's was " in err[0]
    assert path.read_bytes() == before


def test_minutes_written_before_they_said_it_render_as_they_always_did(sessions):
    """A PV archived by an earlier desk re-renders from its own minutes.json to the same
    bytes (``minutes verify`` compares them): no line, and nothing else moves."""
    minutes, _ = sessions["room"]
    older = minutes.model_copy(update={"reveal_key": None})
    assert b'"reveal_key"' not in minutes_bytes(older)
    text = pdf_text(render_pv_bytes(older))
    assert "Clé d'ouverture des plis" not in text
    assert "Empreintes (SHA-256) des clés" in text  # the section before it is unchanged
