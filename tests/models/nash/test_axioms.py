"""Nash's axioms as properties (Hypothesis), and the optimiser against brute-force enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from detente.models.nash.model import NashBargainingModel
from detente.models.nash.packages import PackageSpace, issue_tables
from detente.models.nash.solutions import enumerate_solution, ks_ratios, nash_objective
from detente.models.table import PositionTable
from detente.models.utility import package_utility
from detente.scenario.scales import IssueScale

AXIOMS = settings(max_examples=60, deadline=None, derandomize=True)


def _problem(seed: int, n_players: int, numeric: bool) -> PositionTable:
    """A random small problem: 1–3 issues of 2–4 options (or numeric), floors often met."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 4))
    scales = []
    ideals = np.zeros((n_players, n))
    for d in range(n):
        if numeric and rng.random() < 0.5:
            scales.append(IssueScale(f"i{d}", f"i{d}", "numeric", 0.0, 1.0))
            ideals[:, d] = rng.random(n_players)
        else:
            m = int(rng.integers(2, 5))
            ids = tuple(f"o{j}" for j in range(m))
            pts = tuple(float(x) for x in np.linspace(0, 1, m))
            scales.append(IssueScale(f"i{d}", f"i{d}", "ordinal", 0.0, 1.0, ids, ids, pts))
            ideals[:, d] = rng.choice(pts, n_players)
    return PositionTable(
        actors=tuple(f"a{i}" for i in range(n_players)),
        issues=tuple(s.id for s in scales),
        scales=tuple(scales),
        positions=ideals,
        saliences=rng.random((n_players, n)) + 0.05,
        capabilities=rng.random(n_players) + 0.1,
        veto=np.ones(n_players, dtype=bool),
        at_table=np.ones(n_players, dtype=bool),
        walk_away=rng.random(n_players) * 0.9,
    )


def _space(table: PositionTable) -> PackageSpace:
    return PackageSpace(tuple(np.asarray(s.option_points, dtype=float) for s in table.scales))


def _solve(table: PositionTable, space: PackageSpace, tables: list[np.ndarray]):  # type: ignore[no-untyped-def]
    players = np.arange(table.n_actors)
    w = table.capabilities.mean(axis=1)
    assert table.walk_away is not None
    return enumerate_solution(space, tables, players, np.asarray(table.walk_away), w / w.sum())


seeds = st.integers(0, 2**31 - 1)
n_players = st.integers(2, 3)


@AXIOMS
@given(seeds, n_players)
def test_the_nash_point_is_pareto_optimal(seed: int, k: int) -> None:
    """No package in the space gives every player at least as much and one player more."""
    table = _problem(seed, k, numeric=False)
    f = NashBargainingModel(method="enumerate").forecast(table)
    assume(f.zopa_exists)
    every = np.array(list(itertools.product(*(s.option_points for s in table.scales))))
    util = package_utility(table.positions, table.saliences, every)
    better = np.all(util >= f.utilities - 1e-12, axis=1) & np.any(
        util > f.utilities + 1e-12, axis=1
    )
    assert not better.any()


@AXIOMS
@given(seeds, st.integers(1, 3))
def test_a_symmetric_problem_gives_both_players_the_same_utility(seed: int, n: int) -> None:
    """Mirrored ideals, equal saliences, floors and weights: u_A = u_B at the Nash point."""
    rng = np.random.default_rng(seed)
    a = rng.random(n)
    sal = rng.random(n) + 0.05
    floor = float(rng.random() * 0.4)
    table = PositionTable(
        actors=("a", "b"),
        issues=tuple(f"i{d}" for d in range(n)),
        scales=tuple(IssueScale(f"i{d}", f"i{d}", "numeric", 0.0, 1.0) for d in range(n)),
        positions=np.stack([a, 1 - a]),
        saliences=np.stack([sal, sal]),
        capabilities=np.ones(2),
        veto=np.ones(2, dtype=bool),
        at_table=np.ones(2, dtype=bool),
        walk_away=np.array([floor, floor]),
    )
    f = NashBargainingModel(method="optimise").forecast(table)
    assert f.zopa_exists
    assert f.utilities[0] == pytest.approx(f.utilities[1], abs=1e-6)


