"""README's "A graduation, on the diploma average", step by step through the desk's widgets:

1. **Démonstration : jury de diplôme** from the start page; the four members check in;
2. Hélène and Julie score GRAD-10's thesis (12 on both criteria) with the keyboard and seal;
   on the board, **Révéler maintenant (président)…**;
3. **Cas limites d'abord**: GRAD-10 first, *Moyenne* 9,658 ◆, the tooltip's facts;
4. **Proposer une autre décision…**: 0,342 points de jury, a justification, the author and
   their passphrase; the rules now award on 10,000; both slots approve;
5. **Avance rapide (démo)…**; close, sign and export; the PV gives each graduate's average
   with every unit's grade and weight, and GRAD-10's points de jury (9,658 → 10,000), and
   ``minutes verify`` says VALID.

Walking it found that the export refused its own minutes.json whenever a graduate has an
ungraded unit (GRAD-08 here): see ``tests/e2e/test_graduation_ungraded_unit.py``.
"""

from __future__ import annotations

import json

import keyring
from keyring.backends import fail
from PySide6.QtCore import Qt

from jury_desk.cli import main as cli_main
from jury_desk.core.resources import resource_path
from jury_desk.deliberation.passphrase import FAST_FOR_TESTS
from jury_desk.gui.demo import DEMO_KEY_FILE, demo_bundle_path
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.gui.words import messages
from jury_desk.minutes.export import PV_NAME
from tests.gui.minutes_driver import run_verification, sign_with_demo_key
from tests.gui.session_driver import (
    WAIT_MS,
    check_in,
    click,
    score_with_keyboard,
    sign_act,
    sign_in,
)
from tests.gui.test_deliberation_flow import approve_in_slot, board_cell
from tests.minutes import poppler

SECRET = "demo-jury"  # the passphrase the newcomer gives every member they play
PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")  # "the same four members"


