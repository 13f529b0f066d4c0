"""The package space: every combination of one point per issue, streamed in bounded memory.

A *package* settles every issue at once. On an ordinal issue its candidates are the options
inside the red lines; on a numeric issue a grid of ``grid`` points plus every actor's ideal
and the red-line limits (with linear utilities the optima of linear programmes over one issue
lie at these breakpoints). The space is the Cartesian product of the candidates, enumerated in
C order (last issue fastest) and evaluated in blocks.

Utilities are additive over issues, so a block is the sum of a small *outer* table (leading
issues) and a precomputed *inner* table (trailing issues): ten million packages cost
ten million additions per actor, never ten million × n_issues.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from math import prod

import numpy as np

from detente._typing import FloatArray, IntArray
from detente.models.utility import normalised_saliences
from detente.scenario.scales import IssueScale

__all__ = [
    "PackageSpace",
    "candidate_points",
    "issue_tables",
    "pareto_front",
    "pareto_packages",
]

_EPS = 1e-9


def candidate_points(
    scale: IssueScale, low: float, high: float, ideals: FloatArray, grid: int
) -> FloatArray:
    """Candidate unit points on one issue within ``[low, high]`` (empty if none).

    Ordinal: the option points inside the interval. Numeric: ``grid`` evenly spaced points,
    the interval's ends and every ideal clipped into it, sorted and de-duplicated.
    """
    if scale.kind == "ordinal":
        pts = np.asarray(scale.option_points, dtype=float)
        return pts[(pts >= low - _EPS) & (pts <= high + _EPS)]
    if low > high + _EPS:
        return np.zeros(0)
    high = max(low, high)
    pts = np.concatenate(
        [np.linspace(low, high, grid), [low, high], np.clip(np.asarray(ideals), low, high)]
    )
    return np.unique(np.round(pts, 12))


def issue_tables(
    points: Sequence[FloatArray], ideals: FloatArray, saliences: FloatArray, utility: str
) -> list[FloatArray]:
    """Each candidate's utility contribution per actor: (k_d, n_actors) per issue.

    .. math:: u_i(x) = 1 + \\sum_d T_d[x_d, i], \\quad T_d[p, i] = -w_{id}\\,\\ell(p - \\hat x_{id})

    with :math:`\\ell = |\\cdot|` (``utility="linear"``, :func:`package_utility`) or
    :math:`(\\cdot)^2` (``"quadratic"``, Achen 2006) and :math:`w` the normalised saliences.
    """
    w = normalised_saliences(saliences)
    out = []
    for d, p in enumerate(points):
        dist = p[:, None] - ideals[None, :, d]
        loss = np.abs(dist) if utility == "linear" else dist**2
        out.append(-(w[None, :, d] * loss))
    return out


@dataclass(frozen=True)
class PackageSpace:
    """The candidate points of every issue and their Cartesian product.

    Attributes
    ----------
    points : tuple of (k_d,) arrays
        Candidate unit points per issue.
    """

    points: tuple[FloatArray, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of candidates per issue."""
        return tuple(len(p) for p in self.points)

    @property
    def size(self) -> int:
        """Number of packages (a Python int: no overflow)."""
        return prod(self.sizes)

    def digits(self, index: IntArray) -> IntArray:
        """Candidate index per issue (m, n_issues) of flat package indices (C order)."""
        idx = np.asarray(index, dtype=np.int64)
        return np.stack(np.unravel_index(idx, self.sizes), axis=-1).astype(np.int64)

    def packages(self, index: IntArray) -> FloatArray:
        """Unit points (m, n_issues) of flat package indices."""
        dig = self.digits(np.atleast_1d(index))
        return np.stack([p[dig[:, d]] for d, p in enumerate(self.points)], axis=-1)

    def blocks(
        self, tables: Sequence[FloatArray], block_size: int = 1 << 18
    ) -> Iterator[tuple[int, FloatArray]]:
        """Yield ``(start, U)``: utilities (m, n_actors) of packages start … start + m − 1.

        Memory is :math:`O(\\text{block\\_size} \\times n_\\text{actors})` whatever the space's
        size; ``tables`` come from :func:`issue_tables`.
        """
        n = len(self.points)
        n_act = tables[0].shape[1] if tables else 0
        split = n
        while split > 0 and prod(self.sizes[split - 1 :]) <= block_size:
            split -= 1
        split = min(split, n - 1) if n else 0
        inner = _sum_table(tables[split:], n_act)
        outer_sizes = self.sizes[:split]
        n_outer = prod(outer_sizes)
        group = max(1, block_size // len(inner))
        for g0 in range(0, n_outer, group):
            idx = np.arange(g0, min(n_outer, g0 + group))
            outer = np.ones((len(idx), n_act))
            if split:
                dig = np.unravel_index(idx, outer_sizes)
                for d in range(split):
                    outer += tables[d][dig[d]]
            yield g0 * len(inner), (outer[:, None, :] + inner[None, :, :]).reshape(-1, n_act)


def _sum_table(tables: Sequence[FloatArray], n_act: int) -> FloatArray:
    """All combinations of the given issue tables, summed: (prod k_d, n_actors)."""
    acc = np.zeros((1, n_act))
    for t in tables:
        acc = (acc[:, None, :] + t[None, :, :]).reshape(-1, n_act)
    return acc


def pareto_front(values: FloatArray, tol: float = 1e-12) -> IntArray:
    """Indices of the Pareto-optimal rows of ``values`` (n, k), maximising every column.

    Rows are visited in decreasing order of their sum (a row can only be dominated by one
    with a larger or equal sum); ties within ``tol`` count as equal and keep the first.
    Costs :math:`O(n\\,F\\,k)` for a front of size *F*; 2-D inputs use an :math:`O(n \\log n)`
    staircase.
    """
    v = np.asarray(values, dtype=float)
    if len(v) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((*(-v[:, j] for j in reversed(range(v.shape[1]))), -v.sum(axis=1)))
    kept: list[IntArray] = []
    front = np.zeros((0, v.shape[1]))
    block = 256
    for start in range(0, len(order), block):
        idx = order[start : start + block]
        rows = v[idx]
        if len(front):
            beaten = np.zeros(len(rows), dtype=bool)
            step = max(1, (1 << 22) // max(1, len(front) * v.shape[1]))
            cols = np.ascontiguousarray(front.T)
            for r0 in range(0, len(rows), step):
                sub = rows[r0 : r0 + step] - tol
                m = cols[0][None, :] >= sub[:, 0, None]
                for j in range(1, v.shape[1]):
                    m &= cols[j][None, :] >= sub[:, j, None]
                beaten[r0 : r0 + step] = m.any(axis=1)
            idx, rows = idx[~beaten], rows[~beaten]
        within = np.tril(np.all(rows[None, :, :] >= rows[:, None, :] - tol, axis=-1), -1)
        keep = ~within.any(axis=1)
        kept.append(idx[keep])
        front = np.vstack([front, rows[keep]])
    return np.concatenate(kept).astype(np.int64)


def pareto_packages(
    tables: Sequence[FloatArray], max_size: int = 20_000, floors: FloatArray | None = None
) -> tuple[FloatArray, IntArray, bool]:
    """The Pareto frontier of the whole package space, built issue by issue.

    Utilities are additive, so a partial package dominated on the issues chosen so far stays
    dominated whatever the remaining issues bring: :math:`F_d = \\text{Pareto}(F_{d-1} \\oplus
    T_d)` (a Minkowski sum, pruned). Returns ``(U, choice, exact)``: utilities (F, k) with the
    leading 1 included, candidate indices (F, n_issues), and False if an intermediate front
    exceeded ``max_size`` and was thinned (then rows are good packages, not all optimal).
    With ``floors``, partial packages that cannot reach every floor even with each column's
    best remaining options are dropped, so only the frontier inside the ZOPA is built.
    """
    k = tables[0].shape[1]
    U = np.ones((1, k))
    choice = np.zeros((1, 0), dtype=np.int64)
    exact = True
    rest = np.cumsum([t.max(axis=0) for t in tables[::-1]], axis=0)[::-1]
    rest = np.vstack([rest[1:], np.zeros((1, k))])
    for d, t in enumerate(tables):
        kd = len(t)
        new_u = (U[:, None, :] + t[None, :, :]).reshape(-1, k)
        new_c = np.concatenate(
            [np.repeat(choice, kd, axis=0), np.tile(np.arange(kd), len(U))[:, None]], axis=1
        )
        if floors is not None:
            reach = np.all(new_u + rest[d] >= floors - 1e-12, axis=1)
            new_u, new_c = new_u[reach], new_c[reach]
        if len(new_u) > max_size:
            exact = False
            keep = np.argsort(-new_u.sum(axis=1), kind="stable")[:max_size]
            new_u, new_c = new_u[keep], new_c[keep]
        keep = pareto_front(new_u)
        U, choice = new_u[keep], new_c[keep]
    return U, choice, exact
