"""Hostile input on the room network: each is closed with a plain error (or simply closed),
nothing is applied, and the room desk goes on serving the genuine desks (127.0.0.1 only)."""

from __future__ import annotations

import socket

import pytest

from jury_desk.exchange.frames import MAX_FRAME_BYTES, frame
from jury_desk.exchange.identity import RoomIdentity, client_context
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.server import RoomServer


@pytest.fixture
def room(jury):
    identity = RoomIdentity.create()
    reception, ledger = jury.room()
    reception.room_key = identity.key
    server = RoomServer(reception, identity)
    server.handshake_timeout = 0.5
    server.start()
    yield server, ledger
    server.stop()


def tls(server: RoomServer) -> socket.socket:
    raw = socket.create_connection(server.address, timeout=5)
    return client_context(None).wrap_socket(raw)


def answer(sock: socket.socket) -> bytes:
    """Everything the room sends until it closes the connection (bounded by the timeout)."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    sock.close()
    return data


def still_serves(jury, tmp_path, server, ledger) -> None:
    box = jury.box(tmp_path / "genuine", "mines-1")
    box.room_key = None
    pair(box, tmp_path / "genuine", *server.address, server.window.code)
    box.send("seal", b"genuine")
    RoomLink(box, *server.address, pinned_room(tmp_path / "genuine")).sync(timeout=10)
    assert box.pending() == [] and [e.body for e in ledger.applied] == [b"genuine"]


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        (b"not json at all\n", b"net.frame"),
        (b'{"t":"msg","rec":"x"}\n', b"net.frame"),  # a message before any authentication
        (b'{"t":"hello","member":"nobody","clock":"2026-06-15T09:00:00+00:00"}\n', b"net.unknown"),
        (b'{"t":"pair","member":"mines-1","key":"AAAA","proof":"00","sig":"AA=="}\n', b"pair.key"),
        (b'{"t":"hello","t":"pair"}\n', b"net.frame"),  # duplicate keys
        (b"", b"net.timeout"),  # says nothing
    ],
)
def test_junk_frames_are_refused_and_the_room_goes_on(jury, tmp_path, room, sent, reason):
    server, ledger = room
    sock = tls(server)
    sock.sendall(sent)
    got = answer(sock)
    assert b'"t":"error"' in got and reason in got
    assert ledger.applied == []
    still_serves(jury, tmp_path, server, ledger)


def test_an_oversized_line_is_cut_off(jury, tmp_path, room):
    server, ledger = room
    sock = tls(server)
    try:
        sock.sendall(b"x" * (MAX_FRAME_BYTES + 65536))
    except OSError:
        pass  # closed while still sending: what we want
    answer(sock)
    still_serves(jury, tmp_path, server, ledger)


def test_a_client_that_does_not_speak_tls_is_dropped(jury, tmp_path, room):
    server, ledger = room
    with socket.create_connection(server.address, timeout=5) as plain:
        plain.sendall(frame("hello", member="mines-1", clock="x") * 3)
        plain.settimeout(5)
        try:
            while plain.recv(65536):
                pass
        except (ConnectionError, TimeoutError):
            pass
    still_serves(jury, tmp_path, server, ledger)