@AXIOMS
@given(seeds, n_players, st.floats(0.1, 10.0), st.floats(-3.0, 3.0))
def test_rescaling_a_players_utility_leaves_the_solution_unchanged(
    seed: int, k: int, scale: float, shift: float
) -> None:
    """u_0 → a·u_0 + b (floor too) gives a package worth the same in the original problem."""
    table = _problem(seed, k, numeric=False)
    space = _space(table)
    tables = issue_tables(space.points, table.positions, table.saliences, "linear")
    base = _solve(table, space, tables)
    scaled = [t.copy() for t in tables]
    for t in scaled:
        t[:, 0] *= scale
    scaled[0][:, 0] += shift  # blocks compute 1 + Σ tables: u' = a·u + (1 − a) + b
    assert table.walk_away is not None
    f0 = np.asarray(table.walk_away, dtype=float)
    floors = f0.copy()
    floors[0] = scale * f0[0] + (1 - scale) + shift
    w = table.capabilities.mean(axis=1)
    new = enumerate_solution(space, scaled, np.arange(k), floors, w / w.sum())
    assert (new.nash is None) == (base.nash is None)
    assume(base.nash is not None)
    assert new.nash is not None

    def value(x: np.ndarray) -> float:
        u = package_utility(table.positions, table.saliences, x)
        return float(nash_objective(u - f0, w / w.sum()))

    assert value(new.nash) == pytest.approx(value(base.nash), abs=1e-9)
    assert new.ks is not None and base.ks is not None
    ideal_gain = (
        np.array(
            [
                package_utility(table.positions, table.saliences, base.best_for[i])[i]
                for i in range(k)
            ]
        )
        - f0
    )

    def ks_value(x: np.ndarray) -> float:
        u = package_utility(table.positions, table.saliences, x)
        return float(ks_ratios(u - f0, ideal_gain).min())

    assert ks_value(new.ks) == pytest.approx(ks_value(base.ks), abs=1e-9)


@AXIOMS
@given(seeds, n_players, st.integers(0, 2**31 - 1))
def test_removing_unchosen_packages_leaves_the_nash_point_unchanged(
    seed: int, k: int, drop_seed: int
) -> None:
    """Independence of irrelevant alternatives: shrink the space around the Nash point."""
    table = _problem(seed, k, numeric=False)
    space = _space(table)
    tables = issue_tables(space.points, table.positions, table.saliences, "linear")
    base = _solve(table, space, tables)
    assume(base.nash is not None)
    rng = np.random.default_rng(drop_seed)
    keep = []
    for d, pts in enumerate(space.points):
        mask = rng.random(len(pts)) < 0.5
        mask[np.argmin(np.abs(pts - base.nash[d]))] = True
        keep.append(pts[mask])
    small = PackageSpace(tuple(keep))
    small_tables = issue_tables(small.points, table.positions, table.saliences, "linear")
    new = _solve(table, small, small_tables)
    assert new.nash is not None
    u_new = package_utility(table.positions, table.saliences, new.nash)
    u_base = package_utility(table.positions, table.saliences, base.nash)
    np.testing.assert_allclose(u_new, u_base, atol=1e-12)


@AXIOMS
@given(seeds, n_players)
def test_the_optimiser_equals_enumeration_on_ordinal_spaces(seed: int, k: int) -> None:
    """Same ZOPA verdict, gap, solo gaps, Nash product, best packages and KS value."""
    table = _problem(seed, k, numeric=False)
    e = NashBargainingModel(method="enumerate").forecast(table)
    o = NashBargainingModel(method="optimise").forecast(table)
    assert e.zopa_exists == o.zopa_exists
    assert e.gap == pytest.approx(o.gap, abs=1e-9)
    if not e.zopa_exists:
        np.testing.assert_allclose(
            e.gap_to_open["amount"].to_numpy(), o.gap_to_open["amount"].to_numpy(), atol=1e-9
        )
        return
    assert table.walk_away is not None
    w = table.capabilities.mean(axis=1)
    ne = nash_objective(e.utilities - table.walk_away, w / w.sum())
    no = nash_objective(o.utilities - table.walk_away, w / w.sum())
    assert float(ne) == pytest.approx(float(no), abs=1e-9)
    for j in range(k):
        col = f"u_a{j}"
        assert e.best_for[col].iloc[j] == pytest.approx(o.best_for[col].iloc[j], abs=1e-9)
    ideal_gain = np.array([e.best_for[f"u_a{j}"].iloc[j] for j in range(k)]) - table.walk_away

    def ks_value(x: np.ndarray) -> float:
        u = package_utility(table.positions, table.saliences, x)
        return float(ks_ratios(u - table.walk_away, ideal_gain).min())

    assert ks_value(e.ks_point) == pytest.approx(ks_value(o.ks_point), abs=1e-9)


@AXIOMS
@given(seeds, n_players)
def test_the_optimiser_is_at_least_as_good_as_enumeration_with_numeric_issues(
    seed: int, k: int
) -> None:
    """On a grid, enumeration can only do worse: larger gap, smaller Nash product (≈ equal)."""
    table = _problem(seed, k, numeric=True)
    e = NashBargainingModel(method="enumerate", grid=41).forecast(table)
    o = NashBargainingModel(method="optimise").forecast(table)
    assert o.gap <= e.gap + 1e-9
    assert e.gap - o.gap < 0.03
    if e.zopa_exists:
        assert o.zopa_exists
        assert table.walk_away is not None
        w = table.capabilities.mean(axis=1)
        ne = float(nash_objective(e.utilities - table.walk_away, w / w.sum()))
        no = float(nash_objective(o.utilities - table.walk_away, w / w.sum()))
        assert no >= ne - 1e-7
