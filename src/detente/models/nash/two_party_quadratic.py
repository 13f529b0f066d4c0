"""The two-party zone of agreement under quadratic loss, vectorised across Monte Carlo draws.

With :math:`u_i(x) = 1 - \\sum_d w_{id}(x_d - \\hat x_{id})^2` (Achen 2006) the utilities are
concave, so the Nash point splits issues instead of trading them whole (the corner solutions
of linear loss, :mod:`~detente.models.nash.two_party`). The search runs on the Pareto frontier
traced by the weighted sums :math:`\\lambda u_A + (1 - \\lambda) u_B`, :math:`\\lambda \\in [0, 1]`:

* **Numeric issues.** The maximiser is separable and closed-form,
  :math:`x_d(\\lambda) = \\operatorname{clip}\\bigl(\\frac{\\lambda w_{Ad}\\hat x_{Ad}
  + (1-\\lambda) w_{Bd}\\hat x_{Bd}}{\\lambda w_{Ad} + (1-\\lambda) w_{Bd}}, lo_d, hi_d\\bigr)`.
* **Ordinal issues.** Per issue, the admissible option with the least weighted loss.

Along :math:`\\lambda`, :math:`u_A` never falls and :math:`u_B` never rises, so the maximin
test and the feasible range of :math:`\\lambda` are found by bisection, and the Nash product
by a grid over the feasible range refined by golden-section search.

Exactness. On all-numeric problems the utility possibility set is convex, every Pareto point is
supported, so existence and the Nash point are exact (up to the bisection and golden-section
tolerances, ~1e-12 in :math:`\\lambda`). With ordinal issues the search sees only *supported*
Pareto points (vertices of the frontier's convex hull): a deal it returns is always a real,
admissible package above both floors, but a ZOPA made only of unsupported packages is missed
and the Nash point may be a supported neighbour of the true one (tests/models/nash measure how
often against enumeration).

Complexity: :math:`O(n_\\text{rows} (n + \\sum_j k_j))` per evaluation of the frontier; about 60
evaluations for the existence test and 250 for a Nash point.
"""

from __future__ import annotations

import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray
from detente.models.nash.two_party import TwoPartyZopa, flatten_inputs

__all__ = ["zopa_two_party_quadratic"]

_EPS = 1e-12  # λ stays in [ε, 1 − ε]: at the ends the other side breaks the ties
_TOL = 1e-12
_BISECT = 48  # the maximin switch: λ to ~4e-15
_BISECT_RANGE = 32  # the feasible range's ends (the Nash point is interior): ~2e-10
_GRID = 129
_GOLDEN = 40  # a grid cell (≤ 1/128) shrunk by 0.618^40 ≈ 4e-9
_PHI = (np.sqrt(5.0) - 1.0) / 2.0
_CHUNK_ELEMENTS = 1 << 21


