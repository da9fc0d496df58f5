"""The deliberation service: every rule and every write of a jury session (DESIGN.md §3).

The GUI and the CLI call this class and nothing else. Each write method validates the
whole request, then writes the change and its audit event(s) in ONE transaction; on any
``RuleError`` the transaction rolls back, so the store and the audit chain are unchanged.
The acting member is always an explicit argument; sealing, revising, forcing a reveal,
approving, objecting, closing and reopening also take that member's passphrase.

The class keeps the lock and the transactions (``_write``/``_read``). Authentication is
``MemberKeys``'s (``member_keys``); the work of each phase is in ``phases/`` (opening,
attendance, scoring, decisions, closing), plain functions that take the transaction.

The session's and the candidates' state machines, and who may do what, are described and
tabled in ``states``.

Signed sessions (log format 2, chosen at creation, never changed): every act is signed
by its member, so every act in a member's name takes their passphrase; passphrases, keys
and their throttling are ``member_keys.MemberKeys``'s. Drafts are private work, neither
logged nor signed; nothing is revealed by itself: the reveal is the chair's signed act
(``open_ready``, *ouverture des plis*). Scores are blind at rest (``phases/blind.py``).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlmodel import select

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.errors import RuleError
from jury_desk.core.paths import private_subdir
from jury_desk.core.storage import storage_errors
from jury_desk.deliberation import passphrase as pw
from jury_desk.deliberation import queries, signed_audit, void_views
from jury_desk.deliberation.board_cache import BoardCache
from jury_desk.deliberation.member_keys import MemberKeys
from jury_desk.deliberation.passphrase import ScryptParams
from jury_desk.deliberation.phases import attendance, blind, closing, decisions, opening, scoring
from jury_desk.deliberation.readmodels import (
    AttendanceEntry,
    BoardView,
    CandidateDetail,
    RuleProposalView,
    SealReceipt,
    SignedIn,
    VoidSheetView,
    WorklistItem,
)
from jury_desk.deliberation.room import QuorumStatus, Room
from jury_desk.deliberation.signed_audit import Verified
from jury_desk.deliberation.states import SessionState
from jury_desk.deliberation.transaction import Clock, Tx, stamp, utc_now
from jury_desk.store.audit import head
from jury_desk.store.engine import SESSION_SUFFIX
from jury_desk.store.session_file import SessionFile
from jury_desk.store.tables import SessionMeta

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from jury_desk.bundle.minisign import PublicKey, SecretKey
    from jury_desk.bundle.verify import VerifiedBundle
    from jury_desk.minutes.model import Minutes


class DeliberationService:
    """One open session. Not re-entrant across processes: the file lock allows one desk."""

    def __init__(
        self,
        file: SessionFile,
        manifest: Manifest,
        *,
        now: Clock | None = None,
        scrypt: ScryptParams = pw.PRODUCTION,
    ) -> None:
        self._file = file
        self.manifest = manifest
        self._now = now or utc_now
        self._scrypt = scrypt
        self._lock = threading.RLock()  # one writer: the GUI's threads queue here
        self._board = BoardCache()  # each viewer's rows, rebuilt only where an act changed
        #: what the export verified of the signed log, so that the next checks only the new
        self.verified = Verified()
        with self._read() as room:
            self._log_format = int(room.conn.execute(select(SessionMeta.log_format)).scalar_one())
        self._keys = MemberKeys(
            file, self._lock, self._read, self._write,
            now=self._now, scrypt=scrypt, signed=self.signed,
        )  # fmt: skip

    # == opening and closing the file =================================================
    @classmethod
    def create(
        cls,
        path: Path,
        manifest: Manifest,
        bundle_sha256: str,
        bundle_path: Path | None = None,
        *,
        signed_manifest: bytes | None = None,
        key_id_hex: str | None = None,
        manifest_minisig: bytes | None = None,
        now: Clock | None = None,
        scrypt: ScryptParams = pw.PRODUCTION,
        simulated: bool = False,
        signed: bool = True,
    ) -> DeliberationService:
        """A new session file for ``manifest`` (lower level: faces use open_from_bundle).
        ``signed`` (the default) makes its log format 2 (every act signed by its member),
        for good; ``signed=False`` an unsigned log (format 1), for tests of old sessions.

        ``signed_manifest`` is the exact signed bytes when the manifest comes from a
        verified bundle; they are stored and re-parsed on every open. ``simulated`` marks a
        synthetic session (``jury-desk simulate``) for good: it enters the genesis event and
        its PV is watermarked SIMULATION; nothing can unmark it.
        """
        file = opening.create_file(
            path, manifest, bundle_sha256, bundle_path, signed_manifest, key_id_hex,
            now or utc_now, simulated, 2 if signed else 1, manifest_minisig,
        )  # fmt: skip
        return cls(file, manifest, now=now, scrypt=scrypt)

    @classmethod
    def resume(
        cls, path: Path, *, now: Clock | None = None, scrypt: ScryptParams = pw.PRODUCTION
    ) -> DeliberationService:
        """Re-open a session file without re-verifying its bundle (tests and tools only;
        the desk resumes through ``open_existing``)."""
        file, manifest = opening.resume_file(path, stamp(now or utc_now))
        return cls(file, manifest, now=now, scrypt=scrypt)

    @classmethod
    def session_path(cls, data_dir: Path, bundle_id: str) -> Path:
        return private_subdir(data_dir, "sessions") / f"{bundle_id}{SESSION_SUFFIX}"

    @classmethod
    def open_from_bundle(
        cls,
        verified: VerifiedBundle,
        data_dir: Path,
        *,
        now: Clock | None = None,
        scrypt: ScryptParams = pw.PRODUCTION,
        simulated: bool = False,
        signed: bool = True,
    ) -> DeliberationService:
        """Start the session of a verified bundle, or resume it if it was already started
        from these exact bundle bytes. A simulation never continues a real session, nor a
        real deliberation a simulated one (``simulated`` must match the existing session).
        ``signed`` is the new session's log format (2); a resumed one keeps its own."""
        path = cls.session_path(data_dir, verified.manifest.bundle_id)
        if not path.exists():
            return cls.create(
                path,
                verified.manifest,
                verified.fingerprint,
                verified.path,
                signed_manifest=verified.manifest_bytes,
                key_id_hex=verified.key_id_hex,
                manifest_minisig=verified.signature or None,
                now=now,
                scrypt=scrypt,
                simulated=simulated,
                signed=signed,
            )
        service = cls.resume(path, now=now, scrypt=scrypt)
        try:
            opening.check_resumable(
                path, verified, service.bundle_sha256(), service.simulated(), simulated
            )
        except BaseException:
            service.close()
            raise
        return service

    @classmethod
    def open_existing(
        cls,
        path: Path,
        trusted_keys: Sequence[PublicKey],
        data_dir: Path,
        *,
        now: Clock | None = None,
        scrypt: ScryptParams = pw.PRODUCTION,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> DeliberationService:
        """Resume a session where the jury stopped, after re-verifying its private bundle
        copy against today's trusted keys (``opening.reverify_copy``)."""
        service = cls.resume(path, now=now, scrypt=scrypt)
        try:
            with service._read() as room:
                meta = opening.session_meta(room)
            opening.reverify_copy(meta, path, trusted_keys, data_dir, progress, cancel)
        except BaseException:
            service.close()
            raise
        return service

    def close(self) -> None:
        with self._lock:
            self.verified.forget()
            self._file.close()

    def check_log_ahead(self) -> str | None:
        """The export's whole check of a signed log, run ahead of it (in the background, at
        resume or after the reveal): kept when the log holds, so that the export checks only
        what follows (``signed_audit.Verified``). Why it fails, if it does: the export runs
        the whole check again and refuses."""
        return signed_audit.check_ahead(self.path, self.verified) if self.signed else None

    def __enter__(self) -> DeliberationService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._file.path

    # == transactions =================================================================
    @property
    def signed(self) -> bool:
        """Whether every act of this session is signed by its member (log format 2)."""
        return self._log_format == 2

    @contextlib.contextmanager
    def _write(self, signers: Mapping[str, SecretKey] | None = None) -> Iterator[Tx]:
        # A full disk or a read-only file is the user's to fix, not a bug: the transaction
        # rolls back (the session stays as it was) and they get a plain StoreError.
        with self._lock, storage_errors(self.path), self._file.engine.begin() as conn:
            room = Room(conn, self.manifest)
            yield Tx(conn, room, stamp(self._now), self._log_format, signers or {})

    def desk_batch(self) -> contextlib.AbstractContextManager[Tx]:
        """One write transaction for a batch of member desks' messages (``ledger``)."""
        return self._write()

    @contextlib.contextmanager
    def desk_read(self) -> Iterator[Connection]:
        with self._read() as room:
            yield room.conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Room]:
        with self._lock, storage_errors(self.path), self._file.engine.connect() as conn:
            yield Room(conn, self.manifest)

    # == attendance ===================================================================
    def check_in(self, member_id: str, *, passphrase: str | None = None) -> None:
        signers = self._keys.signers(member_id, passphrase, "check in")
        with self._write(signers) as tx:
            attendance.check_in(tx, member_id)

    def check_out(self, member_id: str, *, passphrase: str | None = None) -> None:
        signers = self._keys.signers(member_id, passphrase, "check out")
        with self._write(signers) as tx:
            attendance.check_out(tx, member_id)

    def set_passphrase(self, member_id: str, passphrase: str) -> None:
        """First sign-in: the member chooses their passphrase (``MemberKeys``)."""
        self._keys.set_passphrase(member_id, passphrase)

    def register_key(
        self, member_id: str, passphrase: str, secret_key: str | bytes | None = None
    ) -> None:
        """A signed session: the member's first act (``MemberKeys.register_key``)."""
        self._keys.register_key(member_id, passphrase, secret_key)

    def has_passphrase(self, member_id: str) -> bool:
        return self._keys.has_passphrase(member_id)

    def key_on_desk(self, member_id: str) -> bool:
        """The member's key was registered from their desk: the room needs its file."""
        return self._keys.key_on_desk(member_id)

    def bring_key(self, member_id: str, passphrase: str, secret_key: str | bytes) -> None:
        """The key file of a member registered from their desk (``MemberKeys.bring_key``)."""
        self._keys.bring_key(member_id, passphrase, secret_key)

    def sign_in(self, member_id: str, passphrase: str) -> SignedIn:
        return self._keys.sign_in(member_id, passphrase)

    def check_passphrase(self, member_id: str, passphrase: str) -> None:
        """Refuse a passphrase that is not the member's, present or not (throttled as every
        check; no audit event): for a face that must know before it acts in their name."""
        self._keys.authenticate(member_id, passphrase, "continue")

    def declare_conflict(
        self,
        actor_id: str,
        member_id: str,
        candidate_id: str,
        category: str,
        note: str = "",
        *,
        passphrase: str | None = None,
    ) -> None:
        """Declare in the room that ``member_id`` is conflicted on a candidate (by the member
        or the chair). A conflict is never lifted."""
        note = attendance.checked_conflict(category, note)
        signers = self._keys.signers(actor_id, passphrase, "declare a conflict")
        with self._write(signers) as tx:
            attendance.declare_conflict(tx, actor_id, member_id, candidate_id, category, note)

    # == scoring ======================================================================
    def save_draft(
        self,
        member_id: str,
        candidate_id: str,
        scores: Mapping[str, float],
        *,
        cleared: Collection[str] = (),
    ) -> None:
        """Save some or all of a member's scores on an unsealed sheet. The ``cleared``
        criteria go back to unscored (the member emptied them): the draft is what they see."""
        scoring.check_draft(self.manifest.session.rubric, scores, cleared)
        with self._write() as tx:
            scoring.save_draft(tx, member_id, candidate_id, scores, cleared)

    def seal(
        self,
        member_id: str,
        candidate_id: str,
        passphrase: str,
        *,
        seen: Mapping[str, float] | None = None,
    ) -> SealReceipt:
        """Seal a complete sheet; returns only after the commit is on disk. ``seen``: the
        scores the member checked on screen; a draft that differs is refused."""
        signers = self._keys.act_signers(member_id, passphrase, "seal your sheet")
        with self._write(signers) as tx:
            return scoring.seal(tx, member_id, candidate_id, seen)

    def force_reveal(self, chair_id: str, candidate_id: str, passphrase: str) -> tuple[str, ...]:
        """The chair reveals a candidate before every present member has sealed, once each
        institution has at least one sealed sheet. Logged as forced. Returns the members
        whose sealed sheet was void (``phases/blind.py``)."""
        signers = self._keys.act_signers(chair_id, passphrase, "force the reveal")
        with self._write(signers) as tx:
            return scoring.force_reveal(tx, chair_id, candidate_id)

    def open_ready(self, chair_id: str, passphrase: str) -> tuple[str, ...]:
        """*Ouverture des plis*: the chair's signed act revealing, in one step, every
        candidate whose present eligible members have all sealed. Returns them."""
        signers = self._keys.act_signers(chair_id, passphrase, "open the sealed sheets")
        with self._write(signers) as tx:
            return tuple(scoring.open_ready(tx, chair_id))

    # == decisions ====================================================================
    def revise(
        self,
        member_id: str,
        candidate_id: str,
        scores: Mapping[str, float],
        reason: str,
        passphrase: str,
    ) -> None:
        """Change one's own sealed scores after the reveal. Old values are kept."""
        reason = decisions.checked_revision(self.manifest.session.rubric, scores, reason)
        signers = self._keys.act_signers(member_id, passphrase, "revise your sheet")
        with self._write(signers) as tx:
            decisions.revise(tx, member_id, candidate_id, scores, reason)

    def add_note(
        self, author_id: str, candidate_id: str, text: str, *, passphrase: str | None = None
    ) -> None:
        text = decisions.checked_note(text)
        signers = self._keys.signers(author_id, passphrase, "add a note")
        with self._write(signers) as tx:
            decisions.add_note(tx, author_id, candidate_id, text)

    def rule_proposal(self, viewer_id: str, candidate_id: str) -> RuleProposalView:
        """What the rules propose (computed, never stored until accepted)."""
        with self._read() as room:
            return decisions.rule_proposal(room, viewer_id, candidate_id)

    def propose(
        self,
        author_id: str,
        candidate_id: str,
        decision: str,
        mention: str | None = None,
        justification: str = "",
        *,
        passphrase: str | None = None,
    ) -> None:
        """The jury's own proposal. It needs a justification when it differs from the rule's,
        and it is never replaced by the rule's."""
        justification = decisions.checked_proposal(self.manifest, decision, mention, justification)
        signers = self._keys.signers(author_id, passphrase, "propose a decision")
        with self._write(signers) as tx:
            decisions.propose(tx, author_id, candidate_id, decision, mention, justification)

    def accept_rule_proposal(
        self, author_id: str, candidate_id: str, *, passphrase: str | None = None
    ) -> None:
        """Record the rules' proposal as the candidate's proposal."""
        signers = self._keys.signers(author_id, passphrase, "accept the rules' proposal")
        with self._write(signers) as tx:
            decisions.accept_rule_proposal(tx, author_id, candidate_id)

    def add_jury_points(
        self,
        author_id: str,
        candidate_id: str,
        points: float,
        justification: str,
        *,
        passphrase: str | None = None,
    ) -> None:
        """Points de jury: the diploma average raised by ``points`` (at most the rules'
        maximum), and the rules' decision on the raised average as the jury's proposal,
        with its justification."""
        justification = decisions.checked_jury_points(justification)
        signers = self._keys.signers(author_id, passphrase, "add points de jury")
        with self._write(signers) as tx:
            decisions.add_jury_points(tx, author_id, candidate_id, points, justification)

    def record_renvoi(
        self, author_id: str, candidate_id: str, reason: str, passphrase: str
    ) -> None:
        """Propose "non délibéré — renvoyé", with a reason, for a candidate that an
        institution cannot deliberate now: fewer eligible members present (not conflicted,
        checked in) than the approvals it gives. The institutions that still can (at least
        one eligible member present) approve it as any decision, each for as many approvals
        as the bundle asks or as it has eligible members present; once approved it is final
        and does not hold the closing back. Refused for a candidate that can be deliberated."""
        reason = decisions.checked_renvoi(reason)
        signers = self._keys.act_signers(author_id, passphrase, "record the renvoi")
        with self._write(signers) as tx:
            decisions.record_renvoi(tx, author_id, candidate_id, reason)

    def approve_batch(
        self, member_id: str, candidate_ids: Sequence[str], slot: str, passphrase: str
    ) -> tuple[str, ...]:
        """Graduation on the diploma average: approve the rules' proposal of each graduate of
        ``candidate_ids`` in ``slot``, in one pass (accepting it first where nobody has).
        Refused as a whole, naming them, if one is flagged, borderline, without a proposal
        of the rules, or has the jury's own. Returns the graduates now final."""
        signers = self._keys.act_signers(member_id, passphrase, "approve")
        with self._write(signers) as tx:
            return decisions.approve_batch(tx, member_id, candidate_ids, slot)

    def approve(self, member_id: str, candidate_id: str, slot: str, passphrase: str) -> bool:
        """Approve the current proposal in ``slot`` (an institution code, the member's own).
        Returns whether the decision is now final."""
        signers = self._keys.act_signers(member_id, passphrase, "approve")
        with self._write(signers) as tx:
            return decisions.approve(tx, member_id, candidate_id, slot)

    def raise_objection(
        self, member_id: str, candidate_id: str, passphrase: str, reason: str
    ) -> None:
        """Object to the current proposal: it is withdrawn, every approval voided, and the
        candidate goes back to discussion."""
        reason = decisions.checked_objection(reason)
        signers = self._keys.act_signers(member_id, passphrase, "object")
        with self._write(signers) as tx:
            decisions.raise_objection(tx, member_id, candidate_id, reason)

    # == closing ======================================================================
    def close_session(self, chair_id: str, passphrase: str) -> str:
        """Close once every candidate is final; returns the audit head that the minutes
        print. The session is then read-only."""
        signers = self._keys.act_signers(chair_id, passphrase, "close the session")
        with self._write(signers) as tx:
            return closing.close_session(tx, chair_id)

    def reopen(self, chair_id: str, passphrase: str, reason: str) -> None:
        """Reopen a closed session; its next minutes supersede the previous ones."""
        reason = closing.checked_reopen(reason)
        signers = self._keys.act_signers(chair_id, passphrase, "reopen the session")
        with self._write(signers) as tx:
            closing.reopen(tx, chair_id, reason)

    # == reads ========================================================================
    def session_state(self) -> SessionState:
        with self._read() as room:
            return room.state()

    def simulated(self) -> bool:
        """Whether this session is a simulation (fixed when it was created)."""
        with self._read() as room:
            return bool(room.conn.execute(select(SessionMeta.simulated)).scalar_one())

    def bundle_sha256(self) -> str:
        with self._read() as room:
            return str(room.conn.execute(select(SessionMeta.bundle_sha256)).scalar_one())

    def audit_head(self) -> tuple[int, str]:
        with self._read() as room:
            return head(room.conn)

    def quorum_status(self) -> QuorumStatus:
        with self._read() as room:
            return room.quorum()

    def waits_for_reveal_key(self) -> bool:
        """A signed session whose chair has not signed in yet: scoring waits for the reveal
        key the chair's first sign-in makes (``reveal-key-missing``)."""
        with self._read() as room:
            return self.signed and not blind.has_reveal_key(room)

    def present_members(self) -> frozenset[str]:
        with self._read() as room:
            return frozenset(room.present_ids())

    def attendance(self) -> tuple[AttendanceEntry, ...]:
        with self._read() as room:
            return queries.attendance(room)

    def board(self, viewer_id: str) -> BoardView:
        with self._read() as room:
            return self._board.board(room, viewer_id)

    def worklist(self, member_id: str) -> tuple[WorklistItem, ...]:
        with self._read() as room:
            return queries.worklist(room, member_id)

    def candidate_detail(self, viewer_id: str, candidate_id: str) -> CandidateDetail:
        with self._read() as room:
            return queries.candidate_detail(room, viewer_id, candidate_id)

    def void_sheets(self) -> tuple[VoidSheetView, ...]:
        """The sealed sheets the chair's reveals did not count, in order (whose, why)."""
        with self._read() as room:
            return void_views.void_sheets(room)

    def minutes_data(self, lang: str = "fr", *, replayed: Connection | None = None) -> Minutes:
        """The validated minutes.json model (DESIGN.md §5); only for a closed session.
        ``replayed``: drawn from a signed log's verified replay, not from the file."""
        # The minutes' models are loaded when a closed session needs them, not by every desk.
        from jury_desk.deliberation.minutes_data import build_minutes

        with contextlib.ExitStack() as stack:
            if replayed is None:
                room = stack.enter_context(self._read())
            else:
                room = Room(replayed, self.manifest)
            if room.state() != SessionState.CLOSED:
                raise RuleError("not-closed", "Close the session before exporting the minutes.")
            return build_minutes(room, generated_at=stamp(self._now), lang=lang)
