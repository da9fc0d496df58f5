"""The room desk's answer to one message, and the ledger that decides and remembers it.

Every message a member desk sends gets exactly one verdict, kept by the room desk and sent
back to that member (over the network, or in the reply file): *accepted*, or *refused* with a
stable reason and a plain message ("already revealed", "you are conflicted on ADM-08"...).
A message that is valid but too late is refused too, never silently dropped.

The ``Ledger`` is the room desk's side of the contract: the deliberation service checks the
rules and appends the event, and records the verdict in the same transaction, so a room desk
killed mid-import has applied each message wholly or not at all. ``MemoryLedger`` is the
reference implementation, for tests and benchmarks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Protocol

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import Envelope, ExchangeError

KIND_VERDICT = "verdict"


@dataclass(frozen=True)
class Verdict:
    n: int  # the member's message number
    digest: str  # which message (two desks of one member may send two different n = 5)
    accepted: bool
    reason: str  # "" when accepted; a stable code otherwise
    message: str  # plain words for the member
    at: str  # when the room desk decided, its own clock

    def body(self) -> bytes:
        return dumps_canonical(asdict(self))

    @classmethod
    def from_body(cls, body: bytes) -> Verdict:
        try:
            obj = loads_strict(body, max_bytes=65536)
            return cls(**obj) if isinstance(obj, dict) else _bad()
        except (StrictJSONError, TypeError):
            return _bad()


def _bad() -> Verdict:
    raise ExchangeError("format", "the room desk's reply is not a verdict")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def refusal(envelope: Envelope, reason: str, message: str) -> Verdict:
    return Verdict(envelope.n, envelope.digest, False, reason, message, now())


class Ledger(Protocol):
    def last_n(self, sender: str) -> int:
        """The highest message number of ``sender`` that has a verdict (0 for none)."""

    def digest_at(self, sender: str, n: int) -> str | None:
        """The digest of the message ``n`` of ``sender`` that was decided, if any."""

    def apply(self, envelope: Envelope) -> Verdict:
        """Decide message ``last_n + 1`` by the rules, apply it or not, and record the verdict."""

    def note(self, sender: str, verdict: Verdict) -> None:
        """Record a verdict that applies nothing (a second desk's clashing message)."""

    def verdicts(self, sender: str) -> list[Verdict]:
        """Every verdict given to ``sender``, in the order given."""


Rules = Callable[[Envelope], tuple[str, str] | None]  # None = allowed, else (reason, message)


class MemoryLedger:
    """A ledger in memory; ``rules`` says whether a message may be applied."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or (lambda _envelope: None)
        self.applied: list[Envelope] = []
        self._given: dict[str, list[Verdict]] = {}
        self._digests: dict[tuple[str, int], str] = {}
        self._last: dict[str, int] = {}

    def last_n(self, sender: str) -> int:
        return self._last.get(sender, 0)

    def digest_at(self, sender: str, n: int) -> str | None:
        return self._digests.get((sender, n))

    def apply(self, envelope: Envelope) -> Verdict:
        refused = self.rules(envelope)
        if refused is None:
            self.applied.append(envelope)
            verdict = Verdict(envelope.n, envelope.digest, True, "", "", now())
        else:
            verdict = refusal(envelope, *refused)
        self._digests[(envelope.sender, envelope.n)] = envelope.digest
        self._last[envelope.sender] = envelope.n
        self._given.setdefault(envelope.sender, []).append(verdict)
        return verdict

    def note(self, sender: str, verdict: Verdict) -> None:
        self._given.setdefault(sender, []).append(verdict)

    def verdicts(self, sender: str) -> list[Verdict]:
        return list(self._given.get(sender, []))


def describe(verdict: Verdict) -> str:
    """One line for a log or a test failure."""
    return json.dumps(asdict(verdict), ensure_ascii=False)
