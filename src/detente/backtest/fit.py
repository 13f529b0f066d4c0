r"""Fitting the timing rates on the library, leave one case out, with their uncertainty.

Two rates set *when* deals come in the simulation: the monthly signing hazard once a zone of
agreement exists (``sign_hazard``) and the weight of each side's prior belief, in battles,
which sets how fast fighting corrects optimism (``belief_strength``). Their defaults are read
off reference classes and judgement (``dynamics.calibration``). Here they are fitted on resolved
cases by a grid posterior:

1. every case is simulated at each point :math:`g` of a fixed grid ``RATE_GRID``, in one run
   whose draw :math:`i` uses point :math:`i \bmod G` (``runner.simulate_case_grid``);
2. a case's likelihood at :math:`g` is the simulated probability of what was observed, for each
   event it asks about, of the interval the event fell in — within 6, 6–12, 12–24, 24–36, 36–60
   months or later/never, censored at the data end — floored at ``FLOOR`` (Monte Carlo zeros):
   :math:`L_d(g) = \prod_e \max(P_g(\text{interval}_{d,e}), \varepsilon)`; the two events are
   treated as independent evidence (an approximation: a settlement brings a ceasefire);
3. the prior is uniform over the grid (log-spaced points, so log-uniform over each range);
4. for a left-out set :math:`S` the posterior is
   :math:`w_g \propto \prod_{d \notin S} L_d(g)`, and the forecast of a left-out case is the
   posterior mixture :math:`F_c = \sum_g w_g F_{c,g}`: the rates enter as a distribution, so
   their uncertainty is part of the forecast, not hidden in a point.

No case's outcome touches its own forecast: case :math:`c` is forecast with :math:`S = \{c\}`,
and the cases it is recalibrated on with :math:`S = \{c, d\}`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from detente._typing import FloatArray
from detente.backtest.library import (
    EVENTS,
    HORIZONS,
    MAX_MONTHS,
    Case,
    event_month,
    observed_months,
)
from detente.backtest.runner import run_grid
from detente.history.reference_class import Event

__all__ = ["FLOOR", "RATE_GRID", "RateFit", "fit_rates"]

RATE_GRID: Final[Mapping[str, tuple[float, ...]]] = {
    "sign_hazard": (0.035, 0.07, 0.141, 0.28, 0.56),
    "belief_strength": (1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0),
}
"""Log-spaced grids: the signing hazard a factor 4 either way of its prior 0.141; the belief
strength from a prior worth one month's battle to one worth five years. Below one battle a
side's belief would be little more than the last month's outcome (a grid run down to 0.06
put the posterior there, with deals struck on beliefs that swing with every battle), so one
battle is the floor: the prior is at least as informative as a single observation."""
FLOOR: Final[float] = 1e-3
"""Smallest probability a simulated interval is given (Monte Carlo zeros are not impossible)."""
EDGES: Final[tuple[int, ...]] = (0, *HORIZONS)


@dataclass(frozen=True, eq=False)
class RateFit:
    """Every case's forecast at every grid point, and the likelihood of its outcome there."""

    points: tuple[dict[str, float], ...]
    case_ids: tuple[str, ...]
    forecasts: Mapping[str, dict[Event, FloatArray]]  # case → event → (G, MAX_MONTHS)
    log_lik: FloatArray  # (n_cases, G)

    def weights(self, leave_out: Sequence[str]) -> FloatArray:
        """Posterior weights over the grid from every case except ``leave_out``."""
        keep = [k for k, c in enumerate(self.case_ids) if c not in set(leave_out)]
        ll = self.log_lik[keep].sum(axis=0)
        w = np.exp(ll - ll.max())
        return np.asarray(w / w.sum(), dtype=float)

    def mixture(self, case_id: str, event: Event, leave_out: Sequence[str]) -> FloatArray:
        """The case's forecast series averaged over the posterior without ``leave_out``."""
        w = self.weights(leave_out)
        return np.asarray(w @ self.forecasts[case_id][event], dtype=float)

    def posterior_summary(self, leave_out: Sequence[str] = ()) -> dict[str, dict[str, float]]:
        """Posterior mean and 90% interval of each rate (from the grid weights)."""
        w = self.weights(leave_out)
        out: dict[str, dict[str, float]] = {}
        for name in RATE_GRID:
            x = np.array([p[name] for p in self.points])
            order = np.argsort(x)
            cdf = np.cumsum(w[order])
            xs = x[order]
            last = len(xs) - 1

            def q(
                level: float, xs: FloatArray = xs, cdf: FloatArray = cdf, last: int = last
            ) -> float:
                return float(xs[min(int(np.searchsorted(cdf, level)), last)])

            out[name] = {"mean": float(w @ x), "q05": q(0.05), "q50": q(0.5), "q95": q(0.95)}
        return out


def _interval_probability(cdf: FloatArray, lo: int, hi: int | None) -> float:
    """P(event month in (lo, hi]) from the cumulative series; hi None = after lo or never."""
    below = 0.0 if lo == 0 else float(cdf[lo - 1])
    above = 1.0 if hi is None else float(cdf[hi - 1])
    return above - below


def case_log_likelihood(case: Case, series: Mapping[Event, FloatArray]) -> float:
    """log L of the case's observed event intervals under one simulated forecast."""
    o = case.outcome
    total = 0.0
    for e in EVENTS:
        if not o.asks(e):
            continue
        k = event_month(o.as_of, o.date_of(e))
        cdf = series[e]
        if k is not None and k <= MAX_MONTHS:
            lo = max(x for x in EDGES if x < k)
            hi = min(x for x in EDGES if x >= k)
            p = _interval_probability(cdf, lo, hi)
        else:
            seen = observed_months(case, e)
            lo = max((x for x in EDGES if x <= seen), default=0)
            p = _interval_probability(cdf, lo, None)
        total += float(np.log(max(p, FLOOR)))
    return total


def fit_rates(
    cases: Sequence[Case],
    *,
    n_draws: int,
    seed: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RateFit:
    """Simulate every case at every grid point and score each outcome's likelihood there."""
    names = list(RATE_GRID)
    points = tuple(
        dict(zip(names, combo, strict=True))
        for combo in itertools.product(*(RATE_GRID[n] for n in names))
    )
    got = run_grid(
        [c.id for c in cases],
        points,
        n_per_point=n_draws,
        seed=seed,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    G = len(points)
    forecasts: dict[str, dict[Event, FloatArray]] = {}
    log_lik = np.zeros((len(cases), G))
    for i, c in enumerate(cases):
        mine = got[c.id]
        forecasts[c.id] = {e: np.vstack([f.cdf(e) for f in mine]) for e in EVENTS}
        for g, f in enumerate(mine):
            log_lik[i, g] = case_log_likelihood(c, {e: f.cdf(e) for e in EVENTS})
    return RateFit(points, tuple(c.id for c in cases), forecasts, log_lik)
