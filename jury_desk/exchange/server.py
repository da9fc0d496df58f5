"""The room desk on the room network: TLS 1.3, pairing, authenticated members, live verdicts.

It runs an asyncio loop on a thread of its own. Messages are applied on one *writer* thread
(the session file has one writer), never on the loop, so a slow commit does not stall the
other desks' connections. Each member's connection:

1. ``pair`` (once per desk): the pairing code and the member's key (``pairing``); or
   ``who``, from a desk whose pinned certificate no longer matches: the session this room
   desk runs, so that the member is told why (its certificate changed, or another room);
2. ``hello`` -> ``challenge`` -> ``auth``: the member desk signs a fresh nonce bound to this
   room's certificate with the member's key; the room answers ``welcome`` with the next
   message number it expects and how far the desk's clock is off, then sends the replies
   the desk has not seen (a dropped connection resumes here);
3. ``msg`` frames, each answered by ``reply`` frames (signed verdicts), to every connected
   desk of that member.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import gc
import os
import ssl
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.exchange import pairing
from jury_desk.exchange.envelope import Envelope, ExchangeError, parse_record
from jury_desk.exchange.frames import (
    CLOCK_TOLERANCE_S,
    MAX_FRAME_BYTES,
    auth_context,
    b64,
    frame,
    parse_frame,
    text,
)
from jury_desk.exchange.identity import RoomIdentity
from jury_desk.exchange.reception import ImportReport, Reception

HANDSHAKE_TIMEOUT_S = 10.0
MAX_BATCH = 500  # messages applied in one commit at most
Register = Callable[[str, Ed25519PublicKey], None]


@dataclass
class DeskStatus:
    """What the Desks panel shows for one member."""

    paired: bool = False
    connections: int = 0
    last_message_at: str = ""
    clock_skew_s: float = 0.0
    refused: list[str] = field(default_factory=list)

    @property
    def clock_off(self) -> bool:
        """The desk's clock is far off: said on both desks (the log keeps the room's time)."""
        return abs(self.clock_skew_s) > CLOCK_TOLERANCE_S


class RoomServer:
    def __init__(
        self,
        reception: Reception,
        identity: RoomIdentity,
        *,
        register: Register | None = None,
        on_report: Callable[[ImportReport], None] | None = None,
        status_of: Callable[[str], Envelope] | None = None,
        probe_stalls: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.reception = reception
        self.identity = identity
        self.register = register  # a bundle that pins no member key: pairing registers it
        self.on_report = on_report
        self.status_of = status_of  # the room's signed status for a member (exchange/status)
        self.window = pairing.PairingWindow()
        self.desks: dict[str, DeskStatus] = {}
        self.pair_failures: list[str] = []
        self.handshake_timeout = HANDSHAKE_TIMEOUT_S  # a desk that says nothing is closed
        self._bind = (host, port)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="room-writer")
        self._conns: dict[str, set[_Conn]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self.address: tuple[str, int] = ("", 0)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._queue: asyncio.Queue[tuple[_Conn, Envelope]] | None = None
        self._probe_stalls = probe_stalls
        self.max_stall_s = 0.0  # the loop's largest lateness, when probe_stalls

    # Life cycle ----------------------------------------------------------------------

    def start(self) -> tuple[str, int]:
        # A full garbage collection holds the GIL, so it stalls this loop: with a 2,000-
        # candidate session open, 75-120 ms, and the writer's allocations set one off every
        # few seconds. What exists now (the manifest, the modules...) lives as long as the
        # desk: collected once here, then left out of every later collection until ``stop``.
        gc.collect()
        gc.freeze()
        ready = threading.Event()
        failure: list[BaseException] = []

        def main() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    asyncio.start_server(
                        self._serve, *self._bind, ssl=self.identity.server_context(),
                        ssl_handshake_timeout=HANDSHAKE_TIMEOUT_S, limit=MAX_FRAME_BYTES,
                    )
                )  # fmt: skip
                sock = self._server.sockets[0].getsockname()
                self.address = (sock[0], sock[1])
            except OSError as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            self._queue = asyncio.Queue()
            self._tasks.add(loop.create_task(self._batches()))
            if self._probe_stalls:
                self._tasks.add(loop.create_task(self._probe()))
            ready.set()
            loop.run_forever()
            # Connections that arrived while stopping: ended here, not by the collector.
            left = asyncio.all_tasks(loop)
            for task in left:
                task.cancel()
            if left:
                loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=main, name="room-server", daemon=True)
        self._thread.start()
        ready.wait(timeout=30)
        if failure:
            gc.unfreeze()
            raise ExchangeError(
                "net.listen", f"the room desk cannot listen on {self._bind}: {failure[0]}"
            )
        return self.address

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return

        async def close() -> None:
            server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await server.wait_closed()
            loop.stop()

        asyncio.run_coroutine_threadsafe(close(), loop)
        if self._thread is not None:
            self._thread.join(timeout=30)
        self._writer.shutdown(wait=True)
        self._loop = self._server = None
        gc.unfreeze()

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the writer thread (e.g. a file import) and wait for it."""
        return self._writer.submit(fn).result()

    # One connection ------------------------------------------------------------------

    async def _probe(self, tick: float = 0.005) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(tick)
            self.max_stall_s = max(self.max_stall_s, loop.time() - start - tick)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Conn(reader, writer)
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            first = parse_frame(await conn.read(self.handshake_timeout), "pair", "hello", "who")
            if first["t"] == "who":  # a desk whose pin failed asks which session this is
                await conn.send(frame("room", session=self.reception.session.as_json()))
            elif first["t"] == "pair":
                await self._pair(conn, first)
            else:
                member = await self._authenticate(conn, first)
                await self._exchange(conn, member)
        except ExchangeError as exc:
            await conn.send(frame("error", reason=exc.reason, message=str(exc)))
        except TimeoutError:  # before OSError, of which it is a kind
            await conn.send(frame("error", reason="net.timeout", message="too slow: closed"))
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass  # the desk went away (or sent an oversized line): it resumes on reconnecting
        except asyncio.CancelledError:
            pass  # the room desk stops listening
        finally:
            for conns in self._conns.values():
                conns.discard(conn)
            self._count_connections()
            await _closed(writer)
            if task is not None:
                self._tasks.discard(task)

    async def _pair(self, conn: _Conn, obj: dict[str, Any]) -> None:
        member = text(obj, "member")
        try:
            key = Ed25519PublicKey.from_public_bytes(b64(obj, "key"))
        except ValueError:
            raise ExchangeError("pair.key", "the member's key cannot be read") from None
        session = self.reception.session
        ctx = pairing.context(session, self.identity.fingerprint, member, key)
        try:
            answer = self.window.check(text(obj, "proof"), ctx)
        except ExchangeError as exc:
            self.pair_failures.append(f"{member}: {exc.reason}")
            raise
        try:
            key.verify(b64(obj, "sig"), ctx)
        except InvalidSignature:
            raise ExchangeError(
                "pair.signature", "the pairing request is not signed by its key"
            ) from None
        # On the writer: reading the session waits for the batch being applied, never the loop.
        known = await self._on_writer(lambda: self.reception.key_of(member))
        register = self.register
        if known is None and register is not None:
            await self._on_writer(lambda: register(member, key))
        elif known is None or pairing.raw_key(known) != pairing.raw_key(key):
            raise ExchangeError(
                "pair.key", f"this is not {member}'s key in this session: pairing refused"
            )
        self.desks.setdefault(member, DeskStatus()).paired = True
        await conn.send(frame("paired", proof=answer))

    async def _authenticate(self, conn: _Conn, hello: dict[str, Any]) -> str:
        member = text(hello, "member")
        key = await self._on_writer(lambda: self.reception.key_of(member))
        if key is None:
            raise ExchangeError("net.unknown", f"{member} has no key in this session: pair first")
        nonce = os.urandom(32)
        await conn.send(frame("challenge", nonce=base64.b64encode(nonce).decode()))
        auth = parse_frame(await conn.read(self.handshake_timeout), "auth")
        ctx = auth_context(self.reception.session, self.identity.fingerprint, member, nonce)
        try:
            key.verify(b64(auth, "sig"), ctx)
        except InvalidSignature:
            raise ExchangeError("net.auth", f"this desk does not hold {member}'s key") from None
        status = self.desks.setdefault(member, DeskStatus())
        status.paired = True
        try:
            skew = (
                datetime.fromisoformat(text(hello, "clock")) - datetime.now(UTC)
            ).total_seconds()
        except (ValueError, TypeError):
            raise ExchangeError("net.frame", "the desk's clock is unreadable") from None
        status.clock_skew_s = skew
        next_n, replies = await self._on_writer(
            lambda: (self.reception.ledger.last_n(member) + 1, self.reception.replies(member))
        )
        await conn.send(frame("welcome", next=next_n, skew_s=round(skew, 1)))
        self._conns.setdefault(member, set()).add(conn)
        self._count_connections()
        seen = hello.get("replies_seen", 0)
        conn.sent = seen if isinstance(seen, int) and seen >= 0 else 0
        await self._push_replies(member, replies)
        if self.status_of is not None:
            status_of = self.status_of
            await conn.send(frame("status", rec=(await self._on_writer(
                lambda: status_of(member))).record.decode()))  # fmt: skip
        return member

    def push_status(self, members: Iterable[str]) -> None:
        """Send ``members``' connected desks the room's status now (e.g. after a reveal)."""
        loop, status_of = self._loop, self.status_of
        if loop is None or status_of is None:
            return

        async def push() -> None:
            for member in members:
                conns = list(self._conns.get(member, ()))
                if conns:
                    status = await self._on_writer(functools.partial(status_of, member))
                    for conn in conns:
                        await conn.send(frame("status", rec=status.record.decode()))

        asyncio.run_coroutine_threadsafe(push(), loop).result(timeout=60)

    async def _on_writer(self, fn: Callable[[], Any]) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._writer, fn)

    async def _exchange(self, conn: _Conn, member: str) -> None:
        """Read this desk's messages into the writer's queue, until it goes away."""
        assert self._queue is not None
        while not conn.refused:
            obj = parse_frame(await conn.read(None), "msg")
            envelope = parse_record(text(obj, "rec").encode())
            if envelope.sender != member:
                raise ExchangeError("net.sender", "a desk may only send its own member's messages")
            self._queue.put_nowait((conn, envelope))

    async def _batches(self) -> None:
        """Apply what every desk sent, as it comes, in batches: whatever arrived while the
        writer was busy goes into its next commit (one fsync for many messages)."""
        assert self._queue is not None
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            report = ImportReport("network")
            envelopes = [e for _c, e in batch]
            replies = await self._on_writer(functools.partial(self._apply, envelopes, report))
            sent_by = {id(e): c for c, e in batch}
            now = datetime.now(UTC).isoformat(timespec="seconds")
            for envelope in envelopes:
                self.desks[envelope.sender].last_message_at = now
            for refused in report.rejected:  # forged or misaddressed: said, never applied
                culprit = sent_by.get(id(refused.envelope))
                if culprit is not None and not culprit.refused:
                    culprit.refused = True
                    await culprit.send(
                        frame("error", reason=refused.reason, message=refused.message)
                    )
                    culprit.writer.close()
            for member, theirs in replies.items():
                await self._push_replies(member, theirs)
            if self.on_report is not None and report.changed:
                self.on_report(report)

    def _apply(self, envelopes: list[Envelope], report: ImportReport) -> dict[str, list[Envelope]]:
        """On the writer thread: one batch, one commit; the replies of each member in it."""
        self.reception.receive(envelopes, report)
        return {member: self.reception.replies(member) for member in report.senders}

    async def _push_replies(self, member: str, replies: list[Envelope]) -> None:
        for conn in list(self._conns.get(member, ())):
            for reply in replies[conn.sent :]:
                await conn.send(frame("reply", rec=reply.record.decode()))
            conn.sent = len(replies)

    def _count_connections(self) -> None:
        for member, status in self.desks.items():
            status.connections = len(self._conns.get(member, ()))


async def _closed(writer: asyncio.StreamWriter) -> None:
    """Close a connection and wait (briefly) until its TLS transport is really closed."""
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 2.0)
    except (OSError, TimeoutError, asyncio.CancelledError, ssl.SSLError):
        writer.transport.abort()


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.sent = 0  # replies this desk has
        self.refused = False  # sent a forged or misaddressed message: closed

    async def read(self, timeout: float | None) -> bytes:
        line = await asyncio.wait_for(self.reader.readline(), timeout)
        if not line.endswith(b"\n"):
            raise asyncio.IncompleteReadError(line, None)
        return line

    async def send(self, data: bytes) -> None:
        try:
            self.writer.write(data)
            await self.writer.drain()
        except (OSError, RuntimeError):
            pass  # the desk is gone; it gets the rest when it comes back
