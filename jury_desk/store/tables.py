"""The session store's tables (SQLModel), at the latest schema version.

The DDL that creates them lives in ``migrations.py`` (versioned, immutable once shipped);
a test checks that both agree column for column. Times are ISO-8601 UTC text, exactly as
they enter the audit chain. History is kept, never overwritten: a revision adds score
rows, a new proposal withdraws the old one, a void marks an approval.
"""

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class SessionMeta(SQLModel, table=True):
    __tablename__ = "session_meta"
    id: int = Field(default=1, primary_key=True)  # a single row
    bundle_id: str
    bundle_seq: int
    bundle_sha256: str
    manifest_sha256: str
    manifest_json: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    bundle_path: str | None = None  # the private copy, re-verified on resume
    key_id_hex: str | None = None
    created_at: str
    state: str = "open"  # open | closed
    reopen_count: int = 0
    simulated: bool = False  # v3: set at creation by ``jury-desk simulate``, never changed
    log_format: int = 1  # v5: 2 for a signed log (every act signed), fixed at creation
    #: v8: the secretariat's manifest.json.minisig, re-checked by ``audit verify``
    manifest_minisig: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


class Attendance(SQLModel, table=True):
    __tablename__ = "attendance"
    id: int | None = Field(default=None, primary_key=True)
    member_id: str
    kind: str  # in | out
    at: str


class Credential(SQLModel, table=True):
    __tablename__ = "credential"
    member_id: str = Field(primary_key=True)
    salt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    digest: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    n: int
    r: int
    p: int
    set_at: str
    failures: int = 0  # consecutive wrong passphrases
    locked_until: str | None = None


class MemberKey(SQLModel, table=True):
    """v5 (format 2): a member's secret key, encrypted under their passphrase (minisign's
    secret-key format); unlocking it is the passphrase check. Never stored in clear."""

    __tablename__ = "member_key"
    member_id: str = Field(primary_key=True)
    secret_key: str
    public_key: str  # minisign base64, as in the key registration event
    pinned: bool
    registered_at: str
    failures: int = 0  # consecutive wrong passphrases
    locked_until: str | None = None
    # v6: the X25519 key drafts are sealed to (as in the registration event)
    box_public: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Conflict(SQLModel, table=True):
    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("member_id", "candidate_id"),)
    id: int | None = Field(default=None, primary_key=True)
    member_id: str
    candidate_id: str
    source: str  # bundle | room
    category: str
    note: str = ""
    declared_by: str | None = None  # None for the bundle's
    at: str


class Sheet(SQLModel, table=True):
    __tablename__ = "sheet"
    __table_args__ = (UniqueConstraint("member_id", "candidate_id"),)
    id: int | None = Field(default=None, primary_key=True)
    member_id: str
    candidate_id: str = Field(index=True)
    status: str = "draft"  # draft | sealed
    salt: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    commitment: str | None = None
    sealed_at: str | None = None
    revision: int = 0  # the current revision; 0 is the sealed original
    total: float | None = None  # v2: weighted total of the current revision (sealed only)
    # v6 (format 2): the sealed sheet, HPKE-sealed to the reveal key; scores, salt and total
    # are written only at the candidate's reveal.
    envelope: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class DraftScore(SQLModel, table=True):
    """v6 (format 2): one draft score, HPKE-sealed to its author's box key."""

    __tablename__ = "draft_score"
    sheet_id: int = Field(foreign_key="sheet.id", primary_key=True)
    criterion_id: str = Field(primary_key=True)
    envelope: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class RevealKey(SQLModel, table=True):
    """v6 (format 2): the session's reveal key; its secret half sealed to the chair."""

    __tablename__ = "reveal_key"
    id: int = Field(default=1, primary_key=True)
    chair_id: str
    public: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    wrapped: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    at: str


class SheetScore(SQLModel, table=True):
    __tablename__ = "sheet_score"
    sheet_id: int = Field(foreign_key="sheet.id", primary_key=True)
    revision: int = Field(primary_key=True)
    criterion_id: str = Field(primary_key=True)
    value: float


