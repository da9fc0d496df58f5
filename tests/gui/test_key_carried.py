"""The chair registers from their member desk, then opens the sheets on the room desk (issue
12): once a dead end, since the room held only the public half of the key their desk made.

Every step is a click or typed text in real widgets, on both desks: the room desk is the
real app (``MainWindow``) on a real signed bundle that pins no key, open to 127.0.0.1; the
chair's desk is the app's member page over a real member desk that made their key. The chair
joins the room with its code and arrives from their desk; "Exporter ma clé…" writes the key
(encrypted, owner-only) to a USB folder; in the room, signing in without the file says where
it comes from, a throwaway key file is refused with nothing written, and the exported file
lets the chair seal and then open the sheets. Only the platform's file choosers are stubbed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from jury_desk.bundle.minisign import is_encrypted
from jury_desk.cli import main as cli_main
from jury_desk.exchange import pairing
from jury_desk.gui.main_window import MainWindow
from jury_desk.gui.member.member_page import MemberPage
from jury_desk.gui.views.session_page import SessionPage
from jury_desk.gui.words import messages
from jury_desk.memberdesk.opening import DESK_KEY, open_bundle
from jury_desk.signing import member_key
from jury_desk.store.audit import verify_chain
from tests.deliberation.jury import snapshot
from tests.gui.session_driver import (
    WAIT_MS,
    check_in,
    click,
    passphrase,
    score_with_keyboard,
    sign_in,
)
from tests.gui.test_desks_to_final import (
    ALBERT,
    CHAIR,
    MINES,
    open_room_on_loopback,
    small_jury_bundle,
)


def chair_signs_in(qtbot, page: SessionPage, secret: str):
    """The chair's "Se connecter pour noter…": the key file (already scripted), then the
    passphrase dialog, typed; the dialog."""
    page.lobby.select_member(CHAIR)
    click(qtbot, page.lobby.sign_in_button)
    dialog = page.lobby.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.again is None  # the key file's passphrase: typed once, never chosen here
    assert "Exporter ma clé" in dialog.explanation.text()
    qtbot.keyClicks(dialog.passphrase, secret)
    click(qtbot, dialog.ok_button)
    return dialog


def test_the_chair_registered_on_their_desk_brings_the_key_and_opens_the_sheets(
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path, settings, notices, answers,
    monkeypatch, capsys,
):  # fmt: skip
    bundle, secretariat = small_jury_bundle(tmp_path / "secretariat")
    page = open_room_on_loopback(qtbot, window, data_dir, monkeypatch, bundle, secretariat)
    service = window.service
    assert service is not None
    click(qtbot, page.desks_button)
    panel, exchange = page.desks, window.exchange
    assert panel is not None and exchange is not None
    click(qtbot, panel.network_button)
    qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
    address = exchange.address
    assert address is not None

    # -- the chair's own desk (another laptop: its own data folder) makes their key
    secret = passphrase(CHAIR)
    opening = open_bundle(bundle, None, secret, tmp_path / "chair-laptop",
                          [secretariat.public_key()])  # fmt: skip
    desk = opening.desk(CHAIR, again=secret, cost=member_key.FAST_FOR_TESTS)
    mine = MemberPage(desk, settings)
    mine.show()
    usb = tmp_path / "usb"
    usb.mkdir()
    try:
        join = mine.ask_join()
        join.address.setText(f"{address.host}:{address.port}")
        join.code.setText(pairing.display_code(address.code))
        qtbot.mouseClick(join.findChild(type(mine.seal_button), "joinRoom"),
                         Qt.MouseButton.LeftButton)  # fmt: skip
        qtbot.waitUntil(mine.link.connected, timeout=15_000)
        click(qtbot, mine.arrive_button)  # the key registration, then the arrival
        qtbot.waitUntil(lambda: CHAIR in service.present_members(), timeout=15_000)
        assert service.key_on_desk(CHAIR) and not service.waits_for_reveal_key()

        # -- "Exporter ma clé…": the key the desk made, still encrypted, owner-only
        monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: usb)
        click(qtbot, mine.export_key_button)
        assert [n.title for n in notices] == ["Clé exportée"]
        exported = usb / f"{CHAIR}.key"
        assert str(exported) in notices[0].text and "Se connecter pour noter" in notices[0].text
        assert exported.read_bytes() == (desk.folder / DESK_KEY).read_bytes()
        assert (
            is_encrypted(exported.read_bytes(), "key") and exported.stat().st_mode & 0o777 == 0o600
        )
        assert desk.key.seed not in exported.read_bytes()
        notices.clear()
    finally:
        mine.close_link()
        mine.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        desk.close()

    # -- the two other members arrive and seal in the room
    click(qtbot, page.lobby_button)
    for member in (MINES, ALBERT):
        check_in(qtbot, page, member)
    for member in (MINES, ALBERT):
        sign_in(qtbot, page, member)
        window.activateWindow()
        qtbot.waitUntil(lambda: page.scoring is not None and page.scoring.worklist_table.hasFocus())
        score_with_keyboard(qtbot, page, ["14"] * 3, member)
        click(qtbot, page.sign_out_button)
        qtbot.waitUntil(lambda: page.scoring is None)

    # -- without the file, the room says where it comes from; nothing is written
    before, events = snapshot(service.path), verify_chain(service.path).length
    answers.files.append(None)
    page.lobby.select_member(CHAIR)
    click(qtbot, page.lobby.sign_in_button)
    [told] = notices
    assert "a enregistré sa clé depuis son poste de membre" in told.text
    assert "« Exporter ma clé… »" in told.text and page.scoring is None
    notices.clear()

    # -- a throwaway key under the same passphrase is refused in the dialog, nothing written
    _forged, forged_text = member_key.new_key(CHAIR, secret, member_key.FAST_FOR_TESTS)
    forged = tmp_path / "forged.key"
    forged.write_text(forged_text, encoding="utf-8")
    answers.files.append(forged)
    dialog = chair_signs_in(qtbot, page, secret)
    assert dialog.isVisible() and "n'est pas la clé que le poste de" in dialog.error.text()
    dialog.reject()
    assert service.key_on_desk(CHAIR) and page.scoring is None
    assert snapshot(service.path) == before and verify_chain(service.path).length == events

    # -- the exported file: the chair signs in, seals, and opens the sheets
    answers.files.append(exported)
    chair_signs_in(qtbot, page, secret)
    qtbot.waitUntil(lambda: page.scoring is not None and page.scoring.isVisible())
    assert not service.key_on_desk(CHAIR)
    window.activateWindow()
    qtbot.waitUntil(lambda: page.scoring.worklist_table.hasFocus())
    score_with_keyboard(qtbot, page, ["14"] * 3, CHAIR)
    click(qtbot, page.sign_out_button)
    qtbot.waitUntil(lambda: page.scoring is None)
    click(qtbot, page.board_button)
    board = page.board
    assert board is not None
    dialog = board.ask_open_ready()
    qtbot.keyClicks(dialog.passphrase, secret)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        click(qtbot, dialog.ok_button)
    board.select_candidate("C001")
    assert board.pane.sheets.rowCount() == 3
    assert [n.text for n in notices] == ["Notes révélées pour 1 candidat(s) : C001."]
    assert exported.read_bytes() not in Path(service.path).read_bytes()

    window.go_home()
    capsys.readouterr()
    assert cli_main(["audit", "verify", str(service.path)]) == 0
    assert "is intact" in capsys.readouterr().out


def test_a_desk_opened_with_a_key_file_says_to_bring_that_file(
    qtbot, tmp_path: Path, settings, notices, monkeypatch
):
    bundle, secretariat = small_jury_bundle(tmp_path / "secretariat")
    secret = passphrase(CHAIR)
    _key, text = member_key.new_key(CHAIR, secret, member_key.FAST_FOR_TESTS)
    brought = tmp_path / "my.key"
    brought.write_text(text, encoding="utf-8")
    opening = open_bundle(bundle, brought, secret, tmp_path / "laptop", [secretariat.public_key()])
    desk = opening.desk(CHAIR)
    page = MemberPage(desk, settings)
    asked: list[str] = []
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, s: asked.append(title))
    try:
        page.show()
        click(qtbot, page.export_key_button)
        assert asked == []  # nothing to write: no folder asked
        [told] = notices
        assert told.title == "Votre clé est votre fichier"
        assert "apportez ce fichier au poste de salle" in told.text
    finally:
        page.close_link()
        page.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        desk.close()
