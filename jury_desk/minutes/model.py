"""``minutes.json`` (format ``jury-desk-minutes/1``): the machine-readable truth of a PV.

DESIGN.md §5. The deliberation service builds a ``Minutes`` from a closed session; the PDF
is drawn from it and embeds its exact bytes (``minutes_bytes``). Everything a reader could
recompute is cross-checked here (means, overall, flags, decision counts, scholarship share,
approvals per institution), so a hand-edited or inconsistent minutes.json is refused by
``parse_minutes`` rather than printed.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    model_validator,
)

from jury_desk.bundle.manifest import (
    DEFAULT_TIME_ZONE,
    ConflictCategory,
    Fraction,
    GraduationRules,
    Institution,
    LongText,
    Paragraph,
    Programme,
    Role,
    Rubric,
    Score,
    SessionKind,
    Strict,
    StudentId,
    Text,
    Thresholds,
    TimeZone,
)
from jury_desk.core.diploma import weighted_average, with_jury_points
from jury_desk.core.errors import MinutesError, RuleError
from jury_desk.core.graduates import transcript_only
from jury_desk.core.proposals import REASON_TEXTS, Decision, Mention, allowed_decisions
from jury_desk.core.reconcile import reconcile
from jury_desk.core.strict_json import StrictJSONError, loads_strict
from jury_desk.minutes.slots import CHAIR, Slot, signature_slots

FORMAT = "jury-desk-minutes/1"
MAX_MINUTES_BYTES = 32 * 1024 * 1024  # 10,000 candidates with notes stay well below
MINUTES_NAME = "minutes.json"

# The manifest's rules for ids and digests, as patterns so the published schema shows them.
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Lang = Literal["fr", "en"]
Flag = Literal["institution-gap", "member-spread"]
EligibilityName = Literal["ects", "business-cases", "placement"]
Count = Annotated[StrictInt, Field(ge=0)]
# The salts that open a candidate's sealed blind fields' commitments in the bundle (public
# since its reveal): ``minutes verify --bundle`` recomputes each commitment from the value
# the PV shows. Absent: nothing sealed, not revealed, or minutes written before (issue 11).
BlindSalts = dict[Literal["scholarship", "name"], Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]]


class BundleRef(Strict):
    id: Id
    seq: Count
    sha256: Sha256  # of the whole .jdbundle file
    manifest_sha256: Sha256


class SessionInfo(Strict):
    kind: SessionKind
    programme: Programme
    title: Text
    date: date
    place: Text
    institutions: list[Institution] = Field(min_length=2, max_length=2)
    demo: StrictBool = False
    # What the PV cites and where it is made, from the bundle's session (DESIGN.md §5).
    visas: list[Paragraph] = Field(default_factory=list, max_length=20)
    appeal_routes: list[Paragraph] = Field(default_factory=list, max_length=10)
    signing_place: Text | None = None
    time_zone: TimeZone = DEFAULT_TIME_ZONE


class JuryMember(Strict):
    id: Id
    name: Text
    institution: Id
    roles: list[Role] = Field(min_length=1)
    # A signed log (format 2): the SHA-256 of the member's Ed25519 public key, and whether
    # the bundle pinned it (else it was registered in the room). Absent for format 1.
    key_sha256: Sha256 | None = None
    key_pinned: bool | None = None
    # The public key itself (minisign base64), so that a seal's signature can be checked
    # from the minutes alone (``minutes verify --receipt``). Absent before it was listed.
    public_key: Annotated[str, Field(max_length=100)] | None = None


class Attendance(Strict):
    """One presence interval; a member who stepped out and back has several."""

    member: Id
    institution: Id
    in_at: AwareDatetime
    out_at: AwareDatetime | None = None  # None: present until the session closed

    @model_validator(mode="after")
    def _ordered(self) -> Attendance:
        if self.out_at is not None and self.out_at < self.in_at:
            raise ValueError(f"attendance of {self.member}: out_at is before in_at")
        return self


class Conflict(Strict):
    member: Id
    candidate: Id
    category: ConflictCategory
    source: Literal["bundle", "room"]
    note: LongText = ""


class RulesApplied(Strict):
    rubric: Rubric
    thresholds: Thresholds
    scholarship_target: Fraction
    graduation_rules: GraduationRules | None = None
    approvals_required: dict[Id, Annotated[StrictInt, Field(ge=1)]]


class DeskProof(Strict):
    """A seal made on the member's own desk (issue 12): the member signed an exchange
    envelope (``signing/desk_proof.py``) addressed to the bundle, message ``n``."""

    n: StrictInt = Field(ge=1)
    sent_at: Annotated[str, Field(max_length=40)]
    sig: Annotated[str, Field(min_length=88, max_length=88)]  # Ed25519, base64


class SealProof(Strict):
    """A signed log's seal event (format 2), all of it but what every seal shares (its
    actor, kind and candidate are the total's; the session id is ``Minutes.audit_session``):
    enough to recompute the event's chain hash and check the member's signature over it.
    A seal made on a member desk has the member's ``desk`` proof instead of ``signature``."""

    seq: StrictInt = Field(ge=2)
    at: Annotated[str, Field(max_length=40)]
    prev_hash: Sha256
    envelope: Annotated[str, Field(max_length=4000)]  # the sheet sealed to the reveal key
    signature: Annotated[str, Field(min_length=88, max_length=88)] | None = None  # Ed25519
    desk: DeskProof | None = None

    @model_validator(mode="after")
    def _one_proof(self) -> SealProof:
        if (self.signature is None) == (self.desk is None):
            raise ValueError("a seal has either its event's signature or its desk's proof")
        return self


