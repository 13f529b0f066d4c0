"""Tests of the median-voter model (capability × salience weighted median)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.models.median import MedianVoterModel, weighted_median
from detente.models.table import PositionTable

EMISSION = pd.DataFrame(
    {
        "actor": ["NL", "BE", "LU", "DE", "FR", "UK", "IE", "DK", "GR", "IT"],
        "capability": [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08, 0.16],
        "position": [4.0, 7, 4, 4, 10, 10, 7, 4, 7, 10],
        "salience": [0.80, 0.40, 0.20, 0.80, 0.60, 0.90, 0.10, 1.00, 0.70, 0.60],
    }
).assign(issue="emission")


def test_emission_table_median_is_seven_years() -> None:
    """BDM (1994) Table 1 via bargaining-models.md §2.1: weight 24.8 at 4, 34.1 at 7 > 33.85."""
    forecast = MedianVoterModel().forecast(PositionTable.from_frame(EMISSION))
    assert forecast.outcome_native()[0] == pytest.approx(7.0, abs=1e-12)


def test_an_exact_tie_splits_the_difference() -> None:
    """Two equal weights at 0.2 and 0.8 give the midpoint 0.5 (the documented tie rule)."""
    x = np.array([[0.2], [0.8]])
    assert weighted_median(x, np.ones((2, 1)))[0] == pytest.approx(0.5)


def test_zero_weight_actors_do_not_move_the_median() -> None:
    """An actor with no weight neither counts towards half nor becomes the tie's upper end."""
    x = np.array([[0.0], [0.5], [1.0]])
    w = np.array([[1.0], [0.0], [1.0]])
    assert weighted_median(x, w)[0] == pytest.approx(0.5)
    w2 = np.array([[2.0], [0.0], [1.0]])
    assert weighted_median(x, w2)[0] == pytest.approx(0.0)


@settings(max_examples=80, deadline=None)
@given(
    x=arrays(float, (7, 2), elements=st.floats(0.0, 1.0)),
    w=arrays(float, (7, 2), elements=st.floats(0.01, 5.0)),
)
def test_the_weighted_median_is_the_condorcet_winner(x: np.ndarray, w: np.ndarray) -> None:
    """No actor's position has a lower weighted distance sum, so none beats it in a vote."""
    m = weighted_median(x, w)
    for d in range(x.shape[1]):
        loss = lambda y, d=d: float((w[:, d] * np.abs(x[:, d] - y)).sum())  # noqa: E731
        assert all(loss(m[d]) <= loss(y) + 1e-9 for y in x[:, d])


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(float, (6, 1), elements=st.floats(0.0, 1.0)),
    w=arrays(float, (6, 1), elements=st.integers(1, 4).map(float)),
)
def test_reversing_the_scale_reverses_the_median(x: np.ndarray, w: np.ndarray) -> None:
    """The tie rule is symmetric: the median of 1 − x is 1 − the median of x."""
    assert weighted_median(1.0 - x, w)[0] == pytest.approx(
        1.0 - weighted_median(x, w)[0], abs=1e-12
    )
