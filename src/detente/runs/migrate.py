"""Bring a run store's schema up to date with Alembic, programmatically, when it is opened.

Users never run migrations by hand: opening a store upgrades it to the newest revision this
version of detente ships. A database written by a *newer* detente (a revision we do not
know) is refused rather than guessed at.

Several processes may open a new store at once: the migration runs under a lock (a file
lock for SQLite, passed in by the caller; an advisory lock on PostgreSQL) and re-reads the
revision once it holds it, so exactly one of them creates the tables.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from importlib.resources import files
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from detente.errors import InvalidParameterError

__all__ = ["alembic_config", "current_revision", "head_revision", "upgrade"]


def alembic_config() -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(str(files("detente.runs"))) / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest revision this version of detente knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None  # the package ships at least one migration
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The revision the database is at (None for an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


_PG_LOCK_KEY = 0x64E7E47E  # any constant: detente's advisory-lock id on PostgreSQL


def upgrade(engine: sa.Engine, lock: AbstractContextManager[object] | None = None) -> None:
    """Upgrade the database behind ``engine`` to the head revision, in one transaction.

    ``lock`` is held around the migration (not around the up-to-date check, so opening a
    current store never waits).

    Raises
    ------
    InvalidParameterError
        If the database is at a revision this detente does not know (written by a newer one).
    """
    head = head_revision()
    with engine.connect() as connection:
        if current_revision(connection) == head:
            return
    with lock if lock is not None else nullcontext(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        current = current_revision(connection)
        if current == head:  # another process created it while we waited
            return
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:
            msg = (
                f"the run store must be at a schema revision this detente knows (got {current!r}: "
                f"{exc}). Fix: upgrade detente, or point DETENTE_RUNS_URL at another database."
            )
            raise InvalidParameterError(msg) from None
