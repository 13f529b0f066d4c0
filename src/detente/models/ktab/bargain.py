"""Bargains in KTAB's SMP: interpolated compromises and the vote that picks each actor's move.

Mirrors ``SMPActor::interpolateBrgn`` / ``interpBrgnSnPm`` / ``interpBrgnS2PMax``
(examples/smp/libsrc/smp.cpp) and ``SMPState::updateBestBrgnPositions`` (smpbcn.cpp).
"""

from __future__ import annotations

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.ktab.pce import sequential_sum
from detente.models.ktab.utility import risk_utility, salience_distance

__all__ = [
    "BARGAIN_INTERPOLATIONS",
    "BARGAIN_MODELS",
    "bargain_utilities",
    "interpolate_bargains",
    "round4",
    "status_quo_utilities",
]

BARGAIN_INTERPOLATIONS: tuple[str, ...] = ("S1P1", "S2P2", "S2PMax")
BARGAIN_MODELS: tuple[str, ...] = ("InitOnlyInterp",)
_MIN_W = 1e-6


def round4(x: FloatArray) -> FloatArray:
    """Round non-negative values to 4 decimals as KTAB does: ``int(0.5 + 10⁴x) / 10⁴``."""
    return np.asarray(np.floor(0.5 + np.asarray(x, dtype=float) * 10000.0) / 10000.0, dtype=float)


def interpolate_bargains(
    pos_i: FloatArray,
    sal_i: FloatArray,
    pos_j: FloatArray,
    sal_j: FloatArray,
    prob_i: FloatArray,
    method: str,
) -> tuple[FloatArray, FloatArray]:
    """The positions an initiator proposes for itself and its target, dimension by dimension.

    S2P2 (KTAB's default, ``interpBrgnSnPm(2, 2, …)``), with :math:`P` the initiator's
    estimate that it wins:

    .. math:: w_i = s_i^2 P^2,\\quad w_j = s_j^2 (1-P)^2, \\quad W = w_i + 10^{-6} + w_j,

              b_i = r_4\\big(((w_i + 10^{-6}) x_i + w_j x_j) / W\\big),\\quad
              b_j = r_4\\big((w_i x_i + (10^{-6} + w_j) x_j) / W\\big)

    S1P1 uses first powers; S2PMax moves only the less likely winner (``interpBrgnS2PMax``).

    Parameters
    ----------
    pos_i, sal_i, pos_j, sal_j : (m, n_dims) rows of the m initiator/target pairs
    prob_i : (m,) initiator's victory probability

    Returns
    -------
    b_i, b_j : (m, n_dims) proposed positions for initiator and target
    """
    ti, si = np.asarray(pos_i, dtype=float), np.asarray(sal_i, dtype=float)
    tj, sj = np.asarray(pos_j, dtype=float), np.asarray(sal_j, dtype=float)
    pi = np.asarray(prob_i, dtype=float)[:, None]
    pj = 1 - pi
    if method in ("S2P2", "S1P1"):
        if method == "S2P2":
            wi = (si * si) * (pi * pi)
            wj = (sj * sj) * (pj * pj)
        else:
            wi = si * pi
            wj = sj * pj
        den = wi + _MIN_W + wj
        bi = round4(((wi + _MIN_W) * ti + wj * tj) / den)
        bj = round4((wi * ti + (_MIN_W + wj) * tj) / den)
        return bi, bj
    if method == "S2PMax":
        di = np.where(pj > pi, pj - pi, 0.0)
        dj = np.where(pi > pj, pi - pj, 0.0)
        si2, sj2 = si * si, sj * sj
        dik = (di * sj2) / ((di * sj2) + _MIN_W + ((1 - di) * si2))
        djk = (dj * si2) / ((dj * si2) + _MIN_W + ((1 - dj) * sj2))
        return ti + dik * (tj - ti), tj + djk * (ti - tj)
    msg = f"unknown InterVecBrgn {method!r}"
    raise ValueError(msg)


def status_quo_utilities(util: FloatArray) -> FloatArray:
    """Each actor's value of the unchanged state: :math:`\\frac1n\\sum_m U^a_{am}` (SQ bargain)."""
    u = np.asarray(util, dtype=float)
    n = u.shape[0]
    own = np.ascontiguousarray(u[np.arange(n), np.arange(n), :].T)  # (m, a)
    return np.asarray(sequential_sum(own) / n, dtype=float)


def bargain_utilities(
    util: FloatArray,
    ideals: FloatArray,
    saliences: FloatArray,
    risk: FloatArray,
    init: IntArray,
    rcvr: IntArray,
    pos_init: FloatArray,
    pos_rcvr: FloatArray,
) -> FloatArray:
    """Each actor's value of the state each bargain would create.

    After bargain b (initiator i, target j), the state has i at :math:`b_i`, j at :math:`b_j`
    and everyone else unchanged; actor a values it at the mean of its utilities

    .. math:: \\bar u_{ab} = \\frac1n\\Big(u_a(b_i) + u_a(b_j) + \\sum_{m\\ne i,j} U^a_{am}\\Big),
              \\quad u_a(y) = u(d_a(y), R_a)

    (``updateBestBrgnPositions``' brgnUtil). Returns (n_actors, n_bargains).
    """
    u = np.asarray(util, dtype=float)
    n = u.shape[0]
    r = np.asarray(risk, dtype=float)[:, None]
    u_init = risk_utility(salience_distance(ideals, saliences, pos_init), r)  # (a, b)
    u_rcvr = risk_utility(salience_distance(ideals, saliences, pos_rcvr), r)
    own = u[np.arange(n), np.arange(n), :]  # (a, m): U^a(a, m)
    m_idx = np.arange(n)[:, None, None]
    others = np.where(
        (m_idx == init[None, None, :]) | (m_idx == rcvr[None, None, :]),
        0.0,
        own.T[:, :, None],
    )  # (m, a, b)
    total = sequential_sum(others, u_rcvr + u_init)
    return np.asarray(total / n, dtype=float)
