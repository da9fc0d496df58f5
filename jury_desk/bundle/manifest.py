"""The bundle manifest (``manifest.json``, format ``jury-desk-bundle/1``), DESIGN.md §2.

Strict: unknown fields are refused everywhere (``extra="forbid"``), numbers are finite,
identifiers are checked for uniqueness and every cross-reference (member -> institution,
conflict -> member, document -> file) must resolve. ``parse_manifest`` is the only way
bytes become a ``Manifest``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cached_property
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from jury_desk.bundle.layout import BLIND_VALUES_PATH, MAX_MANIFEST_BYTES
from jury_desk.bundle.minisign import PublicKey
from jury_desk.core.errors import BundleError, KeyFileError
from jury_desk.core.numbers import as_decimal, format_amount
from jury_desk.core.strict_json import StrictJSONError, dumps_pretty, loads_strict
from jury_desk.signing.reveal_pin import RevealPin

FORMAT = "jury-desk-bundle/1"

Role = Literal["chair", "member", "signer"]
SessionKind = Literal["admission", "graduation"]
Programme = Literal["bachelor", "master"]
BlindField = Literal["scholarship", "name", "record", "documents"]
ConflictCategory = Literal[
    "tutor",  # internship/apprenticeship tutor
    "sponsor",  # business-case sponsor
    "personal",  # family/personal
    "former_teacher",
    "other",
]


def _default_blind_fields() -> list[BlindField]:
    """Hidden from scorers before the reveal unless the bundle says otherwise."""
    return ["scholarship"]


_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError("identifiers are 1-64 characters: letters, digits, '_', '.', '-'")
    return value


def _check_sha256(value: str) -> str:
    if not _SHA256_RE.fullmatch(value):
        raise ValueError("must be 64 lowercase hexadecimal characters (SHA-256)")
    return value


def _check_text(value: str) -> str:
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError("text must be in Unicode NFC form")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
        raise ValueError("control characters are not allowed")
    return value


def _check_public_key(value: str) -> str:
    try:
        PublicKey.from_base64(value)
    except KeyFileError:
        raise ValueError(
            "must be a minisign public key (the base64 line of a .pub from "
            "`jury-desk member keygen`)"
        ) from None
    return value


def _check_path(value: str) -> str:
    """Bundle-relative document path under ``documents/``; same rules as the ZIP reader."""
    if not value.startswith("documents/") or value.endswith("/"):
        raise ValueError("document paths are files under 'documents/'")
    if "\\" in value or "\x00" in value or value.startswith("/"):
        raise ValueError("backslashes, NUL and absolute paths are not allowed")
    if any(part in ("", ".", "..") for part in value.split("/")):
        raise ValueError("empty, '.' and '..' path segments are not allowed")
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError("paths must be in Unicode NFC form")
    return value


def _check_time_zone(value: str) -> str:
    """An IANA time zone this desk knows (tzdata is locked with the app)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{value!r} is not a known time zone; write an IANA name such as Europe/Paris"
        ) from None
    return value


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_check_text)]
LongText = Annotated[str, Field(max_length=5000), AfterValidator(_check_text)]
Paragraph = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_check_text)]
TimeZone = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_check_time_zone)]
DEFAULT_TIME_ZONE = "Europe/Paris"
Sha256 = Annotated[str, AfterValidator(_check_sha256)]
DocPath = Annotated[str, Field(max_length=255), AfterValidator(_check_path)]
MinisignPublicKey = Annotated[str, Field(max_length=100), AfterValidator(_check_public_key)]
# A student number (numéro étudiant, INE): free text, as the schools write it.
StudentId = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_check_text)]
Score = Annotated[float, Field(ge=0, le=20, allow_inf_nan=False)]
Weight = Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Bilingual(Strict):
    fr: Text
    en: Text


class Institution(Strict):
    code: Id  # e.g. "MINES", "ALBERT"
    name: Text


class RevealKey(Strict):
    """The chair's reveal key, pinned with the chair's key (``signing/reveal_pin.py``):
    members may then seal before the chair signs in."""

    public: str = Field(max_length=100)
    signature: str = Field(max_length=200)

    def pin(self) -> RevealPin:
        return RevealPin.from_fields({"public": self.public, "signature": self.signature})

    @model_validator(mode="after")
    def _decodes(self) -> RevealKey:
        self.pin()  # ValueError says what is wrong
        return self


