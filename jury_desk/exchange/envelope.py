"""One signed message between a member desk and the room desk, and its one-line record.

A record is one line of canonical JSON (sorted keys, UTF-8) ending in ``\\n``::

    {"body": "<base64>", "bundle": {"fingerprint", "id", "seq"}, "format": "jury-desk-envelope/1",
     "kind", "n", "recipient", "sender", "sent_at", "sig": "<base64>"}

``sig`` is the sender's Ed25519 signature over the canonical JSON of every other field (the
body as its base64), so the routing fields cannot be moved to another session, another
member or another place in the sequence without the sender's key. ``n`` counts from 1 per
sender and recipient: the room desk applies a member's messages in that order, once each.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from jury_desk.core.errors import JuryDeskError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict

FORMAT = "jury-desk-envelope/1"
SIGNED_PREFIX = b"jury-desk-envelope/1\n"  # what a signature covers starts so: no other use
ROOM = "room"  # the sender or recipient name of the room desk
MAX_RECORD_BYTES = 1 << 20  # one sealed sheet is a few kB; a 1 MiB line is an attack
_FIELDS = frozenset(
    {"body", "bundle", "format", "kind", "n", "recipient", "sender", "sent_at", "sig"}
)


class ExchangeError(JuryDeskError):
    """A message or a transport was refused. ``reason`` is stable and machine-readable."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class Session:
    """The session a message is addressed to: the bundle's id, seq and manifest SHA-256."""

    bundle_id: str
    seq: int
    fingerprint: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.bundle_id, "seq": self.seq, "fingerprint": self.fingerprint}


@dataclass(frozen=True)
class Envelope:
    session: Session
    sender: str
    recipient: str
    n: int
    kind: str
    sent_at: str
    body: bytes
    sig: bytes

    # An envelope is read, checked, hashed and written again many times on its way: each
    # encoding is computed once (frozen fields, so the cache cannot go stale).

    @cached_property
    def _unsigned_json(self) -> bytes:
        return dumps_canonical(
            {
                "body": base64.b64encode(self.body).decode("ascii"),
                "bundle": self.session.as_json(),
                "format": FORMAT,
                "kind": self.kind,
                "n": self.n,
                "recipient": self.recipient,
                "sender": self.sender,
                "sent_at": self.sent_at,
            }
        )

    @cached_property
    def signed_bytes(self) -> bytes:
        """The bytes the signature covers."""
        return SIGNED_PREFIX + self._unsigned_json

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the signed content: two envelopes with one ``n`` and two digests clash."""
        return hashlib.sha256(self.signed_bytes).hexdigest()

    @cached_property
    def record(self) -> bytes:
        """The envelope as one line (with its ``\\n``), as files and the network carry it.

        Canonical JSON sorts the keys and ``sig`` sorts last, so the line is the unsigned
        JSON with the signature added before its closing brace.
        """
        sig = base64.b64encode(self.sig)
        return self._unsigned_json[:-1] + b',"sig":"' + sig + b'"}\n'

    def verify(self, key: Ed25519PublicKey) -> None:
        """Raise ExchangeError("signature") unless ``key`` signed this envelope."""
        try:
            key.verify(self.sig, self.signed_bytes)
        except InvalidSignature:
            raise ExchangeError(
                "signature",
                f"message {self.n} from {self.sender} is not signed by {self.sender}'s key: "
                "it was altered or forged, and is ignored",
            ) from None


def seal(
    key: Ed25519PrivateKey,
    session: Session,
    *,
    sender: str,
    recipient: str,
    n: int,
    kind: str,
    body: bytes,
    sent_at: datetime | None = None,
) -> Envelope:
    """Sign a new envelope with the sender's key."""
    if n < 1:
        raise ValueError("n counts from 1")
    at = (sent_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")
    draft = Envelope(session, sender, recipient, n, kind, at, body, b"")
    return Envelope(session, sender, recipient, n, kind, at, body, key.sign(draft.signed_bytes))


def parse_record(line: bytes) -> Envelope:
    """An envelope from one record (its ``\\n`` optional); ExchangeError("format") if it is not one.

    Only the shape is checked here: the signature is checked by whoever knows the sender's key.
    """
    try:
        obj = loads_strict(line.rstrip(b"\n"), max_bytes=MAX_RECORD_BYTES)
    except StrictJSONError as exc:
        raise ExchangeError("format", f"not a message record ({exc})") from None
    if not isinstance(obj, dict) or set(obj) != _FIELDS or obj.get("format") != FORMAT:
        raise ExchangeError("format", "not a jury-desk message record (fields or format differ)")
    bundle = obj["bundle"]
    try:
        if not isinstance(bundle, dict) or set(bundle) != {"id", "seq", "fingerprint"}:
            raise TypeError
        session = Session(
            _text(bundle["id"]), _count(bundle["seq"], 0), _text(bundle["fingerprint"])
        )
        envelope = Envelope(
            session,
            sender=_text(obj["sender"]),
            recipient=_text(obj["recipient"]),
            n=_count(obj["n"], 1),
            kind=_text(obj["kind"]),
            sent_at=_text(obj["sent_at"]),
            body=base64.b64decode(_text(obj["body"]), validate=True),
            sig=base64.b64decode(_text(obj["sig"]), validate=True),
        )
    except (TypeError, ValueError, binascii.Error):
        raise ExchangeError("format", "a message record has a field of the wrong type") from None
    if envelope.record.rstrip(b"\n") != line.rstrip(b"\n"):
        raise ExchangeError("format", "a message record is not in canonical form")
    return envelope


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError
    return value


def _count(value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value < 2**53:
        raise ValueError
    return value