class MemberTotal(Strict):
    member: Id
    total: Score
    # The commitment the member's sealed sheet entered the audit log with; its first 12 hex
    # digits are the receipt the member was shown (`minutes verify --receipt`). Absent in
    # minutes written before receipts existed.
    commitment: Sha256 | None = None
    # A signed log: the seal event that committed it, signed by the member. Absent else.
    seal: SealProof | None = None


class Note(Strict):
    author: Id
    at: AwareDatetime
    text: Annotated[LongText, Field(min_length=1)]


class Revision(Strict):
    member: Id
    at: AwareDatetime
    reason: Text
    old_total: Score
    new_total: Score


def _check_reason_code(value: str) -> str:
    if value not in REASON_TEXTS:
        raise ValueError(f"unknown reason code {value!r}")
    return value


ReasonCode = Annotated[str, AfterValidator(_check_reason_code)]
Fact = StrictInt | Annotated[float, Field(allow_inf_nan=False)] | Text


class ReasonMinutes(Strict):
    """One reason of the rules' proposal: its code (``core.proposals.REASON_TEXTS``) and its
    facts (numbers as numbers, codes as codes), worded in the PV's language at render time.
    ``requirement-missing`` names its check; the wording comes from the eligibility lines."""

    code: ReasonCode
    facts: dict[Id, Fact] = Field(default_factory=dict, max_length=10)


class EarlyReveal(Strict):
    """The chair revealed the candidate's scores before every expected sheet was sealed."""

    by: Id
    at: AwareDatetime


class Approval(Strict):
    member: Id
    institution: Id
    at: AwareDatetime


class EligibilityLine(Strict):
    name: EligibilityName
    met: StrictBool
    required: Text
    actual: Text


class DiplomaUnit(Strict):
    """One unit of the diploma average as it was weighed: enough to recompute it."""

    code: Id
    ects: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]
    weight: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)]  # ECTS or coefficient
    grade: Score | None = None  # None: not graded (the average is then undecided)
    minimum: Score | None = None
    graded_by: Literal["record", "jury"] = "record"


class DiplomaMinutes(Strict):
    """The moyenne générale: sum(weight x grade) / sum(weight), half-up to 3 decimals; the
    jury unit's grade is the candidate's overall (the mean of the institution means)."""

    units: list[DiplomaUnit] = Field(min_length=1, max_length=200)
    average: Score | None = None  # None: a unit not graded (minutes.json omits it)
    jury_points: Annotated[float, Field(gt=0, le=2, allow_inf_nan=False)] | None = None
    average_after: Score | None = None  # with the points de jury
    # The rules' decision and mention on ``average_after``. Absent in minutes written before
    # they were listed: their PV renders as it always did (the points under "departure").
    rules_after: Decision | None = None
    rules_after_mention: Mention | None = None


