"""Transport B, the room network: TLS 1.3 on 127.0.0.1, pairing, pinning, acknowledgements,
resuming after a dropped connection (DESIGN.md §9). Real sockets, bounded waits."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from jury_desk.exchange import pairing
from jury_desk.exchange.envelope import ExchangeError, seal
from jury_desk.exchange.identity import RoomIdentity, fingerprint, short_fingerprint
from jury_desk.exchange.link import PINNED_ROOM, RoomLink, pair, pinned_room
from jury_desk.exchange.server import RoomServer

from .conftest import SESSION, until


@pytest.fixture(scope="module")
def identity() -> RoomIdentity:
    return RoomIdentity.create()


@pytest.fixture
def room(jury, identity):
    reception, ledger = jury.room()
    reception.room_key = identity.key
    server = RoomServer(reception, identity)
    server.start()
    yield server, ledger
    server.stop()


def paired_box(jury, tmp_path: Path, server: RoomServer, member: str, folder: str = "desk"):
    box = jury.box(tmp_path / folder / member, member)
    box.room_key = None
    host, port = server.address
    pair(box, box.out.path.parent, host, port, server.window.code)
    return box


def test_pair_once_then_send_and_get_every_verdict(jury, tmp_path, room, identity):
    server, ledger = room
    box = paired_box(jury, tmp_path, server, "mines-1")
    folder = box.out.path.parent
    assert pinned_room(folder) == identity.cert_der
    for i in range(3):
        box.send("seal", f"sheet {i}".encode())
    link = RoomLink(box, *server.address, pinned_room(folder))
    result = link.sync(timeout=10)
    assert (result.sent, result.pending) == (3, 0)
    assert [e.body for e in ledger.applied] == [b"sheet 0", b"sheet 1", b"sheet 2"]
    assert all(a.verdict.accepted for a in box.answered())
    assert server.desks["mines-1"].paired and not server.desks["mines-1"].clock_off
    # Syncing again sends nothing and changes nothing.
    again = link.sync(timeout=10)
    assert (again.sent, again.replies) == (0, 0) and len(ledger.applied) == 3


def test_a_wrong_code_is_refused_and_nothing_is_pinned(jury, tmp_path, room):
    server, _ = room
    box = jury.box(tmp_path / "desk", "mines-2")
    box.room_key = None
    wrong = f"{(int(server.window.code) + 1) % 10**8:08d}"
    with pytest.raises(ExchangeError) as err:
        pair(box, tmp_path / "desk", *server.address, wrong)
    assert err.value.reason == "pair.wrong-code" and "wrong pairing code" in str(err.value)
    assert not (tmp_path / "desk" / PINNED_ROOM).exists() and box.room_key is None
    assert server.pair_failures == ["mines-2: pair.wrong-code"]


def test_the_code_is_replaced_after_five_wrong_tries(jury, tmp_path, room):
    server, _ = room
    box = jury.box(tmp_path / "desk", "mines-2")
    first = server.window.code
    wrong = f"{(int(first) + 1) % 10**8:08d}"
    for _ in range(pairing.MAX_WRONG):
        with pytest.raises(ExchangeError):
            pair(box, tmp_path / "desk", *server.address, wrong)
    assert server.window.code != first
    with pytest.raises(ExchangeError) as err:  # the old code no longer pairs either
        pair(box, tmp_path / "desk", *server.address, first)
    assert err.value.reason == "pair.wrong-code"


def test_pairing_with_a_key_that_is_not_the_members_is_refused(jury, tmp_path, room):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    server, _ = room
    box = jury.box(tmp_path / "desk", "albert-1")
    box.key = Ed25519PrivateKey.generate()  # a throwaway key, the right code
    with pytest.raises(ExchangeError) as err:
        pair(box, tmp_path / "desk", *server.address, server.window.code)
    assert err.value.reason == "pair.key"
    assert not (tmp_path / "desk" / PINNED_ROOM).exists()


def test_a_second_room_desk_on_the_network_is_detected(jury, tmp_path, room, identity):
    server, ledger = room
    box = paired_box(jury, tmp_path, server, "albert-2")
    box.send("seal", b"for the real room")
    other_reception, other_ledger = jury.room()
    impostor_identity = RoomIdentity.create()
    other_reception.room_key = impostor_identity.key
    impostor = RoomServer(other_reception, impostor_identity)
    impostor.start()
    try:
        link = RoomLink(box, *impostor.address, pinned_room(box.out.path.parent))
        with pytest.raises(ExchangeError) as err:
            link.sync(timeout=5)
        assert err.value.reason == "net.not-the-room" and "another room desk" in str(err.value)
        # Pairing from a QR code of the real room refuses the impostor's address too.
        fresh = jury.box(tmp_path / "fresh", "albert-2")
        with pytest.raises(ExchangeError) as err:
            pair(fresh, tmp_path / "fresh", *impostor.address, impostor.window.code,
                 room_fp=identity.fingerprint)  # fmt: skip
        assert err.value.reason == "net.not-the-room"
    finally:
        impostor.stop()
    assert other_ledger.applied == [] and ledger.applied == []
    assert len(box.pending()) == 1


def test_a_dropped_connection_loses_nothing_and_resumes(jury, tmp_path, identity):
    reception, ledger = jury.room()
    reception.room_key = identity.key
    server = RoomServer(reception, identity)
    host, port = server.start()
    box = paired_box(jury, tmp_path, server, "mines-1")
    link = RoomLink(box, host, port, pinned_room(box.out.path.parent))
    stop = threading.Event()
    worker = threading.Thread(target=link.run, args=(stop,), kwargs={"backoff_max": 0.2})
    worker.start()
    try:
        box.send("seal", b"before the drop")
        assert until(lambda: not box.pending())
        server.stop()  # the room desk's network goes away
        box.send("seal", b"during the drop")
        box.send("seal", b"still during the drop")
        time.sleep(0.3)
        assert len(box.pending()) == 2  # kept until acknowledged
        server = RoomServer(reception, identity, port=port)
        server.start()
        assert until(lambda: not box.pending()), "the link did not resume"
    finally:
        stop.set()
        worker.join(timeout=10)
        server.stop()
    assert not worker.is_alive()
    assert [e.body for e in ledger.applied] == [
        b"before the drop", b"during the drop", b"still during the drop",
    ]  # fmt: skip


def test_two_desks_for_one_member_are_both_told_over_the_network(jury, tmp_path, room):
    server, ledger = room
    laptop = paired_box(jury, tmp_path, server, "mines-2", "laptop")
    tablet = paired_box(jury, tmp_path, server, "mines-2", "tablet")
    first = laptop.send("seal", b"ADM-01 from the laptop")
    second = tablet.send("seal", b"ADM-01 from the tablet")
    RoomLink(laptop, *server.address, pinned_room(laptop.out.path.parent)).sync(timeout=10)
    RoomLink(tablet, *server.address, pinned_room(tablet.out.path.parent)).sync(timeout=10)
    RoomLink(laptop, *server.address, pinned_room(laptop.out.path.parent)).sync(timeout=10)
    assert [e.body for e in ledger.applied] == [b"ADM-01 from the laptop"]
    assert laptop.verdict_for(first).accepted
    assert tablet.verdict_for(second).reason == "second-desk"
    assert [v.reason for v in laptop.other_desk_verdicts()] == ["second-desk"]


def test_a_desk_whose_clock_is_far_off_is_told_and_the_room_sees_it(jury, tmp_path, room):
    server, ledger = room
    box = paired_box(jury, tmp_path, server, "albert-1")
    box.send("seal", b"x")
    link = RoomLink(box, *server.address, pinned_room(box.out.path.parent))
    link.clock = lambda: datetime.now(UTC) - timedelta(hours=3)
    result = link.sync(timeout=10)
    assert result.clock_off and result.clock_skew_s < -3 * 3600 + 60
    assert server.desks["albert-1"].clock_off
    assert len(ledger.applied) == 1  # the room's own clock dates the log: not refused


def test_an_unpaired_or_forging_desk_gets_nothing_in(jury, tmp_path, room):
    server, ledger = room
    box = paired_box(jury, tmp_path, server, "mines-1")
    link = RoomLink(box, *server.address, pinned_room(box.out.path.parent))
    # A desk holding another member's key, claiming to be mines-1.
    box.key = jury.keys["mines-2"]
    with pytest.raises(ExchangeError) as err:
        link.sync(timeout=5)
    assert err.value.reason == "net.auth"
    # The genuine key, but a forged message inside the channel.
    box.key = jury.keys["mines-1"]
    forged = seal(
        jury.keys["albert-1"], SESSION, sender="mines-1", recipient="room", n=1, kind="seal",
        body=b"forged",
    )  # fmt: skip
    box.out.append([forged])
    box._sent.append(forged)
    with pytest.raises(ExchangeError) as err:
        link.sync(timeout=5)
    assert err.value.reason == "signature"
    assert ledger.applied == [] and ledger.last_n("mines-1") == 0


def test_the_pairing_qr_code_carries_the_whole_fingerprint(identity):
    uri = pairing.pairing_uri("127.0.0.1", 4711, "12345678", identity.fingerprint)
    info = pairing.parse_pairing_uri(uri)
    assert (info.host, info.port, info.code, info.room_fp) == (
        "127.0.0.1", 4711, "12345678", identity.fingerprint,
    )  # fmt: skip
    svg = pairing.pairing_qr_svg(uri)
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    with pytest.raises(ExchangeError):
        pairing.parse_pairing_uri("https://example.org/?h=1")
    assert len(short_fingerprint(fingerprint(identity.cert_der))) == 19


def test_the_room_identity_is_encrypted_at_rest(identity, tmp_path):
    identity.save(tmp_path, b"chair passphrase")
    key_pem = (tmp_path / "room-desk.key").read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in key_pem
    assert RoomIdentity.load(tmp_path, b"chair passphrase").fingerprint == identity.fingerprint
    with pytest.raises(ExchangeError) as err:
        RoomIdentity.load(tmp_path, b"wrong")
    assert err.value.reason == "room-identity"
