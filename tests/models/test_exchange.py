"""Tests of the Stokman & Van Oosten (1994) equal-gain exchange model.

Oracle: the Groningen road-pricing example of Decide's ``test_by_absolute_move`` as worked in
../shared/reference/bargaining-models.md §5 (Wcentr and Willems on tolheffing-binnenstad, T,
and extra-investering, E).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.models.compromise import CompromiseModel
from detente.models.exchange import (
    ExchangeForecast,
    ExchangeModel,
    candidate_exchanges,
    select_exchanges,
)
from detente.models.table import PositionTable

# (x, s, c) of Wcentr and Willems on T and E; Σcs_T = 5.025, Σcsx_T = 248, Σcs_E = 3.42,
# Σcsx_E = 169.25 (bargaining-models.md §5).
X = np.array([[0.0, 100.0], [100.0, 25.0]])
S = np.array([[0.95, 0.9], [0.95, 0.6]])
C = np.array([[0.9, 0.9], [1.0, 1.0]])
TOTALS = np.array([5.025, 3.42])
OUTCOME = np.array([248 / 5.025, 169.25 / 3.42])


def _groningen_table() -> PositionTable:
    """Wcentr, Willems and one 'rest' actor carrying the other eight actors' Σcs and Σcsx."""
    rest_w = TOTALS - (C * S).sum(axis=0)
    rest_x = (np.array([248.0, 169.25]) - (C * S * X).sum(axis=0)) / rest_w
    rows = [
        ("Wcentr", "T", 0, 0.95, 0.9),
        ("Wcentr", "E", 100, 0.9, 0.9),
        ("Willems", "T", 100, 0.95, 1.0),
        ("Willems", "E", 25, 0.6, 1.0),
        ("rest", "T", rest_x[0], 1.0, rest_w[0]),
        ("rest", "E", rest_x[1], 1.0, rest_w[1]),
    ]
    df = pd.DataFrame(rows, columns=["actor", "issue", "position", "salience", "capability"])
    return PositionTable.from_frame(df.assign(reference=0.0))  # scales 0–100 on both issues


def test_groningen_exchange_matches_decide_to_1e4() -> None:
    """Decide test_by_absolute_move: ΔO_E 13.1579, ΔO_T 10.3878, Wcentr moves 61.0512; gains 1.974.

    The reference prints the gain to three decimals (exactly 1.97368…), hence 5e-4 there.
    """
    c = candidate_exchanges(X, S, C * S, OUTCOME, TOTALS)
    assert c.gain.size == 1
    assert (c.i[0], c.p[0], c.j[0], c.q[0]) == (0, 0, 1, 1)  # Wcentr supplies on T, Willems on E
    assert c.shift_q[0] == pytest.approx(13.1579, abs=1e-4)
    assert c.shift_p[0] == pytest.approx(10.3878, abs=1e-4)
    assert c.move_i[0] == pytest.approx(61.0512, abs=1e-4)
    assert c.move_j[0] == pytest.approx(75.0, abs=1e-12)
    assert c.gain[0] == pytest.approx(1.974, abs=5e-4)
    gain_wcentr = 0.9 * c.shift_q[0] - 0.95 * c.shift_p[0]
    gain_willems = 0.95 * c.shift_p[0] - 0.6 * c.shift_q[0]
    assert gain_wcentr == pytest.approx(gain_willems, abs=1e-12)


