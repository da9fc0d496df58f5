"""What the room desk's Desks panel shows (issue 12): a Qt-free read model.

One row per member: whether their desk is paired or has brought a file, how it reaches the
room (the network, or the last file's name), the last message, how many were accepted, the
refusals with their reasons, a message still missing (later ones wait for it), a clock far
off, and a second desk sending in their name. Above the rows: another room desk running the
same session on the network. It is fed by the import reports (files and network batches),
the network server's status, and the beacon; it decides nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from jury_desk.exchange.reception import ImportReport


class NetworkStatus(Protocol):
    paired: bool
    connections: int
    last_message_at: str
    clock_skew_s: float

    @property
    def clock_off(self) -> bool: ...


@dataclass
class DeskRow:
    member: str
    paired: bool = False
    connections: int = 0
    via: str = ""  # "network" or the name of the last file that brought something
    last_message_at: str = ""
    accepted: int = 0
    refused: list[str] = field(default_factory=list)  # plain reasons, oldest first
    missing_from: int | None = None  # this message never came: the later ones wait
    clock_skew_s: float | None = None
    clock_off: bool = False
    second_desk: bool = False
    unreadable: int = 0  # records refused before any verdict (forged, altered, torn)


class DesksBoard:
    def __init__(self, members: Iterable[str]) -> None:
        self._rows = {m: DeskRow(m) for m in members}
        self.rivals: list[str] = []  # "host:port" of another room desk of this session
        self.unattributed: list[str] = []  # refusals with no member to show them on

    def add_report(self, report: ImportReport, at: str) -> None:
        """What one file or one network batch brought (``at``: the room's clock)."""
        via = "network" if report.source.startswith("network") else report.source
        for member in report.senders:
            row = self._row(member)
            row.via, row.last_message_at = via, at
            row.accepted += report.accepted.get(member, 0)
            row.missing_from = report.waiting.get(member)
        for member, verdict in report.refused:
            row = self._row(member)
            row.refused.append(verdict.message)
            row.second_desk |= verdict.reason == "second-desk"
        for refused in report.rejected:
            sender = refused.envelope.sender if refused.envelope is not None else None
            if sender in self._rows:
                self._rows[sender].unreadable += 1
            else:
                self.unattributed.append(f"{report.source}, {refused.where}: {refused.message}")

    def add_network(self, desks: Mapping[str, NetworkStatus]) -> None:
        for member, status in desks.items():
            row = self._row(member)
            row.paired, row.connections = status.paired, status.connections
            row.clock_skew_s, row.clock_off = status.clock_skew_s, status.clock_off
            if status.last_message_at > row.last_message_at:
                row.last_message_at, row.via = status.last_message_at, "network"

    def set_rivals(self, rivals: Iterable[tuple[str, int]]) -> None:
        self.rivals = [f"{host}:{port}" for host, port in rivals]

    def rows(self) -> list[DeskRow]:
        return list(self._rows.values())

    def _row(self, member: str) -> DeskRow:
        # A member the session does not know never gets this far (the reception refuses it).
        return self._rows.setdefault(member, DeskRow(member))
