"""The member desk on the room network: pair once, then send the outbox and take the verdicts.

Blocking sockets with timeouts, on the caller's thread (the GUI runs ``run`` on a worker):

* ``pair``: connect (TLS 1.3, the room's certificate not yet known), prove the code, check
  the room's proof, then pin the room's certificate (and, from a QR code, its whole
  fingerprint first);
* ``sync``: connect to the pinned room only, authenticate, send every pending message, and
  keep the verdicts until each has one or the time is up;
* ``run``: ``sync`` again and again until stopped, resuming after a dropped connection.
"""

from __future__ import annotations

import base64
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jury_desk.exchange import pairing
from jury_desk.exchange.envelope import Envelope, ExchangeError, Session, parse_record
from jury_desk.exchange.frames import (
    CLOCK_TOLERANCE_S,
    MAX_FRAME_BYTES,
    auth_context,
    b64,
    frame,
    parse_frame,
    text,
)
from jury_desk.exchange.identity import (
    client_context,
    fingerprint,
    room_key_of,
    short_fingerprint,
)
from jury_desk.exchange.memberbox import MemberBox

PINNED_ROOM = "room-desk-pinned.der"
# Why a live link stops for good (not a dropped line): the member is told, and joins again.
STOPS = ("net.not-the-room", "net.room-changed", "net.wrong-room", "net.auth", "net.unknown")
CONNECT_TIMEOUT_S = 10.0


@dataclass
class SyncResult:
    sent: int
    replies: int
    pending: int
    clock_skew_s: float

    @property
    def clock_off(self) -> bool:
        return abs(self.clock_skew_s) > CLOCK_TOLERANCE_S


class _Channel:
    """One TLS connection, read line by line with a deadline."""

    def __init__(self, host: str, port: int, pinned: bytes | None, timeout: float) -> None:
        raw = socket.create_connection((host, port), timeout=timeout)
        try:
            self.sock = client_context(pinned).wrap_socket(raw)
        except ssl.SSLCertVerificationError:
            raw.close()
            raise ExchangeError(
                "net.not-the-room",
                "the desk at this address is not the room desk you paired with "
                "(another room desk on the network?): nothing was sent",
            ) from None
        except (OSError, ssl.SSLError):
            raw.close()
            raise
        der = self.sock.getpeercert(binary_form=True)
        if der is None or (pinned is not None and der != pinned):
            self.close()
            raise ExchangeError("net.not-the-room", "the room desk's certificate changed")
        self.room_der: bytes = der
        self._buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self, deadline: float) -> bytes | None:
        """The next line, or None when the deadline passes first."""
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                return None
            if not chunk:
                raise ConnectionError("the room desk closed the connection")
            self._buffer += chunk
            if len(self._buffer) > MAX_FRAME_BYTES:
                raise ExchangeError("net.frame", "the room desk sent an oversized frame")
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def expect(self, deadline: float, *kinds: str) -> dict[str, object]:
        line = self.read(deadline)
        if line is None:
            raise TimeoutError("the room desk did not answer in time")
        return parse_frame(line, *kinds)

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


def why_not_the_room(host: str, port: int, session: Session, timeout: float) -> ExchangeError:
    """The pinned certificate failed: ask the desk at ``host:port`` which session it runs
    (unauthenticated, so it only chooses the words; nothing is sent, nothing is trusted).

    * ``net.room-changed``: the same session, a new certificate (the room desk restarted
      without its kept identity): join again with the code on the room's screen;
    * ``net.wrong-room``: another session's room desk (or something else) at this address.
    """
    deadline = time.monotonic() + timeout
    session_said: object = None
    try:
        channel = _Channel(host, port, None, timeout)
        try:
            channel.send(frame("who"))
            session_said = channel.expect(deadline, "room").get("session")
        finally:
            channel.close()
    except (OSError, TimeoutError, ssl.SSLError, ExchangeError, ConnectionError):
        pass  # an older room desk, or not a room desk at all
    if session_said == session.as_json():
        return ExchangeError(
            "net.room-changed",
            "the room desk of this session has a new certificate (restarted without its "
            "kept identity?): nothing was sent; join the room again with the code it shows",
        )
    return ExchangeError(
        "net.wrong-room",
        "the desk at this address is not the room desk you paired with (another session's "
        "room desk?): nothing was sent",
    )


def pinned_room(folder: Path) -> bytes | None:
    path = folder / PINNED_ROOM
    return path.read_bytes() if path.exists() else None


