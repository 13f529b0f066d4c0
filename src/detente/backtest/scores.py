"""Proper scoring rules for backtesting forecasts against what actually happened.

A scoring rule is *proper* when a forecaster minimises the expected score by reporting the
probabilities they believe, so no hedging or exaggeration pays (Gneiting & Raftery 2007,
"Strictly proper scoring rules, prediction, and estimation", JASA 102:359–378). Every score
here is negatively oriented: lower is better, 0 is a perfect forecast.

* :func:`brier` — squared error of a probability for a yes/no event (Brier 1950).
* :func:`log_score` — negative log-likelihood (Good 1952), clipped so a finite simulation is
  not infinitely punished.
* :func:`crps_time_to_event` — the continuous ranked probability score of a "when does it
  happen" forecast, in its discrete form the ranked probability score (Epstein 1969),
  censored at the backtest horizon.
* :func:`bootstrap_mean` / :func:`bootstrap_mean_diff` — percentile intervals that resample
  *cases* (negotiations), because questions within one case are not independent.
* :func:`reliability`, :func:`murphy_decomposition`, :func:`sharpness` — diagnostics that
  say *why* a Brier score is what it is (Murphy 1973; Gneiting, Balabdaoui & Raftery 2007).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from detente._random import Seed, as_generator
from detente._typing import FloatArray
from detente.errors import InvalidParameterError

__all__ = [
    "BootstrapInterval",
    "CaseTerms",
    "MurphyDecomposition",
    "ReliabilityBin",
    "bootstrap_mean",
    "bootstrap_mean_diff",
    "brier",
    "brier_terms",
    "crps_time_to_event",
    "log_score",
    "log_terms",
    "murphy_decomposition",
    "reliability",
    "sharpness",
]

CaseTerms = Sequence[npt.ArrayLike] | Mapping[str, npt.ArrayLike]
"""Per-question score terms grouped by case: a list with one 1-D array per case, or a dict
case id → 1-D array."""


# --------------------------------------------------------------------------- validation


def _probabilities(p: npt.ArrayLike, name: str = "p") -> FloatArray:
    arr = np.asarray(p, dtype=np.float64)
    if arr.size == 0:
        msg = f"{name} must be non-empty (got an empty array). Fix: pass at least one forecast."
        raise InvalidParameterError(msg)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.0) or np.any(arr > 1.0):
        bad = arr[~(np.isfinite(arr) & (arr >= 0.0) & (arr <= 1.0))].ravel()[0]
        msg = f"{name} must hold probabilities in [0, 1] (got {bad!r}). Fix: check the forecasts."
        raise InvalidParameterError(msg)
    return arr


def _forecast_outcome(p: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate a forecast array and a same-shaped 0/1 outcome array."""
    pa = _probabilities(p)
    ya = np.asarray(y, dtype=np.float64)
    if ya.shape != pa.shape:
        msg = (
            f"y must have the same shape as p (got {ya.shape} vs {pa.shape}). "
            "Fix: pass one outcome per forecast."
        )
        raise InvalidParameterError(msg)
    if not np.all((ya == 0.0) | (ya == 1.0)):
        bad = ya[~((ya == 0.0) | (ya == 1.0))].ravel()[0]
        msg = f"y must hold outcomes 0 or 1 (got {bad!r}). Fix: encode happened=1, not=0."
        raise InvalidParameterError(msg)
    return pa, ya


# --------------------------------------------------------------------------- binary scores


