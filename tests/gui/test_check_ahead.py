"""The export's whole check of a signed log off the critical path (issue 11): the room desk
runs it in the background (the Qt thread pool) when a session opens and after each
ouverture des plis, so that the chair's export checks only what follows. The threshold is
lowered here so that the demo's short log is checked ahead too."""

from __future__ import annotations

from jury_desk.deliberation import signed_audit
from jury_desk.gui import controller as controller_module
from jury_desk.store.log_tables import session_file_problem
from tests.gui.session_driver import (
    WAIT_MS,
    click,
    eligible,
    passphrase,
    seal,
    seated,
    uniform,
)

PRESENT = ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2")


def test_the_desk_checks_its_log_ahead_at_opening_and_after_the_ouverture(
    qtbot, window, monkeypatch, notices
):
    monkeypatch.setattr(controller_module, "CHECK_AHEAD_FROM", 0)
    page = seated(qtbot, window, PRESENT)
    controller, service = page.controller, page.controller.service
    opening = controller.checking_ahead
    assert opening is not None  # started with the session, before anyone acted
    qtbot.waitUntil(lambda: not opening.running, timeout=WAIT_MS)
    wholes: list[int] = []
    whole = signed_audit._whole
    monkeypatch.setattr(signed_audit, "_whole", lambda *a, **k: wholes.append(1) or whole(*a, **k))

    for member in eligible(service, "ADM-02"):
        seal(service, member, "ADM-02", uniform(service, 14))
    page.board.refresh()
    click(qtbot, page.board_button)
    dialog = page.board.ask_open_ready()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.passphrase, passphrase("m-mines-1"))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    after = controller.checking_ahead
    assert after is not None and after is not opening  # the ouverture started another
    qtbot.waitUntil(lambda: not after.running, timeout=WAIT_MS)
    assert wholes == []  # it went on from the check made at opening
    assert session_file_problem(service.path, kept=service.verified) is None
    assert wholes == []  # and so does the export's check: nothing new since
