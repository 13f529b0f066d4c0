"""The recalibration map: monotone, falls back to the base rate, recovers a known distortion."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from detente.errors import InvalidParameterError
from detente.history.recalibration import fit_stacking


def _questions(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.uniform(0.05, 0.95, n)
    y = (rng.uniform(size=n) < truth).astype(float)
    return truth, y, rng.uniform(0.05, 0.95, n)


def test_an_overconfident_forecast_is_shrunk_towards_what_it_meant() -> None:
    """Raw = truth pushed out on the logit scale ×2: the fitted slope is about ½."""
    truth, y, noise = _questions(4000, 0)
    raw = special.expit(2.0 * special.logit(truth))
    m = fit_stacking(raw, noise, y, ridge=0.0)
    assert m.w_raw == pytest.approx(0.5, abs=0.08)
    assert m.w_ref < 0.1  # an uninformative reference gets (almost) no weight


def test_an_uninformative_simulation_falls_back_to_the_reference() -> None:
    """When the raw forecast is noise and the reference is the truth, the map follows the latter."""
    truth, y, noise = _questions(4000, 1)
    m = fit_stacking(noise, truth, y)
    assert m.w_raw < 0.1 and m.w_ref == pytest.approx(1.0, abs=0.15)
    q = m(np.full(3, 0.5), np.array([0.2, 0.5, 0.8]))
    assert q == pytest.approx([0.2, 0.5, 0.8], abs=0.06)


def test_the_map_is_monotone_even_when_the_data_say_otherwise() -> None:
    """Slopes are bounded at zero: a raw forecast that runs backwards is ignored, not inverted."""
    truth, y, _ = _questions(3000, 2)
    m = fit_stacking(1.0 - truth, np.full(truth.size, 0.5), y)
    assert m.w_raw == 0.0
    grid = np.linspace(0.01, 0.99, 50)
    assert np.all(np.diff(m(grid, np.full(50, 0.3))) >= 0)


def test_ridge_shrinks_the_slopes() -> None:
    """A stronger ridge pulls the slopes towards zero (on a small sample)."""
    truth, y, noise = _questions(60, 3)
    weak, strong = (
        fit_stacking(truth, noise, y, ridge=0.01),
        fit_stacking(truth, noise, y, ridge=50),
    )
    assert strong.w_raw < weak.w_raw


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidParameterError, match="equal-length"):
        fit_stacking([0.5, 0.5], [0.5], [1, 0])
    with pytest.raises(InvalidParameterError, match="only 0 and 1"):
        fit_stacking([0.5], [0.5], [0.3])
