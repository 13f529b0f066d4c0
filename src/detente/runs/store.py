"""Remembered runs: save a forecast with its inputs, list, fetch and compare them later.

A forecast that cannot be found again cannot be checked against what happened. Each run is
stored with the scenario's content hash, the parameters, the seed, the detente version and
the whole ``forecast.json``. The default store is an SQLite file in the user's data folder
(``DETENTE_RUNS_URL`` overrides it with any SQLAlchemy URL, e.g. PostgreSQL for a team).

Saving is one transaction: the ``runs`` row and its ``run_series`` rows commit together or
not at all, so a run killed mid-save leaves nothing behind.

Every way the store itself can fail — a bad URL, a corrupt file, an unreachable server, a
read-only folder — raises :class:`~detente.runs.connect.RunStoreError` with the fix.
"""

from __future__ import annotations

import builtins
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from detente.errors import UnknownNameError
from detente.results.fingerprint import scenario_hash
from detente.results.schema import ForecastDocument
from detente.runs.connect import RunStoreError, create_engine, explain, migration_lock, parse_url
from detente.runs.diff import RunDiff, diff_runs
from detente.runs.location import default_url
from detente.runs.migrate import upgrade
from detente.runs.tables import run_series, runs
from detente.scenario.schema import Scenario

__all__ = ["RunRecord", "RunStore", "RunStoreError", "RunSummary"]


@dataclass(frozen=True)
class RunSummary:
    """One line of ``detente runs list``."""

    id: str
    created_at: dt.datetime
    scenario_id: str
    scenario_hash: str
    detente_version: str
    seed: int | None
    n_draws: int
    p_deal_by_horizon: float | None
    note: str


