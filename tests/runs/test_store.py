"""The run store: atomic saves, listing, fetching and diffs, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from detente.errors import InvalidParameterError, UnknownNameError
from detente.results import build_document, write_results
from detente.results.schema import ForecastDocument
from detente.runs import RunStore, default_url
from detente.runs.tables import metadata
from detente.scenario import Scenario

# --- backends -------------------------------------------------------------------------------


def _postgres_url() -> str:
    """A reachable PostgreSQL URL, or skip (fail under CI=true, where it must be there)."""
    url = os.environ.get("DETENTE_TEST_POSTGRES_URL")
    in_ci = os.environ.get("CI") == "true"
    if not url:
        reason = "DETENTE_TEST_POSTGRES_URL is not set (source .ci/services.sh to start PostgreSQL)"
        if in_ci:
            pytest.fail(f"CI must test PostgreSQL: {reason}")
        pytest.skip(reason)
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.OperationalError as exc:
        reason = f"PostgreSQL at DETENTE_TEST_POSTGRES_URL is unreachable: {exc.orig}"
        if in_ci:
            pytest.fail(f"CI must test PostgreSQL: {reason}")
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: an SQLite file, or a private schema on a PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runs.sqlite'}"
        return
    base = sa.make_url(_postgres_url())
    schema = f"detente_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    query = dict(base.query)
    query["options"] = f"-csearch_path={schema}"
    try:
        yield base.set(query=query).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(url: str) -> Iterator[RunStore]:
    """An open store on a fresh database."""
    with RunStore(url) as s:
        yield s


class Docs:
    """Builds forecast documents from hand-made results (see tests/results/fake_result.py)."""

    def __init__(self, make_result: Any, tiny: Scenario) -> None:
        self.make_result = make_result
        self.tiny = tiny

    def __call__(
        self, seed: int = 42, scale: float = 1.0, minute: int = 0, scenario: Scenario | None = None
    ) -> ForecastDocument:
        created = dt.datetime(2026, 1, 1, 12, minute, tzinfo=dt.UTC)
        result = self.make_result(seed=seed, scale=scale)
        return build_document(result, scenario or self.tiny, created_at=created)


@pytest.fixture
def docs(result_factory: Any, tiny: Scenario) -> Docs:
    """A builder of forecast documents for the tiny scenario."""
    return Docs(result_factory, tiny)


# --- saving and reading ---------------------------------------------------------------------


def test_saved_run_reads_back_whole(docs: Docs, store: RunStore, tiny: Scenario) -> None:
    """A saved run comes back with the same document, inputs and monthly series."""
    doc = docs()
    run_id = store.save(doc, tiny, note="first")
    got = store.get(run_id)
    assert got.document == doc
    assert got.scenario == tiny.model_dump(mode="json")
    assert got.summary.note == "first"
    assert got.summary.seed == 42
    assert got.summary.scenario_hash == doc.scenario.hash
    assert got.summary.created_at == doc.created_at
    rows = store.series(run_id)
    assert len(rows) == (
        len(doc.p_ceasefire_by_month)
        + len(doc.p_settlement_by_month)
        + len(doc.p_ceasefire_reached_by_month)
    )
    assert {r["series"] for r in rows} == {"ceasefire", "settlement", "ceasefire_reached"}


def test_list_shows_newest_first_and_filters_by_scenario(
    docs: Docs, store: RunStore, tiny: Scenario
) -> None:
    """Runs are listed newest first, and a scenario filter hides other scenarios' runs."""
    first = store.save(docs(minute=1), tiny)
    second = store.save(docs(minute=2), tiny)
    assert [r.id for r in store.list()] == [second, first]
    assert store.list(scenario_id="other") == []
    assert [r.id for r in store.list(limit=1)] == [second]


def test_run_is_found_by_unique_prefix_or_latest(
    docs: Docs, store: RunStore, tiny: Scenario
) -> None:
    """A unique id prefix and 'latest' both name a run."""
    run_id = store.save(docs(), tiny)
    assert store.resolve(run_id[:8]) == run_id
    assert store.resolve("latest") == run_id


def test_unknown_run_is_a_clear_error(store: RunStore) -> None:
    """Asking for a run that is not there raises UnknownNameError with a fix."""
    with pytest.raises(UnknownNameError, match="runs list"):
        store.get("deadbeef")


