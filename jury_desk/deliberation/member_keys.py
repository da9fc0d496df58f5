"""Who may act: passphrases and members' keys, kept apart from the rules (DESIGN.md §3).

``MemberKeys`` is the part of the deliberation service that authenticates. The service
holds one and asks it, before each act, for the keys that act is signed with; the rules of
each phase never see a passphrase.

* Signed sessions (log format 2, chosen at creation, never changed): every act is an event
  signed with its member's Ed25519 key, which is stored only encrypted under their
  passphrase; unlocking it *is* the passphrase check, and the service holds the unlocked
  key for that one act only. So every act in a member's name takes their passphrase
  (check-in and out, conflicts, notes, proposals... as well as sealing). A member's first
  act is registering their key (``register_key``: the bundle's pinned key, brought as a
  minisign secret key file, or a pair made in the room when the bundle pins none).
  Format-1 sessions keep their rules: a passphrase hash, and the acts that never took a
  passphrase there take none.
* A wrong passphrase is refused and counted (outside the audit chain: it changes nothing
  of the deliberation); from the third consecutive failure the member is locked out for
  2 s, 4 s, 8 s... (``auth-throttled``), measured on the injected clock, never slept.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row, update
from sqlmodel import col

from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.core.errors import KeyFileError, RuleError
from jury_desk.core.storage import storage_errors
from jury_desk.deliberation import passphrase as pw
from jury_desk.deliberation.passphrase import PassphraseError, ScryptParams
from jury_desk.deliberation.phases import attendance, blind
from jury_desk.deliberation.readmodels import SignedIn
from jury_desk.deliberation.room import Room
from jury_desk.deliberation.transaction import Clock, Tx, stamp
from jury_desk.signing import member_key
from jury_desk.store.session_file import SessionFile
from jury_desk.store.tables import Credential, MemberKey

Reader = Callable[[], AbstractContextManager[Room]]
Writer = Callable[[Mapping[str, "SecretKey"] | None], AbstractContextManager[Tx]]


def key_on_desk_refusal(name: str) -> PassphraseError:
    """The refusal for a member whose key the room desk does not hold (their desk
    registered it): it says what to do, in the service's words for every face."""
    return PassphraseError(
        "key-on-desk",
        f"{name} registered their key from their member desk, and this room desk holds only "
        "its public half: export it on that desk (Exporter ma clé…), then bring the file here "
        "and sign in with it.",
        member=name,
    )


