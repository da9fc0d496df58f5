"""The archive's tables (SQLModel), the same on SQLite and PostgreSQL.

* ``archived_pv``: one row per filed PV, with what identifies it (its SHA-256, the bundle,
  the audit head) and what proves it (signers, the verification report);
* ``archived_file``: the bytes kept with it (the PV, minutes.json, the bundle receipt and,
  when given, the session file), apart so that a search never reads them;
* ``archived_decision``: one row per candidate of a PV, with the folded keys a search uses;
* ``archived_name_token``: the words of each candidate's name, folded, so that a search by
  name is an index range per typed word (a ``LIKE '%…%'`` scan is far too slow at 100,000
  decisions: tests/benchmarks/README.md).

A PV that supersedes another names the audit head of the one it replaces
(``supersedes_head``); "superseded" is computed from that link, so it holds whatever order
the two PVs are archived in. The schema is made and changed only by the Alembic
migrations in ``migrations/versions``; a test checks that they give exactly these tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class ArchiveTable(SQLModel, registry=registry()):
    """The archive's own metadata: not SQLModel's shared one, which holds the session
    store's tables (each schema is compared with its own migrations)."""


metadata = ArchiveTable.metadata


class ArchivedPV(ArchiveTable, table=True):
    __tablename__ = "archived_pv"

    id: int | None = Field(default=None, primary_key=True)
    pv_sha256: str = Field(max_length=64, unique=True)
    added_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    generated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    year: int = Field(index=True)
    session_date: date
    session_kind: str = Field(max_length=16)
    programme: str = Field(max_length=16)
    session_title: str = Field(sa_column=Column(Text, nullable=False))
    session_place: str = Field(sa_column=Column(Text, nullable=False))
    lang: str = Field(max_length=2)
    bundle_id: str = Field(max_length=64, index=True)
    bundle_seq: int
    bundle_sha256: str = Field(max_length=64)
    anchor: str = Field(max_length=16)  # "bundle" or "receipt": what the PV was checked against
    audit_head: str = Field(max_length=64, index=True)
    supersedes_head: str | None = Field(default=None, max_length=64, index=True)
    supersedes_reason: str | None = Field(default=None, sa_column=Column(Text))
    session_checked: bool  # the session file was given and its head is the PV's
    candidates: int
    signers_json: str = Field(sa_column=Column(Text, nullable=False))
    report: str = Field(sa_column=Column(Text, nullable=False))


class ArchivedFile(ArchiveTable, table=True):
    __tablename__ = "archived_file"
    __table_args__ = (UniqueConstraint("pv_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    pv_id: int = Field(foreign_key="archived_pv.id", index=True)
    kind: str = Field(max_length=16)  # pv | minutes | receipt | session
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class ArchivedDecision(ArchiveTable, table=True):
    __tablename__ = "archived_decision"
    __table_args__ = (UniqueConstraint("pv_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    pv_id: int = Field(foreign_key="archived_pv.id", index=True)
    candidate_id: str = Field(max_length=64)
    candidate_key: str = Field(max_length=64, index=True)
    name: str = Field(sa_column=Column(Text, nullable=False))
    name_key: str = Field(sa_column=Column(Text, nullable=False))
    student_id: str | None = Field(default=None, max_length=64)
    student_key: str | None = Field(default=None, max_length=64, index=True)
    birth_date: date | None = Field(default=None, index=True)
    # None: not revealed (sealed in the bundle, and the candidate renvoyé before its reveal)
    scholarship: bool | None = None
    decision: str = Field(max_length=32)
    mention: str | None = Field(default=None, max_length=32)
    overall: float
    # Copied from the PV so that a search filters and sorts without a join.
    year: int
    session_date: date
    programme: str = Field(max_length=16)
    session_kind: str = Field(max_length=16)


# Code-point order on both engines, so that a prefix is an index range (folding.prefix_range).
TokenType = String(100).with_variant(String(100, collation="C"), "postgresql")


class ArchivedNameToken(ArchiveTable, table=True):
    __tablename__ = "archived_name_token"
    __table_args__ = (Index("ix_archived_name_token_token", "token", "decision_id"),)

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(
        sa_column=Column(ForeignKey("archived_decision.id"), nullable=False, index=True)
    )
    token: str = Field(sa_column=Column(TokenType, nullable=False))
