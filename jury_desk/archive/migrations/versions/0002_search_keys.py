"""Search by candidate id and student number whatever their case, and by birth date.

Revision ID: 0002
Revises: 0001

Archives made by 0001 are filled in from the rows they hold: the keys are the folded
forms ``archive.folding`` computes (ids and student numbers only change case).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("archived_decision") as batch:
        batch.add_column(sa.Column("candidate_key", sa.String(64), nullable=True))
        batch.add_column(sa.Column("student_key", sa.String(64), nullable=True))
    op.execute("UPDATE archived_decision SET candidate_key = lower(candidate_id)")
    op.execute("UPDATE archived_decision SET student_key = lower(student_id)")
    with op.batch_alter_table("archived_decision") as batch:
        batch.alter_column("candidate_key", existing_type=sa.String(64), nullable=False)
    op.create_index("ix_archived_decision_candidate_key", "archived_decision", ["candidate_key"])
    op.create_index("ix_archived_decision_student_key", "archived_decision", ["student_key"])
    op.create_index("ix_archived_decision_birth_date", "archived_decision", ["birth_date"])


def downgrade() -> None:
    op.drop_index("ix_archived_decision_birth_date", "archived_decision")
    op.drop_index("ix_archived_decision_student_key", "archived_decision")
    op.drop_index("ix_archived_decision_candidate_key", "archived_decision")
    with op.batch_alter_table("archived_decision") as batch:
        batch.drop_column("student_key")
        batch.drop_column("candidate_key")
