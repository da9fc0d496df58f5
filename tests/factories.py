"""Valid manifests for tests, built in memory (no ZIP, no signature).

``make_manifest()`` gives a small admission session (3 Mines + 3 Albert members, one chair
who is also the Mines signer, one Albert signer); ``make_manifest(kind="graduation")`` a
Master graduation one.
Documents are tiny fake PDFs whose sha256 is listed in ``files``; ``make_documents`` returns
their bytes so a bundle writer can package them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from jury_desk.bundle.manifest import Manifest

FAKE_CERT_MINES = hashlib.sha256(b"mines-signer-cert").hexdigest()
FAKE_CERT_ALBERT = hashlib.sha256(b"albert-signer-cert").hexdigest()

NAMES = [
    "Camille Lefèvre",
    "Yasmine Benali",
    "Thomas Nguyễn",
    "Inès Moreau-Duval",
    "Oluwaseun Adébayo",
    "Zoé Chevalier",
    "Mateo García López",
    "Léa Dubois",
    "Aarav Sharma",
    "Chloé O'Connor",
    "Björn Lindqvist",
    "Fatoumata Diallo",
]


def fake_pdf(label: str) -> bytes:
    return (
        b"%PDF-1.4\n% jury-desk test document\n1 0 obj <<>> endobj\n% "
        + label.encode("utf-8")
        + b"\ntrailer <<>>\n%%EOF\n"
    )


def members() -> list[dict[str, Any]]:
    return [
        {
            "id": "m-mines-1",
            "name": "Hélène Rousseau",
            "institution": "MINES",
            # The chair is also the Mines signer: one signature for both (DESIGN.md §5).
            "roles": ["chair", "member", "signer"],
            "signer_cert_sha256": FAKE_CERT_MINES,
        },
        {
            "id": "m-mines-2",
            "name": "Pierre-Yves Martin",
            "institution": "MINES",
            "roles": ["member"],
        },
        {"id": "m-mines-3", "name": "Sophie Laurent", "institution": "MINES", "roles": ["member"]},
        {
            "id": "m-albert-1",
            "name": "Karim Haddad",
            "institution": "ALBERT",
            "roles": ["member", "signer"],
            "signer_cert_sha256": FAKE_CERT_ALBERT,
        },
        {"id": "m-albert-2", "name": "Julie Bernard", "institution": "ALBERT", "roles": ["member"]},
        {"id": "m-albert-3", "name": "Antoine Petit", "institution": "ALBERT", "roles": ["member"]},
    ]


def session_dict(kind: str = "admission", programme: str = "master") -> dict[str, Any]:
    session: dict[str, Any] = {
        "kind": kind,
        "programme": programme,
        "title": f"Jury {'d’admission' if kind == 'admission' else 'de diplôme'} — test",
        "date": date(2026, 6, 15).isoformat(),
        "place": "Mines Paris, 60 boulevard Saint-Michel, Paris",
        "institutions": [
            {"code": "MINES", "name": "Mines Paris – PSL"},
            {"code": "ALBERT", "name": "Albert School"},
        ],
        "members": members(),
        "quorum": {"MINES": 2, "ALBERT": 2},
        "approvals_required": {"MINES": 1, "ALBERT": 1},
        "rubric": {
            "criteria": [
                {
                    "id": "academic",
                    "label": {"fr": "Dossier académique", "en": "Academic record"},
                    "weight": 2,
                },
                {
                    "id": "motivation",
                    "label": {"fr": "Motivation", "en": "Motivation"},
                    "weight": 1,
                },
                {
                    "id": "project",
                    "label": {"fr": "Projet professionnel", "en": "Professional project"},
                    "weight": 1,
                },
            ],
            "scale_min": 0,
            "scale_max": 20,
            "step": 0.5,
        },
        "thresholds": {
            "institution_gap": 3.0,
            "member_spread": 5.0,
            "admit": 14.0,
            "waitlist": 11.0,
            "institution_floor": 10.0,
        },
        "scholarship_target": 0.30,
        "blind_fields": ["scholarship"],
    }
    if kind == "graduation":
        session["graduation_rules"] = {
            "required_ects": 120,
            "business_cases_per_year": 8,
            "programme_years": 2,
            "internship_required": programme == "master",
        }
    return session


def record(i: int, *, complete: bool = True) -> dict[str, Any]:
    courses = [
        {
            "code": f"C{k:02d}",
            "title": f"Cours {k}",
            "ects": 10,
            "grade": 12.0 + (k % 5),
            "validated": True,
        }
        for k in range(12)
    ]
    cases = [
        {
            "year": year,
            "title": f"Business case {year}.{k}",
            **({"partner": "Société Générale"} if k == 0 else {}),
        }
        for year in (1, 2)
        for k in range(8 if complete or year == 1 else 6)
    ]
    placement = {
        "kind": "apprenticeship" if i % 2 else "internship",
        "organisation": "Dassault Systèmes",
        "status": "validated" if complete else "in_progress",
    }
    return {"courses": courses, "business_cases": cases, "placement": placement}


def manifest_dict(
    kind: str = "admission",
    *,
    n_candidates: int = 4,
    bundle_id: str = "test-2026-master",
    seq: int = 1,
    issued_at: datetime | None = None,
    valid_days: int = 30,
) -> dict[str, Any]:
    issued = issued_at or datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    candidates = []
    files = []
    for i in range(n_candidates):
        cid = f"C{i + 1:03d}"
        docs = [f"documents/{cid}/cv.pdf", f"documents/{cid}/transcript.pdf"]
        for path in docs:
            data = fake_pdf(path)
            files.append(
                {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            )
        cand: dict[str, Any] = {
            "id": cid,
            "name": NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}"),
            "programme": "master",
            "scholarship": i % 3 == 0,
            "documents": docs,
            "conflicts": [],
        }
        if kind == "graduation":
            cand["record"] = record(i, complete=i % 4 != 3)
        candidates.append(cand)
    candidates[0]["conflicts"] = [
        {"member": "m-albert-3", "category": "tutor", "note": "Tuteur d'apprentissage"}
    ]
    return {
        "format": "jury-desk-bundle/1",
        "bundle_id": bundle_id,
        "seq": seq,
        "issued_at": issued.isoformat(),
        "expires_at": (issued + timedelta(days=valid_days)).isoformat(),
        "session": session_dict(kind),
        "candidates": candidates,
        "files": files,
    }


def make_manifest(kind: str = "admission", **kw: Any) -> Manifest:
    return Manifest.model_validate(manifest_dict(kind, **kw))


def make_documents(manifest: Manifest) -> dict[str, bytes]:
    return {f.path: fake_pdf(f.path) for f in manifest.files}