class SheetRevision(SQLModel, table=True):
    __tablename__ = "sheet_revision"
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="sheet.id")
    revision: int
    reason: str
    at: str


class Reveal(SQLModel, table=True):
    __tablename__ = "reveal"
    candidate_id: str = Field(primary_key=True)
    at: str
    forced_by: str | None = None  # the chair, for a forced reveal


class BlindField(SQLModel, table=True):
    """v10: a candidate's sealed blind field, opened at its reveal (with the salt that
    opens its commitment in the signed manifest)."""

    __tablename__ = "blind_field"
    candidate_id: str = Field(primary_key=True)
    scholarship: bool
    salt: str
    at: str


class BlindName(SQLModel, table=True):
    """v11: a candidate's sealed name, opened at its reveal (``BlindField``'s twin)."""

    __tablename__ = "blind_name"
    candidate_id: str = Field(primary_key=True)
    name: str
    salt: str
    at: str


class BlindFault(SQLModel, table=True):
    """v12: a candidate whose sealed blind field did not open at its reveal (the chair's
    signed ``blind-field-faulty`` event): never revealed, it may be recorded as non
    délibéré (``phases/blind_fields.py``)."""

    __tablename__ = "blind_fault"
    candidate_id: str = Field(primary_key=True)
    reason: str
    at: str


class Note(SQLModel, table=True):
    __tablename__ = "note"
    id: int | None = Field(default=None, primary_key=True)
    candidate_id: str = Field(index=True)
    author: str
    text: str
    at: str


class Proposal(SQLModel, table=True):
    __tablename__ = "proposal"
    id: int | None = Field(default=None, primary_key=True)
    candidate_id: str = Field(index=True)
    source: str  # rule | jury
    decision: str
    mention: str | None = None
    justification: str = ""
    author: str
    at: str
    withdrawn_at: str | None = None
    withdrawn_why: str | None = None  # superseded | objection | scores-changed
    jury_points: float | None = None  # v4: points de jury added to the diploma average
    # v5: a renvoi's approving institutions, canonical JSON {code: approvals}; None: the
    # bundle's approvals from every institution
    approvers: str | None = None


class Approval(SQLModel, table=True):
    __tablename__ = "approval"
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id")
    candidate_id: str = Field(index=True)
    member_id: str
    institution: str
    at: str
    voided_at: str | None = None
    voided_by_event: int | None = None  # the audit seq of the change that voided it


class Objection(SQLModel, table=True):
    __tablename__ = "objection"
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id")
    candidate_id: str
    member_id: str
    reason: str
    at: str


class Closure(SQLModel, table=True):
    __tablename__ = "closure"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # close | reopen
    actor: str
    reason: str = ""
    at: str


class Tally(SQLModel, table=True):
    """v2: each candidate's reconciliation, refreshed in the transaction that changes its
    sheets, so the board never recomputes 2,000 reconciliations per refresh."""

    __tablename__ = "tally"
    candidate_id: str = Field(primary_key=True)
    sealed_members: str  # canonical JSON list of the members whose sealed sheet counts
    means: str  # canonical JSON {institution: mean | null}
    overall: float | None = None
    gap: float | None = None
    spread: float | None = None
    flags: str  # canonical JSON list


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    seq: int = Field(primary_key=True)
    at: str
    actor: str
    kind: str
    payload: str  # canonical JSON
    prev_hash: str
    hash: str
    signature: str | None = None  # v5: the actor's Ed25519 signature (base64), format 2


class DeskVerdict(SQLModel, table=True):
    """v9: the room desk's verdict on one message of a member desk (issue 12)."""

    __tablename__ = "desk_verdict"
    id: int | None = Field(default=None, primary_key=True)
    member_id: str
    n: int
    digest: str
    decided: bool  # the message n the rules decided (else: a second desk's, told only)
    accepted: bool
    reason: str
    message: str
    at: str
