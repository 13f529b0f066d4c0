"""Tests of the expected-utility model against BDM (1994), Scholz et al. (2011) and jmckib's trace.

The emission-standards table is BDM (1994) Table 1, p. 78 (Scholz, Calbert & Smith 2011,
Table 1), copied from ../shared/reference/bargaining-models.md §2.1.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from detente.errors import ConvergenceWarning, InvalidParameterError
from detente.models.expected_utility import (
    ExpectedUtilityModel,
    challenge_matrices,
    expected_utility_of_challenge,
    probability_of_success,
    risk_exponents,
    round_of_challenges,
)
from detente.models.median import weighted_median
from detente.models.table import PositionTable

NAMES = ["NL", "BE", "LU", "DE", "FR", "UK", "IE", "DK", "GR", "IT"]
C = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08, 0.16])
X = np.array([4.0, 7, 4, 4, 10, 10, 7, 4, 7, 10])
S = np.array([0.80, 0.40, 0.20, 0.80, 0.60, 0.90, 0.10, 1.00, 0.70, 0.60])
W = C * S
SPAN = 6.0
EMISSION = pd.DataFrame({"actor": NAMES, "capability": C, "position": X, "salience": S}).assign(
    issue="emission"
)
JMCKIB_MEDIANS = [8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671, 9.671, 7.0]


def _medians(trace: np.ndarray) -> np.ndarray:
    return np.array([weighted_median(t[:, None], W[:, None])[0] for t in trace])


def test_belgium_beats_france_with_probability_0_5037() -> None:
    """Eq. 31 at r = 1 (bargaining-models.md §2.1, our arithmetic): 34.1 / 67.7 = 0.5037."""
    p = probability_of_success(X, W, np.ones(10), SPAN, method="paper")
    assert p[1, 4] == pytest.approx(34.1 / 67.7, abs=1e-12)
    assert p[1, 4] + p[4, 1] == pytest.approx(1.0)


def test_the_scholz_code_denominator_makes_probabilities_small() -> None:
    """jmckib's docstring: all-pairs denominator, round-1 exponents: P(UK over Belgium) ≈ 0.0046."""
    _, _, r = challenge_matrices(X, S, W, SPAN)
    p = probability_of_success(X, W, r, SPAN, method="scholz-code")
    assert p.max() < 0.05
    assert p[5, 1] == pytest.approx(0.0046, abs=5e-5)


@settings(max_examples=80, deadline=None)
@given(d=st.floats(0.0, 1.0), p=st.floats(0.0, 1.0), s=st.floats(0.0, 1.0))
def test_at_risk_neutrality_the_eu_has_the_published_closed_form(
    d: float, p: float, s: float
) -> None:
    """Scholz et al. (2011) check value: r = 1, Q = 1 gives E = 2 d [1 − 2 s (1 − P)]."""
    eu = expected_utility_of_challenge(
        np.array(d), np.array(0.3), np.array(p), np.array(s), np.array(1.0), q=1.0
    )
    assert float(eu) == pytest.approx(2 * d * (1 - 2 * s * (1 - p)), abs=1e-12)


def test_belgium_against_france_is_a_conflict_favouring_france() -> None:
    """bargaining-models.md §2.1: at r = 1, E^BE = 1 − 2·.6·.4963 = .404, E^FR = .597."""
    p = probability_of_success(X, W, np.ones(10), SPAN, method="paper")
    e_be = expected_utility_of_challenge(
        np.array(0.5), np.array(0.0), p[1, 4], S[4], np.array(1.0), q=1.0
    )
    e_fr = expected_utility_of_challenge(
        np.array(0.5), np.array(0.0), p[4, 1], S[1], np.array(1.0), q=1.0
    )
    assert float(e_be) == pytest.approx(0.404, abs=5e-4)
    assert float(e_fr) == pytest.approx(0.597, abs=5e-4)
    assert 0 < e_be < e_fr


@settings(max_examples=80, deadline=None)
@given(sec=arrays(float, 6, elements=st.floats(-10.0, 10.0)))
def test_risk_exponents_lie_between_a_half_and_two(sec: np.ndarray) -> None:
    """Eqs. 32–34: r ∈ [0.5, 2]; the most exposed actor gets 0.5 and the safest 2 (BDM 1985 p. 157)."""
    r = risk_exponents(sec)
    assert np.all((r >= 0.5 - 1e-12) & (r <= 2 + 1e-12))
    if np.ptp(sec) > 1e-9:
        assert r[np.argmax(sec)] == pytest.approx(0.5)
        assert r[np.argmin(sec)] == pytest.approx(2.0)


def test_round_one_risk_exponents_match_scholz_code() -> None:
    """jmckib's port of Scholz's code, round 1 (bargaining-models.md §2.1), to 1e-4."""
    _, _, r = challenge_matrices(X, S, W, SPAN)
    expected = [1.4057, 0.7542, 0.5089, 1.4057, 1.0465, 1.9649, 0.5, 2.0, 1.1121, 1.0465]
    np.testing.assert_allclose(r, expected, atol=1e-4)


