"""Read models: what the faces (GUI, CLI) receive from the service.

Frozen dataclasses of plain values; no ORM row leaves the service. Every model is built
for one viewer and already filtered by the visibility rule: no score of a candidate before
its reveal (except the viewer's own, in their worklist and detail), and no score, sheet,
note or revision of a candidate the viewer is conflicted on, ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from jury_desk.bundle.manifest import AcademicRecord, ConflictCategory, Programme
from jury_desk.core.eligibility import EligibilityCheck
from jury_desk.core.proposals import Decision, Mention, ProposedDecision, Reason
from jury_desk.core.scholarship import ScholarshipShare
from jury_desk.deliberation.room import QuorumLine, QuorumStatus
from jury_desk.deliberation.states import CandidateState, SessionState

__all__ = [
    "ApprovalView",
    "AttendanceEntry",
    "BoardRow",
    "BoardView",
    "CandidateDetail",
    "ConflictView",
    "GraduateView",
    "NoteView",
    "ObjectionView",
    "ProposalView",
    "QuorumLine",
    "QuorumStatus",
    "ReconciliationView",
    "RevisionView",
    "RuleProposalView",
    "SealReceipt",
    "SheetView",
    "SignedIn",
    "WorklistItem",
]

# Candidate states, in the order a candidate goes through them (``states`` has the rest).
STATES: tuple[CandidateState, ...] = tuple(CandidateState)
AttendanceKind = Literal["in", "out"]
ConflictSource = Literal["bundle", "room"]  # declared in the bundle, or in the room
ProposalSource = Literal["rule", "jury"]
# A member's own sheet for a candidate; "closed": revealed while they had not sealed.
SheetStatus = Literal["to-score", "draft", "sealed", "conflicted", "closed"]


@dataclass(frozen=True)
class SignedIn:
    member_id: str
    name: str
    institution: str
    roles: tuple[str, ...]
    at: str
    # A signed session: the member's unsealed drafts, {candidate: {criterion: score}}, read
    # once with their unlocked key. The desk holds them while the member is signed in, and
    # passes what it showed to ``seal`` (which refuses a draft that differs).
    drafts: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    @property
    def is_chair(self) -> bool:
        return "chair" in self.roles


@dataclass(frozen=True)
class SealReceipt:
    """Returned once the sealed sheet is committed to disk."""

    member_id: str
    candidate_id: str
    commitment: str
    sealed_at: str
    revealed: bool  # this seal completed the candidate and revealed its scores


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: str
    name: str
    institution: str
    kind: AttendanceKind
    at: str


@dataclass(frozen=True)
class ConflictView:
    member_id: str
    member_name: str
    candidate_id: str
    source: ConflictSource
    category: ConflictCategory
    note: str
    at: str


@dataclass(frozen=True)
class ProposalView:
    source: ProposalSource
    decision: ProposedDecision  # RENVOI: non délibéré — renvoyé, the justification its reason
    mention: Mention | None
    justification: str
    author: str
    at: str
    jury_points: float | None = None  # points de jury the proposal adds to the average
    # A renvoi's approvals per institution (0: the institution could not approve it)
    approvers: Mapping[str, int] | None = None
    #: its number in the session: a member desk's approval or objection names it (issue 12)
    id: int = 0


@dataclass(frozen=True)
class RuleProposalView:
    decision: Decision
    mention: Mention | None
    grounds: tuple[Reason, ...]  # by code, for the faces to word in their language

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in the core's English (a rule decision's stored justification)."""
        return tuple(reason.text for reason in self.grounds)


@dataclass(frozen=True)
class ApprovalView:
    member_id: str
    member_name: str
    institution: str
    at: str


@dataclass(frozen=True)
class ObjectionView:
    member_id: str
    member_name: str
    reason: str
    at: str


@dataclass(frozen=True)
class ReconciliationView:
    institution_means: Mapping[str, float | None]
    overall: float | None
    gap: float | None
    spread: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class GraduateView:
    """A graduate's figures on the chair's board (rules that weigh units), once the viewer
    may see them: the diploma average, the requirements and the rules' proposal."""

    average: float | None  # None while a unit has no grade
    ects: float  # validated (with the jury unit's, once it earns them)
    ects_required: float
    business_cases: int
    business_cases_required: int
    placement: str | None  # its status; None when the degree requires none
    proposal: RuleProposalView | None  # None until the jury unit has its grade
    missing: tuple[str, ...]  # every missing requirement: check names, then unit codes
    near_mark: float | None  # the mark the average is just below (within the margin)
    borderline: bool


