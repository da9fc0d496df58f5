"""The scoring workspace: the keyboard-only path, drafts saved as one types, the service's
refusals shown in place, the read-back before sealing, the documents, signing out."""

from __future__ import annotations

import json
import sqlite3

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QLabel

from jury_desk.core.receipt import receipt
from jury_desk.gui.views.lobby_page import LobbyPage
from tests.gui.session_driver import (
    WAIT_MS,
    check_in,
    click,
    open_demo,
    passphrase,
    press,
    score_with_keyboard,
    sign_in,
    type_text,
)

QUORUM = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def own_draft(service, member_id: str, candidate_id: str) -> dict[str, float]:
    """The member's draft as stored: sealed to them, so read with their key (sign-in)."""
    return dict(service.sign_in(member_id, passphrase(member_id)).drafts.get(candidate_id, {}))


def sealed_scores(service, candidate_id: str) -> dict[str, dict[str, float]]:
    """What the sealed sheets of an unrevealed candidate hold, opened as the chair's reveal
    would (the reveal key, unwrapped with the chair's key), without revealing anything."""
    from jury_desk.signing import envelope, member_key
    from jury_desk.signing.sheet import SealedSheet, open_sheet

    conn = sqlite3.connect(f"{service.path.as_uri()}?mode=ro", uri=True)
    wrapped, secret = conn.execute(
        "SELECT wrapped, secret_key FROM reveal_key JOIN member_key ON chair_id = member_id"
    ).fetchone()
    sheets = conn.execute(
        "SELECT member_id, commitment, envelope FROM sheet WHERE candidate_id = ? "
        "AND status = 'sealed'",
        (candidate_id,),
    ).fetchall()
    session = conn.execute("SELECT hash FROM audit_event WHERE seq = 1").fetchone()[0]
    conn.close()
    chair = member_key.unlock(secret, passphrase("m-mines-1"), source="the chair's key")
    reveal = envelope.unwrap_reveal_key(member_key.box_key(chair), session, bytes(wrapped))
    return {
        member: dict(
            open_sheet(reveal, session, candidate_id, member, SealedSheet(c, bytes(e))).scores
        )
        for member, c, e in sheets
    }


def signed_in_page(qtbot, window, member_id: str = "m-mines-2", kind: str = "admission"):
    page = open_demo(qtbot, window, kind)
    for member in QUORUM:
        check_in(qtbot, page, member)
    sign_in(qtbot, page, member_id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.scoring.worklist_table)
    return page


def test_keyboard_only_from_the_worklist_to_the_seal(qtbot, window, notices):
    page = signed_in_page(qtbot, window)
    scoring = page.scoring
    service = window.service
    assert scoring.candidate_id == "ADM-01"  # the first candidate to score is selected
    press(qtbot, Qt.Key.Key_Down)
    assert scoring.candidate_id == "ADM-02"

    score_with_keyboard(qtbot, page, ["14", "12.5", "16,5", "11"], "m-mines-2")

    item = next(i for i in service.worklist("m-mines-2") if i.candidate_id == "ADM-02")
    assert item.status == "sealed"
    # Blind at rest: the sealed sheet opens only at the chair's reveal, so the service shows
    # no score or total of it, not even to its author, until then.
    assert dict(item.scores) == {} and item.total is None
    assert sealed_scores(service, "ADM-02") == {
        "m-mines-2": {"academic": 14.0, "motivation": 12.5, "project": 16.5, "interview": 11.0}
    }
    # The next candidate to score is shown and the worklist has the keyboard again.
    assert scoring.candidate_id == "ADM-01"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is scoring.worklist_table)
    assert scoring.progress_label.text() == "Feuilles scellées : 1 sur 23"  # one conflict
    assert notices == []

    # And out, still from the keyboard: back to the jury room, nothing of the sheet left.
    assert "Ctrl+D" in page.sign_out_button.toolTip()
    window.activateWindow()  # a shortcut acts in the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.controller.signed_in is None)
    assert page.scoring is None and page.stack.currentWidget() is page.lobby


def test_the_seal_reads_the_stored_values_back_and_refuses_a_wrong_passphrase(
    qtbot, window, notices
):
    page = signed_in_page(qtbot, window)
    scoring, service = page.scoring, window.service
    for criterion, value in zip(scoring.form.spins.values(), (15, 13.5, 12, 17), strict=True):
        criterion.setValue(value)
    click(qtbot, scoring.seal_button)  # saves the pending draft first
    dialog = scoring.seal_dialog
    qtbot.waitUntil(dialog.isVisible)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    for text in ("Dossier académique", "Motivation", "15", "13,5", "17"):
        assert text in shown
    assert dialog.findChild(QLabel, "readBackTotal").text() == "<b>14,700 / 20</b>"

    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert dialog.error.text() == "Phrase secrète incorrecte. Vérifiez-la et réessayez."
    assert dialog.passphrase.text() == ""
    assert service.candidate_detail("m-mines-2", "ADM-01").own_status == "draft"

    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-2"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    detail = service.candidate_detail("m-mines-2", "ADM-01")
    assert detail.own_status == "sealed"
    assert sealed_scores(service, "ADM-01") == {
        "m-mines-2": {"academic": 15, "motivation": 13.5, "project": 12, "interview": 17}
    }
    # The member is shown the receipt of the commitment that entered the audit log.
    conn = sqlite3.connect(f"{service.path.as_uri()}?mode=ro", uri=True)
    (sealed,) = conn.execute(
        "SELECT payload FROM audit_event WHERE kind = 'sheet-sealed'"
    ).fetchone()
    conn.close()
    code = receipt(json.loads(sealed)["commitment"])
    assert scoring.draft_state.text() == f"✓ Feuille de ADM-01 scellée. Reçu : {code}"
    assert notices == []


