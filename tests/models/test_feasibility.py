"""Feasibility constraints (models/feasibility.py): compiling, checking, repairing, and the
simulation's exact Nash search over the feasible part of a box."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from detente.dynamics.agreement import _solve_with_rules
from detente.models.feasibility import Rule, condition_pieces, first_violated, project
from detente.models.utility import package_utility
from detente.scenario.scales import IssueScale

ORD = IssueScale(
    "g", "g", "ordinal", 0.0, 1.0, ("a", "b", "c", "d"), ("", "", "", ""), (0.0, 1 / 3, 2 / 3, 1.0)
)
NUM = IssueScale("n", "n", "numeric", 0.0, 100.0)


def test_condition_pieces_split_options_into_runs() -> None:
    inner, outer = condition_pieces(ORD, ["a", "c", "d"], None, None)
    assert inner == ((0.0, 0.0), (2 / 3, 1.0)) and outer == ((1 / 3, 1 / 3),)
    inner, outer = condition_pieces(NUM, None, 20.0, None)
    assert inner == ((0.2, 1.0),) and len(outer) == 1 and outer[0][1] < 0.2


RULE = Rule("r", 0, ((0.0, 0.0),), ((1 / 3, 1.0),), 1, ((2 / 3, 1.0),))
"""If issue 0 is option a, issue 1 must be option c or d."""


def test_first_violated() -> None:
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1 / 3, 0.0], [np.nan, np.nan]])
    assert first_violated(x, [RULE]).tolist() == [0, -1, -1, -1]


def test_project_takes_the_cheaper_repair() -> None:
    x, notes = project(
        np.array([0.0, 0.0]), [RULE], np.array([1.0, 0.1]), (ORD.option_points, ORD.option_points)
    )
    assert np.allclose(x, [0.0, 2 / 3]) and notes  # moving issue 1 is cheaper
    x, _ = project(
        np.array([0.0, 0.0]), [RULE], np.array([0.1, 1.0]), (ORD.option_points, ORD.option_points)
    )
    assert np.allclose(x, [1 / 3, 0.0])


def _brute(ideals, sal, lo, hi, floors, w, rules):
    pts = ORD.option_points
    best, arg = -np.inf, None
    for x in itertools.product(pts, repeat=ideals.shape[1]):
        xa = np.array(x)
        if ((xa < lo - 1e-9) | (xa > hi + 1e-9)).any() or first_violated(xa[None], rules)[0] >= 0:
            continue
        u = package_utility(ideals, sal, xa[None])[0]
        if (u < floors - 1e-12).any():
            continue
        v = float((w / w.sum() * np.log(np.maximum(u - floors, 1e-300))).sum())
        if v > best:
            best, arg = v, xa
    return best, arg


@pytest.mark.parametrize("seed", range(25))
def test_nash_search_with_rules_matches_brute_force(seed: int) -> None:
    """The branch search finds the best feasible package a full enumeration finds."""
    rng = np.random.default_rng(seed)
    n_i = 3
    pts = np.array(ORD.option_points)
    ideals = np.stack([rng.choice(pts, n_i), rng.choice(pts, n_i)])
    sal = rng.dirichlet(np.ones(n_i), size=2)
    lo, hi = np.zeros(n_i), np.ones(n_i)
    floors = rng.uniform(0.2, 0.6, 2)
    w = rng.uniform(0.5, 2.0, 2)
    rules = (
        Rule("r0", 0, ((0.0, 1 / 3),), ((2 / 3, 1.0),), 1, ((2 / 3, 1.0),)),
        Rule("r1", 2, ((1.0, 1.0),), ((0.0, 2 / 3),), 0, ((0.0, 0.0),)),
    )
    ex, deal, _ = _solve_with_rules(
        ideals,
        sal,
        lo[None],
        hi[None],
        floors[None],
        w[None],
        (ORD.option_points,) * n_i,
        rules,
        4,
    )
    best, arg = _brute(ideals, sal, lo, hi, floors, w, rules)
    assert bool(ex[0]) == (arg is not None)
    if arg is not None:
        u = package_utility(ideals, sal, deal)[0]
        v = float((w / w.sum() * np.log(np.maximum(u - floors, 1e-300))).sum())
        assert v == pytest.approx(best, abs=1e-9)
        assert first_violated(deal, rules)[0] == -1


def test_every_model_predicts_a_feasible_package() -> None:
    """A rule the unconstrained predictions break (neutral Blue with more than 10 % of the land
    ceded): every model that reads scenarios moves its prediction to a feasible package and
    says so."""
    from pathlib import Path

    import yaml

    from detente.models.registry import MODELS, get_model
    from detente.models.table import PositionTable
    from detente.scenario.loader import validate_data

    path = Path(__file__).parents[2] / "docs" / "examples" / "scenario-example.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["constraints"] = [
        {
            "id": "neutral_keeps_land",
            "when": {"issue": "alliance", "options": ["neutral"]},
            "then": {"issue": "land", "at_most": 10},
            "evidence": [{"judgement": "t"}],
        }
    ]
    v = validate_data(data, {}, "rule")
    assert v.ok and v.scenario is not None
    table = PositionTable.from_scenario(v.scenario)
    moved = 0
    for name in MODELS:
        model = get_model(name)
        if model.info.needs_issue_info:
            continue
        f = model.forecast(v.scenario, seed=1)
        assert first_violated(f.outcome[None], table.rules)[0] == -1, name
        moved += any("feasible package" in n for n in f.notes)
    assert moved >= 3  # the rule bites: most models' raw predictions break it
