"""Search by name through an index: the words of every name in their own table.

Revision ID: 0003
Revises: 0002

Archives made before are filled in from the names they hold (``folding.name_tokens``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jury_desk.archive.folding import name_tokens

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    token_type = sa.String(100).with_variant(sa.String(100, collation="C"), "postgresql")
    table = op.create_table(
        "archived_name_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "decision_id", sa.Integer(), sa.ForeignKey("archived_decision.id"), nullable=False
        ),
        sa.Column("token", token_type, nullable=False),
    )
    op.create_index("ix_archived_name_token_decision_id", "archived_name_token", ["decision_id"])
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM archived_decision ORDER BY id"))
    batch: list[dict[str, object]] = []
    for decision_id, name in rows.fetchall():
        batch += [{"decision_id": decision_id, "token": t} for t in sorted(name_tokens(name))]
        if len(batch) >= _BATCH:
            op.bulk_insert(table, batch)
            batch = []
    if batch:
        op.bulk_insert(table, batch)
    # After the fill: one index build instead of one update per row.
    op.create_index("ix_archived_name_token_token", "archived_name_token", ["token", "decision_id"])


def downgrade() -> None:
    op.drop_table("archived_name_token")
