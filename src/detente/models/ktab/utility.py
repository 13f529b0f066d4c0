"""Utilities in KTAB's Spatial Model of Politics: distance, risk attitude, per-actor estimates.

Mirrors ``examples/smp/libsrc/smp.cpp`` (``SMPModel::bvDiff``, ``SMPModel::bsUtil``,
``SMPState::setVDiff``, ``SMPState::setAllAUtil``) and ``Model::estNRA`` in kmodel.cpp.
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray
from detente.models.ktab.pce import big_r_from_prob, coalitions, pce

__all__ = [
    "BIG_R_ADJUSTS",
    "BIG_R_RANGES",
    "estimated_risk",
    "risk_attitudes",
    "risk_utility",
    "salience_distance",
    "utility_estimates",
]

BIG_R_RANGES: tuple[str, ...] = ("Min", "Mid", "Max")
BIG_R_ADJUSTS: tuple[str, ...] = ("None", "OneThird", "Half", "TwoThirds", "Full")


def salience_distance(ideals: FloatArray, saliences: FloatArray, points: FloatArray) -> FloatArray:
    """Salience-weighted distance from each actor's ideal to each point.

    .. math:: d_{im} = \\sqrt{\\frac{\\sum_d s_{id}^2 (\\hat x_{id} - y_{md})^2}{\\sum_d s_{id}^2}}

    Mirrors ``SMPModel::bvDiff`` (sums over dimensions in order).

    Parameters
    ----------
    ideals, saliences : (n_actors, n_dims)
    points : (n_points, n_dims)

    Returns
    -------
    (n_actors, n_points) array
    """
    x = np.asarray(ideals, dtype=float)
    s = np.asarray(saliences, dtype=float)
    y = np.asarray(points, dtype=float)
    ds_sqr = np.zeros((x.shape[0], y.shape[0]))
    ss_sqr = np.zeros(x.shape[0])
    for d in range(x.shape[1]):
        ds = (x[:, d, None] - y[None, :, d]) * s[:, d, None]
        ds_sqr = ds_sqr + ds * ds
        ss_sqr = ss_sqr + s[:, d] * s[:, d]
    return np.asarray(np.sqrt(ds_sqr / ss_sqr[:, None]), dtype=float)


def risk_utility(d: FloatArray, r: FloatArray | float) -> FloatArray:
    """KTAB's utility of distance ``d`` under risk attitude ``r`` (``SMPModel::bsUtil``).

    .. math:: u(d, R) = (1 - d)(1 + dR) \\text{ for } d \\le 1, \\quad (1-d)(1+R) \\text{ above}

    R = 1 is risk averse (1 − d²), R = −½ risk seeking.
    """
    d = np.asarray(d, dtype=float)
    return np.asarray(np.where(d <= 1.0, (1 - d) * (1 + d * r), (1 - d) * (1 + r)), dtype=float)


def risk_attitudes(
    distances: FloatArray,
    capabilities: FloatArray,
    *,
    voting_rule: str,
    victory_model: str,
    pce_model: str,
    big_r_range: str,
) -> FloatArray:
    """Each actor's risk attitude from the PCE over all actors' positions.

    Risk-neutral utilities :math:`u_{ij} = 1 - d_{ij}`, a capability-weighted vote over the
    n positions, the PCE gives :math:`P_i`, then :func:`~detente.models.ktab.pce.big_r_from_prob`
    (``SMPState::setAllAUtil``).
    """
    rn = risk_utility(distances, 0.0)
    c = coalitions(voting_rule, capabilities, rn)
    return big_r_from_prob(pce(pce_model, victory_model, c), big_r_range)


def estimated_risk(r: FloatArray, adjust: str) -> FloatArray:
    """Actor h's estimate of i's risk attitude, ``r_hat[h, i]`` (``Model::estNRA``).

    OneThird: :math:`(2R_h + R_i)/3`; Half: :math:`(R_h+R_i)/2`; TwoThirds:
    :math:`(R_h + 2R_i)/3`; Full: :math:`R_i`; None: :math:`R_h`.
    """
    rh = np.asarray(r, dtype=float)[:, None]
    ri = np.asarray(r, dtype=float)[None, :]
    if adjust == "OneThird":
        out = ((2.0 * rh) + ri) / 3.0
    elif adjust == "Half":
        out = (rh + ri) / 2
    elif adjust == "TwoThirds":
        out = (rh + (2.0 * ri)) / 3.0
    elif adjust == "Full":
        out = ri + 0.0 * rh
    elif adjust == "None":
        out = rh + 0.0 * ri
    else:
        msg = f"unknown BigRAdjust {adjust!r}"
        raise ValueError(msg)
    return np.asarray(out, dtype=float)


def utility_estimates(distances: FloatArray, r_hat: FloatArray) -> FloatArray:
    """Every actor's estimate of every actor's utility for every position.

    .. math:: U^h_{ij} = u(d_{ij}, \\hat r_{hi})

    Returns the (n_h, n_i, n_j) tensor ``U[h, i, j]`` (``SMPState::setAllAUtil``'s aUtil).
    """
    d = np.asarray(distances, dtype=float)
    return risk_utility(d[None, :, :], np.asarray(r_hat, dtype=float)[:, :, None])
