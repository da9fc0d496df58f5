"""The ``Minutes`` (minutes.json, DESIGN.md §5) of a closed session.

Built from the store with the read models' rules (counted sheets, active approvals, the
rules' proposal), then validated by ``jury_desk.minutes.model.Minutes``, whose cross-checks
(means, flags, approvals per institution, statistics) must agree with what the service
enforced. Each table is read once for the whole session and grouped by candidate here
(``_Tables``): the number of queries does not grow with the number of candidates.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlmodel import col, select

from jury_desk.bundle.manifest import Candidate
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.graduates import assessments
from jury_desk.core.proposals import RENVOI
from jury_desk.core.scoring import member_total
from jury_desk.deliberation import queries as rm
from jury_desk.deliberation.room import Room
from jury_desk.minutes.labels import Words
from jury_desk.minutes.model import FORMAT, Minutes
from jury_desk.signing import desk_proof, member_key
from jury_desk.store.audit import KIND_SEALED, head
from jury_desk.store.tables import (
    Attendance,
    AuditEvent,
    Closure,
    MemberKey,
    Note,
    Reveal,
    RevealKey,
    SessionMeta,
    Sheet,
    SheetRevision,
    SheetScore,
    Tally,
)


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


@dataclass(frozen=True)
class _Tables:
    """What the minutes print of each candidate, every table read once for the session and
    grouped by candidate (a query per candidate made a 500-candidate PV wait for ~9,100)."""

    tallies: dict[str, Row]
    totals: dict[tuple[str, str], float]  # (candidate, member) -> current sealed total
    commitments: dict[tuple[str, str], str]  # (candidate, member) -> the seal's commitment
    notes: dict[str, list[dict[str, Any]]]
    revisions: dict[str, list[dict[str, Any]]]
    approvals: dict[str, list[Row]]
    early: dict[str, dict[str, str]]  # candidate -> the chair's forced reveal (by, at)
    #: a signed log: (candidate, member) -> the seal event (``SealProof``); its session id
    seals: dict[tuple[str, str], dict[str, Any]]
    session: str

    @classmethod
    def read(cls, room: Room) -> _Tables:
        notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for n in room.conn.execute(select(Note).order_by(col(Note.id))):
            notes[n.candidate_id].append({"author": n.author, "at": n.at, "text": n.text})
        sealed = room.conn.execute(
            select(Sheet.candidate_id, Sheet.member_id, Sheet.total, Sheet.commitment).where(
                Sheet.status == "sealed"
            )
        ).all()
        tallies = {t.candidate_id: t for t in room.conn.execute(select(Tally))}
        return cls(
            tallies=tallies,
            # A sealed sheet never revealed (its candidate renvoyé before) has no total.
            totals={(cid, m): float(total) for cid, m, total, _ in sealed if total is not None},
            commitments={(cid, member): str(c) for cid, member, _, c in sealed},
            notes=notes,
            revisions=_revisions(room),
            approvals=rm.active_approvals(room),  # the board's, set-wide
            early={
                r.candidate_id: {"by": r.forced_by, "at": r.at}
                for r in room.conn.execute(select(Reveal).where(col(Reveal.forced_by).is_not(None)))
            },
            **_seals(room),
        )

    def counted_totals(self, candidate_id: str) -> list[tuple[str, float]]:
        """``rm.sheet_views``' (member, total): the tally's counted members, in id order."""
        members = json.loads(self.tallies[candidate_id].sealed_members)
        return [(m, self.totals[candidate_id, m]) for m in sorted(members)]


def _seals(room: Room) -> dict[str, Any]:
    """Each sealed sheet's seal event, in a signed log (DESIGN.md §4): what a member needs
    to check, from the minutes alone, that the commitment counted is the one they signed:
    the event's signature, or, sealed on their own desk, their desk's proof."""
    rows = room.conn.execute(
        select(AuditEvent.seq, AuditEvent.at, AuditEvent.actor, AuditEvent.payload)
        .add_columns(col(AuditEvent.prev_hash), col(AuditEvent.signature))
        .where(col(AuditEvent.kind) == KIND_SEALED)
        .order_by(col(AuditEvent.seq))  # a sheet sealed again (a void seal) is its last
    )
    seals = {}
    for seq, at, actor, payload, prev_hash, signature in rows:
        sealed = json.loads(payload)
        proof = {"signature": signature} if signature is not None else {}
        if signature is None and isinstance(sealed.get(desk_proof.DESK), dict):
            proof = {"desk": sealed[desk_proof.DESK]}
        if not proof:
            continue  # a format-1 log: no signature
        seals[sealed["candidate"], actor] = {
            "seq": seq,
            "at": at,
            "prev_hash": prev_hash,
            "envelope": sealed["envelope"],
            **proof,
        }
    first = room.conn.execute(select(AuditEvent.hash).where(AuditEvent.seq == 1)).scalar()
    return {"seals": seals, "session": str(first) if seals and first else ""}


def _revisions(room: Room) -> dict[str, list[dict[str, Any]]]:
    """``rm.revision_views`` of every candidate, as totals: two queries in all."""
    rubric = room.session.rubric
    scores: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    for sheet_id, revision, criterion_id, value in room.conn.execute(
        select(
            SheetScore.sheet_id, SheetScore.revision, SheetScore.criterion_id, SheetScore.value
        ).where(col(SheetScore.sheet_id).in_(select(SheetRevision.sheet_id)))
    ):
        scores[sheet_id, revision][criterion_id] = float(value)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for sheet_id, candidate_id, member_id, revision, reason, at in room.conn.execute(
        select(Sheet.id, Sheet.candidate_id, Sheet.member_id, SheetRevision.revision)
        .add_columns(col(SheetRevision.reason), col(SheetRevision.at))
        .join(SheetRevision, col(SheetRevision.sheet_id) == Sheet.id)
        .order_by(col(SheetRevision.id))
    ):
        out[candidate_id].append(
            {
                "member": member_id,
                "at": at,
                "reason": reason,
                "old_total": member_total(scores[sheet_id, revision - 1], rubric),
                "new_total": member_total(scores[sheet_id, revision], rubric),
            }
        )
    return out


def _candidate(
    room: Room, tables: _Tables, candidate: Candidate, proposal: Any, words: Words
) -> dict[str, Any]:
    tally = tables.tallies.get(candidate.id)
    assert tally is not None and proposal is not None  # every candidate is final
    rec = rm.reconciliation_view(room, tally)
    totals = tables.counted_totals(candidate.id)
    rule = rm.rule_proposal_from(room, candidate, tables.tallies.get(candidate.id))
    scored = not room.scores_nothing
    return {
        **_identity(room, candidate),
        "totals": {
            code: [
                {
                    "member": member,
                    "total": total,
                    "commitment": tables.commitments[candidate.id, member],
                    **(
                        {"seal": tables.seals[candidate.id, member]}
                        if (candidate.id, member) in tables.seals
                        else {}
                    ),
                }
                for member, total in totals
                if room.member(member).institution == code
            ]
            for code in room.session.institution_codes()
            if scored
        },
        "institution_means": dict(rec.institution_means) if scored else {},
        "overall": rec.overall,
        "flags": list(rec.flags),
        **_diploma(room, candidate, rec.overall, proposal),
        "notes": tables.notes.get(candidate.id, []),
        "revisions": tables.revisions.get(candidate.id, []),
        "proposed_decision": rule.decision,
        "proposed_mention": rule.mention,
        # The rules' reasons as codes and facts, worded in the PV's language when drawn.
        "reasons": [
            {"code": r.code, "facts": {**r.params, **({"check": r.check.name} if r.check else {})}}
            for r in rule.grounds
        ],
        "decision": proposal.decision,
        "mention": proposal.mention,
        "decision_source": proposal.source,
        "early_reveal": tables.early.get(candidate.id),
        # A rule decision's stored justification is the core's English: its reasons above.
        "justification": proposal.justification if proposal.source == "jury" else "",
        "approvals": _approvals(tables, candidate),
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


def _not_deliberated(
    room: Room, tables: _Tables, candidate: Candidate, proposal: Any
) -> dict[str, Any]:
    """A candidate recorded as non délibéré — renvoyé: its reason and approvals only."""
    return {
        **_identity(room, candidate),
        "reason": proposal.justification,
        "recorded_by": proposal.author,
        "approvers": room.required_approvals(proposal),
        "approvals": _approvals(tables, candidate),
        # A renvoi for a sealed blind field that did not open at the reveal: why.
        "blind_fault": room.blind_faults().get(candidate.id),
    }


def _identity(room: Room, candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.id,
        # Sealed in the bundle: opened at its reveal (None for a renvoyé never revealed).
        "name": room.candidate_name(candidate.id),
        # Sealed in the bundle: opened at its reveal (None for a renvoyé never revealed).
        "scholarship": room.scholarship(candidate.id),
        # Public since its reveal: what lets ``minutes verify --bundle`` check both values.
        "blind_salts": room.blind_salts(candidate.id),
        "student_id": candidate.student_id,
        "birth_date": candidate.birth_date,
    }


def _approvals(tables: _Tables, candidate: Candidate) -> list[dict[str, Any]]:
    return [
        {"member": a.member_id, "institution": a.institution, "at": a.at}
        for a in tables.approvals.get(candidate.id, [])
    ]


def _diploma(
    room: Room, candidate: Candidate, overall: float | None, proposal: Any
) -> dict[str, Any]:
    """``{"diploma": ...}``: the units, weights and grades that recompute the average, and
    the points de jury with the average after them; nothing unless the rules weigh units."""
    rules = room.session.graduation_rules
    if rules is None or not rules.units:
        return {}
    g = assessments(rules)(candidate, overall if rules.jury_unit is not None else None)
    out: dict[str, Any] = {
        "units": [
            {
                "code": u.code,
                "ects": u.ects,
                "weight": u.weight,
                "grade": u.grade,
                "minimum": u.minimum,
                "graded_by": u.graded_by,
            }
            for u in g.diploma.units
        ],
        "average": g.average,
    }
    if proposal.jury_points is not None and g.average is not None:
        after, rule = g.with_points(proposal.jury_points, rules)
        out["jury_points"] = proposal.jury_points
        out["average_after"] = after
        # The rules' decision on the raised average: when it is the jury's, the PV says the
        # points de jury, given within the rules, are no departure from them.
        out["rules_after"] = rule.decision
        out["rules_after_mention"] = rule.mention
    return {"diploma": out}


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


def _opened_closed(room: Room, attendance: list[dict[str, Any]]) -> tuple[str, str]:
    """The sitting opens with the first member's arrival and closes with the chair's last
    closing (a reopened session closes again)."""
    closed = room.conn.execute(
        select(Closure.at).where(Closure.kind == "close").order_by(col(Closure.id).desc()).limit(1)
    ).scalar_one()
    opened = min((a["in_at"] for a in attendance), default=closed)
    return opened, closed


def _pv_signers(room: Room) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Who signs the PV: each institution's signer and the chair, with the certificates the
    bundle declares (the same member and certificate when the chair is also a signer)."""
    members = room.session.members
    signers = {
        m.institution: {"member": m.id, "cert_sha256": m.signer_cert_sha256}
        for m in members
        if "signer" in m.roles
    }
    chair = next(m for m in members if "chair" in m.roles)
    if chair.signer_cert_sha256 is None:  # a bundle from before the chair signed (slots.py)
        return signers, None
    return signers, {"member": chair.id, "cert_sha256": chair.signer_cert_sha256}


