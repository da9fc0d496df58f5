"""What every write of the service shares: the transaction, the clock and clean texts.

``Tx`` is one write transaction, opened only by ``DeliberationService._write`` (under the
service's lock): the workflow phases (``phases/``) receive it and never open their own.

In a signed session (log format 2) ``Tx.log`` signs each event with its actor's key, which
the service unlocked with the actor's passphrase for this one act (``signers``): a phase
that logs in the name of someone who did not unlock their key is refused, and the whole
transaction rolls back. The phases need not know which format they write.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

# The texts' check lives in core, shared with the member desk; the phases import it here.
from jury_desk.core.texts import LONG_TEXT as LONG_TEXT
from jury_desk.core.texts import SHORT_TEXT as SHORT_TEXT
from jury_desk.core.texts import clean_text as clean_text
from jury_desk.deliberation.passphrase import PassphraseError
from jury_desk.deliberation.room import Room
from jury_desk.store.audit import append_event, append_signed

if TYPE_CHECKING:
    from jury_desk.bundle.blind_fields import Opened
    from jury_desk.bundle.manifest import Candidate
    from jury_desk.bundle.minisign import SecretKey
    from jury_desk.deliberation.phases.blind import Opening
    from jury_desk.deliberation.phases.blind_fields import Fault

Clock = Callable[[], datetime]


@dataclass
class Tx:
    """One write transaction: the connection, the room's rules and the time of the change."""

    conn: Connection
    room: Room
    at: str
    log_format: int = 1
    #: format 2: the keys unlocked for this act, by member id
    signers: Mapping[str, SecretKey] = field(default_factory=dict)
    #: format 2: how the reveal opens sealed sheets (the replay reads them from the log)
    opener: Callable[[Tx, str, Collection[str], str], Opening] | None = None
    #: how the reveal opens a candidate's sealed blind fields (the replay: from the log)
    blind_opener: Callable[[Tx, Candidate, str], Opened | Fault] | None = None

    @property
    def signed(self) -> bool:
        return self.log_format == 2

    def log(self, actor: str, kind: str, payload: Any) -> int:
        if not self.signed:
            return append_event(self.conn, self.at, actor, kind, payload)
        key = self.signers.get(actor)
        if key is None:
            raise PassphraseError(
                "auth-required",
                f"{actor} must enter their passphrase: every act is signed by its member.",
            )
        return append_signed(self.conn, self.at, actor, kind, payload, key)


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(clock: Clock) -> str:
    moment = clock()
    if moment.tzinfo is None:
        raise ValueError("the service clock must return timezone-aware datetimes")
    return moment.astimezone(UTC).isoformat()