def brier_terms(p: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """Per-question Brier terms ``(p − y)²``, same shape as ``p``.

    Quadratic loss on a probability is strictly proper and bounded in [0, 1], so one bad
    question cannot dominate a backtest (Brier 1950, Monthly Weather Review 78:1–3).
    """
    pa, ya = _forecast_outcome(p, y)
    return (pa - ya) ** 2


def brier(p: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Mean Brier score ``BS = (1/N) Σ (pᵢ − yᵢ)²`` over all questions (0 best, 1 worst).

    Always saying 0.5 scores 0.25; see :func:`brier_terms`.
    """
    return float(np.mean(brier_terms(p, y)))


def log_terms(p: npt.ArrayLike, y: npt.ArrayLike, eps: float = 1e-3) -> FloatArray:
    """Per-question negative log-likelihood ``−[y ln p̃ + (1 − y) ln(1 − p̃)]``.

    ``p̃ = clip(p, eps, 1 − eps)``. The log score is the only proper local rule (Good 1952,
    JRSS B 14:107–114), but it is unbounded: a forecast of exactly 0 or 1 that turns out
    wrong costs ``∞``. A probability estimated from ``n`` simulation draws is 0 or 1 whenever
    no draw (or every draw) hits the event, which says "below about 1/n", not "impossible";
    so clip at ``eps`` of order ``1/n_draws``. The clipped score stays proper for true
    probabilities inside ``[eps, 1 − eps]`` and caps one question's cost at ``−ln eps``.
    """
    if not (math.isfinite(eps) and 0.0 < eps < 0.5):
        msg = f"eps must be in (0, 0.5) (got {eps!r}). Fix: use about 1 / n_draws."
        raise InvalidParameterError(msg)
    pa, ya = _forecast_outcome(p, y)
    pc = np.clip(pa, eps, 1.0 - eps)
    terms: FloatArray = -(ya * np.log(pc) + (1.0 - ya) * np.log1p(-pc))
    return terms


def log_score(p: npt.ArrayLike, y: npt.ArrayLike, eps: float = 1e-3) -> float:
    """Mean clipped negative log-likelihood (nats; ``ln 2`` for a 0.5 forecast).

    See :func:`log_terms` for the formula and why ``p`` is clipped to ``[eps, 1 − eps]``.
    """
    return float(np.mean(log_terms(p, y, eps)))


# --------------------------------------------------------------------------- time to event


def crps_time_to_event(cdf: npt.ArrayLike, event_month: float | None, horizon: int) -> float:
    """Censored ranked probability score of a "by which month?" forecast, in [0, 1].

    ``cdf[m − 1]`` is the forecast ``F(m) = P(event by the end of month m)`` for
    ``m = 1..horizon``; ``event_month`` is when the event happened (1-based; a fractional
    month ``t`` counts as happened by month ``ceil(t)``), or ``None`` if it had not happened
    by ``horizon`` (a value above ``horizon`` means the same). The score is

        CRPS = (1/H) Σ_{m=1..H} (F(m) − 1[event_month ≤ m])²,

    the discrete CRPS, i.e. the ranked probability score (Epstein 1969, J. Appl. Meteor.
    8:985–987), strictly proper for distributions over months (Gneiting & Raftery 2007, §4.2).
    It is the mean of the Brier scores of the H binary questions "event by month m?".

    Censoring: a case observed only up to ``H`` still resolves every question with
    ``m ≤ H``, so summing over those months only is the threshold-weighted CRPS with weight
    ``1[m ≤ H]`` (Gneiting & Ranjan 2011, JBES 29:411–422) — proper, and it needs no guess
    about what happens after the data stop. ``cdf`` may be longer than ``horizon``; only its
    first ``horizon`` entries are scored. Dividing by ``H`` (instead of the textbook plain
    sum) keeps cases with different horizons on the same [0, 1] scale.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, int | np.integer) or horizon < 1:
        msg = f"horizon must be a positive integer number of months (got {horizon!r})."
        raise InvalidParameterError(msg)
    F = np.asarray(cdf, dtype=np.float64)
    if F.ndim != 1 or F.size < horizon:
        msg = (
            f"cdf must be 1-D with at least horizon={horizon} entries (got shape {F.shape}). "
            "Fix: pass P(event by month m) for m = 1..horizon."
        )
        raise InvalidParameterError(msg)
    F = _probabilities(F[:horizon], "cdf")
    if np.any(np.diff(F) < -1e-12):
        m = int(np.argmax(np.diff(F) < -1e-12)) + 2
        msg = (
            f"cdf must be nondecreasing (it falls at month {m}: {F[m - 2]!r} → {F[m - 1]!r}). "
            "Fix: pass the cumulative probability, not the per-month hazard."
        )
        raise InvalidParameterError(msg)
    if event_month is None:
        first = horizon + 1
    else:
        t = float(event_month)
        if not (math.isfinite(t) and t > 0.0):
            msg = (
                f"event_month must be a positive 1-based month or None (got {event_month!r}). "
                "Fix: pass None when the event had not happened by the horizon."
            )
            raise InvalidParameterError(msg)
        first = min(math.ceil(t), horizon + 1)
    months = np.arange(1, horizon + 1)
    observed = (months >= first).astype(np.float64)
    return float(np.mean((F - observed) ** 2))


# --------------------------------------------------------------------------- bootstrap


class BootstrapInterval(NamedTuple):
    """A point estimate with its bootstrap percentile interval (unpacks as a 3-tuple)."""

    estimate: float
    lo: float
    hi: float


def _case_arrays(terms_by_case: CaseTerms, name: str) -> dict[str, FloatArray] | list[FloatArray]:
    items: list[tuple[str, npt.ArrayLike]]
    if isinstance(terms_by_case, Mapping):
        items = [(str(k), v) for k, v in terms_by_case.items()]
    else:
        items = [(str(i), v) for i, v in enumerate(terms_by_case)]
    if not items:
        msg = f"{name} must hold at least one case (got none). Fix: score some cases first."
        raise InvalidParameterError(msg)
    out: dict[str, FloatArray] = {}
    for key, v in items:
        arr = np.asarray(v, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr)):
            msg = (
                f"{name}[{key}] must be a non-empty 1-D array of finite scores "
                f"(got shape {arr.shape}). Fix: pass one score term per question."
            )
            raise InvalidParameterError(msg)
        out[key] = arr
    return out if isinstance(terms_by_case, Mapping) else list(out.values())