@dataclass(frozen=True)
class RunRecord:
    """A stored run in full: its summary, parameters, inputs and results."""

    summary: RunSummary
    params: dict[str, Any]
    headline: dict[str, Any]
    scenario: dict[str, Any] | None
    document: ForecastDocument

    @property
    def id(self) -> str:
        """The run's id."""
        return self.summary.id


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class RunStore:
    """A database of runs at an SQLAlchemy URL, migrated to the current schema on open.

    Parameters
    ----------
    url
        Any SQLAlchemy URL; default :func:`default_url`. For SQLite the folder is created;
        in-memory SQLite is refused (it would keep nothing).
    writable
        Check now that the store can be written (SQLite), so a forecast fails before its
        computation rather than at the save; readers pass False.

    Use as a context manager (or call :meth:`close`) so connections are released.
    """

    def __init__(self, url: str | sa.URL | None = None, *, writable: bool = True) -> None:
        self.url = parse_url(url if url is not None else default_url())
        self.engine = create_engine(self.url)
        if self.url.get_backend_name() == "sqlite":
            sa.event.listen(self.engine, "connect", _on_sqlite_connect)
        try:
            with self._guard():
                upgrade(self.engine, migration_lock(self.url))
                if writable:
                    self._check_writable()
        except BaseException:
            self.engine.dispose()
            raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn a database or file error into a RunStoreError naming the store and the fix."""
        try:
            yield
        except (sa.exc.DBAPIError, OSError) as exc:
            raise explain(exc, self.url) from None

    def _check_writable(self) -> None:
        """Fail now, not after the computation, if an SQLite store cannot be written."""
        if self.url.get_backend_name() != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:  # a read-only file fails here; the rollback leaves no trace
                conn.exec_driver_sql("CREATE TABLE main.detente_write_probe (x INTEGER)")
            finally:
                conn.exec_driver_sql("ROLLBACK")

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- writing ----------------------------------------------------------------------------

    def save(
        self,
        document: ForecastDocument,
        scenario: Scenario | None = None,
        *,
        note: str = "",
        _between: Callable[[], None] | None = None,
    ) -> str:
        """Store a run in one transaction and return its id.

        Parameters
        ----------
        document
            The run's results (``detente.results.build_document``).
        scenario
            The validated scenario, kept so ``diff`` can show which inputs changed.
        note
            Free text shown by ``detente runs list``.
        _between
            Test-only: called inside the transaction after the ``runs`` row is written and
            before its series rows, to show that an interrupted save leaves no trace.
        """
        run_id = uuid.uuid4().hex
        s_hash = document.scenario.hash or (scenario_hash(scenario) if scenario else "")
        row = {
            "id": run_id,
            "created_at": document.created_at,
            "scenario_id": document.scenario.id,
            "scenario_hash": s_hash,
            "detente_version": document.detente_version,
            "seed": document.run.seed,
            "n_draws": document.run.n_draws,
            "params": document.run.params,
            "headline": document.headline.model_dump(mode="json"),
            "scenario": scenario.model_dump(mode="json") if scenario is not None else None,
            "document": document.model_dump(mode="json"),
            "note": note,
        }
        series = [
            {
                "run_id": run_id,
                "series": name,
                "month": r.month,
                "p": r.p,
                "low": r.low,
                "high": r.high,
            }
            for name, rows in (
                ("ceasefire", document.p_ceasefire_by_month),
                ("settlement", document.p_settlement_by_month),
                ("ceasefire_reached", document.p_ceasefire_reached_by_month),
                ("military_decision", document.p_military_decision_by_month),
                ("settlement_calibrated", document.p_settlement_by_month_calibrated),
                ("ceasefire_reached_calibrated", document.p_ceasefire_reached_by_month_calibrated),
            )
            for r in rows
        ]
        with self._guard(), self.engine.begin() as conn:
            conn.execute(runs.insert().values(**row))
            if _between is not None:
                _between()
            if series:
                conn.execute(run_series.insert(), series)
        return run_id

    # --- reading ----------------------------------------------------------------------------

    def list(self, *, scenario_id: str | None = None, limit: int | None = None) -> list[RunSummary]:
        """Stored runs, newest first, optionally only those of one scenario."""
        query = sa.select(*_SUMMARY_COLUMNS).order_by(runs.c.created_at.desc(), runs.c.id)
        if scenario_id is not None:
            query = query.where(runs.c.scenario_id == scenario_id)
        if limit is not None:
            query = query.limit(limit)
        with self._guard(), self.engine.connect() as conn:
            return [_summary(r._mapping) for r in conn.execute(query)]

    def resolve(self, ref: str) -> str:
        """The full id of the run ``ref`` names: a full id, a unique prefix, or ``latest``.

        Raises
        ------
        UnknownNameError
            If no run, or more than one run, matches.
        """
        with self._guard(), self.engine.connect() as conn:
            if ref == "latest":
                found = (
                    conn.execute(sa.select(runs.c.id).order_by(runs.c.created_at.desc()).limit(1))
                    .scalars()
                    .all()
                )
            else:
                found = (
                    conn.execute(
                        sa.select(runs.c.id)
                        .where(runs.c.id.startswith(ref.lower(), autoescape=True))
                        .limit(5)
                    )
                    .scalars()
                    .all()
                )
        if len(found) == 1:
            return str(found[0])
        if not found:
            msg = f"no run '{ref}' in {self.url.render_as_string(hide_password=True)}. "
            msg += "Fix: see `detente runs list` for ids."
        else:
            msg = f"run id '{ref}' is ambiguous ({', '.join(found)}, …). Fix: give more characters."
        raise UnknownNameError(msg)

    def get(self, ref: str) -> RunRecord:
        """The stored run ``ref`` names (see :meth:`resolve`)."""
        run_id = self.resolve(ref)
        with self._guard(), self.engine.connect() as conn:
            row = conn.execute(sa.select(runs).where(runs.c.id == run_id)).one()._mapping
        return RunRecord(
            summary=_summary(row),
            params=dict(row["params"]),
            headline=dict(row["headline"]),
            scenario=row["scenario"],
            document=ForecastDocument.model_validate(row["document"]),
        )

    def series(self, ref: str) -> builtins.list[dict[str, Any]]:
        """The run's monthly probabilities as rows (series, month, p, low, high)."""
        run_id = self.resolve(ref)
        query = (
            sa.select(
                run_series.c.series,
                run_series.c.month,
                run_series.c.p,
                run_series.c.low,
                run_series.c.high,
            )
            .where(run_series.c.run_id == run_id)
            .order_by(run_series.c.series, run_series.c.month)
        )
        with self._guard(), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def diff(self, a: str, b: str) -> RunDiff:
        """Compare two stored runs' headline numbers and inputs (see :class:`RunDiff`)."""
        return diff_runs(self.get(a), self.get(b))

    def count_rows(self) -> dict[str, int]:
        """Rows in each table (to check that nothing partial was left behind)."""
        with self._guard(), self.engine.connect() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
                for t in (runs, run_series)
            }


_SUMMARY_COLUMNS = (
    runs.c.id,
    runs.c.created_at,
    runs.c.scenario_id,
    runs.c.scenario_hash,
    runs.c.detente_version,
    runs.c.seed,
    runs.c.n_draws,
    runs.c.headline,
    runs.c.note,
)


def _summary(row: Any) -> RunSummary:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite drops the offset; every stored time is UTC
        created = created.replace(tzinfo=dt.UTC)
    return RunSummary(
        id=row["id"],
        created_at=created,
        scenario_id=row["scenario_id"],
        scenario_hash=row["scenario_hash"],
        detente_version=row["detente_version"],
        seed=row["seed"],
        n_draws=row["n_draws"],
        p_deal_by_horizon=(row["headline"] or {}).get("p_deal_by_horizon"),
        note=row["note"],
    )
