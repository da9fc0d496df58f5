"""The member desks' faces over the real pieces (issue 12): the Desks panel over the room's
ledger (the deliberation service, a signed session) and the member page over the member
desk (``jury_desk.memberdesk``), by a folder standing in for a USB key."""

from __future__ import annotations

import socket
import threading

import keyring
from keyring.backends import fail
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.gui.desks.room_exchange import RoomExchange
from jury_desk.gui.desks.wiring import room_side
from jury_desk.gui.member.member_page import MemberPage
from jury_desk.gui.views.desks_panel import DesksPanel
from jury_desk.gui.words import messages
from jury_desk.memberdesk import acts
from jury_desk.memberdesk.desk import MemberDesk
from tests.deliberation.desks import open_room_with_desks, pinned_keys
from tests.exchange.test_beacon import LOOPBACK_BROADCAST, free_udp_port

ALBERT_DESKS = ("m-albert-1", "m-albert-2")


def test_a_member_seals_on_their_desk_and_the_room_counts_it(
    qtbot, tmp_path, settings, answers, monkeypatch
):
    keys = pinned_keys()
    rd = open_room_with_desks(tmp_path, keys)
    room, usb = rd.room, rd.folder
    side = room_side(room.svc)
    assert side is not None and side.status_of is not None
    exchange = RoomExchange(side, listen_host="127.0.0.1", broadcast=LOOPBACK_BROADCAST,
                            beacon_port=free_udp_port())  # fmt: skip
    panel = DesksPanel(exchange, lambda m: room.manifest.session.member(m).name)
    qtbot.addWidget(panel)
    panel.show()
    desks = {
        m: MemberDesk(
            room.manifest,
            side.session.fingerprint,
            m,
            keys[m][0],
            tmp_path / m,
            side.identity.key.public_key(),
        )  # fmt: skip
        for m in ALBERT_DESKS
    }
    mine, other = desks["m-albert-1"], desks["m-albert-2"]
    page = MemberPage(mine, settings)  # deleted below, before its desk closes
    page.show()
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: usb)

    def trip() -> None:
        """The member's key to the room desk and back: export, import on the panel, read."""
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.link.tasks.running, timeout=10_000)
        other.export_to(usb)
        for desk in desks.values():
            outbox = usb / desk.box.out.path.name
            monkeypatch.setattr(messages, "open_chooser", lambda *_a, p=outbox: p)
            qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not exchange.tasks.running, timeout=10_000)
        other.import_from(usb)
        qtbot.mouseClick(page.read_back_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.link.tasks.running, timeout=10_000)
        page.refresh()

    try:
        qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)  # in the room
        trip()
        assert mine.reveal_public() is not None  # the room's status came back on the key
        page.table.selectRow(1)
        cid = page.current
        for spin in page.form.spins.values():
            spin.setFocus()
            spin.selectAll()
            qtbot.keyClicks(spin, "14")
            qtbot.keyClick(spin, Qt.Key.Key_Return)
        answers.replies.append(True)
        qtbot.mouseClick(page.seal_button, Qt.MouseButton.LeftButton)
        trip()  # refused for its moment: one Albert member only is in the room
        said = [page.answers.item(i).text() for i in range(page.answers.count())]
        assert said[-1].startswith(f"✗ Feuille scellée {cid} : Le quorum n'est pas atteint")
        other.check_in()
        trip()
        qtbot.mouseClick(page.resend_button, Qt.MouseButton.LeftButton)
        trip()
        said = [page.answers.item(i).text() for i in range(page.answers.count())]
        assert said[-1] == f"✓ Feuille scellée {cid}"
        assert "Scellée et reçue par la salle" in page.sheet_state.text()
        row = {r.member: r for r in exchange.board.rows()}["m-albert-1"]
        assert row.accepted == 3 and len(row.refused) == 1  # key, arrival, the seal resent
        board = room.svc.board(room.manifest.session.members[0].id)
        sealed = {r.candidate_id: r.sealed_by for r in board.rows}[cid]
        assert "m-albert-1" in sealed
    finally:
        page.close_link()
        page.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        exchange.close()
        for desk in desks.values():
            desk.close()
        room.svc.close()


