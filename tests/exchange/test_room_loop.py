"""The room desk is not stalled by full garbage collections: what exists when its server
starts (the open session's manifest, the modules) is left out of them while it listens and
given back when it stops (``server.start``); and a batch is applied with the collector
paused (``Reception.receive``)."""

from __future__ import annotations

import gc
import socket

import pytest

from jury_desk.exchange.envelope import ExchangeError
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.reception import ImportReport
from jury_desk.exchange.server import RoomServer


def collected(obj: object) -> bool:
    """Whether the collector walks ``obj`` (the frozen generation is left out)."""
    return any(o is obj for o in gc.get_objects())


def test_what_exists_at_start_is_left_out_of_collections_while_the_room_listens(jury):
    reception, _ledger = jury.room()
    session = [[i] for i in range(1000)]  # stands for the open session: tracked containers
    assert collected(session)
    server = RoomServer(reception, RoomIdentity.create())
    server.start()
    try:
        assert not collected(session) and gc.get_freeze_count() >= len(session)
        made_later = [[0]]
        assert collected(made_later)  # what the room makes while it runs is collected
    finally:
        server.stop()
    assert collected(session) and gc.get_freeze_count() == 0


def test_a_room_that_cannot_listen_leaves_nothing_frozen(jury):
    reception, _ledger = jury.room()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        server = RoomServer(reception, RoomIdentity.create(), port=port)
        with pytest.raises(ExchangeError) as refused:
            server.start()
    assert refused.value.reason == "net.listen"
    assert gc.get_freeze_count() == 0


def test_the_collector_is_paused_while_a_batch_is_applied_and_resumed_after(jury, tmp_path):
    seen: list[bool] = []

    def rules(_envelope: object) -> None:
        seen.append(gc.isenabled())

    reception, ledger = jury.room(rules)
    box = jury.box(tmp_path / "home", "mines-1")
    envelopes = [box.send("seal", f"sheet {i}".encode()) for i in range(3)]
    assert gc.isenabled()
    reception.receive(envelopes, ImportReport("test"))
    assert seen == [False, False, False] and len(ledger.applied) == 3
    assert gc.isenabled()
