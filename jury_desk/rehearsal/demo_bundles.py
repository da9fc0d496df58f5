"""Regenerate the shipped demo material byte-for-byte:
``python -m jury_desk.rehearsal.demo_bundles DIR``.

Writes into DIR (normally resources/demo/):

* ``admission-master.jdbundle``: a Master double-degree admission session, 24 candidates;
* ``graduation-master.jdbundle``: a Master graduation session with varied academic records;
* ``graduation-bachelor.jdbundle``: a Bachelor graduation from the transcripts alone;
* ``DEMO-secretariat.key`` / ``.pub``: the minisign key that signs them, derived from a fixed
  seed and stored unencrypted on purpose: it is public and only ever trusts demo bundles;
* ``DEMO-signer-MINES.p12`` / ``DEMO-signer-ALBERT.p12`` / ``DEMO-signer-chair.p12`` (passphrase
  ``demo``): the PV keys of the two signers and of the jury chair, whose certificate
  fingerprints the bundles declare. Certificate signatures are
  randomised, so these are created only when missing and reused otherwise; everything
  else is a pure function of this file, hence byte-identical on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jury_desk.bundle.blind_fields import sealed_fields
from jury_desk.bundle.manifest import FORMAT, Manifest, Session
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.writer import write_bundle
from jury_desk.core.storage import atomic_output
from jury_desk.minutes.labels import FR
from jury_desk.minutes.signer_keys import cert_fingerprint, create_signer_p12, load_signer_p12
from jury_desk.rehearsal.demo_pdfs import render_pdf

ISSUED_AT = "2026-09-01T08:00:00+02:00"
EXPIRES_AT = "2036-09-01T08:00:00+02:00"  # far away on purpose: the shipped demo must open
SIGNER_PASSPHRASE = b"demo"
KEY_FILE = "DEMO-secretariat.key"
PUB_FILE = "DEMO-secretariat.pub"
ADMISSION_FILE = "admission-master.jdbundle"
GRADUATION_FILE = "graduation-master.jdbundle"
BACHELOR_FILE = "graduation-bachelor.jdbundle"  # built by demo_bachelor
SIGNERS = {  # institution -> (p12 file, member id, certificate CN, certificate O)
    "MINES": ("DEMO-signer-MINES.p12", "m-mines-2", "Pierre-Yves Martin (DEMO)", "Mines Paris"),
    "ALBERT": ("DEMO-signer-ALBERT.p12", "m-albert-1", "Karim Haddad (DEMO)", "Albert School"),
}
# The jury chair signs the PV too (DESIGN.md §5), with a key of their own.
CHAIR = ("DEMO-signer-chair.p12", "m-mines-1", "Hélène Rousseau (DEMO)", "Mines Paris – PSL")
CHAIR_INSTITUTION = "MINES"
KEY_FILES = {**{code: spec[0] for code, spec in SIGNERS.items()}, "chair": CHAIR[0]}
# What a PV cites and says, as a secretariat would word it (resources/examples/session.toml).
VISAS = [
    "Vu le code de l'éducation, notamment ses articles L. 612-6 et L. 613-1 ;",
    "Vu la convention de double diplôme « AI & Data Business » conclue entre Mines Paris – "
    "PSL et Albert School ;",
    "Vu le règlement des études du Master AI & Data Business, année universitaire 2026-2027 ;",
    "Vu la décision conjointe du 1er juillet 2026 des directeurs de Mines Paris – PSL et "
    "d'Albert School portant composition du jury ;",
]
APPEAL_ROUTES = [
    "La présente délibération peut faire l'objet d'un recours gracieux auprès du président "
    "du jury dans un délai de deux mois à compter de sa publication.",
    "Elle peut également être contestée devant le tribunal administratif de Paris dans un "
    "délai de deux mois à compter de sa publication ou du rejet du recours gracieux, y "
    "compris par l'application Télérecours citoyens (www.telerecours.fr).",
]


def _n(*parts: object) -> int:
    """A stable pseudo-random number (``random`` is not promised stable across versions)."""
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:8], "big")


# --------------------------------------------------------------------------- keys


def demo_secret_key() -> SecretKey:
    seed = hashlib.sha256(b"jury-desk DEMO secretariat key seed v1").digest()
    key_id = hashlib.sha256(b"jury-desk DEMO secretariat key id v1").digest()[:8]
    public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
    return SecretKey(
        key_id=key_id, seed=seed, public=public, comment="jury-desk DEMO secretariat secret key"
    )


def demo_public_key() -> PublicKey:
    sk = demo_secret_key()
    return PublicKey(
        key_id=sk.key_id,
        public=sk.public,
        comment="jury-desk DEMO secretariat public key (demo bundles only)",
    )


def _signer_fingerprints(out_dir: Path) -> dict[str, str]:
    """Institution code (and "chair") -> the certificate fingerprint of its PV key."""
    prints = {}
    for code, (file_name, _, cn, org) in SIGNERS.items():
        path = out_dir / file_name
        if path.exists():
            _, cert = load_signer_p12(path, SIGNER_PASSPHRASE)
            prints[code] = cert_fingerprint(cert)
        else:
            prints[code] = create_signer_p12(cn, org, SIGNER_PASSPHRASE, path, valid_days=3650)
    file_name, _, cn, org = CHAIR
    path = out_dir / file_name
    if path.exists():
        prints["chair"] = cert_fingerprint(load_signer_p12(path, SIGNER_PASSPHRASE)[1])
    else:
        prints["chair"] = create_signer_p12(
            cn, CHAIR_INSTITUTION, SIGNER_PASSPHRASE, path, valid_days=3650,
            organization=org, role="chair",
        )  # fmt: skip
    return prints


# --------------------------------------------------------------------------- the jury


def _session(kind: str, prints: dict[str, str]) -> dict[str, Any]:
    members = [
        ("m-mines-1", "Hélène Rousseau", "MINES", ["chair", "member"]),
        ("m-mines-2", "Pierre-Yves Martin", "MINES", ["member", "signer"]),
        ("m-mines-3", "Sophie Laurent", "MINES", ["member"]),
        ("m-albert-1", "Karim Haddad", "ALBERT", ["member", "signer"]),
        ("m-albert-2", "Julie Bernard", "ALBERT", ["member"]),
        ("m-albert-3", "Antoine Petit", "ALBERT", ["member"]),
    ]
    admission = kind == "admission"
    criteria = (
        [
            ("academic", "Dossier académique", "Academic record", 3),
            ("motivation", "Motivation", "Motivation", 2),
            ("project", "Projet professionnel", "Professional project", 2),
            ("interview", "Entretien", "Interview", 3),
        ]
        if admission
        else [
            # The one unit the jury grades in the room (graduation_rules below).
            ("thesis", "Mémoire de fin d'études", "Master's thesis", 3),
            ("defence", "Soutenance", "Oral defence", 2),
        ]
    )
    session: dict[str, Any] = {
        "kind": kind,
        "programme": "master",
        "title": (
            "DÉMO — Jury d'admission, Master AI & Data Business "
            "(double diplôme Mines Paris × Albert School)"
            if admission
            else "DÉMO — Jury de diplôme, Master AI & Data Business "
            "(double diplôme Mines Paris × Albert School)"
        ),
        "date": "2026-09-15" if admission else "2026-09-22",
        "place": "Mines Paris – PSL, 60 boulevard Saint-Michel, 75006 Paris",
        "institutions": [
            {"code": "MINES", "name": "Mines Paris – PSL"},
            {"code": "ALBERT", "name": "Albert School"},
        ],
        "members": [
            {
                "id": mid,
                "name": name,
                "institution": inst,
                "roles": roles,
                **({"signer_cert_sha256": prints[inst]} if "signer" in roles else {}),
                **({"signer_cert_sha256": prints["chair"]} if "chair" in roles else {}),
            }
            for mid, name, inst, roles in members
        ],
        "quorum": {"MINES": 2, "ALBERT": 2},
        "approvals_required": {"MINES": 1, "ALBERT": 1},
        "rubric": {
            "criteria": [
                {"id": cid, "label": {"fr": fr, "en": en}, "weight": w}
                for cid, fr, en, w in criteria
            ],
            # scale 0-20 by 0.5 and the discrepancy/admission thresholds: schema defaults
        },
        "scholarship_target": 0.30,
        "blind_fields": ["scholarship"],
        "demo": True,
        "visas": VISAS,
        "appeal_routes": APPEAL_ROUTES,
        "signing_place": "Paris",
        "time_zone": "Europe/Paris",
    }
    if not admission:
        session["graduation_rules"] = {
            "required_ects": 120,
            "business_cases_per_year": 8,
            "programme_years": 2,
            "internship_required": True,
            # The moyenne générale: every course by its ECTS, and the thesis with its
            # defence, graded blind by the jury in the room on the rubric above.
            "units": [
                {
                    "code": code,
                    "label": {"fr": title, "en": english},
                    "ects": COURSE_ECTS[year],
                    **({"minimum": 6.0} if year == 1 else {}),
                }
                for year, code, title, english in COURSES
            ]
            + [
                {
                    "code": THESIS[0],
                    "label": {"fr": THESIS[1], "en": THESIS[2]},
                    "ects": THESIS_ECTS,
                    "minimum": 10.0,
                    "graded_by": "jury",
                }
            ],
            "jury_points_max": 0.5,
            "borderline_margin": 0.5,
        }
    return session


# --------------------------------------------------------------------------- admission

ADMISSION_NAMES = [
    "Inès Moreau-Duval",
    "Thomas Nguyen",
    "Oluwaseun Adébayo",
    "Camille Lefèvre",
    "Aarav Sharma",
    "Zoé Chevalier",
    "Yasmine Benali",
    "Léa Dubois",
    "Björn Lindqvist",
    "Mateo García López",
    "Chloé O'Connor",
    "Fatoumata Diallo",
    "Jean-Baptiste Marie-Amédée d'Arcy de La Rochefoucauld-Montmorency",
    "Maëlle Le Goff",
    "Wei Zhang",
    "Sofía Martínez Ortega",
    "Noah Müller",
    "Amira El-Khoury",
    "Lucas Ferreira da Silva",
    "Anaïs Bourdieu-N’Diaye",
    "Kenji Watanabe",
    "Olivia Kowalska",
    "Yanis Haddad",
    "Émilie Lévêque",
]
ADMISSION_SCHOLARS = {1, 4, 7, 11, 15, 17, 19, 22}  # 8 of 24: about a third, as in real cohorts
ADMISSION_CONFLICTS = {
    22: [("m-albert-1", "personal", "Neveu de Karim Haddad.")],
    7: [("m-mines-3", "former_teacher", "A encadré son projet de fin de licence.")],
    18: [("m-mines-2", "tutor", "Tuteur de son stage de césure en 2025.")],
    14: [("m-albert-2", "other", "A rédigé une lettre de recommandation pour la candidate.")],
}
SCHOOLS = [
    "Université Paris-Saclay, licence de mathématiques",
    "Sorbonne Université, licence d'économie",
    "Université de Lyon, bachelor informatique",
    "Politecnico di Milano, BSc Management Engineering",
    "University of Lagos, BSc Computer Science",
    "Universidad de Barcelona, grado en Estadística",
    "IIT Bombay, BTech",
    "Albert School, Bachelor AI & Data Business",
]
COURSES_L3 = ["Probabilités", "Algèbre linéaire", "Programmation Python", "Microéconomie"]


def _grade(*parts: object, centre: float = 13.0, spread: int = 8) -> float:
    """A grade on /20, in half points, around ``centre`` (stable pseudo-random)."""
    return max(0.0, min(20.0, centre + (_n(*parts) % (2 * spread + 1) - spread) / 2))


def _fmt(grade: float) -> str:
    return f"{grade:.1f}".replace(".", ",")


def _admission_documents(i: int, name: str) -> dict[str, bytes]:
    school = SCHOOLS[_n("school", i) % len(SCHOOLS)]
    docs = {
        "cv.pdf": render_pdf(
            "Curriculum vitae",
            name,
            [
                f"Formation : {school} (2023-2026).",
                "Expérience : stage d'analyste de données, 3 mois (2025).",
                f"Langues : français, anglais (niveau C{1 + _n('lang', i) % 2}).",
                "Compétences : Python, SQL, statistiques, visualisation de données.",
            ],
        ),
        "releve-de-notes.pdf": render_pdf(
            "Relevé de notes — Licence 3",
            name,
            [f"{c} : {_fmt(_grade('l3', i, c))}/20" for c in COURSES_L3],
        ),
    }
    if i % 4 != 3:  # a few dossiers arrive without a letter, as in real life
        docs["lettre-de-motivation.pdf"] = render_pdf(
            "Lettre de motivation",
            name,
            [
                "Madame, Monsieur,",
                "Je souhaite rejoindre le Master AI & Data Business du double diplôme "
                "Mines Paris × Albert School pour allier rigueur scientifique et "
                "compréhension des enjeux d'entreprise.",
                "Veuillez agréer l'expression de mes salutations distinguées.",
                name,
            ],
        )
    return docs


def _candidate(
    prefix: str, i: int, name: str, scholars: set[int], conflicts: dict[int, list[Any]]
) -> dict[str, Any]:
    return {
        "id": f"{prefix}-{i + 1:02d}",
        "name": name,
        "programme": "master",
        "scholarship": i in scholars,
        "conflicts": [
            {"member": m, "category": cat, "note": note} for m, cat, note in conflicts.get(i, [])
        ],
    }


def _admission_candidates() -> list[tuple[dict[str, Any], dict[str, bytes]]]:
    return [
        (
            _candidate("ADM", i, name, ADMISSION_SCHOLARS, ADMISSION_CONFLICTS),
            _admission_documents(i, name),
        )
        for i, name in enumerate(ADMISSION_NAMES)
    ]


# --------------------------------------------------------------------------- graduation

GRADUATION_NAMES = [
    "Margaux Fontaine",
    "Rayan Benchekroun",
    "Clémentine Vasseur",
    "Diego Alvarez",
    "Aïssatou Sow",
    "Hugo Lambert-Pérez",
    "Priya Natarajan",
    "Baptiste Morel",
    "Élodie Garnier",
    "Tristan Leclercq",
    "Mei Lin Chen",
    "Sébastien N'Guessan",
]
GRADUATION_SCHOLARS = {1, 4, 6, 11}
COURSES = [  # (year, code, French title, English title)
    (1, "STAT", "Statistiques avancées", "Advanced statistics"),
    (1, "ML", "Apprentissage automatique", "Machine learning"),
    (1, "DB", "Bases de données", "Databases"),
    (1, "STRAT", "Stratégie d'entreprise", "Corporate strategy"),
    (1, "FIN", "Finance d'entreprise", "Corporate finance"),
    (1, "OPTIM", "Optimisation", "Optimisation"),
    (1, "DL", "Deep learning", "Deep learning"),
    (1, "MKT", "Marketing analytique", "Marketing analytics"),
    (1, "LAW", "Droit du numérique", "Digital law"),
    (1, "ENG", "Anglais professionnel", "Professional English"),
    (2, "MLOPS", "MLOps et mise en production", "MLOps"),
    (2, "GENAI", "IA générative", "Generative AI"),
    (2, "DATAENG", "Data engineering", "Data engineering"),
    (2, "ETHICS", "Éthique de l'IA", "AI ethics"),
    (2, "PM", "Gestion de projet", "Project management"),
    (2, "TS", "Séries temporelles", "Time series"),
    (2, "OR", "Recherche opérationnelle", "Operations research"),
    (2, "GAME", "Théorie des jeux", "Game theory"),
    (2, "ENTR", "Entrepreneuriat", "Entrepreneurship"),
]
COURSE_ECTS = {1: 6, 2: 4}  # 60 ECTS in year 1; 36 + the thesis's 24 in year 2
THESIS = ("THESIS", "Mémoire et soutenance", "Thesis and defence")
THESIS_ECTS = 24
BUSINESS_CASES = {  # 8 a year, some run by partner companies
    1: [
        ("Prévision de la demande en magasin", "Decathlon"),
        ("Tarification dynamique", "Air France"),
        ("Segmentation clients", None),
        ("Détection de fraude", "BNP Paribas"),
        ("Maintenance prédictive", "SNCF"),
        ("Analyse de sentiment", None),
        ("Optimisation logistique", None),
        ("Tableau de bord RSE", "L'Oréal"),
    ],
    2: [
        ("Assistant conversationnel interne", "Capgemini"),
        ("Prévision énergétique", "EDF"),
        ("Recommandation de contenus", None),
        ("Scoring de crédit équitable", "Société Générale"),
        ("Vision par ordinateur en usine", "Air Liquide"),
        ("Planification des équipes", None),
        ("Jumeau numérique", "Dassault Systèmes"),
        ("Stratégie data d'une start-up", None),
    ],
}
# The demo's variety: what a graduation jury meets in a real session.
LEVELS = [13.5, 12.0, 11.5, 12.5, 13.0, 12.0, 11.0, 14.0, 16.5, 8.5, 11.5, 15.0]
FAILED_COURSE = {2: "OPTIM"}  # missing ECTS: one course not validated (under its minimum)
UNGRADED_COURSE = {7: "GAME"}  # a grade still awaited
CASES_DONE = {3: {1: 8, 2: 6}, 10: {1: 7, 2: 8}}  # missing business cases
PLACEMENTS = {  # index -> (kind, organisation, status); default: validated internship
    0: ("apprenticeship", "BNP Paribas", "validated"),
    4: ("internship", "Doctolib", "in_progress"),
    5: ("internship", "Ubisoft", "not_validated"),
    6: ("internship", None, "missing"),
    10: ("apprenticeship", "Renault Group", "in_progress"),
    11: ("apprenticeship", "Thales", "validated"),
}
GRADUATION_CONFLICTS = {
    0: [("m-albert-3", "tutor", "Tuteur d'apprentissage chez BNP Paribas.")],
    5: [("m-mines-3", "sponsor", "Commanditaire du business case « Prévision énergétique ».")],
}
PLACEMENT_ORGS = ["Criteo", "Qonto", "Michelin", "Alan", "Back Market", "Mirakl"]


def _record(i: int) -> dict[str, Any]:
    courses = []
    for year, code, title, _english in COURSES:
        grade: float | None = _grade("grad", i, code, centre=LEVELS[i], spread=6)
        validated = True
        if FAILED_COURSE.get(i) == code:
            grade, validated = 5.5, False
        elif UNGRADED_COURSE.get(i) == code:
            grade, validated = None, False
        course = {"code": code, "title": title, "ects": COURSE_ECTS[year], "validated": validated}
        if grade is not None:
            course["grade"] = grade
        courses.append(course)
    done = CASES_DONE.get(i, {1: 8, 2: 8})
    cases = [
        {"year": year, "title": title, **({"partner": partner} if partner else {})}
        for year, listed in BUSINESS_CASES.items()
        for title, partner in listed[: done[year]]
    ]
    kind, org, status = PLACEMENTS.get(
        i, ("internship", PLACEMENT_ORGS[i % len(PLACEMENT_ORGS)], "validated")
    )
    placement = {"kind": kind, "status": status, **({"organisation": org} if org else {})}
    return {"courses": courses, "business_cases": cases, "placement": placement}


def _graduation_documents(name: str, record: dict[str, Any]) -> dict[str, bytes]:
    lines = [
        f"{c['code']} — {c['title']} : "
        + (f"{_fmt(c['grade'])}/20" if "grade" in c else "note en attente")
        + f", {c['ects']} ECTS"
        + ("" if c["validated"] else " (non validé)")
        for c in record["courses"]
    ]
    docs = {"releve-de-notes.pdf": render_pdf("Relevé de notes — Master", name, lines)}
    placement = record["placement"]
    if placement["status"] != "missing":
        title = (
            "Rapport de stage" if placement["kind"] == "internship" else "Rapport d'apprentissage"
        )
        docs[f"rapport-{placement['kind']}.pdf"] = render_pdf(
            title,
            name,
            [
                f"Entreprise : {placement.get('organisation', '—')}.",
                f"Statut : {FR['placement.' + placement['status']]}.",
                "Missions : conception et mise en production de modèles de données.",
            ],
        )
    return docs


def _graduation_candidates() -> list[tuple[dict[str, Any], dict[str, bytes]]]:
    out = []
    for i, name in enumerate(GRADUATION_NAMES):
        record = _record(i)
        cand = _candidate("GRAD", i, name, GRADUATION_SCHOLARS, GRADUATION_CONFLICTS)
        out.append(({**cand, "record": record}, _graduation_documents(name, record)))
    return out


# --------------------------------------------------------------------------- bundles


def demo_manifest(kind: str, prints: dict[str, str]) -> tuple[Manifest, dict[str, bytes]]:
    """``kind``: "admission", "graduation" (the Master's) or "bachelor-graduation"."""
    from jury_desk.rehearsal import demo_bachelor  # it builds on this module's jury

    if kind == "bachelor-graduation":
        rows, session = demo_bachelor.candidates(), demo_bachelor.session(prints)
    else:
        rows = _admission_candidates() if kind == "admission" else _graduation_candidates()
        session = _session(kind, prints)
    candidates, files, documents = [], [], {}
    for cand, docs in rows:
        paths = []
        for file_name, data in sorted(docs.items()):
            path = f"documents/{cand['id']}/{file_name}"
            paths.append(path)
            documents[path] = data
            files.append(
                {"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            )
        candidates.append({**cand, "documents": paths})
    bundle_id = f"demo-2026-{session['programme']}-{kind.split('-')[-1]}"
    sealed = sealed_fields(Session.model_validate(session))
    if sealed:
        _seal_blind_fields(bundle_id, candidates, files, documents, sealed)
    manifest = Manifest.model_validate(
        {
            "format": FORMAT,
            "bundle_id": bundle_id,
            "seq": 1,
            "issued_at": datetime.fromisoformat(ISSUED_AT),
            "expires_at": datetime.fromisoformat(EXPIRES_AT),
            "session": session,
            "candidates": candidates,
            "files": files,
        }
    )
    return manifest, documents


def _seal_blind_fields(
    bundle_id: str,
    candidates: list[dict[str, Any]],
    files: list[Any],
    documents: dict,
    fields: tuple[str, ...],
) -> None:
    """The scholarship flags committed to in the manifest, their values and salts in
    ``blind-fields.json``, as ``bundle build`` does with no reveal key pinned. The salts are
    derived from the demo's secret seed, so that the bundles regenerate byte for byte: the
    demo's commitments are no secret to whoever reads this code (a real bundle's salts are
    random)."""
    from jury_desk.bundle.blind_fields import SALT_BYTES, seal_candidates
    from jury_desk.bundle.layout import BLIND_VALUES_PATH

    seed = demo_secret_key().seed

    def salt(candidate_id: str) -> bytes:
        return hashlib.sha256(seed + f"|blind|{bundle_id}|{candidate_id}".encode()).digest()[
            :SALT_BYTES
        ]

    values = seal_candidates(bundle_id, candidates, None, salt, fields)
    assert values is not None  # no reveal key is pinned in the demo
    documents[BLIND_VALUES_PATH] = values
    files.append(
        {
            "path": BLIND_VALUES_PATH,
            "size": len(values),
            "sha256": hashlib.sha256(values).hexdigest(),
        }
    )


def _write_text(path: Path, text: str) -> None:
    with atomic_output(path) as fh:
        fh.write(text.encode("utf-8"))


def generate(out_dir: Path) -> dict[str, Path]:
    """(Re)write every demo file in ``out_dir``; returns them by role."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sk = demo_secret_key()
    _write_text(out_dir / KEY_FILE, sk.to_text(None))
    _write_text(out_dir / PUB_FILE, demo_public_key().to_text())
    prints = _signer_fingerprints(out_dir)
    written = {"key": out_dir / KEY_FILE, "pub": out_dir / PUB_FILE}
    for kind, file_name in (
        ("admission", ADMISSION_FILE),
        ("graduation", GRADUATION_FILE),
        ("bachelor-graduation", BACHELOR_FILE),
    ):
        manifest, documents = demo_manifest(kind, prints)
        written[kind] = write_bundle(manifest, documents, sk, out_dir / file_name)
    for code, file_name in KEY_FILES.items():
        written[f"signer-{code}"] = out_dir / file_name
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jury_desk.rehearsal.demo_bundles",
        description=" ".join(__doc__.split("\n\n")[0].split()),
    )
    parser.add_argument("out_dir", type=Path, help="where to write (normally resources/demo)")
    args = parser.parse_args(argv)
    for role, path in generate(args.out_dir).items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{role:>14}  {path}  {path.stat().st_size:>8} bytes  sha256 {digest[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
