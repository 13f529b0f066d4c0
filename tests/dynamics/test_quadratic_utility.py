"""Quadratic loss in the simulation (``calibration.utility``): deals split issues instead of
trading them whole, every utility the engine evaluates uses the same loss, linear is untouched."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from detente.dynamics import simulate
from detente.dynamics.agreement import _solve_with_rules, could_agree
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.concession import stakes
from detente.dynamics.montecarlo import run_chunks
from detente.dynamics.walk_away import rival_distance
from detente.dynamics.world import compile_world
from detente.models.feasibility import Rule, first_violated
from detente.models.nash.two_party_quadratic import zopa_two_party_quadratic
from detente.models.utility import normalised_saliences, package_utility
from detente.scenario import Scenario
from detente.scenario.loader import validate_data
from detente.scenario.overrides import load_with_overrides

from .conftest import BUILTIN

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "scenario-example.yaml"


def _two_numeric(utility: str | None, spoiler: bool = False) -> Scenario:
    """Red wants both issues at 100, Blue at 0; Red cares most about land, Blue about aid.
    Bottom lines at the rival's ideal, so every package of [0, 100]² is admissible."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    land = data["issues"][0]
    land["scale"].pop("provisions", None)
    land.pop("power_shift", None)
    aid = copy.deepcopy(land)
    aid.update(id="aid", name="Aid")
    data["issues"] = [land, aid]
    data.pop("constraints")
    data.pop("proposals")

    def pos(ideal: float, bottom: float, sal: float) -> dict[str, Any]:
        return {
            "stated": ideal,
            "ideal": ideal,
            "bottom_line": bottom,
            "salience": sal,
            "evidence": [{"judgement": "t"}],
        }

    data["positions"] = {
        "red": {"land": pos(100, 0, 0.7), "aid": pos(100, 0, 0.3)},
        "blue": {"land": pos(0, 100, 0.3), "aid": pos(0, 100, 0.7)},
        "green": {"land": pos(50, 50, 0.5), "aid": pos(50, 50, 0.5)},
    }
    if spoiler:  # Green, away from the table, spoils deals far from its split-the-difference
        green = next(a for a in data["actors"] if a["id"] == "green")
        green.update(at_table=False, spoiler_capacity=1.0, domestic_tolerance=0.15)
    # beliefs held (no battle moves a prior this heavy): the tests are about the loss
    data["calibration"] = {"belief_strength": 1000.0}
    if utility is not None:
        data["calibration"]["utility"] = utility
    v = validate_data(data, {}, "two-numeric")
    assert v.ok, [e.render() for e in v.errors]
    assert v.scenario is not None
    return v.scenario


def test_linear_trades_issues_quadratic_splits_them() -> None:
    lin = simulate(_two_numeric(None), n_draws=300, n_months=12, seed=3)
    quad = simulate(_two_numeric("quadratic"), n_draws=300, n_months=12, seed=3)
    xl = np.column_stack([lin.terms_samples["land"], lin.terms_samples["aid"]]) / 100
    xq = np.column_stack([quad.terms_samples["land"], quad.terms_samples["aid"]]) / 100
    assert len(xl) > 50 and len(xq) > 50
    corner = (xl < 1e-9) | (xl > 1 - 1e-9)
    assert corner.any(axis=1).all(), "a linear Nash point leaves at most one issue split"
    assert (corner.all(axis=1)).mean() > 0.8, "mostly whole issues traded"
    assert ((xq > 0.05) & (xq < 0.95)).all(), "quadratic deals split both issues"
    # on the contract curve: both issues imply the same weight λ/(1-λ) (Pareto optimality)
    ratio = xq / (1 - xq) * np.array([0.3, 0.7]) / np.array([0.7, 0.3])
    np.testing.assert_allclose(ratio[:, 0], ratio[:, 1], rtol=1e-6)


def test_spoilers_judge_the_deal_with_the_same_loss() -> None:
    """Green (ideal 50/50, tolerance 0.15) spoils a deal worth less than 0.85 to it. The
    quadratic deals are worth more than that to it under quadratic loss (not under linear), so
    they are all implemented; the linear corner deals are not."""
    quad = simulate(_two_numeric("quadratic", spoiler=True), n_draws=300, n_months=12, seed=3)
    x = np.column_stack([quad.terms_samples["land"], quad.terms_samples["aid"]]) / 100
    u_q = 1 - 0.5 * ((x - 0.5) ** 2).sum(axis=1)
    u_l = 1 - 0.5 * np.abs(x - 0.5).sum(axis=1)
    assert (u_q > 0.86).all() and (u_l < 0.85).mean() > 0.5
    assert quad.headline["p_implemented"] == 1.0
    lin = simulate(_two_numeric(None, spoiler=True), n_draws=300, n_months=12, seed=3)
    assert lin.headline["p_implemented"] < 0.99


def test_quadratic_same_seed_same_numbers() -> None:
    sc = _two_numeric("quadratic")
    a = simulate(sc, n_draws=200, n_months=12, seed=9)
    b = simulate(sc, n_draws=200, n_months=12, seed=9)
    np.testing.assert_array_equal(a.terms_samples["land"], b.terms_samples["land"])
    assert a.headline == b.headline


