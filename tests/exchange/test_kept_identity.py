"""The room desk's TLS identity kept across restarts, and why a member's live link stopped
(issue 12): a desk paired before a restart keeps working; a room desk whose certificate
changed, another session's room desk, or a refusal are each named. 127.0.0.1 only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from jury_desk.exchange import kept_identity
from jury_desk.exchange.envelope import Session
from jury_desk.exchange.identity import CERT_FILE, KEY_FILE, RoomIdentity
from jury_desk.exchange.kept_identity import identity_folder, keep, keyring_name, room_identity
from jury_desk.exchange.link import RoomLink, pair, pinned_room
from jury_desk.exchange.server import RoomServer

from .conftest import SESSION, until

OTHER_SESSION = Session("ADM-2026-OTHER", 1, "cd" * 32)


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_same_identity_at_each_opening_its_key_encrypted_its_secret_in_the_keyring(
    tmp_path, system_keyring
):
    session_file = tmp_path / "jury.jdsession"
    first = room_identity(SESSION, session_file)
    assert not first.kept
    assert system_keyring == {} and list(tmp_path.iterdir()) == []  # opening writes nothing
    assert keep(first, SESSION, session_file)  # the room opens to its network
    again = room_identity(SESSION, session_file)
    assert again.kept and keep(again, SESSION, session_file)
    assert again.identity.fingerprint == first.identity.fingerprint
    assert again.identity.cert_der == first.identity.cert_der

    folder = identity_folder(SESSION, session_file)
    assert folder.is_relative_to(tmp_path / kept_identity.FOLDER)
    assert folder.stat().st_mode & 0o077 == 0 and folder.parent.stat().st_mode & 0o077 == 0
    key_pem = (folder / KEY_FILE).read_bytes()
    assert key_pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    (secret,) = system_keyring.values()
    written = b"".join(files_under(tmp_path).values())
    assert secret.encode() not in written  # the secret is in the keyring only
    assert keyring_name(SESSION, session_file) in {u for _s, u in system_keyring}
    # Another session file (another session of the same bundle) has its own identity.
    other = room_identity(SESSION, tmp_path / "again.jdsession")
    assert other.identity.fingerprint != first.identity.fingerprint


def test_without_a_system_keyring_nothing_is_written_and_the_identity_is_new_each_time(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    session_file = tmp_path / "jury.jdsession"
    first = room_identity(SESSION, session_file)
    assert not keep(first, SESSION, session_file)
    second = room_identity(SESSION, session_file)
    assert not first.kept and not second.kept
    assert first.identity.fingerprint != second.identity.fingerprint
    assert list(tmp_path.iterdir()) == []  # no key at rest, in clear or otherwise


@pytest.mark.parametrize("damage", ["key", "cert", "secret"])
def test_a_damaged_or_altered_kept_identity_is_replaced_never_half_used(
    tmp_path, system_keyring, damage
):
    session_file = tmp_path / "jury.jdsession"
    first = room_identity(SESSION, session_file)
    keep(first, SESSION, session_file)
    folder = identity_folder(SESSION, session_file)
    if damage == "key":
        (folder / KEY_FILE).write_bytes(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n")
    elif damage == "cert":  # another room's certificate beside this room's key
        (folder / CERT_FILE).write_bytes(RoomIdentity.create().cert_pem())
    else:
        name = keyring_name(SESSION, session_file)
        system_keyring[("jury-desk", name)] = "f" * 64
    again = room_identity(SESSION, session_file)
    assert not again.kept and keep(again, SESSION, session_file)
    assert again.identity.fingerprint != first.identity.fingerprint
    assert room_identity(SESSION, session_file).identity.fingerprint == again.identity.fingerprint


@pytest.fixture
def run_link() -> Iterator:
    stops: list[tuple[threading.Event, threading.Thread]] = []

    def start(link: RoomLink) -> threading.Thread:
        stop = threading.Event()
        worker = threading.Thread(target=link.run, args=(stop,), kwargs={"poll": 0.02})
        worker.start()
        stops.append((stop, worker))
        return worker

    yield start
    for stop, worker in stops:
        stop.set()
        worker.join(timeout=15)


def serve(jury, identity: RoomIdentity, port: int = 0, session: Session = SESSION):
    reception, ledger = jury.room()
    reception.session = session
    reception.room_key = identity.key
    server = RoomServer(reception, identity, port=port)
    server.start()
    return server, ledger


def test_a_paired_desk_keeps_working_after_the_room_desk_restarts(
    jury, tmp_path, system_keyring, run_link
):
    session_file = tmp_path / "room" / "jury.jdsession"
    session_file.parent.mkdir()
    found = room_identity(SESSION, session_file)
    assert keep(found, SESSION, session_file)
    server, _ = serve(jury, found.identity)
    host, port = server.address
    box = jury.box(tmp_path / "desk", "mines-1")
    box.room_key = None
    pair(box, box.out.path.parent, host, port, server.window.code)
    server.stop()  # the room desk is closed, then opened again: the same identity
    server, ledger = serve(jury, room_identity(SESSION, session_file).identity, port)
    try:
        box.send("seal", b"after the restart")
        link = RoomLink(box, host, port, pinned_room(box.out.path.parent))
        worker = run_link(link)
        assert until(lambda: not box.pending(), timeout=15)
        assert [e.body for e in ledger.applied] == [b"after the restart"]
        assert worker.is_alive() and link.last_error is None
    finally:
        server.stop()


@pytest.mark.parametrize("restarted_as", ["new-identity", "other-session"])
def test_the_link_says_why_it_stopped_and_sends_nothing(jury, tmp_path, run_link, restarted_as):
    server, _ = serve(jury, RoomIdentity.create())
    host, port = server.address
    box = jury.box(tmp_path / "desk", "mines-2")
    box.room_key = None
    pair(box, box.out.path.parent, host, port, server.window.code)
    server.stop()
    session = SESSION if restarted_as == "new-identity" else OTHER_SESSION
    server, ledger = serve(jury, RoomIdentity.create(), port, session)
    try:
        box.send("seal", b"must not leave")
        link = RoomLink(box, host, port, pinned_room(box.out.path.parent))
        worker = run_link(link)
        worker.join(timeout=30)
        assert not worker.is_alive()  # stopped for good: retrying cannot help
        assert link.last_error is not None
        expected = "net.room-changed" if restarted_as == "new-identity" else "net.wrong-room"
        assert link.last_error.reason == expected
        assert ledger.applied == [] and len(box.pending()) == 1  # nothing lost, nothing sent
    finally:
        server.stop()


def test_a_desk_the_room_does_not_know_is_told_it_was_refused(jury, tmp_path, run_link):
    identity = RoomIdentity.create()
    server, _ = serve(jury, identity)
    box = jury.box(tmp_path / "desk", "albert-1")
    (box.out.path.parent / "room-desk-pinned.der").write_bytes(identity.cert_der)
    server.reception.key_of = lambda member: None  # the room has no key for this member
    try:
        link = RoomLink(box, *server.address, identity.cert_der)
        worker = run_link(link)
        worker.join(timeout=30)
        assert not worker.is_alive()
        assert link.last_error is not None and link.last_error.reason == "net.unknown"
    finally:
        server.stop()