def test_the_room_desk_keeps_its_network_identity_from_one_opening_to_the_next(
    tmp_path, system_keyring
):
    """With the system's keyring, a session opened again has the same certificate: the
    desks paired before a restart of the room desk stay paired."""
    room = open_room_with_desks(tmp_path, pinned_keys()).room
    try:
        first = room_side(room.svc)
        assert first is not None and first.keep_identity is not None
        assert system_keyring == {}  # opening the session writes nothing
        assert first.keep_identity()  # the room opens to its network: kept
        again = room_side(room.svc)
        assert again is not None and again.identity.cert_der == first.identity.cert_der
    finally:
        room.svc.close()


def test_without_a_keyring_the_room_screen_says_members_will_join_again_after_a_restart(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    room = open_room_with_desks(tmp_path, pinned_keys()).room
    side = room_side(room.svc)
    assert side is not None
    exchange = RoomExchange(side, listen_host="127.0.0.1", broadcast=LOOPBACK_BROADCAST,
                            beacon_port=free_udp_port())  # fmt: skip
    panel = DesksPanel(exchange, lambda m: room.manifest.session.member(m).name)
    qtbot.addWidget(panel)
    panel.show()
    try:
        assert not panel.network.not_kept.isVisible()
        qtbot.mouseClick(panel.network_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
        assert panel.network.not_kept.isVisible()
        assert "chaque membre devra rejoindre la salle" in panel.network.not_kept.text()
    finally:
        exchange.close()
        room.svc.close()


def free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def opened(qtbot, side, port: int) -> RoomExchange:
    exchange = RoomExchange(side, listen_host="127.0.0.1", broadcast=LOOPBACK_BROADCAST,
                            beacon_port=free_udp_port(), port=port)  # fmt: skip
    exchange.open_network()
    qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
    return exchange


def test_a_desk_paired_before_the_room_desk_restarts_keeps_working_after(
    qtbot, tmp_path, system_keyring
):
    """The room desk is closed and opened again (same session file): the same certificate
    on the same port, so the member's desk sends on, without pairing again."""
    rd = open_room_with_desks(tmp_path, pinned_keys())
    room, desk = rd.room, rd.desks["m-albert-1"]
    port = free_tcp_port()
    exchange = opened(qtbot, room_side(room.svc), port)
    try:
        address = exchange.address
        assert address is not None and address.port == port and address.kept
        folder = desk.box.out.path.parent
        pair(desk.box, folder, "127.0.0.1", port, exchange.server.window.code)
        desk.join()  # the key, then the arrival
        assert RoomLink(desk.box, "127.0.0.1", port, pinned_room(folder)).sync(10).pending == 0
    finally:
        exchange.close()
    assert "m-albert-1" in room.svc.present_members()

    exchange = opened(qtbot, room_side(room.svc), port)  # the room desk, restarted
    try:
        assert exchange.address is not None and exchange.address.port == port
        desk.send(acts.check_out("m-albert-1"))
        result = RoomLink(desk.box, "127.0.0.1", port, pinned_room(folder)).sync(10)
        assert (result.sent, result.pending) == (1, 0)
        assert all(a.verdict.accepted for a in desk.box.answered())
        assert "m-albert-1" not in room.svc.present_members()
    finally:
        exchange.close()
        room.svc.close()


def test_when_the_room_s_port_is_taken_the_room_opens_on_another(qtbot, tmp_path):
    room = open_room_with_desks(tmp_path, pinned_keys()).room
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        exchange = opened(qtbot, room_side(room.svc), busy)
        try:
            assert exchange.address is not None and exchange.address.port not in (0, busy)
        finally:
            exchange.close()
            room.svc.close()


def test_opening_a_session_reads_the_keyring_off_the_gui_thread(qtbot, window, monkeypatch):
    """The room's kept identity is looked up in the system keyring, which may wait (D-Bus,
    a locked keyring asking its own password): the session opens in the background, and
    that look-up is made there, never on the GUI thread."""
    from jury_desk import secrets
    from tests.gui.session_driver import open_demo

    asked: list[bool] = []
    recall = secrets.recall_passphrase

    def watched(name: str) -> str | None:
        asked.append(threading.current_thread() is threading.main_thread())
        return recall(name)

    monkeypatch.setattr(secrets, "recall_passphrase", watched)
    page = open_demo(qtbot, window, "admission")
    assert page.desks is not None  # a signed session: member desks, a room identity
    assert asked == [False]