class Member(Strict):
    id: Id
    name: Text
    institution: Id
    roles: list[Role] = Field(min_length=1)
    # SHA-256 (lowercase hex) of the DER certificate that will sign the PV: the chair's and
    # each institution's signer's (one certificate when the chair is also the signer).
    signer_cert_sha256: Sha256 | None = None
    # The member's Ed25519 signing key, pinned by the secretariat (DESIGN.md §4); None
    # when the bundle pins no key and the room desk makes it at their first sign-in.
    public_key: MinisignPublicKey | None = None

    def pinned_key(self) -> PublicKey | None:
        return None if self.public_key is None else PublicKey.from_base64(self.public_key)

    @model_validator(mode="after")
    def _signer_has_fingerprint(self) -> Member:
        if len(set(self.roles)) != len(self.roles):
            raise ValueError(f"member {self.id}: duplicate roles")
        # The chair's certificate is required by ``bundle build`` (``builder.py``), not
        # here: bundles signed before the chair signed the PV (the first version's) declare
        # none, and their sessions and PVs must still open and
        # verify, signed by the institutions alone (issue 11, point 6).
        declared = self.signer_cert_sha256 is not None
        if ("signer" in self.roles and not declared) or (declared and not self.signs_pv):
            raise ValueError(
                f"member {self.id}: the chair and each signer need signer_cert_sha256 (the "
                "certificate that signs the PV), and only they have one"
            )
        return self

    @property
    def signs_pv(self) -> bool:
        """The chair and the institutions' signers sign the PV (DESIGN.md §5)."""
        return "signer" in self.roles or "chair" in self.roles


class Criterion(Strict):
    id: Id
    label: Bilingual
    weight: Weight


class Rubric(Strict):
    criteria: list[Criterion] = Field(min_length=1, max_length=30)
    scale_min: Score = 0
    scale_max: Score = 20
    step: Annotated[float, Field(gt=0, le=20, allow_inf_nan=False)] = 0.5

    @model_validator(mode="after")
    def _coherent(self) -> Rubric:
        if self.scale_min >= self.scale_max:
            raise ValueError("rubric scale_min must be below scale_max")
        span = (self.scale_max - self.scale_min) / self.step
        if abs(span - round(span)) > 1e-9:
            raise ValueError("rubric step must divide the scale")
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("rubric criterion ids must be unique")
        return self


class Thresholds(Strict):
    # Discrepancy flags (on /20).
    institution_gap: Score = 3.0  # |mean(MINES) - mean(ALBERT)| above this flags
    member_spread: Score = 5.0  # max(member total) - min(member total) above this flags
    # Admission proposal.
    admit: Score = 14.0  # overall >= admit (and every institution mean >= floor) -> admit
    waitlist: Score = 11.0  # overall >= waitlist -> waitlist, else reject
    institution_floor: Score = 10.0  # an institution mean below this blocks "admit"

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.waitlist > self.admit:
            raise ValueError("thresholds: waitlist must not exceed admit")
        return self


ECTS = Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]
Margin = Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)]


class GradedUnit(Strict):
    """One unit of the diploma average: a course of the record, or a component the jury
    grades in the room (its rubric is the session's, scored blind)."""

    code: Id  # a course code of every record, or the jury component's own code
    label: Bilingual
    ects: ECTS
    coefficient: Weight | None = None  # the weight when the rules weigh by coefficient
    minimum: Score | None = None  # compensation stops here: below it the unit is failed
    graded_by: Literal["record", "jury"] = "record"


class GraduationRules(Strict):
    required_ects: StrictInt = Field(ge=0, le=600)
    business_cases_per_year: StrictInt = Field(default=8, ge=0, le=50)
    programme_years: StrictInt = Field(ge=1, le=6)
    internship_required: StrictBool
    pass_mark: Score = 10.0  # overall >= pass_mark (and eligible) -> award
    refuse_below: Score = 6.0  # overall below this -> refuse; between -> ajourne
    mention_assez_bien: Score = 12.0
    mention_bien: Score = 14.0
    mention_tres_bien: Score = 16.0
    # The diploma average: none declared -> the rubric's overall decides (older bundles).
    units: list[GradedUnit] = Field(default_factory=list, max_length=200)
    weighting: Literal["ects", "coefficient"] = "ects"
    jury_points_max: Margin = 0.0  # points de jury the jury may add, with a justification
    borderline_margin: Margin = 0.5  # this far below a mark comes first on the board

    def unit(self, code: str) -> GradedUnit | None:
        return next((u for u in self.units if u.code == code), None)

    @property
    def jury_unit(self) -> GradedUnit | None:
        return next((u for u in self.units if u.graded_by == "jury"), None)

    @property
    def record_units(self) -> list[GradedUnit]:
        return [u for u in self.units if u.graded_by == "record"]

    @model_validator(mode="after")
    def _ordered(self) -> GraduationRules:
        marks = [
            self.refuse_below,
            self.pass_mark,
            self.mention_assez_bien,
            self.mention_bien,
            self.mention_tres_bien,
        ]
        if marks != sorted(marks):
            raise ValueError("graduation marks must be ordered refuse < pass < AB < B < TB")
        if self.units:
            _check_units(self)
        return self