class CandidateMinutes(Strict):
    id: Id
    name: Text
    scholarship: StrictBool
    blind_salts: BlindSalts | None = None
    # From the bundle when it gives them: what tells namesakes apart in the archive.
    student_id: StudentId | None = None
    birth_date: date | None = None
    # Institution code -> final member totals: empty when nobody scores (rules that name no
    # unit graded by the jury), and then no means and no overall either.
    totals: dict[Id, list[MemberTotal]]
    institution_means: dict[Id, Score]
    overall: Score | None = None
    flags: list[Flag] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)
    proposed_decision: Decision  # what the rules proposed
    proposed_mention: Mention | None = None
    reasons: list[ReasonMinutes] = Field(default_factory=list, max_length=50)  # the proposal's
    decision: Decision  # what the jury decided
    mention: Mention | None = None
    decision_source: Literal["rule", "jury"]
    early_reveal: EarlyReveal | None = None
    justification: LongText = ""  # the jury's own words: only when it departs from the rules
    approvals: list[Approval] = Field(min_length=2)
    eligibility: list[EligibilityLine] = Field(default_factory=list)  # graduation only
    diploma: DiplomaMinutes | None = None  # graduation on the rules' graded units


class NotDeliberated(Strict):
    """A candidate recorded as "non délibéré — renvoyé" (DESIGN.md §3, no dead ends): an
    institution had too few eligible members present to deliberate, or its sealed blind
    field did not open at the reveal. No score or decision on the merits: the reason, and
    the approvals of the institutions that still could."""

    id: Id
    # None: the name sealed in the bundle and never revealed (renvoyé before its reveal).
    name: Text | None = None
    # None: sealed in the bundle and never revealed (renvoyé before its reveal).
    scholarship: StrictBool | None = None
    blind_salts: BlindSalts | None = None
    student_id: StudentId | None = None
    birth_date: date | None = None
    reason: Annotated[LongText, Field(min_length=1)]
    recorded_by: Id
    # Institution code -> the approvals the renvoi needed from it: 0 when it had no eligible
    # member present, fewer than the bundle's count when it had fewer eligible members.
    approvers: dict[Id, Annotated[StrictInt, Field(ge=0)]]
    # Empty only when no institution could approve (nobody present was free to act on the
    # candidate): the chair then recorded the renvoi alone.
    approvals: list[Approval] = Field(default_factory=list)
    # Set when the renvoi is for a sealed blind field that did not open at the reveal (its
    # envelope, sealed to the pinned reveal key, did not open, or held another value than
    # the one committed to): every institution could deliberate, but it could not be revealed.
    blind_fault: Literal["envelope", "commitment"] | None = None


class ScholarshipStats(Strict):
    admitted: Count
    holders: Count
    # None when nobody was admitted; a default, because minutes.json leaves nulls out (a
    # session that admitted nobody could not be read back without it).
    share: Fraction | None = None
    target: Fraction
    meets_target: StrictBool | None = None


class EligibilitySummary(Strict):
    eligible: Count  # candidates meeting every check
    not_eligible: Count
    missing: dict[EligibilityName, Count]  # check -> candidates missing it


class Statistics(Strict):
    decisions: dict[Decision, Count]
    scholarship: ScholarshipStats | None = None  # admission sessions
    eligibility: EligibilitySummary | None = None  # graduation sessions


class Signer(Strict):
    member: Id
    cert_sha256: Sha256  # the fingerprint the bundle declares for this PV signer


class Supersedes(Strict):
    """Set on the PV of a reopened session: it replaces an earlier PV."""

    reason: Text
    previous_audit_head: Sha256


