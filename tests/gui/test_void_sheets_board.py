"""The room's board tells the chair which sealed sheets the ouverture des plis did not count
(issue 12), through real widgets over the real signed service: in the notice after the act
and in the candidate's pane, whose and why in plain words, never a score; and once the
member seals again, the pane says so. The void sheets are made as a desk would send them
(``tests.deliberation.desks.garbage_seal``: correctly signed, not countable)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from jury_desk.gui.controller import DossierDocuments, SessionController
from jury_desk.gui.views.board_page import BoardPage
from tests.deliberation.desks import garbage_seal, joined_room, pinned_keys
from tests.deliberation.jury import ALBERT, CHAIR, MINES, passphrase, sheet
from tests.gui.session_driver import click, sign_act

A1, A2 = ALBERT[:2]


@pytest.fixture(scope="module")
def keys():
    return pinned_keys()


@pytest.fixture
def rd(tmp_path, keys):
    r = joined_room(tmp_path, keys, (A1, A2))
    yield r
    r.room.svc.close()


@pytest.fixture
def board(qtbot, rd):
    svc = rd.room.svc
    documents = DossierDocuments.of_resumed(svc, rd.folder)  # no dossier is read here
    controller = SessionController(svc, documents)
    page = BoardPage(controller)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    yield page
    page.close()
    page.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _room_seals(rd, candidate):
    for member in MINES:
        rd.room.seal(member, candidate, sheet(16))


def _name(rd, member):
    return rd.room.svc.manifest.session.member(member).name


def test_the_chair_is_told_which_sheets_were_void_and_why(qtbot, rd, board, notices):
    _envelope, _commitment = garbage_seal(rd, A1, "C001")  # opens with no key
    rd.desks[A2].seal(rd.reveal_public(), rd, "C001", sheet(12))
    for member in (A1, A2):
        rd.desks[member].seal(rd.reveal_public(), rd, "C002", sheet(13))
    rd.exchange()
    _room_seals(rd, "C001")
    _room_seals(rd, "C002")
    board.refresh()
    board.select_candidate("C001")
    pane = board.pane
    qtbot.waitUntil(lambda: pane.candidate_id == "C001")
    sealers = ", ".join(_name(rd, m) for m in (*MINES, A1, A2))
    assert pane.seals.isVisible()  # who has sealed, before the reveal: never what
    assert pane.seals.text() == f"Feuilles scellées : 5 sur 5.\nScellées par : {sealers}"

    click(qtbot, board.open_button)
    sign_act(qtbot, board.dialog, CHAIR, passphrase(CHAIR))
    (notice,) = notices
    assert notice.level == "warning"
    assert notice.text == (
        "Notes révélées pour 1 candidat(s) : C002.\n\n"
        "Feuilles non comptées à l'ouverture des plis :\n"
        f"C001 — {_name(rd, A1)} : sa feuille scellée ne s'ouvre pas avec la clé de la salle "
        "(ou n'est pas celle de son engagement). Feuille non comptée ; son poste l'en "
        "informe : le membre peut sceller à nouveau."
    )

    # The candidate's pane, where the chair looks: whose, why, and what comes next.
    board.select_candidate("C002")
    qtbot.waitUntil(lambda: pane.candidate_id == "C002")
    assert not pane.void_sheets.isVisible() and not pane.seals.isVisible()  # revealed
    board.select_candidate("C001")
    qtbot.waitUntil(lambda: pane.candidate_id == "C001")
    assert pane.seals.text().splitlines()[::2] == [
        "Feuilles scellées : 4 sur 5.",
        f"Pas encore scellées : {_name(rd, A1)}",
    ]
    assert pane.void_sheets.isVisible()
    assert f"{_name(rd, A1)} : sa feuille scellée ne s'ouvre pas" in pane.void_sheets.text()
    assert "le membre peut sceller à nouveau" in pane.void_sheets.text()

    # The member seals again from their desk: the pane says so.
    rd.desks[A1].seal(rd.reveal_public(), rd, "C001", sheet(15))
    rd.exchange()
    board.select_candidate("C001")
    qtbot.waitUntil(lambda: pane.candidate_id == "C001")
    pane.refresh()
    assert "Le membre a scellé une nouvelle feuille depuis." in pane.void_sheets.text()


def test_an_off_rubric_sheet_is_named_void_without_its_scores(qtbot, rd, board, notices):
    """A forced reveal with an off-rubric sheet: the pane names it, counts the others, and
    shows none of the opened scores (25 here), which stay in the signed event."""
    rd.desks[A1].seal(rd.reveal_public(), rd, "C003", sheet(14))
    garbage_seal(rd, A2, "C003", scores=sheet(25.0))
    rd.exchange()
    _room_seals(rd, "C003")
    board.refresh()
    board.select_candidate("C003")
    pane = board.pane
    qtbot.waitUntil(lambda: pane.candidate_id == "C003")
    dialog = pane.ask_reveal()
    sign_act(qtbot, dialog, CHAIR, passphrase(CHAIR))
    qtbot.waitUntil(lambda: pane.void_sheets.isVisible())
    text = pane.void_sheets.text()
    assert f"{_name(rd, A2)} : ses notes scellées sont hors du barème." in text
    assert "Révélation forcée : les autres feuilles ont été comptées sans elle." in text
    assert not re.search(r"\b25\b", text)
