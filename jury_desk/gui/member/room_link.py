"""The member desk's road to the room: a USB key (files) or the room's network, from the GUI.

A thin Qt face over ``exchange.memberbox`` and ``exchange.link``: pairing and the file
transfers run on the Qt thread pool; once paired, the live link runs on a thread of its own
(``RoomLink.run``: it sends each new message at once, takes every reply and reconnects after
a dropped connection). The GUI thread only looks, once a second, at what the box holds:
``answered`` tells the page that new verdicts came. Nothing here decides anything, and with
no network at all the desk works the same: the outbox waits for a key or the room.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from jury_desk.exchange import link as net
from jury_desk.exchange.envelope import Envelope, ExchangeError
from jury_desk.exchange.pairing import (
    URI_SCHEME,
    PairingInfo,
    normalise_code,
    parse_pairing_uri,
)
from jury_desk.gui.member.desk import MemberDeskLike
from jury_desk.gui.qtfixes.signals import emit
from jury_desk.gui.tasks import Task, TaskGroup

LOOK_EVERY_MS = 1000


def pairing_of(address: str, code: str) -> PairingInfo:
    """What the member typed: the QR code's text alone, or an address ("host:port") and a
    code. ExchangeError (``pair.uri``, ``pair.code-format``) for anything else."""
    text = address.strip()
    if text.startswith(f"{URI_SCHEME}:"):
        return parse_pairing_uri(text)
    host, _, port = text.rpartition(":")
    if not host or not port.strip().isdigit():
        raise ExchangeError("pair.uri", "type the room's address as shown, e.g. 192.168.1.20:47800")
    return PairingInfo(host.strip(), int(port), normalise_code(code), None)


class MemberLink(QObject):
    answered = Signal()  # new verdicts from the room (by the network or a reply file)
    linked = Signal(bool)  # the live link is connected (True) or not
    failed = Signal(object)  # a known error (ExchangeError...), for the page to say

    def __init__(
        self,
        desk: MemberDeskLike,
        settings: QSettings,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.settings = desk, settings
        # The pinned room certificate is kept in the desk's own folder.
        self.box, self.folder = desk.box, desk.folder
        self.pool = pool or QThreadPool.globalInstance()
        self.link: net.RoomLink | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.tasks = TaskGroup(self.pool, lambda exc: emit(self.failed, exc))
        self._seen = len(self.box.answered())
        self._connected = False
        self._told: ExchangeError | None = None
        self._fresh_status = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self.look)
        self._timer.start()

    @property
    def _key(self) -> str:
        return f"member/room/{self.box.session.bundle_id}/{self.box.member}"

    def room(self) -> tuple[str, int] | None:
        """The room this desk paired with (address kept in the preferences), if any."""
        value = self.settings.value(self._key)
        if not isinstance(value, str) or net.pinned_room(self.folder) is None:
            return None
        host, _, port = value.rpartition(":")
        return (host, int(port)) if host and port.isdigit() else None

    # ---------------------------------------------------------------- the room's network

    def pair(self, info: PairingInfo, parent: QWidget | None = None) -> Task:
        """Pair once (each desk pins the other's key), then stay linked."""

        def work() -> str:
            try:
                return net.pair(self.box, self.folder, info.host, info.port, info.code,
                                room_fp=info.room_fp)  # fmt: skip
            except OSError as exc:
                raise ExchangeError("net.connect", f"no room desk at {info.host}:{info.port}: "
                                    f"{exc}") from None  # fmt: skip

        def paired(_short_fp: str) -> None:
            self.settings.setValue(self._key, f"{info.host}:{info.port}")
            self.settings.sync()
            self._end_link()  # a link to the room's old address (or identity) ends here
            self.start()

        return self.tasks.run(work, paired, parent)

    def start(self) -> bool:
        """Start the live link to the paired room (at opening, or after pairing)."""
        room = self.room()
        der = net.pinned_room(self.folder)
        if self._thread is not None and not self._thread.is_alive():
            self._thread = None  # it stopped for good (said on the page); joined again now
        if room is None or der is None or self._thread is not None:
            return False
        self.link = net.RoomLink(self.box, room[0], room[1], der, on_status=self._status)
        self._stop.clear()
        self._thread = threading.Thread(
            target=self.link.run, args=(self._stop,), name="member-link", daemon=True
        )
        self._thread.start()
        return True

    def _status(self, status: Envelope) -> None:
        """On the link's thread: the room's status, kept by the desk if verified and newer;
        the page reads it at its next look."""
        try:
            if self.desk.receive_status(status):
                self._fresh_status.set()
        except ExchangeError:
            pass  # not the room's, or altered: ignored, as the desk says of a reply

    def stop(self) -> None:
        self._timer.stop()
        self._end_link()

    def _end_link(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self._stop = threading.Event()

    # ---------------------------------------------------------------- files (a USB key)

    def export_to(self, folder: Path, parent: QWidget | None = None) -> Task:
        """Append the outbox to ``folder`` (safe if the key is pulled mid-write); and read
        the room's reply file there, if the room desk has already written one."""

        def work() -> tuple[int, int]:
            sent = self.desk.export_to(folder)
            try:
                back = self.desk.import_from(folder) if self.box.room_key is not None else 0
            except ExchangeError:
                back = 0  # a stale or foreign reply file: the export itself is done
            return sent, back

        return self.tasks.run(work, lambda _counts: self.look(), parent)

    def import_from(self, folder: Path, parent: QWidget | None = None) -> Task:
        """Read the room's replies and status from ``folder``; the page is shown again even
        when only the status brought something (a page of revealed sheets)."""

        def done(_n: int) -> None:
            self._fresh_status.set()
            self.look()

        return self.tasks.run(lambda: self.desk.import_from(folder), done, parent)

    # ---------------------------------------------------------------- looking

    @Slot()
    def look(self) -> None:
        connected = self.link is not None and self.link.connected.is_set()
        stopped = self.stopped()
        if stopped is not None and stopped is not self._told:
            self._told = stopped  # the page says why, once, in its link line
            emit(self.linked, False)
        if connected != self._connected:
            self._connected = connected
            emit(self.linked, connected)
        seen = len(self.box.answered()) + len(self.box.other_desk_verdicts())
        if seen != self._seen or self._fresh_status.is_set():
            self._seen = seen
            self._fresh_status.clear()
            emit(self.answered)

    def connected(self) -> bool:
        return self._connected

    def stopped(self) -> ExchangeError | None:
        """Why the live link stopped for good (the room's certificate changed, another
        room, this desk refused), or None while it runs or retries a dropped line."""
        thread, link = self._thread, self.link
        if thread is None or thread.is_alive() or link is None:
            return None
        return link.last_error

    def last_error(self) -> ExchangeError | None:
        return None if self.link is None else self.link.last_error