def _check_units(rules: GraduationRules) -> None:
    """Rules that add up: distinct units, one weight each, the ECTS of the degree."""
    codes = [u.code for u in rules.units]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise ValueError(f"graduation unit {twice[0]} is declared twice")
    if sum(u.graded_by == "jury" for u in rules.units) > 1:
        raise ValueError(
            "at most one unit is graded by the jury: the session's rubric is its grading grid"
        )
    for u in rules.units:
        if rules.weighting == "coefficient" and u.coefficient is None:
            raise ValueError(f"graduation unit {u.code}: the rules weigh by coefficient: give one")
        if rules.weighting == "ects" and u.coefficient is not None:
            raise ValueError(
                f"graduation unit {u.code}: the rules weigh by ECTS: remove its coefficient"
            )
        if rules.weighting == "ects" and u.ects == 0:
            raise ValueError(f"graduation unit {u.code}: weighed by ECTS, it needs its ECTS")
    # Decimal: 7.5 + 2.5 + ... must add up exactly as the rules say.
    total = sum((as_decimal(u.ects) for u in rules.units), as_decimal(0))
    if total != rules.required_ects:
        raise ValueError(
            f"the graduation units add up to {format_amount(total)} ECTS, "
            f"not the {rules.required_ects} ECTS the degree requires"
        )