def test_round_one_moves_match_scholz_code() -> None:
    """jmckib round 1: BE compromises with FR at (−0.1148, 0.2433) to 8.4159; LU → 7; IE → 4."""
    a, b, _ = challenge_matrices(X, S, W, SPAN)
    assert (a[1, 4], b[1, 4]) == pytest.approx((-0.1148, 0.2433), abs=1e-4)
    new_x, _, kind = round_of_challenges(X, S, W, SPAN)
    expected = X.copy()
    expected[[1, 2, 6]] = [8.4159, 7.0, 4.0]
    np.testing.assert_allclose(new_x, expected, atol=1e-4)
    assert kind[[1, 2, 6]].tolist() == [2.0, 1.0, 1.0]


def test_scholz_code_mode_reproduces_the_ten_round_median_path() -> None:
    """jmckib medians 8.416, 9.611, 9.962 ×3, 7.472, 8.825, 9.671 ×2, 7.0 (default mode), to 1e-3.

    Truncated to one decimal, rounds 1 and 3–8 equal Scholz et al. (2011) Table 2 (8.4, 9.9 ×3,
    7.4, 8.8, 9.6); round 2 is 9.6 against the printed 9.9, a difference the reference notes
    and attributes to Scholz's printed table, not the code.
    """
    model = ExpectedUtilityModel(max_rounds=10, tolerance=0.0)
    with pytest.warns(ConvergenceWarning, match="max_rounds=10"):
        forecast = model.forecast(PositionTable.from_frame(EMISSION))
    assert forecast.trace is not None
    medians = _medians(4 + 6 * forecast.trace[1:, :, 0])
    np.testing.assert_allclose(medians, JMCKIB_MEDIANS, atol=1e-3)
    scholz = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
    agree = np.floor(medians[:8] * 10) / 10 == np.array(scholz)
    assert agree.tolist() == [True, False, True, True, True, True, True, True]


def test_default_stops_when_the_median_settles_inside_the_published_band() -> None:
    """BDM 8.35/9.05, actual 8.833, Scholz 9.9 (Table 2, truncated to one decimal, so < 10).

    The default run stops at round 4 (the median repeats 9.962), inside [8.35, 10).
    """
    forecast = ExpectedUtilityModel().forecast(PositionTable.from_frame(EMISSION))
    assert forecast.trace is not None
    assert forecast.trace.shape[0] == 5
    assert 8.35 <= forecast.outcome_native()[0] < 10.0
    assert forecast.outcome_native()[0] == pytest.approx(9.962, abs=1e-3)
    assert forecast.notes == ()


def test_halving_the_status_quo_probability_moves_greece_to_another_quadrant() -> None:
    """Scholz et al. (2011): Q = 0.5 "produces very different results" (Greece changes quadrant)."""
    a1, b1, _ = challenge_matrices(X, S, W, SPAN, q=1.0)
    a5, b5, _ = challenge_matrices(X, S, W, SPAN, q=0.5)
    gr = 8
    moved = (np.sign(a1[gr]) != np.sign(a5[gr])) | (np.sign(b1[gr]) != np.sign(b5[gr]))
    assert moved[X[gr] != X].any()


def test_reading_eq_31_as_printed_changes_the_answer() -> None:
    """With the paper's denominator P^i + P^j = 1 and the run differs from Scholz's code."""
    table = PositionTable.from_frame(EMISSION)
    paper = ExpectedUtilityModel(probability="paper").forecast(table)
    code = ExpectedUtilityModel().forecast(table)
    assert paper.outcome[0] != pytest.approx(code.outcome[0], abs=1e-3)


def test_with_no_move_conflicts_nobody_accepts_a_conflict_loss() -> None:
    """conflict="no-move" (hamzagul07/schelling D2.6): kind 1 never occurs."""
    _, _, kind = round_of_challenges(X, S, W, SPAN, conflict="no-move")
    assert 1.0 not in kind.tolist()


def test_a_unanimous_issue_stops_at_once() -> None:
    """If everyone agrees there is nothing to challenge: one trace row, the common position."""
    df = EMISSION.assign(position=5.0)
    forecast = ExpectedUtilityModel().forecast(PositionTable.from_frame(df))
    assert forecast.trace is not None
    assert forecast.trace.shape[0] == 1
    assert forecast.outcome_native()[0] == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("q", 1.5),
        ("q", -0.1),
        ("q", float("nan")),
        ("probability", "printed"),
        ("conflict", "x"),
        ("viewpoint", "mine"),
        ("selection", "most"),
        ("capitulation", 1),
        ("max_rounds", 0),
        ("max_rounds", 2.5),
        ("tolerance", -1.0),
        ("patience", 0),
    ],
)
def test_invalid_parameters_are_refused_with_the_parameter_named(param: str, value: object) -> None:
    """Each parameter's domain is checked at construction, in sklearn's wording."""
    with pytest.raises(InvalidParameterError, match=f"'{param}' parameter of ExpectedUtilityModel"):
        ExpectedUtilityModel(**{param: value})  # type: ignore[arg-type]


