"""The Desks panel's read model, fed by real imports and a real network session."""

from __future__ import annotations

from jury_desk.exchange.desks import DesksBoard
from jury_desk.exchange.envelope import seal
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.records import RecordFile, file_name
from jury_desk.exchange.server import RoomServer

from .conftest import MEMBERS, SESSION


def test_the_board_shows_what_each_file_brought(jury, tmp_path, usb):
    board = DesksBoard(MEMBERS)

    def rules(envelope):
        return (
            ("already-revealed", "ADM-08 was already revealed")
            if envelope.body == b"late"
            else None
        )

    room, _ = jury.room(rules)
    laptop = jury.box(tmp_path / "laptop", "mines-1")
    laptop.send("seal", b"ADM-01")
    laptop.send("seal", b"late")
    laptop.export_to(usb)
    tablet = jury.box(tmp_path / "tablet", "albert-1")
    tablet.send("seal", b"ADM-01")
    tablet.send("seal", b"ADM-02")
    tablet.export_to(usb)
    path = usb / file_name(SESSION.bundle_id, "albert-1", to_room=True)
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(lines[1] + b"\n")  # message 1 lost: 2 waits for it
    forged = seal(jury.keys["mines-2"], SESSION, sender="mines-1", recipient="room", n=3,
                  kind="seal", body=b"forged")  # fmt: skip
    RecordFile(usb / file_name(SESSION.bundle_id, "mines-1", to_room=True)).append([forged])
    for report in room.import_folder(usb):
        board.add_report(report, "2026-06-15T09:00:00+00:00")
    rows = {row.member: row for row in board.rows()}
    mines = rows["mines-1"]
    assert (mines.accepted, mines.refused, mines.unreadable) == (
        1, ["ADM-08 was already revealed"], 1,
    )  # fmt: skip
    assert mines.via.endswith("--mines-1.jdoutbox") and mines.missing_from is None
    assert rows["albert-1"].missing_from == 1 and rows["albert-1"].accepted == 0
    assert rows["mines-2"].last_message_at == ""  # nothing from them yet


def test_the_board_shows_paired_desks_and_a_clock_far_off(jury, tmp_path):
    from datetime import UTC, datetime, timedelta

    identity = RoomIdentity.create()
    reception, _ = jury.room()
    reception.room_key = identity.key
    board = DesksBoard(MEMBERS)
    server = RoomServer(reception, identity, on_report=lambda r: board.add_report(r, "now"))
    server.start()
    try:
        box = jury.box(tmp_path / "desk", "albert-2")
        box.room_key = None
        pair(box, tmp_path / "desk", *server.address, server.window.code)
        box.send("seal", b"x")
        link = RoomLink(box, *server.address, pinned_room(tmp_path / "desk"))
        link.clock = lambda: datetime.now(UTC) + timedelta(minutes=20)
        link.sync(timeout=10)
        board.add_network(server.desks)
    finally:
        server.stop()
    row = {r.member: r for r in board.rows()}["albert-2"]
    assert row.paired and row.accepted == 1 and row.via == "network"
    assert row.clock_off and row.clock_skew_s is not None and row.clock_skew_s > 19 * 60
