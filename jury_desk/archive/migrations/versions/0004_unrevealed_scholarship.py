"""A candidate referred back before its reveal has no scholarship flag: "not revealed".

Revision ID: 0004
Revises: 0003

Issue 11: a bundle may seal the scholarship flags until each candidate's reveal, so a
candidate recorded as non délibéré — renvoyé before it has none in its PV (minutes.json
omits it). The column required one, and such a candidate was stored as "not a holder".
It is now nullable (NULL: not revealed), and the rows already archived are read again
from the minutes.json kept beside them: a renvoi whose minutes give no flag becomes NULL.

SQLite cannot drop a NOT NULL in place: the table is copied (Alembic's batch mode). Its
name words' table refers to it, and with foreign keys enforced the old table cannot be
dropped under them: they are set aside in a plain copy first, and put back after.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_RENVOI = "not-deliberated"  # core.proposals.RENVOI, as the archive stores a renvoi


def upgrade() -> None:
    _scholarship_nullable(True)
    _unrevealed_renvois(op.get_bind())


def downgrade() -> None:
    op.execute("UPDATE archived_decision SET scholarship = false WHERE scholarship IS NULL")
    _scholarship_nullable(False)


def _scholarship_nullable(nullable: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(
            "archived_decision", "scholarship", existing_type=sa.Boolean(), nullable=nullable
        )
        return
    op.execute("CREATE TABLE _name_token_copy AS SELECT * FROM archived_name_token")
    op.drop_table("archived_name_token")
    with op.batch_alter_table("archived_decision") as batch:
        batch.alter_column("scholarship", existing_type=sa.Boolean(), nullable=nullable)
    _name_token_table()
    op.execute(
        "INSERT INTO archived_name_token (id, decision_id, token) "
        "SELECT id, decision_id, token FROM _name_token_copy"
    )
    op.drop_table("_name_token_copy")
    op.create_index("ix_archived_name_token_token", "archived_name_token", ["token", "decision_id"])


def _name_token_table() -> None:
    """As 0003 made it (its token index is built after the fill)."""
    token_type = sa.String(100).with_variant(sa.String(100, collation="C"), "postgresql")
    op.create_table(
        "archived_name_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "decision_id", sa.Integer(), sa.ForeignKey("archived_decision.id"), nullable=False
        ),
        sa.Column("token", token_type, nullable=False),
    )
    op.create_index("ix_archived_name_token_decision_id", "archived_name_token", ["decision_id"])


def _unrevealed_renvois(bind: sa.Connection) -> None:
    """The renvois already archived whose minutes.json gives no flag: NULL, not "no"."""
    pvs = bind.execute(
        sa.text(
            "SELECT DISTINCT d.pv_id, f.data FROM archived_decision d JOIN archived_file f "
            "ON f.pv_id = d.pv_id AND f.kind = 'minutes' WHERE d.decision = :renvoi"
        ),
        {"renvoi": _RENVOI},
    ).fetchall()
    for pv_id, data in pvs:
        listed = json.loads(bytes(data)).get("not_deliberated") or []
        for candidate_id in (c["id"] for c in listed if c.get("scholarship") is None):
            bind.execute(
                sa.text(
                    "UPDATE archived_decision SET scholarship = NULL "
                    "WHERE pv_id = :pv AND candidate_id = :c AND decision = :renvoi"
                ),
                {"pv": pv_id, "c": candidate_id, "renvoi": _RENVOI},
            )
