"""Scoring the library: no case's outcome reaches its own forecast; better forecasts score better."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from detente.backtest.evaluate import evaluate
from detente.backtest.fit import RATE_GRID, RateFit, case_log_likelihood
from detente.backtest.library import MAX_MONTHS, Case, CaseOutcome, add_months
from detente.backtest.runner import CaseForecast
from detente.history.reference_class import ReferenceClass, load_hazards
from detente.scenario import Scenario


def _step(month: int | None, level: float = 0.9, floor: float = 0.05) -> np.ndarray:
    """A forecast that puts ``level`` on the event by ``month`` (None: never)."""
    s = np.full(MAX_MONTHS, floor)
    if month is not None:
        s[month - 1 :] = level
    return s


def _library(tiny: Scenario, n: int = 10, seed: int = 0) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for k in range(n):
        as_of = dt.date(1990 + k, 3, 1)
        deal = int(rng.integers(2, 50)) if k % 3 else None
        when = None if deal is None else add_months(as_of, deal) - dt.timedelta(days=3)
        o = CaseOutcome(
            as_of=as_of,
            conflict_type="civil" if k % 2 else "interstate",
            conflict_start=dt.date(1988, 1, 1),
            ceasefire=when,
            settlement=when,
            relapse_5y=None if when is None else False,
            observed_until=dt.date(2020, 1, 1),
        )
        cases.append(Case(f"c{k}", tiny, o))
    return cases


def _months(c: Case) -> int | None:
    from detente.backtest.library import event_month

    return event_month(c.outcome.as_of, c.outcome.settlement)


def _forecasts(cases: list[Case], good: bool) -> dict[str, CaseForecast]:
    out = {}
    for c in cases:
        m = _months(c) if good else (None if _months(c) else 12)
        s = _step(m)
        out[c.id] = CaseForecast(c.id, 100, 0, s, s)
    return out


@pytest.fixture(scope="module")
def reference() -> ReferenceClass:
    return ReferenceClass(load_hazards())


def test_an_informed_forecast_beats_an_inverted_one_and_the_constant(
    tiny: Scenario, reference: ReferenceClass
) -> None:
    cases = _library(tiny)
    good = evaluate(cases, _forecasts(cases, True), reference, n_boot=200)
    bad = evaluate(cases, _forecasts(cases, False), reference, n_boot=200)
    g, b = good.cards["detente_raw"], bad.cards["detente_raw"]
    assert g.brier.estimate < good.cards["constant"].brier.estimate < b.brier.estimate
    assert g.crps.estimate < b.crps.estimate
    # the map learns the good forecaster is informative and the bad one is not
    assert good.map_all.w_raw > bad.map_all.w_raw
    assert good.cards["detente"].brier.estimate < bad.cards["detente"].brier.estimate


def test_no_case_outcome_reaches_its_own_recalibrated_forecast(
    tiny: Scenario, reference: ReferenceClass
) -> None:
    """Flip one case's outcome: its own reported forecast is unchanged, the others' move."""
    cases = _library(tiny)
    fc = _forecasts(cases, True)
    before = evaluate(cases, fc, reference, n_boot=50)
    c0 = cases[1]
    flipped = Case(
        c0.id,
        tiny,
        c0.outcome.model_copy(update={"ceasefire": None, "settlement": None, "relapse_5y": None}),
    )
    after = evaluate([cases[0], flipped, *cases[2:]], fc, reference, n_boot=50)
    for e in ("ceasefire", "settlement"):
        assert np.array_equal(before.series[c0.id]["detente"][e], after.series[c0.id]["detente"][e])
    moved = any(
        not np.allclose(
            before.series[c.id]["detente"]["settlement"],
            after.series[c.id]["detente"]["settlement"],
        )
        for c in cases
        if c.id != c0.id
    )
    assert moved, "the other cases' maps must see the flipped outcome for the test to bite"


def test_the_library_base_rate_leaves_the_case_out(
    tiny: Scenario, reference: ReferenceClass
) -> None:
    cases = _library(tiny)
    ev = evaluate(cases, _forecasts(cases, True), reference, n_boot=50)
    c = cases[0]
    others = [d for d in cases if d.id != c.id]
    yes_by_60 = sum(_months(d) is not None and _months(d) <= 60 for d in others)
    expected = (yes_by_60 + 0.5) / (len(others) + 1)
    assert ev.series[c.id]["base_rate"]["settlement"][-1] == pytest.approx(expected)


def test_the_rate_fit_likes_the_grid_point_that_foresaw_the_outcome(tiny: Scenario) -> None:
    """Grid point 1 forecasts every case's month; point 0 forecasts never: weights go to 1."""
    cases = _library(tiny, n=6)
    points = (
        {"sign_hazard": 0.1, "belief_strength": 1.0},
        {"sign_hazard": 0.3, "belief_strength": 1.0},
    )
    forecasts, ll = {}, np.zeros((len(cases), 2))
    for i, c in enumerate(cases):
        series = [_step(None, floor=0.02), _step(_months(c), level=0.95, floor=0.02)]
        forecasts[c.id] = {e: np.vstack(series) for e in ("ceasefire", "settlement")}
        for g, s in enumerate(series):
            ll[i, g] = case_log_likelihood(c, {"ceasefire": s, "settlement": s})
    fit = RateFit(points, tuple(c.id for c in cases), forecasts, ll)
    w = fit.weights([])
    assert w[1] > 0.99
    # leaving out every case leaves the uniform prior
    assert fit.weights([c.id for c in cases]) == pytest.approx([0.5, 0.5])
    mix = fit.mixture(cases[1].id, "settlement", [cases[1].id])
    assert mix == pytest.approx(w @ forecasts[cases[1].id]["settlement"], abs=0.02)
    assert set(RATE_GRID) == {"sign_hazard", "belief_strength"}
