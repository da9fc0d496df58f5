"""The signed event log, format 2 (DESIGN.md §4): a session-bound hash chain of signed acts.

Every state change is one event::

    body = {"session", "seq", "at", "actor", "kind", "payload"}
    hash = SHA-256(bytes.fromhex(prev_hash) || canonical_json(body))
    signature = Ed25519_actor("jury-desk event\\0" || bytes.fromhex(hash))

* The first event is the session's creation from the bundle. Nobody causes it: it is
  unsigned, its actor is empty, and its ``session`` is empty. The **session id** is its hash
  (its payload holds a random nonce, so two sessions of one bundle differ), and every later
  event names that id in its body. An event moved to another session therefore no longer
  hashes to what its signature covers; replayed or reordered, its ``prev_hash`` or ``seq``
  is wrong, and mending them changes the hash its signature covers.
* Every other event is a member's act, signed with that member's key. A member's first
  event is their key registration (``key-registered``), signed by the key it registers
  (proof of possession): when the bundle pins the member's key, it must be that key;
  when it pins none (the demo), the room desk made the pair at their first sign-in.
  The registration also publishes the member's box key (``member_key.box_public``).
* The signature prefix keeps these signatures apart from anything else the same key signs
  (e.g. with minisign).

``LogVerifier`` checks events one by one, so the same code verifies a whole file and an
event about to be appended (or arriving from a member desk); the rules and the replay hook
in through ``on_event``. Any problem is a ``LogError`` naming the event's number.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.core.errors import JuryDeskError, KeyFileError
from jury_desk.core.strict_json import StrictJSONError, dumps_canonical, loads_strict
from jury_desk.signing import desk_proof, member_key

if TYPE_CHECKING:
    from jury_desk.exchange.envelope import Session

FORMAT = 2
GENESIS = "0" * 64
NOBODY = ""
MAX_PAYLOAD_BYTES = 1 << 20
SIGNATURE_PREFIX = b"jury-desk event\x00"

KIND_CREATED = "session-created"
KIND_KEY = "key-registered"
#: The only event nobody signs, and only as the first event.
UNSIGNED_KINDS = frozenset({KIND_CREATED})

#: A database row of the log: (seq, at, actor, kind, payload, prev_hash, hash, signature).
Row = tuple[int, str, str, str, str, str, str, str | None]


class LogError(JuryDeskError):
    """An event does not belong in the log; ``seq`` names it (1-based)."""

    code = "log-event"

    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(f"event #{seq}: {reason}")


@dataclass(frozen=True)
class Event:
    session: str
    seq: int
    at: str
    actor: str
    kind: str
    payload: Any
    prev_hash: str
    hash: str
    signature: bytes | None = None

    def body(self) -> dict[str, Any]:
        return _body(self.session, self.seq, self.at, self.actor, self.kind, self.payload)

    def row(self) -> Row:
        """The event as the session file stores it (the session id is implied)."""
        signature = None if self.signature is None else base64.b64encode(self.signature).decode()
        payload = dumps_canonical(self.payload).decode("utf-8")
        return (
            self.seq,
            self.at,
            self.actor,
            self.kind,
            payload,
            self.prev_hash,
            self.hash,
            signature,
        )


def _body(session: str, seq: int, at: str, actor: str, kind: str, payload: Any) -> dict[str, Any]:
    return {
        "session": session,
        "seq": seq,
        "at": at,
        "actor": actor,
        "kind": kind,
        "payload": payload,
    }


def chain_hash(prev_hash: str, body: Mapping[str, Any]) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + dumps_canonical(body)).hexdigest()


def signed_message(hash_hex: str) -> bytes:
    return SIGNATURE_PREFIX + bytes.fromhex(hash_hex)


def make_event(
    prev: Event | None,
    at: str,
    actor: str,
    kind: str,
    payload: Any,
    key: SecretKey | None,
) -> Event:
    """The next event after ``prev`` (None: the creation), signed by ``key`` when given."""
    if prev is None:
        session, seq, prev_hash = "", 1, GENESIS
    else:
        session = prev.session or prev.hash  # the creation's hash is the session id
        seq, prev_hash = prev.seq + 1, prev.hash
    digest = chain_hash(prev_hash, _body(session, seq, at, actor, kind, payload))
    signature = None if key is None else key.sign_raw(signed_message(digest))
    return Event(session, seq, at, actor, kind, payload, prev_hash, digest, signature)


def key_registration(member: str, key: SecretKey, *, pinned: bool) -> dict[str, Any]:
    """The payload of a member's ``key-registered`` event."""
    return {
        "member": member,
        "public_key": key.public_key().to_base64(),
        "box_public": member_key.box_public(key).hex(),
        "pinned": pinned,
    }