class Minutes(Strict):
    format: Literal["jury-desk-minutes/1"]
    generated_at: AwareDatetime
    lang: Lang = "fr"
    # Absent in minutes written before the flag existed, which were all real deliberations.
    simulated: StrictBool = Field(
        default=False,
        description="true: a synthetic session played by 'jury-desk simulate', not a jury's "
        "deliberation; its PV has no official value",
    )
    bundle: BundleRef
    session: SessionInfo
    jury: list[JuryMember] = Field(min_length=2)
    attendance: list[Attendance]
    quorum: dict[Id, Annotated[StrictInt, Field(ge=1)]]
    conflicts: list[Conflict] = Field(default_factory=list)
    rules: RulesApplied
    candidates: list[CandidateMinutes] = Field(max_length=10_000)
    # Absent when none (and in minutes written before the renvoi existed).
    not_deliberated: list[NotDeliberated] | None = Field(default=None, max_length=10_000)
    statistics: Statistics
    audit_head: Sha256
    # "unsigned/1": a hash-chained log whose acts are not signed by their members;
    # "signed/2": every act signed by its member's key (DESIGN.md §4). Absent in older minutes.
    audit_log: Literal["unsigned/1", "signed/2"] | None = None
    # A signed log: its session id (the hash of its first event), which every event names.
    audit_session: Sha256 | None = None
    # Where the key that kept the sealed sheets blind until the reveal came from, as
    # ``audit verify`` says it: "pinned" by the bundle (made with the chair's key at home),
    # made in the "room" at the chair's registration, or "absent" (an unsigned log, format
    # 1, seals no sheet to a reveal key). Absent in minutes written before it was listed:
    # their PV says nothing of it, so that they still render to the same bytes.
    reveal_key: Literal["pinned", "room", "absent"] | None = None
    signers: dict[Id, Signer]  # institution code -> its signer
    # The jury chair signs too; the same member as a signer signs once. None only for a
    # bundle signed before the chair signed the PV (``slots.py``), whose manifest, checked
    # by ``minutes verify --bundle``, then declares no chair's certificate either.
    chair: Signer | None = None
    opened_at: AwareDatetime  # the first member's arrival
    closed_at: AwareDatetime  # the chair's closing: the PV is "établi" then
    supersedes: Supersedes | None = None

    def institution_codes(self) -> list[str]:
        return [i.code for i in self.session.institutions]

    def slots(self) -> list[Slot]:
        return signature_slots(self.chair, self.signers, self.institution_codes())

    def member(self, member_id: str) -> JuryMember:
        for m in self.jury:
            if m.id == member_id:
                return m
        raise KeyError(member_id)

    @model_validator(mode="after")
    def _coherent(self) -> Minutes:
        _check_jury(self)
        _check_candidates(self)
        _check_not_deliberated(self)
        _check_statistics(self)
        return self


def _check_jury(m: Minutes) -> None:
    codes = m.institution_codes()
    if len(set(codes)) != 2:
        raise ValueError("the two institutions must have distinct codes")
    institution_of = {j.id: j.institution for j in m.jury}
    if len(institution_of) != len(m.jury):
        raise ValueError("jury member ids must be unique")
    if not set(institution_of.values()) <= set(codes):
        raise ValueError("a jury member belongs to an unknown institution")
    for a in m.attendance:
        if institution_of.get(a.member) != a.institution:
            raise ValueError(f"attendance names {a.member!r}, not a jury member of {a.institution}")
    if set(m.quorum) != set(codes) or not set(m.rules.approvals_required) <= set(codes):
        raise ValueError("quorum and approvals_required must be given per institution")
    every = [c.id for c in m.candidates] + [c.id for c in m.not_deliberated or ()]
    candidate_ids = set(every)
    if not every:
        raise ValueError("the minutes list no candidate")
    if len(candidate_ids) != len(every):
        raise ValueError("candidate ids must be unique")
    for c in m.conflicts:
        if c.member not in institution_of or c.candidate not in candidate_ids:
            raise ValueError(f"conflict {c.member}/{c.candidate} names an unknown member")
    if set(m.signers) != set(codes):
        raise ValueError("signers must name exactly one signer per institution")
    if any(c.casefold() == CHAIR for c in codes):
        raise ValueError('"chair" is the jury chair\'s signature, not an institution code')
    for code, signer in m.signers.items():
        member = next((j for j in m.jury if j.id == signer.member), None)
        if member is None or member.institution != code or "signer" not in member.roles:
            raise ValueError(f"signer of {code} must be a jury member of {code} with role signer")
    certs = {s.member: s.cert_sha256 for s in m.signers.values()}
    if m.chair is not None:
        chair = next((j for j in m.jury if j.id == m.chair.member), None)
        if chair is None or "chair" not in chair.roles:
            raise ValueError("chair must be the jury member with role chair")
        if m.chair.member in certs and certs[m.chair.member] != m.chair.cert_sha256:
            raise ValueError("a chair who is also a signer signs with one certificate")
        certs[m.chair.member] = m.chair.cert_sha256
    if len(set(certs.values())) != len(certs):
        raise ValueError("each PV signer needs their own certificate")
    if m.closed_at < m.opened_at:
        raise ValueError("closed_at is before opened_at")
    if (m.session.kind == "graduation") != (m.rules.graduation_rules is not None):
        raise ValueError("graduation_rules are given exactly for a graduation session")
    if m.reveal_key in ("pinned", "room") and m.audit_log != "signed/2":
        raise ValueError("only a signed log (format 2) seals sheets to a reveal key")


