"""A way out of any state: the sequence of allowed acts that closes a session (tests only).

``close_by_allowed_acts`` plays a patient, well-behaved jury through the service, and only
the service: it calls in absent members when a quorum or a slot needs them, seals, forces
nothing, notes flagged candidates, accepts the rules' proposal, approves, and records a
candidate that an institution cannot deliberate (or whose sealed blind field did not open
at the reveal) as non délibéré — renvoyé. In a signed
session (log format 2) each act carries its member's passphrase, a member registers their
key before checking in, and the chair opens the sealed sheets. The stateful
test runs it on a copy of the session after random steps: "no dead ends" (DESIGN.md §3) is
that it always ends with the session closed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from jury_desk.core.errors import RuleError
from jury_desk.deliberation.passphrase import PassphraseError
from jury_desk.deliberation.readmodels import CandidateDetail
from jury_desk.deliberation.service import DeliberationService
from tests.deliberation.jury import passphrase

RENVOI_REASON = "Renvoyé : l'établissement n'a plus de membre éligible présent."
_AGAIN = itertools.count(2)
SCORES = {"academic": 13.0, "motivation": 13.0, "project": 13.0}


class DeadEnd(AssertionError):
    """The session could not be closed by allowed acts."""


def close_by_allowed_acts(
    svc: DeliberationService,
    chair: str,
    steps: int = 400,
    *,
    wait: Callable[[int], None] | None = None,
) -> None:
    """``wait(seconds)`` lets time pass on the service's clock: a member locked out by
    earlier wrong passphrases (``auth-throttled``) acts again once the lock-out is over,
    as a patient jury would. Without it, a lock-out is a dead end."""
    jury = svc.manifest.session
    voters = [m.id for m in jury.members if {"chair", "member"} & set(m.roles)]
    candidates = [c.id for c in svc.manifest.candidates]

    def patiently(action, *args) -> None:
        """The act, once more after the lock-out when the member is locked out."""
        try:
            action(*args)
        except PassphraseError as exc:
            if exc.code != "auth-throttled" or wait is None:
                raise
            wait((exc.retry_after or 1) + 1)
            action(*args)

    def act(action, *args) -> bool:
        try:
            patiently(action, *args)
        except RuleError:
            return False
        return True

    def arrive(member: str) -> None:
        if svc.signed and not svc.has_passphrase(member):  # their key, before any act
            svc.register_key(member, passphrase(member))
        patiently(lambda: svc.check_in(member, passphrase=passphrase(member)))
        if not svc.has_passphrase(member):
            svc.set_passphrase(member, passphrase(member))

    if svc.session_state() == "closed":
        patiently(
            svc.reopen, chair, passphrase(chair), "Vérifier qu'une séance rouverte se referme."
        )
    for _ in range(steps):
        present = svc.present_members()
        unsigned = [m for m in sorted(present) if not svc.has_passphrase(m)]
        if unsigned:  # checked in, never signed in: they choose their passphrase first
            svc.set_passphrase(unsigned[0], passphrase(unsigned[0]))
            continue
        for line in svc.quorum_status().lines:  # the quorum first
            if not line.met:
                arrive(next(m.id for m in jury.members if m.institution == line.institution
                            and m.id in voters and m.id not in present))  # fmt: skip
                break
        else:
            if chair not in present:
                arrive(chair)
                continue
            open_ = [c for c in candidates if svc.candidate_detail(chair, c).state
                     not in ("final", "not-deliberated")]  # fmt: skip
            if not open_:
                patiently(svc.close_session, chair, passphrase(chair))
                return
            _one_step(svc, chair, open_[0], voters, act, arrive)
    raise DeadEnd(f"still open after {steps} steps: {svc.board(chair).rows}")


def _one_step(svc: DeliberationService, chair: str, candidate: str, voters, act, arrive) -> None:
    """One act that moves ``candidate`` towards a final state."""
    present = svc.present_members()
    conflicted = {c.member_id for c in svc.candidate_detail(chair, candidate).conflicts}
    free = [m for m in voters if m in present and m not in conflicted]
    # What a member free to act sees (a conflicted chair sees no score and no proposal).
    detail = svc.candidate_detail(free[0] if free else chair, candidate)
    renvoi = detail.proposal is not None and detail.proposal.decision == "not-deliberated"
    if detail.renvoi_open and not renvoi:
        author = free[0] if free else chair
        act(svc.record_renvoi, author, candidate, RENVOI_REASON, passphrase(author))
        return
    if detail.state == "scoring":
        for member in free:
            if svc.candidate_detail(member, candidate).own_status in ("to-score", "draft"):
                act(svc.save_draft, member, candidate, SCORES)
                act(svc.seal, member, candidate, passphrase(member))
                return
        if svc.signed and act(svc.open_ready, chair, passphrase(chair)):
            return  # the chair's ouverture des plis
        raise DeadEnd(f"{candidate}: scoring, every free member sealed, not revealed")
    flagged = detail.reconciliation is not None and detail.reconciliation.flags
    if flagged and not detail.notes and not renvoi:
        act(lambda: svc.add_note(
            free[0], candidate, "Écart discuté en séance.", passphrase=passphrase(free[0])
        ))  # fmt: skip
    elif detail.proposal is None:
        act(lambda: svc.accept_rule_proposal(free[0], candidate, passphrase=passphrase(free[0])))
    else:
        _approve_one(svc, chair, detail, candidate, voters, free, act, arrive)


def _approve_one(
    svc, chair, detail: CandidateDetail, candidate: str, voters, free, act, arrive
) -> None:
    approved = {a.member_id for a in detail.approvals}
    conflicted = {c.member_id for c in detail.conflicts}
    institution = {m.id: m.institution for m in svc.manifest.session.members}
    for code, missing in detail.approvals_missing.items():
        if not missing:
            continue
        for member in free:
            if institution[member] == code and member not in approved:
                act(svc.approve, member, candidate, code, passphrase(member))
                return
        # Nobody free of that institution in the room: call in one who is away...
        away = [m for m in voters if institution[m] == code
                and m not in svc.present_members() and m not in conflicted]  # fmt: skip
        if away:
            arrive(away[0])
            return
        # ...or, with nobody left to give it, record the renvoi again, for the institutions
        # that can approve it now (an objection first if the candidate can be deliberated).
        if detail.renvoi_open:
            author = free[0] if free else chair
            reason = f"{RENVOI_REASON} ({next(_AGAIN)})"
            act(svc.record_renvoi, author, candidate, reason, passphrase(author))
        else:
            act(svc.raise_objection, free[0], candidate, passphrase(free[0]), "Délibérons.")
        return
    raise DeadEnd(f"{candidate}: {detail.state} with nothing missing")