def _case_means(terms_by_case: CaseTerms, name: str) -> FloatArray:
    arrays = _case_arrays(terms_by_case, name)
    values = arrays.values() if isinstance(arrays, dict) else arrays
    return np.array([a.mean() for a in values], dtype=np.float64)


def _check_boot(n_boot: int, level: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 1:
        msg = f"n_boot must be a positive integer (got {n_boot!r}). Fix: use 2000 or more."
        raise InvalidParameterError(msg)
    if not (math.isfinite(level) and 0.0 < level < 1.0):
        msg = f"level must be in (0, 1) (got {level!r}). Fix: use 0.95 for a 95% interval."
        raise InvalidParameterError(msg)


def _percentile_interval(
    per_case: FloatArray, n_boot: int, level: float, seed: Seed
) -> BootstrapInterval:
    rng = as_generator(seed)
    k = per_case.size
    idx = rng.integers(0, k, size=(n_boot, k))
    boot = per_case[idx].mean(axis=1)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(boot, [alpha, 1.0 - alpha])
    return BootstrapInterval(float(per_case.mean()), float(lo), float(hi))


def bootstrap_mean(
    terms_by_case: CaseTerms, n_boot: int = 2000, seed: Seed = 0, level: float = 0.95
) -> BootstrapInterval:
    """Mean score over cases with a percentile bootstrap interval (Efron & Tibshirani 1993).

    Each case contributes the mean of its question terms, so every negotiation weighs the
    same however many questions it poses; the estimate is ``(1/K) Σ_k mean(terms_k)``.
    Cases, not questions, are resampled with replacement, because questions about one
    negotiation share its fate and are not independent. Same ``seed`` → same interval.
    """
    _check_boot(n_boot, level)
    return _percentile_interval(_case_means(terms_by_case, "terms_by_case"), n_boot, level, seed)


def bootstrap_mean_diff(
    a_terms_by_case: CaseTerms,
    b_terms_by_case: CaseTerms,
    n_boot: int = 2000,
    seed: Seed = 0,
    level: float = 0.95,
) -> BootstrapInterval:
    """Paired difference ``score(a) − score(b)`` over cases, with a percentile interval.

    Both forecasters must be scored on the same cases (same dict keys, or lists in the same
    order); resampling whole cases for both at once keeps the pairing, which removes the
    between-case variance that both share. Negative means ``a`` is better (lower score).
    An interval excluding 0 is evidence of a real difference at that level. See
    :func:`bootstrap_mean` for the per-case weighting.
    """
    _check_boot(n_boot, level)
    a = _case_arrays(a_terms_by_case, "a_terms_by_case")
    b = _case_arrays(b_terms_by_case, "b_terms_by_case")
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            diff = sorted(set(a) ^ set(b))
            msg = f"a and b must score the same cases (differ on {diff}). Fix: align the cases."
            raise InvalidParameterError(msg)
        pairs = [(a[k], b[k]) for k in a]
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            msg = f"a and b must score the same cases (got {len(a)} vs {len(b)} cases)."
            raise InvalidParameterError(msg)
        pairs = list(zip(a, b, strict=True))
    else:
        msg = "a and b must both be dicts or both be lists. Fix: group both the same way."
        raise InvalidParameterError(msg)
    per_case = np.array([x.mean() - y.mean() for x, y in pairs], dtype=np.float64)
    return _percentile_interval(per_case, n_boot, level, seed)


# --------------------------------------------------------------------------- calibration


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of a reliability diagram: forecasts in ``[lo, hi)`` (the last bin is closed)."""

    lo: float
    hi: float
    n: int
    mean_forecast: float
    observed_rate: float


def _bin_index(p: FloatArray, n_bins: int) -> npt.NDArray[np.intp]:
    if isinstance(n_bins, bool) or not isinstance(n_bins, int | np.integer) or n_bins < 1:
        msg = f"n_bins must be a positive integer (got {n_bins!r}). Fix: use 10."
        raise InvalidParameterError(msg)
    # floor(p·n) rather than comparing to linspace edges, which are off by one ulp (0.3 → bin 3).
    return np.minimum(np.floor(p * n_bins).astype(np.intp), n_bins - 1)


def reliability(p: npt.ArrayLike, y: npt.ArrayLike, n_bins: int = 10) -> list[ReliabilityBin]:
    """Reliability-diagram bins: mean forecast vs. observed frequency per forecast bin.

    A calibrated forecaster's events happen about as often as forecast, so points lie near
    the diagonal ``observed_rate = mean_forecast``. Bins are ``n_bins`` equal-width slices
    of [0, 1]; empty bins are dropped, so the ``n`` sum to the number of forecasts.
    """
    pa, ya = _forecast_outcome(p, y)
    pa, ya = pa.ravel(), ya.ravel()
    idx = _bin_index(pa, n_bins)
    bins: list[ReliabilityBin] = []
    for k in np.unique(idx):
        sel = idx == k
        bins.append(
            ReliabilityBin(
                lo=float(k) / n_bins,
                hi=float(k + 1) / n_bins,
                n=int(sel.sum()),
                mean_forecast=float(pa[sel].mean()),
                observed_rate=float(ya[sel].mean()),
            )
        )
    return bins


@dataclass(frozen=True)
class MurphyDecomposition:
    """Brier score split as ``BS ≈ reliability − resolution + uncertainty`` (Murphy 1973).

    ``brier`` is the actual score, so ``brier − (reliability − resolution + uncertainty)``
    shows the within-bin remainder.
    """

    reliability: float
    resolution: float
    uncertainty: float
    brier: float


def murphy_decomposition(
    p: npt.ArrayLike, y: npt.ArrayLike, n_bins: int = 10
) -> MurphyDecomposition:
    """Murphy's (1973, J. Appl. Meteor. 12:595–600) partition of the Brier score.

    With bins k holding ``n_k`` of ``N`` forecasts, mean forecast ``f̄_k``, observed rate
    ``ō_k`` and overall rate ``ō``:

        REL = (1/N) Σ n_k (f̄_k − ō_k)²     (miscalibration; lower is better)
        RES = (1/N) Σ n_k (ō_k − ō)²       (how much the bins' outcomes differ; higher better)
        UNC = ō (1 − ō)                     (the score of always forecasting the base rate)

    ``BS = REL − RES + UNC`` exactly when forecasts are constant within each bin; otherwise
    the two differ by within-bin variance and covariance terms (Stephenson, Coelho & Jolliffe
    2008, Weather and Forecasting 23:752–757), small for narrow bins.
    """
    pa, ya = _forecast_outcome(p, y)
    pa, ya = pa.ravel(), ya.ravel()
    idx = _bin_index(pa, n_bins)
    N = pa.size
    n_k = np.bincount(idx, minlength=n_bins).astype(np.float64)
    used = n_k > 0
    f_k = np.bincount(idx, weights=pa, minlength=n_bins)[used] / n_k[used]
    o_k = np.bincount(idx, weights=ya, minlength=n_bins)[used] / n_k[used]
    o = float(ya.mean())
    rel = float(np.sum(n_k[used] * (f_k - o_k) ** 2) / N)
    res = float(np.sum(n_k[used] * (o_k - o) ** 2) / N)
    return MurphyDecomposition(
        reliability=rel,
        resolution=res,
        uncertainty=o * (1.0 - o),
        brier=float(np.mean((pa - ya) ** 2)),
    )


def sharpness(p: npt.ArrayLike) -> float:
    """Mean confidence ``(1/N) Σ 2|pᵢ − 0.5|``: 0 if always 0.5, 1 if always 0 or 1.

    Sharpness is the concentration of the predictive distributions, judged from forecasts
    alone; the goal is maximal sharpness subject to calibration (Gneiting, Balabdaoui &
    Raftery 2007, JRSS B 69:243–268). For a yes/no event that is distance from 0.5. The
    variance of ``p`` is not used because a forecaster always saying 0.95 is sharp yet has
    zero variance.
    """
    pa = _probabilities(p)
    return float(np.mean(2.0 * np.abs(pa - 0.5)))
