"""Acts made on a member desk, applied by the room desk through the rules (issue 12).

One rule engine: the act a member signed on their desk is applied by the very function the
replay of the signed log uses for that kind of act (``replay.ACTS``), i.e. the phase
functions the service's own methods run. What differs is only how its events are logged:

* the act's first event must be exactly what the member signed (its kind, and its payload
  but for the fields the room desk adds, e.g. an approval's ``final``); it is logged
  unsigned, with the member's proof in its payload (``signing/desk_proof.py``);
* what the act causes in the member's name (a withdrawn proposal, voided approvals) follows
  it, unsigned; an act that would log in anyone else's name is refused.

The live room desk (``ledger.ServiceLedger``) appends these events; the replay
(``audit verify``) compares them with the log. An act whose events differ from what the
member signed is refused (``desk-act-differs``): e.g. an approval signed for a proposal
that the jury has replaced since.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, text

from jury_desk.core.errors import RuleError
from jury_desk.core.strict_json import dumps_canonical, loads_strict
from jury_desk.deliberation.transaction import Tx
from jury_desk.exchange.envelope import Envelope, Session
from jury_desk.signing import desk_proof
from jury_desk.signing.event_log import Event

Sink = Callable[[str, str, Any], int]


def address(conn: Connection) -> Session:
    """The session's address, as member desks sign for it: bundle id, seq, manifest SHA-256."""
    row = conn.execute(
        text("SELECT bundle_id, bundle_seq, manifest_sha256 FROM session_meta")
    ).one()
    return Session(str(row[0]), int(row[1]), str(row[2]))


def is_desk_event(event: Event) -> bool:
    return (
        event.signature is None
        and isinstance(event.payload, dict)
        and desk_proof.DESK in event.payload
    )


def _plain(payload: Any) -> Any:
    return loads_strict(dumps_canonical(payload), max_bytes=desk_proof.MAX_ACT_BYTES * 4)


def apply(tx: Tx, envelope: Envelope, kind: str, payload: Mapping[str, Any], sink: Sink) -> None:
    """Apply the act ``envelope`` carries (``kind``, ``payload``: what its member signed)
    through the rules, logging its events through ``sink``. RuleError if the rules refuse
    it or make of it something else than what was signed; the caller rolls back."""
    from jury_desk.deliberation.replay import ACTS  # the replay's acts: one rule engine

    member = envelope.sender
    logged: list[str] = []

    def log(actor: str, made_kind: str, made: Any) -> int:
        if actor != member:
            raise RuleError(
                "desk-act-differs",
                f"This act would be recorded in the name of {actor}, and {member}'s desk "
                f"acts only for {member}: {actor} acts on their own desk or in the room.",
            )
        made = _plain(made)
        if not logged:
            extra = set(made) - set(payload)
            if (
                made_kind != kind
                or desk_proof.signed_part(kind, made) != dict(payload)
                or not extra <= desk_proof.ROOM_FIELDS[kind]
            ):
                raise RuleError(
                    "desk-act-differs",
                    f"The rules make of this {kind} act something else than what {member} "
                    "signed (the situation changed since): look at the candidate again and "
                    "act anew.",
                )
            made = made | {desk_proof.DESK: desk_proof.proof(envelope)}
        logged.append(made_kind)
        return sink(actor, made_kind, made)

    tx.log = log  # type: ignore[method-assign, assignment]
    act = Event("", 0, tx.at, member, kind, dict(payload), "", "")
    ACTS[kind](tx, act)
    if not logged:
        raise RuleError(
            "desk-act-differs", f"The {kind} act of {member} changes nothing: nothing to do."
        )