def test_groningen_model_starts_from_the_published_expected_outcomes() -> None:
    """O_T = 248/5.025 = 49.35 and O_E = 169.25/3.42 = 49.49; the one exchange adds ΔO to each."""
    table = _groningen_table()
    start = CompromiseModel().forecast(table).outcome_native()
    np.testing.assert_allclose(start, [49.35, 49.49], atol=5e-3)
    forecast = ExchangeModel().forecast(table)
    assert isinstance(forecast, ExchangeForecast)
    assert len(forecast.exchanges) == 1
    row = forecast.exchanges.iloc[0]
    assert (row["actor_a"], row["issue_a"], row["actor_b"], row["issue_b"]) == (
        "Wcentr",
        "T",
        "Willems",
        "E",
    )
    assert row["to_a"] == pytest.approx(61.0512, abs=1e-4)
    assert row["to_b"] == pytest.approx(100.0, abs=1e-9)
    np.testing.assert_allclose(
        forecast.outcome_native(), start + np.array([10.3878, 13.1579]), atol=1e-4
    )


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(float, (6, 3), elements=st.floats(0.0, 1.0)),
    s=arrays(float, (6, 3), elements=st.floats(0.05, 1.0)),
    c=arrays(float, (6, 3), elements=st.floats(0.1, 1.0)),
)
def test_every_exchange_gives_both_partners_the_same_positive_gain(
    x: np.ndarray, s: np.ndarray, c: np.ndarray
) -> None:
    """Equal-gain identity: s_iq ΔO_q − s_ip ΔO_p = s_jp ΔO_p − s_jq ΔO_q > 0; no overshoot."""
    w = c * s
    o = (w * x).sum(axis=0) / w.sum(axis=0)
    k = candidate_exchanges(x, s, w, o, w.sum(axis=0))
    gi = s[k.i, k.q] * k.shift_q - s[k.i, k.p] * k.shift_p
    gj = s[k.j, k.p] * k.shift_p - s[k.j, k.q] * k.shift_q
    np.testing.assert_allclose(gi, gj, atol=1e-12)
    np.testing.assert_allclose(gi, k.gain, atol=1e-12)
    assert np.all(k.gain > 0)
    assert np.all(k.move_i <= np.abs(x[k.j, k.p] - x[k.i, k.p]) + 1e-9)
    assert np.all(k.move_j <= np.abs(x[k.i, k.q] - x[k.j, k.q]) + 1e-9)
    assert np.all(k.shift_p <= np.abs(x[k.j, k.p] - o[k.p]) + 1e-12)
    chosen = select_exchanges(k, 6, 3)
    supplies = list(zip(k.i[chosen], k.p[chosen], strict=True)) + list(
        zip(k.j[chosen], k.q[chosen], strict=True)
    )
    assert len(supplies) == len(set(supplies))  # each actor supplies on an issue once at most
    if chosen.size:
        assert k.gain[chosen[0]] == pytest.approx(k.gain.max())


def test_actors_on_the_same_side_of_one_issue_cannot_trade() -> None:
    """A (LL) may trade only with D (RR), B (LR) only with C (RL): here there is no pair."""
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.6, 1.0]])
    s = np.array([[0.9, 0.2], [0.2, 0.9], [0.5, 0.5]])
    w = np.ones_like(s) * s
    o = (w * x).sum(axis=0) / w.sum(axis=0)
    sides = np.sign(x - o)
    assert sides[0, 1] == sides[1, 1]  # actors 0 and 1 agree on issue 2 → no exchange
    k = candidate_exchanges(x, s, w, o, w.sum(axis=0))
    assert not ({(0, 1), (1, 0)} & set(zip(k.i.tolist(), k.j.tolist(), strict=True)))


def test_without_exchanges_the_model_is_the_compromise() -> None:
    """Equal salience ratios leave no gain to trade, so the outcome is the weighted mean."""
    df = pd.DataFrame(
        {
            "actor": ["a", "a", "b", "b"],
            "issue": ["p", "q", "p", "q"],
            "position": [0.0, 1.0, 1.0, 0.0],
            "salience": [0.5] * 4,
            "capability": [1.0] * 4,
        }
    )
    table = PositionTable.from_frame(df)
    forecast = ExchangeModel().forecast(table)
    assert isinstance(forecast, ExchangeForecast)
    assert forecast.exchanges.empty
    np.testing.assert_allclose(forecast.outcome, CompromiseModel().forecast(table).outcome)
