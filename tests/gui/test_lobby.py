"""The lobby: attendance with times, each school's quorum, first sign-in (passphrase chosen
twice), sign-in, conflicts with their category; every refusal is the service's."""

from __future__ import annotations

import re

from jury_desk.gui.views.scoring_page import ScoringPage
from tests.gui.session_driver import (
    check_in,
    click,
    open_demo,
    passphrase,
    sign_act,
)

TIME = r"\d\d:\d\d"


def presence(page, row: int) -> str:
    return page.lobby.jury.data(page.lobby.jury.index(row, 3))


def refused_choices(qtbot, dialog, service, member_id: str) -> None:
    """A passphrase chosen at a first sign-in or arrival: two different entries, then one
    too short, each refused in the dialog (the second by the service), nothing written."""
    assert "au moins 8 signes" in dialog.explanation.text()  # the service's minimum
    assert dialog.again is not None
    qtbot.keyClicks(dialog.passphrase, "long enough one")
    qtbot.keyClicks(dialog.again, "long enough two")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == (
        "Les deux saisies diffèrent : tapez la même phrase secrète deux fois."
    )
    qtbot.keyClicks(dialog.passphrase, "short")
    qtbot.keyClicks(dialog.again, "short")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == (
        "Cette phrase secrète est trop courte : choisissez-en une d'au moins 8 signes."
    )
    assert not service.has_passphrase(member_id) and dialog.isVisible()


def test_check_in_and_out_with_times_and_the_quorum_of_each_school(qtbot, window, notices):
    page = open_demo(qtbot, window, "admission")
    lobby = page.lobby
    assert [lobby.jury.data(lobby.jury.index(r, 0)) for r in range(6)] == [
        "Hélène Rousseau",
        "Pierre-Yves Martin",
        "Sophie Laurent",
        "Karim Haddad",
        "Julie Bernard",
        "Antoine Petit",
    ]
    assert lobby.jury.data(lobby.jury.index(3, 1)) == "Albert School"
    assert presence(page, 0) == "Pas encore arrivé(e)"
    mines, albert = lobby.quorum.lines["MINES"], lobby.quorum.lines["ALBERT"]
    assert mines.text() == "✗ Mines Paris – PSL : présents 0, requis 2"
    assert mines.property("role") == "quorum-unmet"
    # A signed session: scoring waits for the reveal key the chair's first arrival makes.
    assert lobby.waiting_chair.isVisible()
    assert lobby.waiting_chair.text().startswith(
        "⚠ La notation attend le président, Hélène Rousseau : sa première arrivée crée la clé"
    )
    check_in(qtbot, page, "m-albert-1")
    assert lobby.waiting_chair.isVisible()

    for member in ("m-mines-1", "m-mines-2"):
        check_in(qtbot, page, member)
    assert not lobby.waiting_chair.isVisible()
    assert re.fullmatch(f"Présent\\(e\\) depuis {TIME}", presence(page, 0))
    assert mines.text() == "✓ Mines Paris – PSL : présents 2, requis 2"
    assert mines.property("role") == "quorum-met"
    assert albert.text() == "✗ Albert School : présents 1, requis 2"
    assert not window.service.quorum_status().met

    lobby.select_member("m-mines-2")
    assert not lobby.check_in_button.isEnabled()  # already here
    click(qtbot, lobby.check_out_button)
    leaving = lobby.dialog  # the departure is signed too
    qtbot.waitUntil(leaving.isVisible)
    qtbot.keyClicks(leaving.passphrase, "not the right one")
    click(qtbot, leaving.ok_button)
    assert leaving.error.text() == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    assert "m-mines-2" in window.service.present_members()  # nothing written
    sign_act(qtbot, leaving, secret=passphrase("m-mines-2"))
    assert re.fullmatch(f"Parti\\(e\\) à {TIME}", presence(page, 1))
    tip = lobby.jury.data(lobby.jury.index(1, 3), 3)  # ToolTipRole: the whole history
    assert re.fullmatch(f"Arrivée à {TIME}\nDépart à {TIME}", tip)
    assert mines.text() == "✗ Mines Paris – PSL : présents 1, requis 2"
    assert [e.kind for e in window.service.attendance()] == ["in", "in", "in", "out"]
    assert [e.member_id for e in window.service.attendance()][0] == "m-albert-1"
    assert notices == []


