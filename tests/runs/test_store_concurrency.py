"""Several processes opening a new run store at once: one creates it, every run is kept."""

from __future__ import annotations

import multiprocessing as mp
import os
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from detente.results import build_document
from detente.results.schema import ForecastDocument
from detente.runs import RunStore
from detente.scenario import Scenario

PROCESSES = 6
ROUNDS = 10


def _open_and_save(url: str, doc: ForecastDocument, barrier: Any, errors: Any) -> None:
    """Child: wait for the others, then open (create) the store and save one run."""
    try:
        barrier.wait(timeout=60)
        with RunStore(url) as store:
            store.save(doc, note=f"pid {os.getpid()}")
    except BaseException:
        errors.put(traceback.format_exc())
        raise SystemExit(1) from None


def _race(urls: list[str], doc: ForecastDocument) -> None:
    """For each URL (a new, empty store) start PROCESSES savers together; all must succeed."""
    ctx = mp.get_context("fork")  # real processes, started fast (no re-import per child)
    for url in urls:
        barrier, errors = ctx.Barrier(PROCESSES), ctx.Queue()
        children = [
            ctx.Process(target=_open_and_save, args=(url, doc, barrier, errors))
            for _ in range(PROCESSES)
        ]
        for c in children:
            c.start()
        for c in children:
            c.join(timeout=120)
        failures = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
        assert [c.exitcode for c in children] == [0] * PROCESSES, "\n".join(failures)
        with RunStore(url) as store:
            assert store.count_rows()["runs"] == PROCESSES
            assert len({r.note for r in store.list()}) == PROCESSES


@pytest.fixture
def doc(result_factory: Any, tiny: Scenario) -> ForecastDocument:
    """A tiny hand-made forecast document (no simulation needed)."""
    return build_document(result_factory(), tiny)


def test_six_processes_create_a_new_sqlite_store_and_keep_every_run(
    doc: ForecastDocument, tmp_path: Path
) -> None:
    """10 times over, 6 processes open the same new SQLite store at once; 6 runs are kept."""
    _race([f"sqlite:///{tmp_path / f'round{k}' / 'runs.sqlite'}" for k in range(ROUNDS)], doc)


@pytest.fixture
def pg_urls() -> Iterator[list[str]]:
    """Three fresh PostgreSQL schemas (skipped without a server; see .ci/services.sh)."""
    base_url = os.environ.get("DETENTE_TEST_POSTGRES_URL")
    if not base_url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must test PostgreSQL: DETENTE_TEST_POSTGRES_URL is not set")
        pytest.skip("DETENTE_TEST_POSTGRES_URL is not set (source .ci/services.sh)")
    base = sa.make_url(base_url)
    admin = sa.create_engine(base)
    schemas = [f"detente_race_{uuid.uuid4().hex[:10]}" for _ in range(3)]
    try:
        with admin.begin() as conn:
            for s in schemas:
                conn.execute(sa.text(f'CREATE SCHEMA "{s}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL unreachable: {exc.orig}")
    urls = [
        base.set(query={**base.query, "options": f"-csearch_path={s}"}).render_as_string(
            hide_password=False
        )
        for s in schemas
    ]
    try:
        yield urls
    finally:
        with admin.begin() as conn:
            for s in schemas:
                conn.execute(sa.text(f'DROP SCHEMA "{s}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_six_processes_create_a_new_postgres_store_and_keep_every_run(
    doc: ForecastDocument, pg_urls: list[str]
) -> None:
    """The same race on PostgreSQL (an advisory lock serialises the schema's creation)."""
    _race(pg_urls, doc)
