"""The demo's fast-forward: the fictitious jury finishes every open candidate of a DEMO
session, so that a newcomer reaches the minutes in minutes rather than after 144 sheets.

Every step goes through the deliberation service, which enforces every rule as for a real
jury: members who have no passphrase yet are given the one typed by the newcomer (the
others must already have it; in a signed session that registers their key), absent members
check in, each remaining sheet is scored (seeded, plausible values) and sealed, the chair
opens the sealed sheets (a signed session reveals nothing by itself) or reveals early the
candidates someone could not seal, a flagged candidate gets a discussion note before the
rules' proposal is kept, and each institution's missing approvals are given by distinct,
present, non-conflicted members. Every act is signed by its member in a signed session.
What the newcomer already did by hand is kept as is.

Qt-free (it runs on the GUI's thread pool; it lives beside ``simulate``, whose quantiser it
shares); only a session whose bundle says ``"demo": true`` may be fast-forwarded.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from jury_desk.bundle.manifest import Member
from jury_desk.core.errors import UsageError
from jury_desk.deliberation.passphrase import PassphraseError, check_strength
from jury_desk.deliberation.room import is_voting
from jury_desk.deliberation.service import DeliberationService
from jury_desk.rehearsal.simulate import quantise

NOTE = {
    "fr": "Écart discuté en séance (démonstration) : le jury confronte ses lectures du dossier.",
    "en": "Gap discussed in the room (demo): the jury compares its readings of the file.",
}
SEED = 2026


def check_passphrase(service: DeliberationService, passphrase: str) -> None:
    """Refuse before any write a passphrase too weak to give, or that a member who already
    has one, present or absent, would not recognise: fast-forward checks the absent in and
    acts in every member's name, so a passphrase one of them refuses would stop it half-way
    (``demo-passphrase``, naming that member)."""
    check_strength(passphrase)
    for member in service.manifest.session.members:
        if not service.has_passphrase(member.id):
            continue  # fast-forward gives them this one
        try:
            service.check_passphrase(member.id, passphrase)  # reads only: no audit event
        except PassphraseError as exc:
            if exc.code != "auth-failed":
                raise  # e.g. auth-throttled: their own words say what to wait for
            raise PassphraseError(
                "demo-passphrase",
                f"Nothing was done: {member.name} already has a passphrase, and it is not "
                "this one. Type the passphrase you gave the members.",
                member=member.name,
            ) from exc


def _sheet(service: DeliberationService, level: float, rng: random.Random) -> dict[str, float]:
    r = service.manifest.session.rubric
    return {
        c.id: quantise(rng.gauss(level, 0.8), r.scale_min, r.scale_max, r.step) for c in r.criteria
    }


def fast_forward(
    service: DeliberationService,
    passphrase: str,
    *,
    lang: str = "fr",
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Finish every candidate that is not final yet; returns how many were finished."""
    manifest = service.manifest
    session = manifest.session
    if not session.demo:
        raise UsageError("Only a demo session can be fast-forwarded.")
    check_passphrase(service, passphrase)
    chair = next(m for m in session.members if "chair" in m.roles)
    # The chair first: in a signed session their first act makes the reveal key.
    for member in sorted(session.members, key=lambda m: m is not chair):
        if service.signed and not service.has_passphrase(member.id):
            service.set_passphrase(member.id, passphrase)  # registers their key
        if member.id not in service.present_members():
            service.check_in(member.id, passphrase=passphrase)
        if not service.has_passphrase(member.id):
            service.set_passphrase(member.id, passphrase)
    voters = [m for m in session.members if is_voting(m)]
    rng = random.Random(SEED)
    candidates = [c.id for c in manifest.candidates]
    total = 2 * len(candidates)
    # Every sheet first, so that the chair opens them all in one act (as a jury would).
    for number, cid in enumerate(candidates, 1):
        _score(service, cid, chair, voters, passphrase, rng.gauss(13.5, 2.0), rng)
        if progress is not None:
            progress(number, total)
    if service.signed and _ready(service, chair.id):
        service.open_ready(chair.id, passphrase)
    finished = 0
    for number, cid in enumerate(candidates, len(candidates) + 1):
        if _finish(service, cid, chair, voters, passphrase, lang):
            finished += 1
        if progress is not None:
            progress(number, total)
    return finished


def _able(
    service: DeliberationService, cid: str, chair: Member, voters: list[Member]
) -> tuple[list[Member], str]:
    """Who may act on the candidate, and who speaks for the jury (the chair if free)."""
    conflicted = {c.member_id for c in service.candidate_detail(chair.id, cid).conflicts}
    able = [m for m in voters if m.id not in conflicted]
    return able, (chair if chair.id not in conflicted else able[0]).id


def _score(
    service: DeliberationService,
    cid: str,
    chair: Member,
    voters: list[Member],
    passphrase: str,
    level: float,
    rng: random.Random,
) -> None:
    able, speaker = _able(service, cid, chair, voters)
    detail = service.candidate_detail(speaker, cid)
    if detail.state in ("final", "not-deliberated") or detail.revealed:
        return
    for member in able:
        item = next(i for i in service.worklist(member.id) if i.candidate_id == cid)
        if item.status in ("to-score", "draft"):
            sheet = _sheet(service, level, rng)
            service.save_draft(member.id, cid, sheet)
            service.seal(member.id, cid, passphrase, seen=sheet)


def _ready(service: DeliberationService, chair_id: str) -> bool:
    """Whether the chair's ouverture des plis has a candidate to open."""
    board = service.board(chair_id)
    return any(r.state == "scoring" and 0 < r.expected <= r.sealed for r in board.rows)


def _finish(
    service: DeliberationService,
    cid: str,
    chair: Member,
    voters: list[Member],
    passphrase: str,
    lang: str,
) -> bool:
    able, speaker = _able(service, cid, chair, voters)
    detail = service.candidate_detail(speaker, cid)
    if detail.state in ("final", "not-deliberated"):  # settled, a renvoi included
        return False
    if not detail.revealed:  # a member left unable to seal: the chair reveals
        service.force_reveal(chair.id, cid, passphrase)
        detail = service.candidate_detail(speaker, cid)
    rec = detail.reconciliation
    if rec is not None and rec.flags and not detail.notes:
        service.add_note(speaker, cid, NOTE.get(lang, NOTE["fr"]), passphrase=passphrase)
    if detail.proposal is None:
        service.accept_rule_proposal(speaker, cid, passphrase=passphrase)
        detail = service.candidate_detail(speaker, cid)
    approved = {a.member_id for a in detail.approvals}
    for code, missing in detail.approvals_missing.items():
        candidates = [m for m in able if m.institution == code and m.id not in approved]
        for member in candidates[:missing]:
            service.approve(member.id, cid, code, passphrase)
    return True
