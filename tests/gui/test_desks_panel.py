"""The room desk's "Postes des membres" panel, driven through its real widgets (issue 12).

Member desks are ``MemberBox``es (the Qt-free member side) writing to a folder standing in for
a USB key, or pairing over 127.0.0.1; the room's rules are a ``MemoryLedger``'s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt

from jury_desk.exchange.beacon import Beacon
from jury_desk.exchange.envelope import Envelope
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.memberbox import MemberBox
from jury_desk.exchange.verdict import MemoryLedger
from jury_desk.gui.desks.room_exchange import RoomExchange, RoomSide
from jury_desk.gui.i18n import install_language
from jury_desk.gui.models.desks import DesksModel
from jury_desk.gui.views.desks_panel import DesksPanel
from jury_desk.gui.words import messages
from tests.exchange.conftest import MEMBERS, SESSION
from tests.exchange.test_beacon import LOOPBACK_BROADCAST, free_udp_port

NAMES = {"mines-1": "Claire Dubois", "mines-2": "Marc Petit", "albert-1": "Sofia Ruiz",
         "albert-2": "Yann Le Gall"}  # fmt: skip
KEYS = {m: Ed25519PrivateKey.generate() for m in MEMBERS}


def conflicted(envelope: Envelope) -> tuple[str, str] | None:
    if json.loads(envelope.body).get("candidate") == "ADM-08":
        return ("conflicted", "vous êtes en conflit sur ADM-08 : cette feuille n'est pas reçue")
    return None


@pytest.fixture
def room(qtbot, tmp_path: Path):
    identity = RoomIdentity.create()
    ledger = MemoryLedger(conflicted)
    side = RoomSide(SESSION, MEMBERS, lambda m: KEYS[m].public_key() if m in KEYS else None,
                    ledger, identity)  # fmt: skip
    exchange = RoomExchange(side, listen_host="127.0.0.1", broadcast=LOOPBACK_BROADCAST,
                            beacon_port=free_udp_port())  # fmt: skip
    panel = DesksPanel(exchange, NAMES.__getitem__)
    qtbot.addWidget(panel)
    panel.resize(1000, 650)
    panel.show()
    yield exchange, panel, ledger
    exchange.close()


def box(folder: Path, member: str, room_key=None) -> MemberBox:
    folder.mkdir(parents=True, exist_ok=True)
    return MemberBox(folder, SESSION, member, KEYS[member], room_key)


def seal(member_box: MemberBox, candidate: str) -> Envelope:
    return member_box.send("seal", json.dumps({"candidate": candidate}).encode())


def cells(panel: DesksPanel, member: str) -> dict[str, str]:
    model = panel.model
    position = [r.member for r in model.rows()].index(member)
    heads = model.headers()
    return {heads[c]: model.index(position, c).data() for c in range(model.columnCount())}


def test_importing_an_outbox_file_shows_what_it_brought_and_answers_on_the_key(
    qtbot, tmp_path, room, monkeypatch
):
    exchange, panel, ledger = room
    usb = tmp_path / "usb"
    usb.mkdir()
    desk = box(tmp_path / "desk-m1", "mines-1", exchange.side.identity.key.public_key())
    seal(desk, "ADM-01")
    seal(desk, "ADM-08")  # the member is conflicted there: refused, and told
    seal(desk, "ADM-02")
    assert desk.export_to(usb) == 3
    outbox = usb / desk.out.path.name
    monkeypatch.setattr(messages, "open_chooser", lambda parent, title, f: outbox)

    with qtbot.waitSignal(exchange.applied, timeout=10_000):
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    row = cells(panel, "mines-1")
    assert row["Membre"] == "Claire Dubois"
    assert row["Liaison"] == "Clé USB (fichier)"
    position = [r.member for r in panel.model.rows()].index("mines-1")
    assert panel.model.index(position, DesksModel.LINK).data(Qt.ItemDataRole.ToolTipRole) == (
        outbox.name
    )
    assert row["Acceptés"] == "2" and row["Refus"] == "1"
    panel.table.selectRow(0)
    refusal = "vous êtes en conflit sur ADM-08 : cette feuille n'est pas reçue"
    assert panel.refusals.text() == f"Claire Dubois : {refusal}"
    install_language("en")  # the space before the colon is French only (the catalogue's)
    panel.table.clearSelection()
    panel.table.selectRow(0)
    assert panel.refusals.text() == f"Claire Dubois: {refusal}"
    install_language("fr")
    assert "2 accepté(s), 1 refusé(s), 0 déjà reçu(s)" in panel.last_import.text()
    assert [e.n for e in ledger.applied] == [1, 3]
    # The reply file is on the key: the member desk reads its verdicts from it.
    assert desk.import_from(usb) == 3
    assert [a.verdict.accepted for a in desk.answered()] == [True, False, True]

    # The same file again changes nothing, and says so.
    with qtbot.waitSignal(exchange.changed, timeout=10_000):
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "0 accepté(s), 0 refusé(s), 3 déjà reçu(s)" in panel.last_import.text())
    assert cells(panel, "mines-1")["Acceptés"] == "2"
    assert [e.n for e in ledger.applied] == [1, 3]


def test_a_hand_edited_outbox_is_refused_and_nothing_is_applied(qtbot, tmp_path, room, monkeypatch):
    exchange, panel, ledger = room
    usb = tmp_path / "usb"
    desk = box(tmp_path / "desk", "albert-1")
    seal(desk, "ADM-03")
    usb.mkdir()
    desk.export_to(usb)
    outbox = usb / desk.out.path.name
    edited = outbox.read_bytes().replace(b'"kind":"seal"', b'"kind":"note"')
    assert edited != outbox.read_bytes()
    outbox.write_bytes(edited)
    monkeypatch.setattr(messages, "open_chooser", lambda parent, title, f: outbox)
    with qtbot.waitSignal(exchange.changed, timeout=10_000):
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(exchange.imports))
    assert ledger.applied == []
    assert "0 accepté(s), 1 refusé(s)" in panel.last_import.text()
    assert "Message falsifié ou modifié à la main" in panel.refusals.text()
    assert "line 1" in panel.refusals.text() or "message 1" in panel.refusals.text()
    assert "1 message(s) illisible(s) ou falsifié(s)" in cells(panel, "albert-1")["Alertes"]


def test_a_watched_folder_is_imported_as_it_grows(qtbot, tmp_path, room, monkeypatch):
    exchange, panel, ledger = room
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(messages, "folder_chooser", lambda parent, title, suggested: usb)
    qtbot.mouseClick(panel.watch_button, Qt.MouseButton.LeftButton)
    assert panel.watch_button.text() == "Arrêter de surveiller"
    assert str(usb) in panel.watching.text()
    desk = box(tmp_path / "desk", "mines-2")
    seal(desk, "ADM-05")
    desk.export_to(usb)
    qtbot.waitUntil(lambda: cells(panel, "mines-2")["Acceptés"] == "1", timeout=10_000)
    seal(desk, "ADM-06")
    desk.export_to(usb)
    qtbot.waitUntil(lambda: cells(panel, "mines-2")["Acceptés"] == "2", timeout=10_000)
    assert [e.n for e in ledger.applied] == [1, 2]
    qtbot.mouseClick(panel.watch_button, Qt.MouseButton.LeftButton)
    assert exchange.watch is None and panel.watch_button.text() == "Surveiller un dossier…"


def test_opening_the_room_shows_its_address_and_code_and_seals_arrive_live(qtbot, tmp_path, room):
    exchange, panel, ledger = room
    assert not panel.network.isVisible()
    with qtbot.waitSignal(exchange.changed, timeout=15_000):
        qtbot.mouseClick(panel.network_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.network.isVisible(), timeout=15_000)
    address = exchange.address
    assert address is not None and address.host == "127.0.0.1"
    assert f"127.0.0.1:{address.port}" in panel.network.address_line.text()
    assert address.code in panel.network.code_line.text()
    assert address.fingerprint in panel.network.fingerprint_line.text()
    assert not panel.network.qr.pixmap().isNull()
    assert not panel.network_button.isEnabled()
    assert panel.network_button.text() == "Salle ouverte au réseau"

    folder = tmp_path / "desk-a2"
    desk = box(folder, "albert-2")
    shown_fp = pair(desk, folder, address.host, address.port, address.code)
    assert shown_fp == address.fingerprint  # the same on both screens
    room_der = pinned_room(folder)
    assert room_der is not None
    link = RoomLink(desk, address.host, address.port, room_der)
    seal(desk, "ADM-07")
    with qtbot.waitSignal(exchange.applied, timeout=15_000):
        link.sync(timeout=10.0)
    qtbot.waitUntil(lambda: cells(panel, "albert-2")["Acceptés"] == "1", timeout=10_000)
    assert cells(panel, "albert-2")["Liaison"].startswith("Réseau")
    assert [e.sender for e in ledger.applied] == ["albert-2"]
    assert desk.pending() == []


def test_the_wrong_pairing_code_pairs_nothing(qtbot, tmp_path, room):
    exchange, panel, _ledger = room
    with qtbot.waitSignal(exchange.changed, timeout=15_000):
        exchange.open_network(panel)
    qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
    address = exchange.address
    assert address is not None
    folder = tmp_path / "desk"
    wrong = "0000 0000" if address.code != "0000 0000" else "1111 1111"
    with pytest.raises(Exception, match="code"):
        pair(box(folder, "mines-1"), folder, address.host, address.port, wrong)
    assert pinned_room(folder) is None


def test_a_second_room_desk_on_the_network_is_said(qtbot, room):
    exchange, panel, _ledger = room
    with qtbot.waitSignal(exchange.changed, timeout=15_000):
        exchange.open_network(panel)
    qtbot.waitUntil(lambda: exchange.beacon is not None, timeout=15_000)
    rival = Beacon(SESSION, "9" * 64, 4999, broadcast=LOOPBACK_BROADCAST,
                   beacon_port=exchange._beacon_port, interval=0.1)  # fmt: skip
    rival.start()
    try:
        qtbot.waitUntil(panel.rivals.isVisible, timeout=10_000)
        assert "Un autre poste de salle" in panel.rivals.text()
        assert ":4999" in panel.rivals.text()
    finally:
        rival.stop()


def test_the_desks_table_names_alerts_plainly(qapp):
    from jury_desk.exchange.desks import DeskRow

    model = DesksModel(NAMES.__getitem__)
    row = DeskRow("mines-1", paired=True, connections=0, second_desk=True, clock_off=True,
                  clock_skew_s=-612.4, missing_from=4, unreadable=2)  # fmt: skip
    model.set_rows([row])
    shown = {model.headers()[c]: model.index(0, c).data() for c in range(model.columnCount())}
    assert shown["Liaison"] == "Réseau (appairé, hors ligne)"
    assert shown["En attente"] == "Message 4 manquant : les suivants l'attendent"
    assert shown["Alertes"] == (
        "Deux postes envoient au nom de ce membre ; Horloge décalée de -612 s ; "
        "2 message(s) illisible(s) ou falsifié(s)"
    )


def test_the_room_desk_shows_the_panel_and_its_board_follows_what_arrives(
    qtbot, tmp_path, window, monkeypatch
):
    """A session whose service takes member desks gets "Postes des membres"; each applied
    batch makes the board read the service again (the seals arrive live)."""
    from tests.gui.session_driver import click, open_demo

    ledger = MemoryLedger()
    members: tuple[str, ...] = ()

    def side(service):
        nonlocal members
        members = tuple(m.id for m in service.manifest.session.members)
        keys = {m: KEYS[MEMBERS[i % len(MEMBERS)]] for i, m in enumerate(members)}
        return RoomSide(SESSION, members, lambda m: keys[m].public_key() if m in keys else None,
                        ledger, RoomIdentity.create())  # fmt: skip

    monkeypatch.setattr(type(window), "room_side", staticmethod(side))
    page = open_demo(qtbot, window, "admission")
    assert page.desks is not None and page.desks_button.isVisible()
    click(qtbot, page.desks_button)
    assert page.stack.currentWidget() is page.desks
    assert [r.member for r in page.desks.model.rows()] == list(members)
    assert cells(page.desks, members[0])["Membre"] == window.service.manifest.session.member(
        members[0]).name  # fmt: skip

    refreshed: list[bool] = []
    window.controller.changed.connect(lambda: refreshed.append(True))
    usb = tmp_path / "usb"
    usb.mkdir()
    desk = box(tmp_path / "desk", "mines-1")  # the key the side gives members[0]
    desk = MemberBox(tmp_path / "desk", SESSION, members[0], KEYS["mines-1"])
    seal(desk, "ADM-01")
    desk.export_to(usb)
    monkeypatch.setattr(messages, "open_chooser", lambda parent, title, f: usb / desk.out.path.name)
    with qtbot.waitSignal(window.exchange.applied, timeout=10_000):
        click(qtbot, page.desks.import_button)
    assert refreshed  # the board and every view read the service again
    assert cells(page.desks, members[0])["Acceptés"] == "1"
    exchange = window.exchange
    window.go_home()  # the session closes: so does its exchange
    assert window.exchange is None and exchange.server is None and exchange.watch is None


def test_the_qr_code_says_the_pairing_uri_in_crisp_modules(qapp):
    """Drawn from segno's modules (no QtSvg, which the frozen app leaves out): the picture's
    dark squares are exactly segno's matrix, so a phone reads the same text."""
    import segno
    from PySide6.QtGui import QColor

    from jury_desk.gui.views.desks_panel import qr_pixmap

    uri = "jurydesk://pair?h=127.0.0.1&p=47800&c=12345678&fp=" + "a" * 64
    rows = list(segno.make(uri, error="m").matrix_iter(scale=1, border=2))
    image = qr_pixmap(uri, 148).toImage()
    module = image.width() // len(rows)
    assert module >= 2 and image.width() == image.height() == module * len(rows)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            pixel = QColor(image.pixel(x * module + module // 2, y * module + module // 2))
            assert (pixel.lightness() < 128) == bool(dark)
