"""The queries that build the read models (``readmodels``) from the store, one viewer at
a time.

The visibility rule lives in ``_may_see_scores``: scores of a candidate reach a viewer only
after the reveal and only if the viewer is not conflicted on that candidate. The board is
built from a handful of set-wide queries plus the cached tallies, so it stays fast for
thousands of candidates.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from sqlalchemy import Row
from sqlmodel import col, select

from jury_desk.bundle.manifest import Candidate, Member
from jury_desk.core.eligibility import EligibilityCheck, graduation_eligibility
from jury_desk.core.errors import RuleError
from jury_desk.core.graduates import Graduate, assessments
from jury_desk.core.proposals import (
    RENVOI,
    propose_admission,
    propose_diploma,
    propose_graduation,
)
from jury_desk.core.reconcile import Reconciliation
from jury_desk.core.scholarship import ScholarshipShare, scholarship_share
from jury_desk.deliberation import void_views
from jury_desk.deliberation.readmodels import (
    ApprovalView,
    AttendanceEntry,
    BoardRow,
    BoardView,
    CandidateDetail,
    ConflictView,
    GraduateView,
    NoteView,
    ObjectionView,
    ProposalView,
    ReconciliationView,
    RevisionView,
    RuleProposalView,
    SheetStatus,
    SheetView,
    WorklistItem,
)
from jury_desk.deliberation.room import Room, is_voting
from jury_desk.deliberation.states import SETTLED, CandidateState, SessionState
from jury_desk.store.audit import head
from jury_desk.store.tables import (
    Attendance,
    Conflict,
    Note,
    Objection,
    Proposal,
    Reveal,
    Sheet,
    SheetRevision,
    SheetScore,
    Tally,
)

# -- small conversions -----------------------------------------------------------------
_json = json.JSONDecoder().decode  # the tallies' own canonical JSON: no need for strictness


@functools.lru_cache(maxsize=256)
def _members(members_json: str) -> frozenset[str]:
    """A tally's counted members: most candidates share the same few lists (everyone but
    a conflicted member), so the board parses each list once, not 2,000 times."""
    return frozenset(_json(members_json))


def _in_order(means_json: str, codes: list[str]) -> dict[str, float | None]:
    means = _json(means_json)
    return {code: means[code] for code in codes}  # the jury's order, not the JSON's


def _reconciliation(tally: Row, codes: list[str]) -> Reconciliation:
    return Reconciliation(
        institution_means=_in_order(tally.means, codes),
        overall=tally.overall,
        gap=tally.gap,
        spread=tally.spread,
        flags=tuple(_json(tally.flags)),
    )


def reconciliation_view(room: Room, tally: Row) -> ReconciliationView:
    rec = _reconciliation(tally, room.session.institution_codes())
    return ReconciliationView(rec.institution_means, rec.overall, rec.gap, rec.spread, rec.flags)


def _proposal_view(room: Room, row: Row) -> ProposalView:
    approvers = room.required_approvals(row) if row.approvers is not None else None
    return ProposalView(
        row.source, row.decision, row.mention, row.justification, row.author, row.at,
        row.jury_points, approvers, row.id,
    )  # fmt: skip


def _shown_proposal(
    room: Room, row: Row | None, visible: bool, conflicted: bool
) -> ProposalView | None:
    """The proposal a viewer sees: after the reveal; a renvoi (which holds no score) also
    before it. Never for a conflicted viewer."""
    if row is None or conflicted or not (visible or row.decision == RENVOI):
        return None
    return _proposal_view(room, row)


def _approval_view(room: Room, row: Row) -> ApprovalView:
    return ApprovalView(row.member_id, room.member(row.member_id).name, row.institution, row.at)


def _blind(room: Room, revealed: bool) -> frozenset[str]:
    return frozenset() if revealed else frozenset(room.session.blind_fields)


def _shown_name(room: Room, candidate_id: str, revealed: bool) -> str | None:
    """THE name rule: a blind name is shown to nobody before the reveal; after it, the name
    the reveal opened (a sealed one) or the manifest's (in clear)."""
    if not revealed and "name" in room.session.blind_fields:
        return None
    return room.candidate_name(candidate_id)


def _may_see_scores(revealed: bool, viewer_conflicted: bool) -> bool:
    """THE visibility rule: after the reveal, and never for a conflicted viewer."""
    return revealed and not viewer_conflicted


