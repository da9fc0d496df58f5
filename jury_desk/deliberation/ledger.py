"""The room desk's ledger: the deliberation service deciding member desks' messages (issue 12).

``ServiceLedger`` implements ``exchange.verdict.Ledger`` over a signed session (log format
2). The exchange decides nothing: ``exchange.reception.Reception`` checks each envelope's
session, sender, signature and order, then hands it here, where

* every message of a batch (one file imported, one batch from the network) is applied in
  ONE write transaction of the session file, which ``commit`` ends: a room desk killed
  mid-import has applied each message wholly or not at all, and told nobody anything yet;
* each message runs in a savepoint: a refused one leaves nothing but its verdict;
* the act runs through the rules exactly as the replay does (``desk_acts``): the event the
  rules make must be what the member signed, and it is logged with the member's proof;
* every verdict is stored in the session file (``desk_verdict``), so the signed replies are
  rebuilt, identical, after a restart; a refusal carries the rule's code and French words.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, text

from jury_desk.bundle.manifest import Manifest
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import JuryDeskError, KeyFileError, RuleError, StoreError
from jury_desk.deliberation import desk_acts, desk_status
from jury_desk.deliberation.desk_words import refusal_fr
from jury_desk.deliberation.room import QuorumStatus, Room
from jury_desk.deliberation.states import SessionState
from jury_desk.deliberation.transaction import Tx
from jury_desk.exchange.envelope import Envelope, Session
from jury_desk.exchange.reception import ImportReport, Reception
from jury_desk.exchange.records import SUFFIX_TO_ROOM
from jury_desk.exchange.status import KIND_STATUS, write_status
from jury_desk.exchange.verdict import Verdict
from jury_desk.signing import desk_proof, member_key
from jury_desk.signing.event_log import KIND_KEY
from jury_desk.store.audit import append_signed
from jury_desk.store.records import driver, insert_row
from jury_desk.store.tables import DeskVerdict

if TYPE_CHECKING:
    from jury_desk.deliberation.service import DeliberationService

_MALFORMED = (KeyError, TypeError, ValueError, AttributeError)


class ServiceLedger:
    """The ledger of one open signed session. ``paired`` are the keys of members whose desk
    paired on the room network and whose key the bundle does not pin."""

    def __init__(
        self,
        service: DeliberationService,
        paired: Mapping[str, Ed25519PublicKey] | None = None,
    ) -> None:
        if not service.signed:
            raise RuleError(
                "not-signed",
                "Member desks need a signed session (log format 2): start the session anew.",
            )
        self.service = service
        self.paired = dict(paired or {})
        self._batch: contextlib.ExitStack | None = None
        self._tx: Tx | None = None
        self._state = SessionState.OPEN  # the batch's, read when it opens (``_BatchRoom``)
        self._present = _Presence()  # who is present, kept within the batch (``_BatchRoom``)
        # Per desk, where the next status's pages go on (``desk_status``): memory is enough.
        self._status_cursors: dict[str, dict[str, int]] = {}
        self._owner = 0  # the thread whose batch is open (the network's writer, or the GUI's)
        # Registered keys never change: kept, so that the network's event loop checks a
        # desk's key without waiting for a batch being written on the writer thread.
        self._keys: dict[str, Ed25519PublicKey] = {}
        with self._conn() as conn:
            self.session: Session = desk_acts.address(conn)
            registered = conn.execute(text("SELECT member_id, public_key FROM member_key"))
            for member, public in registered:
                with contextlib.suppress(KeyFileError):
                    self._keys[str(member)] = member_key.ed25519(PublicKey.from_base64(public))

    def pair(self, member: str, key: Ed25519PublicKey) -> None:
        """A member's desk paired on the room network (a bundle that pins no key for them):
        its key is trusted for their messages until they register it (their first act)."""
        self.paired[member] = key

    # == reads (inside the open batch, if any: it sees its own uncommitted verdicts) ====
    @contextlib.contextmanager
    def _conn(self) -> Iterator[Connection]:
        if self._tx is not None and self._owner == threading.get_ident():
            yield self._tx.conn
            return
        with self.service.desk_read() as conn:
            yield conn

    def key_of(self, member: str) -> Ed25519PublicKey | None:
        """The key a member's desk signs with: registered in the session, else pinned by the
        bundle, else paired on the room network; None for someone not on the jury."""
        if member in self._keys:
            return self._keys[member]
        with self._conn() as conn:
            row = conn.execute(
                text("SELECT public_key FROM member_key WHERE member_id = :m"), {"m": member}
            ).first()
        try:
            if row is not None:
                key = member_key.ed25519(PublicKey.from_base64(str(row[0])))
                if self._tx is None:  # committed: it stays
                    self._keys[member] = key
                return key
        except KeyFileError:
            return None
        found = next((m for m in self.service.manifest.session.members if m.id == member), None)
        if found is None:
            return None
        pinned = found.pinned_key()
        if pinned is not None:
            return member_key.ed25519(pinned)
        return self.paired.get(member)

    def last_n(self, sender: str) -> int:
        with self._conn() as conn:
            found = conn.execute(
                text("SELECT max(n) FROM desk_verdict WHERE member_id = :m AND decided = 1"),
                {"m": sender},
            ).scalar_one()
        return int(found or 0)

    def digest_at(self, sender: str, n: int) -> str | None:
        with self._conn() as conn:
            found = conn.execute(
                text(
                    "SELECT digest FROM desk_verdict "
                    "WHERE member_id = :m AND n = :n AND decided = 1"
                ),
                {"m": sender, "n": n},
            ).scalar_one_or_none()
        return None if found is None else str(found)

    def verdicts(self, sender: str) -> list[Verdict]:
        with self._conn() as conn:
            rows = conn.execute(
                text(
                    "SELECT n, digest, accepted, reason, message, at FROM desk_verdict "
                    "WHERE member_id = :m ORDER BY id"
                ),
                {"m": sender},
            ).all()
        return [
            Verdict(int(n), str(d), bool(a), str(r), str(msg), str(at))
            for n, d, a, r, msg, at in rows
        ]

    def status(self, member: str) -> tuple[int, bytes]:
        """What ``member``'s desk may know now, as (the log's length, the status body),
        bounded (``desk_status``): the service's read models decide, as on the room desk;
        nothing of anyone's scores before the reveal."""
        pin = self.service.manifest.session.reveal_pin()
        with self._conn() as conn:
            made = conn.execute(text("SELECT public FROM reveal_key")).first()
            seq = int(conn.execute(text("SELECT max(seq) FROM audit_event")).scalar_one())
            public = pin.public if pin is not None else None if made is None else bytes(made[0])
            room = Room(conn, self.service.manifest)
            cursors = self._status_cursors.setdefault(member, {})
            return seq, desk_status.build(room, member, public, cursors)

    # == writes =========================================================================
    def _open(self) -> Tx:
        if self._tx is None:
            stack = contextlib.ExitStack()
            self._tx = stack.enter_context(self.service.desk_batch())
            self._batch = stack
            self._owner = threading.get_ident()
            self._state = self._tx.room.state()
            self._present = _Presence()
            stack.enter_context(_larger_cache(self._tx.conn))
        return self._tx

    def apply(self, envelope: Envelope, at: str) -> Verdict:
        """Decide message ``last_n + 1`` of its member by the rules, in its own savepoint."""
        batch = self._open()
        try:
            reason, words = self._apply(batch, envelope)
        except BaseException as exc:  # the disk, a bug: the whole batch rolls back
            self._end(exc)
            raise
        verdict = Verdict(envelope.n, envelope.digest, reason == "", reason, words, at)
        self._store(envelope.sender, verdict, decided=True)
        return verdict

    def _apply(self, batch: Tx, envelope: Envelope) -> tuple[str, str]:
        candidate = ""
        try:
            kind, payload = desk_proof.act_of(envelope.body)
            candidate = str(payload.get("candidate", ""))
            if kind == KIND_KEY:
                self._check_registration(envelope.sender, payload)
            conn = batch.conn
            room = _BatchRoom(conn, self.service.manifest, self._state, self._present)
            try:
                with _savepoint(conn):
                    tx = Tx(conn, room, batch.at, 2, {})

                    def sink(actor: str, made_kind: str, made: Any) -> int:
                        return append_signed(conn, tx.at, actor, made_kind, made, None)

                    desk_acts.apply(tx, envelope, kind, payload, sink)
            except BaseException:
                self._present.forget()  # rolled back: a check-in it made is undone too
                raise
        except desk_proof.DeskActError as exc:
            return "desk-act-format", refusal_fr("desk-act-format", str(exc))
        except StoreError:
            raise
        except RuleError as exc:
            return exc.code, refusal_fr(exc.code, str(exc), candidate)
        except JuryDeskError as exc:
            return exc.code, refusal_fr(exc.code, str(exc), candidate)
        except _MALFORMED as exc:
            detail = f"the act lacks what it needs ({exc!r})"
            return "desk-act-format", refusal_fr("desk-act-format", detail)
        return "", ""

    def _check_registration(self, member: str, payload: Mapping[str, Any]) -> None:
        """A key registered from a desk is the key that signed it (proof of possession), and
        says truly whether the bundle pins it (the replay's check, before it is logged)."""
        with self._conn() as conn:
            known = conn.execute(
                text("SELECT 1 FROM member_key WHERE member_id = :m"), {"m": member}
            ).first()
        if known is not None:
            raise RuleError("key-registered", f"The key of {member} is already registered.")
        signer = self.key_of(member)
        try:
            public = PublicKey.from_base64(payload["public_key"])
        except (KeyError, TypeError, KeyFileError):
            raise RuleError("key-malformed", "The key registration is malformed.") from None
        found = next(m for m in self.service.manifest.session.members if m.id == member)
        if (
            signer is None
            or member_key.ed25519(public).public_bytes_raw() != signer.public_bytes_raw()
            or payload.get("pinned") is not (found.pinned_key() is not None)
        ):
            raise RuleError(
                "key-not-pinned",
                f"The key {member}'s desk registers is not the key that signs for them.",
            )

    def note(self, sender: str, verdict: Verdict) -> None:
        """A second desk's different message ``n``: told, nothing applied."""
        self._open()
        words = (
            "Un autre poste envoie des messages en votre nom et son message "
            f"{verdict.n} est arrivé le premier : seul le premier compte. N'utilisez qu'un "
            "seul poste."
        )
        self._store(sender, Verdict(verdict.n, verdict.digest, False, verdict.reason, words,
                                    verdict.at), decided=False)  # fmt: skip

    def _store(self, member: str, verdict: Verdict, *, decided: bool) -> None:
        assert self._tx is not None
        insert_row(self._tx.conn, DeskVerdict, member_id=member, n=verdict.n,
                   digest=verdict.digest, decided=decided, accepted=verdict.accepted,
                   reason=verdict.reason, message=verdict.message, at=verdict.at)  # fmt: skip

    def commit(self) -> None:
        """Make the batch durable: every act it applied and every verdict, at once."""
        self._end(None)

    def _end(self, exc: BaseException | None) -> None:
        stack, self._batch, self._tx = self._batch, None, None
        if stack is None:
            return
        if exc is None:
            stack.close()
        else:
            stack.__exit__(type(exc), exc, exc.__traceback__)