def _member_keys(room: Room) -> dict[str, dict[str, object]]:
    """Each member's key fingerprint and kind, as registered in the (verified) signed log."""
    rows = room.conn.execute(select(MemberKey.member_id, MemberKey.public_key, MemberKey.pinned))
    return {
        member: {
            "key_sha256": member_key.fingerprint(PublicKey.from_base64(public)),
            "key_pinned": bool(pinned),
            "public_key": public,
        }
        for member, public, pinned in rows
    }


def _reveal_key_origin(room: Room, log_format: int) -> str:
    """Where the reveal key came from, as ``audit verify`` reads it from the same file
    (``minutes.session_audit.reveal_key_origin``): pinned by the bundle, made in the room,
    or absent (format 1)."""
    if log_format != 2:
        return "absent"
    if room.manifest.session.reveal_key is not None:
        return "pinned"
    return "room" if room.conn.execute(select(RevealKey.id)).first() is not None else "absent"


def build_minutes(room: Room, *, generated_at: str, lang: str = "fr") -> Minutes:
    session = room.session
    meta = room.conn.execute(select(SessionMeta)).one()
    keys = _member_keys(room) if meta.log_format == 2 else {}
    proposals, _ = rm.proposal_history(room)
    words = Words(lang, datetime.fromisoformat(generated_at))
    tables = _Tables.read(room)
    renvoi = {c.id for c in room.manifest.candidates if proposals[c.id].decision == RENVOI}
    attendance = _attendance(room)
    opened_at, closed_at = _opened_closed(room, attendance)
    signers, chair = _pv_signers(room)
    candidates = [
        _candidate(room, tables, c, proposals.get(c.id), words)
        for c in room.manifest.candidates
        if c.id not in renvoi
    ]
    not_deliberated = [
        _not_deliberated(room, tables, c, proposals[c.id])
        for c in room.manifest.candidates
        if c.id in renvoi
    ]
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
            "visas": list(session.visas),
            "appeal_routes": list(session.appeal_routes),
            "signing_place": session.signing_place,
            "time_zone": session.time_zone,
        },
        "jury": [
            {
                "id": m.id,
                "name": m.name,
                "institution": m.institution,
                "roles": list(m.roles),
                **keys.get(m.id, {}),
            }
            for m in session.members
        ],
        "attendance": attendance,
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
        "not_deliberated": not_deliberated or None,
        "statistics": _statistics(room, candidates, proposals),
        "audit_head": head(room.conn)[1],
        "audit_log": "signed/2" if meta.log_format == 2 else "unsigned/1",
        "audit_session": tables.session or None,
        "reveal_key": _reveal_key_origin(room, meta.log_format),
        "signers": signers,
        "chair": chair,
        "opened_at": opened_at,
        "closed_at": closed_at,
        "supersedes": _supersedes(room, meta.reopen_count),
    }
    return Minutes.model_validate(data)
