"""The session's and the candidates' state machines, as data (DESIGN.md §3).

Neither state is a column someone could set: the session's state is stored only as the
result of ``close_session``/``reopen``, and a candidate's is derived from the store on every
read (``queries.candidate_state``). These tables say which changes may happen and why; the
service's rules make them happen, and the stateful test checks every change it observes
against ``CANDIDATE_TRANSITIONS`` and ``SESSION_TRANSITIONS``.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar


class SessionState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # read-only: every write is refused (``closed``)


class CandidateState(StrEnum):
    SCORING = "scoring"  # blind: each present eligible member drafts, then seals
    REVEALED = "revealed"  # every counted commitment opened in the chain
    DISCUSSION = "discussion"  # flagged and no note yet, or the proposal met an objection
    PROPOSED = "proposed"  # a proposal (the jury's, or the rules' accepted), no approval yet
    APPROVED_PARTIAL = "approved-partial"  # some approvals, not yet every institution's
    FINAL = "final"  # every institution's approvals on the current proposal
    # A renvoi ("non délibéré — renvoyé") with the approvals of the institutions that still
    # could: final too, so it does not hold the session's closing back.
    NOT_DELIBERATED = "not-deliberated"


#: The states in which a candidate no longer holds the session's closing back.
SETTLED: frozenset[CandidateState] = frozenset(
    {CandidateState.FINAL, CandidateState.NOT_DELIBERATED}
)


S = TypeVar("S", bound=StrEnum)


@dataclass(frozen=True)
class Transition(Generic[S]):
    source: S
    target: S
    because: str


SESSION_TRANSITIONS: tuple[Transition[SessionState], ...] = (
    Transition(
        SessionState.OPEN,
        SessionState.CLOSED,
        "close_session: the chair, present with the quorum, every candidate final",
    ),  # fmt: skip
    Transition(
        SessionState.CLOSED,
        SessionState.OPEN,
        "reopen: the chair, with a reason; the next minutes supersede the previous ones",
    ),  # fmt: skip
)

_S, _R, _D = CandidateState.SCORING, CandidateState.REVEALED, CandidateState.DISCUSSION
_P, _A, _F = CandidateState.PROPOSED, CandidateState.APPROVED_PARTIAL, CandidateState.FINAL
_N = CandidateState.NOT_DELIBERATED

CANDIDATE_TRANSITIONS: tuple[Transition[CandidateState], ...] = (
    # The reveal: the last present eligible member seals, someone leaves or declares a
    # conflict so that nobody is missing, or the chair forces it. Never undone.
    Transition(_S, _R, "reveal"),
    Transition(_S, _D, "reveal of a flagged candidate"),
    # A note on a flagged candidate, or a revision that changes its flags.
    Transition(_D, _R, "note added, or flags cleared by a revision"),
    Transition(_R, _D, "flagged by a revision"),
    # A proposal: the jury's (justified when it differs from the rules'), or the rules'.
    Transition(_R, _P, "proposal"),
    Transition(_D, _P, "proposal (after the note a flagged candidate needs)"),
    # Approvals, one institution's slot at a time.
    Transition(_P, _A, "approval"),
    Transition(_P, _F, "approval that completes every institution's slots"),
    Transition(_A, _F, "approval that completes every institution's slots"),
    # Any change voids every approval: a new proposal, a revision, a conflict removing a
    # counted sheet; an objection also withdraws the proposal, a change of the figures
    # withdraws the rules' proposal (never the jury's).
    *(Transition(s, _P, "approvals voided by a change") for s in (_A, _F)),
    *(Transition(s, _D, "objection") for s in (_P, _A, _F)),
    *(
        Transition(s, t, "the rules' proposal withdrawn: the scores changed")
        for s in (_P, _A, _F)
        for t in (_R, _D)
    ),  # fmt: skip
    # No dead ends. A candidate an institution cannot deliberate (no eligible member
    # present) is recorded as non délibéré — renvoyé, from any state but a settled one...
    *(Transition(s, _P, "renvoi recorded") for s in (_S, _R, _D, _P, _A, _F)),
    # ...approved by the institutions that still can, like any decision, and undone like one
    # (an objection; approvals voided by a change; a new proposal replacing it).
    *(
        Transition(s, _N, "renvoi recorded by the chair, nobody present free to approve it")
        for s in (_S, _R, _D, _P, _A, _F)
    ),
    Transition(_P, _N, "approval that completes the renvoi's slots"),
    Transition(_A, _N, "approval that completes the renvoi's slots"),
    Transition(_N, _P, "approvals voided by a change"),
    *(Transition(s, _A, "an approval voided by a conflict declared late") for s in (_F, _N)),
    *(
        Transition(s, _S, "objection to the renvoi of an unrevealed candidate")
        for s in (_P, _A, _N)
    ),
    *(Transition(s, _D, "objection") for s in (_N,)),
    # A revealed candidate left with no counted sheet from an institution (its only scorer
    # declared a conflict) goes back to scoring for the members still eligible.
    *(
        Transition(s, _S, "back to scoring: an institution lost its last counted sheet")
        for s in (_R, _D, _P, _A, _F)
    ),
)


def may_change(transitions: tuple[Transition[S], ...], source: S, target: S) -> bool:
    """Whether a state machine allows going from ``source`` to ``target`` in one step."""
    return source == target or any(t.source == source and t.target == target for t in transitions)
