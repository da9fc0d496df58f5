"""The room desk's side: check each incoming envelope, apply it in order, answer it.

For every envelope, whichever transport brought it:

1. the session: the same bundle id, seq and manifest fingerprint as the room's;
2. the sender: a member of the session, the recipient the room;
3. the signature, against that member's key (pinned in the bundle or registered in the room);
4. the sequence: message ``n`` is applied only after ``n - 1``; a message already decided is
   a replay and changes nothing; a *different* message with a number already decided comes
   from a second desk of the same member, and both desks are told;
5. the rules, at the moment of applying (the ledger, i.e. the deliberation service).

Checks 1-3 failing leave no trace in the ledger (nobody proved to be the sender); from 4 on
every message gets one verdict, sent back to its member.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jury_desk.core.gc_pause import gc_paused
from jury_desk.exchange.envelope import ROOM, Envelope, ExchangeError, Session, seal
from jury_desk.exchange.records import (
    SUFFIX_TO_ROOM,
    RecordFile,
    file_name,
    read_records,
)
from jury_desk.exchange.signatures import Signatures
from jury_desk.exchange.verdict import (
    KIND_VERDICTS,
    BatchClock,
    Ledger,
    Verdict,
    refusal,
    verdicts_body,
)

KeyOf = Callable[[str], Ed25519PublicKey | None]


@dataclass
class Refused:
    where: str  # "line 12" or "message 4 from mines-1"
    reason: str
    message: str
    envelope: Envelope | None = None


@dataclass
class ImportReport:
    """What one file (or one batch from the network) brought, for the Desks panel."""

    source: str
    accepted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: list[tuple[str, Verdict]] = field(default_factory=list)  # (member, verdict)
    replayed: int = 0  # already decided: nothing changed
    waiting: dict[str, int] = field(default_factory=dict)  # member -> first missing n
    rejected: list[Refused] = field(default_factory=list)  # not attributable: no verdict
    torn_tail: bool = False
    senders: set[str] = field(default_factory=set)  # members whose signature was checked
    verdicts: dict[str, list[Verdict]] = field(default_factory=lambda: defaultdict(list))

    @property
    def changed(self) -> bool:
        return bool(self.accepted or self.refused)


def _refused(envelope: Envelope, exc: ExchangeError) -> Refused:
    return Refused(f"message {envelope.n} from {envelope.sender}", exc.reason, str(exc), envelope)


class Reception:
    def __init__(
        self, session: Session, key_of: KeyOf, ledger: Ledger, room_key: Ed25519PrivateKey
    ) -> None:
        self.session = session
        self.key_of = key_of
        self.ledger = ledger
        self.room_key = room_key
        self._replies: dict[str, tuple[list[Envelope], int]] = {}  # replies, verdicts covered
        self._clock = BatchClock()
        self._known: set[str] = set()  # senders whose last verdict time the clock has seen

    def check(self, envelope: Envelope) -> None:
        """Checks 1-3; ExchangeError names the one that failed."""
        envelope.verify(self._addressed(envelope))

    def _addressed(self, envelope: Envelope) -> Ed25519PublicKey:
        """Checks 1-2: the session, and a sender with a key; returns that key."""
        theirs = envelope.session
        if theirs.bundle_id != self.session.bundle_id:
            raise ExchangeError(
                "session",
                f"message {envelope.n} from {envelope.sender} is for another "
                f"session ({theirs.bundle_id}), not {self.session.bundle_id}: ignored",
            )
        if theirs != self.session:
            raise ExchangeError(
                "bundle-version",
                f"message {envelope.n} from {envelope.sender} is for bundle "
                f"{theirs.bundle_id} seq {theirs.seq}, but this session runs seq "
                f"{self.session.seq} (or another manifest): the member must open the current "
                "bundle; ignored",
            )
        key = self.key_of(envelope.sender) if envelope.recipient == ROOM else None
        if key is None:
            raise ExchangeError(
                "sender",
                f"message {envelope.n} comes from {envelope.sender!r}, who is not a "
                "member with a key in this session (or it is not addressed to the room): ignored",
            )
        return key

    def receive(self, envelopes: Iterable[Envelope], report: ImportReport) -> None:
        """Check and apply ``envelopes`` (any order) as one batch: one commit, one reply each.

        Each signature is known to hold before its message is applied; a large batch's are
        checked in a second process meanwhile (``signatures``). The collector is paused: a
        full collection would walk the whole open session, several times in a large batch."""
        with gc_paused():
            self._receive(envelopes, report)

    def _receive(self, envelopes: Iterable[Envelope], report: ImportReport) -> None:
        by_sender: dict[str, list[tuple[Envelope, Ed25519PublicKey]]] = defaultdict(list)
        for envelope in envelopes:
            try:
                key = self._addressed(envelope)
            except ExchangeError as exc:
                report.rejected.append(_refused(envelope, exc))
                continue
            by_sender[envelope.sender].append((envelope, key))
        for batch in by_sender.values():
            batch.sort(key=lambda pair: pair[0].n)
        signatures = Signatures([pair for batch in by_sender.values() for pair in batch])
        for sender in by_sender.keys() - self._known:
            given = self.ledger.verdicts(sender)
            if given:
                self._clock.after(given[-1].at)
            self._known.add(sender)
        at = self._clock.next()
        for sender, batch in by_sender.items():
            self._receive_from(sender, [e for e, _key in batch], at, report, signatures)
        self.ledger.commit()

    def _receive_from(
        self,
        sender: str,
        batch: list[Envelope],
        at: str,
        report: ImportReport,
        signatures: Signatures,
    ) -> None:
        last = self.ledger.last_n(sender)
        seen_clash = {v.digest for v in self.ledger.verdicts(sender) if v.reason == "second-desk"}
        for envelope in batch:
            forged = signatures.error(envelope)
            if forged is not None:
                report.rejected.append(_refused(envelope, forged))
                continue
            report.senders.add(sender)
            if sender in report.waiting:
                continue  # after a missing message: its signature counted, nothing applied
            if envelope.n <= last:
                first = self.ledger.digest_at(sender, envelope.n)
                if first == envelope.digest or envelope.digest in seen_clash:
                    report.replayed += 1
                    continue
                verdict = refusal(
                    envelope,
                    "second-desk",
                    f"message {envelope.n} differs from the message {envelope.n} already "
                    f"received from {sender}: two desks are sending in this member's name; "
                    "only the first counts. Use one desk only.",
                    at,
                )
                self.ledger.note(sender, verdict)
                seen_clash.add(envelope.digest)
            elif envelope.n == last + 1:
                verdict = self.ledger.apply(envelope, at)
                last = envelope.n
            else:
                report.waiting[sender] = last + 1
                continue  # the rest waits for the missing message(s)
            report.verdicts[sender].append(verdict)
            if verdict.accepted:
                report.accepted[sender] += 1
            else:
                report.refused.append((sender, verdict))

    def replies(self, member: str) -> list[Envelope]:
        """Every verdict for ``member``, one signed reply per batch, numbered from 1 (stable:
        rebuilt from the ledger alone, they are the same bytes)."""
        done, covered = self._replies.get(member, ([], 0))
        given = self.ledger.verdicts(member)
        start = covered
        while start < len(given):
            end = start + 1
            while end < len(given) and given[end].at == given[start].at:
                end += 1
            body = verdicts_body(given[start:end])
            done = [*done, self.reply(member, len(done) + 1, KIND_VERDICTS, body, given[start].at)]
            start = end
        self._replies[member] = (done, len(given))
        return list(done)

    def reply(self, member: str, n: int, kind: str, body: bytes, at: str) -> Envelope:
        return seal(
            self.room_key,
            self.session,
            sender=ROOM,
            recipient=member,
            n=n,
            kind=kind,
            body=body,
            sent_at=datetime.fromisoformat(at),
        )

    # Transport A: files ---------------------------------------------------------------

    def import_file(self, path: Path) -> ImportReport:
        """Import one outbox file; importing it again changes nothing."""
        read = read_records(path)
        report = ImportReport(path.name, torn_tail=read.torn_tail)
        for damaged in read.damaged:
            report.rejected.append(Refused(f"line {damaged.line}", damaged.reason, damaged.message))
        self.receive((e for _line, e in read.envelopes), report)
        return report

    def import_folder(self, folder: Path) -> list[ImportReport]:
        """Import every outbox file of this session in ``folder``, and write the replies there."""
        reports = []
        for path in sorted(folder.glob(f"{self.session.bundle_id}--*{SUFFIX_TO_ROOM}")):
            reports.append(self.import_file(path))
        self.write_replies(folder, {m for r in reports for m in r.senders})
        return reports

    def write_replies(self, folder: Path, members: Iterable[str]) -> None:
        """Append to each member's reply file the replies it does not hold yet."""
        for member in sorted(members):
            target = folder / file_name(self.session.bundle_id, member, to_room=False)
            have = {e.digest for _line, e in read_records(target).envelopes}
            RecordFile(target).append(e for e in self.replies(member) if e.digest not in have)
