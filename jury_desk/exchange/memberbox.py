"""The member desk's side: its outbox, the room's replies, and what is still unanswered.

The member desk keeps two record files in its own data folder, durable like the room's
session file (each append is fsynced before the desk says "saved"):

* ``<bundle>--<member>.jdoutbox``: every message it sent, numbered from 1;
* ``<bundle>--<member>.jdreply``: the room desk's signed verdicts, as received.

A message is *pending* until a verdict for it (same number and digest) is in the reply file;
nothing is ever deleted, so a dropped connection or a lost USB key loses nothing: the desk
sends or exports what is pending again, and the room desk ignores what it already decided.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jury_desk.exchange.envelope import ROOM, Envelope, ExchangeError, Session, seal
from jury_desk.exchange.records import RecordFile, file_name, read_records
from jury_desk.exchange.verdict import KIND_VERDICTS, Verdict, verdicts_of


@dataclass(frozen=True)
class Answered:
    envelope: Envelope
    verdict: Verdict


class MemberBox:
    def __init__(
        self,
        folder: Path,
        session: Session,
        member: str,
        key: Ed25519PrivateKey,
        room_key: Ed25519PublicKey | None = None,
    ) -> None:
        self.session = session
        self.member = member
        self.key = key
        self.room_key = room_key  # pinned at pairing, or at the first reply file imported
        self.out = RecordFile(folder / file_name(session.bundle_id, member, to_room=True))
        self.back = RecordFile(folder / file_name(session.bundle_id, member, to_room=False))
        self._sent = [e for _line, e in read_records(self.out.path).envelopes if e.sender == member]
        self._replies = [e for _line, e in read_records(self.back.path).envelopes]
        self._verdicts = {(v.n, v.digest): v for r in self._replies for v in _verdicts(r)}
        # The GUI seals on its thread while the network link sends and receives on its own.
        self._lock = threading.RLock()

    # Sending --------------------------------------------------------------------------

    def send(self, kind: str, body: bytes) -> Envelope:
        """Sign the next message and keep it durably; it is pending until the room answers."""
        with self._lock:
            n = max((e.n for e in self._sent), default=0) + 1
            envelope = seal(
                self.key,
                self.session,
                sender=self.member,
                recipient=ROOM,
                n=n,
                kind=kind,
                body=body,
            )
            self.out.append([envelope])
            self._sent.append(envelope)
            return envelope

    def sent(self) -> list[Envelope]:
        with self._lock:
            return list(self._sent)

    def pending(self) -> list[Envelope]:
        with self._lock:
            return [e for e in self._sent if (e.n, e.digest) not in self._verdicts]

    def answered(self) -> list[Answered]:
        with self._lock:
            return [
                Answered(e, self._verdicts[(e.n, e.digest)])
                for e in self._sent
                if (e.n, e.digest) in self._verdicts
            ]

    def verdict_for(self, envelope: Envelope) -> Verdict | None:
        with self._lock:
            return self._verdicts.get((envelope.n, envelope.digest))

    def other_desk_verdicts(self) -> list[Verdict]:
        """Verdicts for messages this desk did not send: another desk uses this member's name."""
        with self._lock:
            mine = {(e.n, e.digest) for e in self._sent}
            return [v for key, v in self._verdicts.items() if key not in mine]

    # Receiving ------------------------------------------------------------------------

    def last_reply(self) -> int:
        with self._lock:
            return max((e.n for e in self._replies), default=0)

    def receive(self, replies: list[Envelope]) -> int:
        """Keep the room's replies that are new; how many verdicts they bring. A forged or
        altered reply is refused (ExchangeError), the good ones before it kept."""
        with self._lock:
            known = {e.n: e.digest for e in self._replies}
            fresh: list[Envelope] = []
            problem: ExchangeError | None = None
            for reply in sorted(replies, key=lambda e: e.n):
                try:
                    self._check_reply(reply, known.get(reply.n))
                except ExchangeError as exc:
                    problem = exc
                    break  # keep what came before; the rest waits for a good copy
                if reply.n in known:
                    continue
                if reply.n != max(known, default=0) + 1:
                    break  # a gap: wait for the missing reply
                fresh.append(reply)
                known[reply.n] = reply.digest
            self.back.append(fresh)
            self._replies.extend(fresh)
            for reply in fresh:
                for verdict in _verdicts(reply):
                    self._verdicts[(verdict.n, verdict.digest)] = verdict
            if problem is not None:
                raise problem
            return sum(len(_verdicts(reply)) for reply in fresh)

    def _check_reply(self, reply: Envelope, kept_digest: str | None) -> None:
        if reply.session != self.session or reply.sender != ROOM or reply.recipient != self.member:
            raise ExchangeError(
                "session", "a reply is for another session or another member: ignored"
            )
        if self.room_key is None:
            raise ExchangeError(
                "room-key", "this desk has not paired with the room desk: no reply is trusted"
            )
        reply.verify(self.room_key)
        if kept_digest is not None and kept_digest != reply.digest:
            raise ExchangeError(
                "room-replay", f"the room's reply {reply.n} differs from the one kept: ignored"
            )

    # Transport A: files ---------------------------------------------------------------

    def export_to(self, folder: Path) -> int:
        """Append this member's messages that ``folder``'s outbox lacks; the number appended."""
        with self._lock:
            target = RecordFile(folder / self.out.path.name)
            have = {e.digest for _line, e in read_records(target.path).envelopes}
            missing = [e for e in self._sent if e.digest not in have]
            target.append(missing)
            return len(missing)

    def import_from(self, folder: Path) -> int:
        """Read the room's reply file for this member from ``folder``; the verdicts it brought."""
        read = read_records(folder / self.back.path.name)
        return self.receive([e for _line, e in read.envelopes])


def _verdicts(reply: Envelope) -> list[Verdict]:
    return verdicts_of(reply.body) if reply.kind == KIND_VERDICTS else []
