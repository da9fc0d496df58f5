"""No dead end at the reveal, on the room's screen (issue 11 point 5): a bundle pinning the
reveal key in which the secretariat sealed one candidate's scholarship status wrongly and
another's to a wrong key. The chair's ouverture des plis reveals the others and names both,
with what to do; the candidate's page says why it can never be revealed and offers the
renvoi, its reason ready; the renvoi goes through the member's passphrase."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.signing import member_key
from tests.deliberation.jury import CHAIR, EVERYONE, passphrase
from tests.deliberation.test_blind_fault import UNOPENED, WRONG, faulty_bundle, seat_and_seal
from tests.gui.conftest import trust
from tests.gui.session_driver import WAIT_MS, click


@pytest.fixture(scope="module")
def keys():
    return {m: member_key.new_key(m, passphrase(m), member_key.FAST_FOR_TESTS) for m in EVERYONE}


@pytest.fixture
def page(qtbot, window, data_dir, keys, tmp_path) -> SessionPage:
    """Every candidate but C004 sealed by every member free to score it."""
    bundle, secretariat, _ = faulty_bundle(tmp_path / "b", keys, issued_at=None)
    trust(data_dir, secretariat.public_key())
    window.scrypt = FAST_FOR_TESTS
    window.open_bundle(bundle)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    session_page = window.stack.currentWidget()
    seat_and_seal(session_page.controller.service, keys)
    click(qtbot, session_page.board_button)
    session_page.board.refresh()
    return session_page


def board_state(page, candidate_id: str) -> str:
    model = page.board.model
    return model.data(model.index(model.row_of(candidate_id), 2))


def test_the_chair_is_told_which_candidates_and_records_the_renvoi(qtbot, page, notices):
    board, pane = page.board, page.board.pane
    service = page.controller.service
    assert board.open_button.toolTip().endswith(f"C001, {WRONG}, {UNOPENED}")
    dialog = board.ask_open_ready()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.passphrase, passphrase(CHAIR))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)

    (notice,) = notices
    assert notice.level == "warning"
    assert notice.text.startswith("Notes révélées pour 1 candidat(s) : C001.")
    assert f"⚠ Non révélé(s) : {WRONG}, {UNOPENED}." in notice.text
    assert "enregistrez-le comme non délibéré — renvoyé" in notice.text
    assert not board.open_button.isEnabled()  # nothing left that the ouverture would open

    board.select_candidate(WRONG)
    assert pane.renvoi_text.isVisible()
    assert pane.renvoi_text.text().startswith(
        "⚠ Le statut boursier scellé de ce candidat ne correspond pas à l'engagement signé "
        "par le secrétariat : il ne pourra jamais être révélé."
    )
    board.select_candidate(UNOPENED)
    assert "ne s'ouvre pas avec la clé de la présidence" in pane.renvoi_text.text()
    assert pane.renvoi_button.isEnabled()
    assert not pane.reveal_button.isEnabled()  # a forced reveal would be refused: says why
    assert pane.reveal_button.toolTip().startswith("Son statut boursier scellé ne s'ouvre pas")

    renvoi = pane.ask_renvoi()
    qtbot.waitUntil(renvoi.isVisible)
    reason = renvoi.findChild(QLineEdit, "renvoiReason")
    assert reason.text().startswith("Statut boursier scellé illisible à l'ouverture des plis")
    assert "approbation des deux écoles" in renvoi.explanation.text()
    qtbot.keyClicks(renvoi.passphrase, passphrase(CHAIR))
    with qtbot.waitSignal(renvoi.accepted, timeout=WAIT_MS):
        click(qtbot, renvoi.ok_button)
    assert board_state(page, UNOPENED) == "Renvoi proposé (non délibéré)"
    detail = service.candidate_detail(CHAIR, UNOPENED)
    assert detail.proposal is not None and detail.proposal.justification == reason.text()
