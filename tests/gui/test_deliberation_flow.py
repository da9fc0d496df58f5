"""Whole deliberations through the desk, on the shipped demo bundles.

ADM-01 goes from check-in to a final decision through the GUI alone: six members sign in
(choosing their passphrase), score with the keyboard, seal after the read-back; the chair's
board shows the reveal, a note is added to the flagged candidate, the rules' proposal is
kept, one member per school approves. Other candidates are scored through the very service
the window holds (nobody scores 24 x 6 sheets by hand in a test); the session is then closed
from the board.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from jury_desk.deliberation.service import DeliberationService
from jury_desk.gui.views.session_page import SessionPage
from tests.gui.session_driver import (
    WAIT_MS,
    accept_rule,
    add_note,
    check_in,
    click,
    eligible,
    open_demo,
    open_ready,
    passphrase,
    score_with_keyboard,
    seal,
    sign_act,
    sign_in,
    uniform,
)

MEMBERS = ("m-mines-1", "m-mines-2", "m-mines-3", "m-albert-1", "m-albert-2", "m-albert-3")
# ADM-01, each member's total (every criterion the same): Mines 16, Albert 15.33, overall
# 15.67 (admit), but members 13 and 19 are 6 apart: flagged ("member-spread" > 5).
ADM01 = {
    "m-mines-1": "16",
    "m-mines-2": "15",
    "m-mines-3": "17",
    "m-albert-1": "13",
    "m-albert-2": "19",
    "m-albert-3": "14",
}


def board_cell(page: SessionPage, candidate_id: str, header: str) -> str:
    model = page.board.model
    row = model.row_of(candidate_id)
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.data(model.index(row, columns.index(header)))


def approve_in_slot(qtbot, page: SessionPage, school: str, member_id: str, secret: str) -> None:
    slot = page.board.pane.slots[school]
    slot.member.setCurrentIndex(slot.member.findData(member_id))
    qtbot.keyClicks(slot.passphrase, secret)
    click(qtbot, slot.approve_button)


def decide_through_the_service(service: DeliberationService, candidate_id: str) -> None:
    """Note if flagged, the rules' proposal, one approval per school (first eligible)."""
    detail = service.candidate_detail("m-mines-1", candidate_id)
    if detail.reconciliation is not None and detail.reconciliation.flags:
        service.add_note(
            "m-mines-1", candidate_id, "Discuté en séance.", passphrase=passphrase("m-mines-1")
        )
    if detail.proposal is None:
        service.accept_rule_proposal("m-mines-1", candidate_id, passphrase=passphrase("m-mines-1"))
    for school in ("MINES", "ALBERT"):
        approver = next(m for m in eligible(service, candidate_id) if school.lower() in m)
        service.approve(approver, candidate_id, school, passphrase(approver))