class MemberKeys:
    """Authentication and key registration for one open session (the service's lock,
    reads and writes, so that a check and the act it allows queue with every other)."""

    def __init__(
        self,
        file: SessionFile,
        lock: threading.RLock,
        read: Reader,
        write: Writer,
        *,
        now: Clock,
        scrypt: ScryptParams,
        signed: bool,
    ) -> None:
        self._file = file
        self._lock = lock
        self._read = read
        self._write = write
        self._now = now
        self._scrypt = scrypt
        self.signed = signed

    @property
    def path(self) -> Path:
        return self._file.path

    # == the keys of one act ==========================================================
    def signers(self, member_id: str, passphrase: str | None, purpose: str) -> dict[str, SecretKey]:
        """The keys one act is signed with: the member's, unlocked with ``passphrase``.
        Format 1 asks nothing for the acts that never took a passphrase there."""
        if not self.signed:
            return {}
        key = self.authenticate(member_id, passphrase, purpose)
        assert key is not None  # a signed session's check returns the key or raises
        return {member_id: key}

    def act_signers(self, member_id: str, passphrase: str, purpose: str) -> dict[str, SecretKey]:
        """Like ``signers`` for an act that asks the passphrase in every format."""
        key = self.authenticate(member_id, passphrase, purpose)
        return {} if key is None else {member_id: key}

    def authenticate(
        self, member_id: str, passphrase: str | None, purpose: str
    ) -> SecretKey | None:
        """Check a passphrase; count failures and throttle. Raises ``PassphraseError``.
        In a signed session, returns the member's key it unlocked (for this act only)."""
        table = MemberKey if self.signed else Credential
        with self._lock:
            with self._read() as room:
                member = room.member(member_id)
                found = (attendance.stored_key if self.signed else attendance.credential)(
                    room.conn, member.id
                )
            if found is None:
                raise PassphraseError(
                    "passphrase-not-set",
                    f"{member.name} has not chosen a passphrase yet: sign in first.",
                )
            if self.signed and not found.secret_key:
                raise key_on_desk_refusal(member.name)
            if not passphrase:
                raise PassphraseError(
                    "auth-required", f"{member.name}: enter your passphrase to {purpose}."
                )
            now = self._now()
            if found.locked_until is not None:
                wait = (datetime.fromisoformat(found.locked_until) - now).total_seconds()
                if wait > 0:
                    seconds = math.ceil(wait)
                    raise PassphraseError(
                        "auth-throttled",
                        f"Too many wrong passphrases for {member.name}. Try again in {seconds} s.",
                        retry_after=seconds,
                    )
            key = self._check_passphrase(found, passphrase, member.name)
            ok = key is not False
            failures = 0 if ok else found.failures + 1
            lock = pw.lock_seconds(failures)
            until = (now + timedelta(seconds=lock)).astimezone(UTC).isoformat() if lock else None
            if failures != found.failures or until != found.locked_until:
                # Not an audit event: a failed attempt changes nothing of the deliberation.
                with storage_errors(self.path), self._file.engine.begin() as conn:
                    conn.execute(
                        update(table)
                        .where(col(table.member_id) == member.id)
                        .values(failures=failures, locked_until=until)
                    )
            if not ok:
                later = f" Try again in {lock} s." if lock else " Try again."
                raise PassphraseError(
                    "auth-failed", f"Wrong passphrase for {member.name}.{later}", retry_after=lock
                )
            return None if key is True or key is False else key

    def _check_passphrase(self, found: Row[Any], passphrase: str, name: str) -> SecretKey | bool:
        """The unlocked key (format 2), True (format 1), or False for a wrong passphrase."""
        if self.signed:
            try:
                return member_key.unlock(found.secret_key, passphrase, source=f"{name}'s key")
            except KeyFileError:
                return False  # a wrong passphrase cannot decrypt it
        params = ScryptParams(found.n, found.r, found.p)
        return pw.matches(passphrase, bytes(found.salt), bytes(found.digest), params)

    def key_cost(self) -> member_key.KeyCost:
        # Tests run the same path at the cost their passphrase hashes use.
        return member_key.FAST_FOR_TESTS if self._scrypt == pw.FAST_FOR_TESTS else member_key.MEMBER

    # == a member's first act, and signing in =========================================
    def set_passphrase(self, member_id: str, passphrase: str) -> None:
        """First sign-in: the member chooses their passphrase (only its scrypt hash is kept).
        In a signed session, it registers a key made in the room (``register_key``)."""
        if self.signed:
            self.register_key(member_id, passphrase)
            return
        pw.check_strength(passphrase)
        salt, digest = pw.new_hash(passphrase, self._scrypt)
        with self._write(None) as tx:
            attendance.set_passphrase(tx, member_id, salt, digest, self._scrypt)

    def register_key(
        self, member_id: str, passphrase: str, secret_key: str | bytes | None = None
    ) -> None:
        """A signed session: the member's first act. When the bundle pins their key, they
        bring its minisign secret key file (``secret_key``), unlocked with ``passphrase``;
        when it pins none, the room desk makes their pair. Either way the session keeps the
        key only encrypted under the passphrase, at the desk's scrypt cost (a key made with
        minisign's 1 GiB default would take seconds at every act)."""
        if not self.signed:
            raise RuleError("not-signed", "This session's log is not signed (format 1).")
        with self._read() as room:
            member = room.member(member_id)
        name = member.name
        if secret_key is None and member.pinned_key() is not None:
            raise RuleError(
                "key-pinned",
                f"The bundle pins {name}'s key: bring your secret key file "
                "(made with `jury-desk member keygen`) to sign in.",
            )
        pw.check_strength(passphrase)
        cost = self.key_cost()
        if secret_key is None:
            key, text = member_key.new_key(f"jury-desk key of {name}", passphrase, cost)
        else:
            try:
                key = member_key.unlock(secret_key, passphrase, source=f"{name}'s key file")
            except KeyFileError as exc:
                raise PassphraseError("key-unlock-failed", str(exc)) from None
            text = key.to_text(
                member_key.passphrase_bytes(passphrase),
                opslimit=cost.opslimit,
                memlimit=cost.memlimit,
            )
        with self._write({member_id: key}) as tx:
            attendance.register_key(tx, member_id, key, text)

    def key_on_desk(self, member_id: str) -> bool:
        """A signed session: the member registered their key from their member desk, so the
        room holds only its public half until they bring their key file (``bring_key``)."""
        if not self.signed:
            return False
        with self._read() as room:
            found = attendance.stored_key(room.conn, room.member(member_id).id)
        return found is not None and not found.secret_key

    def bring_key(self, member_id: str, passphrase: str, secret_key: str | bytes) -> None:
        """A member whose desk registered their key brings its file to the room desk: the
        passphrase must open it and its public key must be exactly the registered one; the
        room then keeps it encrypted, as a pinned member's first arrival does. Not an audit
        event: the registered key, the only thing acts are verified against, is unchanged.
        A refusal writes nothing."""
        if not self.signed:
            raise RuleError("not-signed", "This session's log is not signed (format 1).")
        with self._lock:
            with self._read() as room:
                member = room.member(member_id)
                found = attendance.stored_key(room.conn, member.id)
            name = member.name
            if found is None:
                raise RuleError(
                    "key-not-registered",
                    f"{name} has no key in this session yet: their first arrival registers it.",
                )
            if found.secret_key:
                raise RuleError(
                    "key-held",
                    f"This room desk already holds {name}'s key: type your passphrase, no key "
                    "file is needed.",
                )
            try:
                key = member_key.unlock(secret_key, passphrase, source=f"{name}'s key file")
            except KeyFileError as exc:
                raise PassphraseError("key-unlock-failed", str(exc)) from None
            registered = PublicKey.from_base64(found.public_key)
            if (key.public, key.key_id) != (registered.public, registered.key_id):
                raise RuleError(
                    "key-not-theirs",
                    f"This key file is not the key {name}'s desk registered in this session: "
                    f"bring the key file exported from {name}'s own desk (Exporter ma clé…).",
                    member=name,
                )
            cost = self.key_cost()
            text = key.to_text(
                member_key.passphrase_bytes(passphrase),
                opslimit=cost.opslimit,
                memlimit=cost.memlimit,
            )
            with storage_errors(self.path), self._file.engine.begin() as conn:
                conn.execute(
                    update(MemberKey)
                    .where(col(MemberKey.member_id) == member.id)
                    .values(secret_key=text, failures=0, locked_until=None)
                )

    def has_passphrase(self, member_id: str) -> bool:
        with self._read() as room:
            room.member(member_id)
            found = attendance.stored_key if self.signed else attendance.credential
            return found(room.conn, member_id) is not None

    def sign_in(self, member_id: str, passphrase: str) -> SignedIn:
        with self._read() as room:
            member = room.member(member_id)
            room.require_present(member)
        key = self.authenticate(member_id, passphrase, "sign in")
        drafts: dict[str, dict[str, float]] = {}
        if key is not None:  # a signed session: the drafts sealed to the member, read back
            with self._read() as room:
                drafts = blind.read_drafts(room, member, key)
        return SignedIn(
            member.id,
            member.name,
            member.institution,
            tuple(member.roles),
            stamp(self._now),
            drafts,
        )