def test_diff_shows_headline_change_and_changed_inputs(
    docs: Docs, store: RunStore, tiny: Scenario
) -> None:
    """Diffing two runs gives the headline change and the scenario field and seed that moved."""
    edited = tiny.model_copy(update={"title": "Two parties, edited"})
    a = store.save(docs(seed=1, scale=1.0), tiny)
    b = store.save(docs(seed=2, scale=0.5, scenario=edited), edited)
    d = store.diff(a, b)
    assert not d.same_scenario
    row = d.headline.set_index("name").loc["p_deal_by_horizon"]
    assert row["change"] == pytest.approx(row["b"] - row["a"])
    assert row["change"] < 0
    paths = set(d.inputs["path"])
    assert {"scenario.title", "seed"} <= paths
    assert not any(p.startswith("scenario.actors") for p in paths)


def test_diff_of_a_run_with_itself_is_empty(docs: Docs, store: RunStore, tiny: Scenario) -> None:
    """A run compared with itself has no changed inputs and zero changes."""
    a = store.save(docs(), tiny)
    d = store.diff(a, a)
    assert d.same_scenario and d.inputs.empty
    assert (d.headline["change"].dropna() == 0).all()


# --- atomicity ------------------------------------------------------------------------------


def test_error_mid_save_leaves_no_record(docs: Docs, store: RunStore, tiny: Scenario) -> None:
    """An exception between the run row and its series rows rolls the whole run back."""

    def boom() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.save(docs(), tiny, _between=boom)
    assert store.count_rows() == {"runs": 0, "run_series": 0}


_CHILD = """
import pathlib, sys, time
from detente.results import read_results
from detente.runs import RunStore

url, results_dir, marker = sys.argv[1:4]
store = RunStore(url)

def pause() -> None:
    pathlib.Path(marker).write_text("inside the transaction")
    time.sleep(600)

store.save(read_results(results_dir), _between=pause)
"""


def test_killed_run_leaves_no_partial_record(
    docs: Docs, url: str, tiny: Scenario, tmp_path: Path
) -> None:
    """A process SIGKILLed in the middle of saving leaves neither a run row nor series rows."""
    write_results(docs(), tmp_path / "out", formats=())
    marker = tmp_path / "inside"
    with RunStore(url) as store:  # migrate first, so the child only saves
        before = store.count_rows()
    log = (tmp_path / "child.log").open("w")
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, url, str(tmp_path / "out"), str(marker)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, (tmp_path / "child.log").read_text()
            assert time.monotonic() < deadline, "the child never reached the save"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
        log.close()
    assert child.returncode == -signal.SIGKILL
    with RunStore(url) as store:
        assert before == {"runs": 0, "run_series": 0}
        assert store.count_rows() == {"runs": 0, "run_series": 0}
        store.save(docs(), tiny)  # and the database is still writable
        assert store.count_rows()["runs"] == 1


# --- schema and migrations ------------------------------------------------------------------


def test_migrations_build_exactly_the_declared_tables(store: RunStore) -> None:
    """After opening, the database matches tables.py (no drift between migrations and code)."""
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_database_from_a_newer_detente_is_refused(url: str) -> None:
    """A store at an unknown (newer) revision is refused instead of guessed at."""
    RunStore(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(InvalidParameterError, match="revision"):
        RunStore(url)


def test_reopening_a_store_keeps_its_runs(docs: Docs, url: str, tiny: Scenario) -> None:
    """Opening an up-to-date store again migrates nothing and loses nothing."""
    with RunStore(url) as s:
        run_id = s.save(docs(), tiny)
    with RunStore(url) as s:
        assert [r.id for r in s.list()] == [run_id]


def test_default_url_respects_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """DETENTE_RUNS_URL wins; otherwise the store is an SQLite file in the user's data folder."""
    monkeypatch.setenv("DETENTE_RUNS_URL", "sqlite:///elsewhere.sqlite")
    assert default_url() == "sqlite:///elsewhere.sqlite"
    monkeypatch.delenv("DETENTE_RUNS_URL")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert default_url() == f"sqlite:///{tmp_path / 'detente' / 'runs.sqlite'}"
    assert default_url().startswith("sqlite:///")
