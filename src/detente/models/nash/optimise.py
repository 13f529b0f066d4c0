"""Bargaining solutions by optimisation: continuous numeric issues, enumerated ordinal ones.

For a fixed combination of ordinal options, every utility is concave in the numeric issues
(linear or quadratic loss), so each sub-problem is convex:

* **Linear loss** (the shared :func:`package_utility`): with :math:`e_{ad} \\ge |x_d - \\hat
  x_{ad}|` linearised as two inequalities, the maximin value, each actor's best package, each
  player's best package under the others' floors and the Kalai–Smorodinsky point are linear
  programmes (HiGHS via :func:`scipy.optimize.linprog`). The Nash product is maximised by
  SLSQP on the same variables, started from the maximin solution (strictly inside the ZOPA).
* **Quadratic loss**: all five are smooth convex programmes, solved by SLSQP.

The ordinal combinations inside the red lines are enumerated outside (their number is the
product of the admissible option counts; :class:`NashBargainingModel` caps it).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from scipy.optimize import linprog, minimize

from detente._typing import FloatArray, IntArray
from detente.models.nash.packages import PackageSpace
from detente.models.nash.solutions import TOL, BargainingSolution, nash_objective
from detente.models.utility import normalised_saliences

__all__ = ["optimise_solution"]


class _Sub:
    """The numeric sub-problem for one ordinal combination: variables z = (x, e)."""

    def __init__(
        self,
        lo: FloatArray,
        hi: FloatArray,
        ideals: FloatArray,
        w: FloatArray,
        const: FloatArray,
        linear: bool,
    ) -> None:
        self.lo, self.hi, self.ideals, self.w, self.const = lo, hi, ideals, w, const
        self.linear = linear
        self.n_act, self.nn = ideals.shape
        self.nz = self.nn * (1 + self.n_act) if linear else self.nn

    def utility(self, z: FloatArray) -> FloatArray:
        """Utilities of all actors at z (for linear loss, through the e variables)."""
        x = z[: self.nn]
        if self.linear:
            e = z[self.nn :].reshape(self.n_act, self.nn)
            return np.asarray(self.const - (self.w * e).sum(axis=1), dtype=float)
        return np.asarray(self.const - (self.w * (x - self.ideals) ** 2).sum(axis=1), dtype=float)

    def true_utility(self, x: FloatArray) -> FloatArray:
        loss = np.abs(x - self.ideals) if self.linear else (x - self.ideals) ** 2
        return np.asarray(self.const - (self.w * loss).sum(axis=1), dtype=float)

    def lp(
        self, gain: FloatArray, rows: IntArray, floors: FloatArray, t_coef: FloatArray | None
    ) -> tuple[float, FloatArray] | None:
        """max gain·u (+ t if t_coef) s.t. u_i − t_coef_i·t ≥ floors_i for actors ``rows``."""
        nn, na = self.nn, self.n_act
        nt = 0 if t_coef is None else 1
        c = np.zeros(self.nz + nt)
        c[nn:] = 0.0
        if t_coef is None:
            c[nn : self.nz] = (gain[:, None] * self.w).ravel()
        else:
            c[-1] = -1.0
        A, b = [], []
        for a in range(na):
            for d in range(nn):
                for sgn in (1.0, -1.0):
                    row = np.zeros(self.nz + nt)
                    row[d], row[nn + a * nn + d] = sgn, -1.0
                    A.append(row)
                    b.append(sgn * self.ideals[a, d])
        for k, i in enumerate(rows):
            row = np.zeros(self.nz + nt)
            row[nn + i * nn : nn + (i + 1) * nn] = self.w[i]
            if t_coef is not None:
                row[-1] = t_coef[k]
            A.append(row)
            b.append(self.const[i] - floors[k])
        bounds = [(self.lo[d], self.hi[d]) for d in range(nn)] + [(0.0, None)] * (na * nn)
        bounds += [(None, None)] * nt
        res = linprog(c, A_ub=np.array(A), b_ub=np.array(b), bounds=bounds, method="highs")
        if res.status != 0:
            return None
        z = np.asarray(res.x, dtype=float)
        val = float(-res.fun) if t_coef is not None else float(gain @ self.utility(z[: self.nz]))
        return val, z[:nn]

    def slsqp(
        self,
        objective: Callable[[FloatArray], float],
        cons: Callable[[FloatArray], FloatArray],
        x0: FloatArray,
        extra: int,
    ) -> FloatArray:
        bounds = [(self.lo[d], self.hi[d]) for d in range(self.nn)] + [(None, None)] * extra
        res = minimize(
            objective,
            x0,
            method="SLSQP",
            bounds=bounds,
            constraints=[{"type": "ineq", "fun": cons}],
            options={"ftol": 1e-14, "maxiter": 500},
        )
        return np.asarray(res.x, dtype=float)

    def maximise(
        self, gain: FloatArray, rows: IntArray, floors: FloatArray, t_coef: FloatArray | None
    ) -> tuple[float, FloatArray] | None:
        """As :meth:`lp`, for either loss (SLSQP for quadratic)."""
        if self.linear or self.nn == 0:
            if self.nn == 0:
                u = self.const
                if t_coef is None:
                    ok = bool(np.all(u[rows] >= floors - TOL))
                    return (float(gain @ u), np.zeros(0)) if ok else None
                pos = t_coef > 0
                if np.any(u[rows][~pos] < floors[~pos] - TOL) or not pos.any():
                    return None
                t = (u[rows][pos] - floors[pos]) / t_coef[pos]
                return float(t.min()), np.zeros(0)
            return self.lp(gain, rows, floors, t_coef)
        x0 = np.clip(self.ideals.mean(axis=0), self.lo, self.hi)
        if t_coef is None:
            x = self.slsqp(
                lambda z: -float(gain @ self.true_utility(z)),
                lambda z: self.true_utility(z)[rows] - floors,
                x0,
                0,
            )
            ok = bool(np.all(self.true_utility(x)[rows] >= floors - 1e-7))
            return (float(gain @ self.true_utility(x)), x) if ok else None
        t0 = float((self.true_utility(x0)[rows] - floors).min())
        z = self.slsqp(
            lambda z: -float(z[-1]),
            lambda z: self.true_utility(z[:-1])[rows] - floors - t_coef * z[-1],
            np.append(x0, t0),
            1,
        )
        return float(z[-1]), z[:-1]

    def nash(
        self, players: IntArray, floors: FloatArray, weights: FloatArray, start: FloatArray
    ) -> FloatArray:
        """Maximise Σ ω_i ln(u_i − f_i), started from a strictly feasible package."""
        if self.nn == 0:
            return start
        if not self.linear:
            return self.slsqp(
                lambda x: -float(nash_objective(self.true_utility(x)[players] - floors, weights)),
                lambda x: self.true_utility(x)[players] - floors - 1e-12,
                start,
                0,
            )
        nn, na = self.nn, self.n_act
        e0 = np.abs(start[None, :] - self.ideals).ravel()

        def obj(z: FloatArray) -> float:
            s = self.utility(z)[players] - floors
            return -float((weights * np.log(np.maximum(s, 1e-300))).sum())

        def cons(z: FloatArray) -> FloatArray:
            x, e = z[:nn], z[nn:].reshape(na, nn)
            s = self.utility(z)[players] - floors - 1e-12
            return np.concatenate(
                [(e - (x - self.ideals)).ravel(), (e + x - self.ideals).ravel(), s]
            )

        z = self.slsqp(obj, cons, np.concatenate([start, e0]), na * nn)
        return z[:nn]


def optimise_solution(
    space: PackageSpace,
    numeric: IntArray,
    ideals: FloatArray,
    saliences: FloatArray,
    players: IntArray,
    floors: FloatArray,
    weights: FloatArray,
    utility: str,
    maximin_only: bool = False,
) -> BargainingSolution:
    """Solve with numeric issues continuous on their admissible interval (see module doc).

    ``space`` supplies the admissible ordinal options (its numeric candidates only give each
    interval's ends); ``numeric`` lists the numeric issues' indices. With ``maximin_only``
    only ``t_star`` and ``maximin`` are computed (the rest is left empty).
    """
    n = len(space.points)
    n_act = ideals.shape[0]
    w = normalised_saliences(saliences)
    ordinal = np.array([d for d in range(n) if d not in set(numeric.tolist())], dtype=np.int64)
    lo = np.array([space.points[d].min() for d in numeric])
    hi = np.array([space.points[d].max() for d in numeric])
    linear = utility == "linear"
    subs: list[tuple[FloatArray, _Sub]] = []
    for combo in itertools.product(*(space.points[d] for d in ordinal)):
        xo = np.asarray(combo, dtype=float)
        dist = xo[None, :] - ideals[:, ordinal]
        loss = np.abs(dist) if linear else dist**2
        const = 1.0 - (w[:, ordinal] * loss).sum(axis=1)
        subs.append((xo, _Sub(lo, hi, ideals[:, numeric], w[:, numeric], const, linear)))

    def package(xo: FloatArray, xn: FloatArray) -> FloatArray:
        out = np.empty(n)
        out[ordinal], out[numeric] = xo, xn
        return out

    def best_over(
        gain: FloatArray, rows: IntArray, fl: FloatArray, t_coef: FloatArray | None
    ) -> tuple[float, FloatArray | None]:
        top: tuple[float, FloatArray | None] = (-np.inf, None)
        for xo, sub in subs:
            r = sub.maximise(gain, rows, fl, t_coef)
            if r is not None and r[0] > top[0] + TOL:
                top = (r[0], package(xo, r[1]))
        return top

    ones = np.ones(len(players))
    t_star, maximin = best_over(np.zeros(n_act), players, floors, ones)
    assert maximin is not None
    exists = t_star >= -TOL
    best_for = np.full((n_act, n), np.nan)
    nash: FloatArray | None = None
    ks: FloatArray | None = None
    alone = np.full(len(players), np.nan)
    if maximin_only:
        return BargainingSolution(float(t_star), maximin, None, None, best_for, alone)
    if not exists:
        for k, i in enumerate(players):
            rows = np.delete(players, k)
            alone[k], _ = best_over(np.eye(n_act)[i], rows, np.delete(floors, k), None)
    if exists:
        for a in range(n_act):
            _, pkg = best_over(np.eye(n_act)[a], players, floors, None)
            if pkg is not None:
                best_for[a] = pkg
        ustar = np.array([_util(ideals, w, best_for[i], linear)[i] for i in players])
        _, ks = best_over(np.zeros(n_act), players, floors, ustar - floors)
        top = -np.inf
        for xo, sub in subs:
            r = sub.maximise(np.zeros(n_act), players, floors, ones)
            if r is None or r[0] <= TOL:
                continue
            xn = sub.nash(players, floors, weights, r[1])
            cand = package(xo, xn)
            val = float(nash_objective(_util(ideals, w, cand, linear)[players] - floors, weights))
            if val > top:
                top, nash = val, cand
    return BargainingSolution(
        t_star=float(t_star), maximin=maximin, nash=nash, ks=ks, best_for=best_for, alone=alone
    )


def _util(ideals: FloatArray, w: FloatArray, x: FloatArray, linear: bool) -> FloatArray:
    dist = x[None, :] - ideals
    loss = np.abs(dist) if linear else dist**2
    return np.asarray(1.0 - (w * loss).sum(axis=1), dtype=float)
