"""An act made on a member desk, as the room's signed log keeps it (DESIGN.md §9, issue 12).

A member desk cannot sign an event of the room's chain: it does not know the chain's head.
So the member signs the *act* (its kind and payload) in an envelope addressed to the
session by bundle id, seq and manifest SHA-256, with their own message number ``n``
(``exchange/envelope.py``). The room desk, the only writer of the chain, logs the event the
rules make of that act, unsigned, with the member's proof in its payload::

    payload = {<the act's fields>, "desk": {"n": n, "sent_at": "...", "sig": "<base64>"}}

From that event alone anyone rebuilds the member's envelope (its body is the canonical JSON
of the act's kind and the payload without ``desk`` and without the fields the room desk
adds, e.g. an approval's ``final``) and checks it against the member's key. The chain's hash
covers the proof, so it cannot be swapped without rewriting the chain.

The events that act causes in the same transaction in the member's name (a withdrawn
proposal, voided approvals) follow it unsigned: the replay checks that the act makes
exactly them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.exchange.envelope import ROOM, Envelope, ExchangeError, Session

DESK = "desk"  # the payload field that holds the member's proof
KIND_ACT = "act"  # the envelope kind that carries one act
#: The acts a member desk may send, each with the fields the room desk adds to it.
ROOM_FIELDS: Mapping[str, frozenset[str]] = {
    "key-registered": frozenset(),
    "checked-in": frozenset(),
    "checked-out": frozenset(),
    "conflict-declared": frozenset(),
    "sheet-sealed": frozenset(),
    "note-added": frozenset(),
    "approved": frozenset({"final"}),
    "objected": frozenset(),
}
MAX_ACT_BYTES = 256 << 10


class DeskActError(ValueError):
    """An envelope's body is not an act a member desk may send."""


def act_body(kind: str, payload: Mapping[str, Any]) -> bytes:
    """The body of the envelope carrying one act."""
    return dumps_canonical({"kind": kind, "payload": dict(payload)})


def act_of(body: bytes) -> tuple[str, dict[str, Any]]:
    """The act an envelope's body carries; DeskActError if it is not one a desk may send."""
    try:
        obj = loads_strict(body, max_bytes=MAX_ACT_BYTES)
    except StrictJSONError as exc:
        raise DeskActError(f"the message is not an act ({exc})") from None
    if not isinstance(obj, dict) or set(obj) != {"kind", "payload"}:
        raise DeskActError("the message is not an act (fields differ)")
    kind, payload = obj["kind"], obj["payload"]
    if kind not in ROOM_FIELDS:
        raise DeskActError(f"a member desk may not send a {kind!r} act")
    if not isinstance(payload, dict) or DESK in payload or set(payload) & ROOM_FIELDS[kind]:
        raise DeskActError(f"the {kind} act carries fields only the room desk sets")
    return kind, payload


def signed_part(kind: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """What the member signed of an event's payload: all but the proof and the room's fields."""
    room = ROOM_FIELDS.get(kind, frozenset())
    return {k: v for k, v in payload.items() if k != DESK and k not in room}


def proof(envelope: Envelope) -> dict[str, Any]:
    return {
        "n": envelope.n,
        "sent_at": envelope.sent_at,
        "sig": base64.b64encode(envelope.sig).decode("ascii"),
    }


def envelope_of(address: Session, actor: str, kind: str, payload: Any) -> Envelope:
    """The member's envelope that a desk event's payload proves; DeskActError if malformed."""
    try:
        if not isinstance(payload, dict) or kind not in ROOM_FIELDS:
            raise TypeError
        desk = payload[DESK]
        if not isinstance(desk, dict) or set(desk) != {"n", "sent_at", "sig"}:
            raise TypeError
        n, sent_at = desk["n"], desk["sent_at"]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1 or not isinstance(sent_at, str):
            raise TypeError
        sig = base64.b64decode(desk["sig"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise DeskActError("its member desk's proof is malformed") from None
    body = act_body(kind, signed_part(kind, payload))
    return Envelope(address, actor, ROOM, n, KIND_ACT, sent_at, body, sig)


def check(address: Session, actor: str, kind: str, payload: Any, key: Any) -> int:
    """Check a desk event's proof against the member's Ed25519 public key; returns its ``n``.
    DeskActError names what is wrong."""
    envelope = envelope_of(address, actor, kind, payload)
    try:
        envelope.verify(key)
    except ExchangeError:
        raise DeskActError(
            f"its act is not what {actor} signed on their desk (altered, or another key)"
        ) from None
    return envelope.n


def sheet_label(address: Session) -> str:
    """What a sheet sealed on a member desk is bound to (it may never have met the room, so
    it cannot know the log's session id): the bundle's id, seq and manifest SHA-256."""
    return f"bundle:{address.bundle_id}:{address.seq}:{address.fingerprint}"
