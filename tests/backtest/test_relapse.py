"""Durability scored on history: one question per case with a settlement."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from detente.backtest.library import MAX_MONTHS, Case, CaseOutcome, load_library
from detente.backtest.relapse import relapse_cases, score_relapse
from detente.backtest.runner import CaseForecast
from detente.dynamics.rates_data import load_termination_rates
from detente.scenario import Scenario


def _case(tiny: Scenario, k: int, settled: bool, relapse: bool | None) -> Case:
    as_of = dt.date(1990 + k, 1, 1)
    when = dt.date(1991 + k, 6, 1) if settled else None
    o = CaseOutcome(
        as_of=as_of,
        conflict_type="civil",
        conflict_start=dt.date(1985, 1, 1),
        ceasefire=when,
        settlement=when,
        relapse_5y=relapse if settled else None,
        observed_until=dt.date(2020, 1, 1),
    )
    return Case(f"c{k}", tiny, o)


def _forecast(cid: str, p_relapse: float) -> CaseForecast:
    s = np.zeros(MAX_MONTHS)
    return CaseForecast(cid, 100, 0, s, s, p_relapse)


def test_the_shipped_library_poses_one_question_per_settled_case() -> None:
    asked = {c.id for c in relapse_cases(load_library())}
    assert "aceh-2005-01" in asked and "sudan-2002-06" in asked
    assert "georgia-2008-08" not in asked  # a ceasefire, no settlement
    assert "karabakh-2020-10" not in asked  # settled, but five years are not yet observed
    assert len(asked) >= 8


def test_a_forecast_that_knows_the_answer_beats_the_base_rates(tiny: Scenario) -> None:
    answers = [True, False, True, True, False, False, True, False]
    cases = [_case(tiny, k, True, a) for k, a in enumerate(answers)]
    cases.append(_case(tiny, 9, False, None))  # no settlement: no question
    good = {c.id: _forecast(c.id, 0.9 if c.outcome.relapse_5y else 0.1) for c in cases}
    r = score_relapse(cases, good, n_boot=200, seed=1)
    assert r is not None and len(r.case_ids) == 8
    assert r.brier["detente"].estimate == pytest.approx(0.01)
    assert r.comparisons["detente - pad_base_rate"].hi < 0
    pad = load_termination_rates()["relapse_5y"].point
    np.testing.assert_allclose(r.p["pad_base_rate"], pad)
    # leave one case out: the first case (a relapse) sees 3 relapses in 7 others
    assert r.p["base_rate"][0] == pytest.approx((3 + 0.5) / (7 + 1))
    bad = {c.id: _forecast(c.id, 0.1 if c.outcome.relapse_5y else 0.9) for c in cases}
    worse = score_relapse(cases, bad, n_boot=200, seed=1)
    assert worse is not None and worse.brier["detente"].estimate > r.brier["pad_base_rate"].estimate


def test_no_simulated_settlement_answers_the_base_rate_and_says_so(tiny: Scenario) -> None:
    cases = [_case(tiny, 0, True, True), _case(tiny, 1, True, False)]
    fc = {c.id: _forecast(c.id, float("nan")) for c in cases}
    r = score_relapse(cases, fc, n_boot=50)
    assert r is not None
    np.testing.assert_allclose(r.p["detente"], r.p["pad_base_rate"])
    assert any("no simulated settlement" in n for n in r.notes)


def test_no_settled_case_no_relapse_block(tiny: Scenario) -> None:
    cases = [_case(tiny, 0, False, None)]
    assert score_relapse(cases, {"c0": _forecast("c0", 0.3)}) is None