class Session(Strict):
    kind: SessionKind
    programme: Programme
    title: Text
    date: date
    place: Text
    institutions: list[Institution] = Field(min_length=2, max_length=2)
    members: list[Member] = Field(min_length=2, max_length=100)
    quorum: dict[Id, Annotated[StrictInt, Field(ge=1)]]
    approvals_required: dict[Id, Annotated[StrictInt, Field(ge=1)]] = Field(default_factory=dict)
    rubric: Rubric
    thresholds: Thresholds = Thresholds()
    scholarship_target: Fraction = 0.30
    # Candidate fields hidden from scorers before the reveal (e.g. "scholarship").
    blind_fields: list[BlindField] = Field(default_factory=_default_blind_fields)
    # The chair's reveal key, when the secretariat pins it (only with pinned member keys).
    reveal_key: RevealKey | None = None
    graduation_rules: GraduationRules | None = None
    demo: StrictBool = False
    # What the PV cites and says (DESIGN.md §5), as the secretariat words it: the visas
    # ("Vu le code de l'éducation…"), the appeal routes and deadlines, the town of "Fait à",
    # and the time zone of the session's place, in which the PV gives its times.
    visas: list[Paragraph] = Field(default_factory=list, max_length=20)
    appeal_routes: list[Paragraph] = Field(default_factory=list, max_length=10)
    signing_place: Text | None = None  # "Fait à <signing_place>"; default: the place
    time_zone: TimeZone = DEFAULT_TIME_ZONE

    def institution_codes(self) -> list[str]:
        return list(self._codes)  # a copy: the caller may change it

    @cached_property
    def _codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.institutions)

    def approvals_needed(self, institution: str) -> int:
        return self.approvals_required.get(institution, 1)

    def member(self, member_id: str) -> Member:
        return self._members_by_id[member_id]

    @cached_property
    def _members_by_id(self) -> dict[str, Member]:
        # The rules look a member up at every act (a signed log's replay: every event).
        return {m.id: m for m in self.members}

    def member_keys(self) -> dict[str, PublicKey | None]:
        """Each member's pinned key, or None for all when the bundle pins none."""
        return {m.id: m.pinned_key() for m in self.members}

    @property
    def pins_keys(self) -> bool:
        return any(m.public_key is not None for m in self.members)

    def chair(self) -> Member:
        return next(m for m in self.members if "chair" in m.roles)

    def reveal_pin(self) -> RevealPin | None:
        """The pinned reveal key, or None: the room desk makes one at the chair's sign-in."""
        return None if self.reveal_key is None else self.reveal_key.pin()

    @model_validator(mode="after")
    def _coherent(self) -> Session:
        codes = self.institution_codes()
        if len(set(codes)) != 2:
            raise ValueError("the two institutions must have distinct codes")
        if any(c.casefold() == "chair" for c in codes):
            raise ValueError('"chair" is the jury chair\'s signature, not an institution code')
        ids = [m.id for m in self.members]
        if len(set(ids)) != len(ids):
            raise ValueError("member ids must be unique")
        for m in self.members:
            if m.institution not in codes:
                raise ValueError(f"member {m.id}: unknown institution {m.institution!r}")
        if set(self.quorum) != set(codes):
            raise ValueError("quorum must give a number for each of the two institutions")
        if not set(self.approvals_required) <= set(codes):
            raise ValueError("approvals_required names an unknown institution")
        for code in codes:
            seats = [m for m in self.members if m.institution == code]
            if self.quorum[code] > len(seats):
                raise ValueError(f"quorum for {code} exceeds its {len(seats)} members")
            if self.approvals_needed(code) > len(seats):
                raise ValueError(f"approvals_required for {code} exceeds its members")
            signers = [m for m in seats if "signer" in m.roles]
            if len(signers) != 1:
                raise ValueError(f"{code} must have exactly one signer (has {len(signers)})")
        if sum("chair" in m.roles for m in self.members) != 1:
            raise ValueError("the jury must have exactly one chair")
        prints = [m.signer_cert_sha256 for m in self.members if m.signer_cert_sha256]
        if len(set(prints)) != len(prints):
            raise ValueError(
                "two members declare the same signer_cert_sha256; each PV signer needs their "
                "own certificate (a chair who is also the signer is one member with both roles)"
            )
        if self.kind == "graduation" and self.graduation_rules is None:
            raise ValueError("a graduation session needs graduation_rules")
        if len(set(self.blind_fields)) != len(self.blind_fields):
            raise ValueError("blind_fields has duplicates")
        keys = [m.public_key for m in self.members if m.public_key is not None]
        if keys and len(keys) != len(self.members):
            unpinned = next(m.id for m in self.members if m.public_key is None)
            raise ValueError(f"pin every member's public_key or none; {unpinned} has none")
        raw = [PublicKey.from_base64(k).public for k in keys]
        if len(set(raw)) != len(raw):
            raise ValueError("two members have the same public_key; each needs their own")
        pin = self.reveal_pin()
        if pin is not None:
            chair = self.chair().pinned_key()
            if chair is None:
                raise ValueError("reveal_key needs the chair's public_key pinned too")
            if not pin.made_by(chair):
                raise ValueError("reveal_key is not signed by the chair's pinned public_key")
        return self


class Course(Strict):
    code: Id
    title: Text
    ects: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]
    grade: Score | None = None  # None: not graded yet
    validated: StrictBool


class BusinessCase(Strict):
    year: StrictInt = Field(ge=1, le=6)  # programme year it counts for
    title: Text
    partner: Text | None = None  # partner company, when run by one


class Placement(Strict):
    kind: Literal["internship", "apprenticeship"]
    organisation: Text | None = None
    status: Literal["validated", "in_progress", "not_validated", "missing"]


class AcademicRecord(Strict):
    courses: list[Course] = Field(default_factory=list, max_length=200)
    business_cases: list[BusinessCase] = Field(default_factory=list, max_length=100)
    placement: Placement | None = None


class BlindSeal(Strict):
    """A candidate's blind fields, as the signed manifest holds them (``bundle/blind_fields``):
    a salted commitment to each sealed field's value (``commitment``: the scholarship flag's,
    its name since the first sealed bundles; ``name_commitment``: the name's), and, when the
    bundle pins the reveal key, one HPKE envelope of the values and salts sealed to it.
    Nothing readable before the reveal."""

    commitment: Sha256 | None = None
    name_commitment: Sha256 | None = None
    envelope: str | None = Field(default=None, max_length=4000)

    def commitments(self) -> dict[str, str]:
        """Each sealed field's commitment, in ``blind_fields.SEALABLE`` order."""
        found = {"scholarship": self.commitment, "name": self.name_commitment}
        return {field: value for field, value in found.items() if value is not None}

    def fields(self) -> tuple[str, ...]:
        return tuple(self.commitments())

    @model_validator(mode="after")
    def _some(self) -> BlindSeal:
        if not self.commitments():
            raise ValueError("a sealed blind field needs its commitment")
        return self


