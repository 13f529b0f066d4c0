"""Compiled kernels for the month loop's per-draw interval work (numba).

Why: every month the loop rebuilds each draw's acceptable intervals, tests them for an
admissible point, runs the cheap necessary test for a zone and blames the intervals where
none exists. In numpy each of those steps is a pass over (n_draws, 2, n_issues) temporaries;
these kernels make one pass per draw with the same arithmetic, which is what keeps a million
draws within the benchmark's minute. The formulas are those documented in
:mod:`~detente.dynamics.agreement` (``admissible_intervals``, ``could_agree``,
``interval_blame``); ``tests/dynamics/test_kernels.py`` checks each kernel against a plain
numpy statement of its formula on random inputs.

Comparisons keep numpy's NaN semantics (``np.maximum``/``np.minimum`` propagate NaN, every
comparison with NaN is False), so a NaN input gives the same verdicts as before.
"""

from __future__ import annotations

from functools import lru_cache

import numba
import numpy as np

from detente._typing import BoolArray, FloatArray, IntArray

__all__ = ["blame_sum", "could_agree_rows", "interval_arrays", "option_table"]


@lru_cache(maxsize=64)
def option_table(option_points: tuple[tuple[float, ...], ...]) -> tuple[FloatArray, IntArray]:
    """Option points padded to one width (NaN after each issue's own) and their counts."""
    width = max([len(p) for p in option_points] + [1])
    pts = np.full((len(option_points), width), np.nan)
    for d, p in enumerate(option_points):
        pts[d, : len(p)] = p
    count = np.array([len(p) for p in option_points], dtype=np.int64)
    pts.flags.writeable = False
    count.flags.writeable = False
    return pts, count


@numba.njit(cache=True, inline="always")
def _max(a: float, b: float) -> float:  # np.maximum: NaN if either is NaN
    if a != a or b != b:
        return np.nan
    return a if a >= b else b


@numba.njit(cache=True, inline="always")
def _min(a: float, b: float) -> float:  # np.minimum
    if a != a or b != b:
        return np.nan
    return a if a <= b else b


@numba.njit(cache=True, inline="always")
def _clip(x: float, lo: float, hi: float) -> float:  # np.clip = minimum(maximum(x, lo), hi)
    return _min(_max(x, lo), hi)


@numba.njit(cache=True)
def _intervals(ideals, bottom, red_lo, red_hi, w_lo, w_hi, within, pts, count):  # type: ignore[no-untyped-def]
    n, _, ni = bottom.shape
    shared = red_lo.shape[0] == 1
    lo = np.empty((n, 2, ni))
    hi = np.empty((n, 2, ni))
    jl = np.empty((n, ni))
    jh = np.empty((n, ni))
    ok = np.empty((n, ni), dtype=np.bool_)
    for r in range(n):
        rr = 0 if shared else r
        for d in range(ni):
            for k in range(2):
                own, rival, b = ideals[k, d], ideals[1 - k, d], bottom[r, k, d]
                if rival >= own:  # concedes upwards: [0, max(b, own)]
                    low, high = 0.0, _max(b, own)
                else:  # downwards: [min(b, own), 1]
                    low, high = _min(b, own), 1.0
                lo[r, k, d] = _max(low, red_lo[rr, k, d])
                hi[r, k, d] = _min(high, red_hi[rr, k, d])
            a = _max(lo[r, 0, d], lo[r, 1, d])
            z = _min(hi[r, 0, d], hi[r, 1, d])
            if within:
                a = _max(a, w_lo[r, d])
                z = _min(z, w_hi[r, d])
            jl[r, d], jh[r, d] = a, z
            if count[d] == 0:
                ok[r, d] = a <= z + 1e-12
            else:
                hit = False
                for j in range(count[d]):
                    p = pts[d, j]
                    if p >= a - 1e-9 and p <= z + 1e-9:
                        hit = True
                        break
                ok[r, d] = hit
    return lo, hi, jl, jh, ok


def interval_arrays(
    ideals: FloatArray,
    bottom: FloatArray,
    red_low: FloatArray,
    red_high: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
    within: tuple[FloatArray, FloatArray] | None,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, BoolArray]:
    """Each side's interval, the joint one and whether it holds a point (as documented in
    ``agreement.admissible_intervals``)."""
    pts, count = option_table(tuple(tuple(p) for p in option_points))
    n = bottom.shape[0]
    rl = red_low if red_low.ndim == 3 else red_low[None]
    rh = red_high if red_high.ndim == 3 else red_high[None]
    empty = np.empty((n, bottom.shape[2]))
    w_lo, w_hi = (empty, empty) if within is None else within
    lo, hi, jl, jh, ok = _intervals(
        np.ascontiguousarray(ideals, dtype=float),
        np.ascontiguousarray(bottom, dtype=float),
        np.ascontiguousarray(rl, dtype=float),
        np.ascontiguousarray(rh, dtype=float),
        np.ascontiguousarray(w_lo, dtype=float),
        np.ascontiguousarray(w_hi, dtype=float),
        within is not None,
        pts,
        count,
    )
    return lo, hi, jl, jh, ok


