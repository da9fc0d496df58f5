"""Realistic sample minutes for tests and the benchmark (24 or 500 candidates).

Built with the real rule engine (reconcile, proposals, eligibility, scholarship share) on the
jury of ``tests.factories``, so the sample passes every cross-check of the model. It has
accents, very long names, flagged candidates with discussion notes, a revision, a room
conflict, a member who stepped out and back, and a jury deviation with its justification.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from jury_desk.bundle.manifest import AcademicRecord, GraduationRules, Thresholds
from jury_desk.core.eligibility import graduation_eligibility
from jury_desk.core.proposals import allowed_decisions, propose_admission, propose_graduation
from jury_desk.core.reconcile import reconcile
from jury_desk.core.scholarship import scholarship_share
from jury_desk.minutes.model import FORMAT, Minutes
from tests.factories import FAKE_CERT_ALBERT, FAKE_CERT_MINES, members, record, session_dict

NAMES = [
    "Camille Lefèvre",
    "Maximilian Alexander Wolfeschlegelsteinhausenbergerdorff-Ærøskøbing",
    "Thomas Nguyễn Văn Thành",
    "Marie-Clémence de La Tour d'Auvergne-Lauraguais de Saint-Exupéry",
    "Oluwaseun Adébayọ̀",
    "Zoë Saldaña-Łukasiewicz",
    "Ιωάννης Παπαδόπουλος",
    "Ólafur Ragnar Grímsson",
    "Åsa Öberg",
    "Chloé O'Connor",
    "Fatoumata Diallo",
    "Jean-François Müller-Lüdenscheidt",
]
DEVIATION_INDEX = 4  # the candidate the jury decides on against the rules' proposal
EARLY_INDEX = 1  # the candidate the chair revealed before every sheet was sealed
START = datetime(2026, 6, 15, 8, 30, tzinfo=UTC)


def candidate_name(i: int) -> str:
    return NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i // len(NAMES)}")


def candidate_scholarship(i: int) -> bool:
    return i % 3 == 1


def _at(minutes: int) -> str:
    return (START + timedelta(minutes=minutes)).isoformat()


def _totals(rng: random.Random, i: int, jury: list[dict[str, Any]], conflicted: set[str]):
    quality = rng.uniform(7.0, 18.5)
    totals: dict[str, list[dict[str, Any]]] = {"MINES": [], "ALBERT": []}
    for m in jury:
        if m["id"] in conflicted:
            continue
        bias = 5.0 if i % 7 == 3 and m["institution"] == "ALBERT" else 0.0  # an institution gap
        value = min(20.0, max(0.0, quality + bias + rng.uniform(-1.5, 1.5)))
        totals[m["institution"]].append({"member": m["id"], "total": round(value * 8) / 8})
    return totals


def _approvals(i: int, conflicted: set[str]) -> list[dict[str, Any]]:
    out = []
    for code, choices in (
        ("MINES", ["m-mines-2", "m-mines-3"]),
        ("ALBERT", ["m-albert-1", "m-albert-2"]),
    ):
        member = next(m for m in choices if m not in conflicted)
        out.append({"member": member, "institution": code, "at": _at(180 + i)})
    return out


def minutes_dict(
    n_candidates: int = 24,
    *,
    kind: str = "admission",
    demo: bool = False,
    signer_certs: dict[str, str] | None = None,
    bundle: dict[str, Any] | None = None,
    seed: int = 7,
    chair_cert: str | None = None,
) -> dict[str, Any]:
    """``chair_cert``: the chair signs with a key of their own (three signatures) instead
    of being the Mines signer too (two signatures, as in tests/factories.py)."""
    rng = random.Random(seed)
    session = session_dict(kind)
    jury = [{k: m[k] for k in ("id", "name", "institution", "roles")} for m in members()]
    if chair_cert is not None:
        jury[0]["roles"] = ["chair", "member"]
        jury[1]["roles"] = ["member", "signer"]
    thresholds = Thresholds.model_validate(session["thresholds"])
    grad_rules = (
        GraduationRules.model_validate(session["graduation_rules"])
        if kind == "graduation"
        else None
    )
    conflicts = [
        {
            "member": "m-albert-3",
            "candidate": "C001",
            "category": "tutor",
            "source": "bundle",
            "note": "Tuteur d'apprentissage",
        },
        {
            "member": "m-mines-3",
            "candidate": "C003",
            "category": "personal",
            "source": "room",
            "note": "Lien familial déclaré en séance",
        },
    ]
    candidates = []
    for i in range(n_candidates):
        cid = f"C{i + 1:03d}"
        conflicted = {c["member"] for c in conflicts if c["candidate"] == cid}
        totals = _totals(rng, i, jury, conflicted)
        rec = reconcile(
            {code: [t["total"] for t in ts] for code, ts in totals.items()},
            ["MINES", "ALBERT"],
            thresholds,
        )
        eligibility = []
        if grad_rules is not None:
            rec_model = AcademicRecord.model_validate(record(i, complete=i % 5 != 2))
            checks = graduation_eligibility(rec_model, grad_rules)
            proposal = propose_graduation(rec, checks, grad_rules)
            eligibility = [
                {"name": c.name, "met": c.met, "required": c.required, "actual": c.actual}
                for c in checks
            ]
        else:
            proposal = propose_admission(rec, thresholds)
        decision, mention, source, justification = proposal.decision, proposal.mention, "rule", ""
        if i == DEVIATION_INDEX:
            decision = next(d for d in allowed_decisions(kind) if d != proposal.decision)  # type: ignore[arg-type]
            mention, source = None, "jury"
            justification = (
                "Le jury s'écarte de la proposition : parcours atypique, lettre de "
                "recommandation très circonstanciée et entretien remarquable."
            )
        early = {"by": "m-mines-1", "at": _at(50 + i)} if i == EARLY_INDEX else None
        notes = []
        if rec.flags or i % 6 == 0:
            notes.append(
                {
                    "author": "m-mines-1",
                    "at": _at(60 + i),
                    "text": f"Écart discuté en séance ({', '.join(rec.flags) or 'sans alerte'}) ; "
                    "le jury a relu le dossier et entendu chaque rapporteur.",
                }
            )
        revisions = []
        if i == 2:
            first = totals["MINES"][0]
            revisions.append(
                {
                    "member": first["member"],
                    "at": _at(95),
                    "reason": "Erreur de saisie corrigée",
                    "old_total": max(0.0, first["total"] - 1.0),
                    "new_total": first["total"],
                }
            )
        candidates.append(
            {
                "id": cid,
                "name": candidate_name(i),
                "scholarship": candidate_scholarship(i),
                "totals": totals,
                "institution_means": rec.institution_means,
                "overall": rec.overall,
                "flags": list(rec.flags),
                "notes": notes,
                "revisions": revisions,
                "proposed_decision": proposal.decision,
                "proposed_mention": proposal.mention,
                "reasons": [
                    {
                        "code": r.code,
                        "facts": {**r.params, **({"check": r.check.name} if r.check else {})},
                    }
                    for r in proposal.grounds
                ],  # fmt: skip
                "decision": decision,
                "mention": mention,
                "decision_source": source,
                "early_reveal": early,
                "justification": justification,
                "approvals": _approvals(i, conflicted),
                "eligibility": eligibility,
            }
        )
    decisions = Counter(c["decision"] for c in candidates)
    statistics: dict[str, Any] = {"decisions": dict(decisions)}
    if kind == "admission":
        share = scholarship_share(
            [c["scholarship"] for c in candidates if c["decision"] == "admit"],
            session["scholarship_target"],
        )
        statistics["scholarship"] = {
            "admitted": share.admitted,
            "holders": share.holders,
            "share": share.share,
            "target": share.target,
            "meets_target": share.meets_target,
        }
    else:
        eligible = sum(all(e["met"] for e in c["eligibility"]) for c in candidates)
        missing = Counter(e["name"] for c in candidates for e in c["eligibility"] if not e["met"])
        statistics["eligibility"] = {
            "eligible": eligible,
            "not_eligible": len(candidates) - eligible,
            "missing": dict(missing),
        }
    certs = signer_certs or {"MINES": FAKE_CERT_MINES, "ALBERT": FAKE_CERT_ALBERT}
    attendance = [
        {"member": m["id"], "institution": m["institution"], "in_at": _at(k)}
        for k, m in enumerate(jury)
    ]
    attendance[2]["out_at"] = _at(120)  # stepped out for a call, came back
    attendance.append({"member": jury[2]["id"], "institution": "MINES", "in_at": _at(150)})
    return {
        "format": FORMAT,
        "generated_at": _at(240),
        "lang": "fr",
        "bundle": bundle
        or {
            "id": f"{kind}-2026-master",
            "seq": 3,
            "sha256": hashlib.sha256(b"sample bundle").hexdigest(),
            "manifest_sha256": hashlib.sha256(b"sample manifest").hexdigest(),
        },
        "session": {
            **{k: session[k] for k in ("kind", "programme", "title", "date", "place")},
            "institutions": session["institutions"],
            "demo": demo,
        },
        "jury": jury,
        "attendance": attendance,
        "quorum": session["quorum"],
        "conflicts": conflicts,
        "rules": {
            "rubric": session["rubric"],
            "thresholds": session["thresholds"],
            "scholarship_target": session["scholarship_target"],
            "graduation_rules": session.get("graduation_rules"),
            "approvals_required": session["approvals_required"],
        },
        "candidates": candidates,
        "statistics": statistics,
        "audit_head": hashlib.sha256(f"audit {seed}".encode()).hexdigest(),
        "signers": {
            "MINES": {
                "member": "m-mines-1" if chair_cert is None else "m-mines-2",
                "cert_sha256": certs["MINES"],
            },
            "ALBERT": {"member": "m-albert-1", "cert_sha256": certs["ALBERT"]},
        },
        "chair": {"member": "m-mines-1", "cert_sha256": chair_cert or certs["MINES"]},
        "opened_at": _at(0),
        "closed_at": _at(235),
    }


def make_minutes(n_candidates: int = 24, **kw: Any) -> Minutes:
    return Minutes.model_validate(minutes_dict(n_candidates, **kw))