class DeclaredConflict(Strict):
    member: Id
    category: ConflictCategory
    note: LongText = ""


class Candidate(Strict):
    id: Id
    name: Text | None = None
    programme: Programme
    # ``name`` and ``scholarship``: in clear (a bundle made before blind fields were sealed,
    # or not listed as blind), or None and committed to in ``blind`` until the reveal opens
    # it. Read them through the room (``Room.candidate_name``, ``Room.scholarship``).
    scholarship: StrictBool | None = None
    blind: BlindSeal | None = None
    # Optional, to tell apart namesakes across sessions and years (the archive searches them).
    student_id: StudentId | None = None
    birth_date: date | None = None
    documents: list[DocPath] = Field(default_factory=list, max_length=50)
    conflicts: list[DeclaredConflict] = Field(default_factory=list)
    record: AcademicRecord | None = None

    @model_validator(mode="after")
    def _scholarship_once(self) -> Candidate:
        sealed = () if self.blind is None else self.blind.fields()
        for field, clear in (("scholarship", self.scholarship), ("name", self.name)):
            if (clear is None) == (field not in sealed):
                raise ValueError(
                    f"candidate {self.id}: give {field} in clear, or its sealed blind field "
                    "(blind), not both and not neither"
                )
        return self


class FileEntry(Strict):
    path: DocPath
    size: StrictInt = Field(ge=0)
    sha256: Sha256


class Manifest(Strict):
    format: Literal["jury-desk-bundle/1"]
    bundle_id: Id
    seq: StrictInt = Field(ge=0)
    issued_at: datetime
    expires_at: datetime
    session: Session
    candidates: list[Candidate] = Field(min_length=1, max_length=10_000)
    files: list[FileEntry] = Field(max_length=100_000)

    def candidate(self, candidate_id: str) -> Candidate:
        return self._candidates_by_id[candidate_id]

    @property
    def seals_blind_fields(self) -> bool:
        """Whether the candidates' blind fields are sealed (committed to) in this manifest."""
        return self.candidates[0].blind is not None

    @property
    def sealed_fields(self) -> tuple[str, ...]:
        """The blind fields sealed in this manifest (the same for every candidate)."""
        seal = self.candidates[0].blind
        return () if seal is None else seal.fields()

    @cached_property
    def _candidates_by_id(self) -> dict[str, Candidate]:
        # Looked up at every act: a scan of 2,000 candidates per event made the replay O(n²).
        return {c.id: c for c in self.candidates}

    def unscoreable(self) -> list[tuple[str, str]]:
        """(candidate, institution) pairs where every member of the institution is
        conflicted on the candidate by the bundle: a dead end (DESIGN.md §3)."""
        seats = {
            code: {m.id for m in self.session.members if m.institution == code}
            for code in self.session.institution_codes()
        }
        out = []
        for c in self.candidates:
            conflicted = {conflict.member for conflict in c.conflicts}
            out += [(c.id, code) for code, ids in seats.items() if ids <= conflicted]
        return out

    @model_validator(mode="after")
    def _coherent(self) -> Manifest:
        for stamp in (self.issued_at, self.expires_at):
            if stamp.tzinfo is None:
                raise ValueError("issued_at and expires_at must carry a timezone")
        if self.expires_at <= self.issued_at:
            raise ValueError("expires_at must be after issued_at")
        ids = [c.id for c in self.candidates]
        if len(set(ids)) != len(ids):
            raise ValueError("candidate ids must be unique")
        paths = [f.path for f in self.files]
        if len(set(paths)) != len(paths):
            raise ValueError("files lists a path twice")
        folded = {p.casefold() for p in paths}
        if len(folded) != len(paths):
            raise ValueError("files lists two paths that differ only by case")
        listed = set(paths)
        member_ids = {m.id for m in self.session.members}
        for c in self.candidates:
            if c.programme != self.session.programme:
                raise ValueError(f"candidate {c.id}: programme differs from the session's")
            for doc in c.documents:
                if doc not in listed:
                    raise ValueError(f"candidate {c.id}: document {doc} is not in files")
            seen = set()
            for conflict in c.conflicts:
                if conflict.member not in member_ids:
                    raise ValueError(f"candidate {c.id}: conflict names unknown member")
                if conflict.member in seen:
                    raise ValueError(f"candidate {c.id}: member {conflict.member} conflicted twice")
                seen.add(conflict.member)
            if self.session.kind == "graduation" and c.record is None:
                raise ValueError(f"candidate {c.id}: a graduation candidate needs a record")
        _check_blind_seals(self)
        rules = self.session.graduation_rules
        if self.session.kind == "graduation" and rules is not None and rules.units:
            for c in self.candidates:
                assert c.record is not None  # checked above
                _check_record_units(c.id, c.record, rules)
        return self


