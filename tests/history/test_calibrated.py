"""The calibrated forecast: the shipped map, its behaviour and its uncertainty."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.history.calibrated import (
    ShippedMap,
    calibrate,
    elapsed_months,
    load_shipped_map,
    parse_shipped,
)
from detente.history.recalibration import StackingMap
from detente.scenario.loader import case_names

RAW = np.linspace(0.0, 0.4, 24)


def test_shipped_map_was_fitted_on_the_shipped_library() -> None:
    """A stale map (fitted on another library, or another draw count) fails here."""
    sm = load_shipped_map()
    prov = sm.provenance
    assert sorted(prov["cases"]) == sorted(case_names())
    assert prov["n_cases"] == len(case_names()) and prov["n_draws"] == 20_000
    assert sm.map.n_questions == prov["n_questions"] > 100
    assert len(sm.bootstrap) >= 100
    assert sm.map.w_raw >= 0 and sm.map.w_ref >= 0


def test_calibrated_series_is_monotone_and_its_interval_holds_the_point() -> None:
    c = calibrate(RAW, "settlement", "interstate", 42.0)
    assert np.all(np.diff(c.p) >= -1e-12)
    assert np.all(c.low <= c.p) and np.all(c.p <= c.high)
    # the map's uncertainty is real: 18 cases do not pin it down to a point
    assert float(np.max(c.high - c.low)) > 0.05


def test_without_information_in_the_simulation_it_falls_back_to_the_reference_class() -> None:
    """w_raw = 0: the raw series no longer matters and the answer follows the base rate."""
    flat = StackingMap(0.0, 0.0, 1.0, 10)
    sm = ShippedMap(flat, (), {})
    a = calibrate(RAW, "settlement", "civil", 30.0, shipped=sm)
    b = calibrate(RAW[::-1].copy() * 0 + 0.9, "settlement", "civil", 30.0, shipped=sm)
    np.testing.assert_allclose(a.p, b.p)
    np.testing.assert_allclose(a.p, np.clip(a.reference, 1e-3, 1 - 1e-3), rtol=1e-9)


def test_more_simulated_chance_means_more_calibrated_chance() -> None:
    lo = calibrate(RAW * 0.5, "ceasefire", "interstate", 42.0)
    hi = calibrate(RAW, "ceasefire", "interstate", 42.0)
    assert np.all(hi.p[1:] > lo.p[1:])


def test_bad_series_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="series of probabilities"):
        calibrate([0.2, 1.5], "settlement", "civil", 3.0)
    with pytest.raises(InvalidParameterError, match="series of probabilities"):
        calibrate([], "settlement", "civil", 3.0)
    with pytest.raises(InvalidParameterError, match="level"):
        calibrate([0.2], "settlement", "civil", 3.0, level=1.0)


def test_a_broken_shipped_file_names_the_fix() -> None:
    with pytest.raises(InvalidParameterError, match="ship_recalibration"):
        parse_shipped({"all_cases": {}})


def test_elapsed_months_counts_as_the_backtest_does() -> None:
    assert elapsed_months(dt.date(2022, 2, 24), dt.date(2025, 9, 1)) == pytest.approx(
        42.2, abs=0.05
    )
    assert elapsed_months(dt.date(2026, 1, 1), dt.date(2025, 9, 1)) == 0.0


def test_the_ship_script_writes_what_the_loader_reads(tmp_path: Path) -> None:
    """scripts/ship_recalibration.py turns a backtest.json into the shipped file's shape."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "ship_recalibration.py"
    spec = importlib.util.spec_from_file_location("ship_recalibration", script)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    m = {"intercept": 0.1, "w_raw": 0.5, "w_ref": 0.2, "n_questions": 12.0}
    backtest = {
        "kind": "detente.backtest",
        "detente_version": "0",
        "run": {
            "seed": 1,
            "n_draws": 300,
            "fit_draws_per_grid_point": 40,
            "n_cases": 2,
            "n_questions": 12,
            "horizons_months": [6, 12],
        },
        "cases": [{"id": "a"}, {"id": "b"}],
        "scores": {"detente": {"brier": 0.2}},
        "recalibration": {"all_cases": m, "bootstrap": [m, m]},
    }
    src = tmp_path / "backtest.json"
    src.write_text(json.dumps(backtest), encoding="utf-8")
    out = tmp_path / "recalibration.json"
    assert mod.main([str(src), "--out", str(out)]) == 0
    sm = parse_shipped(json.loads(out.read_text(encoding="utf-8")))
    assert sm.map == StackingMap(0.1, 0.5, 0.2, 12) and len(sm.bootstrap) == 2
    assert sm.provenance["cases"] == ["a", "b"]
