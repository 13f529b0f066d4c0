"""The package space: candidate points, streamed blocks and Pareto frontiers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from detente.models.nash.packages import (
    PackageSpace,
    candidate_points,
    issue_tables,
    pareto_front,
    pareto_packages,
)
from detente.models.utility import package_utility
from detente.scenario.scales import IssueScale

ORDINAL = IssueScale(
    "o", "O", "ordinal", 0.0, 1.0, ("a", "b", "c"), ("A", "B", "C"), (0.0, 0.5, 1.0)
)
NUMERIC = IssueScale("n", "N", "numeric", 0.0, 10.0)


def _brute_front(values: np.ndarray) -> set[tuple[float, ...]]:
    keep = set()
    for v in values:
        dominated = np.any(np.all(values >= v, axis=1) & np.any(values > v, axis=1))
        if not dominated:
            keep.add(tuple(np.round(v, 9)))
    return keep


def test_ordinal_candidates_are_the_options_inside_the_red_lines() -> None:
    """An ordinal issue offers exactly the option points within [low, high]."""
    np.testing.assert_array_equal(candidate_points(ORDINAL, 0.4, 1.0, np.zeros(2), 5), [0.5, 1.0])
    assert candidate_points(ORDINAL, 0.6, 0.9, np.zeros(2), 5).size == 0


def test_numeric_candidates_include_the_grid_ideals_and_limits() -> None:
    """A numeric issue offers the grid, the interval's ends and the clipped ideals."""
    pts = candidate_points(NUMERIC, 0.2, 0.8, np.array([0.33, 0.95]), 3)
    np.testing.assert_allclose(pts, [0.2, 0.33, 0.5, 0.8])
    assert candidate_points(NUMERIC, 0.7, 0.3, np.zeros(2), 3).size == 0


@pytest.mark.parametrize("block_size", [1, 7, 50, 10_000])
def test_blocks_stream_every_package_once_with_the_shared_utility(block_size: int) -> None:
    """Concatenated blocks equal package_utility over the packages in C order."""
    rng = np.random.default_rng(0)
    space = PackageSpace(tuple(np.linspace(0, 1, k) for k in (3, 4, 2, 5)))
    ideals, sal = rng.random((3, 4)), rng.random((3, 4))
    tables = issue_tables(space.points, ideals, sal, "linear")
    starts, blocks = zip(*space.blocks(tables, block_size), strict=True)
    allu = np.concatenate(blocks)
    assert allu.shape == (space.size, 3)
    assert starts[0] == 0
    packages = space.packages(np.arange(space.size))
    np.testing.assert_allclose(allu, package_utility(ideals, sal, packages), atol=1e-12)


def test_quadratic_tables_use_squared_distance() -> None:
    """utility='quadratic' gives 1 − Σ w (x − ideal)²."""
    space = PackageSpace((np.array([0.0, 1.0]),))
    (t,) = issue_tables(space.points, np.array([[0.5]]), np.array([[1.0]]), "quadratic")
    np.testing.assert_allclose(t[:, 0], [-0.25, -0.25])


@pytest.mark.parametrize("k", [2, 3, 4])
def test_pareto_front_matches_brute_force(k: int) -> None:
    """The block filter keeps exactly the undominated rows."""
    v = np.round(np.random.default_rng(k).random((400, k)), 2)
    kept = {tuple(np.round(v[i], 9)) for i in pareto_front(v)}
    assert kept == _brute_front(v)


def test_frontier_built_issue_by_issue_equals_the_frontier_of_all_packages() -> None:
    """Minkowski-sum pruning loses no Pareto-optimal package; floors keep the ZOPA part."""
    rng = np.random.default_rng(3)
    space = PackageSpace(tuple(np.linspace(0, 1, k) for k in (3, 4, 3, 2)))
    ideals, sal = rng.random((3, 4)), rng.random((3, 4))
    tables = issue_tables(space.points, ideals, sal, "linear")
    U, choice, exact = pareto_packages(tables)
    assert exact
    every = np.array(list(itertools.product(*space.points)))
    allu = package_utility(ideals, sal, every)
    assert {tuple(np.round(u, 9)) for u in U} == _brute_front(allu)
    pk = np.stack([space.points[d][choice[:, d]] for d in range(4)], axis=1)
    np.testing.assert_allclose(package_utility(ideals, sal, pk), U, atol=1e-12)
    floors = np.quantile(allu, 0.4, axis=0)
    Uf, _, _ = pareto_packages(tables, floors=floors)
    inside = {tuple(np.round(u, 9)) for u in U if np.all(u >= floors)}
    assert {tuple(np.round(u, 9)) for u in Uf} == inside
