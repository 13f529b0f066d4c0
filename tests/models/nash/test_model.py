"""Nash bargaining over packages: ZOPA, red lines, floors, best packages, KS and the limits."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.models.nash.model import NashBargainingModel, NashForecast
from detente.models.registry import get_model
from detente.models.table import PositionTable
from detente.scenario import Scenario
from detente.scenario.scales import IssueScale


def _numeric(k: int) -> IssueScale:
    return IssueScale(f"i{k}", f"Issue {k}", "numeric", 0.0, 100.0, unit="%")


def _ordinal(k: int, m: int) -> IssueScale:
    ids = tuple(f"o{j}" for j in range(m))
    pts = tuple(float(x) for x in np.linspace(0, 1, m))
    return IssueScale(f"i{k}", f"Issue {k}", "ordinal", 0.0, 1.0, ids, ids, pts)


def _table(
    positions: list[list[float]],
    walk_away: list[float],
    *,
    saliences: list[list[float]] | None = None,
    scales: list[IssueScale] | None = None,
    capabilities: list[float] | None = None,
    min_utility: list[float] | None = None,
    low: list[list[float]] | None = None,
    high: list[list[float]] | None = None,
    veto: list[bool] | None = None,
) -> PositionTable:
    pos = np.array(positions, dtype=float)
    n_a, n = pos.shape
    return PositionTable(
        actors=tuple(f"a{i}" for i in range(n_a)),
        issues=tuple(f"i{k}" for k in range(n)),
        scales=tuple(scales or [_numeric(k) for k in range(n)]),
        positions=pos,
        saliences=np.ones((n_a, n)) if saliences is None else np.array(saliences),
        capabilities=np.ones(n_a) if capabilities is None else np.array(capabilities),
        veto=np.ones(n_a, dtype=bool) if veto is None else np.array(veto),
        at_table=np.ones(n_a, dtype=bool),
        walk_away=np.array(walk_away, dtype=float),
        min_utility=None if min_utility is None else np.array(min_utility, dtype=float),
        acceptable_low=None if low is None else np.array(low, dtype=float),
        acceptable_high=None if high is None else np.array(high, dtype=float),
    )


def _fearon(p_a: float, p_b: float, c: float) -> PositionTable:
    return _table([[1.0], [0.0]], [p_a - c, p_b - c])


@pytest.mark.parametrize("method", ["enumerate", "optimise"])
@pytest.mark.parametrize(
    ("p_a", "p_b", "c", "exists"),
    [(0.6, 0.5, 0.05, True), (0.6, 0.5, 0.04, False), (0.5, 0.5, 0.0, True)],
)
def test_zopa_exists_exactly_under_fearons_condition(
    method: str, p_a: float, p_b: float, c: float, exists: bool
) -> None:
    """One issue, ideals at the ends: ZOPA iff p_A + p_B ≤ 1 + c_A + c_B (Fearon 1995)."""
    f = NashBargainingModel(method=method, grid=101).forecast(_fearon(p_a, p_b, c))
    assert isinstance(f, NashForecast)
    assert f.zopa_exists is exists
    assert f.gap == pytest.approx(max(0.0, (p_a + p_b - 2 * c - 1) / 2), abs=1e-9)


def test_without_zopa_each_side_is_told_how_far_to_lower_its_floor() -> None:
    """gap_to_open: A alone must concede (p_A − c) − (1 − (p_B − c)); the joint gap is half."""
    f = NashBargainingModel(method="optimise").forecast(_fearon(0.7, 0.5, 0.05))
    rows = f.gap_to_open.set_index("actor")
    assert rows.loc["a0", "amount"] == pytest.approx(0.1)
    assert rows.loc["a1", "amount"] == pytest.approx(0.1)
    assert rows.loc["all", "amount"] == pytest.approx(0.05)
    floors = [b for b in f.binding if b["kind"] == "floor"]
    assert {b["actor"] for b in floors} == {"a0", "a1"}
    assert all(b["issues"] == ("i0",) for b in floors)
    assert any("no ZOPA" in n for n in f.notes)


def test_nash_point_splits_the_surplus_by_capability_weights() -> None:
    """Linear one-issue frontier: surplus shares equal the normalised weights (Roth 1979)."""
    t = _table([[1.0], [0.0]], [0.2, 0.2], capabilities=[3.0, 1.0])
    f = NashBargainingModel(method="optimise").forecast(t)
    surplus = f.utilities - 0.2
    assert surplus[0] / surplus.sum() == pytest.approx(0.75, abs=1e-6)
    assert f.outcome[0] == pytest.approx(0.2 + 0.75 * 0.6, abs=1e-6)


@pytest.mark.parametrize("method", ["enumerate", "optimise"])
def test_red_lines_are_never_crossed(method: str) -> None:
    """A red line keeps the Nash, KS and every best package inside the interval."""
    t = _table(
        [[1.0, 1.0], [0.0, 0.0]],
        [0.0, 0.0],
        scales=[_numeric(0), _ordinal(1, 5)],
        saliences=[[0.3, 0.7], [0.7, 0.3]],
        low=[[0.0, 0.5], [0.0, 0.0]],
        high=[[1.0, 1.0], [0.4, 1.0]],
    )
    f = NashBargainingModel(method=method).forecast(t)
    assert f.zopa_exists
    for x in [f.nash_point, f.ks_point, *f.best_for[["i0", "i1"]].to_numpy()]:
        assert x[0] <= 0.4 + 1e-9
        assert x[1] >= 0.5 - 1e-9


def test_conflicting_red_lines_bind_and_say_by_how_much() -> None:
    """Red lines 60 ≤ x and x ≤ 30 leave no deal; each side must move 30 points."""
    t = _table(
        [[1.0, 0.5], [0.0, 0.5]],
        [-5.0, -5.0],
        low=[[0.6, 0.0], [0.0, 0.0]],
        high=[[1.0, 1.0], [0.3, 1.0]],
    )
    f = NashBargainingModel().forecast(t)
    assert not f.zopa_exists
    assert np.isinf(f.gap)
    red = [b for b in f.binding if b["kind"] == "red_line"]
    assert len(red) == 1
    assert red[0]["issue"] == "i0"
    assert red[0]["actors"] == ("a0", "a1")
    assert red[0]["amount_native"] == pytest.approx(30.0)
    rows = f.gap_to_open[f.gap_to_open["kind"] == "red_line"]
    assert set(rows["actor"]) == {"a0", "a1"}


def test_public_tolerance_binds_when_it_is_above_the_walk_away_value() -> None:
    """A public that refuses utility below 0.75 closes a range the walk-away values leave open."""
    t = _table([[1.0], [0.0]], [0.3, 0.3], min_utility=[0.75, 0.2])
    f = NashBargainingModel(method="optimise").forecast(t)
    assert not f.zopa_exists
    assert f.floor_source == ("public", "walk_away")
    binding = {b["actor"]: b for b in f.binding if b["kind"] == "floor"}
    assert binding["a0"]["source"] == "public"
    assert any("public" in n for n in f.notes)
    open_ = NashBargainingModel(method="optimise").forecast(
        _table([[1.0], [0.0]], [0.3, 0.3], min_utility=[0.2, 0.2])
    )
    assert open_.zopa_exists


def test_best_for_each_actor_is_its_best_package_inside_the_zopa() -> None:
    """Each player's best package leaves the other exactly at its floor on one issue."""
    f = NashBargainingModel(method="optimise").forecast(_fearon(0.4, 0.3, 0.05))
    best = f.best_for.set_index("actor")
    assert best.loc["a0", "i0"] == pytest.approx(1 - 0.25)
    assert best.loc["a1", "i0"] == pytest.approx(0.35)
    assert best.loc["a0", "u_a0"] >= f.utilities[0]
    assert best.loc["a1", "u_a1"] >= f.utilities[1]