class _BatchRoom(Room):
    """The rules' questions for one desk message, in the batch's transaction, but for the
    session's state (open or closed), read once when the batch opens: only the chair closes
    or reopens, in the room (no act a desk may send does: ``desk_proof.ROOM_FIELDS``), and the
    batch holds the session's one write transaction. Its row carries the 1 MiB manifest,
    which SQLite walks at every read of it (20 µs, at every act, at 2,000 candidates)."""

    def __init__(
        self, conn: Connection, manifest: Manifest, state: SessionState, present: _Presence
    ) -> None:
        super().__init__(conn, manifest)
        self._state = state
        self._present = present

    def state(self) -> SessionState:
        return self._state

    # Who is present, and the quorum it makes, read once for the batch rather than twice per
    # seal (``active_participant`` and ``require_quorum``): forgotten at every check-in or
    # check-out (``attendance_changed``, told by the table's one writer) and at every message
    # rolled back. The rules still ask the same questions; only the answer is kept.
    def present_ids(self) -> set[str]:
        if self._present.ids is None:
            self._present.ids = frozenset(super().present_ids())
        return set(self._present.ids)

    def quorum(self, present: set[str] | None = None) -> QuorumStatus:
        if present is not None:
            return super().quorum(present)
        if self._present.quorum is None:
            self._present.quorum = super().quorum(self.present_ids())
        return self._present.quorum

    def attendance_changed(self) -> None:
        self._present.forget()


