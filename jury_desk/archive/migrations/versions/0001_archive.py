"""The archive: filed PVs, their files and their decisions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archived_pv",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pv_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("session_kind", sa.String(16), nullable=False),
        sa.Column("programme", sa.String(16), nullable=False),
        sa.Column("session_title", sa.Text(), nullable=False),
        sa.Column("session_place", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("bundle_id", sa.String(64), nullable=False),
        sa.Column("bundle_seq", sa.Integer(), nullable=False),
        sa.Column("bundle_sha256", sa.String(64), nullable=False),
        sa.Column("anchor", sa.String(16), nullable=False),
        sa.Column("audit_head", sa.String(64), nullable=False),
        sa.Column("supersedes_head", sa.String(64), nullable=True),
        sa.Column("supersedes_reason", sa.Text(), nullable=True),
        sa.Column("session_checked", sa.Boolean(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("signers_json", sa.Text(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
    )
    op.create_index("ix_archived_pv_year", "archived_pv", ["year"])
    op.create_index("ix_archived_pv_bundle_id", "archived_pv", ["bundle_id"])
    op.create_index("ix_archived_pv_audit_head", "archived_pv", ["audit_head"])
    op.create_index("ix_archived_pv_supersedes_head", "archived_pv", ["supersedes_head"])
    op.create_table(
        "archived_file",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pv_id", sa.Integer(), sa.ForeignKey("archived_pv.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("pv_id", "kind"),
    )
    op.create_index("ix_archived_file_pv_id", "archived_file", ["pv_id"])
    op.create_table(
        "archived_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pv_id", sa.Integer(), sa.ForeignKey("archived_pv.id"), nullable=False),
        sa.Column("candidate_id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("student_id", sa.String(64), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("scholarship", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(32), nullable=False),
        sa.Column("mention", sa.String(32), nullable=True),
        sa.Column("overall", sa.Float(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("programme", sa.String(16), nullable=False),
        sa.Column("session_kind", sa.String(16), nullable=False),
        sa.UniqueConstraint("pv_id", "candidate_id"),
    )
    op.create_index("ix_archived_decision_pv_id", "archived_decision", ["pv_id"])


def downgrade() -> None:
    op.drop_table("archived_decision")
    op.drop_table("archived_file")
    op.drop_table("archived_pv")
