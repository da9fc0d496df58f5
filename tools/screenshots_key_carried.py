"""The screens of a key carried from a member desk to the room desk (issue 12), for
``tools/screenshots.py``: the member page with "Exporter ma clé…" and what it says once the
key is written; in the room, what signing in without the file says, and the passphrase
dialog for the file brought. The shipped demo bundle (it pins no key): the chair's desk
makes their key, and its registration reaches the room desk by a folder, as by a USB key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from jury_desk.deliberation.ledger import ServiceLedger
from jury_desk.exchange.reception import Reception
from jury_desk.gui.demo import demo_bundle_path, demo_public_key
from jury_desk.gui.dialogs.passphrase import PassphraseDialog
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.member.member_page import MemberPage
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.gui.words import messages
from jury_desk.memberdesk.opening import open_bundle
from jury_desk.signing import member_key

Save = Callable[[QWidget, Path, str], None]
Waiter = Callable[[Any], None]


def shoot_key_carried(
    p: str, out: Path, scratch: Path, size: tuple[int, int], save: Save, wait_for: Waiter,
    passphrase: str,
) -> None:  # fmt: skip
    settings = QSettings(str(scratch / f"settings-carried-{p}.ini"), QSettings.Format.IniFormat)
    bundle, trusted = demo_bundle_path("admission"), [demo_public_key()]
    opening = open_bundle(bundle, None, passphrase, scratch / f"chair-laptop-{p}", trusted)
    chair = next(m for m in opening.verified.manifest.session.members if "chair" in m.roles)
    desk = opening.desk(chair.id, again=passphrase)
    usb = scratch / f"usb-{p}"
    usb.mkdir()
    page = MemberPage(desk, settings)
    page.resize(*size)
    page.show()
    save(page, out, f"{p}-40-member-desk-export-key")
    chosen = messages.folder_chooser
    messages.folder_chooser = lambda parent, title, suggested: usb
    page.export_key_button.click()  # the notice "Clé exportée", grabbed
    messages.folder_chooser = chosen
    desk.check_in()  # the key's registration, then the arrival: to the room by the USB key
    desk.export_to(usb)
    exported = usb / f"{chair.id}.key"
    page.close_link()
    page.close()
    page.deleteLater()

    room_dir = scratch / f"room-{p}"
    room_dir.mkdir(mode=0o700)
    window = MainWindow(room_dir, settings)
    window.resize(*size)
    window.show()
    wait_for(window.open_demo("admission"))
    assert window.service is not None and isinstance(window.session_page, SessionPage)
    ledger = ServiceLedger(window.service)
    ledger.pair(chair.id, member_key.signing_key(desk.key).public_key())  # as the code does
    Reception(ledger.session, ledger.key_of, ledger, Ed25519PrivateKey.generate()).import_folder(
        usb
    )
    desk.close()
    lobby = window.session_page.lobby
    lobby.refresh()
    lobby.select_member(chair.id)
    chooser = messages.open_chooser
    messages.open_chooser = lambda parent, title, filters: None
    lobby.sign_in_selected()  # no file: the notice says where it comes from, grabbed
    messages.open_chooser = lambda parent, title, filters: exported
    lobby.sign_in_selected()
    messages.open_chooser = chooser
    dialog = lobby.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText(passphrase)
    save(dialog, out, f"{p}-41-room-sign-in-with-the-exported-key")
    dialog.reject()
    window.go_home()  # the session closed before its window
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
