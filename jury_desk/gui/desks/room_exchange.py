"""The room desk's exchange with the member desks, as the GUI drives it (issue 12).

A thin Qt face over the Qt-free ``exchange`` package: one ``Reception`` (which checks every
message and hands it to the ledger, i.e. the rules), the Desks panel's read model
(``DesksBoard``), and, when the room is opened to the network, the TLS server and the beacon.

Nothing here blocks the GUI thread:

* a file import, a watched folder's poll and opening the network run on the Qt thread pool
  (``gui.tasks.Task``);
* the server applies what the network brings on its own writer thread and reports each
  batch through a queued signal;
* every use of the reception goes through one writer (the server's writer thread while it
  runs, else a lock), since the session file has one writer.

The read model is only touched on the GUI thread. ``applied`` tells the session's views to
read the service again: the board follows the seals as they arrive.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from jury_desk.exchange import pairing
from jury_desk.exchange.beacon import BEACON_PORT, Beacon
from jury_desk.exchange.desks import DesksBoard
from jury_desk.exchange.envelope import Envelope, ExchangeError, Session
from jury_desk.exchange.identity import RoomIdentity, short_fingerprint
from jury_desk.exchange.reception import ImportReport, KeyOf, Reception
from jury_desk.exchange.server import Register, RoomServer
from jury_desk.exchange.status import write_status
from jury_desk.exchange.verdict import Ledger
from jury_desk.exchange.watch import FolderWatch
from jury_desk.gui.i18n import fill
from jury_desk.gui.models.desks import short_time
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.tasks import Task, TaskGroup
from jury_desk.gui.words import labels
from jury_desk.gui.words.exchange_words import exchange_words

T = TypeVar("T")
ROOM_PORT = 47800  # the room desk's TCP port (the beacon's is 47707): the same each time
WATCH_EVERY_MS = 1000  # a watched folder (a USB key) is looked at once a second
STATUS_EVERY_MS = 1000  # the network's desks and the beacon's rivals, once a second


@dataclass(frozen=True)
class RoomSide:
    """What the room desk's session brings to the exchange: the session's address, its
    members, their keys (pinned or registered), the ledger that applies the rules, the room
    desk's own TLS identity, and (for a bundle that pins no key) how pairing registers one."""

    session: Session
    members: tuple[str, ...]
    key_of: KeyOf
    ledger: Ledger
    identity: RoomIdentity
    register: Register | None = None
    # The room's signed status for a member's desk (the reveal key, what they may know):
    # written beside the replies on a key, sent over the network (exchange/status.py).
    status_of: Callable[[Reception, str], Envelope] | None = None
    # Keep the identity for the next openings, once the room opens to its network
    # (exchange/kept_identity.py); False: no system keyring, so desks paired now must join
    # again after a restart of this desk. None: nothing to keep (a test's room).
    keep_identity: Callable[[], bool] | None = None


@dataclass(frozen=True)
class RoomAddress:
    """What the room desk shows members who join by the network."""

    host: str
    port: int
    code: str  # as typed: "ABCD-EFGH"
    fingerprint: str  # the short one, to compare on both screens
    uri: str  # what the QR code carries
    kept: bool = True  # the same certificate after a restart of the room desk