def test_kalai_smorodinsky_equals_nash_on_a_symmetric_problem() -> None:
    """Symmetric ideals, saliences, floors and weights: KS and Nash coincide (at 0.5)."""
    t = _table([[1.0, 0.0], [0.0, 1.0]], [0.1, 0.1], scales=[_numeric(0), _numeric(1)])
    f = NashBargainingModel(method="optimise", weights="equal").forecast(t)
    np.testing.assert_allclose(f.utilities[0], f.utilities[1], atol=1e-6)
    ks_u = 1 - 0.5 * np.abs(f.ks_point - t.positions).sum(axis=1)
    np.testing.assert_allclose(ks_u, f.utilities, atol=1e-6)


def test_ks_differs_from_nash_on_an_asymmetric_frontier() -> None:
    """KS equalises gains relative to each player's ideal gain (Kalai & Smorodinsky 1975)."""
    t = _table([[1.0, 1.0], [0.0, 0.0]], [0.0, 0.0], saliences=[[0.5, 0.5], [0.9, 0.1]], veto=None)
    f = NashBargainingModel(method="optimise", weights="equal").forecast(t)
    u_ks = 1 - (np.array([[0.5, 0.5], [0.9, 0.1]]) * np.abs(f.ks_point - t.positions)).sum(1)
    best = f.best_for.set_index("actor")
    ideal = np.array([best.loc["a0", "u_a0"], best.loc["a1", "u_a1"]])
    ratios = u_ks / ideal
    assert ratios[0] == pytest.approx(ratios[1], abs=1e-6)


