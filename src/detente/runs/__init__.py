"""Remembered runs: every forecast stored with its inputs, in SQLite or any SQLAlchemy database.

``tables`` describes the schema, ``migrate`` keeps databases at it (Alembic, on open),
``store`` saves/lists/fetches runs atomically and ``diff`` compares two of them.
"""

from detente.runs.connect import RunStoreError
from detente.runs.diff import RunDiff, diff_runs
from detente.runs.location import default_url
from detente.runs.store import RunRecord, RunStore, RunSummary

__all__ = [
    "RunDiff",
    "RunRecord",
    "RunStore",
    "RunStoreError",
    "RunSummary",
    "default_url",
    "diff_runs",
]
