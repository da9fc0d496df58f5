"""The deliberation service: every rule and every write of a jury session (DESIGN.md §3).

The GUI and the CLI call this class and nothing else. Each write method validates the
whole request, then writes the change and its audit event(s) in ONE transaction; on any
``RuleError`` the transaction rolls back, so the store and the audit chain are unchanged.
The acting member is always an explicit argument; sealing, revising, forcing a reveal,
approving, objecting, closing and reopening also take that member's passphrase.

The class keeps the lock, the transactions (``_write``/``_read``) and authentication; the
work of each phase is in ``phases/`` (opening, attendance, scoring, decisions, closing),
plain functions that take the transaction. The two state machines, as data, are in
``states``.

Session state machine (``close()`` only releases the file; the jury closes with
``close_session``)::

    open --close_session (chair, every candidate final)--> closed
    closed --reopen (chair, reason)--> open

While closed, every write is refused (``closed``): the session is read-only. Scoring,
reveals, proposals, approvals, objections and closing also need the quorum of each
institution checked in (``quorum``); a forced reveal and closing need the chair present.

Candidate state machine (each state is derived from the store, never stored)::

    scoring --every present eligible member sealed, or the chair forces it--> revealed
    revealed --flagged without a note, or an objection--> discussion
    revealed/discussion --proposal (jury's, or the rule's accepted)--> proposed
    proposed --approval--> approved-partial --approvals from each institution--> final
    proposed.. final --new proposal, revision, objection--> approvals voided
    any unsettled --record_renvoi (an institution cannot deliberate)--> proposed
    proposed (renvoi) --approvals of the institutions that still can--> not-deliberated
    revealed.. final --the last counted sheet of an institution lost to a conflict--> scoring

* No dead ends. A candidate is *settled* when final or not-deliberated; the session closes
  when every candidate is settled. An institution *cannot deliberate* a candidate when it
  has fewer present, voting, non-conflicted members than the approvals the bundle asks of
  it; then (and only then) any present member free to act on the candidate may record it as
  "non délibéré — renvoyé" with a reason. The institutions that *still can* approve it are
  fixed at that moment: each with at least one such member, for as many approvals as the
  bundle asks or as it has such members if fewer; the others are excused (the PV says so).
  When nobody present is free to act on it, the chair records it alone, final as recorded.
  A revealed candidate whose institution loses its last counted sheet (its only scorer
  declares a conflict) is sent back to scoring for the members still eligible, logged.

* Scoring opens per candidate when the quorum of each institution is checked in. A present
  voting member (chair or member) who is not conflicted drafts, then seals, a sheet. The
  seal puts a salted commitment in the chain; when the last present eligible member seals
  (or someone leaves or declares a conflict so that nobody is missing), the candidate is
  revealed and the reveal opens every commitment in the chain. After the reveal nobody
  seals any more: sealed sheets are revised, with a reason, keeping every old value.
* Visibility: nobody, the chair included, sees a score of an unrevealed candidate except
  their own; a conflicted member never sees that candidate's scores, sheets, notes or
  revisions. Blind fields are hidden from everyone until the reveal.
* Who may do what (every actor must be checked in, and not conflicted on the candidate;
  "voting" means the chair or a member, not a signer-only seat):
  check in/out, set a passphrase, sign in: the member themselves; declare a conflict: the
  member themselves or the chair; draft, seal, revise: the member on their own sheet; add
  a note, propose, accept the rule's proposal: any voting member or the chair, once
  revealed; approve, object: any voting member, for their own institution's slot; force a
  reveal, close, reopen: the chair only. Nobody overrides a rule, the chair included.
* Approvals are voided by any change to the candidate's scores (revision, or a conflict
  removing a counted sheet), proposal or justification, and by an objection (which also
  withdraws the proposal). A proposal computed by the rules never replaces the jury's.
* Signed sessions (log format 2, chosen at creation, never changed): every act is an
  event signed with its member's Ed25519 key, which is stored only encrypted under their
  passphrase; unlocking it *is* the passphrase check, and the service holds the unlocked
  key for that one act only. So every act in a member's name takes their passphrase
  (check-in and out, conflicts, notes, proposals... as well as sealing). A member's first
  act is registering their key (``register_key``: the bundle's pinned key, brought as a
  minisign secret key file, or a pair made in the room when the bundle pins none); drafts
  are private work, neither logged nor signed; and nothing is revealed by itself: the
  reveal is the chair's signed act (``open_ready``, *ouverture des plis*). Scores are
  blind at rest (``phases/blind.py``): drafts sealed to their author, sealed sheets to the
  reveal key (its secret half sealed to the chair at the chair's registration, so scoring
  opens only after it), no total or mean before the reveal. Format-1 sessions keep their
  rules (a passphrase hash; these acts take none), unsigned log.
* A wrong passphrase is refused and counted (outside the audit chain: it changes nothing
  of the deliberation); from the third consecutive failure the member is locked out for
  2 s, 4 s, 8 s... (``auth-throttled``), measured on the injected clock, never slept.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, update
from sqlmodel import col, select

from jury_desk.bundle.manifest import Manifest
from jury_desk.core.errors import KeyFileError, RuleError
from jury_desk.core.paths import private_subdir
from jury_desk.core.storage import storage_errors
from jury_desk.deliberation import passphrase as pw
from jury_desk.deliberation import queries
from jury_desk.deliberation.passphrase import PassphraseError, ScryptParams
from jury_desk.deliberation.phases import attendance, closing, decisions, opening, scoring
from jury_desk.deliberation.readmodels import (
    AttendanceEntry,
    BoardView,
    CandidateDetail,
    RuleProposalView,
    SealReceipt,
    SignedIn,
    WorklistItem,
)
from jury_desk.deliberation.room import QuorumStatus, Room
from jury_desk.deliberation.states import SessionState
from jury_desk.deliberation.transaction import Clock, Tx, stamp, utc_now
from jury_desk.signing import member_key
from jury_desk.store.audit import head
from jury_desk.store.engine import SESSION_SUFFIX
from jury_desk.store.session_file import SessionFile
from jury_desk.store.tables import Credential, MemberKey, SessionMeta

if TYPE_CHECKING:
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
        with self._read() as room:
            self._log_format = int(room.conn.execute(select(SessionMeta.log_format)).scalar_one())

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
        now: Clock | None = None,
        scrypt: ScryptParams = pw.PRODUCTION,
        simulated: bool = False,
        signed: bool = False,
    ) -> DeliberationService:
        """A new session file for ``manifest`` (lower level: faces use open_from_bundle).
        ``signed`` makes its log format 2 (every act signed by its member), for good.

        ``signed_manifest`` is the exact signed bytes when the manifest comes from a
        verified bundle; they are stored and re-parsed on every open. ``simulated`` marks a
        synthetic session (``jury-desk simulate``) for good: it enters the genesis event and
        its PV is watermarked SIMULATION; nothing can unmark it.
        """
        file = opening.create_file(
            path, manifest, bundle_sha256, bundle_path, signed_manifest, key_id_hex,
            now or utc_now, simulated, 2 if signed else 1,
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
        signed: bool = False,
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
            self._file.close()

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

    @contextlib.contextmanager
    def _read(self) -> Iterator[Room]:
        with self._lock, storage_errors(self.path), self._file.engine.connect() as conn:
            yield Room(conn, self.manifest)

    # == authentication ===============================================================
    def _authenticate(
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

    def _signers(
        self, member_id: str, passphrase: str | None, purpose: str
    ) -> dict[str, SecretKey]:
        """The keys one act is signed with: the member's, unlocked with ``passphrase``.
        Format 1 asks nothing for the acts that never took a passphrase there."""
        if not self.signed:
            return {}
        key = self._authenticate(member_id, passphrase, purpose)
        assert key is not None  # a signed session's check returns the key or raises
        return {member_id: key}

    def _act_signers(self, member_id: str, passphrase: str, purpose: str) -> dict[str, SecretKey]:
        """Like ``_signers`` for an act that asks the passphrase in every format."""
        key = self._authenticate(member_id, passphrase, purpose)
        return {} if key is None else {member_id: key}

    def _key_cost(self) -> member_key.KeyCost:
        # Tests run the same path at the cost their passphrase hashes use.
        return member_key.FAST_FOR_TESTS if self._scrypt == pw.FAST_FOR_TESTS else member_key.MEMBER

    # == attendance ===================================================================
    def check_in(self, member_id: str, *, passphrase: str | None = None) -> None:
        signers = self._signers(member_id, passphrase, "check in")
        with self._write(signers) as tx:
            attendance.check_in(tx, member_id)

    def check_out(self, member_id: str, *, passphrase: str | None = None) -> None:
        signers = self._signers(member_id, passphrase, "check out")
        with self._write(signers) as tx:
            attendance.check_out(tx, member_id)

    def set_passphrase(self, member_id: str, passphrase: str) -> None:
        """First sign-in: the member chooses their passphrase (only its scrypt hash is kept).
        In a signed session, it registers a key made in the room (``register_key``)."""
        if self.signed:
            self.register_key(member_id, passphrase)
            return
        pw.check_strength(passphrase)
        salt, digest = pw.new_hash(passphrase, self._scrypt)
        with self._write() as tx:
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
        cost = self._key_cost()
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

    def has_passphrase(self, member_id: str) -> bool:
        with self._read() as room:
            room.member(member_id)
            found = attendance.stored_key if self.signed else attendance.credential
            return found(room.conn, member_id) is not None

    def sign_in(self, member_id: str, passphrase: str) -> SignedIn:
        with self._read() as room:
            member = room.member(member_id)
            room.require_present(member)
        self._authenticate(member_id, passphrase, "sign in")
        return SignedIn(
            member.id, member.name, member.institution, tuple(member.roles), stamp(self._now)
        )

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
        signers = self._signers(actor_id, passphrase, "declare a conflict")
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

    def seal(self, member_id: str, candidate_id: str, passphrase: str) -> SealReceipt:
        """Seal a complete sheet; returns only after the commit is on disk."""
        signers = self._act_signers(member_id, passphrase, "seal your sheet")
        with self._write(signers) as tx:
            return scoring.seal(tx, member_id, candidate_id)

    def force_reveal(self, chair_id: str, candidate_id: str, passphrase: str) -> None:
        """The chair reveals a candidate before every present member has sealed, once each
        institution has at least one sealed sheet. Logged as forced."""
        signers = self._act_signers(chair_id, passphrase, "force the reveal")
        with self._write(signers) as tx:
            scoring.force_reveal(tx, chair_id, candidate_id)

    def open_ready(self, chair_id: str, passphrase: str) -> tuple[str, ...]:
        """*Ouverture des plis*: the chair's signed act revealing, in one step, every
        candidate whose present eligible members have all sealed. Returns them."""
        signers = self._act_signers(chair_id, passphrase, "open the sealed sheets")
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
        signers = self._act_signers(member_id, passphrase, "revise your sheet")
        with self._write(signers) as tx:
            decisions.revise(tx, member_id, candidate_id, scores, reason)

    def add_note(
        self, author_id: str, candidate_id: str, text: str, *, passphrase: str | None = None
    ) -> None:
        text = decisions.checked_note(text)
        signers = self._signers(author_id, passphrase, "add a note")
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
        signers = self._signers(author_id, passphrase, "propose a decision")
        with self._write(signers) as tx:
            decisions.propose(tx, author_id, candidate_id, decision, mention, justification)

    def accept_rule_proposal(
        self, author_id: str, candidate_id: str, *, passphrase: str | None = None
    ) -> None:
        """Record the rules' proposal as the candidate's proposal."""
        signers = self._signers(author_id, passphrase, "accept the rules' proposal")
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
        signers = self._signers(author_id, passphrase, "add points de jury")
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
        signers = self._act_signers(author_id, passphrase, "record the renvoi")
        with self._write(signers) as tx:
            decisions.record_renvoi(tx, author_id, candidate_id, reason)

    def approve_batch(
        self, member_id: str, candidate_ids: Sequence[str], slot: str, passphrase: str
    ) -> tuple[str, ...]:
        """Graduation on the diploma average: approve the rules' proposal of each graduate of
        ``candidate_ids`` in ``slot``, in one pass (accepting it first where nobody has).
        Refused as a whole, naming them, if one is flagged, borderline, without a proposal
        of the rules, or has the jury's own. Returns the graduates now final."""
        signers = self._act_signers(member_id, passphrase, "approve")
        with self._write(signers) as tx:
            return decisions.approve_batch(tx, member_id, candidate_ids, slot)

    def approve(self, member_id: str, candidate_id: str, slot: str, passphrase: str) -> bool:
        """Approve the current proposal in ``slot`` (an institution code, the member's own).
        Returns whether the decision is now final."""
        signers = self._act_signers(member_id, passphrase, "approve")
        with self._write(signers) as tx:
            return decisions.approve(tx, member_id, candidate_id, slot)

    def raise_objection(
        self, member_id: str, candidate_id: str, passphrase: str, reason: str
    ) -> None:
        """Object to the current proposal: it is withdrawn, every approval voided, and the
        candidate goes back to discussion."""
        reason = decisions.checked_objection(reason)
        signers = self._act_signers(member_id, passphrase, "object")
        with self._write(signers) as tx:
            decisions.raise_objection(tx, member_id, candidate_id, reason)

    # == closing ======================================================================
    def close_session(self, chair_id: str, passphrase: str) -> str:
        """Close once every candidate is final; returns the audit head that the minutes
        print. The session is then read-only."""
        signers = self._act_signers(chair_id, passphrase, "close the session")
        with self._write(signers) as tx:
            return closing.close_session(tx, chair_id)

    def reopen(self, chair_id: str, passphrase: str, reason: str) -> None:
        """Reopen a closed session; its next minutes supersede the previous ones."""
        reason = closing.checked_reopen(reason)
        signers = self._act_signers(chair_id, passphrase, "reopen the session")
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

    def present_members(self) -> frozenset[str]:
        with self._read() as room:
            return frozenset(room.present_ids())

    def attendance(self) -> tuple[AttendanceEntry, ...]:
        with self._read() as room:
            return queries.attendance(room)

    def board(self, viewer_id: str) -> BoardView:
        with self._read() as room:
            return queries.board(room, viewer_id)

    def worklist(self, member_id: str) -> tuple[WorklistItem, ...]:
        with self._read() as room:
            return queries.worklist(room, member_id)

    def candidate_detail(self, viewer_id: str, candidate_id: str) -> CandidateDetail:
        with self._read() as room:
            return queries.candidate_detail(room, viewer_id, candidate_id)

    def minutes_data(self, lang: str = "fr") -> Minutes:
        """The validated minutes.json model (DESIGN.md §5); only for a closed session."""
        # The minutes' models are loaded when a closed session needs them, not by every desk.
        from jury_desk.deliberation.minutes_data import build_minutes

        with self._read() as room:
            if room.state() != SessionState.CLOSED:
                raise RuleError("not-closed", "Close the session before exporting the minutes.")
            return build_minutes(room, generated_at=stamp(self._now), lang=lang)