def test_an_admission_from_check_in_to_closing(qtbot, window, notices):
    page = open_demo(qtbot, window, "admission")
    service = window.service
    for member in MEMBERS:
        check_in(qtbot, page, member)

    # -- every member scores ADM-01 through the GUI, keyboard only from the worklist on
    for member, value in ADM01.items():
        sign_in(qtbot, page, member)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.scoring.worklist_table)
        assert page.scoring.candidate_id == "ADM-01"
        score_with_keyboard(qtbot, page, [value] * 4, member)
        click(qtbot, page.sign_out_button)
        qtbot.waitUntil(lambda: page.scoring is None)
    # A signed session reveals nothing by itself: the chair opens the sealed sheets.
    assert not service.candidate_detail("m-mines-1", "ADM-01").revealed
    click(qtbot, page.board_button)
    board, pane = page.board, page.board.pane
    assert board_cell(page, "ADM-01", "État") == "Notation (6/6)"
    assert board.open_button.isEnabled()
    assert board.open_button.toolTip() == "Prêts pour l'ouverture des plis : ADM-01"
    click(qtbot, board.open_button)
    sign_act(qtbot, board.dialog, "m-mines-1")
    assert service.candidate_detail("m-mines-1", "ADM-01").revealed
    assert [(n.title, n.text) for n in notices] == [
        ("Plis ouverts", "Notes révélées pour 1 candidat(s) : ADM-01.")
    ]
    notices.clear()
    assert not board.open_button.isEnabled()  # nothing else is ready

    # -- the board: revealed sheets, flagged, so a note comes before any proposal
    board.select_candidate("ADM-01")
    assert pane.candidate_id == "ADM-01"
    assert pane.sheets.rowCount() == 6
    assert board_cell(page, "ADM-01", "État") == "À discuter"
    # Scores as the PV writes them (core.numbers.format_score): half-up, three decimals.
    assert board_cell(page, "ADM-01", "Globale") == "15,667 ⚠"
    assert board_cell(page, "ADM-01", "Mines") == "16,000"
    assert "⚠ Signalé : écart entre les membres." in pane.figures.text()

    click(qtbot, pane.accept_rule_button)
    refused = pane.dialog
    qtbot.waitUntil(refused.isVisible)
    qtbot.keyClicks(refused.passphrase, passphrase("m-mines-1"))
    click(qtbot, refused.ok_button)  # refused inside the dialog, which stays open
    assert refused.isVisible() and refused.error.text().startswith("Ce candidat est signalé")
    assert service.candidate_detail("m-mines-1", "ADM-01").proposal is None
    refused.reject()

    # The note's author is chosen in the dialog, and proves it with their passphrase.
    add_note(qtbot, pane, "Entretien remarquable malgré un écart de notes.")  # not ASCII
    assert "Entretien remarquable malgré un écart de notes." in pane.notes.text()
    assert pane.note_edit.toPlainText() == ""
    accept_rule(qtbot, pane)
    assert pane.proposal.text() == "Décision proposée : Admis (retenue d'après les règles)"
    assert board_cell(page, "ADM-01", "Proposition") == "Admis"
    assert board_cell(page, "ADM-01", "État") == "Décision proposée"
    assert board.gauge.caption.text() == (
        "Boursiers parmi les admis : 0 sur 1, soit 0 % (objectif 30 %)"
    )

    # -- two approvals, one per school, each with the member's passphrase
    approve_in_slot(qtbot, page, "MINES", "m-mines-2", passphrase("m-mines-2"))
    assert board_cell(page, "ADM-01", "État") == "Approuvée par Mines"
    assert re.fullmatch(
        r"✓ Approuvé par Pierre-Yves Martin à \d\d:\d\d", pane.slots["MINES"].status.text()
    )
    approve_in_slot(qtbot, page, "ALBERT", "m-albert-2", "wrong passphrase")
    assert (
        pane.slots["ALBERT"].error.text() == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    )
    assert board_cell(page, "ADM-01", "État") == "Approuvée par Mines"
    approve_in_slot(qtbot, page, "ALBERT", "m-albert-2", passphrase("m-albert-2"))
    assert board_cell(page, "ADM-01", "État") == "Décision définitive"
    assert board.progress.text() == "Décisions définitives : 1 sur 24"
    assert not board.close_button.isEnabled()

    # -- ADM-02: the rules say waitlist, the jury admits, with a justification
    for member in eligible(service, "ADM-02"):
        seal(service, member, "ADM-02", uniform(service, 12))
    open_ready(service)
    board.refresh()  # those seals went around the controller
    board.select_candidate("ADM-02")
    assert pane.rule_proposal.text() == "Proposition des règles : Liste d'attente"
    click(qtbot, pane.propose_button)
    dialog = pane.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.decision.setCurrentIndex(dialog.decision.findData("admit"))
    # The author is chosen in the dialog and proves it with their passphrase.
    assert [dialog.author.itemData(i) for i in range(dialog.author.count())] == eligible(
        service, "ADM-02"
    )
    dialog.author.setCurrentIndex(dialog.author.findData("m-albert-1"))
    click(qtbot, dialog.findChild(QPushButton, "confirmProposal"))
    assert dialog.error.text() == "Tapez la phrase secrète pour continuer."
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-1"))
    click(qtbot, dialog.findChild(QPushButton, "confirmProposal"))
    assert dialog.error.text().startswith("Cette décision diffère de la proposition des règles")
    assert dialog.passphrase.text() == ""  # never left in the field
    qtbot.keyClicks(dialog.justification, "Parcours atypique, projet solide.")
    qtbot.keyClicks(dialog.passphrase, passphrase("m-albert-1"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.findChild(QPushButton, "confirmProposal"))
    assert service.candidate_detail("m-mines-1", "ADM-02").proposal.author == "m-albert-1"
    assert pane.proposal.text() == (
        "Décision proposée : Admis (proposée par le jury)\n"
        "Justification : Parcours atypique, projet solide."
    )

    # -- ADM-03: one sheet per school, then the chair forces the reveal
    seal(service, "m-mines-3", "ADM-03", uniform(service, 15))
    seal(service, "m-albert-3", "ADM-03", uniform(service, 16))
    board.refresh()
    board.select_candidate("ADM-03")
    assert pane.hidden_box.isVisible()
    assert "Le président peut les révéler plus tôt" in pane.hidden_text.text()
    assert pane.sheets.rowCount() == 0
    reveal = pane.ask_reveal()
    qtbot.keyClicks(reveal.passphrase, passphrase("m-mines-1"))
    with qtbot.waitSignal(reveal.accepted, timeout=WAIT_MS):
        click(qtbot, reveal.ok_button)
    assert not pane.hidden_box.isVisible() and pane.sheets.rowCount() == 2

    # -- everyone else through the service; the last approval through the board
    for candidate in service.manifest.candidates:
        cid = candidate.id
        if not service.candidate_detail("m-mines-1", cid).revealed:
            for member in eligible(service, cid):
                seal(service, member, cid, uniform(service, 14 + (int(cid[-2:]) % 5)))
            open_ready(service)
        if cid not in ("ADM-01", "ADM-24"):
            decide_through_the_service(service, cid)
    service.accept_rule_proposal("m-mines-1", "ADM-24", passphrase=passphrase("m-mines-1"))
    service.approve("m-mines-1", "ADM-24", "MINES", passphrase("m-mines-1"))
    board.refresh()
    board.select_candidate("ADM-24")
    approve_in_slot(qtbot, page, "ALBERT", "m-albert-1", passphrase("m-albert-1"))
    assert board.progress.text() == "Décisions définitives : 24 sur 24"
    # The flags are sealed in the demo bundle: each was opened at its candidate's reveal.
    holders = sum(bool(service.candidate_detail("m-mines-1", c.id).scholarship)
                  for c in service.manifest.candidates)  # fmt: skip
    percent = f"{100 * holders / 24:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    assert board.gauge.caption.text() == (
        f"Boursiers parmi les admis : {holders} sur 24, soit {percent} % (objectif 30 %)"
    )  # every candidate admitted (ADM-02 by the jury's decision)

    # -- closing, from the board, with the chair's passphrase
    assert board.close_button.isEnabled()
    notices.clear()
    dialog = board.ask_close()
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-1"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    assert service.session_state() == "closed"
    assert [n.title for n in notices] == ["Séance close"]
    assert board.progress.text() == "Séance close : plus rien ne peut être modifié."
    assert not board.close_button.isEnabled()


