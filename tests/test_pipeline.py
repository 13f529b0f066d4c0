"""The one forecast pipeline: simulate, analyses, document — as a library user calls it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from detente.dynamics import RunSpec, simulate
from detente.errors import DetenteError, InvalidParameterError
from detente.pipeline import ANALYSES, run_forecast
from detente.scenario import load_scenario

SMALL = Path(__file__).parent / "report" / "data" / "small.yaml"


@pytest.fixture(scope="module")
def small() -> Any:
    return load_scenario(SMALL)


@pytest.fixture(scope="module")
def run(small: Any) -> Any:
    return run_forecast(small, RunSpec(n_draws=600, n_months=8, seed=5))


def test_every_analysis_is_recorded_with_its_draws(run: Any) -> None:
    """The document lists each analysis with the draws it used; none exceeds the run's."""
    got = {a.name: a for a in run.document.analyses}
    assert set(got) == {"simulation", *ANALYSES}
    assert got["simulation"].n_draws == 600
    # the scorecard: the draws its ±2-point precision needs, at most the run's, recorded
    assert got["proposals"].n_draws == 600
    assert got["proposals"].target_half_width == RunSpec().whatif_half_width
    for name in ("levers", "inputs"):
        assert 0 < got[name].n_draws <= 600
        assert got[name].target_half_width == RunSpec().whatif_half_width
        assert "draws per variant" in got[name].note
    assert all(a.seconds >= 0 for a in got.values())


def test_the_simulation_is_the_libraries_own(run: Any, small: Any) -> None:
    """Its headline is what ``simulate`` gives for the same spec."""
    direct = simulate(small, n_draws=600, n_months=8, seed=5, chunk_size=RunSpec().chunk_size)
    assert run.document.headline.p_deal_by_horizon == pytest.approx(direct.p_deal)
    assert run.document.proposals and run.document.models and run.document.sensitivity


def test_same_seed_same_document_and_workers_do_not_matter(small: Any, run: Any) -> None:
    """Same spec → identical tables; two workers give the numbers one gives."""
    again = run_forecast(small, RunSpec(n_draws=600, n_months=8, seed=5, workers=2))
    a = run.document.model_dump(exclude={"created_at", "analyses"})
    b = again.document.model_dump(exclude={"created_at", "analyses"})
    assert a == b


def test_a_missing_seed_is_drawn_and_recorded_not_replaced_by_zero(small: Any) -> None:
    """seed=None gives a fresh seed, written into the document (so the run can be repeated)."""
    r = run_forecast(small, RunSpec(n_draws=100, n_months=4, seed=None), analyses=())
    assert r.document.run.seed is not None and r.document.run.seed != 0
    again = run_forecast(
        small, RunSpec(n_draws=100, n_months=4, seed=r.document.run.seed), analyses=()
    )
    assert again.document.headline == r.document.headline


def test_a_model_that_fails_is_reported_not_swallowed(
    small: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model raising a DetenteError appears in model_failures with its message."""
    from detente import pipeline

    class Broken:
        def forecast(self, scenario: Any, *, seed: int | None = None) -> Any:
            msg = "cannot take this scenario. Fix: none"
            raise DetenteError(msg)

    monkeypatch.setattr(pipeline, "MODELS", {**pipeline.MODELS, "broken": Broken})
    r = run_forecast(small, RunSpec(n_draws=100, n_months=4, seed=1), analyses=("models",))
    failures = {f.model: f.error for f in r.document.model_failures}
    assert failures["broken"] == "cannot take this scenario. Fix: none"
    assert set(failures) == {"broken"}  # procedural reads DEU facts only: not run, not failed
    assert {m.model for m in r.document.models} >= {"median"}


def test_unknown_analyses_are_refused(small: Any) -> None:
    with pytest.raises(InvalidParameterError, match="analyses"):
        run_forecast(small, RunSpec(n_draws=10, n_months=2), analyses=("levers", "tarot"))