def test_calibration_field_and_override() -> None:
    assert resolve_calibration(_two_numeric(None)).utility == "linear"
    assert resolve_calibration(_two_numeric("quadratic")).utility == "quadratic"
    with pytest.raises(AssertionError, match=r"calibration\.utility"):
        _two_numeric("cubic")
    sc = load_with_overrides(BUILTIN, ["calibration.utility=quadratic"])
    assert resolve_calibration(sc).utility == "quadratic"
    assert resolve_calibration(sc, {"utility": "linear"}).utility == "linear"
    with pytest.raises(ValueError, match="utility"):
        resolve_calibration(sc, {"utility": "cubic"})


def _chunks(utility: str | None) -> dict[str, np.ndarray]:
    sc = load_with_overrides(BUILTIN)
    over = None if utility is None else {"utility": utility}
    cal = resolve_calibration(sc, over)
    out: dict[str, np.ndarray] = {}
    world = compile_world(sc)
    for c, o in enumerate(
        run_chunks(sc, world, cal, n_draws=2000, n_months=24, seed=42, chunk_size=1000)
    ):
        for f in dataclasses.fields(o):
            out[f"{c}.{f.name}"] = np.asarray(getattr(o, f.name))
    return out


def test_explicit_linear_is_the_default_byte_for_byte() -> None:
    a, b = _chunks(None), _chunks("linear")
    assert a.keys() == b.keys()
    for k in a:
        assert a[k].tobytes() == b[k].tobytes(), k


@pytest.mark.parametrize("utility", ["linear", "quadratic"])
def test_war_loss_is_the_utility_lost_to_the_rivals_ideal(utility: str) -> None:
    rng = np.random.default_rng(4)
    ideals = rng.random((2, 5))
    sal = normalised_saliences(rng.random((2, 5)))
    u = package_utility(ideals, sal, ideals[::-1], utility)  # u[j, k]: k's utility for j's ideal
    np.testing.assert_allclose(rival_distance(ideals, sal, utility)[0], 1 - np.diag(u))
    np.testing.assert_allclose(stakes(ideals, sal, utility), 1 - np.diag(u))


def test_could_agree_stays_necessary_under_quadratic_loss() -> None:
    """Floors just below a package's utilities (often the joint-utility maximiser, where the
    sum condition binds): the prefilter must never reject a row that has a ZOPA."""
    rng = np.random.default_rng(8)
    n, m = 3, 400
    ideals = rng.random((2, n))
    sal = normalised_saliences(rng.random((2, n)) + 0.1)
    opts: tuple[tuple[float, ...], ...] = ((), (0.0, 0.25, 0.5, 0.75, 1.0), ())
    lo, hi = 0.4 * rng.random((m, n)), 1 - 0.4 * rng.random((m, n))
    lo[:, 1], hi[:, 1] = 0.0, 1.0
    x = lo + (hi - lo) * rng.random((m, n))
    joint = (sal[0] * ideals[0] + sal[1] * ideals[1]) / (sal[0] + sal[1])
    x = np.where(rng.random((m, 1)) < 0.5, np.clip(joint, lo, hi), x)
    x[:, 1] = np.asarray(opts[1])[rng.integers(0, 5, m)]
    floors = package_utility(ideals, sal, x, "quadratic") - 1e-7
    z = zopa_two_party_quadratic(
        ideals, sal, lo, hi, floors, np.ones(2), tuple(p or None for p in opts)
    )
    assert z.exists.mean() > 0.9
    ok = could_agree(ideals, sal, lo, hi, floors, opts, "quadratic")
    assert ok[z.exists].all()
    assert ok.all()  # every row has a ZOPA by construction (the package x)


def test_constrained_deal_is_the_quadratic_nash_point_of_the_feasible_set() -> None:
    """A rule (option 1 on the ordinal issue requires x_1 ≤ 0.2) cuts the box: the deal is the
    best feasible package by the quadratic Nash product (checked on a fine grid)."""
    ideals = np.array([[1.0, 1.0], [0.0, 0.0]])
    sal = np.array([[0.6, 0.4], [0.1, 0.9]])
    opts = ((0.0, 0.5, 1.0), None)
    rule = Rule("r", 0, ((1.0, 1.0),), ((0.0, 0.5),), 1, ((0.0, 0.2),))
    floors, weights = np.array([[0.3, 0.3]]), np.array([[1.0, 1.0]])
    box = (np.zeros((1, 2)), np.ones((1, 2)), floors, weights, opts, (rule,), 2)
    ex, deal, _ = _solve_with_rules(ideals, sal, *box, "quadratic")
    free = zopa_two_party_quadratic(ideals, sal, *box[:5]).deal
    assert ex[0] and first_violated(free, (rule,))[0] >= 0  # the rule binds
    g = np.linspace(0, 1, 2001)
    pk = np.stack(np.meshgrid(np.array(opts[0]), g, indexing="ij"), axis=-1).reshape(-1, 2)
    pk = pk[first_violated(pk, (rule,)) < 0]
    s = package_utility(ideals, sal, pk, "quadratic") - floors[0]
    best = (0.5 * np.log(s[(s > 0).all(axis=1)])).sum(axis=1).max()
    assert first_violated(deal, (rule,))[0] < 0
    ours = (0.5 * np.log(package_utility(ideals, sal, deal[0], "quadratic") - floors[0])).sum()
    assert best - 1e-9 <= ours <= best + 1e-5