def pair(
    box: MemberBox,
    folder: Path,
    host: str,
    port: int,
    code: str,
    *,
    room_fp: str | None = None,
    timeout: float = CONNECT_TIMEOUT_S,
) -> str:
    """Pair with the room desk and pin its certificate in ``folder``; its short fingerprint."""
    code = pairing.normalise_code(code)
    deadline = time.monotonic() + timeout
    channel = _Channel(host, port, None, timeout)
    try:
        fp = fingerprint(channel.room_der)
        if room_fp is not None and fp != room_fp:
            raise ExchangeError(
                "net.not-the-room",
                "the desk at this address is not the one of the QR code: nothing was sent",
            )
        key = box.key.public_key()
        ctx = pairing.context(box.session, fp, box.member, key)
        channel.send(
            frame(
                "pair", member=box.member, proof=pairing.proof(code, "member", ctx),
                key=base64.b64encode(pairing.raw_key(key)).decode(),
                sig=base64.b64encode(box.key.sign(ctx)).decode(),
            )
        )  # fmt: skip
        answer = channel.expect(deadline, "paired")
        if not isinstance(answer.get("proof"), str) or not pairing.hmac.compare_digest(
            str(answer["proof"]), pairing.proof(code, "room", ctx)
        ):
            raise ExchangeError(
                "pair.room-proof", "the room desk did not prove the code: not paired"
            )
    finally:
        channel.close()
    (folder / PINNED_ROOM).write_bytes(channel.room_der)
    box.room_key = room_key_of(channel.room_der)
    return short_fingerprint(fp)


class RoomLink:
    def __init__(
        self,
        box: MemberBox,
        host: str,
        port: int,
        room_der: bytes,
        *,
        on_status: Callable[[Envelope], object] | None = None,
    ) -> None:
        self.box, self.host, self.port, self.room_der = box, host, port, room_der
        self.on_status = on_status  # the room's status (exchange/status): the desk checks it
        box.room_key = room_key_of(room_der)
        self.last_error: ExchangeError | None = None
        self.connected = threading.Event()
        self.clock = lambda: datetime.now(UTC)  # the desk's clock, as sent in hello

    def _open(self, deadline: float) -> tuple[_Channel, float, int]:
        channel = _Channel(
            self.host, self.port, self.room_der, max(0.1, deadline - time.monotonic())
        )
        try:
            channel.send(
                frame(
                    "hello", member=self.box.member, replies_seen=self.box.last_reply(),
                    clock=self.clock().isoformat(timespec="milliseconds"),
                )
            )  # fmt: skip
            challenge = channel.expect(deadline, "challenge")
            ctx = auth_context(
                self.box.session,
                fingerprint(self.room_der),
                self.box.member,
                b64(challenge, "nonce"),
            )
            channel.send(frame("auth", sig=base64.b64encode(self.box.key.sign(ctx)).decode()))
            welcome = channel.expect(deadline, "welcome")
        except BaseException:
            channel.close()
            raise
        skew = welcome.get("skew_s", 0.0)
        next_n = welcome.get("next", 1)
        return (
            channel,
            float(skew) if isinstance(skew, int | float) else 0.0,
            int(next_n) if isinstance(next_n, int) else 1,
        )

    def _take(self, line: bytes) -> int:
        obj = parse_frame(line, "reply", "status")
        envelope = parse_record(text(obj, "rec").encode())
        if obj["t"] == "status":
            if self.on_status is not None:
                self.on_status(envelope)
            return 0
        return self.box.receive([envelope])

    def sync(self, timeout: float = 10.0) -> SyncResult:
        """Send what is pending and wait for its verdicts (or ``timeout``)."""
        deadline = time.monotonic() + timeout
        channel, skew, _next = self._open(deadline)
        sent = replies = 0
        try:
            for envelope in self.box.pending():
                channel.send(frame("msg", rec=envelope.record.decode()))
                sent += 1
            while self.box.pending():
                line = channel.read(deadline)
                if line is None:
                    break
                replies += self._take(line)
            # Replies the room had for this member beyond the pending ones (another desk).
            while (line := channel.read(min(deadline, time.monotonic() + 0.05))) is not None:
                replies += self._take(line)
        finally:
            channel.close()
        return SyncResult(sent, replies, len(self.box.pending()), skew)

    def run(self, stop: threading.Event, *, poll: float = 0.05, backoff_max: float = 2.0) -> None:
        """Stay connected until ``stop``: send each new message at once, take every reply,
        and reconnect after a dropped connection (pending messages are sent again)."""
        backoff = 0.1
        while not stop.is_set():
            try:
                channel, _skew, _next = self._open(time.monotonic() + CONNECT_TIMEOUT_S)
            except ExchangeError as exc:
                if exc.reason == "net.not-the-room":
                    exc = why_not_the_room(self.host, self.port, self.box.session, 5.0)
                self.last_error = exc
                if exc.reason.startswith(STOPS):
                    return  # not a dropped line: retrying cannot help; said to the member
                stop.wait(backoff)
                backoff = min(backoff_max, backoff * 2)
                continue
            except (OSError, TimeoutError, ssl.SSLError):
                stop.wait(backoff)
                backoff = min(backoff_max, backoff * 2)
                continue
            backoff = 0.1
            self.connected.set()
            try:
                on_wire: set[str] = set()
                while not stop.is_set():
                    for envelope in self.box.pending():
                        if envelope.digest not in on_wire:
                            channel.send(frame("msg", rec=envelope.record.decode()))
                            on_wire.add(envelope.digest)
                    line = channel.read(time.monotonic() + poll)
                    if line is not None:
                        self._take(line)
            except (OSError, TimeoutError, ssl.SSLError, ExchangeError) as exc:
                if isinstance(exc, ExchangeError):
                    self.last_error = exc
            finally:
                self.connected.clear()
                channel.close()