def test_first_arrival_chooses_the_passphrase_twice_and_signs_in_with_it(qtbot, window, notices):
    """A signed session: the first arrival registers the member's key under the passphrase
    they choose (typed twice, judged by the service); signing in to score unlocks it."""
    page = open_demo(qtbot, window, "admission")
    service = window.service
    for member in ("m-mines-1", "m-mines-2", "m-albert-1"):
        check_in(qtbot, page, member)
    lobby = page.lobby
    lobby.select_member("m-albert-2")
    assert lobby.jury.data(lobby.jury.index(4, 4)) == "à choisir"
    click(qtbot, lobby.check_in_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    refused_choices(qtbot, dialog, service, "m-albert-2")
    assert "m-albert-2" not in service.present_members()
    sign_act(qtbot, dialog, secret=passphrase("m-albert-2"))
    assert service.has_passphrase("m-albert-2") and "m-albert-2" in service.present_members()
    assert lobby.jury.data(lobby.jury.index(4, 4)) == "choisie"

    click(qtbot, lobby.sign_in_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.again is None  # known member: the passphrase once
    qtbot.keyClicks(dialog.passphrase, "not the right one")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    assert page.scoring is None
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-2"))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(page.stack.currentWidget(), ScoringPage))
    assert page.who.text() == "Connecté(e) pour noter : Julie Bernard (Albert School)"
    assert notices == []


def test_first_sign_in_chooses_the_passphrase_twice_in_an_unsigned_session(qtbot, window, notices):
    """An unsigned log (format 1, a session made before format 2) keeps its rules."""
    page = open_demo(qtbot, window, "admission", signed=False)
    assert not page.lobby.waiting_chair.isVisible()
    service = window.service
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"):
        check_in(qtbot, page, member)
    lobby = page.lobby
    lobby.select_member("m-albert-2")
    assert lobby.jury.data(lobby.jury.index(4, 4)) == "à choisir"
    click(qtbot, lobby.sign_in_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    refused_choices(qtbot, dialog, service, "m-albert-2")

    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-2"))
    qtbot.keyClicks(dialog.again, passphrase("m-albert-2"))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(page.stack.currentWidget(), ScoringPage))
    assert service.has_passphrase("m-albert-2")
    assert page.who.text() == "Connecté(e) pour noter : Julie Bernard (Albert School)"
    assert lobby.jury.data(lobby.jury.index(4, 4)) == "choisie"
    assert "connecté(e)" in presence(page, 4)

    click(qtbot, page.sign_out_button)
    qtbot.waitUntil(lambda: page.scoring is None)
    lobby.select_member("m-albert-2")
    click(qtbot, lobby.sign_in_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.again is None  # known member: the passphrase once
    qtbot.keyClicks(dialog.passphrase, "not the right one")
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    assert page.scoring is None
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-2"))
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.scoring is not None)
    assert notices == []


def test_an_absent_member_cannot_sign_in(qtbot, window):
    page = open_demo(qtbot, window, "admission")
    page.lobby.select_member("m-mines-3")
    assert not page.lobby.sign_in_button.isEnabled()
    assert not page.lobby.conflict_button.isEnabled()
    assert page.lobby.check_in_button.isEnabled()


def test_declare_a_conflict_with_its_category(qtbot, window):
    page = open_demo(qtbot, window, "admission")
    service = window.service
    check_in(qtbot, page, "m-albert-3")
    lobby = page.lobby
    bundle_conflicts = lobby.conflicts.rowCount()
    assert bundle_conflicts == 4
    assert lobby.conflicts.data(lobby.conflicts.index(0, 2)) == "Ancien enseignant"
    assert lobby.conflicts.data(lobby.conflicts.index(0, 3)) == "déclaré dans le dossier"

    lobby.select_member("m-albert-3")
    click(qtbot, lobby.conflict_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert [dialog.category.itemText(i) for i in range(dialog.category.count())] == [
        "Tuteur de stage/apprentissage",
        "Commanditaire d'un business case",
        "Lien familial/personnel",
        "Ancien enseignant",
        "Autre",
    ]
    dialog.candidate.setCurrentIndex(dialog.candidate.findData("ADM-05"))
    dialog.category.setCurrentIndex(dialog.category.findData("sponsor"))
    qtbot.keyClicks(dialog.note, "Business case Qonto 2025")
    sign_act(qtbot, dialog, secret=passphrase("m-albert-3"))  # the declaration is signed

    assert lobby.conflicts.rowCount() == bundle_conflicts + 1
    row = [lobby.conflicts.data(lobby.conflicts.index(0, c)) for c in range(5)]  # by candidate
    assert row[:3] == ["Antoine Petit", "ADM-05 — Aarav Sharma", "Commanditaire d'un business case"]
    assert re.fullmatch(f"déclaré en séance · {TIME}", row[3])
    assert row[4] == "Business case Qonto 2025"
    (conflict,) = service.candidate_detail("m-mines-1", "ADM-05").conflicts
    assert (conflict.member_id, conflict.category, conflict.source) == (
        "m-albert-3",
        "sponsor",
        "room",
    )

    # The same conflict again: the service refuses, the dialog says so, nothing is written.
    head = service.audit_head()
    click(qtbot, lobby.conflict_button)
    dialog = lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.candidate.setCurrentIndex(dialog.candidate.findData("ADM-05"))
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-3"))
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == (
        "Ce conflit d'intérêts est déjà déclaré pour ce candidat : rien à faire."
    )
    assert dialog.isVisible()
    assert service.audit_head() == head
    assert lobby.conflicts.rowCount() == bundle_conflicts + 1
