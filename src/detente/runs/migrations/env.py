"""Alembic environment for the run store.

detente runs migrations itself when a store is opened (``detente.runs.migrate``), passing
its connection in ``config.attributes["connection"]``. Developers may also use the Alembic
CLI with ``alembic -c src/detente/runs/alembic.ini -x url=sqlite:///runs.sqlite upgrade head``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from detente.runs.tables import metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = sa.create_engine(str(url))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()
