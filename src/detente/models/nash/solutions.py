"""Nash, Kalai–Smorodinsky and maximin packages over an enumerated package space.

Given every package's utilities (streamed in blocks by :class:`PackageSpace`), the bargaining
solutions are streaming reductions: one pass for the Nash product, the maximin value, each
actor's best package inside the ZOPA and each player's best package when only the others'
floors bind; a second pass for Kalai–Smorodinsky, which needs the ideal (utopia) point.
Exact over the candidate set: ordinal issues exactly, numeric issues up to the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.nash.packages import PackageSpace

__all__ = [
    "BargainingSolution",
    "enumerate_maximin",
    "enumerate_solution",
    "ks_ratios",
    "nash_objective",
]

TOL = 1e-12
_TIE = 1e-9


@dataclass(frozen=True)
class BargainingSolution:
    """The solution packages of one bargaining problem (unit points per issue).

    Attributes
    ----------
    t_star : float
        :math:`\\max_x \\min_i (u_i(x) - f_i)` over the players; a ZOPA exists iff ≥ 0.
    maximin : (n_issues,) array
        A package attaining ``t_star`` (the package closest to acceptable for all).
    nash : (n_issues,) array or None
        Maximiser of :math:`\\sum_i \\omega_i \\ln(u_i - f_i)`; None if no package gives every
        player strictly more than its floor.
    ks : (n_issues,) array or None
        Kalai–Smorodinsky package (None without a ZOPA).
    best_for : (n_actors, n_issues) array
        Each actor's best package inside the ZOPA (NaN rows without one).
    alone : (n_players,) array
        :math:`\\max u_i` subject only to the *other* players' floors (−inf if they cannot all
        be met): player *i*'s floor must fall to this for a ZOPA to open if it alone moves.
        Only computed without a ZOPA (NaN otherwise).
    """

    t_star: float
    maximin: FloatArray
    nash: FloatArray | None
    ks: FloatArray | None
    best_for: FloatArray
    alone: FloatArray


def nash_objective(surplus: FloatArray, weights: FloatArray) -> FloatArray:
    """Log of the asymmetric Nash product, −inf where any surplus is ≤ 0.

    .. math:: N(x) = \\sum_i \\omega_i \\ln(u_i(x) - d_i)

    (Nash 1950; the weighted form, Roth 1979). ``surplus`` is (..., n_players).
    """
    s = np.asarray(surplus, dtype=float)
    ok = (s > 0).all(axis=-1)
    logs = np.log(np.where(s > 0, s, 1.0))
    return np.where(ok, (logs * weights).sum(axis=-1), -np.inf)


def ks_ratios(surplus: FloatArray, ideal_gain: FloatArray) -> FloatArray:
    """Each player's gain as a share of its ideal gain, :math:`(u_i - d_i)/(U_i^* - d_i)`.

    Kalai & Smorodinsky (1975) pick the Pareto-optimal point on the line from the
    disagreement point to the ideal point :math:`U^*` (each player's best utility in the
    feasible set), i.e. they maximise :math:`\\min_i` of these ratios. A player whose ideal
    gain is 0 gets ratio 1.
    """
    g = np.asarray(ideal_gain, dtype=float)
    return np.where(g > TOL, surplus / np.where(g > TOL, g, 1.0), 1.0)


def _best(current: tuple[float, int], scores: FloatArray, start: int) -> tuple[float, int]:
    if scores.size == 0:
        return current
    i = int(np.argmax(scores))
    return (float(scores[i]), start + i) if scores[i] > current[0] else current


def enumerate_solution(
    space: PackageSpace,
    tables: list[FloatArray],
    players: IntArray,
    floors: FloatArray,
    weights: FloatArray,
    block_size: int = 1 << 18,
) -> BargainingSolution:
    """Solve by exhaustive enumeration of ``space`` (two passes, bounded memory).

    The second pass finds the KS package when a ZOPA exists, and otherwise each player's
    best package under the other players' floors (``alone``).

    Ties: each actor's best package is broken toward the players' total surplus; the KS
    package toward the sum of the ratios (a lexicographic refinement of the max-min).
    """
    n_act, n_pl = tables[0].shape[1], len(players)
    mm = (-np.inf, -1)
    nash = (-np.inf, -1)
    best = [(-np.inf, -1)] * n_act
    ustar = np.full(n_pl, -np.inf)
    alone = [(-np.inf, -1)] * n_pl
    for start, U in space.blocks(tables, block_size):
        D = U[:, players] - floors
        low = D.min(axis=1)
        mm = _best(mm, low, start)
        nash = _best(nash, nash_objective(D, weights), start)
        zopa = low >= -TOL
        if zopa.any():
            tie = _TIE * D.sum(axis=1)
            for a in range(n_act):
                best[a] = _best(best[a], np.where(zopa, U[:, a] + tie, -np.inf), start)
            ustar = np.maximum(ustar, np.where(zopa[:, None], U[:, players], -np.inf).max(0))
    exists = mm[0] >= -TOL
    ks = (-np.inf, -1)
    if not exists:
        for start, U in space.blocks(tables, block_size):
            D = U[:, players] - floors
            for i in range(n_pl):
                others = np.delete(D, i, axis=1).min(axis=1) if n_pl > 1 else np.zeros(len(D))
                alone[i] = _best(alone[i], np.where(others >= -TOL, D[:, i], -np.inf), start)
    else:
        for start, U in space.blocks(tables, block_size):
            D = U[:, players] - floors
            R = ks_ratios(D, ustar - floors)
            score = np.where(D.min(axis=1) >= -TOL, R.min(axis=1) + _TIE * R.sum(axis=1), -np.inf)
            ks = _best(ks, score, start)
    n = len(space.points)

    def pkg(i: int) -> FloatArray:
        return np.asarray(space.packages(np.array([i]))[0], dtype=float)

    return BargainingSolution(
        t_star=mm[0],
        maximin=pkg(mm[1]),
        nash=pkg(nash[1]) if nash[1] >= 0 else None,
        ks=pkg(ks[1]) if exists else None,
        best_for=np.stack([pkg(b[1]) if exists else np.full(n, np.nan) for b in best]),
        alone=np.array([a[0] for a in alone]) + floors if not exists else np.full(n_pl, np.nan),
    )


def enumerate_maximin(
    space: PackageSpace,
    tables: list[FloatArray],
    players: IntArray,
    floors: FloatArray,
    block_size: int = 1 << 18,
) -> float:
    """Only :math:`t^* = \\max_x \\min_i (u_i(x) - f_i)` (one cheap pass; ZOPA iff ≥ 0)."""
    best = -np.inf
    for _, U in space.blocks(tables, block_size):
        best = max(best, float((U[:, players] - floors).min(axis=1).max()))
    return best