@dataclass(frozen=True)
class BoardRow:
    candidate_id: str
    name: str | None  # None while "name" is a blind field and scoring is on
    state: CandidateState
    sealed: int
    expected: int  # sheets that count once every present eligible member has sealed
    scores_visible: bool
    reconciliation: ReconciliationView | None  # None unless scores_visible
    has_note: bool
    proposal: ProposalView | None
    approvals: Mapping[str, tuple[ApprovalView, ...]]  # institution -> approvals
    approvals_missing: Mapping[str, int]  # per institution, 0 once its slot is filled
    conflicts: int
    viewer_conflicted: bool
    graduate: GraduateView | None = None  # graduation on the diploma average, when visible
    # Who has sealed a counted sheet (never what): the room sees the seals arrive (issue 12).
    sealed_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardView:
    viewer: str
    session_state: SessionState
    quorum: QuorumStatus
    rows: tuple[BoardRow, ...]
    scholarship: ScholarshipShare | None  # admission sessions only
    audit_head: str
    # Open, and every candidate final: what closing waits for (the chair's presence and the
    # quorum are checked when the chair closes).
    ready_to_close: bool
    # Graduation on the diploma average: the candidates, borderline ones first (for the
    # viewer: a candidate whose figures they may not see is among the others).
    borderline_first: tuple[str, ...] = ()
    # What the chair's *ouverture des plis* (``open_ready``) would open now: unrevealed,
    # every present eligible member sealed, a sheet from each institution, the quorum met.
    ready_to_open: tuple[str, ...] = ()
    # Candidates not settled yet whose sealed blind field did not open at a reveal, with
    # why (``CandidateDetail.blind_fault``): each waits for its renvoi.
    blind_faults: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WorklistItem:
    candidate_id: str
    name: str | None
    status: SheetStatus
    scores: Mapping[str, float]  # the member's own, current revision
    total: float | None  # own weighted total, once sealed
    revealed: bool


@dataclass(frozen=True)
class SheetView:
    member_id: str
    member_name: str
    institution: str
    scores: Mapping[str, float]
    total: float
    revision: int
    sealed_at: str


@dataclass(frozen=True)
class RevisionView:
    member_id: str
    revision: int
    reason: str
    at: str
    scores: Mapping[str, float]
    previous: Mapping[str, float]


@dataclass(frozen=True)
class NoteView:
    author: str
    author_name: str
    text: str
    at: str


#: Why a sealed sheet is void (``phases/blind.py``): its envelope does not open (or not to
#: its commitment), or its scores are off the rubric.
VOID_ENVELOPE = "envelope"
VOID_RUBRIC = "rubric"


@dataclass(frozen=True)
class VoidSheetView:
    """A sealed sheet the chair's reveal did not count (``phases/blind.py``): whose, why,
    never what (an off-rubric sheet's opened scores stay in the log, not here)."""

    candidate_id: str
    member_id: str
    member_name: str
    reason: str  # VOID_ENVELOPE | VOID_RUBRIC
    forced: bool  # found by a forced reveal (the others were counted)
    at: str
    sealed_again: bool  # the member has sealed a new sheet since


@dataclass(frozen=True)
class CandidateDetail:
    candidate_id: str
    name: str | None
    programme: Programme
    scholarship: bool | None  # None while blind
    record: AcademicRecord | None  # None while blind (or for admission)
    documents: tuple[str, ...]  # empty while blind
    eligibility: tuple[EligibilityCheck, ...]  # graduation, once the record is visible
    state: CandidateState
    revealed: bool
    viewer_conflicted: bool
    own_status: SheetStatus
    own_scores: Mapping[str, float]
    conflicts: tuple[ConflictView, ...]
    sheets: tuple[SheetView, ...] = ()  # revealed sheets, only for a viewer who may see them
    reconciliation: ReconciliationView | None = None
    notes: tuple[NoteView, ...] = ()
    revisions: tuple[RevisionView, ...] = ()
    proposal: ProposalView | None = None
    rule_proposal: RuleProposalView | None = None
    approvals: tuple[ApprovalView, ...] = ()
    objections: tuple[ObjectionView, ...] = ()
    approvals_missing: Mapping[str, int] = field(default_factory=dict)  # 0: slot filled
    # No dead ends: the institutions that cannot deliberate this candidate now, as
    # {code: (eligible members present, approvals it gives)}; not empty: it may be recorded
    # as non délibéré — renvoyé (``DeliberationService.record_renvoi``).
    cannot_deliberate: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # Who may act on the candidate now (present, voting, not conflicted): write a note,
    # propose, approve for their own school. The faces offer these names and no other.
    actors: tuple[str, ...] = ()
    # Who may record it as non délibéré — renvoyé: the actors, or the chair alone when
    # nobody present is free to act on it (``decisions.record_renvoi``).
    renvoi_authors: tuple[str, ...] = ()
    # Whether it may be recorded so now (``Room.may_be_referred_back``: the rule's answer).
    renvoi_open: bool = False
    # Why its sealed blind field did not open at the reveal ("envelope": not with the
    # chair's key; "commitment": to another value than the signed one), if it did not: it
    # is then never revealed, and may be recorded as non délibéré — renvoyé.
    blind_fault: str | None = None
    # Who has sealed a counted sheet, and who present and free to score has not yet (never
    # what): the pane shows the seals arriving (issue 12).
    sealed_by: tuple[str, ...] = ()
    awaited: tuple[str, ...] = ()
    # The sealed sheets its reveals did not count, and why (never a score): the chair sees
    # who must seal again (issue 12).
    void_sheets: tuple[VoidSheetView, ...] = ()