class _Frontier:
    """The weighted-sum frontier of r rows, with every λ-free term computed once.

    Rows carry their own ideals ``ide`` and normalised saliences ``w`` (r, 2, n), box
    ``lo``/``hi`` (r, n) and floors (r, 2). ``ordinal`` lists (issue, option points (k,),
    admissible (r, k)). Ordinal losses are tabulated per option, (r, J, K) for each side
    (inf where an option is inadmissible), so an evaluation is one argmin.
    """

    def __init__(
        self,
        ide: FloatArray,
        w: FloatArray,
        lo: FloatArray,
        hi: FloatArray,
        floors: FloatArray,
        ordinal: list[tuple[int, FloatArray, BoolArray]],
    ) -> None:
        r, _, n = ide.shape
        self.n = n
        self.ord_idx = np.array([d for d, _, _ in ordinal], dtype=np.int64)
        self.num_idx = np.setdiff1d(np.arange(n), self.ord_idx)
        nu = self.num_idx
        self.wa, self.wb = w[:, 0, nu], w[:, 1, nu]
        self.al, self.be = ide[:, 0, nu], ide[:, 1, nu]
        self.wal, self.wbe = self.wa * self.al, self.wb * self.be
        self.mid = 0.5 * (self.al + self.be)
        self.lo, self.hi = lo[:, nu], hi[:, nu]
        k_max = max((len(p) for _, p, _ in ordinal), default=1)
        J = len(ordinal)
        self.pts = np.zeros((J, k_max))
        self.la = np.full((r, J, k_max), np.inf)
        self.lb = np.full((r, J, k_max), np.inf)
        for j, (d, p, ok) in enumerate(ordinal):
            k = len(p)
            self.pts[j, :k] = p
            self.la[:, j, :k] = np.where(
                ok, w[:, 0, d, None] * (p - ide[:, 0, d, None]) ** 2, np.inf
            )
            self.lb[:, j, :k] = np.where(
                ok, w[:, 1, d, None] * (p - ide[:, 1, d, None]) ** 2, np.inf
            )
        self.base = 1.0 - floors

    def take(self, rows: np.ndarray) -> _Frontier:
        """The frontier of rows ``rows`` only."""
        out = object.__new__(_Frontier)
        for key, v in vars(self).items():
            per_row = isinstance(v, np.ndarray) and v.ndim > 1 and key != "pts"
            out.__dict__[key] = v[rows] if per_row else v
        return out

    def _solve(self, lam: FloatArray) -> tuple[FloatArray, IntArray, FloatArray]:
        """(numeric terms (..., n_num), ordinal choices (..., J), surpluses (..., 2)) at λ of
        shape (r,) or (r, G)."""
        ex = (slice(None),) + (None,) * (lam.ndim - 1)
        e = lam[..., None]
        wa, wb = self.wa[ex], self.wb[ex]
        a, b = e * wa, (1.0 - e) * wb
        den = a + b
        num = e * self.wal[ex] + (1.0 - e) * self.wbe[ex]
        x = np.where(den > 0, num / np.where(den > 0, den, 1.0), self.mid[ex])
        x = np.clip(x, self.lo[ex], self.hi[ex])
        loss_a = (wa * (x - self.al[ex]) ** 2).sum(axis=-1)
        loss_b = (wb * (x - self.be[ex]) ** 2).sum(axis=-1)
        if self.ord_idx.size:
            la, lb = self.la[ex], self.lb[ex]
            e2 = lam[..., None, None]
            with np.errstate(invalid="ignore"):
                choice = (e2 * la + (1.0 - e2) * lb).argmin(axis=-1)
            shape = (*lam.shape, la.shape[-2], 1)
            pick = choice[..., None]
            loss_a = loss_a + np.take_along_axis(
                np.broadcast_to(la, (*shape[:-1], la.shape[-1])), pick, -1
            )[..., 0].sum(-1)
            loss_b = loss_b + np.take_along_axis(
                np.broadcast_to(lb, (*shape[:-1], lb.shape[-1])), pick, -1
            )[..., 0].sum(-1)
        else:
            choice = np.zeros((*lam.shape, 0), dtype=np.int64)
        base = self.base[ex]
        s = np.stack([base[..., 0] - loss_a, base[..., 1] - loss_b], axis=-1)
        return x, choice, s

    def surplus(self, lam: FloatArray) -> FloatArray:
        """u − f of both sides, (..., 2), at the frontier point of each λ."""
        return self._solve(lam)[2]

    def point(self, lam: FloatArray) -> FloatArray:
        """The frontier package (r, n) at λ of shape (r,)."""
        xn, choice, _ = self._solve(lam)
        x = np.empty((len(lam), self.n))
        x[:, self.num_idx] = xn
        if self.ord_idx.size:
            x[:, self.ord_idx] = self.pts[np.arange(len(self.ord_idx))[None, :], choice]
        return x


def _bisect(
    rows: _Frontier, lo: FloatArray, hi: FloatArray, up: bool, col: int, steps: int = _BISECT
) -> tuple[FloatArray, FloatArray]:
    """Bracket ``(lo, hi)`` of the switch of a monotone indicator along λ. ``col`` 0/1: the
    surplus of A (holds above the switch, ``up``) or of B (holds below); 2: A's surplus ≥ B's
    (holds above). The indicator holds at ``hi`` if ``up``, else at ``lo`` (where it holds
    anywhere in the starting bracket)."""
    lo, hi = lo.copy(), hi.copy()
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        s = rows.surplus(mid)
        holds = (s[:, 0] >= s[:, 1]) if col == 2 else (s[:, col] >= 0)
        go_hi = holds if up else ~holds  # where the switch lies below mid
        hi = np.where(go_hi, mid, hi)
        lo = np.where(go_hi, lo, mid)
    return lo, hi