def _check_blind_seals(manifest: Manifest) -> None:
    """Sealed blind fields are all or nothing; sealed to the pinned reveal key (an envelope
    each), or, with none pinned, their values in the bundle's ``BLIND_VALUES_PATH``."""
    sealed = [c.blind for c in manifest.candidates if c.blind is not None]
    if not sealed:
        return
    if len(sealed) != len(manifest.candidates):
        raise ValueError("seal every candidate's blind fields (blind) or none")
    fields = sealed[0].fields()
    if any(seal.fields() != fields for seal in sealed):
        raise ValueError("seal the same blind fields for every candidate")
    for field in fields:
        if field not in manifest.session.blind_fields:
            raise ValueError(f"a candidate's {field} is sealed (blind) but is no blind field")
    pinned = manifest.session.reveal_key is not None
    if any((seal.envelope is not None) != pinned for seal in sealed):
        raise ValueError(
            "sealed blind fields carry an envelope exactly when the bundle pins the reveal key"
        )
    if not pinned and BLIND_VALUES_PATH not in {f.path for f in manifest.files}:
        raise ValueError(f"sealed blind fields need {BLIND_VALUES_PATH} in files")


def _check_record_units(candidate_id: str, record: AcademicRecord, rules: GraduationRules) -> None:
    """Every record carries exactly the rules' record units, with the rules' ECTS."""
    seen: set[str] = set()
    for course in record.courses:
        unit = rules.unit(course.code)
        if unit is None:
            raise ValueError(
                f"candidate {candidate_id}: course {course.code} is not a unit of the "
                "graduation rules (unknown unit)"
            )
        if unit.graded_by == "jury":
            raise ValueError(
                f"candidate {candidate_id}: {course.code} is graded by the jury, not by the record"
            )
        if course.code in seen:
            raise ValueError(f"candidate {candidate_id}: course {course.code} is listed twice")
        seen.add(course.code)
        if as_decimal(course.ects) != as_decimal(unit.ects):
            raise ValueError(
                f"candidate {candidate_id}: course {course.code} has "
                f"{format_amount(course.ects)} ECTS in the record, "
                f"the graduation rules give it {format_amount(unit.ects)}"
            )
    missing = [u.code for u in rules.record_units if u.code not in seen]
    if missing:
        raise ValueError(
            f"candidate {candidate_id}: the record has no unit {', '.join(missing)} "
            "of the graduation rules"
        )


def parse_manifest(data: bytes) -> Manifest:
    """Strictly parse and validate manifest bytes; raise ``BundleError`` on any problem."""
    try:
        obj = loads_strict(data, max_bytes=MAX_MANIFEST_BYTES)
    except StrictJSONError as exc:
        check = "manifest.size" if "cap" in str(exc) else "manifest.json"
        raise BundleError(check, str(exc), "manifest.json") from None
    if not isinstance(obj, dict):
        raise BundleError("manifest.schema", "the manifest must be a JSON object", "manifest.json")
    if obj.get("format") != FORMAT:
        raise BundleError(
            "manifest.format",
            f"unsupported format {obj.get('format')!r}; this desk reads {FORMAT!r}",
            "manifest.json",
        )
    try:
        return Manifest.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "manifest"
        raise BundleError("manifest.schema", f"{where}: {first['msg']}", "manifest.json") from None


def manifest_bytes(manifest: Manifest) -> bytes:
    """The exact bytes the builder writes as manifest.json (stable, pretty, UTF-8)."""
    return dumps_pretty(manifest.model_dump(mode="json", exclude_none=True))
