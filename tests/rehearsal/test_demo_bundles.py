"""The shipped demo material: regenerates byte-for-byte, verifies, and has the promised variety."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.x509.oid import NameOID
from pypdf import PdfReader

from jury_desk.bundle.blind_fields import read_values
from jury_desk.bundle.layout import BLIND_VALUES_PATH
from jury_desk.bundle.manifest import Manifest, parse_manifest
from jury_desk.bundle.minisign import PublicKey, SecretKey
from jury_desk.bundle.verify import verify_bundle
from jury_desk.core.eligibility import graduation_eligibility
from jury_desk.core.graduates import assess
from jury_desk.core.resources import resource_path
from jury_desk.minutes.signer_keys import cert_fingerprint, load_signer_p12
from jury_desk.rehearsal import demo_bundles as demo

DEMO = resource_path("demo")
BUNDLES = (demo.ADMISSION_FILE, demo.GRADUATION_FILE, demo.BACHELOR_FILE)
SIGNER_FILES = list(demo.KEY_FILES.values())  # the institutions' signers and the chair


def shipped_manifest(file_name: str) -> Manifest:
    with zipfile.ZipFile(DEMO / file_name) as zf:
        return parse_manifest(zf.read("manifest.json"))


@pytest.fixture(scope="module")
def admission() -> Manifest:
    return shipped_manifest(demo.ADMISSION_FILE)


@pytest.fixture(scope="module")
def graduation() -> Manifest:
    return shipped_manifest(demo.GRADUATION_FILE)


def test_regeneration_is_byte_identical(tmp_path):
    for name in SIGNER_FILES:
        shutil.copy2(DEMO / name, tmp_path / name)
    assert demo.main([str(tmp_path)]) == 0
    for name in (*BUNDLES, demo.KEY_FILE, demo.PUB_FILE, *SIGNER_FILES):
        assert (tmp_path / name).read_bytes() == (DEMO / name).read_bytes(), name


def test_missing_signer_keys_are_created_and_declared(tmp_path):
    demo.generate(tmp_path)
    manifest = parse_manifest(zipfile.ZipFile(tmp_path / demo.ADMISSION_FILE).read("manifest.json"))
    shipped = shipped_manifest(demo.ADMISSION_FILE)
    for file_name, member_id, cn, org in (*demo.SIGNERS.values(), demo.CHAIR):
        _, cert = load_signer_p12(tmp_path / file_name, demo.SIGNER_PASSPHRASE)
        assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == cn
        assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == org
        declared = manifest.session.member(member_id).signer_cert_sha256
        assert declared == cert_fingerprint(cert)
        assert declared != shipped.session.member(member_id).signer_cert_sha256  # a new key


def test_shipped_keys_are_the_fixed_demo_keys():
    public = PublicKey.from_file(DEMO / demo.PUB_FILE)
    secret = SecretKey.from_file(DEMO / demo.KEY_FILE, None)  # unencrypted on purpose
    assert public == demo.demo_public_key() and secret == demo.demo_secret_key()
    assert "DEMO" in public.comment and secret.public_key().public == public.public


@pytest.mark.parametrize("file_name", BUNDLES)
def test_shipped_bundles_pass_the_verifier(file_name, data_dir):
    vb = verify_bundle(
        DEMO / file_name,
        trusted_keys=[PublicKey.from_file(DEMO / demo.PUB_FILE)],
        data_dir=data_dir,
        now=datetime(2027, 1, 15, tzinfo=UTC),  # the demo must open for years
    )
    assert vb.manifest.session.demo is True
    assert vb.trusted_comment.startswith(f"jury-desk bundle {vb.manifest.bundle_id} seq 1 ")


def test_declared_fingerprints_are_the_shipped_certificates(admission, graduation):
    for file_name, member_id, _, _ in (*demo.SIGNERS.values(), demo.CHAIR):
        _, cert = load_signer_p12(DEMO / file_name, b"demo")
        for manifest in (admission, graduation):
            assert manifest.session.member(member_id).signer_cert_sha256 == cert_fingerprint(cert)


def test_demo_is_small_and_does_not_expire_soon(admission, graduation):
    total = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert total < 2 * 1024 * 1024
    for manifest in (admission, graduation):
        assert manifest.issued_at == datetime.fromisoformat(demo.ISSUED_AT)
        assert manifest.expires_at.year >= 2036


def test_admission_demo_is_a_realistic_session(admission):
    session = admission.session
    assert (session.kind, session.programme) == ("admission", "master")
    assert len(admission.candidates) == 24
    # The flags are sealed: a commitment each in the manifest, the values beside it.
    assert all(c.scholarship is None and c.blind is not None for c in admission.candidates)
    with zipfile.ZipFile(DEMO / demo.ADMISSION_FILE) as zf:
        values = read_values(admission, zf.read(BLIND_VALUES_PATH))
    assert sum(found["scholarship"][0] for found in values.values()) == 8
    per_institution = Counter(m.institution for m in session.members)
    assert per_institution == {"MINES": 3, "ALBERT": 3}
    assert sum("chair" in m.roles for m in session.members) == 1
    signers = [m.institution for m in session.members if "signer" in m.roles]
    assert sorted(signers) == ["ALBERT", "MINES"]
    # The PV cites its visas, its appeal routes and where it was made, in Paris time.
    assert len(session.visas) >= 3 and all(v.startswith("Vu ") for v in session.visas)
    assert any("tribunal administratif" in a for a in session.appeal_routes)
    assert (session.signing_place, session.time_zone) == ("Paris", "Europe/Paris")
    criteria = session.rubric.criteria
    assert len(criteria) >= 4 and all(c.label.fr and c.label.en for c in criteria)
    assert len({c.weight for c in criteria}) > 1
    categories = {k.category for c in admission.candidates for k in c.conflicts}
    assert len(categories) >= 3
    names = [c.name for c in admission.candidates]
    assert any("'" in n or "’" in n for n in names) and any("-" in n for n in names)
    assert any(ch in "".join(names) for ch in "éèëïí") and max(map(len, names)) > 50
    assert {len(c.documents) for c in admission.candidates} == {2, 3}


def test_every_demo_document_is_a_pdf():
    for file_name in BUNDLES:
        with zipfile.ZipFile(DEMO / file_name) as zf:
            docs = [n for n in zf.namelist() if n.startswith("documents/")]
            docs = [n for n in docs if n != BLIND_VALUES_PATH]  # the sealed flags' values
            assert docs and all(zf.read(n).startswith(b"%PDF-") for n in docs)


def test_graduation_demo_has_the_promised_variety(graduation):
    rules = graduation.session.graduation_rules
    assert rules is not None and rules.business_cases_per_year == 8 and rules.internship_required
    missing = Counter()
    statuses = Counter()
    for cand in graduation.candidates:
        assert cand.record is not None
        for check in graduation_eligibility(cand.record, rules, jury_grade=12):
            missing[check.name] += not check.met
        assert cand.record.placement is not None
        statuses[cand.record.placement.status] += 1
    assert missing["ects"] >= 2 and missing["business-cases"] >= 2 and missing["placement"] >= 3
    assert {"validated", "in_progress", "not_validated", "missing"} <= set(statuses)
    kinds = {c.record.placement.kind for c in graduation.candidates}
    assert kinds == {"internship", "apprenticeship"}
    cases = [bc for c in graduation.candidates for bc in c.record.business_cases]
    assert any(bc.partner for bc in cases) and any(bc.partner is None for bc in cases)
    assert any(co.grade is None for c in graduation.candidates for co in c.record.courses)
    complete = [
        c
        for c in graduation.candidates
        if all(ch.met for ch in graduation_eligibility(c.record, rules, jury_grade=12))
    ]
    assert len(complete) >= 5  # most of a cohort graduates
    # The diploma average: the courses and the thesis the jury grades in the room.
    assert rules.jury_unit is not None and rules.jury_unit.code == "THESIS"
    assert sum(u.ects for u in rules.units) == rules.required_ects == 120
    with_thesis_12 = [assess(c, rules, 12) for c in graduation.candidates]
    assert any(g.borderline and not g.missing for g in with_thesis_12)  # just below a mark
    assert any(len(g.missing) == 1 for g in with_thesis_12)  # one requirement short
    assert any(g.proposal and g.proposal.mention for g in with_thesis_12)


def test_the_bachelor_graduation_is_deliberated_from_the_transcripts():
    """No unit graded by the jury: nobody scores; the cohort shows every mention, a
    graduate just under the pass mark, one just under a mention, a course under its minimum
    and a year short of business cases."""
    bachelor = shipped_manifest(demo.BACHELOR_FILE)
    rules = bachelor.session.graduation_rules
    assert bachelor.session.programme == "bachelor" and rules is not None
    assert rules.units and rules.jury_unit is None and not rules.internship_required
    assert sum(u.ects for u in rules.units) == rules.required_ects == 180
    graduates = {c.id: assess(c, rules, None) for c in bachelor.candidates}
    proposals = {cid: g.proposal for cid, g in graduates.items()}
    assert all(p is not None for p in proposals.values())
    mentions = {p.mention for p in proposals.values() if p is not None and p.decision == "award"}
    assert mentions == {None, "assez_bien", "bien", "tres_bien"}
    assert graduates["BACH-03"].near_mark == 10 and graduates["BACH-03"].borderline
    assert graduates["BACH-08"].near_mark == 12 and graduates["BACH-08"].borderline
    assert graduates["BACH-05"].missing == ("ects", "FIN")
    assert graduates["BACH-07"].missing == ("business-cases",)


# Words a user must never read in the demo: the programme's old names, "x" for "×", and
# the manifest's English status codes printed in a French document.
BAD_WORDS = (
    "Master Data & IA",
    "IA & Data",
    "Data & Business",
    "Paris x Albert",
    "validated",
    "de apprentissage",
)


@pytest.mark.parametrize("file_name", BUNDLES)
def test_demo_texts_use_the_programme_s_words(file_name):
    """The manifest's texts (titles, names) and every document's text, read back by pypdf."""
    with zipfile.ZipFile(DEMO / file_name) as zf:
        manifest = parse_manifest(zf.read("manifest.json"))
        texts = {"manifest title": manifest.session.title}
        texts |= {f"manifest candidate {c.id}": c.name for c in manifest.candidates}
        for name in zf.namelist():
            if name.startswith("documents/") and name != BLIND_VALUES_PATH:
                pdf = PdfReader(io.BytesIO(zf.read(name)))
                texts[name] = "\n".join(page.extract_text() for page in pdf.pages)
    assert "AI & Data Business" in manifest.session.title
    assert "Mines Paris × Albert School" in manifest.session.title
    found = [(where, bad) for where, text in texts.items() for bad in BAD_WORDS if bad in text]
    assert not found
    docs = [t for where, t in texts.items() if where.startswith("documents/")]
    assert docs and all(t.strip() for t in docs)  # pypdf reads the documents' words
    if file_name == demo.GRADUATION_FILE:  # the placement reports say their status in French
        statuses = {ln for t in docs for ln in t.splitlines() if ln.startswith("Statut")}
        assert statuses == {"Statut : validé.", "Statut : en cours.", "Statut : non validé."}


def test_pyproject_description_says_times():
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert "Mines Paris × Albert School" in text and "Paris x Albert" not in text
