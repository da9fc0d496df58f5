"""Driving the minutes screen and its dialogs as the signers do."""

from __future__ import annotations

from pathlib import Path

from jury_desk.core.resources import resource_path
from jury_desk.gui.dialogs.sign_pv import SignPvDialog
from jury_desk.gui.dialogs.verify_pv import VerifyPvDialog
from jury_desk.gui.views.minutes_page import MinutesPage, SignerSlot
from jury_desk.gui.words import messages
from tests.gui.session_driver import WAIT_MS, click


def demo_p12(code: str) -> Path:
    return resource_path("demo", f"DEMO-signer-{code}.p12")


def open_slot(qtbot, slot: SignerSlot) -> SignPvDialog:
    click(qtbot, slot.sign_button)
    dialog = slot.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.keyring is not None)
    return dialog


def unlock(qtbot, dialog: SignPvDialog, passphrase: str) -> None:
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, passphrase)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.unlocking is None, timeout=WAIT_MS)


def sign_with_demo_key(qtbot, slot: SignerSlot) -> None:
    dialog = open_slot(qtbot, slot)
    assert dialog.file.path() == demo_p12(slot.institution.code)  # preselected for the demo
    assert dialog.demo_hint.text() == (
        "Démonstration : la phrase secrète des clés DEMO est « demo »."
    )
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        unlock(qtbot, dialog, "demo")


def run_verification(qtbot, dialog: VerifyPvDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None and dialog.report is not None, timeout=WAIT_MS)


def export_into(qtbot, monkeypatch, minutes: MinutesPage, parent: Path) -> Path:
    """Click Export, pick ``parent`` in the folder chooser, wait for the signed PV; the
    folder the export made in ``parent``."""
    monkeypatch.setattr(messages, "folder_chooser", lambda _parent, title, suggested: parent)
    click(qtbot, minutes.export_button)
    done = lambda: minutes.exporting is None and minutes.exported is not None  # noqa: E731
    qtbot.waitUntil(done, timeout=WAIT_MS)
    folder = minutes.export_folder(parent)
    assert minutes.exported.pv.parent == folder and folder.parent == parent
    return folder