def event_from_row(row: Row, session: str) -> Event:
    """Parse a stored row strictly (canonical JSON payload, base64 signature)."""
    seq, at, actor, kind, payload_text, prev_hash, stored_hash, signature_text = row
    try:
        payload = loads_strict(payload_text.encode("utf-8"), max_bytes=MAX_PAYLOAD_BYTES)
    except StrictJSONError as exc:
        raise LogError(seq, f"its payload is not valid JSON ({exc})") from None
    if dumps_canonical(payload).decode("utf-8") != payload_text:
        raise LogError(seq, "its payload is not in canonical form")
    signature = None
    if signature_text is not None:
        try:
            signature = base64.b64decode(signature_text, validate=True)
        except (binascii.Error, ValueError):
            raise LogError(seq, "its signature is not base64") from None
    return Event(
        "" if seq == 1 else session,
        seq,
        at,
        actor,
        kind,
        payload,
        prev_hash,
        stored_hash,
        signature,
    )


@dataclass(frozen=True)
class RegisteredKey:
    member: str
    public: PublicKey
    box_public: bytes
    pinned: bool
    seq: int  # the registration event

    @property
    def fingerprint(self) -> str:
        return member_key.fingerprint(self.public)


@dataclass
class LogVerifier:
    """Checks a log event by event. ``roster`` maps every member id of the bundle to the
    key the bundle pins for them, or None when the bundle pins none (room-registered)."""

    roster: Mapping[str, PublicKey | None]
    on_event: Callable[[Event], None] | None = None
    session: str = ""
    head: str = GENESIS
    length: int = 0
    keys: dict[str, RegisteredKey] = field(default_factory=dict)
    #: the session's address (bundle id, seq, manifest SHA-256): acts made on member desks
    #: are signed for it (``desk_proof``); None refuses every such act
    address: Session | None = None
    #: each member's last message number applied from their desk: only ever increasing
    desk_n: dict[str, int] = field(default_factory=dict)
    _verifiers: dict[str, Ed25519PublicKey] = field(default_factory=dict, repr=False)
    _follows: str | None = field(default=None, repr=False)  # the last event's desk actor

    def __getstate__(self) -> dict[str, Any]:
        # Sent back from the process that checked the chain (``signed_audit``): the Ed25519
        # verifiers do not pickle, and are made again from the registered keys.
        state = dict(self.__dict__)
        del state["_verifiers"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._verifiers = {m: member_key.ed25519(k.public) for m, k in self.keys.items()}

    def check(self, event: Event) -> None:
        """Accept ``event`` as the next one, or raise ``LogError`` and change nothing."""
        seq = self.length + 1
        if event.seq != seq:
            raise LogError(event.seq, f"it is numbered {event.seq} where {seq} was expected")
        if event.prev_hash != self.head:
            raise LogError(seq, "its previous hash is not the hash of the event before it")
        if event.session != self.session:
            raise LogError(seq, "it belongs to another session")
        try:
            datetime.fromisoformat(event.at)
            digest = chain_hash(event.prev_hash, event.body())
        except (TypeError, ValueError) as exc:
            raise LogError(seq, f"it is malformed ({exc})") from None
        if not hmac.compare_digest(digest, event.hash):
            raise LogError(seq, "its hash does not match its content (the event was altered)")
        registered, desk_n = self._check_signature(event)
        if self.on_event is not None:
            self.on_event(event)
        if desk_n is not None:
            self.desk_n[event.actor] = desk_n
        self._follows = event.actor if event.signature is None and seq > 1 else None
        if registered is not None:
            self.keys[registered.member] = registered
            self._verifiers[registered.member] = member_key.ed25519(registered.public)
        if seq == 1:
            self.session = event.hash
        self.head, self.length = event.hash, seq

    def _check_signature(self, event: Event) -> tuple[RegisteredKey | None, int | None]:
        """The key the event registers, if any, and its desk message number, if any."""
        seq = event.seq
        if event.kind in UNSIGNED_KINDS or event.actor == NOBODY:
            if seq != 1 or event.kind != KIND_CREATED or event.actor != NOBODY:
                raise LogError(seq, "only the session's creation, first, may be signed by nobody")
            if event.signature is not None:
                raise LogError(seq, "the session's creation carries a signature nobody made")
            return None, None
        if seq == 1:
            raise LogError(seq, "the log does not begin with the session's creation")
        if event.actor not in self.roster:
            raise LogError(seq, f"its actor {event.actor!r} is not a member of this jury")
        if event.signature is None:
            return self._check_desk_act(event)
        message = signed_message(event.hash)
        if event.kind == KIND_KEY:
            registered = self._registration(event)
            verifier = member_key.ed25519(registered.public)
        else:
            registered = None
            found = self._verifiers.get(event.actor)
            if found is None:
                raise LogError(seq, f"{event.actor} acts before registering a key")
            verifier = found
        if not member_key.verify(verifier, message, event.signature):
            raise LogError(
                seq, f"its signature is not {event.actor}'s (forged, or made with another key)"
            )
        return registered, None

    def _check_desk_act(self, event: Event) -> tuple[RegisteredKey | None, int | None]:
        """An unsigned member event: an act made on their desk (its proof in the payload),
        or what that act caused, right after it, in the same member's name."""
        seq, actor = event.seq, event.actor
        if not isinstance(event.payload, dict) or desk_proof.DESK not in event.payload:
            if self._follows == actor:
                return None, None  # caused by the desk act before it: the replay checks it is
            raise LogError(seq, f"the act of {actor} is not signed")
        if self.address is None:
            raise LogError(seq, "an act made on a member desk, in a log that cannot check it")
        registered = self._registration(event) if event.kind == KIND_KEY else None
        found = registered.public if registered is not None else None
        if found is None:
            known = self.keys.get(actor)
            if known is None:
                raise LogError(seq, f"{actor} acts before registering a key")
            found = known.public
        try:
            n = desk_proof.check(
                self.address, actor, event.kind, event.payload, member_key.ed25519(found)
            )
        except desk_proof.DeskActError as exc:
            raise LogError(seq, str(exc)) from None
        last = self.desk_n.get(actor, 0)
        if n <= last:
            raise LogError(
                seq, f"message {n} of {actor}'s desk comes after message {last}: replayed"
            )
        return registered, n

    def _registration(self, event: Event) -> RegisteredKey:
        seq, member, payload = event.seq, event.actor, event.payload
        if member in self.keys:
            raise LogError(seq, f"{member} registers a second key")
        try:
            if payload["member"] != member:
                raise LogError(seq, "a member registers a key for someone else")
            public = PublicKey.from_base64(payload["public_key"])
            box = bytes.fromhex(payload["box_public"])
            pinned = payload["pinned"]
        except (KeyError, TypeError, ValueError, AttributeError, KeyFileError):
            raise LogError(seq, "the key registration is malformed") from None
        if len(box) != 32 or not isinstance(pinned, bool):
            raise LogError(seq, "the key registration is malformed")
        bundle_key = self.roster[member]
        if pinned != (bundle_key is not None):
            raise LogError(
                seq, f"the registration of {member} misstates whether the bundle pins it"
            )
        if bundle_key is not None and not (
            hmac.compare_digest(bundle_key.public, public.public)
            and bundle_key.key_id == public.key_id
        ):
            raise LogError(seq, f"the key of {member} is not the one the bundle pins")
        return RegisteredKey(member, public, box, pinned, seq)


@dataclass(frozen=True)
class LogReport:
    ok: bool
    head_hash: str  # the hash of the last good event
    length: int  # the number of good events
    session: str
    keys: Mapping[str, RegisteredKey]
    first_bad_seq: int | None = None
    reason: str | None = None


def verify_events(
    events: Iterable[Event],
    roster: Mapping[str, PublicKey | None],
    *,
    on_event: Callable[[Event], None] | None = None,
) -> LogReport:
    """Check a whole log; stops at the first bad event and names it."""
    return _run(LogVerifier(roster, on_event), lambda _: events)


def verify_rows(
    rows: Iterable[Row],
    roster: Mapping[str, PublicKey | None],
    *,
    on_event: Callable[[Event], None] | None = None,
    address: Session | None = None,
) -> LogReport:
    """``verify_events`` over stored rows (the session id is the first row's hash)."""
    return verify_more(LogVerifier(roster, on_event, address=address), rows)


def verify_more(verifier: LogVerifier, rows: Iterable[Row]) -> LogReport:
    """``verify_rows`` going on from the events ``verifier`` has already accepted."""
    return _run(verifier, lambda v: (event_from_row(row, v.session) for row in rows))


def _run(verifier: LogVerifier, events: Callable[[LogVerifier], Iterable[Event]]) -> LogReport:
    # Events are parsed lazily: a row's session id is known only once the one before passed.
    try:
        for event in events(verifier):
            verifier.check(event)
    except LogError as exc:
        return LogReport(
            False,
            verifier.head,
            verifier.length,
            verifier.session,
            dict(verifier.keys),
            exc.seq,
            exc.reason,
        )
    return LogReport(True, verifier.head, verifier.length, verifier.session, dict(verifier.keys))
