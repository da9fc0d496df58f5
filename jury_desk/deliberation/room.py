"""What the rules need to know about the room, read inside the current transaction.

``Room`` answers the questions every operation asks (who is present, who is conflicted,
has this candidate been revealed, what is the current proposal, which approvals stand)
and turns each "no" into the one ``RuleError`` a face can translate. Both the write path
and the read models ask the same ``Room``, so what the board shows is what the rules enforce.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from sqlalchemy import Connection
from sqlmodel import col, select

from jury_desk.bundle.manifest import Candidate, Manifest, Member
from jury_desk.core.errors import RuleError
from jury_desk.core.graduates import transcript_only
from jury_desk.deliberation.states import SessionState
from jury_desk.store.records import Record, driver, record_of
from jury_desk.store.tables import (
    Approval,
    Proposal,
    Reveal,
    Sheet,
    Tally,
)

VOTING_ROLES = frozenset({"chair", "member"})

# Read at every act (a signed log's replay: at every event), through the driver.
_SHEET, _SheetRecord = record_of(Sheet)
_TALLY, _TallyRecord = record_of(Tally)
_PROPOSAL, _ProposalRecord = record_of(Proposal)
_APPROVAL, _ApprovalRecord = record_of(Approval)
_SHEET_OF = _SHEET + " WHERE member_id = ? AND candidate_id = ?"
_TALLY_OF = _TALLY + " WHERE candidate_id = ?"
_CURRENT_PROPOSAL = _PROPOSAL + (
    " WHERE candidate_id = ? AND withdrawn_at IS NULL ORDER BY id DESC LIMIT 1"
)
_ACTIVE_APPROVALS = _APPROVAL + " WHERE candidate_id = ? AND voided_at IS NULL ORDER BY id"


def _among(only: Collection[str] | None, joiner: str) -> tuple[str, tuple[str, ...]]:
    """A ``candidate_id IN (...)`` clause for ``only`` (none when None: every candidate)."""
    if only is None:
        return "", ()
    ids = tuple(only)
    return f"{joiner} candidate_id IN ({', '.join('?' * len(ids))})", ids


@dataclass(frozen=True)
class QuorumLine:
    institution: str
    present: int
    required: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


@dataclass(frozen=True)
class QuorumStatus:
    lines: tuple[QuorumLine, ...]

    @property
    def met(self) -> bool:
        return all(line.met for line in self.lines)


def is_voting(member: Member) -> bool:
    """Chairs and members score, propose and approve; a signer-only seat signs the PV."""
    return bool(VOTING_ROLES & set(member.roles))


class Room:
    def __init__(self, conn: Connection, manifest: Manifest) -> None:
        self.conn = conn
        self.manifest = manifest
        self.session = manifest.session
        self._driver: sqlite3.Connection | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        if self._driver is None:
            self._driver = driver(self.conn)
        return self._driver

    def _one(self, record: Any, sql: str, *params: object) -> Any:
        row = self._db.execute(sql, params).fetchone()
        return None if row is None else record._make(row)

    # -- identities -------------------------------------------------------------------
    def member(self, member_id: str) -> Member:
        try:
            return self.session.member(member_id)
        except KeyError:
            raise RuleError(
                "unknown-member", f"{member_id!r} is not a member of this jury."
            ) from None

    def candidate(self, candidate_id: str) -> Candidate:
        try:
            return self.manifest.candidate(candidate_id)
        except KeyError:
            raise RuleError(
                "unknown-candidate", f"{candidate_id!r} is not a candidate of this session."
            ) from None

    def scholarship(self, candidate_id: str) -> bool | None:
        """The candidate's scholarship flag: in clear in an older bundle's manifest, or,
        sealed, once its reveal opened it; None before (``phases/blind_fields.py``)."""
        found = self.candidate(candidate_id).scholarship
        return found if found is not None else self._opened_blind.get(candidate_id)

    def candidate_name(self, candidate_id: str) -> str | None:
        """The candidate's name: in clear in the manifest (not sealed), or, sealed, once its
        reveal opened it; None before. Whether a face may show it is the visibility rule's
        (``queries._blind``); this only never gives what the file does not hold in clear."""
        found = self.candidate(candidate_id).name
        return found if found is not None else self._opened_names.get(candidate_id)

    def blind_opened(self, candidate_id: str) -> bool:
        """Whether a reveal already opened this candidate's sealed blind fields."""
        return candidate_id in self._opened_blind or candidate_id in self._opened_names

    @cached_property
    def _opened_blind(self) -> dict[str, bool]:
        if "scholarship" not in self.manifest.sealed_fields:
            return {}
        rows = self._db.execute("SELECT candidate_id, scholarship FROM blind_field")
        return {str(cid): bool(value) for cid, value in rows}

    @cached_property
    def _opened_names(self) -> dict[str, str]:
        if "name" not in self.manifest.sealed_fields:
            return {}
        rows = self._db.execute("SELECT candidate_id, name FROM blind_name")
        return {str(cid): str(value) for cid, value in rows}

    def blind_salts(self, candidate_id: str) -> dict[str, str] | None:
        """The salts that open the candidate's sealed blind fields, once its reveal opened
        them (public since: the signed reveal event carries them); None before, or nothing
        sealed."""
        return self._blind_salts.get(candidate_id)

    @cached_property
    def _blind_salts(self) -> dict[str, dict[str, str]]:
        found: dict[str, dict[str, str]] = {}
        for field, table in (("scholarship", "blind_field"), ("name", "blind_name")):
            if field in self.manifest.sealed_fields:
                for cid, salt in self._db.execute(f"SELECT candidate_id, salt FROM {table}"):
                    found.setdefault(str(cid), {})[field] = str(salt)
        return found

    def forget_blind(self) -> None:
        """After the reveal wrote blind fields: read them again at the next question."""
        for cached in ("_opened_blind", "_opened_names", "_blind_salts"):
            self.__dict__.pop(cached, None)

    def blind_faults(self) -> dict[str, str]:
        """The candidates whose sealed blind field did not open at a reveal, with why
        (``phases/blind_fields.py``): never revealed, they may be recorded as non délibéré.
        Only a bundle that pins the reveal key can have any (the table is then read)."""
        if self.manifest.session.reveal_key is None or not self.manifest.seals_blind_fields:
            return {}
        if not self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'blind_fault'"
        ).fetchone():
            return {}  # a file read as it is, from before the table (``audit verify``)
        rows = self._db.execute("SELECT candidate_id, reason FROM blind_fault")
        return {str(cid): str(reason) for cid, reason in rows}

    def voter(self, member_id: str) -> Member:
        member = self.member(member_id)
        if not is_voting(member):
            raise RuleError(
                "not-a-voter",
                f"{member.name} signs the minutes but does not score, propose or approve.",
            )
        return member

    def chair(self, member_id: str) -> Member:
        member = self.member(member_id)
        if "chair" not in member.roles:
            raise RuleError("not-chair", "Only the jury chair may do this: ask the chair.")
        return member

    # -- session state ----------------------------------------------------------------
    def state(self) -> SessionState:
        return SessionState(self._db.execute("SELECT state FROM session_meta").fetchone()[0])

    def require_open(self) -> None:
        if self.state() != SessionState.OPEN:
            raise RuleError(
                "closed",
                "The session is closed and read-only: to change it, have the chair reopen it "
                "with a reason.",
            )

    def reveal_public(self) -> bytes | None:
        """A signed session's reveal key (public part), once the chair has made it."""
        row = self._db.execute("SELECT public FROM reveal_key").fetchone()
        return None if row is None else bytes(row[0])

    # -- attendance and quorum --------------------------------------------------------
    def present_ids(self) -> set[str]:
        rows = self._db.execute("SELECT member_id, kind FROM attendance ORDER BY id")
        last = {member: kind for member, kind in rows}
        return {member for member, kind in last.items() if kind == "in"}

    def attendance_changed(self) -> None:
        """Told by the one writer of ``attendance`` (``phases/attendance.py``) after each
        check-in or check-out: a room that keeps who is present (a desk batch's) forgets it."""

    def require_present(self, member: Member) -> None:
        if member.id not in self.present_ids():
            raise RuleError(
                "absent", f"{member.name} is not checked in. Check in at the desk first."
            )

    def quorum(self, present: set[str] | None = None) -> QuorumStatus:
        present = self.present_ids() if present is None else present
        counts = dict.fromkeys(self.session.institution_codes(), 0)
        for m in self.session.members:
            if m.id in present and is_voting(m):
                counts[m.institution] += 1
        quorum = self.session.quorum
        return QuorumStatus(tuple(QuorumLine(c, n, quorum[c]) for c, n in counts.items()))

    def require_quorum(self) -> None:
        status = self.quorum()
        if not status.met:
            short = ", ".join(
                f"{line.institution} {line.present}/{line.required}"
                for line in status.lines
                if not line.met
            )
            names = {i.code: i.name for i in self.session.institutions}
            raise RuleError(
                "quorum",
                f"The quorum is not met ({short} present): check in the members who arrive.",
                institutions=", ".join(
                    names[line.institution] for line in status.lines if not line.met
                ),
            )

    def eligible_present(self, candidate_id: str, present: set[str] | None = None) -> set[str]:
        """Present voting members not conflicted on the candidate: those who must seal."""
        present = self.present_ids() if present is None else present
        conflicted = self.conflicted_ids(candidate_id)
        return {
            m.id
            for m in self.session.members
            if m.id in present and is_voting(m) and m.id not in conflicted
        }

    # -- conflicts --------------------------------------------------------------------
    def conflicted_ids(self, candidate_id: str) -> set[str]:
        rows = self._db.execute(
            "SELECT member_id FROM conflict WHERE candidate_id = ?", (candidate_id,)
        )
        return {member for (member,) in rows}

    def is_conflicted(self, member_id: str, candidate_id: str) -> bool:
        return member_id in self.conflicted_ids(candidate_id)

    def require_not_conflicted(self, member: Member, candidate: Candidate) -> None:
        if self.is_conflicted(member.id, candidate.id):
            raise RuleError(
                "conflicted",
                f"{member.name} has a declared conflict with candidate {candidate.id} and may "
                "not score, see the scores of, or approve this candidate: choose a member "
                "without a conflict, or, if a school has none present, record the candidate "
                "as non délibéré.",
            )

    def active_participant(self, member_id: str, candidate_id: str) -> tuple[Member, Candidate]:
        """A present, voting, non-conflicted member acting on a candidate of an open session."""
        member = self.voter(member_id)
        candidate = self.candidate(candidate_id)
        self.require_open()
        self.require_present(member)
        self.require_not_conflicted(member, candidate)
        return member, candidate

    # -- sheets, reveal and tally -----------------------------------------------------
    def sheet(self, member_id: str, candidate_id: str) -> Record | None:
        return self._one(_SheetRecord, _SHEET_OF, member_id, candidate_id)

    def scores(self, sheet_id: int, revision: int) -> dict[str, float]:
        rows = self._db.execute(
            "SELECT criterion_id, value FROM sheet_score WHERE sheet_id = ? AND revision = ?",
            (sheet_id, revision),
        )
        return {criterion: float(value) for criterion, value in rows}

    @property
    def scores_nothing(self) -> bool:
        """Graduation rules that name no unit graded by the jury: nobody scores, so there is
        nothing blind and every candidate is deliberated from the transcript."""
        return transcript_only(self.session.graduation_rules)

    def is_revealed(self, candidate_id: str) -> bool:
        if self.scores_nothing:
            return True
        found = self._db.execute(
            "SELECT 1 FROM reveal WHERE candidate_id = ?", (candidate_id,)
        ).fetchone()
        return found is not None

    def require_revealed(self, candidate: Candidate) -> None:
        if not self.is_revealed(candidate.id):
            raise RuleError(
                "not-revealed",
                f"The scores for {candidate.id} are not revealed yet: have every present "
                "member seal first (or the chair forces the reveal).",
            )

    def require_not_revealed(self, candidate: Candidate) -> None:
        if self.scores_nothing:
            raise RuleError(
                "nothing-to-score",
                "The graduation rules name no unit graded by the jury: nobody scores, the "
                "deliberation starts from the transcript.",
            )
        if self.is_revealed(candidate.id):
            raise RuleError(
                "revealed",
                f"The scores for {candidate.id} are revealed: scoring is over for this candidate. "
                "Revise a sealed sheet instead, with a reason.",
            )

    def tally(self, candidate_id: str) -> Record | None:
        return self._one(_TallyRecord, _TALLY_OF, candidate_id)

    def unrevealed_with_both_institutions(
        self, candidate_id: str | None = None
    ) -> list[tuple[str, set[str]]]:
        """(candidate, members whose sheet counts) for the unrevealed candidates that have
        a counted sheet from each institution: the only ones a reveal may open."""
        query = select(Tally.candidate_id, Tally.sealed_members).where(
            col(Tally.candidate_id).not_in(select(Reveal.candidate_id)),
            Tally.sealed_members != "[]",
        )
        if candidate_id is not None:
            query = query.where(Tally.candidate_id == candidate_id)
        # From who sealed, not from the means: a signed session has none before the reveal.
        codes = set(self.session.institution_codes())
        out = []
        for cid, text in self.conn.execute(query):
            members = set(json.loads(text))
            if {self.session.member(m).institution for m in members} >= codes:
                out.append((cid, members))
        return out

    def counted_members(self, candidate_id: str) -> set[str]:
        row = self.tally(candidate_id)
        return set(json.loads(row.sealed_members)) if row is not None else set()

    def flags(self, candidate_id: str) -> tuple[str, ...]:
        row = self.tally(candidate_id)
        return tuple(json.loads(row.flags)) if row is not None else ()

    def has_note(self, candidate_id: str) -> bool:
        found = self._db.execute(
            "SELECT 1 FROM note WHERE candidate_id = ? LIMIT 1", (candidate_id,)
        ).fetchone()
        return found is not None

    def require_note_if_flagged(self, candidate: Candidate) -> None:
        flags = self.flags(candidate.id)
        if flags and not self.has_note(candidate.id):
            raise RuleError(
                "flag-needs-note",
                f"Candidate {candidate.id} is flagged ({', '.join(flags)}): add a discussion "
                "note before proposing or approving a decision.",
            )

    # -- proposals and approvals ------------------------------------------------------
    def current_proposal(self, candidate_id: str) -> Record | None:
        return self._one(_ProposalRecord, _CURRENT_PROPOSAL, candidate_id)

    def require_proposal(self, candidate: Candidate) -> Record:
        proposal = self.current_proposal(candidate.id)
        if proposal is None:
            raise RuleError(
                "no-proposal", f"There is no proposal for {candidate.id} to approve or object to."
            )
        return proposal

    def active_approvals(self, candidate_id: str) -> list[Record]:
        rows = self._db.execute(_ACTIVE_APPROVALS, (candidate_id,))
        return [_ApprovalRecord._make(row) for row in rows]

    def proposals(self, only: Collection[str] | None = None) -> list[Record]:
        """Every proposal, in the order made (the board and the minutes: set-wide), or
        those of the candidates ``only``."""
        where, params = _among(only, "WHERE")
        rows = self._db.execute(f"{_PROPOSAL} {where} ORDER BY id", params)
        return [_ProposalRecord._make(row) for row in rows]

    def standing_approvals(self, only: Collection[str] | None = None) -> list[Record]:
        """Every approval not voided, in the order given (set-wide), or those of the
        candidates ``only``."""
        where, params = _among(only, "AND")
        rows = self._db.execute(f"{_APPROVAL} WHERE voided_at IS NULL {where} ORDER BY id", params)
        return [_ApprovalRecord._make(row) for row in rows]

    def undecided(self) -> list[str]:
        """The candidates without a final decision (or an approved renvoi) yet, in bundle
        order: the session closes only when there is none."""
        return [c.id for c in self.manifest.candidates if not self.is_final(c.id)]

    def required_approvals(self, proposal: Record | None) -> dict[str, int]:
        """Per institution, how many approvals ``proposal`` needs: the bundle's from each
        institution, or a renvoi's own (the institutions that still could when it was
        recorded, ``able_to_approve``)."""
        approvers = getattr(proposal, "approvers", None)
        if approvers is not None:
            needed = json.loads(approvers)
            return {code: needed.get(code, 0) for code in self.session.institution_codes()}
        return dict(self._bundle_approvals)

    @cached_property
    def _bundle_approvals(self) -> dict[str, int]:
        # Asked for each candidate of the board: worked out once per read.
        return {
            code: self.session.approvals_needed(code) for code in self.session.institution_codes()
        }

    def approvals_missing(
        self, approvals: Iterable[Record], proposal: Record | None = None
    ) -> dict[str, int]:
        """Per institution, how many more approvals its slot needs (0 once it is filled, or
        when ``proposal`` needs none from it)."""
        needed = self.required_approvals(proposal)
        for approval in approvals:
            if approval.institution in needed:
                needed[approval.institution] -= 1
        return {code: max(0, n) for code, n in needed.items()}

    def is_final(
        self,
        candidate_id: str,
        approvals: Iterable[Record] | None = None,
        proposal: Record | None | Literal["read"] = "read",
    ) -> bool:
        """Whether the current proposal has every approval it needs (``proposal``: the
        current one if already read, None if there is none)."""
        if proposal == "read":
            proposal = self.current_proposal(candidate_id)
        if proposal is None:
            return False
        approvals = self.active_approvals(candidate_id) if approvals is None else approvals
        return not any(self.approvals_missing(approvals, proposal).values())

    # -- no dead ends -----------------------------------------------------------------
    def eligible_by_institution(
        self, candidate_id: str, present: set[str] | None = None
    ) -> dict[str, int]:
        """Per institution, its present voting members not conflicted on the candidate."""
        eligible = self.eligible_present(candidate_id, present)
        counts = dict.fromkeys(self.session.institution_codes(), 0)
        for member in self.session.members:
            if member.id in eligible:
                counts[member.institution] += 1
        return counts

    def cannot_deliberate(self, candidate_id: str) -> dict[str, tuple[int, int]]:
        """The institutions that cannot deliberate the candidate now: {code: (eligible
        present members, approvals it must give)}, for each one with fewer eligible present
        members than the approvals it must give (at least one, who also scores). Empty: the
        candidate can be deliberated, and may not be recorded as non délibéré."""
        counts = self.eligible_by_institution(candidate_id)
        return {
            code: (count, needed)
            for code, count in counts.items()
            if count < (needed := self.session.approvals_needed(code))
        }

    def may_be_referred_back(self, candidate_id: str) -> bool:
        """Whether the candidate may be recorded as non délibéré — renvoyé: an institution
        cannot deliberate it now, or its sealed blind field did not open at the reveal (it
        can then never be revealed). The one rule ``record_renvoi`` and the faces read."""
        return bool(self.cannot_deliberate(candidate_id)) or candidate_id in self.blind_faults()

    def able_to_approve(self, candidate_id: str) -> dict[str, int]:
        """Who approves a renvoi ("the institutions that still can"): each institution with
        at least one eligible present member, for as many approvals as the bundle asks of
        it, or as it has eligible present members if fewer. Never empty when a present,
        non-conflicted member records the renvoi (their own institution is in it); empty
        only when nobody present is free to act on the candidate, and the chair records it
        (``decisions.record_renvoi``): it is then final as recorded."""
        counts = self.eligible_by_institution(candidate_id)
        return {
            code: min(count, self.session.approvals_needed(code))
            for code, count in counts.items()
            if count > 0
        }