def test_a_draft_is_saved_as_one_types(qtbot, window):
    page = signed_in_page(qtbot, window)
    scoring, service = page.scoring, window.service
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "12")
    press(qtbot, Qt.Key.Key_Return)
    assert scoring.draft_state.text() == "Modification en cours…"
    qtbot.waitUntil(lambda: scoring.draft_state.text().startswith("✓ Brouillon enregistré à "))
    assert own_draft(service, "m-mines-2", "ADM-01") == {"academic": 12}
    assert scoring.worklist.data(scoring.worklist.index(0, 2)) == "Brouillon"
    assert scoring.total.text() == "Votre total : dès que chaque critère est noté."


def test_a_score_emptied_again_leaves_the_saved_draft_too(qtbot, window):
    page = signed_in_page(qtbot, window)
    scoring, service = page.scoring, window.service
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "12")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "15")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scoring.draft_state.text().startswith("✓ Brouillon enregistré à "))
    own = lambda: own_draft(service, "m-mines-2", "ADM-01")  # noqa: E731
    assert own() == {"academic": 12, "motivation": 15}
    academic = scoring.form.spins["academic"]
    academic.setValue(academic.minimum())  # arrowed down past 0: "—", not scored
    assert academic.text() == "—"
    qtbot.waitUntil(lambda: scoring.draft_state.text().startswith("✓ Brouillon enregistré à "))
    qtbot.waitUntil(lambda: own() == {"motivation": 15})
    # Back on the candidate later, the form shows what is saved: the emptied score stays empty.
    scoring.worklist_table.selectRow(1)
    scoring.worklist_table.selectRow(0)
    assert scoring.form.scores() == {"motivation": 15}


def test_an_off_grid_score_is_refused_with_the_services_reason_and_nothing_is_written(
    qtbot, window
):
    page = signed_in_page(qtbot, window)
    scoring, service = page.scoring, window.service
    before = service.audit_head()
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "13,3")  # the rubric's step is 0.5
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: scoring.draft_state.text().startswith("Non enregistré"))
    assert scoring.draft_state.text() == (
        "Non enregistré : Cette note ne respecte pas le pas de la grille. Saisissez une note "
        "de l'échelle indiquée au-dessus des critères (par exemple 13 ou 13,5 pour un pas "
        "de 0,5)."
    )
    assert service.candidate_detail("m-mines-2", "ADM-01").own_status == "to-score"
    assert service.audit_head() == before  # nothing written, not even an audit event
    assert scoring.form.scale.text() == (
        "Notes de 0 à 20, par pas de 0,5. « — » : pas encore noté."
    )


def test_an_incomplete_sheet_cannot_be_sealed(qtbot, window, notices):
    page = signed_in_page(qtbot, window)
    scoring = page.scoring
    scoring.form.spins["academic"].setValue(10)
    click(qtbot, scoring.seal_button)
    assert scoring.seal_dialog is None
    (notice,) = notices
    assert notice.text == "Notez chaque critère de la grille avant de sceller la feuille."
    assert notice.detail.startswith("sheet-incomplete")


def test_the_candidates_documents_are_shown_from_the_bundle(qtbot, window):
    page = signed_in_page(qtbot, window)
    viewer = page.scoring.viewer
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    assert [viewer.tabs.tabText(i) for i in range(viewer.tabs.count())] == [
        "CV",
        "Lettre de motivation",
        "Relevé de notes",
    ]
    assert viewer.page_label.text() == "Page 1 sur 1"
    viewer.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: viewer.document.status() == QPdfDocument.Status.Ready)
    shown = bytes(viewer._buffer.data())
    assert shown == window.controller.documents.read("documents/ADM-01/releve-de-notes.pdf")
    assert viewer.pages.currentWidget() is viewer.view


def test_signing_out_returns_to_the_lobby_and_forgets_the_workspace(qtbot, window):
    page = signed_in_page(qtbot, window)
    scoring = page.scoring
    assert page.who.text() == "Connecté(e) pour noter : Pierre-Yves Martin (Mines Paris – PSL)"
    assert not page.board_button.isVisible() and not page.home_button.isVisible()
    click(qtbot, page.sign_out_button)
    assert page.scoring is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(scoring))  # deleted, not just hidden
    assert isinstance(page.stack.currentWidget(), LobbyPage)
    assert page.who.text() == "Personne n'est connecté pour noter."
    assert page.board_button.isVisible()


def test_every_session_screen_fits_a_1024_pixel_projector(qtbot, window):
    """No page may widen the window beyond a 1024-pixel screen, in either language."""
    page = signed_in_page(qtbot, window, kind="graduation")
    for lang in ("fr", "en"):
        window.set_language(lang)
        qtbot.wait(0)  # LanguageChange is delivered on the next turn of the event loop
        for screen in (page.lobby, page.board, page.scoring):
            assert screen.minimumSizeHint().width() <= 1024 - 40, (lang, screen.objectName())
