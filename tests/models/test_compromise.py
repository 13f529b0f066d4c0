"""Tests of the compromise model (capability × salience weighted mean)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.models.compromise import CompromiseModel, weighted_mean
from detente.models.table import PositionTable
from detente.scenario import Scenario

EMISSION = pd.DataFrame(
    {
        "actor": ["NL", "BE", "LU", "DE", "FR", "UK", "IE", "DK", "GR", "IT"],
        "capability": [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08, 0.16],
        "position": [4.0, 7, 4, 4, 10, 10, 7, 4, 7, 10],
        "salience": [0.80, 0.40, 0.20, 0.80, 0.60, 0.90, 0.10, 1.00, 0.70, 0.60],
    }
).assign(issue="emission")

unit = st.floats(0.0, 1.0, allow_nan=False)


def test_emission_table_compromise_is_the_published_weighted_mean() -> None:
    """BDM (1994) Table 1 p. 78 via bargaining-models.md §2.1: Σcsx/Σcs = 500.3/67.7 = 7.390."""
    table = PositionTable.from_frame(EMISSION)
    forecast = CompromiseModel().forecast(table)
    assert forecast.outcome_native()[0] == pytest.approx(7.390, abs=5e-4)


def test_unweighted_issue_falls_back_to_the_plain_mean() -> None:
    """An issue on which every weight is zero gets the plain mean rather than NaN."""
    x = np.array([[0.2], [0.6]])
    assert weighted_mean(x, np.zeros((2, 1)))[0] == pytest.approx(0.4)


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(float, (5, 3), elements=unit),
    w=arrays(float, (5, 3), elements=st.floats(0.01, 10.0)),
    k=st.floats(0.1, 100.0),
)
def test_weighted_mean_lies_within_the_positions_and_ignores_the_weight_scale(
    x: np.ndarray, w: np.ndarray, k: float
) -> None:
    """The mean stays within the range of positions and multiplying all weights changes nothing."""
    m = weighted_mean(x, w)
    assert np.all(m >= x.min(axis=0) - 1e-12)
    assert np.all(m <= x.max(axis=0) + 1e-12)
    np.testing.assert_allclose(weighted_mean(x, k * w), m, rtol=1e-10, atol=1e-12)


def test_ordinal_issue_keeps_the_unit_mean_and_labels_the_nearest_option(tiny: Scenario) -> None:
    """Between two options the outcome stays a number; to_frame labels it with the nearer option."""
    forecast = CompromiseModel().forecast(tiny)
    k = list(forecast.issues).index("alliance")
    # Red (neutral = 1, c .6, s .5) against Blue (member = 0, c .4, s .3): .3 / .42
    assert forecast.outcome[k] == pytest.approx(0.30 / 0.42)
    assert forecast.to_frame()["label"].iloc[k] == "Blue stays neutral"