def candidate_state(
    revealed: bool,
    flags: Iterable[str],
    has_note: bool,
    proposal: Row | None,
    last_withdrawn_why: str | None,
    approvals: list[Row],
    room: Room,
    missing: Mapping[str, int] | None = None,
) -> CandidateState:
    """A candidate's state, derived from the store (never stored; ``states`` has the
    transitions between them). A renvoi counts whether the candidate is revealed or not.
    ``missing``: ``room.approvals_missing(approvals, proposal)``, if already counted."""
    renvoi = proposal is not None and proposal.decision == RENVOI
    if not revealed and not renvoi:
        return CandidateState.SCORING
    if proposal is None:
        needs_talk = (any(flags) and not has_note) or last_withdrawn_why == "objection"
        return CandidateState.DISCUSSION if needs_talk else CandidateState.REVEALED
    if missing is None:
        missing = room.approvals_missing(approvals, proposal)
    if not any(missing.values()):  # Room.is_final, with the count already made
        return CandidateState.NOT_DELIBERATED if renvoi else CandidateState.FINAL
    if not approvals:
        return CandidateState.PROPOSED
    return CandidateState.APPROVED_PARTIAL


def rule_proposal(room: Room, candidate: Candidate) -> RuleProposalView:
    """The rules' proposal from the cached tally (raises ``not-reconciled`` without one)."""
    return rule_proposal_from(room, candidate, room.tally(candidate.id))


def rule_proposal_from(room: Room, candidate: Candidate, tally: Row | None) -> RuleProposalView:
    """``rule_proposal`` from a tally already read (the minutes read them all at once)."""
    codes = room.session.institution_codes()
    rec = (
        _reconciliation(tally, codes)
        if tally is not None
        else Reconciliation({}, None, None, None, ())
    )
    session = room.session
    if session.kind == "admission":
        proposal = propose_admission(rec, session.thresholds)
    elif (rules := session.graduation_rules) is not None and rules.units:
        graduate = assessments(rules)(candidate, rec.overall)
        if graduate.proposal is None:  # the jury unit has no grade yet: say which
            proposal = propose_diploma(graduate.diploma, graduate.checks, rules)
        else:
            proposal = graduate.proposal
    else:
        assert rules is not None and candidate.record is not None
        checks = graduation_eligibility(candidate.record, rules)
        proposal = propose_graduation(rec, checks, rules)
    return RuleProposalView(proposal.decision, proposal.mention, proposal.grounds)


# -- set-wide lookups (one query each) ------------------------------------------------
# ``only``: the lookups of those candidates alone (the board's rows that an act changed).
def _among(query: Any, column: Any, only: Collection[str] | None) -> Any:
    return query if only is None else query.where(col(column).in_(only))


