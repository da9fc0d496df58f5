"""The room desk's answer to each message, and the ledger that decides and remembers it.

Every message a member desk sends gets exactly one verdict, kept by the room desk and sent
back to that member (over the network, or in the reply file): *accepted*, or *refused* with a
stable reason and a plain message ("already revealed", "you are conflicted on ADM-08"...).
A message that is valid but too late is refused too, never silently dropped.

The verdicts decided together (one file imported, one batch from the network) share their
time, are committed together and travel back in one signed reply: importing 2,000 sealed
sheets costs one signature back, not 2,000. A later batch always gets a later time, so the
replies can be rebuilt, identical, from the ledger alone.

The ``Ledger`` is the room desk's side of the contract: the deliberation service checks the
rules and appends the event, and records the verdict, in the transaction that ``commit``
ends, so a room desk killed mid-import has applied each message wholly or not at all.
``MemoryLedger`` is the reference implementation, for tests and benchmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Protocol

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import Envelope, ExchangeError

KIND_VERDICTS = "verdicts"
MAX_REPLY_BYTES = 16 << 20


@dataclass(frozen=True)
class Verdict:
    n: int  # the member's message number
    digest: str  # which message (two desks of one member may send two different n = 5)
    accepted: bool
    reason: str  # "" when accepted; a stable code otherwise
    message: str  # plain words for the member
    at: str  # when the room desk decided (its own clock): the batch it was decided in


def verdicts_body(verdicts: list[Verdict]) -> bytes:
    # Field by field: ``asdict`` deep-copies each value, 25 µs a verdict (2,000 in an import).
    return dumps_canonical([{name: getattr(v, name) for name in _FIELDS} for v in verdicts])


_FIELDS = tuple(f.name for f in fields(Verdict))


def verdicts_of(body: bytes) -> list[Verdict]:
    try:
        items = loads_strict(body, max_bytes=MAX_REPLY_BYTES)
        if not isinstance(items, list):
            raise TypeError
        return [Verdict(**item) for item in items]
    except (StrictJSONError, TypeError):
        raise ExchangeError("format", "the room desk's reply is not a list of verdicts") from None


class BatchClock:
    """The time of each batch: the room's clock, but always later than the batch before."""

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)

    def next(self) -> str:
        now = datetime.now(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        self._last = max(now, self._last + timedelta(milliseconds=1))
        return self._last.isoformat(timespec="milliseconds")

    def after(self, at: str) -> None:
        """The next batch comes after ``at`` (a verdict kept from before a restart)."""
        self._last = max(self._last, datetime.fromisoformat(at))


def refusal(envelope: Envelope, reason: str, message: str, at: str) -> Verdict:
    return Verdict(envelope.n, envelope.digest, False, reason, message, at)


class Ledger(Protocol):
    def last_n(self, sender: str) -> int:
        """The highest message number of ``sender`` that has a verdict (0 for none)."""

    def digest_at(self, sender: str, n: int) -> str | None:
        """The digest of the message ``n`` of ``sender`` that was decided, if any."""

    def apply(self, envelope: Envelope, at: str) -> Verdict:
        """Decide message ``last_n + 1`` by the rules, apply it or not, record the verdict."""

    def note(self, sender: str, verdict: Verdict) -> None:
        """Record a verdict that applies nothing (a second desk's clashing message)."""

    def commit(self) -> None:
        """Make every verdict since the last commit durable, with what it applied."""

    def verdicts(self, sender: str) -> list[Verdict]:
        """Every verdict given to ``sender``, in the order given."""


Rules = Callable[[Envelope], tuple[str, str] | None]  # None = allowed, else (reason, message)


class MemoryLedger:
    """A ledger in memory; ``rules`` says whether a message may be applied, ``on_commit``
    receives what each commit applied (a benchmark makes it durable there)."""

    def __init__(
        self, rules: Rules | None = None, on_commit: Callable[[list[Envelope]], None] | None = None
    ) -> None:
        self.rules = rules or (lambda _envelope: None)
        self.on_commit = on_commit
        self.applied: list[Envelope] = []
        self._uncommitted: list[Envelope] = []
        self._given: dict[str, list[Verdict]] = {}
        self._digests: dict[tuple[str, int], str] = {}
        self._last: dict[str, int] = {}

    def last_n(self, sender: str) -> int:
        return self._last.get(sender, 0)

    def digest_at(self, sender: str, n: int) -> str | None:
        return self._digests.get((sender, n))

    def apply(self, envelope: Envelope, at: str) -> Verdict:
        refused = self.rules(envelope)
        if refused is None:
            self.applied.append(envelope)
            self._uncommitted.append(envelope)
            verdict = Verdict(envelope.n, envelope.digest, True, "", "", at)
        else:
            verdict = refusal(envelope, *refused, at)
        self._digests[(envelope.sender, envelope.n)] = envelope.digest
        self._last[envelope.sender] = envelope.n
        self._given.setdefault(envelope.sender, []).append(verdict)
        return verdict

    def note(self, sender: str, verdict: Verdict) -> None:
        self._given.setdefault(sender, []).append(verdict)

    def commit(self) -> None:
        done, self._uncommitted = self._uncommitted, []
        if self.on_commit is not None:
            self.on_commit(done)

    def verdicts(self, sender: str) -> list[Verdict]:
        return list(self._given.get(sender, []))
