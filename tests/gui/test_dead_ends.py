"""No dead ends on the board (issue 11 point 5): the candidate pane offers "non délibéré —
renvoyé" only when a school cannot deliberate the candidate (disabled, with the why, when it
does not apply), records it through the member's passphrase, and the board shows the state.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.gui.session_driver import WAIT_MS, click, passphrase, seated

PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")
REASON = "Aucun membre d'Albert School sans conflit : renvoi au jury de septembre."


def board_state(page, candidate_id: str) -> str:
    model = page.board.model
    return model.data(model.index(model.row_of(candidate_id), 2))


def test_a_candidate_no_albert_member_can_deliberate_is_recorded_as_non_delibere(qtbot, window):
    page = seated(qtbot, window, PRESENT)
    service = window.service
    click(qtbot, page.board_button)
    board, pane = page.board, page.board.pane
    board.select_candidate("ADM-03")
    button = pane.renvoi_button
    assert button.isVisible() and not button.isEnabled()
    assert button.toolTip().startswith("Chaque école a assez de membres présents")
    assert not pane.renvoi_text.isVisible()

    # Both Albert members present declare a conflict (m-albert-3 is away): Albert School
    # cannot deliberate ADM-03. The pane says so, and what unblocks it.
    for member in ("m-albert-1", "m-albert-2"):
        service.declare_conflict(
            member, member, "ADM-03", "personal", "Lien familial", passphrase=passphrase(member)
        )
    board.refresh()
    assert pane.renvoi_text.isVisible()
    assert pane.renvoi_text.text().startswith(
        "⚠ Albert School n'a aucun membre présent et sans conflit pour ce candidat"
    )
    assert "faites pointer un membre de Albert School" in pane.renvoi_text.text()
    assert button.isEnabled()

    # The renvoi: no reason is refused in the dialog, with nothing written.
    head = service.audit_head()
    dialog = pane.ask_renvoi()
    qtbot.waitUntil(dialog.isVisible)
    who = dialog.findChild(QComboBox, "renvoiAuthor")
    assert [who.itemData(i) for i in range(who.count())] == ["m-mines-1", "m-mines-2"]
    who.setCurrentIndex(who.findData("m-mines-2"))
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-2"))
    click(qtbot, dialog.ok_button)
    assert dialog.error.text() == "Écrivez le motif : il figure au procès-verbal."
    assert service.audit_head() == head
    qtbot.keyClicks(dialog.findChild(QLineEdit, "renvoiReason"), REASON)
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-2"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)

    # Proposed: Mines approves in its slot; Albert's slot expects nothing and says why.
    assert board_state(page, "ADM-03") == "Renvoi proposé (non délibéré)"  # decides nothing
    assert "Renvoi proposé par Pierre-Yves Martin" in pane.renvoi_text.text()
    assert not button.isEnabled() and button.toolTip().startswith("Le renvoi est déjà proposé")
    albert, mines = pane.slots["ALBERT"], pane.slots["MINES"]
    assert pane.approvals_box.isVisible()
    assert not albert.approve_button.isEnabled()
    assert albert.approve_button.toolTip().startswith("Ce renvoi n'attend pas d'approbation")
    mines.member.setCurrentIndex(mines.member.findData("m-mines-1"))
    qtbot.keyClicks(mines.passphrase, passphrase("m-mines-1"))
    click(qtbot, mines.approve_button)
    qtbot.waitUntil(
        lambda: board_state(page, "ADM-03") == "Non délibéré — renvoyé", timeout=WAIT_MS
    )
    assert board.progress.text() == "Décisions définitives : 1 sur 24"
    assert button.toolTip() == "Ce candidat a déjà une décision définitive : rien à renvoyer."
    assert service.candidate_detail("m-mines-1", "ADM-03").state == "not-deliberated"