@numba.njit(cache=True)
def _could_agree(ideals, w, low, high, floors, pts, count, quadratic):  # type: ignore[no-untyped-def]
    n, ni = low.shape
    out = np.empty(n, dtype=np.bool_)
    cand = np.empty(max(pts.shape[1], 5))
    inside = np.empty(cand.shape[0], dtype=np.bool_)
    for r in range(n):
        l_a = l_b = l_ab = 0.0
        for d in range(ni):
            lo_, hi_ = low[r, d], high[r, d]
            if count[d] > 0:
                m = count[d]
                for j in range(m):
                    cand[j] = pts[d, j]
                    inside[j] = pts[d, j] >= lo_ - 1e-9 and pts[d, j] <= hi_ + 1e-9
            else:
                cand[0], cand[1] = lo_, hi_
                cand[2] = _clip(ideals[0, d], lo_, hi_)
                cand[3] = _clip(ideals[1, d], lo_, hi_)
                m = 4
                if quadratic:
                    tot = w[0, d] + w[1, d]
                    mean = (
                        (w[0, d] * ideals[0, d] + w[1, d] * ideals[1, d]) / tot if tot > 0 else 0.5
                    )
                    cand[4] = _clip(mean, lo_, hi_)
                    m = 5
                for j in range(m):
                    inside[j] = True
            best_a = best_b = best_ab = np.inf
            for j in range(m):
                if not inside[j]:
                    continue
                da, db = cand[j] - ideals[0, d], cand[j] - ideals[1, d]
                la = w[0, d] * (da * da if quadratic else abs(da))
                lb = w[1, d] * (db * db if quadratic else abs(db))
                best_a = _min(best_a, la)
                best_b = _min(best_b, lb)
                best_ab = _min(best_ab, la + lb)
            l_a += best_a
            l_b += best_b
            l_ab += best_ab
        f_a, f_b = floors[r, 0], floors[r, 1]
        out[r] = (
            (1.0 - l_a >= f_a - 1e-9)
            and (1.0 - l_b >= f_b - 1e-9)
            and (2.0 - l_ab >= (f_a + f_b) - 1e-9)
        )
    return out


def could_agree_rows(
    ideals: FloatArray,
    saliences: FloatArray,
    low: FloatArray,
    high: FloatArray,
    floors: FloatArray,
    option_points: tuple[tuple[float, ...], ...],
    quadratic: bool,
) -> BoolArray:
    """The necessary condition for a zone of ``agreement.could_agree``, row by row."""
    pts, count = option_table(tuple(tuple(p) for p in option_points))
    return np.asarray(
        _could_agree(
            np.ascontiguousarray(ideals, dtype=float),
            np.ascontiguousarray(saliences, dtype=float),
            np.ascontiguousarray(low, dtype=float),
            np.ascontiguousarray(high, dtype=float),
            np.ascontiguousarray(floors, dtype=float),
            pts,
            count,
            quadratic,
        ),
        dtype=bool,
    )


@numba.njit(cache=True)
def _blame_sum(ideals, lo, hi, ok, rows, stake, weighted):  # type: ignore[no-untyped-def]
    ni = ideals.shape[1]
    total = np.zeros((2, ni))
    share = np.empty((2, ni))
    for r in rows:
        tot = 0.0
        for d in range(ni):
            if ok[r, d]:
                share[0, d] = share[1, d] = 0.0
                continue
            e0 = ideals[1, d] < lo[r, 0, d] - 1e-12 or ideals[1, d] > hi[r, 0, d] + 1e-12
            e1 = ideals[0, d] < lo[r, 1, d] - 1e-12 or ideals[0, d] > hi[r, 1, d] + 1e-12
            both = int(e0) + int(e1)
            s0 = (1.0 * e0) / both if both > 0 else 0.5
            s1 = (1.0 * e1) / both if both > 0 else 0.5
            if weighted:
                s0 *= stake[d]
                s1 *= stake[d]
            share[0, d], share[1, d] = s0, s1
            tot += s0 + s1
        div = tot if tot > 0 else 1.0
        for k in range(2):
            for d in range(ni):
                total[k, d] += share[k, d] / div
    return total


def blame_sum(
    ideals: FloatArray,
    low: FloatArray,
    high: FloatArray,
    issue_ok: BoolArray,
    rows: IntArray,
    saliences: FloatArray | None,
) -> FloatArray:
    """(2, n_issues) ``agreement.interval_blame`` summed over ``rows``."""
    ni = ideals.shape[1]
    weighted = saliences is not None
    stake = (
        np.maximum((saliences[0] + saliences[1]) * np.abs(ideals[0] - ideals[1]), 1e-9)
        if saliences is not None
        else np.ones(ni)
    )
    return np.asarray(
        _blame_sum(
            np.ascontiguousarray(ideals, dtype=float),
            low,
            high,
            issue_ok,
            np.asarray(rows, dtype=np.int64),
            np.ascontiguousarray(stake, dtype=float),
            weighted,
        ),
        dtype=float,
    )