def test_issues_run_independently() -> None:
    """Adding a second issue leaves the first issue's outcome unchanged (the model is 1-D)."""
    one = PositionTable.from_frame(EMISSION)
    other = EMISSION.assign(issue="other", position=X[::-1])
    two = PositionTable.from_frame(pd.concat([EMISSION, other]))
    model = dataclasses.replace(ExpectedUtilityModel(), max_rounds=20)
    assert model.forecast(two).outcome[0] == pytest.approx(model.forecast(one).outcome[0])


def test_the_answer_depends_on_how_long_the_median_must_stay_put() -> None:
    """Scholz (p. 28): results "do not stabilise". patience=3 runs on to round 13 and 7.0."""
    table = PositionTable.from_frame(EMISSION)
    two = ExpectedUtilityModel(patience=2).forecast(table)
    three = ExpectedUtilityModel(patience=3).forecast(table)
    assert two.outcome_native()[0] == pytest.approx(9.962, abs=1e-3)
    assert three.trace is not None
    assert three.trace.shape[0] - 1 == 13
    assert three.outcome_native()[0] == pytest.approx(7.0, abs=1e-9)


def test_a_status_quo_probability_of_one_half_never_settles_on_the_emission_table() -> None:
    """With Q = 0.5 (BDM & Lalman 1986) the T rule is active and the median keeps moving."""
    model = ExpectedUtilityModel(q=0.5, patience=2)
    with pytest.warns(ConvergenceWarning, match="max_rounds=50"):
        forecast = model.forecast(PositionTable.from_frame(EMISSION))
    assert forecast.notes
    assert forecast.trace is not None and forecast.trace.shape[0] == 51  # ran to max_rounds
    medians = _medians(forecast.trace[:, :, 0])
    late = medians[-20:]
    # after 30 rounds it still swings across most of the range through eight or more values,
    # in a limit cycle of 12 rounds: it never settles (with Q = 1 it settles at 9.962)
    assert np.ptp(late) > 0.5
    assert len(np.unique(np.round(late, 6))) >= 8
    np.testing.assert_allclose(late[12:], late[:8], atol=1e-9)
    assert forecast.outcome_native()[0] != pytest.approx(9.962, abs=0.1)


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(float, 7, elements=st.floats(0.0, 1.0)),
    s=arrays(float, 7, elements=st.floats(0.05, 1.0)),
    c=arrays(float, 7, elements=st.floats(0.1, 1.0)),
    q=st.sampled_from([1.0, 0.5]),
    probability=st.sampled_from(["paper", "scholz-code"]),
    viewpoint=st.sampled_from(["receiver", "own"]),
)
def test_every_move_goes_towards_another_actor_and_stays_in_range(
    x: np.ndarray, s: np.ndarray, c: np.ndarray, q: float, probability: str, viewpoint: str
) -> None:
    """A mover ends between its old position and some other actor's, so the range never grows."""
    span = float(np.ptp(x))
    if span == 0:
        return
    new_x, r, kind = round_of_challenges(
        x,
        s,
        c * s,
        span,
        q=q,
        probability=probability,  # type: ignore[arg-type]
        viewpoint=viewpoint,
    )  # type: ignore[arg-type]
    assert np.all((r >= 0.5 - 1e-12) & (r <= 2 + 1e-12))
    assert np.all((new_x >= x.min() - 1e-12) & (new_x <= x.max() + 1e-12))
    for k in np.flatnonzero(new_x != x):
        lo = np.minimum(x[k], x)
        hi = np.maximum(x[k], x)
        assert np.any((new_x[k] >= lo - 1e-12) & (new_x[k] <= hi + 1e-12) & (x != x[k]))
        assert kind[k] in (1.0, 2.0, 3.0)
    assert np.all(kind[new_x == x] >= 0)


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(float, 9, elements=st.integers(0, 1000).map(lambda k: k / 1000)),
    w=arrays(float, 9, elements=st.integers(0, 1000).map(lambda k: k / 1000)),
    method=st.sampled_from(["paper", "scholz-code"]),
)
def test_the_risk_neutral_shortcut_agrees_with_the_full_vote_tally(
    x: np.ndarray, w: np.ndarray, method: str
) -> None:
    """At r = 1 votes are tallied by prefix sums; the general O(n³) tally gives the same P.

    Positions sit on a 1e-3 grid: for two positions 1e-15 apart the prefix sums cancel
    catastrophically and P between those two is noise (harmless, as it multiplies d ≈ 0).
    """
    if np.ptp(x) == 0:
        return
    fast = probability_of_success(x, w, np.ones(9), float(np.ptp(x)), method=method)  # type: ignore[arg-type]
    slow = probability_of_success(x, w, np.full(9, 1 + 1e-13), float(np.ptp(x)), method=method)  # type: ignore[arg-type]
    np.testing.assert_allclose(fast, slow, atol=1e-9)
