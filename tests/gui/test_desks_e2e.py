"""The room desk's GUI and two member desks in processes of their own, over 127.0.0.1 (issue 12).

The room desk is driven through its real widgets (pytest-qt): "Ouvrir la salle au réseau",
then the address and pairing code it shows are what the member desks use. Each member desk
is a separate process (``tests.exchange.desk_procs member``: the Qt-free ``MemberBox`` and
``RoomLink``), which pairs with that code and seals. The panel's rows follow the seals live,
while the GUI thread stays free. The room's rules are a ``MemoryLedger``'s: this test is the
transport and the faces. The real room desk (the deliberation service) with member-desk
windows in processes of their own, to a final decision, is ``test_desks_to_final.py``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt

from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.verdict import MemoryLedger
from jury_desk.gui.desks.room_exchange import RoomExchange, RoomSide
from jury_desk.gui.views.desks_panel import DesksPanel
from tests.exchange.desk_procs import SESSION, load_key, make_keys, spawn
from tests.exchange.test_beacon import LOOPBACK_BROADCAST, free_udp_port

MEMBERS = ["mines-1", "albert-1"]
NAMES = {"mines-1": "Claire Dubois", "albert-1": "Sofia Ruiz"}


def test_a_room_desk_window_and_two_member_desk_processes_over_loopback(qtbot, tmp_path: Path):
    make_keys(tmp_path, MEMBERS)
    keys = {m: load_key(tmp_path, m).public_key() for m in MEMBERS}
    ledger = MemoryLedger()
    side = RoomSide(SESSION, tuple(MEMBERS), keys.get, ledger, RoomIdentity.create())
    exchange = RoomExchange(side, listen_host="127.0.0.1", broadcast=LOOPBACK_BROADCAST,
                            beacon_port=free_udp_port())  # fmt: skip
    panel = DesksPanel(exchange, NAMES.__getitem__)
    qtbot.addWidget(panel)
    panel.show()
    applied: list[bool] = []
    exchange.applied.connect(lambda: applied.append(True))
    desks: list[subprocess.Popen[str]] = []
    try:
        qtbot.mouseClick(panel.network_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: exchange.address is not None, timeout=15_000)
        address = exchange.address
        assert address is not None
        assert address.code in panel.network.code_line.text()
        desks = [
            spawn(
                "member",
                str(tmp_path),
                m,
                address.host,
                str(address.port),
                address.code,
                "3",
                "0.05",
            )  # fmt: skip
            for m in MEMBERS
        ]

        def row(member: str) -> str:
            position = [r.member for r in panel.model.rows()].index(member)
            return panel.model.index(position, panel.model.ACCEPTED).data()

        qtbot.waitUntil(lambda: all(row(m) == "3" for m in MEMBERS), timeout=60_000)
        results = [json.loads(d.communicate(timeout=60)[0].splitlines()[-1]) for d in desks]
        assert all(d.returncode == 0 for d in desks)
        assert {r["member"]: r["pending"] for r in results} == {m: 0 for m in MEMBERS}
        assert applied  # the board was told to read the session again, live
        for member in MEMBERS:
            assert [e.n for e in ledger.applied if e.sender == member] == [1, 2, 3]
            position = [r.member for r in panel.model.rows()].index(member)
            assert panel.model.index(position, panel.model.LINK).data().startswith("Réseau")
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
                desk.wait(timeout=30)
        exchange.close()
