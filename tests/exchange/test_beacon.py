"""A second room desk on the network is noticed by both (UDP on the loopback interface)."""

from __future__ import annotations

import random
import socket
import time

from jury_desk.exchange.beacon import Beacon, discover
from jury_desk.exchange.envelope import Session

from .conftest import SESSION, until

LOOPBACK_BROADCAST = "127.255.255.255"


def free_udp_port() -> int:
    for _ in range(50):
        port = random.randint(40000, 60000)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.bind((LOOPBACK_BROADCAST, port))
            except OSError:
                continue
            return port
    raise AssertionError("no free UDP port on the loopback interface")


def beacon(session: Session, fp: str, port: int, beacon_port: int) -> Beacon:
    b = Beacon(session, fp, port, broadcast=LOOPBACK_BROADCAST, beacon_port=beacon_port,
               interval=0.1)  # fmt: skip
    b.start()
    return b


def test_two_room_desks_for_one_session_notice_each_other():
    port = free_udp_port()
    first = beacon(SESSION, "a" * 64, 4001, port)
    second = beacon(SESSION, "b" * 64, 4002, port)
    other_session = beacon(Session("ADM-2026-OTHER", 1, "00" * 32), "c" * 64, 4003, port)
    try:
        assert until(lambda: first.rivals(1.0) and second.rivals(1.0))
        assert until(lambda: len(first.seen(1.0)) == 3)
        assert [(r.room_fp, r.port, r.host) for r in first.rivals(1.0)] == [
            ("b" * 64, 4002, "127.0.0.1")
        ]
        assert [r.room_fp for r in second.rivals(1.0)] == ["a" * 64]
        assert other_session.rivals(1.0) == []  # another session's room desk is no rival
    finally:
        for b in (first, second, other_session):
            b.stop()
    assert not any(t.is_alive() for b in (first, second, other_session) for t in b._threads)


def test_a_lone_room_desk_has_no_rival_and_junk_datagrams_are_ignored():
    port = free_udp_port()
    alone = beacon(SESSION, "a" * 64, 4001, port)
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as junk:
            junk.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            for data in (b"\xff" * 50, b"{}", b'{"jury-desk-room":1,"port":"x"}', b"[]"):
                junk.sendto(data, (LOOPBACK_BROADCAST, port))
        assert until(lambda: len(alone.seen(1.0)) == 1)
        time.sleep(0.3)
        assert alone.rivals(1.0) == [] and [s.room_fp for s in alone.seen(1.0)] == ["a" * 64]
    finally:
        alone.stop()


def test_a_member_desk_finds_the_room_desks_address():
    port = free_udp_port()
    room = beacon(SESSION, "a" * 64, 4711, port)
    other = beacon(Session("ADM-2026-OTHER", 1, "00" * 32), "c" * 64, 4712, port)
    try:
        found = discover(SESSION, listen_on=LOOPBACK_BROADCAST, beacon_port=port, timeout=0.5)
    finally:
        room.stop()
        other.stop()
    assert [(s.host, s.port, s.room_fp) for s in found] == [("127.0.0.1", 4711, "a" * 64)]