def test_a_graduation_shows_eligibility_and_awards_a_mention(qtbot, window, notices):
    page = open_demo(qtbot, window, "graduation")
    service = window.service
    present = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")
    for member in present:
        check_in(qtbot, page, member)

    # -- a scorer sees the record and each degree requirement, met or missing
    sign_in(qtbot, page, "m-mines-2")
    scoring = page.scoring
    assert scoring.candidate_id == "GRAD-01"
    record = scoring.record.text()
    assert "Conditions du diplôme" in record
    # Before the thesis is graded, the courses are checked against their own 96 ECTS.
    assert re.search(r"[\d,]+ ECTS validés \(\d+ cours sur \d+\) ; 96 requis", record)
    assert re.search(
        r"année 1 : \d+, année 2 : \d+ \(dont \d+ avec une entreprise\) ; 8 requis", record
    )
    assert "Apprentissage chez BNP Paribas : validé" in record
    for check in ("Crédits ECTS", "Business cases", "Stage ou apprentissage"):
        assert f"✓ {check} : condition remplie" in record
    scoring.worklist_table.selectRow(scoring.worklist.row_of("GRAD-05"))
    record = scoring.record.text()
    assert "✗ Stage ou apprentissage : condition non remplie" in record
    assert "✓ Crédits ECTS : condition remplie" in record
    assert "Boursier" not in record  # a blind field: the service does not give it
    click(qtbot, page.sign_out_button)
    qtbot.waitUntil(lambda: page.scoring is None)

    # -- GRAD-01's thesis scored 17: a diploma average of 14.717, the rules award "bien"
    for member in present:
        seal(service, member, "GRAD-01", uniform(service, 17))
    for member in present:
        seal(service, member, "GRAD-05", uniform(service, 17))
    open_ready(service)
    click(qtbot, page.board_button)
    board, pane = page.board, page.board.pane
    board.select_candidate("GRAD-01")
    assert pane.rule_proposal.text() == "Proposition des règles : Diplômé, mention bien"
    assert "✓ Stage ou apprentissage : condition remplie" in pane.record.text()
    accept_rule(qtbot, pane)
    approve_in_slot(qtbot, page, "MINES", "m-mines-1", passphrase("m-mines-1"))
    approve_in_slot(qtbot, page, "ALBERT", "m-albert-1", passphrase("m-albert-1"))
    assert board_cell(page, "GRAD-01", "Proposition") == "Diplômé, mention bien"
    assert board_cell(page, "GRAD-01", "État") == "Décision définitive"

    # -- GRAD-05 has the marks but not the internship: the rules defer it
    board.select_candidate("GRAD-05")
    assert pane.rule_proposal.text() == "Proposition des règles : Ajourné"
    assert "✗ Stage ou apprentissage : condition non remplie" in pane.record.text()
    assert not board.gauge.isVisible()  # the scholarship gauge is for admissions
    assert notices == []

    # -- in English the decisions are longer: the board still fits its window, and a cell
    #    too long for its column (elided) reads in full in its tooltip
    assert window.size().width() == 1366
    window.set_language("en")
    qtbot.waitUntil(lambda: board.model.headerData(1, Qt.Orientation.Horizontal) == "Candidate")
    QApplication.processEvents()  # the table's relayout
    columns = range(board.model.columnCount())
    assert sum(board.table.columnWidth(c) for c in columns) <= board.table.viewport().width()
    headers = [board.model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
    cell = board.model.index(board.model.row_of("GRAD-01"), headers.index("Proposal"))
    shown = board.model.data(cell)
    assert shown.startswith("Degree awarded")
    assert board.model.data(cell, Qt.ItemDataRole.ToolTipRole).startswith(shown)
    window.set_language("fr")
