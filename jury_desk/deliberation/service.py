"""The deliberation service: every rule and every write of a jury session (DESIGN.md §3).

The GUI and the CLI call this class and nothing else. Each write method validates the
whole request, then writes the change and its audit event(s) in ONE transaction; on any
``RuleError`` the transaction rolls back, so the store and the audit chain are unchanged.
The acting member is always an explicit argument; sealing, revising, forcing a reveal,
approving, objecting, closing and reopening also take that member's passphrase.

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
* A wrong passphrase is refused and counted (outside the audit chain: it changes nothing
  of the deliberation); from the third consecutive failure the member is locked out for
  2 s, 4 s, 8 s... (``auth-throttled``), measured on the injected clock, never slept.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from sqlalchemy import Connection, Row, delete, insert, update
from sqlmodel import col, select

from jury_desk.bundle.manifest import (
    Candidate,
    ConflictCategory,
    Manifest,
    manifest_bytes,
    parse_manifest,
)
from jury_desk.core.errors import RuleError, StoreError
from jury_desk.core.paths import private_subdir
from jury_desk.core.proposals import allowed_decisions
from jury_desk.core.scoring import check_score, member_total, rubric_criterion
from jury_desk.core.storage import storage_errors
from jury_desk.deliberation import passphrase as pw
from jury_desk.deliberation import queries
from jury_desk.deliberation.passphrase import PassphraseError, ScryptParams
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
from jury_desk.store.audit import KIND_REVEALED, KIND_SEALED, append_event, head, sheet_commitment
from jury_desk.store.engine import SESSION_SUFFIX
from jury_desk.store.session_file import SessionFile
from jury_desk.store.tables import (
    Approval,
    Attendance,
    Closure,
    Conflict,
    Credential,
    Note,
    Objection,
    Proposal,
    Reveal,
    SessionMeta,
    Sheet,
    SheetRevision,
    SheetScore,
)
from jury_desk.store.tally import refresh_tally

if TYPE_CHECKING:
    from jury_desk.bundle.minisign import PublicKey
    from jury_desk.bundle.verify import VerifiedBundle
    from jury_desk.minutes.model import Minutes

Clock = Callable[[], datetime]
SHORT_TEXT = 500  # reasons: one line in the minutes
LONG_TEXT = 5000  # notes, justifications
SALT_BYTES = 32


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _clean_text(value: object, what: str, limit: int, *, required: str | None = None) -> str:
    """Text that goes into the chain and the minutes: NFC, no control characters, capped.
    ``required`` is the rule raised when it is empty."""
    text = unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else ""
    if required and not text:
        raise RuleError(required, f"Write {what}: it is required and goes into the minutes.")
    if len(text) > limit:
        raise RuleError("text-too-long", f"Shorten {what} to at most {limit} characters.")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text):
        raise RuleError("text-invalid", f"Remove the control characters from {what}.")
    return text


@dataclass
class _Tx:
    """One write transaction: the connection, the room's rules and the time of the change."""

    conn: Connection
    room: Room
    at: str

    def log(self, actor: str, kind: str, payload: Any) -> int:
        return append_event(self.conn, self.at, actor, kind, payload)


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
        self._now = now or _utc_now
        self._scrypt = scrypt
        self._lock = threading.RLock()  # one writer: the GUI's threads queue here

    # == opening and closing ==========================================================
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
    ) -> DeliberationService:
        """A new session file for ``manifest`` (lower level: faces use open_from_bundle).

        ``signed_manifest`` is the exact signed bytes when the manifest comes from a
        verified bundle; they are stored and re-parsed on every open. ``simulated`` marks a
        synthetic session (``jury-desk simulate``) for good: it enters the genesis event and
        its PV is watermarked SIMULATION; nothing can unmark it.
        """
        raw = signed_manifest if signed_manifest is not None else manifest_bytes(manifest)
        if parse_manifest(raw) != manifest:
            raise StoreError("The manifest bytes do not match the manifest given.")
        clock = now or _utc_now
        stamp = _stamp(clock)
        file = SessionFile.open(path, create=True, now=stamp)
        try:
            with storage_errors(path), file.engine.begin() as conn:
                _initialise(
                    conn, manifest, raw, bundle_sha256, bundle_path, key_id_hex, stamp, simulated
                )
        except BaseException:
            file.close()
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return cls(file, manifest, now=now, scrypt=scrypt)

    @classmethod
    def resume(
        cls, path: Path, *, now: Clock | None = None, scrypt: ScryptParams = pw.PRODUCTION
    ) -> DeliberationService:
        """Re-open a session file without re-verifying its bundle (tests and tools only;
        the desk resumes through ``open_existing``)."""
        file = SessionFile.open(path, create=False, now=_stamp(now or _utc_now))
        try:
            with file.engine.begin() as conn:
                raw = conn.execute(select(SessionMeta.manifest_json)).scalar_one_or_none()
            if raw is None:
                raise StoreError(f"{path.name} has no session in it. Open the bundle again.")
            manifest = parse_manifest(bytes(raw))
        except BaseException:
            file.close()
            raise
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
    ) -> DeliberationService:
        """Start the session of a verified bundle, or resume it if it was already started
        from these exact bundle bytes. A simulation never continues a real session, nor a
        real deliberation a simulated one (``simulated`` must match the existing session)."""
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
            )
        service = cls.resume(path, now=now, scrypt=scrypt)
        if service.bundle_sha256() != verified.fingerprint:
            service.close()
            raise StoreError(
                f"A session for {verified.manifest.bundle_id} already exists, started from a "
                "different bundle. Resume that session, or ask the secretariat which bundle "
                "is current."
            )
        if service.simulated() != simulated:
            service.close()
            kind = {True: "a simulation", False: "a real deliberation"}
            raise StoreError(
                f"The session {path} is {kind[not simulated]}; it cannot be continued as "
                f"{kind[simulated]}. Move that "
                "file out of the data folder (or use another data folder), then open the "
                "bundle again."
            )
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
        copy against today's trusted keys.

        Freshness is judged as of the session's creation: expiry guards the *acceptance* of
        a bundle, and a jury that accepted it in time must be able to finish its work (and
        a rollback to an older seq is still refused by the ledger).
        """
        from datetime import datetime

        from jury_desk.bundle.verify import reverify

        service = cls.resume(path, now=now, scrypt=scrypt)
        try:
            with service._read() as room:
                meta = room.conn.execute(select(SessionMeta)).one()
            if meta.bundle_path is None:
                raise StoreError(
                    f"{path.name} was not started from a bundle and cannot be re-verified."
                )
            verified = reverify(
                Path(meta.bundle_path),
                trusted_keys=trusted_keys,
                data_dir=data_dir,
                now=datetime.fromisoformat(meta.created_at),
                progress=progress,
                cancel=cancel,
            )
            if verified.fingerprint != meta.bundle_sha256 or verified.manifest_bytes != bytes(
                meta.manifest_json
            ):
                raise StoreError(
                    "The session's bundle copy no longer matches the session. Open the bundle "
                    "again from the secretariat's file."
                )
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
    @contextlib.contextmanager
    def _write(self) -> Iterator[_Tx]:
        # A full disk or a read-only file is the user's to fix, not a bug: the transaction
        # rolls back (the session stays as it was) and they get a plain StoreError.
        with self._lock, storage_errors(self.path), self._file.engine.begin() as conn:
            yield _Tx(conn, Room(conn, self.manifest), _stamp(self._now))

    @contextlib.contextmanager
    def _read(self) -> Iterator[Room]:
        with self._lock, storage_errors(self.path), self._file.engine.connect() as conn:
            yield Room(conn, self.manifest)

    # == attendance and sign-in =======================================================
    def check_in(self, member_id: str) -> None:
        with self._write() as tx:
            member = tx.room.member(member_id)
            tx.room.require_open()
            if member.id in tx.room.present_ids():
                raise RuleError("already-present", f"{member.name} is already checked in.")
            tx.conn.execute(insert(Attendance).values(member_id=member.id, kind="in", at=tx.at))
            tx.log(member.id, "checked-in", {"member": member.id})

    def check_out(self, member_id: str) -> None:
        with self._write() as tx:
            member = tx.room.member(member_id)
            tx.room.require_open()
            tx.room.require_present(member)
            tx.conn.execute(insert(Attendance).values(member_id=member.id, kind="out", at=tx.at))
            tx.log(member.id, "checked-out", {"member": member.id})
            # Nobody waits for a member who left: candidates they alone held back reveal.
            self._reveal_completed(tx)

    def set_passphrase(self, member_id: str, passphrase: str) -> None:
        """First sign-in: the member chooses their passphrase (only its scrypt hash is kept)."""
        pw.check_strength(passphrase)
        salt, digest = pw.new_hash(passphrase, self._scrypt)
        with self._write() as tx:
            member = tx.room.member(member_id)
            tx.room.require_open()
            tx.room.require_present(member)
            if self._credential(tx.conn, member.id) is not None:
                raise PassphraseError(
                    "passphrase-already-set",
                    f"{member.name} already has a passphrase: sign in with it.",
                )
            tx.conn.execute(
                insert(Credential).values(
                    member_id=member.id,
                    salt=salt,
                    digest=digest,
                    n=self._scrypt.n,
                    r=self._scrypt.r,
                    p=self._scrypt.p,
                    set_at=tx.at,
                    failures=0,
                )
            )
            tx.log(member.id, "passphrase-set", {"member": member.id})

    def has_passphrase(self, member_id: str) -> bool:
        with self._read() as room:
            room.member(member_id)
            return self._credential(room.conn, member_id) is not None

    def sign_in(self, member_id: str, passphrase: str) -> SignedIn:
        with self._read() as room:
            member = room.member(member_id)
            room.require_present(member)
        self._authenticate(member_id, passphrase, "sign in")
        return SignedIn(
            member.id, member.name, member.institution, tuple(member.roles), _stamp(self._now)
        )

    @staticmethod
    def _credential(conn: Connection, member_id: str) -> Row | None:
        return conn.execute(select(Credential).where(Credential.member_id == member_id)).first()

    def _authenticate(self, member_id: str, passphrase: str | None, purpose: str) -> None:
        """Check a passphrase; count failures and throttle. Raises ``PassphraseError``."""
        with self._lock:
            with self._read() as room:
                member = room.member(member_id)
                cred = self._credential(room.conn, member.id)
            if cred is None:
                raise PassphraseError(
                    "passphrase-not-set",
                    f"{member.name} has not chosen a passphrase yet: sign in first.",
                )
            if not passphrase:
                raise PassphraseError(
                    "auth-required", f"{member.name}: enter your passphrase to {purpose}."
                )
            now = self._now()
            if cred.locked_until is not None:
                wait = (datetime.fromisoformat(cred.locked_until) - now).total_seconds()
                if wait > 0:
                    seconds = math.ceil(wait)
                    raise PassphraseError(
                        "auth-throttled",
                        f"Too many wrong passphrases for {member.name}. Try again in {seconds} s.",
                        retry_after=seconds,
                    )
            params = ScryptParams(cred.n, cred.r, cred.p)
            ok = pw.matches(passphrase, bytes(cred.salt), bytes(cred.digest), params)
            failures = 0 if ok else cred.failures + 1
            lock = pw.lock_seconds(failures)
            until = (now + timedelta(seconds=lock)).astimezone(UTC).isoformat() if lock else None
            if failures != cred.failures or until != cred.locked_until:
                # Not an audit event: a failed attempt changes nothing of the deliberation.
                with storage_errors(self.path), self._file.engine.begin() as conn:
                    conn.execute(
                        update(Credential)
                        .where(col(Credential.member_id) == member.id)
                        .values(failures=failures, locked_until=until)
                    )
            if not ok:
                later = f" Try again in {lock} s." if lock else " Try again."
                raise PassphraseError(
                    "auth-failed", f"Wrong passphrase for {member.name}.{later}", retry_after=lock
                )

    # == conflicts ====================================================================
    def declare_conflict(
        self, actor_id: str, member_id: str, candidate_id: str, category: str, note: str = ""
    ) -> None:
        """Declare in the room that ``member_id`` is conflicted on a candidate (by the member
        or the chair). A conflict is never lifted."""
        if category not in get_args(ConflictCategory):
            raise RuleError(
                "conflict-category",
                f"Unknown conflict category {category!r}; choose one of "
                f"{', '.join(get_args(ConflictCategory))}.",
            )
        note = _clean_text(note, "the conflict note", LONG_TEXT)
        with self._write() as tx:
            actor = tx.room.member(actor_id)
            member = tx.room.member(member_id)
            candidate = tx.room.candidate(candidate_id)
            tx.room.require_open()
            tx.room.require_present(actor)
            if actor.id != member.id and "chair" not in actor.roles:
                raise RuleError(
                    "not-chair", "Only the member concerned or the chair may declare a conflict."
                )
            if tx.room.is_conflicted(member.id, candidate.id):
                raise RuleError(
                    "already-conflicted",
                    f"{member.name} is already declared conflicted on {candidate.id}.",
                )
            counted = member.id in tx.room.counted_members(candidate.id)
            tx.conn.execute(
                insert(Conflict).values(
                    member_id=member.id,
                    candidate_id=candidate.id,
                    source="room",
                    category=category,
                    note=note,
                    declared_by=actor.id,
                    at=tx.at,
                )
            )
            tx.log(
                actor.id,
                "conflict-declared",
                {
                    "member": member.id,
                    "candidate": candidate.id,
                    "category": category,
                    "note": note,
                },
            )
            self._void_approvals(tx, candidate.id, actor.id, "conflict-declared", {member.id})
            if counted:  # their sealed sheet no longer counts: the scores changed
                refresh_tally(tx.conn, self.manifest, candidate.id)
                self._scores_changed(tx, candidate.id, actor.id, "conflict-declared")
            self._reveal_completed(tx, candidate.id)

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
        rubric = self.manifest.session.rubric
        if not scores and not cleared:
            raise RuleError("sheet-empty", "Enter at least one score before saving.")
        for criterion_id, value in scores.items():
            check_score(value, rubric, criterion_id)
        for criterion_id in cleared:
            rubric_criterion(rubric, criterion_id)  # sheet-unknown-criterion if not
            if criterion_id in scores:
                raise RuleError(
                    "sheet-unknown-criterion",
                    f"{criterion_id!r} is both scored and cleared: give it once.",
                )
        with self._write() as tx:
            member, candidate = self._scorer(tx, member_id, candidate_id)
            sheet = tx.room.sheet(member.id, candidate.id)
            removed: list[str] = []
            if sheet is not None and cleared:
                self._require_draft(sheet, candidate)
                removed = sorted(set(cleared) & set(tx.room.scores(sheet.id, 0)))
                tx.conn.execute(
                    delete(SheetScore).where(
                        col(SheetScore.sheet_id) == sheet.id,
                        col(SheetScore.revision) == 0,
                        col(SheetScore.criterion_id).in_(removed),
                    )
                )
            if not scores and not removed:
                return  # nothing was scored, nothing to clear: no change, nothing logged
            if sheet is None:
                sheet_id = tx.conn.execute(
                    insert(Sheet).values(
                        member_id=member.id, candidate_id=candidate.id, status="draft", revision=0
                    )
                ).lastrowid
            else:
                self._require_draft(sheet, candidate)
                sheet_id = sheet.id
            for criterion_id, value in scores.items():
                tx.conn.execute(
                    insert(SheetScore)
                    .values(sheet_id=sheet_id, revision=0, criterion_id=criterion_id, value=value)
                    .prefix_with("OR REPLACE")
                )
            # The values stay out of the chain until the reveal: only which criteria changed.
            change: dict[str, object] = {
                "member": member.id,
                "candidate": candidate.id,
                "criteria": sorted(scores),
            }
            if removed:
                change["cleared"] = removed
            tx.log(member.id, "draft-saved", change)

    def seal(self, member_id: str, candidate_id: str, passphrase: str) -> SealReceipt:
        """Seal a complete sheet; returns only after the commit is on disk."""
        self._authenticate(member_id, passphrase, "seal your sheet")
        with self._write() as tx:
            member, candidate = self._scorer(tx, member_id, candidate_id)
            sheet = tx.room.sheet(member.id, candidate.id)
            if sheet is None:
                raise RuleError("sheet-incomplete", "Score every criterion before sealing.")
            self._require_draft(sheet, candidate)
            scores = tx.room.scores(sheet.id, 0)
            total = member_total(scores, self.manifest.session.rubric)
            salt = os.urandom(SALT_BYTES)
            commitment = sheet_commitment(salt, candidate.id, member.id, scores)
            tx.conn.execute(
                update(Sheet)
                .where(Sheet.id == sheet.id)
                .values(
                    status="sealed", salt=salt, commitment=commitment, sealed_at=tx.at, total=total
                )
            )
            refresh_tally(tx.conn, self.manifest, candidate.id)
            tx.log(
                member.id,
                KIND_SEALED,
                {"member": member.id, "candidate": candidate.id, "commitment": commitment},
            )
            revealed = bool(self._reveal_completed(tx, candidate.id))
            return SealReceipt(member.id, candidate.id, commitment, tx.at, revealed)

    def _scorer(self, tx: _Tx, member_id: str, candidate_id: str) -> tuple[Any, Candidate]:
        member, candidate = tx.room.active_participant(member_id, candidate_id)
        tx.room.require_quorum()
        tx.room.require_not_revealed(candidate)
        return member, candidate

    @staticmethod
    def _require_draft(sheet: Row, candidate: Candidate) -> None:
        if sheet.status == "sealed":
            raise RuleError(
                "sealed",
                f"Your sheet for {candidate.id} is sealed and cannot be edited before the "
                "reveal; after it, revise it with a reason.",
            )

    # == reveal =======================================================================
    def force_reveal(self, chair_id: str, candidate_id: str, passphrase: str) -> None:
        """The chair reveals a candidate before every present member has sealed, once each
        institution has at least one sealed sheet. Logged as forced."""
        self._authenticate(chair_id, passphrase, "force the reveal")
        with self._write() as tx:
            chair = tx.room.chair(chair_id)
            _, candidate = tx.room.active_participant(chair.id, candidate_id)
            tx.room.require_quorum()
            if tx.room.is_revealed(candidate.id):
                raise RuleError("already-revealed", f"{candidate.id} is already revealed.")
            tally = tx.room.tally(candidate.id)
            if tally is None or tally.overall is None:
                raise RuleError(
                    "reveal-needs-both-institutions",
                    "A reveal needs at least one sealed sheet from each institution.",
                )
            self._reveal(tx, candidate.id, forced_by=chair.id)

    def _reveal_completed(self, tx: _Tx, candidate_id: str | None = None) -> list[str]:
        """Reveal the candidate (or every candidate) whose present eligible members have
        all sealed, once each institution has a sealed sheet and the quorum is met."""
        present = tx.room.present_ids()
        if not tx.room.quorum(present).met:
            return []
        done = []
        for ready, counted in tx.room.unrevealed_with_both_institutions(candidate_id):
            if tx.room.eligible_present(ready, present) <= counted:
                self._reveal(tx, ready, forced_by=None)
                done.append(ready)
        return done

    def _reveal(self, tx: _Tx, candidate_id: str, forced_by: str | None) -> None:
        """Open every counted commitment in the chain; refuse if any sheet was altered."""
        opened = []
        for member_id in sorted(tx.room.counted_members(candidate_id)):
            sheet = tx.room.sheet(member_id, candidate_id)
            assert sheet is not None and sheet.revision == 0  # no revision before a reveal
            scores = tx.room.scores(sheet.id, 0)
            salt = bytes(sheet.salt)
            if sheet_commitment(salt, candidate_id, member_id, scores) != sheet.commitment:
                raise StoreError(
                    f"The sealed sheet of {member_id} for {candidate_id} was altered outside "
                    "the desk. Stop and report it to the secretariat."
                )
            opened.append(
                {
                    "member": member_id,
                    "salt": salt.hex(),
                    "scores": scores,
                    "commitment": sheet.commitment,
                }
            )
        tx.conn.execute(
            insert(Reveal).values(candidate_id=candidate_id, at=tx.at, forced_by=forced_by)
        )
        tx.log(
            forced_by or "desk",
            KIND_REVEALED,
            {"candidate": candidate_id, "forced_by": forced_by, "sheets": opened},
        )

    # == after the reveal =============================================================
    def revise(
        self,
        member_id: str,
        candidate_id: str,
        scores: Mapping[str, float],
        reason: str,
        passphrase: str,
    ) -> None:
        """Change one's own sealed scores after the reveal. Old values are kept."""
        rubric = self.manifest.session.rubric
        reason = _clean_text(
            reason, "the reason for the revision", SHORT_TEXT, required="reason-required"
        )
        for criterion_id, value in scores.items():
            check_score(value, rubric, criterion_id)
        self._authenticate(member_id, passphrase, "revise your sheet")
        with self._write() as tx:
            member, candidate = tx.room.active_participant(member_id, candidate_id)
            tx.room.require_quorum()
            tx.room.require_revealed(candidate)
            sheet = tx.room.sheet(member.id, candidate.id)
            if sheet is None or sheet.status != "sealed":
                raise RuleError(
                    "not-sealed", f"{member.name} has no sealed sheet for {candidate.id} to revise."
                )
            previous = tx.room.scores(sheet.id, sheet.revision)
            new = {**previous, **{k: float(v) for k, v in scores.items()}}
            if new == previous:
                raise RuleError("no-change", "These are already your scores: nothing to revise.")
            revision = sheet.revision + 1
            total = member_total(new, rubric)
            for criterion_id, value in new.items():
                tx.conn.execute(
                    insert(SheetScore).values(
                        sheet_id=sheet.id, revision=revision, criterion_id=criterion_id, value=value
                    )
                )
            tx.conn.execute(
                insert(SheetRevision).values(
                    sheet_id=sheet.id, revision=revision, reason=reason, at=tx.at
                )
            )
            tx.conn.execute(
                update(Sheet).where(Sheet.id == sheet.id).values(revision=revision, total=total)
            )
            refresh_tally(tx.conn, self.manifest, candidate.id)
            tx.log(
                member.id,
                "sheet-revised",
                {
                    "member": member.id,
                    "candidate": candidate.id,
                    "revision": revision,
                    "scores": new,
                    "previous": previous,
                    "reason": reason,
                },
            )
            self._scores_changed(tx, candidate.id, member.id, "sheet-revised")

    def add_note(self, author_id: str, candidate_id: str, text: str) -> None:
        text = _clean_text(text, "the note", LONG_TEXT, required="note-empty")
        with self._write() as tx:
            author, candidate = tx.room.active_participant(author_id, candidate_id)
            tx.room.require_revealed(candidate)
            tx.conn.execute(
                insert(Note).values(
                    candidate_id=candidate.id, author=author.id, text=text, at=tx.at
                )
            )
            tx.log(author.id, "note-added", {"candidate": candidate.id, "text": text})

    # == proposals ====================================================================
    def rule_proposal(self, viewer_id: str, candidate_id: str) -> RuleProposalView:
        """What the rules propose (computed, never stored until accepted)."""
        with self._read() as room:
            member = room.member(viewer_id)
            candidate = room.candidate(candidate_id)
            room.require_not_conflicted(member, candidate)
            room.require_revealed(candidate)
            return queries.rule_proposal(room, candidate)

    def propose(
        self,
        author_id: str,
        candidate_id: str,
        decision: str,
        mention: str | None = None,
        justification: str = "",
    ) -> None:
        """The jury's own proposal. It needs a justification when it differs from the rule's,
        and it is never replaced by the rule's."""
        justification = _clean_text(justification, "the justification", LONG_TEXT)
        self._check_decision(decision, mention)
        with self._write() as tx:
            author, candidate = self._proposer(tx, author_id, candidate_id)
            rule = queries.rule_proposal(tx.room, candidate)
            if (decision, mention) != (rule.decision, rule.mention) and not justification:
                raise RuleError(
                    "justification-required",
                    f"The rules propose {rule.decision}"
                    f"{' ' + rule.mention if rule.mention else ''}: write the justification for "
                    "deciding otherwise. It is printed in the minutes.",
                )
            current = tx.room.current_proposal(candidate.id)
            if current is not None and (
                current.source,
                current.decision,
                current.mention,
                current.justification,
            ) == ("jury", decision, mention, justification):
                raise RuleError("no-change", "This is already the jury's proposal.")
            self._replace_proposal(
                tx, author.id, candidate.id, current, "jury", decision, mention, justification
            )

    def accept_rule_proposal(self, author_id: str, candidate_id: str) -> None:
        """Record the rules' proposal as the candidate's proposal."""
        with self._write() as tx:
            author, candidate = self._proposer(tx, author_id, candidate_id)
            rule = queries.rule_proposal(tx.room, candidate)
            current = tx.room.current_proposal(candidate.id)
            if current is not None and current.source == "jury":
                raise RuleError(
                    "jury-proposal-exists",
                    "The jury has its own proposal for this candidate; the rules' proposal never "
                    "replaces it. Make a new jury proposal to change it.",
                )
            if current is not None and (current.decision, current.mention) == (
                rule.decision,
                rule.mention,
            ):
                raise RuleError("no-change", "The rules' proposal is already the proposal.")
            self._replace_proposal(
                tx,
                author.id,
                candidate.id,
                current,
                "rule",
                rule.decision,
                rule.mention,
                "\n".join(rule.reasons),
            )

    def _proposer(self, tx: _Tx, author_id: str, candidate_id: str) -> tuple[Any, Candidate]:
        author, candidate = tx.room.active_participant(author_id, candidate_id)
        tx.room.require_quorum()
        tx.room.require_revealed(candidate)
        tx.room.require_note_if_flagged(candidate)
        return author, candidate

    def _check_decision(self, decision: str, mention: str | None) -> None:
        kind = self.manifest.session.kind
        if decision not in allowed_decisions(kind):
            raise RuleError(
                "decision-not-allowed",
                f"{decision!r} is not a decision of a {kind} session; choose one of "
                f"{', '.join(allowed_decisions(kind))}.",
            )
        if mention is not None and (
            decision != "award" or mention not in ("assez_bien", "bien", "tres_bien")
        ):
            raise RuleError(
                "mention-not-allowed",
                "A mention (assez_bien, bien, tres_bien) goes only with an awarded degree.",
            )

    def _replace_proposal(
        self,
        tx: _Tx,
        author_id: str,
        candidate_id: str,
        current: Row | None,
        source: str,
        decision: str,
        mention: str | None,
        justification: str,
    ) -> None:
        if current is not None:
            self._withdraw(tx, current.id, "superseded")
        tx.conn.execute(
            insert(Proposal).values(
                candidate_id=candidate_id,
                source=source,
                decision=decision,
                mention=mention,
                justification=justification,
                author=author_id,
                at=tx.at,
            )
        )
        tx.log(
            author_id,
            "proposal-made",
            {
                "candidate": candidate_id,
                "source": source,
                "decision": decision,
                "mention": mention,
                "justification": justification,
                "supersedes": current.id if current is not None else None,
            },
        )
        self._void_approvals(tx, candidate_id, author_id, "proposal-changed")

    def _withdraw(self, tx: _Tx, proposal_id: int, why: str) -> None:
        tx.conn.execute(
            update(Proposal)
            .where(col(Proposal.id) == proposal_id)
            .values(withdrawn_at=tx.at, withdrawn_why=why)
        )

    def _scores_changed(self, tx: _Tx, candidate_id: str, actor_id: str, because: str) -> None:
        """A revealed candidate's figures changed: the rules' proposal (computed from the old
        figures) is withdrawn and every approval voided; a jury proposal stays."""
        current = tx.room.current_proposal(candidate_id)
        if current is not None and current.source == "rule":
            self._withdraw(tx, current.id, "scores-changed")
            tx.log(
                actor_id,
                "proposal-withdrawn",
                {"candidate": candidate_id, "proposal": current.id, "because": because},
            )
        self._void_approvals(tx, candidate_id, actor_id, because)

    def _void_approvals(
        self,
        tx: _Tx,
        candidate_id: str,
        actor_id: str,
        because: str,
        only: set[str] | None = None,
    ) -> None:
        approvals = [
            a for a in tx.room.active_approvals(candidate_id) if only is None or a.member_id in only
        ]
        if not approvals:
            return
        seq = tx.log(
            actor_id,
            "approvals-voided",
            {
                "candidate": candidate_id,
                "because": because,
                "approvals": [
                    {"member": a.member_id, "institution": a.institution} for a in approvals
                ],
            },
        )
        tx.conn.execute(
            update(Approval)
            .where(col(Approval.id).in_([a.id for a in approvals]))
            .values(voided_at=tx.at, voided_by_event=seq)
        )

    # == approval and objection =======================================================
    def approve(self, member_id: str, candidate_id: str, slot: str, passphrase: str) -> bool:
        """Approve the current proposal in ``slot`` (an institution code, the member's own).
        Returns whether the decision is now final."""
        self._authenticate(member_id, passphrase, "approve")
        with self._write() as tx:
            member, candidate = tx.room.active_participant(member_id, candidate_id)
            tx.room.require_quorum()
            proposal = tx.room.require_proposal(candidate)
            tx.room.require_note_if_flagged(candidate)
            if slot != member.institution:
                raise RuleError(
                    "wrong-institution",
                    f"{member.name} approves for {member.institution}, not in the {slot} slot.",
                )
            approvals = tx.room.active_approvals(candidate.id)
            if any(a.member_id == member.id for a in approvals):
                raise RuleError(
                    "already-approved", f"{member.name} has already approved this decision."
                )
            if not tx.room.approvals_missing(approvals).get(slot):
                needed = self.manifest.session.approvals_needed(slot)
                raise RuleError(
                    "slot-filled", f"{slot} has already given its {needed} approval(s)."
                )
            tx.conn.execute(
                insert(Approval).values(
                    proposal_id=proposal.id,
                    candidate_id=candidate.id,
                    member_id=member.id,
                    institution=slot,
                    at=tx.at,
                )
            )
            final = tx.room.is_final(candidate.id)
            tx.log(
                member.id,
                "approved",
                {
                    "candidate": candidate.id,
                    "proposal": proposal.id,
                    "decision": proposal.decision,
                    "mention": proposal.mention,
                    "institution": slot,
                    "final": final,
                },
            )
            return final

    def raise_objection(
        self, member_id: str, candidate_id: str, passphrase: str, reason: str
    ) -> None:
        """Object to the current proposal: it is withdrawn, every approval voided, and the
        candidate goes back to discussion."""
        reason = _clean_text(
            reason, "the reason for the objection", SHORT_TEXT, required="reason-required"
        )
        self._authenticate(member_id, passphrase, "object")
        with self._write() as tx:
            member, candidate = tx.room.active_participant(member_id, candidate_id)
            tx.room.require_quorum()
            proposal = tx.room.require_proposal(candidate)
            tx.conn.execute(
                insert(Objection).values(
                    proposal_id=proposal.id,
                    candidate_id=candidate.id,
                    member_id=member.id,
                    reason=reason,
                    at=tx.at,
                )
            )
            self._withdraw(tx, proposal.id, "objection")
            tx.log(
                member.id,
                "objected",
                {"candidate": candidate.id, "proposal": proposal.id, "reason": reason},
            )
            self._void_approvals(tx, candidate.id, member.id, "objection")

    # == closing ======================================================================
    def close_session(self, chair_id: str, passphrase: str) -> str:
        """Close once every candidate is final; returns the audit head that the minutes
        print. The session is then read-only."""
        self._authenticate(chair_id, passphrase, "close the session")
        with self._write() as tx:
            chair = tx.room.chair(chair_id)
            tx.room.require_open()
            tx.room.require_present(chair)
            tx.room.require_quorum()
            pending = tx.room.undecided()
            if pending:
                shown = ", ".join(pending[:5]) + (" ..." if len(pending) > 5 else "")
                raise RuleError(
                    "not-final",
                    f"{len(pending)} candidate(s) have no final decision yet ({shown}).",
                )
            tx.conn.execute(update(SessionMeta).values(state="closed"))
            tx.conn.execute(
                insert(Closure).values(kind="close", actor=chair.id, reason="", at=tx.at)
            )
            tx.log(chair.id, "session-closed", {"candidates": len(self.manifest.candidates)})
            return head(tx.conn)[1]

    def reopen(self, chair_id: str, passphrase: str, reason: str) -> None:
        """Reopen a closed session; its next minutes supersede the previous ones."""
        reason = _clean_text(
            reason, "the reason for reopening", SHORT_TEXT, required="reason-required"
        )
        self._authenticate(chair_id, passphrase, "reopen the session")
        with self._write() as tx:
            chair = tx.room.chair(chair_id)
            if tx.room.state() != "closed":
                raise RuleError("not-closed", "The session is open: there is nothing to reopen.")
            meta = tx.conn.execute(select(SessionMeta.reopen_count)).scalar_one()
            tx.conn.execute(update(SessionMeta).values(state="open", reopen_count=meta + 1))
            tx.conn.execute(
                insert(Closure).values(kind="reopen", actor=chair.id, reason=reason, at=tx.at)
            )
            tx.log(chair.id, "session-reopened", {"reason": reason, "reopen_count": meta + 1})

    # == reads ========================================================================
    def session_state(self) -> str:
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
            if room.state() != "closed":
                raise RuleError("not-closed", "Close the session before exporting the minutes.")
            return build_minutes(room, generated_at=_stamp(self._now), lang=lang)