def _nash_log(s: FloatArray, wt: FloatArray) -> FloatArray:
    ok = (s > 0).all(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = (wt * np.log(np.where(s > 0, s, 1.0))).sum(axis=-1)
    return np.asarray(np.where(ok, v, -np.inf), dtype=float)


def zopa_two_party_quadratic(
    ideals: FloatArray,
    saliences: FloatArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    option_points: tuple[tuple[float, ...] | None, ...],
    want_deal: BoolArray | None = None,
) -> TwoPartyZopa:
    """As :func:`~detente.models.nash.two_party.zopa_two_party`, under quadratic loss.

    Same arguments and shapes (``ideals``/``saliences`` (..., 2, n), ``low``/``high`` (..., n),
    ``floors``/``weights`` (..., 2)). ``gap`` is :math:`\\max(0, -t^*)` over the supported
    frontier (exact for all-numeric problems); ``blocking`` is not computed (NaN).

    Notes
    -----
    The deal maximises :math:`w_A \\ln(u_A - f_A) + w_B \\ln(u_B - f_B)` over the frontier
    points :math:`x(\\lambda)` whose surpluses are both non-negative; where that set is a single
    point the maximin package is returned.
    """
    flat = flatten_inputs(ideals, saliences, low, high, floors, weights, option_points, want_deal)
    n, batch, m = flat.n, flat.batch, flat.m
    lo, hi, fl, ide, wn, want = flat.lo, flat.hi, flat.fl, flat.ide, flat.wn, flat.want
    wt = flat.wt / flat.wt.sum(axis=1, keepdims=True)
    ordinal = []
    possible = np.ones(m, dtype=bool)
    for d, p in enumerate(option_points):
        if p is None:
            possible &= lo[:, d] <= hi[:, d] + 1e-12
        else:
            pts = np.asarray(p, dtype=float)
            ok = (pts[None] >= lo[:, d, None] - 1e-9) & (pts[None] <= hi[:, d, None] + 1e-9)
            possible &= ok.any(axis=1)
            ordinal.append((d, pts, ok))
    # an empty numeric interval: keep the clip well defined, the row is dropped anyway
    hi = np.maximum(lo, hi)

    t_best = np.full(m, -np.inf)
    deal = np.full((m, n), np.nan)
    live = np.flatnonzero(possible)
    if live.size:
        R = _Frontier(ide, wn, lo, hi, fl, ordinal).take(live)
        r = live.size
        ends = (np.full(r, _EPS), np.full(r, 1.0 - _EPS))
        # maximin: where A's surplus overtakes B's (bisection), the best of the bracket's ends
        cross_lo, cross_hi = _bisect(R, *ends, up=True, col=2)
        cands = np.stack([ends[0], cross_lo, cross_hi, ends[1]], axis=1)
        mins = np.stack([R.surplus(cands[:, k]).min(axis=1) for k in range(4)], axis=1)
        k_mm = mins.argmax(axis=1)
        t_best[live] = mins[np.arange(r), k_mm]
        lam_mm = cands[np.arange(r), k_mm]
        sel = np.flatnonzero((t_best[live] >= -_TOL) & want[live])
        if sel.size:
            deal[live[sel]] = _nash(R.take(sel), lam_mm[sel], wt[live[sel]])
    exists = t_best >= -_TOL
    deal[~exists] = np.nan
    util = 1.0 - (wn * (deal[:, None, :] - ide) ** 2).sum(axis=-1)
    return TwoPartyZopa(
        exists=exists.reshape(batch),
        gap=np.maximum(0.0, -t_best).reshape(batch),
        deal=deal.reshape((*batch, n)),
        utilities=util.reshape((*batch, 2)),
        blocking=np.full((*batch, n), np.nan),
    )


def _nash(R: _Frontier, lam_mm: FloatArray, wt: FloatArray) -> FloatArray:
    """Nash points of rows with a ZOPA (``lam_mm``: a feasible λ, the maximin one)."""
    r = len(lam_mm)
    # the feasible range of λ: A's surplus ≥ 0 from l_a up, B's ≥ 0 up to l_b
    l_a = _bisect(R, np.full(r, _EPS), lam_mm, up=True, col=0, steps=_BISECT_RANGE)[1]
    l_b = _bisect(R, lam_mm, np.full(r, 1.0 - _EPS), up=False, col=1, steps=_BISECT_RANGE)[0]
    l_a, l_b = np.minimum(l_a, lam_mm), np.maximum(l_b, lam_mm)
    G = _GRID
    grid = l_a[:, None] + (l_b - l_a)[:, None] * np.linspace(0.0, 1.0, G)[None, :]
    val = np.empty((r, G))
    per_row = G * (R.la.shape[1] * R.la.shape[2] + R.n + 2)
    step = max(1, _CHUNK_ELEMENTS // per_row)
    for s0 in range(0, r, step):
        blk = np.arange(s0, min(r, s0 + step))
        val[blk] = _nash_log(R.take(blk).surplus(grid[blk]), wt[blk, None, :])
    k = val.argmax(axis=1)
    best_lam, best_val = grid[np.arange(r), k], val[np.arange(r), k]
    # golden section on the grid cell either side of the best grid point
    a = grid[np.arange(r), np.maximum(k - 1, 0)]
    b = grid[np.arange(r), np.minimum(k + 1, G - 1)]
    c, d = b - _PHI * (b - a), a + _PHI * (b - a)
    fc = _nash_log(R.surplus(c), wt)
    fd = _nash_log(R.surplus(d), wt)
    for _ in range(_GOLDEN):
        left = fc >= fd  # the maximum lies in [a, d]: d becomes the new upper point
        a, b = np.where(left, a, c), np.where(left, d, b)
        c, d = (
            np.where(left, b - _PHI * (b - a), d),
            np.where(left, c, a + _PHI * (b - a)),
        )
        f_new = _nash_log(R.surplus(np.where(left, c, d)), wt)
        fc, fd = np.where(left, f_new, fd), np.where(left, fc, f_new)
    mid = 0.5 * (a + b)
    f_mid = _nash_log(R.surplus(mid), wt)
    better = f_mid > best_val
    best_lam = np.where(better, mid, best_lam)
    best_val = np.where(better, f_mid, best_val)
    # a ZOPA of a single point (product 0 everywhere): the maximin package
    best_lam = np.where(np.isfinite(best_val), best_lam, lam_mm)
    return R.point(best_lam)
