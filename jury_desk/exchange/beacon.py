"""Room desks announce themselves on the room's network, and notice each other.

Every few seconds a room desk broadcasts one UDP datagram: the session it runs (bundle id,
seq), its certificate's fingerprint and its port. It listens to the same port, so:

* a second room desk for the same session on the network is *noticed* (and said on both
  screens): two room desks would split the session's log in two;
* a member desk can find the room desk's address without typing it (the pin, not this
  announcement, is what it trusts: a datagram is not authenticated, so a forged one can at
  most cause a warning or a connection that the pinned certificate then refuses).

In a room the announcement goes to the broadcast address; the tests use 127.255.255.255,
which stays on the loopback interface.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import Session

BEACON_PORT = 47707
INTERVAL_S = 2.0
MAX_DATAGRAM = 1024


@dataclass(frozen=True)
class Seen:
    host: str
    port: int
    room_fp: str
    bundle_id: str
    seq: int
    last_seen: float  # time.monotonic()


class Beacon:
    def __init__(
        self,
        session: Session,
        room_fp: str,
        port: int,
        *,
        broadcast: str = "<broadcast>",
        beacon_port: int = BEACON_PORT,
        interval: float = INTERVAL_S,
    ) -> None:
        self.session, self.room_fp, self.port = session, room_fp, port
        self.interval = interval
        self._target = (broadcast, beacon_port)
        self._bind = ("" if broadcast == "<broadcast>" else broadcast, beacon_port)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._seen: dict[str, Seen] = {}
        self._lock = threading.Lock()

    def announcement(self) -> bytes:
        return dumps_canonical(
            {
                "jury-desk-room": 1,
                "bundle": self.session.bundle_id,
                "seq": self.session.seq,
                "fp": self.room_fp,
                "port": self.port,
            }
        )

    def start(self) -> None:
        rx = _listener(self._bind)
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tx.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        self._threads = [
            threading.Thread(target=self._listen, args=(rx,), name="beacon-rx", daemon=True),
            threading.Thread(target=self._announce, args=(tx,), name="beacon-tx", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _announce(self, tx: socket.socket) -> None:
        with tx:
            while not self._stop.is_set():
                try:
                    tx.sendto(self.announcement(), self._target)
                except OSError:
                    pass  # no network yet (cable out): the next round tries again
                self._stop.wait(self.interval)

    def _listen(self, rx: socket.socket) -> None:
        with rx:
            while not self._stop.is_set():
                try:
                    data, (host, _port) = rx.recvfrom(MAX_DATAGRAM)
                except TimeoutError:
                    continue
                except OSError:
                    return
                seen = _parse(data, host)
                if seen is not None:
                    with self._lock:
                        self._seen[seen.room_fp] = seen

    def seen(self, within_s: float = 3 * INTERVAL_S) -> list[Seen]:
        """Every room desk heard lately (this one included)."""
        now = time.monotonic()
        with self._lock:
            return [s for s in self._seen.values() if now - s.last_seen <= within_s]

    def rivals(self, within_s: float = 3 * INTERVAL_S) -> list[Seen]:
        """Other room desks running this same session: the room must keep only one."""
        return [
            s
            for s in self.seen(within_s)
            if s.bundle_id == self.session.bundle_id and s.room_fp != self.room_fp
        ]


def _listener(bind: tuple[str, int]) -> socket.socket:
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    rx.bind(bind)
    rx.settimeout(0.2)
    return rx


def _parse(data: bytes, host: str) -> Seen | None:
    try:
        obj = loads_strict(data, max_bytes=MAX_DATAGRAM)
        if not isinstance(obj, dict) or obj.get("jury-desk-room") != 1:
            return None
        return Seen(
            host, int(obj["port"]), str(obj["fp"]), str(obj["bundle"]), int(obj["seq"]),
            time.monotonic(),
        )  # fmt: skip
    except (StrictJSONError, KeyError, TypeError, ValueError):
        return None  # not ours, or damaged: a beacon is only a hint


def discover(
    session: Session,
    *,
    listen_on: str = "",
    beacon_port: int = BEACON_PORT,
    timeout: float = 2 * INTERVAL_S,
) -> list[Seen]:
    """The room desks of ``session`` heard within ``timeout`` (a member desk looking for the
    room's address). More than one: the member is asked which, and the room told."""
    found: dict[str, Seen] = {}
    deadline = time.monotonic() + timeout
    with _listener((listen_on, beacon_port)) as rx:
        while time.monotonic() < deadline:
            try:
                data, (host, _port) = rx.recvfrom(MAX_DATAGRAM)
            except TimeoutError:
                continue
            seen = _parse(data, host)
            if seen is not None and seen.bundle_id == session.bundle_id:
                found[seen.room_fp] = seen
    return sorted(found.values(), key=lambda s: (s.host, s.port))