def _check_candidates(m: Minutes) -> None:
    codes = m.institution_codes()
    institution_of = {j.id: j.institution for j in m.jury}
    conflicted = {(c.member, c.candidate) for c in m.conflicts}
    allowed = allowed_decisions(m.session.kind)
    rules = m.rules.graduation_rules
    scores_nothing = transcript_only(rules)
    for c in m.candidates:
        where = f"candidate {c.id}"
        if c.early_reveal is not None and c.early_reveal.by not in institution_of:
            raise ValueError(f"{where}: early_reveal names {c.early_reveal.by!r}, not a member")
        _check_diploma(c, rules, where)
        if scores_nothing:
            if c.totals or c.institution_means or c.overall is not None or c.flags:
                raise ValueError(f"{where}: nobody scores under these rules: no totals")
            _check_decision(m, c, institution_of, conflicted, allowed, where)
            continue
        if set(c.totals) != set(codes) or any(not t for t in c.totals.values()):
            raise ValueError(f"{where}: totals need at least one member per institution")
        scored = [t.member for ts in c.totals.values() for t in ts]
        if len(set(scored)) != len(scored):
            raise ValueError(f"{where}: a member has two totals")
        for code, ts in c.totals.items():
            for t in ts:
                if institution_of.get(t.member) != code:
                    raise ValueError(f"{where}: {t.member} is not a jury member of {code}")
                if (t.member, c.id) in conflicted:
                    raise ValueError(f"{where}: conflicted member {t.member} has a total")
        try:
            rec = reconcile(
                {code: [t.total for t in ts] for code, ts in c.totals.items()},
                codes,
                m.rules.thresholds,
            )
        except RuleError as exc:
            raise ValueError(f"{where}: {exc}") from None
        if rec.institution_means != c.institution_means or rec.overall != c.overall:
            raise ValueError(f"{where}: institution means or overall disagree with the totals")
        if list(rec.flags) != c.flags:
            raise ValueError(f"{where}: flags disagree with the totals and thresholds")
        if c.flags and not c.notes:
            raise ValueError(f"{where}: a flagged candidate needs a discussion note")
        _check_decision(m, c, institution_of, conflicted, allowed, where)


def _check_not_deliberated(m: Minutes) -> None:
    """A renvoi names every institution, leaves one short of the approvals the bundle asks
    (else the candidate could have been deliberated), and has the approvals it needed from
    distinct, unconflicted members of the institutions that still could."""
    institution_of = {j.id: j.institution for j in m.jury}
    conflicted = {(c.member, c.candidate) for c in m.conflicts}
    required = m.rules.approvals_required
    for c in m.not_deliberated or ():
        where = f"candidate {c.id} (non délibéré)"
        if set(c.approvers) != set(m.institution_codes()):
            raise ValueError(f"{where}: approvers must name each institution")
        if c.blind_fault is None and all(
            c.approvers[code] >= required.get(code, 1) for code in c.approvers
        ):
            raise ValueError(f"{where}: every institution could deliberate: no renvoi")
        if c.recorded_by not in institution_of:
            raise ValueError(f"{where}: recorded by an unknown member")
        nobody_free = not any(c.approvers.values())
        if (c.recorded_by, c.id) in conflicted and not (
            nobody_free and "chair" in m.member(c.recorded_by).roles
        ):
            raise ValueError(f"{where}: recorded by a conflicted member")
        if any(not c.approvers[a.institution] for a in c.approvals if a.institution in c.approvers):
            raise ValueError(f"{where}: an approval from an institution that could not approve")
        _check_approvals(m, c, institution_of, conflicted, c.approvers)