def test_quadratic_loss_and_distant_disagreement_give_the_weighted_mean() -> None:
    """w = c·s, quadratic loss, d → −∞: the NBS tends to the compromise Σwx/Σw (Achen 2006)."""
    x = np.array([0.1, 0.4, 0.5, 0.9])
    w = np.array([0.4, 1.0, 0.3, 0.8])
    t = _table([[v] for v in x], [-1000.0] * 4, capabilities=list(w))
    f = NashBargainingModel(method="optimise", utility="quadratic").forecast(t)
    assert f.outcome[0] == pytest.approx(float((w * x).sum() / w.sum()), abs=1e-3)


def test_linear_loss_and_distant_disagreement_give_the_weighted_median() -> None:
    """w = c·s, linear loss, d → −∞: the NBS tends to the weighted median (here 0.4)."""
    x = np.array([0.1, 0.4, 0.5, 0.9])
    w = np.array([0.4, 1.0, 0.3, 0.8])  # cumulative 0.4, 1.4 ≥ 2.5/2 → median 0.4
    t = _table([[v] for v in x], [-1000.0] * 4, capabilities=list(w))
    for method in ("enumerate", "optimise"):
        f = NashBargainingModel(method=method).forecast(t)
        assert f.outcome[0] == pytest.approx(0.4, abs=1e-6)
    compromise = float((w * x).sum() / w.sum())
    assert abs(compromise - 0.4) > 0.05  # the two limits are distinguishable here


def test_non_veto_actors_neither_constrain_nor_weigh_in() -> None:
    """With players='veto' a non-veto actor's floor and red lines are ignored."""
    t = _table(
        [[1.0], [0.0], [0.95]],
        [0.3, 0.3, 0.9],
        veto=[True, True, False],
        low=[[0.0], [0.0], [0.9]],
        high=[[1.0], [1.0], [1.0]],
    )
    f = NashBargainingModel(method="optimise", weights="equal").forecast(t)
    assert f.zopa_exists
    assert np.isnan(f.floors[2])
    assert f.outcome[0] == pytest.approx(0.5, abs=1e-6)
    assert not NashBargainingModel(players="all").forecast(t).zopa_exists


def test_tiny_scenario_has_a_zopa_inside_reds_red_line(tiny: Scenario) -> None:
    """Tiny: a deal exists, Blue stays neutral (Red's red line), the publics' floors bind."""
    f = NashBargainingModel().forecast(tiny)
    assert f.zopa_exists
    assert f.outcome[1] == pytest.approx(1.0)
    assert f.floor_source == ("public", "public")
    assert (f.utilities >= 0.4 - 1e-9).all()
    assert f.to_frame().shape[0] == 2
    assert f.frontier["in_zopa"].any()
    opt = NashBargainingModel(method="optimise").forecast(tiny)
    assert opt.outcome[0] == pytest.approx(0.062 / 0.35, abs=1e-6)


def test_enumeration_refuses_a_space_beyond_max_packages() -> None:
    """A space larger than max_packages is refused with a fix, not silently truncated."""
    t = _table([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.0])
    with pytest.raises(InvalidParameterError, match="max_packages"):
        NashBargainingModel(method="enumerate", grid=50, max_packages=100).forecast(t)


