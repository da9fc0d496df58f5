"""No moment where a user is stuck or misled (issue 15): what cannot apply is disabled and
says why, the approval slot offers only members who can approve, a throttled passphrase
counts down without resizing the dialog, the export proposes a folder that exists and makes
its own, Qt's folder chooser speaks French, and dates read day first in both languages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

from jury_desk.deliberation.passphrase import PassphraseError
from jury_desk.gui import operations
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.i18n import install_language
from jury_desk.gui.words import labels, messages
from jury_desk.rehearsal.fast_forward import fast_forward
from tests.gui.session_driver import click, open_demo, passphrase, seal, uniform

SECRET = "phrase-secrete-du-jury"
CLOSED = "La séance est close : rouvrez-la depuis le tableau pour modifier."


def board_with_adm01_revealed(qtbot, window, ready=("m-mines-1", "m-mines-2", "m-albert-2")):
    """Four members present, only ``ready`` with a passphrase; ADM-01 revealed early. An
    unsigned log (format 1): in a signed one nobody is present without their key."""
    page = open_demo(qtbot, window, "admission", signed=False)
    controller, service = window.controller, window.service
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2"):
        operations.check_in(controller, member)
    for member in ready:
        operations.set_passphrase(controller, member, passphrase(member))
    seal(service, "m-mines-1", "ADM-01", uniform(service, 14))
    seal(service, "m-albert-2", "ADM-01", uniform(service, 13))
    service.force_reveal("m-mines-1", "ADM-01", passphrase("m-mines-1"))
    service.accept_rule_proposal("m-mines-1", "ADM-01", passphrase=passphrase("m-mines-1"))
    controller.refresh_all()
    click(qtbot, page.board_button)
    page.board.select_candidate("ADM-01")
    return page


def closed_session(qtbot, window):
    """The admission demo, finished by the fictitious jury and closed."""
    page = open_demo(qtbot, window, "admission")
    controller, service = window.controller, window.service
    fast_forward(service, SECRET)  # every member arrives, with their key, and acts
    operations.close_session(controller, controller.chair.id, SECRET)
    return page


def test_the_approval_slot_offers_only_members_who_can_approve(qtbot, window):
    page = board_with_adm01_revealed(qtbot, window)
    albert = page.board.pane.slots["ALBERT"]
    offered = [albert.member.itemData(i) for i in range(albert.member.count())]
    assert offered == ["m-albert-2"]  # m-albert-1 (Karim Haddad) never chose a passphrase
    assert albert.approve_button.isEnabled()


def test_the_approval_slot_never_offers_a_conflicted_member(qtbot, window):
    """The service's read model says who may approve: a member conflicted on the candidate
    is not offered (the service would refuse them)."""
    page = open_demo(qtbot, window, "admission")
    controller, service = window.controller, window.service
    for member in ("m-mines-1", "m-mines-2", "m-albert-1", "m-albert-2", "m-albert-3"):
        operations.register_key(controller, member, passphrase(member), None)
        operations.check_in(controller, member, passphrase(member))
    operations.declare_conflict(
        controller, "m-albert-1", "ADM-01", "personal", "", passphrase("m-albert-1")
    )
    seal(service, "m-mines-1", "ADM-01", uniform(service, 14))
    seal(service, "m-albert-2", "ADM-01", uniform(service, 13))
    service.force_reveal("m-mines-1", "ADM-01", passphrase("m-mines-1"))
    service.accept_rule_proposal("m-mines-1", "ADM-01", passphrase=passphrase("m-mines-1"))
    controller.refresh_all()
    click(qtbot, page.board_button)
    page.board.select_candidate("ADM-01")
    albert = page.board.pane.slots["ALBERT"]
    offered = [albert.member.itemData(i) for i in range(albert.member.count())]
    assert offered == ["m-albert-2", "m-albert-3"]  # not m-albert-1, conflicted


def test_an_approval_slot_with_nobody_ready_says_why(qtbot, window):
    page = board_with_adm01_revealed(qtbot, window, ready=("m-mines-1", "m-albert-2"))
    window.service.check_out("m-albert-2", passphrase=passphrase("m-albert-2"))
    window.controller.refresh_all()
    albert = page.board.pane.slots["ALBERT"]
    assert albert.member.count() == 0 and not albert.approve_button.isEnabled()
    assert albert.approve_button.toolTip() == (
        "Aucun membre présent de Albert School n'a encore choisi sa phrase secrète "
        "(Karim Haddad) : il se connecte une première fois depuis la salle du jury."
    )
    assert not albert.object_button.isEnabled() and not albert.passphrase.isEnabled()


def test_a_closed_session_offers_no_action_and_says_why(qtbot, window):
    page = closed_session(qtbot, window)
    click(qtbot, page.board_button)
    page.board.select_candidate("ADM-03")
    pane = page.board.pane
    dead = [
        pane.revise_button,
        pane.note_button,
        pane.note_edit,
        pane.accept_rule_button,
        pane.propose_button,
        *(slot.approve_button for slot in pane.slots.values()),
        *(slot.object_button for slot in pane.slots.values()),
    ]
    for widget in dead:
        assert not widget.isEnabled(), widget.objectName()
        assert widget.toolTip() == CLOSED, widget.objectName()
    assert pane.ask_revision() is not None  # the dialog still opens from code, but...
    assert not pane.revise_button.isEnabled()  # ...no user can reach it


def test_a_throttled_passphrase_counts_down_in_a_dialog_that_keeps_its_size(qtbot):
    def attempt(_passphrase: str) -> object:
        raise PassphraseError("auth-throttled", "Try again in 2 s.", retry_after=2)

    dialog = PassphraseDialog(
        None,
        title="Sceller",
        headline="Sceller",
        explanation="",
        action="Sceller",
        attempt=attempt,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "mauvaise")
    click(qtbot, dialog.ok_button)
    assert dialog.error.isVisible() and dialog.error.text().startswith("Trop d'essais")
    size = dialog.size()
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Sceller (dans 2 s)"
    error = dialog.error.geometry()
    assert not error.intersects(dialog.passphrase.geometry())  # next to the field, not over it
    assert dialog.rect().contains(dialog.buttons.geometry())  # the buttons stay inside
    qtbot.waitUntil(lambda: dialog.ok_button.text() == "Sceller (dans 1 s)", timeout=3000)
    assert dialog.size() == size
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
    assert dialog.ok_button.text() == "Sceller" and dialog.size() == size


def test_the_export_proposes_a_folder_that_exists(qtbot, window, monkeypatch, tmp_path):
    page = closed_session(qtbot, window)
    minutes = page.show_minutes()
    asked: list[Path] = []
    monkeypatch.setattr(
        messages, "folder_chooser", lambda parent, title, suggested: asked.append(suggested)
    )
    minutes.export_button.setEnabled(True)  # keys aside: only the chooser is looked at here
    minutes.ask_export()
    assert len(asked) == 1 and asked[0].is_dir()
    assert minutes.export_folder(tmp_path) == tmp_path / "PV-demo-2026-master-admission"


ENGLISH = ("Look in", "Files of type", "File name", "Folder:", "Directory:", "Choose", "Open")


def test_qts_folder_chooser_speaks_french(qtbot, tmp_path):
    dialog = messages.folder_dialog(None, "Où ranger le procès-verbal ?", tmp_path)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as offscreen
    qtbot.addWidget(dialog)
    dialog.show()
    words = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
    words += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    assert "Voir dans :" in words and "Choisir ce dossier" in words
    assert [w for w in words if any(english in w for english in ENGLISH)] == []
    dialog.reject()


def test_dates_read_day_first_on_the_24_hour_clock_in_both_languages(qtbot):
    moment = datetime(2026, 9, 15, 14, 5, tzinfo=UTC).astimezone()
    for lang in ("fr", "en"):
        install_language(lang)
        assert labels.date_time(moment) == moment.strftime("%d/%m/%Y %H:%M")
        assert labels.day(moment.date()) == moment.strftime("%d/%m/%Y")
    install_language("fr")


def test_one_window_title_in_the_desks_language(qtbot, window):
    """The platform shows "<window title> — <application name>": the window's own title never
    repeats the application's name, which follows the language."""
    assert window.windowTitle() == ""
    assert QGuiApplication.applicationDisplayName() == "Jury Mines Paris × Albert School"
    open_demo(qtbot, window, "admission")
    assert window.windowTitle() == window.service.manifest.session.title
    assert "Jury Mines Paris × Albert School" not in window.windowTitle()
