"""The ``Minutes`` (minutes.json, DESIGN.md §5) of a closed session.

Built from the store with the same helpers as the read models, then validated by
``jury_desk.minutes.model.Minutes``, whose cross-checks (means, flags, approvals per
institution, statistics) must agree with what the service enforced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from jury_desk.bundle.manifest import Candidate
from jury_desk.core.scoring import member_total
from jury_desk.deliberation import readmodels as rm
from jury_desk.deliberation.room import Room
from jury_desk.minutes.labels import Words
from jury_desk.minutes.model import FORMAT, Minutes
from jury_desk.store.audit import head
from jury_desk.store.tables import Attendance, AuditEvent, Closure, SessionMeta


def _attendance(room: Room) -> list[dict[str, Any]]:
    """Presence intervals: each check-in opens one, the next check-out closes it."""
    intervals: list[dict[str, Any]] = []
    open_at: dict[str, dict[str, Any]] = {}
    for row in room.conn.execute(select(Attendance).order_by(col(Attendance.id))):
        if row.kind == "in":
            interval = {
                "member": row.member_id,
                "institution": room.member(row.member_id).institution,
                "in_at": row.at,
            }
            open_at[row.member_id] = interval
            intervals.append(interval)
        elif row.member_id in open_at:
            open_at.pop(row.member_id)["out_at"] = row.at
    return intervals


def _revisions(room: Room, candidate_id: str) -> list[dict[str, Any]]:
    rubric = room.session.rubric
    return [
        {
            "member": r.member_id,
            "at": r.at,
            "reason": r.reason,
            "old_total": member_total(r.previous, rubric),
            "new_total": member_total(r.scores, rubric),
        }
        for r in rm.revision_views(room, candidate_id)
    ]


def _worded(words: Words, check: Any) -> dict[str, str]:
    required, actual = words.eligibility(check)
    return {"required": required, "actual": actual}


def _candidate(room: Room, candidate: Candidate, proposal: Any, words: Words) -> dict[str, Any]:
    tally = room.tally(candidate.id)
    assert tally is not None and proposal is not None  # every candidate is final
    rec = rm.reconciliation_view(room, tally)
    sheets = rm.sheet_views(room, candidate.id)
    rule = rm.rule_proposal(room, candidate)
    return {
        "id": candidate.id,
        "name": candidate.name,
        "scholarship": candidate.scholarship,
        "totals": {
            code: [
                {"member": s.member_id, "total": s.total} for s in sheets if s.institution == code
            ]
            for code in room.session.institution_codes()
        },
        "institution_means": dict(rec.institution_means),
        "overall": rec.overall,
        "flags": list(rec.flags),
        "notes": [
            {"author": n.author, "at": n.at, "text": n.text}
            for n in rm.note_views(room, candidate.id)
        ],
        "revisions": _revisions(room, candidate.id),
        "proposed_decision": rule.decision,
        "proposed_mention": rule.mention,
        "decision": proposal.decision,
        "mention": proposal.mention,
        "decision_source": proposal.source,
        "justification": proposal.justification,
        "approvals": [
            {"member": a.member_id, "institution": a.institution, "at": a.at}
            for a in room.active_approvals(candidate.id)
        ],
        "eligibility": [
            # The facts are core's; the sentence is in the PV's language.
            dict(
                zip(
                    ("name", "met", "required", "actual"),
                    (c.name, c.met, *words.eligibility(c)),
                    strict=True,
                )
            )
            for c in rm.eligibility_checks(room, candidate)
        ],
    }


def _statistics(room: Room, candidates: list[dict[str, Any]], proposals: dict) -> dict:
    stats: dict[str, Any] = {"decisions": dict(Counter(c["decision"] for c in candidates))}
    share = rm.admitted_scholarship(room, proposals)
    if share is not None:
        # The minutes print the share against the target; the gap is derived from both.
        stats["scholarship"] = {k: v for k, v in asdict(share).items() if k != "gap"}
    else:
        lines = [line for c in candidates for line in c["eligibility"]]
        eligible = sum(all(e["met"] for e in c["eligibility"]) for c in candidates)
        stats["eligibility"] = {
            "eligible": eligible,
            "not_eligible": len(candidates) - eligible,
            "missing": dict(Counter(e["name"] for e in lines if not e["met"])),
        }
    return stats


def _supersedes(room: Room, reopen_count: int) -> dict[str, str] | None:
    """A reopened session's PV replaces the one anchored at the previous closing."""
    if reopen_count == 0:
        return None
    reason = room.conn.execute(
        select(Closure.reason)
        .where(Closure.kind == "reopen")
        .order_by(col(Closure.id).desc())
        .limit(1)
    ).scalar_one()
    previous = room.conn.execute(
        select(AuditEvent.hash)
        .where(AuditEvent.kind == "session-closed")
        .order_by(col(AuditEvent.seq).desc())
        .offset(1)
        .limit(1)
    ).scalar_one()
    return {"reason": reason, "previous_audit_head": previous}


def build_minutes(room: Room, *, generated_at: str, lang: str = "fr") -> Minutes:
    session = room.session
    meta = room.conn.execute(select(SessionMeta)).one()
    proposals, _ = rm.proposal_history(room)
    words = Words(lang, datetime.fromisoformat(generated_at))
    candidates = [_candidate(room, c, proposals.get(c.id), words) for c in room.manifest.candidates]
    data = {
        "format": FORMAT,
        "generated_at": generated_at,
        "lang": lang,
        "simulated": meta.simulated,
        "bundle": {
            "id": meta.bundle_id,
            "seq": meta.bundle_seq,
            "sha256": meta.bundle_sha256,
            "manifest_sha256": meta.manifest_sha256,
        },
        "session": {
            "kind": session.kind,
            "programme": session.programme,
            "title": session.title,
            "date": session.date.isoformat(),
            "place": session.place,
            "institutions": [i.model_dump(mode="json") for i in session.institutions],
            "demo": session.demo,
        },
        "jury": [
            {"id": m.id, "name": m.name, "institution": m.institution, "roles": list(m.roles)}
            for m in session.members
        ],
        "attendance": _attendance(room),
        "quorum": dict(session.quorum),
        "conflicts": [
            {
                "member": c.member_id,
                "candidate": c.candidate_id,
                "category": c.category,
                "source": c.source,
                "note": c.note,
            }
            for c in rm.conflict_views(room)
        ],
        "rules": {
            "rubric": session.rubric.model_dump(mode="json"),
            "thresholds": session.thresholds.model_dump(mode="json"),
            "scholarship_target": session.scholarship_target,
            "graduation_rules": (
                session.graduation_rules.model_dump(mode="json")
                if session.graduation_rules is not None
                else None
            ),
            "approvals_required": rm.required_approvals(room),
        },
        "candidates": candidates,
        "statistics": _statistics(room, candidates, proposals),
        "audit_head": head(room.conn)[1],
        "signers": {
            m.institution: {"member": m.id, "cert_sha256": m.signer_cert_sha256}
            for m in session.members
            if "signer" in m.roles
        },
        "supersedes": _supersedes(room, meta.reopen_count),
    }
    return Minutes.model_validate(data)
