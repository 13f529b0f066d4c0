"""The battlefield: a front line that drifts and jumps, and economic strain that accumulates.

The state is the analyst's chance that side A would prevail if the war were fought to a
decision (a summary of territory held and the balance of attrition), plus each side's
cumulative cost of war (its economic and manpower strain). Both move month by month.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray

__all__ = ["P_BOUNDS", "front_step", "monthly_cost"]

P_BOUNDS = (0.01, 0.99)
"""The chance of prevailing never reaches certainty inside the horizon."""


def front_step(
    p: FloatArray, trend: FloatArray, volatility: FloatArray, shock: FloatArray
) -> FloatArray:
    """One month of the front line.

    Parameters
    ----------
    p : (n_draws,) array
        Chance that side A prevails, on [0, 1].
    trend : (n_draws,) array
        Expected monthly change (+ favours side A), including levers that act on it.
    volatility : (n_draws,) array
        Standard deviation of the monthly change (battlefield shocks).
    shock : (n_draws,) array
        Standard normal draws.

    Returns
    -------
    (n_draws,) array

    Notes
    -----
    .. math:: p_{t+1} = \\operatorname{clip}(p_t + \\tau + \\sigma\\,\\varepsilon_t,\\ 0.01,\\ 0.99)

    A random walk with drift: attrition wars move the front by small, noisy steps (in the
    sources, Russia's slow and costly advance); the drift is the trend the sides themselves
    project.
    """
    return np.clip(p + trend + volatility * shock, *P_BOUNDS)


def monthly_cost(base: FloatArray, cumulative: FloatArray, escalation: float) -> FloatArray:
    """Cost of the coming month of war, grown by the strain already borne.

    Parameters
    ----------
    base : (..., ) array
        Monthly cost at ``as_of`` (utility units; the whole stake = 1).
    cumulative : array like ``base``
        Cost borne since ``as_of``.
    escalation : float
        Growth per unit of cumulative cost (0 = constant costs).

    Notes
    -----
    .. math:: c_{i,t} = c_i\\,(1 + \\eta\\, C_{i,t}), \\qquad C_{i,t+1} = C_{i,t} + c_{i,t}

    The hurting part of Zartman's (2000) mutually hurting stalemate: the longer the war, the
    more each month costs.
    """
    return np.asarray(base * (1.0 + escalation * cumulative), dtype=float)