@pytest.mark.parametrize(
    ("param", "value"),
    [("weights", "power"), ("players", "some"), ("utility", "cubic"), ("method", "guess"),
     ("grid", 1), ("max_packages", 0)],
)  # fmt: skip
def test_invalid_parameters_are_refused(param: str, value: object) -> None:
    """Each parameter outside its domain raises InvalidParameterError naming it."""
    with pytest.raises(InvalidParameterError, match=param):
        NashBargainingModel(**{param: value})  # type: ignore[arg-type]


def test_the_model_is_registered_as_nash() -> None:
    """get_model('nash') builds the model with its parameters."""
    m = get_model("nash", grid=5)
    assert isinstance(m, NashBargainingModel)
    assert m.get_params()["grid"] == 5


def test_a_table_without_walk_away_values_is_refused() -> None:
    """The model needs the disagreement point: a table without walk_away is refused."""
    t = _table([[1.0], [0.0]], [0.0, 0.0])
    bare = PositionTable(
        actors=t.actors,
        issues=t.issues,
        scales=t.scales,
        positions=t.positions,
        saliences=t.saliences,
        capabilities=t.capabilities,
        veto=t.veto,
        at_table=t.at_table,
    )
    with pytest.raises(InvalidParameterError, match="walk-away"):
        NashBargainingModel().forecast(bare)


def test_frontier_lies_in_the_zopa_and_contains_the_nash_point() -> None:
    """With a ZOPA the frontier rows are inside it, and the Nash utilities are one of them."""
    t = _table(
        [[1.0, 0.0, 0.5], [0.0, 1.0, 0.0], [0.5, 0.5, 1.0]],
        [0.2, 0.2, 0.2],
        scales=[_ordinal(0, 4), _ordinal(1, 3), _ordinal(2, 5)],
        saliences=[[0.5, 0.2, 0.3], [0.2, 0.5, 0.3], [0.3, 0.3, 0.4]],
    )
    f = NashBargainingModel(method="enumerate").forecast(t)
    assert f.zopa_exists
    u = f.frontier[["u_a0", "u_a1", "u_a2"]].to_numpy()
    assert f.frontier["in_zopa"].all()
    assert (u >= 0.2 - 1e-12).all()
    assert np.isclose(u, f.utilities).all(axis=1).any()
    best = f.best_for.set_index("actor")
    for j in range(3):
        assert best.loc[f"a{j}", f"u_a{j}"] == pytest.approx(u[:, j].max())


@pytest.mark.parametrize(
    ("method", "scale", "move"),
    [
        ("optimise", _numeric(0), 0.2),
        ("enumerate", _numeric(0), 0.2),
        ("enumerate", _ordinal(0, 5), 0.25),
    ],
)
def test_an_active_red_line_is_reported_with_the_move_that_opens_a_zopa(
    method: str, scale: IssueScale, move: float
) -> None:
    """B's red line x ≤ 0.3 blocks A's floor (x ≥ 0.5): B must move it by 0.2 (ordinal: 0.25)."""
    limit = 0.3 if scale.kind == "numeric" else 0.25
    t = _table([[1.0], [0.0]], [0.5, 0.2], scales=[scale], high=[[1.0], [limit]])
    f = NashBargainingModel(method=method).forecast(t)
    assert not f.zopa_exists
    active = [b for b in f.binding if b["kind"] == "red_line_active"]
    assert [(b["actor"], b["issue"]) for b in active] == [("a1", "i0")]
    assert active[0]["move"] == pytest.approx(move, abs=1e-5)
    rows = f.gap_to_open.set_index(["actor", "kind"])
    assert rows.loc[("a1", "red_line"), "amount"] == pytest.approx(move, abs=1e-5)
    assert rows.loc[("a0", "floor"), "amount"] == pytest.approx(0.5 - limit, abs=1e-9)
    assert np.isinf(rows.loc[("a1", "floor"), "amount"])
    if scale.kind == "numeric":
        assert rows.loc[("a1", "red_line"), "amount_native"] == pytest.approx(20.0, abs=1e-3)


def test_optimise_refuses_too_many_ordinal_combinations() -> None:
    """6 ordinal issues × 5 options = 15,625 convex programmes: refused, with a fix."""
    t = _table([[0.0] * 6, [1.0] * 6], [0.0, 0.0], scales=[_ordinal(k, 5) for k in range(6)])
    with pytest.raises(InvalidParameterError, match="enumerate"):
        NashBargainingModel(method="optimise").forecast(t)
