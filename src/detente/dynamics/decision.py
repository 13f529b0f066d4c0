r"""Military decision: wars that end on the battlefield, at the rate the historical record gives.

Not every war ends at the table. Of the conflict episodes UCDP records as ended in 1946–2020,
about three in ten ended in a victory (Kreutz 2010), and of the nine inter-state wars in the
Correlates of War data that had lasted over 42 months, five ended by victory within the next
two years. A simulation in which a war can only end by a deal overstates every deal.

The hazard is the reference class's own (``history.reference_class``): UCDP's cause-specific
hazard of an episode ending in victory, for the war's kind and the time it has already lasted,
piecewise constant over duration bands. Its uncertainty is carried, not hidden: each draw takes
every band's hazard from its Gamma posterior (Jeffreys prior, the same as the reference class),

.. math:: \lambda_{j} \sim \mathrm{Gamma}(a + d_j,\ b + E_j), \qquad
          P(\text{decision in month } t) = 1 - e^{-\lambda_{j(e_0 + t)}},

with :math:`d_j` the victories and :math:`E_j` the episode-months at risk in band :math:`j`, and
:math:`e_0` the months of fighting at ``as_of``. The hazard applies only in months of fighting
(a ceasefire in force stops it), and the winner is side A with the analyst's chance of A
prevailing in that month, :math:`p_t` — the very quantity ``p_first_prevails`` defines.
The library's own conflicts and the reserved ones are left out of the UCDP table, so no case's
outcome sets the rate that forecasts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy import stats

from detente._typing import BoolArray, FloatArray, IntArray
from detente.history.reference_class import CAUSES, ConflictType, ReferenceClass, load_hazards

__all__ = ["DecisionHazard", "decide", "decision_hazard", "elapsed_months"]

_VICTORY = CAUSES.index("victory")


def elapsed_months(started: dt.date, as_of: dt.date) -> float:
    """Months of fighting from the episode's start to ``as_of`` (30.44-day months)."""
    return max((as_of - started).days, 0) / 30.44


@dataclass(frozen=True, eq=False)
class DecisionHazard:
    """The victory hazard's Gamma posterior per duration band, and where the war stands in it.

    Attributes
    ----------
    edges : (K+1,) band edges in months (the last is inf)
    shape, rate : (K,) Gamma posterior of each band's monthly victory hazard
    elapsed : months of fighting at ``as_of``
    conflict_type : the reference class it comes from
    """

    edges: FloatArray
    shape: FloatArray
    rate: FloatArray
    elapsed: float
    conflict_type: ConflictType

    def bands(self, n_months: int) -> IntArray:
        """The band of each simulated month (by the month's midpoint of elapsed time)."""
        mid = self.elapsed + np.arange(n_months) + 0.5
        return np.asarray(np.searchsorted(self.edges, mid, side="right") - 1, dtype=np.int64)

    def monthly(self, u_rate: FloatArray, n_months: int) -> FloatArray:
        """(n, n_months) chance of a decision in each month, each draw with its own band rates.

        ``u_rate`` (n, K) are uniforms: band ``j``'s hazard of a draw is the Gamma posterior's
        quantile at ``u_rate[:, j]``, so the rate's uncertainty is part of every forecast.
        """
        lam = stats.gamma.ppf(u_rate, self.shape[None, :], scale=1.0 / self.rate[None, :])
        return np.asarray(-np.expm1(-lam[:, self.bands(n_months)]), dtype=float)

    def mean_monthly(self, n_months: int) -> FloatArray:
        """(n_months,) chance of a decision each month at the posterior-mean hazards."""
        return np.asarray(-np.expm1(-(self.shape / self.rate)[self.bands(n_months)]), dtype=float)


def decision_hazard(
    conflict_type: ConflictType | None,
    started: dt.date | None,
    as_of: dt.date,
    reference: ReferenceClass | None = None,
) -> DecisionHazard | None:
    """The scenario's victory hazard, or None when it does not say what war it is and since when.

    A scenario without ``war.kind`` and ``war.started`` gets no military decision (its forecast
    says so); the hazard would otherwise come from a reference class it never chose.
    """
    if conflict_type is None or started is None:
        return None
    ref = reference if reference is not None else ReferenceClass(load_hazards())
    bands = ref.table[conflict_type]
    shape = ref.prior_shape + bands.events[:, _VICTORY]
    rate = ref.prior_rate_months + bands.exposure
    return DecisionHazard(
        np.asarray(bands.edges, dtype=float),
        np.asarray(shape, dtype=float),
        np.asarray(rate, dtype=float),
        elapsed_months(started, as_of),
        conflict_type,
    )


def decide(
    hazard: FloatArray, p_first: FloatArray, u: FloatArray, fighting: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Which draws the battlefield decides this month, and whether side A is the victor.

    One uniform per draw does both: below :math:`h\\,p_t` side A wins, between :math:`h\\,p_t`
    and :math:`h` side B wins, so P(decision) = h and P(A | decision) = :math:`p_t`.
    """
    decided = fighting & (u < hazard)
    return np.asarray(decided, dtype=bool), np.asarray(decided & (u < hazard * p_first), dtype=bool)
