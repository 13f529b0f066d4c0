"""SimulationResult: what a Monte Carlo forecast says, as tables with intervals.

The contract shared with the report and the exports: every field is plain data (frames,
arrays, mappings), so charts, Parquet files and the database never need the engine.

Intervals are 90% Jeffreys intervals (Brown, Cai & DasGupta 2001) for a proportion
estimated from the draws: they cover *Monte Carlo error* only. Input uncertainty (bottom
lines, beliefs, credibility …) is not a spread around the probability but part of it: each
draw samples every uncertain input, so ``p`` is the predictive probability integrated over
that uncertainty. ``detente sensitivity`` apportions it among the inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from detente._typing import BoolArray, FloatArray, IntArray

__all__ = ["DrawOutcomes", "SimulationResult", "jeffreys_interval"]

INTERVAL = 0.90


def jeffreys_interval(
    successes: FloatArray | float, n: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """90% Jeffreys interval for a binomial proportion (empty → [0, 1]).

    Notes
    -----
    :math:`[B^{-1}(0.05; a, b),\\ B^{-1}(0.95; a, b)]` with :math:`a = k+\\tfrac12`,
    :math:`b = n-k+\\tfrac12`,
    with the lower bound 0 at :math:`k=0` and the upper bound 1 at :math:`k=n`.
    """
    k = np.asarray(successes, dtype=float)
    m = np.asarray(n, dtype=float)
    a, b = k + 0.5, np.maximum(m - k, 0.0) + 0.5
    tail = (1.0 - INTERVAL) / 2.0
    lo = np.where(k <= 0, 0.0, stats.beta.ppf(tail, a, b))
    hi = np.where(k >= m, 1.0, stats.beta.ppf(1.0 - tail, a, b))
    return np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)


@dataclass(frozen=True, eq=False)
class DrawOutcomes:
    """Per-draw outcomes, in draw order: what the what-if analyses compare row by row.

    Attributes
    ----------
    settled_month : (n,) int
        Month index of the settlement (-1: none within the horizon).
    relapse_5y : (n,) float
        P(the deal relapses within 5 years), NaN without a deal.
    ceasefire_at_horizon : (n,) bool
        A ceasefire (or settlement) in force at the horizon.
    """

    settled_month: IntArray
    relapse_5y: FloatArray
    ceasefire_at_horizon: BoolArray

    @property
    def n(self) -> int:
        return len(self.settled_month)

    @property
    def settled(self) -> BoolArray:
        return np.asarray(self.settled_month >= 0, dtype=bool)

    @property
    def p_deal(self) -> float:
        """P(settlement by the horizon)."""
        return float(self.settled.mean()) if self.n else float("nan")

    @property
    def durability(self) -> float:
        """P(no relapse within 5 years) among draws with a deal (nan if none)."""
        r = self.relapse_5y[self.settled]
        return float(1.0 - r.mean()) if r.size else float("nan")

    def head(self, n: int) -> DrawOutcomes:
        """The first ``n`` draws (the outcome of a run of ``n`` draws with the same seed)."""
        return DrawOutcomes(
            self.settled_month[:n], self.relapse_5y[:n], self.ceasefire_at_horizon[:n]
        )

    def slice(self, start: int, stop: int) -> DrawOutcomes:
        """Draws ``start … stop-1``."""
        return DrawOutcomes(
            self.settled_month[start:stop],
            self.relapse_5y[start:stop],
            self.ceasefire_at_horizon[start:stop],
        )

    @staticmethod
    def concat(parts: list[DrawOutcomes]) -> DrawOutcomes:
        if not parts:
            return DrawOutcomes(np.zeros(0, np.int64), np.zeros(0), np.zeros(0, bool))
        return DrawOutcomes(
            np.concatenate([p.settled_month for p in parts]),
            np.concatenate([p.relapse_5y for p in parts]),
            np.concatenate([p.ceasefire_at_horizon for p in parts]),
        )


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """A Monte Carlo forecast of a negotiation, month by month.

    Attributes
    ----------
    scenario_id : str
    as_of : datetime.date
    months : tuple of str
        ``YYYY-MM`` of the end of each simulated month.
    n_draws : int
    seed : int or None
    params : Mapping
        Simulation parameters and the calibration actually used (JSON-able).
    p_ceasefire : DataFrame
        month, p, low, high — P(a ceasefire in force at month end), 90% Jeffreys interval.
    p_settlement : DataFrame
        month, p, low, high — P(a settlement signed by month end).
    p_ceasefire_reached : DataFrame
        month, p, low, high — P(a first ceasefire (or a settlement) reached by month end, held or
        not): the quantity a backtest scores against the date a ceasefire was agreed.
    time_to_deal : DataFrame
        month, p — pmf of the month a settlement is signed, plus a final row "never".
    terms : DataFrame
        issue, issue_name, q05, q25, q50, q75, q95, mean (native units), label_q50, n.
    terms_samples : Mapping[str, ndarray]
        Issue id → up to 5,000 native-unit deal terms.
    p_relapse : DataFrame
        years (1, 3, 5), p, low, high — P(war resumes within that many years of a deal).
    blockers : DataFrame
        constraint, kind, actor, issue, share — share of draw-months without a ZOPA that each
        constraint blocked (shares of one kind add up to at most 1; kinds overlap).
    headline : Mapping[str, float]
        p_deal_by_horizon (+ _low, _high), p_ceasefire_at_horizon, median_months_to_deal,
        p_relapse_5y, p_implemented, durability_5y, p_ratification_failed (the share of draws
        in which a referendum or parliament voted down a signed deal, voiding it),
        p_military_decision_by_horizon and p_decision_for_first (the share of those decisions
        won by side A; nan without one).
    draws : DrawOutcomes or None
        Per-draw outcomes of the first ``MAX_KEPT_DRAWS`` draws (what-if analyses reuse them).
    """

    scenario_id: str
    as_of: dt.date
    months: tuple[str, ...]
    n_draws: int
    seed: int | None
    params: Mapping[str, Any]
    p_ceasefire: pd.DataFrame
    p_settlement: pd.DataFrame
    p_ceasefire_reached: pd.DataFrame
    time_to_deal: pd.DataFrame
    terms: pd.DataFrame
    terms_samples: Mapping[str, np.ndarray]
    p_relapse: pd.DataFrame
    blockers: pd.DataFrame
    headline: Mapping[str, float]
    draws: DrawOutcomes | None = field(default=None, repr=False)
    p_military_decision: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["month", "p", "low", "high"])
    )
    """month, p, low, high — P(the battlefield has decided the war by month end), a competing
    ending (``dynamics.decision``); empty in results made before it existed, all zero where the
    scenario gives no ``war.kind`` and ``war.started``."""

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Every table by name (for Parquet/CSV export); ``headline`` as a one-row frame."""
        return {
            "p_ceasefire": self.p_ceasefire,
            "p_settlement": self.p_settlement,
            "p_ceasefire_reached": self.p_ceasefire_reached,
            "p_military_decision": self.p_military_decision,
            "time_to_deal": self.time_to_deal,
            "terms": self.terms,
            "p_relapse": self.p_relapse,
            "blockers": self.blockers,
            "headline": pd.DataFrame([dict(self.headline)]),
        }

    @property
    def p_deal(self) -> float:
        """P(a settlement signed by the horizon)."""
        return float(self.headline["p_deal_by_horizon"])

    @property
    def durability(self) -> float:
        """P(no relapse within 5 years of a deal), among draws with a deal (nan if none)."""
        return float(self.headline["durability_5y"])

    @property
    def p_ratification_failed(self) -> float:
        """Share of draws in which a referendum or parliament voted down a signed deal (0
        without such an instrument; nan in a result made before the instrument existed)."""
        return float(self.headline.get("p_ratification_failed", float("nan")))

    def _repr_html_(self) -> str:
        head = f"<p><b>{self.scenario_id}</b> as of {self.as_of}: {self.n_draws:,} draws</p>"
        return head + pd.DataFrame([dict(self.headline)]).to_html(index=False)


def probability_frame(months: tuple[str, ...], counts: FloatArray, n: int) -> pd.DataFrame:
    """month, p, low, high from success counts per month."""
    lo, hi = jeffreys_interval(counts, n)
    return pd.DataFrame(
        {"month": list(months), "p": np.asarray(counts) / max(n, 1), "low": lo, "high": hi}
    )
