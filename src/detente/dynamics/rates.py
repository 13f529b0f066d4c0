"""Calibrated rates as distributions: what the data say about them, and how sure they are.

A rate fitted on data is uncertain, and a forecast that plugs in a point hides that. Every rate
with a fitted distribution enters the simulation as an uncertain input named ``rates.<name>``,
drawn per draw like a bottom line, so its uncertainty is part of P(deal) and shows in Sobol
indices. Two packaged fits (``dynamics/data``), each written by a script from data:

* ``timing_posterior.json`` — the signing hazard and the belief strength, jointly: the grid
  posterior of ``detente.backtest.fit`` over the whole case library (``scripts/
  fit_timing_rates.py``). One input, ``rates.timing``, picks a grid point per draw, so the two
  rates keep their posterior correlation.
* ``termination_rates.json`` — relapse rates fitted on the termination datasets
  (``scripts/fit_termination_rates.py``), each a Beta or truncated-normal fitted to bootstrap
  draws.

A rate that a scenario's ``calibration`` block or a caller's override sets is a point again:
an analyst's explicit value always wins (``CalibrationValues.overridden``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.dynamics.rates_data import load_termination_rates
from detente.scenario.uncertain import Beta, Normal

__all__ = [
    "PREFIX",
    "TIMING",
    "TIMING_RATES",
    "Discrete",
    "describe",
    "fitted_inputs",
    "load_termination_dists",
    "load_timing",
    "rate_range",
    "timing_point",
    "with_timing",
]

PREFIX: Final[str] = "rates."
TIMING: Final[str] = PREFIX + "timing"
TIMING_RATES: Final[tuple[str, ...]] = ("sign_hazard", "belief_strength")
PER_DRAW: Final[tuple[str, ...]] = (
    "relapse_5y",
    "relapse_shape",
    "ceasefire_hazard_ratio",
)
"""Rates the termination data fit and the engine reads per draw (besides the timing pair).

``guarantee_hazard_ratio`` is fitted too (termination_rates.json) but not drawn: in PAD,
guarantees and peacekeepers go to the harder cases, so the raw association (a ratio near 1)
is confounded; the selection-corrected estimates of Fortna (2004) and Walter (2002) stay the
default. The engine can draw it per draw (``DrawRates``) once an unconfounded fit exists."""


@dataclass(frozen=True)
class Discrete:
    """A distribution on the points ``0 … G-1`` with probabilities ``weights`` (a grid index)."""

    weights: tuple[float, ...]

    def ppf(self, u: FloatArray) -> FloatArray:
        """Grid index at probability ``u`` (inverse of the step CDF)."""
        cdf = np.cumsum(np.asarray(self.weights, dtype=float))
        cdf /= cdf[-1]
        idx = np.searchsorted(cdf, np.asarray(u, dtype=float), side="right")
        return np.minimum(idx, len(self.weights) - 1).astype(float)


@dataclass(frozen=True)
class TimingPosterior:
    """Grid points of the timing rates (``TIMING_RATES``) and their posterior weights."""

    points: tuple[dict[str, float], ...]
    weights: tuple[float, ...]
    meta: dict[str, Any]

    def columns(self, index: FloatArray) -> dict[str, FloatArray]:
        """Per-draw ``rates.<name>`` of every timing rate for grid indices."""
        k = np.asarray(index, dtype=int)
        return {
            PREFIX + name: np.array([p[name] for p in self.points], dtype=float)[k]
            for name in TIMING_RATES
        }


def _read(name: str) -> dict[str, Any] | None:
    f = resources.files("detente.dynamics").joinpath("data", name)
    if not f.is_file():
        return None
    data: dict[str, Any] = json.loads(f.read_text(encoding="utf-8"))
    return data


@cache
def load_timing() -> TimingPosterior | None:
    """The packaged timing posterior (None before one has been fitted)."""
    data = _read("timing_posterior.json")
    if data is None:
        return None
    points = tuple({k: float(v) for k, v in p.items()} for p in data["points"])
    return TimingPosterior(points, tuple(float(w) for w in data["weights"]), data)


@cache
def load_termination_dists() -> dict[str, Beta | Normal]:
    """Each termination-data rate's fitted distribution, by the rate it calibrates.

    ``sign_hazard_prior`` is left out: the signing hazard is drawn from the timing posterior.
    """
    return {
        r.calibrates: r.uncertain()
        for r in load_termination_rates().values()
        if r.calibrates in PER_DRAW and r.name == r.calibrates
    }


def fitted_inputs(overridden: frozenset[str]) -> list[tuple[str, Discrete | Beta | Normal]]:
    """The rate inputs a scenario gets: every fitted rate it does not set itself."""
    out: list[tuple[str, Discrete | Beta | Normal]] = []
    timing = load_timing()
    if timing is not None and not overridden & set(TIMING_RATES):
        out.append((TIMING, Discrete(timing.weights)))
    for name, dist in load_termination_dists().items():
        if name not in overridden:
            out.append((PREFIX + name, dist))
    return out


def with_timing(values: Mapping[str, FloatArray]) -> Mapping[str, FloatArray]:
    """``values`` with a drawn ``rates.timing`` grid index expanded into the two timing rates.

    A rate grid's own columns (marked by ``rates.grid``) win: a fit sets the rates itself.
    """
    timing = load_timing()
    if TIMING not in values or timing is None or PREFIX + "grid" in values:
        return values
    return {**values, **timing.columns(values[TIMING])}


def describe(overridden: frozenset[str]) -> dict[str, Any]:
    """What each drawn rate's distribution is and where it comes from (for ``params``)."""
    out: dict[str, Any] = {}
    timing = load_timing()
    if timing is not None and not overridden & set(TIMING_RATES):
        out["timing"] = {
            "rates": list(TIMING_RATES),
            "posterior": timing.meta.get("summary", {}),
            "source": "grid posterior on the case library (scripts/fit_timing_rates.py)",
        }
    for r in load_termination_rates().values():
        if r.calibrates in PER_DRAW and r.name == r.calibrates and r.name not in overridden:
            out[r.name] = {"dist": dict(r.dist), "n": r.n, "source": r.source.get("dataset", "")}
    return out


def timing_point(values: Mapping[str, FloatArray], overridden: frozenset[str], n: int) -> IntArray:
    """Each draw's timing grid point, or -1 where the timing rates are not drawn from it."""
    v = values.get(TIMING)
    if v is None or overridden & set(TIMING_RATES) or PREFIX + "grid" in values:
        return np.full(n, -1, dtype=np.int64)
    return np.asarray(v, dtype=np.int64)


def rate_range(
    settled: FloatArray, draws: FloatArray, level: float = 0.90
) -> tuple[float, float] | None:
    """Central ``level`` range of P(settled) over the timing grid points, weighted by draws.

    ``settled[g]`` and ``draws[g]`` count the draws at point g; points without draws are
    skipped. This is the epistemic spread the fitted rates add: how far the probability moves
    between rate values the data find plausible (each point's own Monte Carlo noise included).
    """
    keep = draws > 0
    if keep.sum() < 2:
        return None
    p = settled[keep] / draws[keep]
    w = draws[keep] / draws[keep].sum()
    order = np.argsort(p)
    cdf = np.cumsum(w[order])
    tail = (1.0 - level) / 2.0
    lo = float(p[order][min(int(np.searchsorted(cdf, tail)), len(p) - 1)])
    hi = float(p[order][min(int(np.searchsorted(cdf, 1.0 - tail)), len(p) - 1)])
    return lo, hi