def conflicts_by_candidate(room: Room, only: Collection[str] | None = None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    query = _among(select(Conflict.member_id, Conflict.candidate_id), Conflict.candidate_id, only)
    for member_id, candidate_id in room.conn.execute(query):
        out[candidate_id].add(member_id)
    return out


def _revealed(room: Room, only: Collection[str] | None = None) -> set[str]:
    if room.scores_nothing:
        return {c.id for c in room.manifest.candidates}
    query = _among(select(Reveal.candidate_id), Reveal.candidate_id, only)
    return set(room.conn.execute(query).scalars())


def proposal_history(
    room: Room, only: Collection[str] | None = None
) -> tuple[dict[str, Row], dict[str, str | None]]:
    """(current proposal, why the last withdrawn one went) per candidate."""
    current: dict[str, Row] = {}
    last_why: dict[str, str | None] = {}
    for row in room.proposals(only):
        if row.withdrawn_at is None:
            current[row.candidate_id] = row
        else:
            last_why[row.candidate_id] = row.withdrawn_why
    return current, last_why


def active_approvals(room: Room, only: Collection[str] | None = None) -> dict[str, list[Row]]:
    """Every candidate's approvals still standing, in order: one query for the session."""
    out: dict[str, list[Row]] = defaultdict(list)
    for row in room.standing_approvals(only):
        out[row.candidate_id].append(row)
    return out


def _by_institution(room: Room, approvals: list[Row]) -> dict[str, tuple[ApprovalView, ...]]:
    """Approvals per institution slot (every slot present, empty or not)."""
    slots: dict[str, list[ApprovalView]] = {code: [] for code in room.session.institution_codes()}
    for a in approvals:
        if a.institution in slots:
            slots[a.institution].append(_approval_view(room, a))
    return {code: tuple(views) for code, views in slots.items()}


def required_approvals(room: Room) -> dict[str, int]:
    return {code: room.session.approvals_needed(code) for code in room.session.institution_codes()}


def admitted_scholarship(room: Room, proposals: Mapping[str, Row]) -> ScholarshipShare | None:
    """Scholarship holders among the candidates currently proposed for admission."""
    if room.session.kind != "admission":
        return None
    # A flag sealed in the bundle counts once its reveal opened it (an admission follows
    # the reveal): nothing is computed from a blind field before.
    flags = [
        flag
        for c in room.manifest.candidates
        if (p := proposals.get(c.id)) is not None
        and p.decision == "admit"
        and (flag := room.scholarship(c.id)) is not None
    ]
    return scholarship_share(flags, room.session.scholarship_target)


# -- the board -------------------------------------------------------------------------
_NOBODY: frozenset[str] = frozenset()  # no conflict on a candidate
_TALLY_COLUMNS = (
    Tally.candidate_id,
    Tally.sealed_members,
    Tally.means,
    Tally.overall,
    Tally.gap,
    Tally.spread,
    Tally.flags,
)


def board(room: Room, viewer_id: str) -> BoardView:
    """Every candidate's row, for one viewer (``board_cache`` keeps them between reads)."""
    rows, proposals = board_rows(room, viewer_id)
    return board_view(room, viewer_id, rows, proposals, head(room.conn))


def board_rows(
    room: Room, viewer_id: str, only: Collection[str] | None = None
) -> tuple[dict[str, BoardRow], dict[str, Row]]:
    """The board's rows for one viewer, in the bundle's order, of every candidate or of
    those ``only``; and their current proposals. Built from set-wide queries and the cached
    tallies (no per-candidate query, no reconciliation): a few ms per 1,000 candidates."""
    viewer = room.member(viewer_id)
    codes = room.session.institution_codes()
    conflicts = conflicts_by_candidate(room, only)
    revealed = _revealed(room, only)
    query = _among(select(*map(col, _TALLY_COLUMNS)), Tally.candidate_id, only)
    tally_rows: Iterable[Sequence[Any]] = room.conn.execute(query)
    tallies = {row[0]: row[1:] for row in tally_rows}
    noted_query = _among(select(Note.candidate_id).distinct(), Note.candidate_id, only)
    noted = set(room.conn.execute(noted_query).scalars())
    proposals, last_why = proposal_history(room, only)
    approvals = active_approvals(room, only)
    voters = present_voters(room)
    # Shared by every row, so read-only.
    none_given = MappingProxyType(room.approvals_missing(()))
    no_approvals = MappingProxyType({code: () for code in codes})
    assess = graduate_views(room)
    rows: dict[str, BoardRow] = {}
    candidates = room.manifest.candidates if only is None else [room.candidate(cid) for cid in only]
    for candidate in candidates:
        cid = candidate.id
        members_json, means_json, overall, gap, spread, flags_json = tallies[cid]
        counted = _members(members_json)
        flags = () if flags_json == "[]" else tuple(_json(flags_json))
        against = conflicts.get(cid, _NOBODY)
        is_revealed = cid in revealed
        conflicted = viewer.id in against
        visible = _may_see_scores(is_revealed, conflicted)
        proposal = proposals.get(cid)
        cand_approvals = approvals.get(cid, [])
        missing = (
            room.approvals_missing(cand_approvals, proposal)
            if cand_approvals or (proposal is not None and proposal.approvers)
            else none_given
        )
        rows[cid] = BoardRow(
            candidate_id=cid,
            name=_shown_name(room, cid, is_revealed),
            state=candidate_state(
                is_revealed,
                flags,
                cid in noted,
                proposal,
                last_why.get(cid),
                cand_approvals,
                room,
                missing,
            ),
            sealed=len(counted),
            sealed_by=tuple(sorted(counted)),
            expected=expected_sheets(counted, voters, against),
            scores_visible=visible,
            reconciliation=(
                ReconciliationView(_in_order(means_json, codes), overall, gap, spread, flags)
                if visible
                else None
            ),
            has_note=cid in noted,
            proposal=_shown_proposal(room, proposal, visible, conflicted),
            approvals=_by_institution(room, cand_approvals) if cand_approvals else no_approvals,
            approvals_missing=missing,
            conflicts=len(against),
            viewer_conflicted=conflicted,
            graduate=assess(candidate, overall) if assess is not None and visible else None,
        )
    return rows, proposals


def present_voters(room: Room) -> list[str]:
    """The voting members present, in the bundle's order."""
    present = room.present_ids()
    return [m.id for m in room.session.members if is_voting(m) and m.id in present]


def expected_sheets(
    counted: Collection[str], voters: Iterable[str], against: Collection[str]
) -> int:
    """A row's sheets to expect: those counted, and one from each present voter who has not
    sealed and is not conflicted."""
    return len(counted) + sum(1 for v in voters if v not in counted and v not in against)


def board_view(
    room: Room,
    viewer_id: str,
    by_candidate: Mapping[str, BoardRow],
    proposals: Mapping[str, Row],
    audit_head: tuple[int, str],
) -> BoardView:
    """The board from every candidate's row (``board_rows``) and current proposal."""
    state = room.state()
    rows = tuple(by_candidate.values())
    quorum = room.quorum(room.present_ids())
    return BoardView(
        viewer=room.member(viewer_id).id,
        session_state=state,
        quorum=quorum,
        rows=rows,
        scholarship=admitted_scholarship(room, proposals),
        audit_head=audit_head[1],
        # Each row's "final" (or approved renvoi) is Room.is_final, as close_session's
        # Room.undecided() asks.
        ready_to_close=state == "open" and all(row.state in SETTLED for row in rows),
        borderline_first=(
            tuple(
                [r.candidate_id for r in rows if r.graduate and r.graduate.borderline]
                + [r.candidate_id for r in rows if not (r.graduate and r.graduate.borderline)]
            )
            if (rules := room.session.graduation_rules) is not None and rules.units
            else ()
        ),
        ready_to_open=ready_to_open(room, rows) if state == "open" and quorum.met else (),
        blind_faults={
            cid: why
            for cid, why in room.blind_faults().items()
            if by_candidate[cid].state not in SETTLED
        },
    )


def ready_to_open(room: Room, rows: Iterable[BoardRow]) -> tuple[str, ...]:
    """``phases.scoring.open_ready``'s condition, read from the board's rows: a row's
    ``expected`` counts each present eligible voter who has not sealed (``expected_sheets``),
    so ``expected <= sealed`` is "every one of them sealed". The act checks it again."""
    codes = set(room.session.institution_codes())
    faulty = room.blind_faults()  # never revealed (``scoring._ready``)
    return tuple(
        row.candidate_id
        for row in rows
        if row.state == CandidateState.SCORING
        and row.expected <= row.sealed
        and {room.session.member(m).institution for m in row.sealed_by} >= codes
        and row.candidate_id not in faulty
    )


def graduate_views(room: Room) -> Callable[[Candidate, float | None], GraduateView] | None:
    """What the board shows of a graduate from the jury unit's reconciled grade (the tally's
    overall), or None unless the rules weigh units."""
    rules = room.session.graduation_rules
    if rules is None or not rules.units:
        return None
    kept = assessments(rules)
    by_jury = rules.jury_unit is not None
    # Frozen, so made once per (graduate, jury grade) like the assessment it words.
    views: dict[tuple[str, float | None], GraduateView] = kept.memo.setdefault("views", {})

    def view(candidate: Candidate, overall: float | None) -> GraduateView:
        key = (candidate.id, overall if by_jury else None)
        found = views.get(key)
        if found is None:
            found = views[key] = _graduate_view(kept(candidate, key[1]))
        return found

    return view


def _graduate_view(g: Graduate) -> GraduateView:
    ects, cases, *placement = g.checks
    p = g.proposal
    return GraduateView(
        average=g.average,
        ects=ects.actual_amount or 0.0,
        ects_required=ects.required_amount or 0.0,
        business_cases=int(cases.actual_amount or 0),
        business_cases_required=int(cases.required_amount or 0),
        placement=(
            (placement[0].placement.status if placement[0].placement else "missing")
            if placement
            else None
        ),
        proposal=RuleProposalView(p.decision, p.mention, p.grounds) if p else None,
        missing=g.missing,
        near_mark=g.near_mark,
        borderline=g.borderline,
    )


# -- a member's worklist ---------------------------------------------------------------
def _own_sheets(room: Room, member_id: str) -> dict[str, tuple[Row, dict[str, float]]]:
    sheets: dict[str, tuple[Row, dict[str, float]]] = {
        row.candidate_id: (row, {})
        for row in room.conn.execute(select(Sheet).where(Sheet.member_id == member_id))
    }
    by_id = {row.id: scores for row, scores in sheets.values()}
    rows = room.conn.execute(
        select(SheetScore.sheet_id, SheetScore.criterion_id, SheetScore.value)
        .join(Sheet, col(Sheet.id) == SheetScore.sheet_id)
        .where(Sheet.member_id == member_id, SheetScore.revision == Sheet.revision)
    )
    for sheet_id, criterion_id, value in rows:
        by_id[sheet_id][criterion_id] = float(value)
    return sheets


def _own_status(sheet: Row | None, conflicted: bool, revealed: bool) -> SheetStatus:
    if conflicted:
        return "conflicted"
    if sheet is not None and sheet.status == "sealed":
        return "sealed"
    if revealed:
        return "closed"  # revealed before this member sealed: no more scoring
    return "draft" if sheet is not None else "to-score"


def worklist(room: Room, member_id: str) -> tuple[WorklistItem, ...]:
    member = room.member(member_id)
    conflicts = conflicts_by_candidate(room)
    revealed = _revealed(room)
    own = _own_sheets(room, member.id)
    items = []
    for candidate in room.manifest.candidates:
        conflicted = member.id in conflicts[candidate.id]
        is_revealed = candidate.id in revealed
        sheet, scores = own.get(candidate.id, (None, {}))
        status = _own_status(sheet, conflicted, is_revealed)
        items.append(
            WorklistItem(
                candidate_id=candidate.id,
                name=_shown_name(room, candidate.id, is_revealed),
                status=status,
                scores={} if conflicted else scores,
                total=sheet.total if sheet is not None and status == "sealed" else None,
                revealed=is_revealed,
            )
        )
    return tuple(items)


# -- a candidate's detail --------------------------------------------------------------
def conflict_views(room: Room, candidate_id: str | None = None) -> tuple[ConflictView, ...]:
    query = select(Conflict).order_by(col(Conflict.id))
    if candidate_id is not None:
        query = query.where(Conflict.candidate_id == candidate_id)
    return tuple(
        ConflictView(
            row.member_id,
            room.member(row.member_id).name,
            row.candidate_id,
            row.source,
            row.category,
            row.note,
            row.at,
        )
        for row in room.conn.execute(query)
    )


def sheet_views(room: Room, candidate_id: str) -> tuple[SheetView, ...]:
    views = []
    for member_id in sorted(room.counted_members(candidate_id)):
        sheet = room.sheet(member_id, candidate_id)
        assert sheet is not None
        member = room.member(member_id)
        views.append(
            SheetView(
                member_id,
                member.name,
                member.institution,
                room.scores(sheet.id, sheet.revision),
                float(sheet.total),
                sheet.revision,
                sheet.sealed_at,
            )
        )
    return tuple(views)


def revision_views(room: Room, candidate_id: str) -> tuple[RevisionView, ...]:
    rows = room.conn.execute(
        select(Sheet.id, Sheet.member_id, SheetRevision.revision, SheetRevision.reason)
        .add_columns(col(SheetRevision.at))
        .join(SheetRevision, col(SheetRevision.sheet_id) == Sheet.id)
        .where(col(Sheet.candidate_id) == candidate_id)
        .order_by(col(SheetRevision.id))
    )
    return tuple(
        RevisionView(
            member_id,
            revision,
            reason,
            at,
            room.scores(sheet_id, revision),
            room.scores(sheet_id, revision - 1),
        )
        for sheet_id, member_id, revision, reason, at in rows
    )


def note_views(room: Room, candidate_id: str) -> tuple[NoteView, ...]:
    rows = room.conn.execute(
        select(Note).where(Note.candidate_id == candidate_id).order_by(col(Note.id))
    )
    return tuple(NoteView(r.author, room.member(r.author).name, r.text, r.at) for r in rows)


def _objection_views(room: Room, candidate_id: str) -> tuple[ObjectionView, ...]:
    rows = room.conn.execute(
        select(Objection).where(Objection.candidate_id == candidate_id).order_by(col(Objection.id))
    )
    return tuple(
        ObjectionView(r.member_id, room.member(r.member_id).name, r.reason, r.at) for r in rows
    )


def eligibility_checks(room: Room, candidate: Candidate) -> tuple[EligibilityCheck, ...]:
    rules = room.session.graduation_rules
    if rules is None or candidate.record is None:
        return ()
    jury_grade = None
    if rules.jury_unit is not None and room.is_revealed(candidate.id):
        tally = room.tally(candidate.id)
        jury_grade = tally.overall if tally is not None else None
    return graduation_eligibility(candidate.record, rules, jury_grade)


def _safe_rule_proposal(room: Room, candidate: Candidate) -> RuleProposalView | None:
    try:
        return rule_proposal(room, candidate)
    except RuleError:  # e.g. not reconciled: an institution has no counted sheet
        return None


def candidate_detail(room: Room, viewer_id: str, candidate_id: str) -> CandidateDetail:
    viewer = room.member(viewer_id)
    candidate = room.candidate(candidate_id)
    revealed = room.is_revealed(candidate.id)
    conflicted = room.is_conflicted(viewer.id, candidate.id)
    blind = _blind(room, revealed)
    own = room.sheet(viewer.id, candidate.id)
    own_scores = {} if own is None or conflicted else room.scores(own.id, own.revision)
    proposal = room.current_proposal(candidate.id)
    approvals = room.active_approvals(candidate.id)
    last_why = room.conn.execute(
        select(Proposal.withdrawn_why)
        .where(Proposal.candidate_id == candidate.id, col(Proposal.withdrawn_at).is_not(None))
        .order_by(col(Proposal.id).desc())
    ).first()
    sealed_by, awaited = _seals(room, candidate.id)
    detail = CandidateDetail(
        candidate_id=candidate.id,
        name=_shown_name(room, candidate.id, revealed),
        programme=candidate.programme,
        scholarship=None if "scholarship" in blind else room.scholarship(candidate.id),
        record=None if "record" in blind else candidate.record,
        documents=() if "documents" in blind else tuple(candidate.documents),
        eligibility=() if "record" in blind else eligibility_checks(room, candidate),
        state=candidate_state(
            revealed,
            room.flags(candidate.id),
            room.has_note(candidate.id),
            proposal,
            last_why[0] if last_why else None,
            approvals,
            room,
        ),
        revealed=revealed,
        viewer_conflicted=conflicted,
        own_status=_own_status(own, conflicted, revealed),
        own_scores=own_scores,
        conflicts=conflict_views(room, candidate.id),
        approvals=tuple(_approval_view(room, a) for a in approvals),
        approvals_missing=room.approvals_missing(approvals, proposal),
        proposal=_shown_proposal(room, proposal, False, conflicted),
        cannot_deliberate=room.cannot_deliberate(candidate.id),
        actors=_actors(room, candidate.id),
        renvoi_authors=_renvoi_authors(room, candidate.id),
        renvoi_open=room.may_be_referred_back(candidate.id),
        blind_fault=room.blind_faults().get(candidate.id),
        void_sheets=void_views.void_sheets(room, candidate.id),
        sealed_by=sealed_by,
        awaited=awaited,
    )
    if not _may_see_scores(revealed, conflicted):
        return detail
    tally = room.tally(candidate.id)
    assert tally is not None
    return replace(
        detail,
        sheets=sheet_views(room, candidate.id),
        reconciliation=reconciliation_view(room, tally),
        notes=note_views(room, candidate.id),
        revisions=revision_views(room, candidate.id),
        proposal=_shown_proposal(room, proposal, True, conflicted),
        rule_proposal=_safe_rule_proposal(room, candidate),
        objections=_objection_views(room, candidate.id),
    )


def _seals(room: Room, candidate_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``sealed_by`` and ``awaited`` of a candidate's detail, in the bundle's order."""
    tally = room.tally(candidate_id)
    counted = frozenset() if tally is None else _members(tally.sealed_members)
    waiting = room.eligible_present(candidate_id) - counted
    order = [m.id for m in room.session.members]
    return tuple(m for m in order if m in counted), tuple(m for m in order if m in waiting)


def _actors(room: Room, candidate_id: str) -> tuple[str, ...]:
    """Present voting members free to act on the candidate, in the bundle's order."""
    eligible = room.eligible_present(candidate_id)
    return tuple(m.id for m in room.session.members if m.id in eligible)


def _renvoi_authors(room: Room, candidate_id: str) -> tuple[str, ...]:
    """``decisions._renvoi_author``'s rule, as names to offer: the actors, else the chair."""
    actors = _actors(room, candidate_id)
    if actors or room.state() != SessionState.OPEN:
        return actors
    present = room.present_ids()
    return tuple(m.id for m in room.session.members if "chair" in m.roles and m.id in present)


# -- attendance and minutes ------------------------------------------------------------
def attendance(room: Room) -> tuple[AttendanceEntry, ...]:
    entries = []
    for row in room.conn.execute(select(Attendance).order_by(col(Attendance.id))):
        member: Member = room.member(row.member_id)
        entries.append(
            AttendanceEntry(member.id, member.name, member.institution, row.kind, row.at)
        )
    return tuple(entries)