def room_address() -> str:
    """This machine's address on the room's network (the interface of its default route);
    127.0.0.1 when there is no network at all. No packet is sent: connecting a UDP socket
    only asks the kernel which interface it would use."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 9))
        host = str(probe.getsockname()[0])
    except OSError:
        host = "127.0.0.1"
    finally:
        probe.close()
    return host


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class RoomExchange(QObject):
    changed = Signal()  # the Desks panel's rows or the room's address changed
    applied = Signal()  # messages were applied to the session: the board reads it again
    failed = Signal(object)  # a known error (JuryDeskError) from an import or the network
    _reported = Signal(object)  # an ImportReport, from the server's thread (queued)

    def __init__(
        self,
        side: RoomSide,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
        listen_host: str = "0.0.0.0",
        shown_host: Callable[[], str] = room_address,
        broadcast: str = "<broadcast>",
        beacon_port: int = BEACON_PORT,
        port: int = ROOM_PORT,
    ) -> None:
        super().__init__(parent)
        self.side = side
        self.reception = Reception(side.session, side.key_of, side.ledger, side.identity.key)
        self.board = DesksBoard(side.members)
        self.pool = pool or QThreadPool.globalInstance()
        self.server: RoomServer | None = None
        self.beacon: Beacon | None = None
        self.address: RoomAddress | None = None
        self.watch: FolderWatch | None = None
        self.imports: list[tuple[str, ImportReport]] = []  # (when, report), newest last
        self.rejected: list[str] = []  # messages refused before any verdict, in plain words
        self._listen_host, self._shown_host = listen_host, shown_host
        self._broadcast, self._beacon_port = broadcast, beacon_port
        self._port = port  # the same port at each opening: paired desks find the room again
        self._lock = threading.Lock()  # the one writer while no server runs
        self.tasks = TaskGroup(self.pool, lambda exc: emit(self.failed, exc))
        self._polling = False
        self.opening = False  # the server is starting
        self._reported.connect(self._take_report, Qt.ConnectionType.QueuedConnection)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(WATCH_EVERY_MS)
        self._watch_timer.timeout.connect(self.poll_watched)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_EVERY_MS)
        self._status_timer.timeout.connect(self.refresh_network)

    # ---------------------------------------------------------------- one writer

    def _write(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` (which uses the reception) as the session's one writer."""
        server = self.server
        if server is not None:
            result: T = server.call(fn)
            return result
        with self._lock:
            return fn()

    # ---------------------------------------------------------------- files

    def import_file(self, path: Path, parent: QWidget | None = None) -> Task:
        """Import one outbox file, then write the member's replies beside it (on the key)."""

        def work() -> ImportReport:
            def apply() -> ImportReport:
                report = self.reception.import_file(path)
                self.reception.write_replies(path.parent, report.senders)
                self._write_status(path.parent, report.senders)
                return report

            return self._write(apply)

        take = self._take_reports
        return self.tasks.run(work, lambda report: take([report]), parent, pause_gc=True)

    def watch_folder(self, folder: Path) -> None:
        """Import every outbox file of this session that appears or grows in ``folder``."""
        self.watch = FolderWatch(self.reception, folder)
        self._watch_timer.start()
        self.poll_watched()
        emit(self.changed)

    def stop_watching(self) -> None:
        self._watch_timer.stop()
        self.watch = None
        emit(self.changed)

    @Slot()
    def poll_watched(self) -> Task | None:
        watch = self.watch
        if watch is None or self._polling:
            return None  # one look at a time: a slow key is not looked at twice at once
        self._polling = True

        def done(reports: list[ImportReport]) -> None:
            self._polling = False
            self._take_reports(reports)

        def poll() -> list[ImportReport]:
            reports = watch.poll()
            self._write_status(watch.folder, {m for r in reports for m in r.senders})
            return reports

        task = self.tasks.run(lambda: self._write(poll), done)
        task.finished.connect(lambda: setattr(self, "_polling", False))
        return task

    def _write_status(self, folder: Path, members: Iterable[str]) -> None:
        """Each member's status file beside their replies (on the writer: it reads the
        session as the ledger left it)."""
        status_of = self.side.status_of
        if status_of is None:
            return
        for member in sorted(members):
            write_status(folder, status_of(self.reception, member))

    def push_status(self) -> Task | None:
        """The session changed in the room (a reveal, a proposal): each connected desk gets
        its new status, on the pool (never on the GUI thread)."""
        server = self.server
        if server is None or self.side.status_of is None:
            return None
        return self.tasks.run(lambda: server.push_status(self.side.members), lambda _r: None)

    # ---------------------------------------------------------------- the room network

    def open_network(self, parent: QWidget | None = None) -> Task | None:
        """Start the server and the beacon; the address, code and QR code then show."""
        if self.server is not None or self.opening:
            return None
        self.opening = True

        def listening(port: int) -> RoomServer:
            return RoomServer(
                self.reception,
                self.side.identity,
                register=self.side.register,
                on_report=lambda report: emit(self._reported, report),
                status_of=None if self.side.status_of is None else self._status_for,
                host=self._listen_host,
                port=port,
            )

        server = listening(self._port)

        def work() -> tuple[str, int, bool]:
            nonlocal server
            keep = self.side.keep_identity
            kept = True if keep is None else keep()  # desks will pin it: kept if possible
            with self._lock:  # nothing else writes while the server takes over
                try:
                    host, port = server.start()
                except ExchangeError:
                    if self._port == 0:
                        raise
                    # The room's port is taken (another program, a second room desk on this
                    # machine): any free one; desks paired on the usual port join again.
                    server = listening(0)
                    host, port = server.start()
            beacon: Beacon | None = Beacon(
                self.side.session,
                self.side.identity.fingerprint,
                port,
                broadcast=self._broadcast,
                beacon_port=self._beacon_port,
            )
            try:
                beacon.start()  # type: ignore[union-attr]
            except OSError:
                beacon = None  # no broadcast on this network: pairing by address still works
            self.beacon = beacon
            return host, port, kept

        def started(address: tuple[str, int, bool]) -> None:
            self.server = server
            host = address[0] if address[0] not in ("0.0.0.0", "::") else self._shown_host()
            code = pairing.display_code(server.window.code)
            fp = self.side.identity.fingerprint
            self.address = RoomAddress(
                host,
                address[1],
                code,
                short_fingerprint(fp),
                pairing.pairing_uri(host, address[1], server.window.code, fp),
                address[2],
            )
            self._status_timer.start()
            emit(self.changed)

        task = self.tasks.run(work, started, parent)
        task.finished.connect(lambda: setattr(self, "opening", False))
        task.finished.connect(lambda: emit(self.changed))
        return task

    def _status_for(self, member: str) -> Envelope:
        assert self.side.status_of is not None
        return self.side.status_of(self.reception, member)

    def new_code(self) -> None:
        """A fresh pairing code (e.g. after it was read out to the wrong person)."""
        if self.server is not None and self.address is not None:
            self.server.window.renew()
            host, port = self.address.host, self.address.port
            code = self.server.window.code
            self.address = RoomAddress(
                host,
                port,
                pairing.display_code(code),
                self.address.fingerprint,
                pairing.pairing_uri(host, port, code, self.side.identity.fingerprint),
                self.address.kept,
            )
            emit(self.changed)

    @Slot()
    def refresh_network(self) -> None:
        if self.server is not None:
            self.board.add_network(dict(self.server.desks))
        if self.beacon is not None:
            self.board.set_rivals((s.host, s.port) for s in self.beacon.rivals())
        emit(self.changed)

    def close(self) -> None:
        """Stop the network and the watch (the session closes, or the window)."""
        self._watch_timer.stop()
        self._status_timer.stop()
        if self.beacon is not None:
            self.beacon.stop()
            self.beacon = None
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.address = None
        self.tasks.cancel_all()

    # ---------------------------------------------------------------- reports

    @Slot(object)
    def _take_report(self, report: ImportReport) -> None:
        self._take_reports([report])

    def _take_reports(self, reports: Iterable[ImportReport]) -> None:
        at = _now()
        changed = False
        for report in reports:
            self.board.add_report(report, at)
            if not report.source.startswith("network"):
                self.imports.append((at, report))
            changed |= report.changed
            for refused in report.rejected:
                envelope = refused.envelope
                where = (
                    fill(self.tr("message %1 de %2"), envelope.n, envelope.sender)
                    if envelope is not None
                    else refused.where.replace("line", self.tr("ligne"))
                )
                words = exchange_words(refused.reason, refused.message)
                self.rejected.append(
                    labels.labelled(f"{short_time(at)} · {report.source}, {where}", words)
                )
        if self.server is not None:
            self.board.add_network(dict(self.server.desks))
        emit(self.changed)
        if changed:
            emit(self.applied)