def _check_diploma(c: CandidateMinutes, rules: GraduationRules | None, where: str) -> None:
    """The average recomputes from the units, and the units are the rules'."""
    d = c.diploma
    if rules is None or not rules.units:
        if d is not None:
            raise ValueError(f"{where}: a diploma average without graded units in the rules")
        return
    if d is None:
        raise ValueError(f"{where}: the rules weigh units: the diploma average is missing")
    if [(u.code, u.ects, u.minimum, u.graded_by) for u in d.units] != [
        (u.code, u.ects, u.minimum, u.graded_by) for u in rules.units
    ]:
        raise ValueError(f"{where}: the diploma units are not the rules' units")
    for unit, rule in zip(d.units, rules.units, strict=True):
        weight = rule.coefficient if rules.weighting == "coefficient" else rule.ects
        if unit.weight != weight:
            raise ValueError(f"{where}: unit {unit.code} is not weighed as the rules say")
        if unit.graded_by == "jury" and unit.grade != c.overall:
            raise ValueError(f"{where}: the jury unit's grade is not the overall")
    graded = [(u.weight, u.grade) for u in d.units if u.grade is not None]
    expected = weighted_average(graded) if len(graded) == len(d.units) else None
    if d.average != expected:
        raise ValueError(f"{where}: the diploma average does not recompute from its units")
    if (d.jury_points is None) != (d.average_after is None):
        raise ValueError(f"{where}: points de jury come with the average after them")
    if d.rules_after is not None and d.jury_points is None:
        raise ValueError(f"{where}: the rules' decision after points de jury, without any")
    if d.rules_after_mention is not None and d.rules_after != "award":
        raise ValueError(f"{where}: a mention goes only with an awarded degree")
    if d.jury_points is not None:
        if d.average is None or d.average_after != with_jury_points(
            d.average, d.jury_points, rules
        ):
            raise ValueError(f"{where}: the average after the points de jury is wrong")


def _check_decision(
    m: Minutes,
    c: CandidateMinutes,
    institution_of: dict[str, str],
    conflicted: set[tuple[str, str]],
    allowed: tuple[str, ...],
    where: str,
) -> None:
    for d in (c.decision, c.proposed_decision):
        if d not in allowed:
            raise ValueError(f"{where}: {d!r} is not a {m.session.kind} decision")
    for decision, mention in (
        (c.decision, c.mention),
        (c.proposed_decision, c.proposed_mention),
    ):
        if mention is not None and decision != "award":
            raise ValueError(f"{where}: a mention goes only with an awarded degree")
    if c.decision_source == "rule" and (c.decision, c.mention) != (
        c.proposed_decision,
        c.proposed_mention,
    ):
        raise ValueError(f"{where}: a rule decision must equal the proposal")
    if c.decision_source == "jury" and not c.justification.strip():
        raise ValueError(f"{where}: a jury decision needs a justification")
    _check_approvals(m, c, institution_of, conflicted)
    expected = ["ects", "business-cases", "placement"]
    rules = m.rules.graduation_rules
    if rules is None:
        expected = []
    elif not rules.internship_required:
        expected = expected[:2]
    if [e.name for e in c.eligibility] != expected:
        raise ValueError(f"{where}: eligibility must list the checks {expected}")


def _check_approvals(
    m: Minutes,
    c: CandidateMinutes | NotDeliberated,
    institution_of: dict[str, str],
    conflicted: set[tuple[str, str]],
    needed: dict[str, int] | None = None,
) -> None:
    members = [a.member for a in c.approvals]
    if len(set(members)) != len(members):
        raise ValueError(f"candidate {c.id}: approvers must be distinct members")
    for a in c.approvals:
        if institution_of.get(a.member) != a.institution:
            raise ValueError(f"candidate {c.id}: approver {a.member} is not of {a.institution}")
        if (a.member, c.id) in conflicted:
            raise ValueError(f"candidate {c.id}: conflicted member {a.member} approved")
    per_institution = Counter(a.institution for a in c.approvals)
    for code in m.institution_codes():
        required = m.rules.approvals_required.get(code, 1) if needed is None else needed[code]
        if per_institution[code] < required:
            raise ValueError(f"candidate {c.id}: missing approvals from {code}")


