"""Create the runs and run_series tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
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
        "runs",
        sa.Column("id", sa.String(32), nullable=False, comment="uuid4 hex"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("scenario_hash", sa.String(71), nullable=False, comment="sha256:<hex>"),
        sa.Column("detente_version", sa.String(40), nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=True),
        sa.Column("n_draws", sa.Integer, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("headline", sa.JSON, nullable=False),
        sa.Column(
            "scenario", sa.JSON, nullable=True, comment="validated scenario, for input diffs"
        ),
        sa.Column("document", sa.JSON, nullable=False, comment="the run's forecast.json"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_index("ix_runs_created_at", "runs", ["created_at"])
    op.create_index("ix_runs_scenario_id", "runs", ["scenario_id"])
    op.create_table(
        "run_series",
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("series", sa.String(32), nullable=False, comment="ceasefire or settlement"),
        sa.Column("month", sa.String(7), nullable=False, comment="YYYY-MM"),
        sa.Column("p", sa.Float, nullable=False),
        sa.Column("low", sa.Float, nullable=False),
        sa.Column("high", sa.Float, nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name="fk_run_series_run_id_runs", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "series", "month", name="pk_run_series"),
    )


def downgrade() -> None:
    op.drop_table("run_series")
    op.drop_index("ix_runs_scenario_id", table_name="runs")
    op.drop_index("ix_runs_created_at", table_name="runs")
    op.drop_table("runs")
