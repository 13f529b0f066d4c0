"""The run store's tables (SQLAlchemy Core), the single description of its schema.

A run is one row of ``runs`` (who, when, what inputs, the whole ``forecast.json``) and its
monthly probabilities as rows of ``run_series``, queryable without parsing JSON. The two are
written in one transaction, so a run is either wholly present or absent.

Changing these tables needs a new Alembic migration in ``migrations/versions/``; a test
checks that the migrations produce exactly these tables.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["metadata", "run_series", "runs"]

# Stable constraint names, so migrations can refer to them on every backend.
metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True, comment="uuid4 hex"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("scenario_id", sa.String(64), nullable=False, index=True),
    sa.Column("scenario_hash", sa.String(71), nullable=False, comment="sha256:<hex>"),
    sa.Column("detente_version", sa.String(40), nullable=False),
    sa.Column("seed", sa.BigInteger, nullable=True),
    sa.Column("n_draws", sa.Integer, nullable=False),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("headline", sa.JSON, nullable=False),
    sa.Column("scenario", sa.JSON, nullable=True, comment="validated scenario, for input diffs"),
    sa.Column("document", sa.JSON, nullable=False, comment="the run's forecast.json"),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)

run_series = sa.Table(
    "run_series",
    metadata,
    sa.Column(
        "run_id",
        sa.String(32),
        sa.ForeignKey("runs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("series", sa.String(32), primary_key=True, comment="ceasefire or settlement"),
    sa.Column("month", sa.String(7), primary_key=True, comment="YYYY-MM"),
    sa.Column("p", sa.Float, nullable=False),
    sa.Column("low", sa.Float, nullable=False),
    sa.Column("high", sa.Float, nullable=False),
)