def _check_statistics(m: Minutes) -> None:
    counts = Counter(c.decision for c in m.candidates)
    if {k: v for k, v in m.statistics.decisions.items() if v} != dict(counts):
        raise ValueError("statistics.decisions disagree with the candidates")
    s = m.statistics
    if m.session.kind == "admission":
        admitted = [c for c in m.candidates if c.decision == "admit"]
        holders = sum(c.scholarship for c in admitted)
        if s.scholarship is None or s.eligibility is not None:
            raise ValueError("an admission PV has scholarship statistics (and no eligibility)")
        if (s.scholarship.admitted, s.scholarship.holders) != (len(admitted), holders):
            raise ValueError("statistics.scholarship disagrees with the admitted candidates")
        if s.scholarship.target != m.rules.scholarship_target:
            raise ValueError("statistics.scholarship.target differs from the rules")
        return
    if s.eligibility is None or s.scholarship is not None:
        raise ValueError("a graduation PV has an eligibility summary (and no scholarship)")
    eligible = sum(all(e.met for e in c.eligibility) for c in m.candidates)
    missing = Counter(e.name for c in m.candidates for e in c.eligibility if not e.met)
    if (s.eligibility.eligible, s.eligibility.not_eligible) != (
        eligible,
        len(m.candidates) - eligible,
    ) or {k: v for k, v in s.eligibility.missing.items() if v} != dict(missing):
        raise ValueError("statistics.eligibility disagrees with the candidates")


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _InstitutionView(_View):
    code: str


class _SessionView(_View):
    title: str
    place: str
    institutions: list[_InstitutionView]


class _MemberView(_View):
    id: str
    name: str


class MinutesView(_View):
    """The few fields signing needs, read WITHOUT the cross-checks of ``Minutes``.

    Checking a 500-candidate minutes.json costs more than signing it; the signer only needs
    to know who may sign. ``minutes verify`` always runs the full validation.
    """

    format: Literal["jury-desk-minutes/1"]
    generated_at: AwareDatetime
    session: _SessionView
    jury: list[_MemberView]
    signers: dict[str, Signer]
    chair: Signer | None = None

    def institution_codes(self) -> list[str]:
        return [i.code for i in self.session.institutions]

    def slots(self) -> list[Slot]:
        return signature_slots(self.chair, self.signers, self.institution_codes())

    def member_name(self, member_id: str) -> str:
        return next((m.name for m in self.jury if m.id == member_id), member_id)


def read_minutes_view(data: bytes) -> MinutesView:
    """``MinutesView`` of minutes.json bytes; ``MinutesError`` if they are not minutes."""
    if len(data) > MAX_MINUTES_BYTES:
        raise MinutesError("minutes.json", "minutes.json is too large.", MINUTES_NAME)
    try:
        return MinutesView.model_validate_json(data)
    except ValidationError as exc:
        raise _schema_error(exc) from None


def _schema_error(exc: ValidationError) -> MinutesError:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "minutes"
    return MinutesError(
        "minutes.schema", f"minutes.json is not valid: {where}: {first['msg']}", MINUTES_NAME
    )


def minutes_bytes(minutes: Minutes) -> bytes:
    """The bytes of minutes.json: pretty (2-space indent), UTF-8, fields in model order.

    pydantic's serializer writes what ``json.dumps(indent=2, ensure_ascii=False)`` would,
    several times faster for a large session. The verifier never relies on re-serializing:
    it re-renders a PV with the exact bytes it found embedded.
    """
    return minutes.model_dump_json(indent=2, exclude_none=True).encode("utf-8") + b"\n"


def parse_minutes(data: bytes) -> Minutes:
    """Strictly parse and validate minutes.json bytes; ``MinutesError`` on any problem."""
    try:
        obj: Any = loads_strict(data, max_bytes=MAX_MINUTES_BYTES)
    except StrictJSONError as exc:
        raise MinutesError(
            "minutes.json", f"minutes.json is not valid: {exc}", MINUTES_NAME
        ) from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        found = obj.get("format") if isinstance(obj, dict) else None
        raise MinutesError(
            "minutes.format",
            f"minutes.json has format {found!r}; this desk reads {FORMAT!r}.",
            MINUTES_NAME,
        )
    try:
        return Minutes.model_validate(obj)
    except ValidationError as exc:
        raise _schema_error(exc) from None