def test_the_readmes_graduation_path_to_a_verified_pv(
    qtbot, window, notices, monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    window.scrypt = FAST_FOR_TESTS  # the same scrypt code path, at a test's cost

    # 1. The graduation demo, from its start-page button; the four members check in.
    click(qtbot, window.start_page.demo_graduation)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), SessionPage), timeout=WAIT_MS)
    page = window.stack.currentWidget()
    service = window.service
    assert service.signed and service.manifest.session.kind == "graduation"
    for member in PRESENT:
        check_in(qtbot, page, member, SECRET)

    # 2. Hélène and Julie each score GRAD-10's thesis, 12 on both criteria, and seal.
    criteria = service.manifest.session.rubric.criteria
    assert len(criteria) == 2
    for member in ("m-mines-1", "m-albert-2"):
        sign_in(qtbot, page, member, SECRET)
        scoring = page.scoring
        table = scoring.worklist_table
        row = scoring.worklist.row_of("GRAD-10")
        rect = table.visualRect(table.model().index(row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        window.activateWindow()
        qtbot.waitUntil(table.hasFocus)
        assert scoring.candidate_id == "GRAD-10"
        score_with_keyboard(qtbot, page, ["12", "12"], member, SECRET)
        assert scoring.draft_state.text().startswith("✓ Feuille de GRAD-10 scellée. Reçu : ")
        click(qtbot, page.sign_out_button)
        qtbot.waitUntil(lambda: page.scoring is None)
    click(qtbot, page.board_button)
    board, pane = page.board, page.board.pane
    board.select_candidate("GRAD-10")
    assert pane.reveal_button.text() == "Révéler maintenant (président)…"
    click(qtbot, pane.reveal_button)
    sign_act(qtbot, pane.dialog, secret=SECRET)  # the chair's passphrase
    assert service.candidate_detail("m-mines-1", "GRAD-10").revealed

    # 3. Borderline cases first: GRAD-10 leads, just under the pass mark, and says why.
    assert board.borderline_button.text() == "Cas limites d'abord"
    click(qtbot, board.borderline_button)
    model = board.model
    assert model.row(0).candidate_id == "GRAD-10"
    assert board_cell(page, "GRAD-10", "Moyenne") == "9,658 ◆"
    tip = model.data(
        model.index(model.row_of("GRAD-10"), model.headers().index("Moyenne")),
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "◆ Cas limite : juste sous 10" in tip
    for fact in ("ECTS : 120 sur 120", "cas", "stage"):
        assert fact.lower() in tip.lower(), (fact, tip)

    # 4. Another decision: 0,342 points de jury, in Hélène's name, with her passphrase.
    board.select_candidate("GRAD-10")
    assert pane.propose_button.text() == "Proposer une autre décision…"
    click(qtbot, pane.propose_button)
    dialog = pane.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.points.selectAll()
    qtbot.keyClicks(dialog.points, "0,342")
    assert dialog.points.value() == 0.342 and not dialog.decision.isEnabled()
    qtbot.keyClicks(dialog.justification, "Progression remarquable ; stage excellent.")
    sign_act(qtbot, dialog, "m-mines-1", SECRET)
    assert board_cell(page, "GRAD-10", "Proposition") == "Diplômé"
    for school, member in (("MINES", "m-mines-1"), ("ALBERT", "m-albert-2")):
        approve_in_slot(qtbot, page, school, member, SECRET)
    assert service.candidate_detail("m-mines-1", "GRAD-10").state == "final"

    # 5. The fictitious jury finishes; the chair closes; sign, export, verify.
    click(qtbot, page.fast_forward_button)
    forward = page.fast_forward.dialog
    qtbot.keyClicks(forward.passphrase, SECRET)
    click(qtbot, forward.ok_button)
    qtbot.waitUntil(lambda: page.fast_forward.task is None and bool(notices), timeout=60_000)
    assert [n.title for n in notices] == ["Avance rapide terminée"]
    close = board.ask_close()
    qtbot.keyClicks(close.passphrase, SECRET)
    with qtbot.waitSignal(close.accepted, timeout=WAIT_MS):
        click(qtbot, close.ok_button)
    click(qtbot, page.minutes_button)
    minutes = page.minutes
    qtbot.waitUntil(lambda: minutes.rendering is None and minutes.preview_lang == "fr")
    for slot in minutes.slots.values():
        sign_with_demo_key(qtbot, slot)
    assert [n.title for n in notices] == ["Avance rapide terminée", "Séance close"]
    monkeypatch.setattr(messages, "folder_chooser", lambda _parent, _title, _suggested: tmp_path)
    click(qtbot, minutes.export_button)
    qtbot.waitUntil(lambda: minutes.exporting is None, timeout=60_000)  # a loaded machine
    assert minutes.exported is not None, notices[2:]
    folder = minutes.export_folder(tmp_path)
    click(qtbot, minutes.verify_button)
    run_verification(qtbot, minutes.verify_dialog)
    assert minutes.verify_dialog.verdict.text() == "✓ Procès-verbal valide"

    pv = folder / PV_NAME
    text = " ".join(poppler.page_texts(pv))
    assert "Points de jury 0,342 : moyenne 9,658 portée à 10,000" in " ".join(text.split())
    assert "9,658 sur 20 (120 ECTS pondérés)" in text and "THESIS (jury) 12,000 × 24" in text
    data = json.loads((folder / "minutes.json").read_text("utf-8"))
    for graduate in data["candidates"]:  # every unit's grade and weight: recomputable
        assert all("weight" in unit for unit in graduate["diploma"]["units"])
    grad10 = next(c for c in data["candidates"] if c["id"] == "GRAD-10")["diploma"]
    assert (grad10["average"], grad10["jury_points"], grad10["average_after"]) == (
        9.658,
        0.342,
        10.0,
    )
    assert [u["grade"] for u in grad10["units"] if u["graded_by"] == "jury"] == [12.0]
    key = resource_path("demo", DEMO_KEY_FILE)
    bundle = demo_bundle_path("graduation")
    args = ["minutes", "verify", str(pv), "--bundle", str(bundle), "--trusted-key", str(key)]
    assert cli_main(args) == 0
    assert "Result: VALID" in capsys.readouterr().out