def _stamp(clock: Clock) -> str:
    moment = clock()
    if moment.tzinfo is None:
        raise ValueError("the service clock must return timezone-aware datetimes")
    return moment.astimezone(UTC).isoformat()


def _initialise(
    conn: Connection,
    manifest: Manifest,
    raw: bytes,
    bundle_sha256: str,
    bundle_path: Path | None,
    key_id_hex: str | None,
    at: str,
    simulated: bool,
) -> None:
    """The session's first transaction: its facts, the bundle's conflicts, empty tallies
    and the genesis event that ties the chain to the bundle (and to being a simulation)."""
    manifest_sha256 = hashlib.sha256(raw).hexdigest()
    conn.execute(
        insert(SessionMeta).values(
            id=1,
            bundle_id=manifest.bundle_id,
            bundle_seq=manifest.seq,
            bundle_sha256=bundle_sha256,
            manifest_sha256=manifest_sha256,
            manifest_json=raw,
            bundle_path=str(bundle_path) if bundle_path is not None else None,
            key_id_hex=key_id_hex,
            created_at=at,
            state="open",
            reopen_count=0,
            simulated=simulated,
        )
    )
    conflicts = []
    for candidate in manifest.candidates:
        for declared in candidate.conflicts:
            conn.execute(
                insert(Conflict).values(
                    member_id=declared.member,
                    candidate_id=candidate.id,
                    source="bundle",
                    category=declared.category,
                    note=declared.note,
                    at=at,
                )
            )
            conflicts.append({"member": declared.member, "candidate": candidate.id})
        refresh_tally(conn, manifest, candidate.id)
    append_event(
        conn,
        at,
        "desk",
        "session-created",
        {
            "bundle_id": manifest.bundle_id,
            "seq": manifest.seq,
            "bundle_sha256": bundle_sha256,
            "manifest_sha256": manifest_sha256,
            "key_id": key_id_hex,
            "conflicts": conflicts,
            "simulated": simulated,
        },
    )
