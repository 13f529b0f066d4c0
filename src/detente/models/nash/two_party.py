"""The zone of possible agreement between two parties, vectorised across Monte Carlo draws.

The month-by-month simulation asks, for every draw and month, "could the two belligerents
sign now, and on what terms?". :class:`~detente.models.nash.model.NashBargainingModel` answers that
for any number of players by enumeration or optimisation; this module answers the two-party
case exactly, in closed form, thousands of draws at a time.

With the shared utility (salience-weighted linear loss,
:func:`~detente.models.utility.package_utility`) and two parties, utilities are additive over
issues, so:

* **Numeric issues.** Only points between the two (red-line clipped) ideals are Pareto
  optimal. Moving issue *d* from B's best point toward A's gains A :math:`a_d` and costs B
  :math:`b_d` per unit, so the numeric frontier is a *fractional knapsack*: start at B's best
  package and move issues in increasing order of :math:`b_d / a_d`. It is concave and
  piecewise linear with one breakpoint per numeric issue.
* **Ordinal issues** are exact only by enumerating option combinations. Utilities are
  additive, so combinations are built issue by issue keeping only the Pareto-optimal partial
  sums (a combination dominated in (u_A, u_B) stays dominated whatever the numeric issues
  do). The number kept, *C*, is the size of a 2-D staircase: typically tens to a few hundred
  for eight ordinal issues, at most the product of the option counts. The pruning runs once
  per distinct red-line pattern on the ordinal issues, not once per draw.

Every kept combination shifts the numeric frontier; the attainable set is the union of the
*C* shifted frontiers. Per draw the work is :math:`O(C\\,K)` with *K* = numeric issues + 1.

Complexity: pruning :math:`O(\\sum_j C_{j-1} k_j \\log(C_{j-1} k_j))` per red-line pattern;
solving :math:`O(n_\\text{draws}\\, C\\, K)` in chunks of bounded memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray
from detente.errors import InvalidParameterError
from detente.models.utility import normalised_saliences

__all__ = ["TwoPartyZopa", "pareto_staircase", "zopa_two_party"]

_TOL = 1e-12
_CHUNK_ELEMENTS = 1 << 20


@dataclass(frozen=True)
class TwoPartyZopa:
    """The two-party bargaining range for every draw (leading axes = the inputs' batch shape).

    Attributes
    ----------
    exists : (...,) bool
        True where some package gives both parties at least their floor and breaks no red line.
    gap : (...,) float
        :math:`\\max(0, -t^*)` with :math:`t^* = \\max_x \\min_i (u_i(x) - f_i)`: how much
        utility *both* parties would have to give up from their floors (the same amount each)
        for a ZOPA to open. 0 where one exists; ``inf`` where red lines leave no package.
    deal : (..., n_issues) float
        The asymmetric Nash bargaining point on the unit scale (NaN where no ZOPA).
    utilities : (..., 2) float
        Each party's utility for ``deal`` (NaN where no ZOPA).
    blocking : (..., n_issues) float
        Where no ZOPA exists, what the red lines on each issue cost the two sides at their own
        best terms: :math:`r_{A,d} + r_{B,d}`, with :math:`r_{P,d} = w_{P,d}` × (distance from
        P's ideal to the nearest admissible point on *d* − distance to the nearest point on
        *d*'s scale); ``inf`` for an issue whose red lines exclude every point. 0 where a ZOPA
        exists, and 0 for issues whose red lines cut into neither side's ideal (then the
        floors, not red lines, block).
    """

    exists: BoolArray
    gap: FloatArray
    deal: FloatArray
    utilities: FloatArray
    blocking: FloatArray


def pareto_staircase(points: FloatArray) -> IntArray:
    """Indices of the Pareto-optimal rows of a (n, 2) array (maximising both columns).

    Sorted by the first column descending; exact duplicates keep one row. :math:`O(n \\log n)`.
    """
    p = np.asarray(points, dtype=float)
    order = np.lexsort((-p[:, 1], -p[:, 0]))
    second = p[order, 1]
    best_before = np.concatenate(([-np.inf], np.maximum.accumulate(second)[:-1]))
    return np.asarray(order[second > best_before], dtype=np.int64)


def _ordinal_combos(
    contrib: list[FloatArray], options: list[IntArray]
) -> tuple[FloatArray, IntArray]:
    """Pareto-optimal sums of per-issue utility contributions, with the chosen option indices.

    ``contrib[j]`` is (k_j, 2): each allowed option's utility to A and B on ordinal issue j.
    Returns ``(U, choice)``: (C, 2) utilities and (C, n_ordinal) option indices.
    """
    U = np.zeros((1, 2))
    choice = np.zeros((1, 0), dtype=np.int64)
    for c, opt in zip(contrib, options, strict=True):
        k = len(opt)
        new_u = (U[:, None, :] + c[None, :, :]).reshape(-1, 2)
        new_choice = np.concatenate(
            [np.repeat(choice, k, axis=0), np.tile(opt, len(U))[:, None]], axis=1
        )
        keep = pareto_staircase(new_u)
        U, choice = new_u[keep], new_choice[keep]
    return U, choice


_COMBOS: dict[tuple[object, ...], tuple[FloatArray, IntArray] | None] = {}
_COMBOS_MAX = 4096
"""Pareto combos by (ideals, saliences, options allowed): a simulation meets the same red-line
patterns month after month, and their combos do not depend on the draw."""


def _pattern_combos(
    ideals: FloatArray,
    w: FloatArray,
    mask: BoolArray,
    offsets: IntArray,
    points: list[FloatArray],
    ord_idx: list[int],
    context: tuple[object, ...],
    shared: bool,
) -> tuple[FloatArray, IntArray] | None:
    """:func:`_ordinal_combos` of one red-line pattern (``mask``: the admissible options of
    every ordinal issue, concatenated), computed once per distinct pattern (cached); None
    where an ordinal issue has no admissible option. ``context`` identifies the issues and
    options — and, when ``shared``, the ideals and saliences every row shares."""
    key = (
        (context, mask.tobytes())
        if shared
        else (context, ideals.tobytes(), w.tobytes(), mask.tobytes())
    )
    if key in _COMBOS:
        return _COMBOS[key]
    allowed = [np.flatnonzero(mask[offsets[j] : offsets[j + 1]]) for j in range(len(points))]
    out: tuple[FloatArray, IntArray] | None = None
    if all(len(al) for al in allowed):
        alpha, beta, a, b = ideals[0], ideals[1], w[0], w[1]
        contrib = [
            np.stack(
                [
                    -a[d] * np.abs(points[j][opt] - alpha[d]),
                    -b[d] * np.abs(points[j][opt] - beta[d]),
                ],
                axis=1,
            )
            for j, (d, opt) in enumerate(zip(ord_idx, allowed, strict=True))
        ]
        out = _ordinal_combos(contrib, allowed)
        for arr in out:
            arr.flags.writeable = False
    if len(_COMBOS) >= _COMBOS_MAX:
        _COMBOS.clear()
    _COMBOS[key] = out
    return out


_PAD = -1e6
"""Utility of a padding combination: far below any real one (utilities lie in [-1, 1]), so it
is never the maximin or the Nash choice, and it stays finite so no NaN enters the sums."""


def _solve_pattern(
    ideals: FloatArray,
    w: FloatArray,
    ord_idx: list[int],
    combos: FloatArray,
    choices: IntArray,
    pattern: IntArray,
    points: list[FloatArray],
    num_idx: IntArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    want: BoolArray,
) -> tuple[FloatArray, FloatArray]:
    """Maximin value t* and Nash deal for draws sharing ideals and saliences.

    ``combos`` (P, C, 2) and ``choices`` (P, C, n_ordinal) hold the Pareto combos of P
    red-line patterns, padded to a common C with :data:`_PAD` utilities after the real ones;
    ``pattern`` (m,) says which each row has. Solving several patterns in one pass keeps the
    per-call cost of numpy from dominating when each pattern holds a handful of draws (as in
    the month loop), and padding after the real combos leaves every row's answer exactly as
    solving its pattern alone.

    The Nash point is found only for rows with a ZOPA and ``want`` set; it costs more than the
    maximin test, and a simulation needs it only where a deal is actually signed.
    """
    m, n = low.shape[0], ideals.shape[1]
    alpha, beta = ideals[0], ideals[1]
    a, b = w[0], w[1]
    C = combos.shape[1]
    # numeric issues, in increasing order of B's loss per unit of A's gain (fractional knapsack)
    an, bn = a[num_idx], b[num_idx]
    ratio = np.where(an > 0, bn / np.where(an > 0, an, 1.0), np.inf)
    order = num_idx[np.argsort(ratio, kind="stable")]
    lo, hi = low[:, order], high[:, order]
    a_best = np.clip(alpha[order], lo, hi)
    b_best = np.clip(beta[order], lo, hi)
    nA0 = 1.0 - (a[order] * np.abs(b_best - alpha[order])).sum(axis=1)
    nB0 = 1.0 - (b[order] * np.abs(b_best - beta[order])).sum(axis=1)
    length = np.abs(a_best - b_best)
    zeros = np.zeros((m, 1))
    G = np.concatenate([zeros, np.cumsum(a[order] * length, axis=1)], axis=1)
    L = np.concatenate([zeros, np.cumsum(b[order] * length, axis=1)], axis=1)
    K = G.shape[1]
    dG, dL = np.diff(G, axis=1), np.diff(L, axis=1)
    psi_all, dpsi_all = G + L, dG + dL

    t_best = np.full(m, -np.inf)
    deal = np.full((m, n), np.nan)
    chunk = max(1, _CHUNK_ELEMENTS // (C * K))
    for s0 in range(0, m, chunk):
        sl = slice(s0, min(m, s0 + chunk))
        mc = sl.stop - sl.start
        Uo = combos[pattern[sl]]  # (mc, C, 2)
        sA = Uo[:, :, 0] + (nA0[sl] - floors[sl, 0])[:, None]  # surpluses at B's best package
        sB = Uo[:, :, 1] + (nB0[sl] - floors[sl, 1])[:, None]
        # maximin along each shifted frontier: surpluses cross where G + L = sB - sA;
        # frac[k] is how far segment k is travelled (1 before the crossing, 0 after)
        psi, dpsi = psi_all[sl, None, :-1], dpsi_all[sl, None, :]
        gap = (sB - sA)[..., None] - psi
        frac = np.where(dpsi > 0, np.clip(gap / np.where(dpsi > 0, dpsi, 1.0), 0, 1), gap >= 0)
        t = np.minimum(
            sA + (frac * dG[sl, None, :]).sum(axis=-1),
            sB - (frac * dL[sl, None, :]).sum(axis=-1),
        )
        c_mm = np.argmax(t, axis=1)
        t_best[sl] = t[np.arange(mc), c_mm]
        pos_mm = frac[np.arange(mc), c_mm].sum(axis=-1)
        # the Nash point only where a ZOPA exists (elsewhere the deal stays NaN)
        rows = np.flatnonzero((t_best[sl] >= -_TOL) & want[sl])
        if rows.size == 0:
            continue
        r = rows.size
        c_mm, pos_mm = c_mm[rows], pos_mm[rows]
        dA = sA[rows, :, None] + G[sl][rows, None, :]
        dB = sB[rows, :, None] - L[sl][rows, None, :]
        # asymmetric Nash: closed-form optimum on each linear segment, clipped to it (the
        # objective is concave along a segment, so the clipped point is the segment's best)
        wA = weights[sl][rows, 0, None, None]
        wB = weights[sl][rows, 1, None, None]
        if K > 1:
            X, Y = dA[..., :-1], dB[..., :-1]
            gA, gB = dA[..., 1:] - X, Y - dB[..., 1:]
            den = (wA + wB) * gA * gB
            s_int = (wA * gA * Y - wB * gB * X) / np.where(den > 0, den, 1.0)
            s = np.clip(np.where(den > 0, s_int, np.where(gA > 0, 1.0, 0.0)), 0.0, 1.0)
            cA, cB = X + s * gA, Y - s * gB
        else:
            s = np.zeros_like(dA)
            cA, cB = dA, dB
        ok = (cA > 0) & (cB > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            obj = np.where(ok, wA * np.log(cA) + wB * np.log(cB), -np.inf).reshape(r, -1)
        flat = obj.argmax(axis=1)
        has_nash = obj[np.arange(r), flat] > -np.inf
        pos_n = (flat % s.shape[-1]) + s.reshape(r, -1)[np.arange(r), flat]
        c_sel = np.where(has_nash, flat // s.shape[-1], c_mm)
        pos = np.where(has_nash, pos_n, pos_mm)
        frac = np.clip(pos[:, None] - np.arange(K - 1)[None, :], 0.0, 1.0)
        x = np.empty((r, n))
        x[:, order] = b_best[sl][rows] + frac * (a_best[sl][rows] - b_best[sl][rows])
        pat = pattern[sl][rows]
        for jj, d in enumerate(ord_idx):
            x[:, d] = points[jj][choices[pat, c_sel, jj]]
        deal[sl.start + rows] = x
    return t_best, deal


def _size_class(c: int) -> int:
    """Patterns whose combo counts share ``ceil(log2 C)`` are padded to one C (at most 2x)."""
    return int(c - 1).bit_length()


def _admissible(pts: FloatArray, low: FloatArray, high: FloatArray) -> BoolArray:
    return (pts >= low[..., None] - 1e-9) & (pts <= high[..., None] + 1e-9)


def _blocking(
    ideals: FloatArray,
    w: FloatArray,
    low: FloatArray,
    high: FloatArray,
    option_points: tuple[tuple[float, ...] | None, ...],
) -> FloatArray:
    """r_{A,d} + r_{B,d}: what the red lines on each issue cost each side at its own best terms."""
    out = np.zeros(low.shape)
    for d, opts in enumerate(option_points):
        lo, hi = low[:, d, None], high[:, d, None]
        ideal = ideals[..., d]
        if opts is None:
            dist = np.maximum(0.0, np.maximum(lo - ideal, ideal - hi))
            dist = np.where(lo > hi + 1e-12, np.inf, dist)
        else:
            p = np.asarray(opts, dtype=float)
            gap_all = np.abs(p[None, None, :] - ideal[..., None]).min(axis=-1)
            ok = _admissible(p[None, :], low[:, d], high[:, d])[:, None, :]
            gap_ok = np.where(ok, np.abs(p[None, None, :] - ideal[..., None]), np.inf).min(axis=-1)
            dist = gap_ok - gap_all
        with np.errstate(invalid="ignore"):
            out[:, d] = np.where(np.isinf(dist), np.inf, w[..., d] * dist).sum(axis=-1)
    return out


@dataclass(frozen=True)
class FlatInputs:
    """A two-party problem's inputs broadcast to their batch and flattened to ``m`` rows."""

    ideals: FloatArray
    saliences: FloatArray
    n: int
    batch: tuple[int, ...]
    m: int
    lo: FloatArray
    hi: FloatArray
    fl: FloatArray
    wt: FloatArray
    ide: FloatArray
    wn: FloatArray
    want: BoolArray


def flatten_inputs(
    ideals: FloatArray,
    saliences: FloatArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    option_points: tuple[tuple[float, ...] | None, ...],
    want_deal: BoolArray | None,
) -> FlatInputs:
    """Check the shapes of a two-party problem and flatten its batch (shared by every solver).

    Raises InvalidParameterError when ideals/saliences are not (..., 2, n_issues) or
    ``option_points`` has not one entry per issue.
    """
    ideals = np.asarray(ideals, dtype=float)
    sal = np.asarray(saliences, dtype=float)
    n = ideals.shape[-1]
    if len(option_points) != n or ideals.shape[-2:] != (2, n) or sal.shape[-2:] != (2, n):
        msg = (
            "ideals and saliences must have shape (..., 2, n_issues) and option_points one "
            f"entry per issue (got {ideals.shape}, {sal.shape}, {len(option_points)} entries)"
        )
        raise InvalidParameterError(msg)
    low_a, high_a = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    f_a, w_a = np.asarray(floors, dtype=float), np.asarray(weights, dtype=float)
    batch = np.broadcast_shapes(
        ideals.shape[:-2],
        sal.shape[:-2],
        low_a.shape[:-1],
        high_a.shape[:-1],
        f_a.shape[:-1],
        w_a.shape[:-1],
    )
    m = int(np.prod(batch, dtype=np.int64))
    lo = np.broadcast_to(low_a, (*batch, n)).reshape(m, n)
    hi = np.broadcast_to(high_a, (*batch, n)).reshape(m, n)
    fl = np.broadcast_to(f_a, (*batch, 2)).reshape(m, 2)
    wt = np.broadcast_to(w_a, (*batch, 2)).reshape(m, 2)
    ide = np.broadcast_to(ideals, (*batch, 2, n)).reshape(m, 2, n)
    wn = np.broadcast_to(normalised_saliences(sal), (*batch, 2, n)).reshape(m, 2, n)
    want = (
        np.ones(m, dtype=bool)
        if want_deal is None
        else np.broadcast_to(np.asarray(want_deal, dtype=bool), batch).reshape(m)
    )
    return FlatInputs(ideals, sal, n, batch, m, lo, hi, fl, wt, ide, wn, want)


def zopa_two_party(
    ideals: FloatArray,
    saliences: FloatArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    weights: FloatArray,
    option_points: tuple[tuple[float, ...] | None, ...],
    want_deal: BoolArray | None = None,
    with_blocking: bool = True,
) -> TwoPartyZopa:
    """Is there a deal both parties prefer to their floors, and what is its Nash point?

    Parameters
    ----------
    ideals, saliences : (..., 2, n_issues) arrays
        Both parties' ideal points (unit scale) and saliences (rows are normalised, as in
        :func:`~detente.models.utility.package_utility`). Leading axes are draws and broadcast
        against the other inputs. The fast path is ideals and saliences of shape
        (2, n_issues), shared by every draw; per-draw ideals are solved draw by draw.
    low, high : (..., n_issues) arrays
        The interval left on each issue by both parties' red lines (``low > high`` means no
        admissible point). Ordinal options are admissible when their point lies inside.
    floors : (..., 2) array
        Each party's lowest acceptable utility, e.g. ``max(walk_away, min_utility)``.
    weights : (..., 2) array
        Nash bargaining weights (> 0; only their ratio matters).
    option_points : tuple of (tuple of float or None), length n_issues
        Option points on [0, 1] for ordinal issues; None for numeric issues.
    want_deal : (...) bool array, optional
        Where the Nash point is wanted (default: everywhere). Elsewhere ``exists`` and ``gap``
        are computed as usual but ``deal`` and ``utilities`` are NaN: a simulation that signs
        in few of the months with a ZOPA skips the costlier half of the work.
    with_blocking : bool
        Compute ``blocking`` (default). A caller that never reads it (the simulation, which
        blames through its own intervals) passes False and gets NaN there.

    Returns
    -------
    TwoPartyZopa

    Notes
    -----
    The ZOPA is :math:`Z = \\{x \\in R : u_A(x) \\ge f_A,\\ u_B(x) \\ge f_B\\}`, *R* the packages
    within every red line. With :math:`t^* = \\max_{x \\in R} \\min_i (u_i(x) - f_i)`, *Z* is
    non-empty iff :math:`t^* \\ge 0`; the gap is :math:`\\max(0, -t^*)`. The deal maximises the
    asymmetric Nash product :math:`(u_A - f_A)^{w_A}(u_B - f_B)^{w_B}` over *Z* (Nash 1950;
    Roth 1979); where *Z* is a single point (product 0) the maximin package is returned.
    On one issue with ideals at the ends this is Fearon's (1995) range.
    """
    flat = flatten_inputs(ideals, saliences, low, high, floors, weights, option_points, want_deal)
    ideals, sal, n, batch, m = flat.ideals, flat.saliences, flat.n, flat.batch, flat.m
    lo, hi, fl, wt, ide, wn, want = flat.lo, flat.hi, flat.fl, flat.wt, flat.ide, flat.wn, flat.want
    ord_idx = [d for d, p in enumerate(option_points) if p is not None]
    num_idx = np.array([d for d, p in enumerate(option_points) if p is None], dtype=np.int64)
    pts = [np.asarray(option_points[d], dtype=float) for d in ord_idx]

    masks = np.concatenate(
        [_admissible(p[None, :], lo[:, d], hi[:, d]) for p, d in zip(pts, ord_idx, strict=True)]
        or [np.zeros((m, 0), dtype=bool)],
        axis=1,
    )
    bad_num = (lo[:, num_idx] > hi[:, num_idx] + 1e-12).any(axis=1)
    shared = ideals.ndim == 2 and sal.ndim == 2
    if shared and masks.shape[1] < 63:  # one integer code per red-line pattern: fast unique
        codes = masks.astype(np.int64) @ (np.int64(1) << np.arange(masks.shape[1], dtype=np.int64))
        _, group = np.unique(codes, return_inverse=True)
    else:
        keys = (
            masks if shared else np.concatenate([masks, ide.reshape(m, -1), wn.reshape(m, -1)], 1)
        )
        _, group = np.unique(keys, axis=0, return_inverse=True)
    group = group.reshape(-1)

    t_best = np.full(m, -np.inf)
    deal = np.full((m, n), np.nan)
    offsets = np.cumsum([0] + [len(p) for p in pts])
    # the rows of each pattern, in row order, from one stable sort (not one scan per pattern)
    keep = np.flatnonzero(~bad_num)
    by_group = keep[np.argsort(group[keep], kind="stable")]
    cuts = np.flatnonzero(np.diff(group[by_group])) + 1
    solvable: list[tuple[IntArray, FloatArray, IntArray]] = []
    context: tuple[object, ...] = (tuple(ord_idx), tuple(p.tobytes() for p in pts))
    if shared:
        context = (*context, ideals.tobytes(), sal.tobytes())
    for rows in np.split(by_group, cuts) if by_group.size else []:
        hit = _pattern_combos(
            ide[rows[0]], wn[rows[0]], masks[rows[0]], offsets, pts, ord_idx, context, shared
        )
        if hit is not None:
            solvable.append((rows, *hit))
    # shared ideals: patterns of similar size (C within a factor of 2) are solved together
    batches = (
        [[k for k, g in enumerate(solvable) if _size_class(len(g[1])) == c] for c in sizes]
        if shared and (sizes := sorted({_size_class(len(g[1])) for g in solvable}))
        else [[k] for k in range(len(solvable))]
    )
    for batch_ in batches:
        groups = [solvable[k] for k in batch_]
        c_max = max(len(g[1]) for g in groups)
        combos = np.full((len(groups), c_max, 2), _PAD)
        choices = np.zeros((len(groups), c_max, len(ord_idx)), dtype=np.int64)
        for q, (_, Uo, choice) in enumerate(groups):
            combos[q, : len(Uo)], choices[q, : len(Uo)] = Uo, choice
        rows = np.concatenate([g[0] for g in groups])
        pattern = np.repeat(np.arange(len(groups)), [len(g[0]) for g in groups])
        t_g, deal_g = _solve_pattern(
            ide[rows[0]],
            wn[rows[0]],
            ord_idx,
            combos,
            choices,
            pattern,
            pts,
            num_idx,
            lo[rows],
            hi[rows],
            fl[rows],
            wt[rows],
            want[rows],
        )
        t_best[rows], deal[rows] = t_g, deal_g

    exists = t_best >= -_TOL
    deal[~exists] = np.nan
    util = 1.0 - (wn * np.abs(deal[:, None, :] - ide)).sum(axis=-1)
    blocking = (
        np.where(exists[:, None], 0.0, _blocking(ide, wn, lo, hi, option_points))
        if with_blocking
        else np.full((m, n), np.nan)
    )
    return TwoPartyZopa(
        exists=exists.reshape(batch),
        gap=np.maximum(0.0, -t_best).reshape(batch),
        deal=deal.reshape((*batch, n)),
        utilities=util.reshape((*batch, 2)),
        blocking=blocking.reshape((*batch, n)),
    )
