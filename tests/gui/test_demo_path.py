"""The "5 minutes with the demo" path a newcomer follows, through the desk's widgets only.

Open the admission demo (a signed session: every act signed by its member); check in two
members per school, the chair first, each choosing their passphrase (typed twice) at their
first arrival; the chair and an Albert member sign in, score ADM-01 with the keyboard and
seal (a receipt is shown); the chair reveals ADM-01 early, the rules' proposal is kept in
a member's name (with their passphrase) and both schools approve it; the fictitious jury
finishes the 23 other candidates (demo fast-forward); the chair closes the session; the
minutes are signed with the shipped DEMO keys (passphrase "demo"), exported and verified.
"""

from __future__ import annotations

import keyring
from keyring.backends import fail
from PySide6.QtWidgets import QLineEdit

from jury_desk.cli import main as cli_main
from jury_desk.core.resources import resource_path
from jury_desk.gui.demo import DEMO_KEY_FILE, demo_bundle_path
from jury_desk.minutes.export import PV_NAME
from tests.gui.minutes_driver import export_into, run_verification, sign_with_demo_key
from tests.gui.session_driver import (
    WAIT_MS,
    accept_rule,
    check_in,
    click,
    open_demo,
    score_with_keyboard,
    sign_in,
)

SECRET = "demo-jury"  # the passphrase the newcomer gives every member they play
PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def test_the_demo_path_from_check_in_to_a_verified_pv(
    qtbot, window, notices, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    page = open_demo(qtbot, window, "admission")
    assert page.fast_forward_button.isVisible() and not page.minutes_button.isEnabled()
    assert window.service.signed and page.lobby.waiting_chair.isVisible()
    for member in PRESENT:
        check_in(qtbot, page, member, SECRET)  # the first arrival: chosen, typed twice
    assert not page.lobby.waiting_chair.isVisible()  # the chair's arrival made the key

    for member, value in (("m-mines-1", "15"), ("m-albert-2", "14")):
        sign_in(qtbot, page, member, SECRET)
        assert not page.fast_forward_button.isVisible()  # a member's sheet is on screen
        window.activateWindow()
        qtbot.waitUntil(lambda: page.scoring.worklist_table.hasFocus())
        assert page.scoring.candidate_id == "ADM-01"
        score_with_keyboard(qtbot, page, [value] * 4, member, SECRET)
        assert page.scoring.draft_state.text().startswith("✓ Feuille de ADM-01 scellée. Reçu : ")
        click(qtbot, page.sign_out_button)
        qtbot.waitUntil(lambda: page.scoring is None)

    # -- the board: the chair reveals ADM-01 early, the rules' proposal, two approvals
    click(qtbot, page.board_button)
    board, pane = page.board, page.board.pane
    board.select_candidate("ADM-01")
    reveal = pane.ask_reveal()
    qtbot.keyClicks(reveal.passphrase, SECRET)
    with qtbot.waitSignal(reveal.accepted, timeout=WAIT_MS):
        click(qtbot, reveal.ok_button)
    assert pane.sheets.rowCount() == 2
    accept_rule(qtbot, pane, "m-mines-1", SECRET)
    for school, member in (("MINES", "m-mines-1"), ("ALBERT", "m-albert-2")):
        slot = pane.slots[school]
        slot.member.setCurrentIndex(slot.member.findData(member))
        qtbot.keyClicks(slot.passphrase, SECRET)
        click(qtbot, slot.approve_button)
    assert board.progress.text() == "Décisions définitives : 1 sur 24"

    # -- the fictitious jury finishes the other 23 candidates, by the same rules
    click(qtbot, page.fast_forward_button)
    forward = page.fast_forward.dialog
    qtbot.keyClicks(forward.passphrase, "not what they were given")
    click(qtbot, forward.ok_button)
    assert forward.error.text() == (  # checked for every member before anything is done
        "La phrase secrète tapée n'est pas celle de Hélène Rousseau, qui en a déjà une : "
        "l'avance rapide n'a rien fait. Tapez la phrase secrète que vous avez donnée aux membres."
    )
    assert board.progress.text() == "Décisions définitives : 1 sur 24"  # nothing written
    qtbot.keyClicks(forward.passphrase, SECRET)
    click(qtbot, forward.ok_button)
    qtbot.waitUntil(lambda: page.fast_forward.task is None and bool(notices), timeout=30_000)
    assert [n.title for n in notices] == ["Avance rapide terminée"]
    assert notices[0].text.startswith("23 candidat(s) terminé(s) par le jury fictif")
    assert board.progress.text() == "Décisions définitives : 24 sur 24"

    # -- the chair closes; the minutes
    close = board.ask_close()
    qtbot.keyClicks(close.passphrase, SECRET)
    with qtbot.waitSignal(close.accepted, timeout=WAIT_MS):
        click(qtbot, close.ok_button)
    assert not page.fast_forward_button.isVisible() and page.minutes_button.isEnabled()
    click(qtbot, page.minutes_button)
    minutes = page.minutes
    qtbot.waitUntil(lambda: minutes.rendering is None and minutes.preview_lang == "fr")
    assert not minutes.simulated_note.isVisible()
    for slot in minutes.slots.values():
        sign_with_demo_key(qtbot, slot)
    folder = export_into(qtbot, monkeypatch, minutes, tmp_path)
    assert not minutes.exported.minutes.simulated and minutes.exported.minutes.session.demo

    click(qtbot, minutes.verify_button)
    run_verification(qtbot, minutes.verify_dialog)
    assert minutes.verify_dialog.verdict.text() == "✓ Procès-verbal valide"
    pv = folder / PV_NAME
    key = resource_path("demo", DEMO_KEY_FILE)
    bundle = demo_bundle_path("admission")
    args = ["minutes", "verify", str(pv), "--bundle", str(bundle), "--trusted-key", str(key)]
    assert cli_main(args) == 0  # a real (demo) deliberation: no --allow-simulation needed
    assert "Result: VALID" in capsys.readouterr().out

    # -- a mistake found after the close: the chair reopens from the board, with a reason
    board = page.board
    click(qtbot, page.board_button)
    assert board.reopen_button.isVisible() and not board.close_button.isVisible()
    reopen = board.ask_reopen()
    reason = reopen.findChild(QLineEdit, "reopenReason")
    assert reopen.focusWidget() is reason  # the reason first: the keyboard path
    qtbot.keyClicks(reopen.passphrase, SECRET)
    click(qtbot, reopen.ok_button)  # no reason: refused inside the dialog, nothing changed
    assert reopen.isVisible() and window.service.session_state() == "closed"
    assert reopen.error.text() == "Écrivez le motif : il figure au procès-verbal."
    qtbot.keyClicks(reason, "Erreur de saisie (ADM-03)")
    qtbot.keyClicks(reopen.passphrase, SECRET)
    with qtbot.waitSignal(reopen.accepted, timeout=WAIT_MS):
        click(qtbot, reopen.ok_button)
    assert window.service.session_state() == "open"
    assert board.close_button.isVisible() and board.close_button.isEnabled()
    assert not page.minutes_button.isEnabled()
    qtbot.waitUntil(lambda: page.minutes is None)  # the old PV's page is gone

    close = board.ask_close()
    qtbot.keyClicks(close.passphrase, SECRET)
    with qtbot.waitSignal(close.accepted, timeout=WAIT_MS):
        click(qtbot, close.ok_button)
    click(qtbot, page.minutes_button)
    minutes = page.minutes
    qtbot.waitUntil(lambda: minutes.rendering is None and minutes.preview_lang == "fr")
    assert minutes.exported is None  # nothing of the previous export is shown as this one's
    for slot in minutes.slots.values():
        sign_with_demo_key(qtbot, slot)
    (tmp_path / "again").mkdir()
    folder = export_into(qtbot, monkeypatch, minutes, tmp_path / "again")
    supersedes = minutes.exported.minutes.supersedes
    assert supersedes is not None and supersedes.reason == "Erreur de saisie (ADM-03)"
    args[2] = str(folder / PV_NAME)
    assert cli_main(args) == 0
    assert "Result: VALID" in capsys.readouterr().out
