"""Nash bargaining over package deals, with the ZOPA, Kalai–Smorodinsky and what blocks a deal.

Every veto player's disagreement point is its *floor*: the larger of its walk-away value
(fighting on, net of costs; Fearon 1995) and the lowest utility its public tolerates
(``min_utility`` = 1 − domestic tolerance). Red lines are hard constraints. The zone of
possible agreement (ZOPA) is the set of packages inside every player's red lines that give
every player at least its floor; the model returns its asymmetric Nash point (Nash 1950;
Roth 1979; weights from capability, Schneider, Finke & Bailer 2010), its Kalai–Smorodinsky
point (1975), its Pareto frontier and each actor's best package, and, where it is empty, who
and what binds and how far each side would have to move. See docs/models.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from detente._typing import FloatArray, IntArray
from detente.errors import InvalidParameterError
from detente.models.base import BargainingModel, ModelInfo, check_param
from detente.models.nash.diagnosis import (
    active_limits,
    conflict_records,
    floor_records,
    native_amount,
    relax_limit,
)
from detente.models.nash.forecast import NashForecast
from detente.models.nash.optimise import optimise_solution
from detente.models.nash.packages import (
    PackageSpace,
    candidate_points,
    issue_tables,
    pareto_packages,
)
from detente.models.nash.solutions import (
    TOL,
    BargainingSolution,
    enumerate_maximin,
    enumerate_solution,
)
from detente.models.table import PositionTable
from detente.models.utility import normalised_saliences

__all__ = ["NashBargainingModel", "NashForecast"]


@dataclass(frozen=True, kw_only=True)
class NashBargainingModel(BargainingModel):
    """Asymmetric Nash bargaining over package deals, with the ZOPA and Kalai–Smorodinsky.

    Parameters
    ----------
    weights : {"capability", "equal"}
        Bargaining weights: each player's mean capability (normalised), or equal.
    players : {"veto", "all"}
        Whose consent (floor, red lines) a deal needs.
    utility : {"linear", "quadratic"}
        Loss per issue: linear is detente's shared ``package_utility``; quadratic gives the
        compromise (weighted mean) limit.
    method : {"auto", "enumerate", "optimise"}
        Enumerate every package (exact for ordinal issues, numeric issues on a grid), or
        optimise numeric issues continuously per ordinal combination (LP/HiGHS and SLSQP;
        at most ``MAX_OPTIMISE_COMBOS`` combinations). "auto" enumerates when the space has
        at most ``max_packages`` packages and optimises otherwise.
    grid : int
        Evenly spaced candidate points per numeric issue (plus ideals and red-line limits).
    max_packages : int
        Largest package space enumerated.
    block_size : int
        Packages evaluated per block (memory ≈ block_size × n_actors × 8 bytes × a few).
    max_frontier : int
        Most frontier rows returned (evenly thinned beyond).
    """

    name: ClassVar[str] = "nash"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="Nash bargaining over package deals",
        summary="Asymmetric Nash and Kalai–Smorodinsky points of the zone of possible agreement.",
        reference="Nash (1950); Kalai & Smorodinsky (1975); Roth (1979); Fearon (1995)",
        needs_walk_away=True,
    )

    weights: str = "capability"
    players: str = "veto"
    utility: str = "linear"
    method: str = "auto"
    grid: int = 11
    max_packages: int = 20_000_000
    block_size: int = 1 << 18
    max_frontier: int = 500

    def __post_init__(self) -> None:
        m = type(self).__name__
        check_param(
            m,
            "weights",
            self.weights,
            "'capability' or 'equal'",
            self.weights in ("capability", "equal"),
        )
        check_param(m, "players", self.players, "'veto' or 'all'", self.players in ("veto", "all"))
        check_param(
            m,
            "utility",
            self.utility,
            "'linear' or 'quadratic'",
            self.utility in ("linear", "quadratic"),
        )
        check_param(
            m,
            "method",
            self.method,
            "'auto', 'enumerate' or 'optimise'",
            self.method in ("auto", "enumerate", "optimise"),
        )
        for name in ("grid", "max_packages", "block_size", "max_frontier"):
            v = getattr(self, name)
            check_param(m, name, v, "an int ≥ 2", isinstance(v, int) and v >= 2)

    def _forecast(self, table: PositionTable, rng: np.random.Generator) -> NashForecast:
        del rng
        n_act, n = table.n_actors, table.n_issues
        notes: list[str] = []
        players = np.flatnonzero(table.veto) if self.players == "veto" else np.arange(n_act)
        if players.size == 0:
            players = np.arange(n_act)
            notes.append("no actor has a veto: every actor is treated as a player")
        assert table.walk_away is not None
        walk = np.asarray(table.walk_away, dtype=float)[players]
        public = (
            np.full(len(players), -np.inf)
            if table.min_utility is None
            else np.asarray(table.min_utility, dtype=float)[players]
        )
        floors = np.maximum(walk, public)
        source = [str(s) for s in np.where(public > walk, "public", "walk_away")]
        cap = table.capabilities.mean(axis=1)[players]
        weights = cap / cap.sum() if self.weights == "capability" else np.ones(len(players))
        lows = np.zeros((n_act, n)) if table.acceptable_low is None else table.acceptable_low
        highs = np.ones((n_act, n)) if table.acceptable_high is None else table.acceptable_high
        ideals = np.asarray(table.positions, dtype=float)

        space, conflicts = self._space(table, players, lows, highs)
        if conflicts:
            notes.append("red lines conflict; the utility gap is computed with them lifted")
        tables = issue_tables(space.points, ideals, table.saliences, self.utility)
        method = self.method
        if method == "auto":
            method = "enumerate" if space.size <= self.max_packages else "optimise"
        sol = self._solve(method, space, tables, table, players, floors, weights)

        exists = not conflicts and sol.t_star >= -TOL
        nan = np.full(n, np.nan)
        nash_pt = sol.nash if exists and sol.nash is not None else (sol.maximin if exists else nan)
        ks_pt = sol.ks if exists and sol.ks is not None else nan
        outcome = nash_pt if exists else sol.maximin
        if not exists:
            notes.append("no ZOPA: the outcome is the maximin package, not a predicted deal")
        fl_all = np.full(n_act, np.nan)
        fl_all[players] = floors
        src_all = [""] * n_act
        for k, i in enumerate(players):
            src_all[i] = source[k]
        binding: list[dict[str, Any]] = []
        gap_rows: list[dict[str, Any]] = []
        if not exists:
            binding, gap_rows = conflict_records(table, players, lows, highs, conflicts)
            loss = self._loss(ideals, table.saliences, sol.maximin)
            b2, r2 = floor_records(table, sol, players, floors, source, loss)
            binding += b2
            gap_rows += r2
            if not conflicts:
                b3, r3 = self._relaxations(
                    method, table, players, floors, weights, lows, highs, sol, space.size
                )
                binding += b3
                gap_rows += r3
        frontier, exact = self._frontier(table, space, tables, players, floors)
        if not exact:
            notes.append("the frontier was thinned while being built: rows may be dominated")
        if any(b["kind"] == "floor" and b["source"] == "public" for b in binding):
            notes.append("a public's tolerance, not the walk-away value, binds")
        return self._result(
            table,
            outcome,
            kind=NashForecast,
            utilities=self._utility(ideals, table.saliences, outcome),
            notes=(*notes, f"method: {method}"),
            zopa_exists=exists,
            gap=float("inf") if conflicts else max(0.0, -sol.t_star),
            nash_point=nash_pt,
            ks_point=ks_pt,
            floors=fl_all,
            floor_source=tuple(src_all),
            frontier=frontier,
            best_for=self._best_for(table, sol, ideals, exists),
            binding=tuple(binding),
            gap_to_open=pd.DataFrame(
                gap_rows, columns=["actor", "kind", "source", "issue", "amount", "amount_native"]
            ),
        )

    # --- pieces -------------------------------------------------------------------------

    def _space(
        self, table: PositionTable, players: IntArray, lows: FloatArray, highs: FloatArray
    ) -> tuple[PackageSpace, list[int]]:
        """Candidates inside every player's red lines; conflicting issues get the full scale."""
        low, high = lows[players].max(axis=0), highs[players].min(axis=0)
        ideals = np.asarray(table.positions, dtype=float)
        points = [
            candidate_points(s, low[d], high[d], ideals[:, d], self.grid)
            for d, s in enumerate(table.scales)
        ]
        conflicts = [d for d, p in enumerate(points) if len(p) == 0]
        for d in conflicts:
            points[d] = candidate_points(table.scales[d], 0.0, 1.0, ideals[:, d], self.grid)
        return PackageSpace(tuple(points)), conflicts

    def _solve(
        self,
        method: str,
        space: PackageSpace,
        tables: list[FloatArray],
        table: PositionTable,
        players: IntArray,
        floors: FloatArray,
        weights: FloatArray,
        maximin_only: bool = False,
    ) -> BargainingSolution:
        numeric = np.array(
            [d for d, s in enumerate(table.scales) if s.kind != "ordinal"], dtype=np.int64
        )
        if method == "enumerate":
            if space.size > self.max_packages:
                msg = (
                    f"the package space has {space.size:,} packages, more than max_packages="
                    f"{self.max_packages:,}. Fix: use method='optimise' or a smaller grid."
                )
                raise InvalidParameterError(msg)
            if maximin_only:
                t = enumerate_maximin(space, tables, players, floors, self.block_size)
                return BargainingSolution(t, np.zeros(0), None, None, np.zeros(0), np.zeros(0))
            return enumerate_solution(space, tables, players, floors, weights, self.block_size)
        n_combos = prod(space.sizes[d] for d in range(len(space.points)) if d not in numeric)
        if n_combos > MAX_OPTIMISE_COMBOS:
            msg = (
                f"method='optimise' solves one convex programme per combination of ordinal "
                f"options; this space has {n_combos:,} (more than {MAX_OPTIMISE_COMBOS:,}). "
                "Fix: use method='enumerate' with a smaller grid, or merge ordinal options."
            )
            raise InvalidParameterError(msg)
        return optimise_solution(
            space,
            numeric,
            table.positions,
            table.saliences,
            players,
            floors,
            weights,
            self.utility,
            maximin_only,
        )

    def _relaxations(
        self,
        method: str,
        table: PositionTable,
        players: IntArray,
        floors: FloatArray,
        weights: FloatArray,
        lows: FloatArray,
        highs: FloatArray,
        sol: BargainingSolution,
        size: int,
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Active red lines at the maximin package, and the smallest move of each that opens
        a ZOPA with everything else fixed (NaN, not searched, when enumerating more than
        ``_SEARCH_LIMIT`` packages)."""
        binding: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for i, d, side, lim in active_limits(sol, players, lows, highs):
            sc = table.scales[d]

            def opens(v: float, i: int = i, d: int = d, side: str = side) -> bool:
                lo, hi = np.array(lows, dtype=float), np.array(highs, dtype=float)
                (lo if side == "low" else hi)[i, d] = v
                space, conflicts = self._space(table, players, lo, hi)
                if conflicts:
                    return False
                tabs = issue_tables(space.points, table.positions, table.saliences, self.utility)
                s = self._solve(method, space, tabs, table, players, floors, weights, True)
                return s.t_star >= -TOL

            search = method == "optimise" or size <= _SEARCH_LIMIT
            amount = relax_limit(sc, side, lim, opens) if search else float("nan")
            binding.append(
                {
                    "kind": "red_line_active",
                    "issue": sc.id,
                    "actor": table.actors[i],
                    "limit": lim,
                    "move": amount,
                }
            )
            rows.append(
                {
                    "actor": table.actors[i],
                    "kind": "red_line",
                    "source": "",
                    "issue": sc.id,
                    "amount": amount,
                    "amount_native": native_amount(sc, amount),
                }
            )
        return binding, rows

    def _loss(self, ideals: FloatArray, saliences: FloatArray, x: FloatArray) -> FloatArray:
        """Each actor's weighted loss on each issue at package x: (n_actors, n_issues)."""
        dist = np.asarray(x, dtype=float)[None, :] - ideals
        loss = np.abs(dist) if self.utility == "linear" else dist**2
        return np.asarray(normalised_saliences(saliences) * loss, dtype=float)

    def _utility(self, ideals: FloatArray, saliences: FloatArray, x: FloatArray) -> FloatArray:
        return np.asarray(1.0 - self._loss(ideals, saliences, x).sum(axis=1), dtype=float)

    def _frontier(
        self,
        table: PositionTable,
        space: PackageSpace,
        tables: list[FloatArray],
        players: IntArray,
        floors: FloatArray,
    ) -> tuple[pd.DataFrame, bool]:
        U, choice, exact = pareto_packages([t[:, players] for t in tables], floors=floors)
        if len(U) == 0:  # no ZOPA: show the whole frontier, to see how close it comes
            U, choice, exact = pareto_packages([t[:, players] for t in tables])
        order = np.argsort(-U[:, 0], kind="stable")
        if len(order) > self.max_frontier:
            order = order[np.linspace(0, len(order) - 1, self.max_frontier).astype(int)]
        pk = np.stack([space.points[d][choice[order, d]] for d in range(len(space.points))], 1)
        df = pd.DataFrame(pk, columns=list(table.issues))
        for k, i in enumerate(players):
            df[f"u_{table.actors[i]}"] = U[order, k]
        df["in_zopa"] = np.asarray(U[order] >= floors - TOL, dtype=bool).all(axis=1).tolist()
        return df, exact

    def _best_for(
        self, table: PositionTable, sol: BargainingSolution, ideals: FloatArray, exists: bool
    ) -> pd.DataFrame:
        if not exists:
            return pd.DataFrame(columns=["actor", *table.issues])
        df = pd.DataFrame(sol.best_for, columns=list(table.issues))
        df.insert(0, "actor", list(table.actors))
        for j, a in enumerate(table.actors):
            df[f"u_{a}"] = [self._utility(ideals, table.saliences, x)[j] for x in sol.best_for]
        return df


_SEARCH_LIMIT = 10_000_000
MAX_OPTIMISE_COMBOS = 5_000
