"""Proper scoring rules: hand-computed values, propriety, identities, bootstrap and binning."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from detente.backtest.scores import (
    BootstrapInterval,
    ReliabilityBin,
    bootstrap_mean,
    bootstrap_mean_diff,
    brier,
    brier_terms,
    crps_time_to_event,
    log_score,
    log_terms,
    murphy_decomposition,
    reliability,
    sharpness,
)
from detente.errors import InvalidParameterError

GRID = np.linspace(0.0, 1.0, 1001)


# --------------------------------------------------------------------------- Brier


def test_brier_hand_computed() -> None:
    assert brier([0.7, 0.2], [1, 0]) == pytest.approx(0.065)
    np.testing.assert_allclose(brier_terms([0.7, 0.2], [1, 0]), [0.09, 0.04])


def test_brier_extremes_and_coin_flip() -> None:
    assert brier([1.0, 0.0], [1, 0]) == 0.0
    assert brier([0.0, 1.0], [1, 0]) == 1.0
    assert brier([0.5, 0.5, 0.5], [1, 0, 1]) == pytest.approx(0.25)


def test_brier_accepts_bool_outcomes_and_keeps_shape() -> None:
    terms = brier_terms([[0.1, 0.9], [0.4, 0.6]], np.array([[False, True], [True, False]]))
    assert terms.shape == (2, 2)
    np.testing.assert_allclose(terms, [[0.01, 0.01], [0.36, 0.36]])


# --------------------------------------------------------------------------- log score


def test_log_score_of_a_coin_flip_is_ln2() -> None:
    assert log_score([0.5], [1]) == pytest.approx(math.log(2.0))
    assert log_score([0.5, 0.5], [1, 0]) == pytest.approx(math.log(2.0))


def test_log_terms_hand_computed() -> None:
    np.testing.assert_allclose(log_terms([0.8, 0.8], [1, 0]), [-math.log(0.8), -math.log(0.2)])


def test_log_score_clips_certain_wrong_forecasts_to_minus_ln_eps() -> None:
    terms = log_terms([0.0, 1.0, 1.0], [1, 0, 1], eps=1e-3)
    assert np.all(np.isfinite(terms))
    np.testing.assert_allclose(terms, [-math.log(1e-3), -math.log(1e-3), -math.log(1 - 1e-3)])
    # a looser eps caps the penalty lower
    assert log_score([0.0], [1], eps=0.01) < log_score([0.0], [1], eps=0.001)


def test_log_score_unaffected_by_clipping_inside_the_band() -> None:
    assert log_score([0.3], [1], eps=1e-6) == pytest.approx(log_score([0.3], [1], eps=0.1))


@pytest.mark.parametrize("eps", [0.0, -0.1, 0.5, 0.7, math.nan])
def test_log_score_rejects_bad_eps(eps: float) -> None:
    with pytest.raises(InvalidParameterError, match="eps"):
        log_score([0.5], [1], eps=eps)


# --------------------------------------------------------------------------- propriety


def _expected(score_terms: Callable[[np.ndarray, np.ndarray], np.ndarray], q: float) -> np.ndarray:
    """Expected score of every grid forecast f when the event has true probability q."""
    return q * score_terms(GRID, np.ones_like(GRID)) + (1 - q) * score_terms(
        GRID, np.zeros_like(GRID)
    )


@pytest.mark.parametrize("q", [0.0, 0.05, 0.3, 0.5, 0.72, 0.99, 1.0])
def test_brier_is_strictly_proper_on_a_grid(q: float) -> None:
    expected = _expected(brier_terms, q)
    best = int(np.argmin(expected))
    assert GRID[best] == pytest.approx(q, abs=1e-9)
    others = np.abs(GRID - q) > 1e-9
    assert np.all(expected[others] > expected[best])


@pytest.mark.parametrize("q", [0.01, 0.2, 0.5, 0.64, 0.97])
def test_log_score_is_strictly_proper_on_a_grid(q: float) -> None:
    expected = _expected(log_terms, q)
    best = int(np.argmin(expected))
    assert GRID[best] == pytest.approx(q, abs=1e-9)
    assert expected[best] == pytest.approx(-(q * math.log(q) + (1 - q) * math.log(1 - q)))


def test_crps_is_proper_for_time_to_event_distributions() -> None:
    rng = np.random.default_rng(3)
    H = 8
    # true distribution of the event month over 1..H, plus mass "not by H"
    pmf = rng.dirichlet(np.ones(H + 1))
    true_cdf = np.cumsum(pmf[:H])
    outcomes: list[int | None] = [*range(1, H + 1), None]

    def expected(cdf: np.ndarray) -> float:
        return float(
            sum(w * crps_time_to_event(cdf, t, H) for w, t in zip(pmf, outcomes, strict=True))
        )

    best = expected(true_cdf)
    for _ in range(200):
        other = np.cumsum(rng.dirichlet(np.ones(H + 1))[:H])
        assert expected(other) > best
        nudged = np.clip(true_cdf + rng.normal(0, 0.02, H), 0, 1)
        nudged = np.maximum.accumulate(nudged)
        assert expected(nudged) >= best - 1e-15


# --------------------------------------------------------------------------- CRPS


def test_crps_of_a_perfect_step_is_zero() -> None:
    assert crps_time_to_event([0, 0, 1, 1, 1, 1], 3, 6) == 0.0
    assert crps_time_to_event(np.zeros(6), None, 6) == 0.0


def test_crps_of_a_step_one_month_late_is_one_over_h() -> None:
    H = 6
    assert crps_time_to_event([0, 0, 0, 1, 1, 1], 3, H) == pytest.approx(1 / H)
    # and one month early likewise
    assert crps_time_to_event([0, 1, 1, 1, 1, 1], 3, H) == pytest.approx(1 / H)
    # k months late costs k/H
    assert crps_time_to_event([0, 0, 0, 0, 0, 1], 2, H) == pytest.approx(4 / H)


def test_crps_censored_is_mean_squared_cdf() -> None:
    cdf = np.array([0.1, 0.3, 0.35, 0.6, 0.8])
    assert crps_time_to_event(cdf, None, 5) == pytest.approx(float(np.sum(cdf**2)) / 5)


def test_crps_event_after_horizon_counts_as_censored() -> None:
    cdf = [0.2, 0.4, 0.5]
    assert crps_time_to_event(cdf, 7, 3) == crps_time_to_event(cdf, None, 3)


def test_crps_hand_computed_with_an_observed_event() -> None:
    # event in month 2 of 4: (0.2-0)^2 + (0.5-1)^2 + (0.7-1)^2 + (0.9-1)^2 = 0.04+0.25+0.09+0.01
    assert crps_time_to_event([0.2, 0.5, 0.7, 0.9], 2, 4) == pytest.approx(0.39 / 4)


def test_crps_fractional_month_rounds_up() -> None:
    cdf = [0.1, 0.4, 0.6, 0.9]
    assert crps_time_to_event(cdf, 2.3, 4) == crps_time_to_event(cdf, 3, 4)
    assert crps_time_to_event(cdf, 0.2, 4) == crps_time_to_event(cdf, 1, 4)
    assert crps_time_to_event(cdf, 3.0, 4) == crps_time_to_event(cdf, 3, 4)


def test_crps_equals_mean_brier_over_thresholds() -> None:
    rng = np.random.default_rng(11)
    for _ in range(50):
        H = int(rng.integers(1, 25))
        cdf = np.sort(rng.uniform(0, 1, H))
        event = None if rng.uniform() < 0.3 else float(rng.uniform(0.01, H + 3))
        first = math.inf if event is None else math.ceil(event)
        happened_by = (np.arange(1, H + 1) >= first).astype(float)
        assert crps_time_to_event(cdf, event, H) == pytest.approx(brier(cdf, happened_by))


def test_crps_scores_only_the_first_horizon_months_of_a_longer_cdf() -> None:
    long_cdf = [0.1, 0.2, 0.3, 0.9, 1.0]
    assert crps_time_to_event(long_cdf, None, 3) == crps_time_to_event(long_cdf[:3], None, 3)
    # a censored case is not punished for what the forecast says after the data stop
    assert crps_time_to_event([0.1, 0.2, 0.3, 0.3], None, 3) == pytest.approx(
        crps_time_to_event([0.1, 0.2, 0.3, 1.0], None, 3)
    )


def test_crps_is_bounded_by_one() -> None:
    assert crps_time_to_event([1, 1, 1], None, 3) == 1.0
    assert crps_time_to_event([0, 0, 0], 1, 3) == 1.0


@pytest.mark.parametrize(
    ("cdf", "event", "horizon", "match"),
    [
        ([0.1, 0.5, 0.4], 2, 3, "nondecreasing"),
        ([0.1, 0.5], 2, 3, "at least horizon"),
        ([[0.1, 0.5, 0.6]], 2, 3, "1-D"),
        ([0.1, 0.5, 1.2], 2, 3, r"\[0, 1\]"),
        ([-0.1, 0.5, 0.6], 2, 3, r"\[0, 1\]"),
        ([0.1, math.nan, 0.6], 2, 3, r"\[0, 1\]"),
        ([0.1, 0.5, 0.6], 0, 3, "event_month"),
        ([0.1, 0.5, 0.6], -2, 3, "event_month"),
        ([0.1, 0.5, 0.6], math.nan, 3, "event_month"),
        ([0.1, 0.5, 0.6], 2, 0, "horizon"),
        ([0.1, 0.5, 0.6], 2, 2.5, "horizon"),
        ([0.1, 0.5, 0.6], 2, True, "horizon"),
    ],
)
def test_crps_validates_inputs(cdf: object, event: float | None, horizon: int, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        crps_time_to_event(cdf, event, horizon)  # type: ignore[arg-type]


def test_crps_tolerates_rounding_noise_in_a_cdf() -> None:
    cdf = [0.3, 0.3 - 1e-15, 0.5]
    assert crps_time_to_event(cdf, None, 3) == pytest.approx((0.09 + 0.09 + 0.25) / 3)


# --------------------------------------------------------------------------- bootstrap


def _cases(seed: int, k: int = 30, shift: float = 0.0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [np.clip(rng.uniform(0, 0.5, rng.integers(1, 6)) + shift, 0, 1) for _ in range(k)]


def test_bootstrap_diff_contains_observed_difference() -> None:
    a, b = _cases(1, shift=0.05), _cases(2)
    est, lo, hi = bootstrap_mean_diff(a, b)
    observed = np.mean([x.mean() for x in a]) - np.mean([x.mean() for x in b])
    assert est == pytest.approx(observed)
    assert lo < observed < hi


def test_bootstrap_is_reproducible_by_seed_and_changes_with_it() -> None:
    a, b = _cases(1), _cases(2)
    first = bootstrap_mean_diff(a, b, seed=7)
    assert bootstrap_mean_diff(a, b, seed=7) == first
    other = bootstrap_mean_diff(a, b, seed=8)
    assert other.estimate == first.estimate
    assert (other.lo, other.hi) != (first.lo, first.hi)
    assert bootstrap_mean(a, seed=7) == bootstrap_mean(a, seed=7)
    assert bootstrap_mean(a, seed=7) != bootstrap_mean(a, seed=8)


def test_bootstrap_accepts_a_generator_seed() -> None:
    a = _cases(1)
    assert bootstrap_mean(a, seed=np.random.default_rng(5)) == bootstrap_mean(a, seed=5)


def test_bootstrap_weights_cases_not_questions() -> None:
    terms = [np.array([1.0]), np.zeros(9)]
    est, lo, hi = bootstrap_mean(terms, n_boot=500)
    assert est == pytest.approx(0.5)  # pooled question mean would be 0.1
    assert lo == pytest.approx(0.0)
    assert hi == pytest.approx(1.0)


def test_bootstrap_dict_and_list_agree() -> None:
    a, b = _cases(1), _cases(2)
    da = {f"case{i}": x for i, x in enumerate(a)}
    db = {f"case{i}": x for i, x in reversed(list(enumerate(b)))}  # key order must not matter
    assert bootstrap_mean_diff(da, db, seed=3) == bootstrap_mean_diff(a, b, seed=3)
    assert bootstrap_mean(da, seed=3) == bootstrap_mean(a, seed=3)


def test_bootstrap_pairing_removes_shared_case_variance() -> None:
    b = _cases(4)
    a = [x + 0.1 for x in b]
    est, lo, hi = bootstrap_mean_diff(a, b)
    assert est == pytest.approx(0.1)
    assert lo == pytest.approx(0.1)
    assert hi == pytest.approx(0.1)
    _, lo_a, hi_a = bootstrap_mean(a)
    assert hi_a - lo_a > 0.01


def test_bootstrap_interval_width_matches_normal_theory() -> None:
    rng = np.random.default_rng(0)
    per_case = rng.normal(0.3, 0.1, 400)
    est, lo, hi = bootstrap_mean([np.array([v]) for v in per_case], n_boot=4000)
    se = per_case.std(ddof=1) / math.sqrt(per_case.size)
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.1)
    assert lo < est < hi
    # a narrower level gives a narrower interval
    _, lo50, hi50 = bootstrap_mean([np.array([v]) for v in per_case], n_boot=4000, level=0.5)
    assert lo < lo50 < hi50 < hi


def test_bootstrap_returns_a_named_tuple() -> None:
    result = bootstrap_mean(_cases(1))
    assert isinstance(result, BootstrapInterval)
    assert result.lo <= result.estimate <= result.hi


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ({"x": [0.1], "y": [0.2]}, {"x": [0.1], "z": [0.2]}, "same cases"),
        ([[0.1], [0.2]], [[0.1]], "same cases"),
        ({"x": [0.1]}, [[0.1]], "both be dicts"),
        ([], [], "at least one case"),
        ([[0.1], []], [[0.1], [0.2]], "non-empty 1-D"),
        ([[0.1], [[0.2]]], [[0.1], [0.2]], "non-empty 1-D"),
        ([[0.1], [math.nan]], [[0.1], [0.2]], "finite"),
    ],
)
def test_bootstrap_diff_validates_cases(a: object, b: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        bootstrap_mean_diff(a, b)  # type: ignore[arg-type]


@pytest.mark.parametrize(("n_boot", "level"), [(0, 0.95), (10.5, 0.95), (100, 1.0), (100, 0.0)])
def test_bootstrap_validates_settings(n_boot: int, level: float) -> None:
    with pytest.raises(InvalidParameterError):
        bootstrap_mean(_cases(1), n_boot=n_boot, level=level)


# --------------------------------------------------------------------------- reliability


def test_reliability_bin_counts_sum_to_n_and_empty_bins_are_dropped() -> None:
    rng = np.random.default_rng(2)
    p = rng.beta(0.5, 2.0, 500)
    y = rng.uniform(size=500) < p
    bins = reliability(p, y, n_bins=10)
    assert sum(b.n for b in bins) == 500
    assert all(b.n > 0 for b in bins)
    assert all(isinstance(b, ReliabilityBin) for b in bins)
    assert [b.lo for b in bins] == sorted(b.lo for b in bins)
    assert all(b.lo <= b.mean_forecast <= b.hi for b in bins)
    sparse = reliability([0.05, 0.07, 0.95], [0, 1, 1], n_bins=10)
    assert [(b.lo, b.hi, b.n) for b in sparse] == [(0.0, 0.1, 2), (0.9, 1.0, 1)]


def test_reliability_hand_computed_and_edges() -> None:
    bins = reliability([0.3, 0.3, 0.35, 1.0, 0.0], [1, 0, 0, 1, 0], n_bins=10)
    by_lo = {b.lo: b for b in bins}
    assert set(by_lo) == {0.0, 0.3, 0.9}  # 0.3 sits in [0.3, 0.4); 1.0 in the closed last bin
    assert by_lo[0.3].n == 3
    assert by_lo[0.3].mean_forecast == pytest.approx((0.3 + 0.3 + 0.35) / 3)
    assert by_lo[0.3].observed_rate == pytest.approx(1 / 3)
    assert by_lo[0.9] == ReliabilityBin(lo=0.9, hi=1.0, n=1, mean_forecast=1.0, observed_rate=1.0)


def test_murphy_hand_computed_perfectly_calibrated() -> None:
    p = [0.2] * 10 + [0.8] * 10
    y = [1, 1] + [0] * 8 + [1] * 8 + [0, 0]
    d = murphy_decomposition(p, y, n_bins=10)
    assert d.reliability == pytest.approx(0.0)
    assert d.resolution == pytest.approx(0.09)
    assert d.uncertainty == pytest.approx(0.25)
    assert d.brier == pytest.approx(0.16)


def test_murphy_identity_holds_for_binned_constant_forecasts() -> None:
    rng = np.random.default_rng(9)
    levels = (np.arange(10) + 0.5) / 10
    p = rng.choice(levels, 1000)
    y = rng.uniform(size=1000) < np.clip(p + 0.1, 0, 1)  # miscalibrated on purpose
    d = murphy_decomposition(p, y, n_bins=10)
    assert d.reliability > 0.005
    assert d.brier == pytest.approx(brier(p, y))
    assert d.brier == pytest.approx(d.reliability - d.resolution + d.uncertainty, abs=1e-12)


def test_murphy_identity_is_only_approximate_for_spread_forecasts() -> None:
    rng = np.random.default_rng(4)
    p = rng.uniform(size=2000)
    y = rng.uniform(size=2000) < p
    d = murphy_decomposition(p, y, n_bins=10)
    gap = d.brier - (d.reliability - d.resolution + d.uncertainty)
    assert gap != pytest.approx(0.0, abs=1e-12)
    assert abs(gap) < 0.01


@pytest.mark.parametrize("n_bins", [0, -3, 2.5, True])
def test_binning_rejects_bad_n_bins(n_bins: int) -> None:
    with pytest.raises(InvalidParameterError, match="n_bins"):
        reliability([0.5], [1], n_bins=n_bins)
    with pytest.raises(InvalidParameterError, match="n_bins"):
        murphy_decomposition([0.5], [1], n_bins=n_bins)


# --------------------------------------------------------------------------- sharpness


def test_sharpness_values() -> None:
    assert sharpness([0.5, 0.5]) == 0.0
    assert sharpness([0.0, 1.0, 1.0]) == 1.0
    assert sharpness([0.9, 0.1]) == pytest.approx(0.8)
    assert sharpness([0.95] * 4) == pytest.approx(0.9)  # confident though zero variance


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("p", "y", "match"),
    [
        ([0.5, 0.5], [1], "same shape"),
        ([0.5], [2], "0 or 1"),
        ([0.5], [0.5], "0 or 1"),
        ([1.5], [1], r"\[0, 1\]"),
        ([-0.01], [0], r"\[0, 1\]"),
        ([math.nan], [0], r"\[0, 1\]"),
        ([math.inf], [0], r"\[0, 1\]"),
        ([], [], "non-empty"),
    ],
)
def test_binary_scores_validate_inputs(p: list[float], y: list[float], match: str) -> None:
    for fn in (brier, brier_terms, log_score, log_terms, reliability, murphy_decomposition):
        with pytest.raises(InvalidParameterError, match=match):
            fn(p, y)


def test_validation_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="same shape"):
        brier([0.5, 0.5], [1])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        sharpness([1.2])