class _Presence:
    """A batch's answers about attendance (``_BatchRoom``)."""

    def __init__(self) -> None:
        self.ids: frozenset[str] | None = None
        self.quorum: QuorumStatus | None = None

    def forget(self) -> None:
        self.ids = self.quorum = None


#: The page cache for a batch, in KiB (SQLite's default is 2 MiB). A batch of 2,000 sealed
#: sheets dirties about 6 MiB: in 2 MiB the cache spilled, and every later read of the
#: session's row walked the manifest's overflow pages (1 MiB at 2,000 candidates) from the
#: file again, 170 µs a read instead of 10. Set for the batch only: the desk's board reads
#: keep the default, which bounds what they keep resident (``bench_memory.py``).
BATCH_CACHE_KIB = 16 * 1024


@contextlib.contextmanager
def _larger_cache(conn: Connection) -> Iterator[None]:
    db = driver(conn)
    before = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size=-{BATCH_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size={before}")


@contextlib.contextmanager
def _savepoint(conn: Connection) -> Iterator[None]:
    """One message's savepoint inside the batch, through the driver (SQLAlchemy's
    ``begin_nested`` cost 190 µs a message): released when the act is applied, rolled back
    to when the rules refuse it (the exception goes on to the caller)."""
    db = driver(conn)
    db.execute("SAVEPOINT desk_message")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK TO desk_message")
        db.execute("RELEASE desk_message")
        raise
    db.execute("RELEASE desk_message")


def status_for(reception: Reception, ledger: ServiceLedger, member: str) -> Envelope:
    """The room's signed status for ``member``'s desk (``exchange/status.py``)."""
    n, body = ledger.status(member)
    at = datetime.now(UTC).isoformat(timespec="milliseconds")
    return reception.reply(member, n, KIND_STATUS, body, at)


def exchange_folder(
    reception: Reception, ledger: ServiceLedger, folder: Path
) -> list[ImportReport]:
    """Transport A, once: import every outbox of this session in ``folder``, then write each
    member's replies and status there (for every member with a desk file in it)."""
    reports = reception.import_folder(folder)
    members = {m.id for m in ledger.service.manifest.session.members}
    present = {
        p.name.split("--", 1)[1].removesuffix(SUFFIX_TO_ROOM)
        for p in folder.glob(f"{ledger.session.bundle_id}--*{SUFFIX_TO_ROOM}")
    }
    for member in sorted(present & members):
        write_status(folder, status_for(reception, ledger, member))
    return reports
