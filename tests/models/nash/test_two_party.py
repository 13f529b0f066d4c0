"""The two-party ZOPA reduction: agreement with the full Nash model, shapes, blocking."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.models.nash.model import NashBargainingModel
from detente.models.nash.two_party import pareto_staircase, zopa_two_party
from detente.models.table import PositionTable
from detente.scenario import Scenario
from detente.scenario.scales import IssueScale


def _random_case(
    rng: np.random.Generator, ordinal_only: bool
) -> tuple[PositionTable, tuple[tuple[float, ...] | None, ...]]:
    n = int(rng.integers(1, 4))
    scales, opts = [], []
    for d in range(n):
        if ordinal_only or rng.random() < 0.5:
            m = int(rng.integers(2, 5))
            pts = tuple(float(x) for x in np.linspace(0, 1, m))
            ids = tuple(f"o{j}" for j in range(m))
            scales.append(IssueScale(f"i{d}", f"i{d}", "ordinal", 0.0, 1.0, ids, ids, pts))
            opts.append(pts)
        else:
            scales.append(IssueScale(f"i{d}", f"i{d}", "numeric", 0.0, 1.0))
            opts.append(None)
    ideals = np.array([[rng.choice(o) if o else rng.random() for o in opts] for _ in range(2)])
    lo, hi = np.zeros((2, n)), np.ones((2, n))
    for a in range(2):
        for d in range(n):
            if rng.random() < 0.3:
                lim = rng.random()
                if lim <= ideals[a, d]:
                    lo[a, d] = lim
                else:
                    hi[a, d] = lim
    table = PositionTable(
        actors=("a", "b"),
        issues=tuple(s.id for s in scales),
        scales=tuple(scales),
        positions=ideals,
        saliences=rng.random((2, n)) + 0.05,
        capabilities=rng.random(2) + 0.1,
        veto=np.ones(2, dtype=bool),
        at_table=np.ones(2, dtype=bool),
        walk_away=rng.random(2) * 0.9,
        min_utility=rng.random(2) * 0.9,
        acceptable_low=lo,
        acceptable_high=hi,
    )
    return table, tuple(opts)


def _fast(table: PositionTable, opts: tuple[tuple[float, ...] | None, ...]):  # type: ignore[no-untyped-def]
    assert table.walk_away is not None and table.min_utility is not None
    assert table.acceptable_low is not None and table.acceptable_high is not None
    w = table.capabilities.mean(axis=1)
    return zopa_two_party(
        table.positions,
        table.saliences,
        table.acceptable_low.max(axis=0),
        table.acceptable_high.min(axis=0),
        np.maximum(table.walk_away, table.min_utility),
        w / w.sum(),
        opts,
    )


@pytest.mark.parametrize(("ordinal_only", "n_cases"), [(True, 1500), (False, 500)])
def test_fast_reduction_agrees_with_the_full_model_on_random_cases(
    ordinal_only: bool, n_cases: int
) -> None:
    """Same ZOPA verdict, gap and Nash utilities as NashBargainingModel on random small cases."""
    rng = np.random.default_rng(20260 + n_cases)
    model = NashBargainingModel(method="enumerate" if ordinal_only else "optimise")
    n_exist = 0
    for _ in range(n_cases):
        table, opts = _random_case(rng, ordinal_only)
        full = model.forecast(table)
        fast = _fast(table, opts)
        assert bool(fast.exists) == full.zopa_exists
        if np.isinf(full.gap):
            assert np.isinf(fast.gap)
        else:
            assert float(fast.gap) == pytest.approx(full.gap, abs=1e-7)
        if full.zopa_exists:
            n_exist += 1
            np.testing.assert_allclose(fast.utilities, full.utilities, atol=1e-6)
    assert 0.1 * n_cases < n_exist < 0.9 * n_cases  # both verdicts are exercised


def test_draw_axes_broadcast_and_match_one_draw_at_a_time() -> None:
    """Leading axes broadcast (3, 4) and each draw equals its own single call."""
    rng = np.random.default_rng(1)
    opts: tuple[tuple[float, ...] | None, ...] = ((0.0, 0.5, 1.0), None, (0.0, 1.0))
    ideals = np.array([[0.0, 0.1, 0.0], [1.0, 0.9, 1.0]])
    sal = np.array([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3]])
    floors = rng.random((3, 4, 2)) * 0.7
    weights = rng.random((3, 4, 2)) + 0.1
    low, high = np.zeros(3), np.ones(3)
    z = zopa_two_party(ideals, sal, low, high, floors, weights, opts)
    assert z.exists.shape == z.gap.shape == (3, 4)
    assert z.deal.shape == (3, 4, 3)
    assert z.utilities.shape == (3, 4, 2)
    assert z.blocking.shape == (3, 4, 3)
    for i, j in [(0, 0), (1, 2), (2, 3)]:
        one = zopa_two_party(ideals, sal, low, high, floors[i, j], weights[i, j], opts)
        assert bool(one.exists) == bool(z.exists[i, j])
        np.testing.assert_allclose(one.gap, z.gap[i, j])
        np.testing.assert_allclose(one.deal, z.deal[i, j])


def test_per_draw_ideals_give_the_same_answers_as_shared_ideals() -> None:
    """Ideals and saliences with a draws axis are solved correctly draw by draw."""
    rng = np.random.default_rng(2)
    opts: tuple[tuple[float, ...] | None, ...] = ((0.0, 0.5, 1.0), None)
    ideals = rng.random((5, 2, 2))
    ideals[:, :, 0] = np.round(ideals[:, :, 0] * 2) / 2
    sal = rng.random((5, 2, 2)) + 0.1
    floors = rng.random((5, 2)) * 0.5
    weights = np.ones((5, 2))
    z = zopa_two_party(ideals, sal, np.zeros(2), np.ones(2), floors, weights, opts)
    for k in range(5):
        one = zopa_two_party(
            ideals[k], sal[k], np.zeros(2), np.ones(2), floors[k], weights[k], opts
        )
        assert bool(one.exists) == bool(z.exists[k])
        np.testing.assert_allclose(one.gap, z.gap[k])
        np.testing.assert_allclose(one.utilities, z.utilities[k])


@pytest.mark.parametrize(
    ("p_a", "p_b", "c", "exists"), [(0.6, 0.5, 0.05, True), (0.6, 0.5, 0.04, False)]
)
def test_one_issue_reproduces_fearons_bargaining_range(
    p_a: float, p_b: float, c: float, exists: bool
) -> None:
    """One issue, ideals at the ends: a deal exists iff p_A + p_B ≤ 1 + c_A + c_B (Fearon 1995)."""
    z = zopa_two_party(
        np.array([[1.0], [0.0]]),
        np.ones((2, 1)),
        np.zeros(1),
        np.ones(1),
        np.array([p_a - c, p_b - c]),
        np.ones(2),
        (None,),
    )
    assert bool(z.exists) is exists
    assert float(z.gap) == pytest.approx(max(0.0, (p_a + p_b - 2 * c - 1) / 2), abs=1e-12)
    if exists:  # equal weights split the surplus equally
        assert float(z.deal[0]) == pytest.approx(p_a - c + (1 + 2 * c - p_a - p_b) / 2)


def test_conflicting_red_lines_leave_no_zopa_and_an_infinite_gap() -> None:
    """An issue with low > high has no admissible point: no ZOPA, gap inf, NaN deal."""
    z = zopa_two_party(
        np.array([[1.0, 1.0], [0.0, 0.0]]),
        np.ones((2, 2)),
        np.array([0.0, 0.7]),
        np.array([1.0, 0.3]),
        np.array([-1.0, -1.0]),
        np.ones(2),
        (None, None),
    )
    assert not bool(z.exists)
    assert np.isinf(z.gap)
    assert np.isnan(z.deal).all()
    assert np.isinf(z.blocking[1])
    assert z.blocking[0] == 0.0


def test_blocking_points_at_the_issue_whose_red_line_is_responsible() -> None:
    """Without A's red line on issue 1 a deal exists; with it none does, and issue 1 is blamed."""
    ideals = np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    sal = np.array([[0.45, 0.1, 0.45], [0.1, 0.8, 0.1]])  # issue 1 matters most to B
    floors = np.array([0.6, 0.6])
    opts: tuple[tuple[float, ...] | None, ...] = (None, (0.0, 0.5, 1.0), None)
    free = zopa_two_party(ideals, sal, np.zeros(3), np.ones(3), floors, np.ones(2), opts)
    assert bool(free.exists)
    assert (free.blocking == 0).all()
    low = np.array([0.0, 1.0, 0.0])  # A accepts only option 1.0 on issue 1
    z = zopa_two_party(ideals, sal, low, np.ones(3), floors, np.ones(2), opts)
    assert not bool(z.exists)
    assert int(np.argmax(z.blocking)) == 1
    assert z.blocking[0] == z.blocking[2] == 0.0


def test_deal_respects_red_lines_and_floors() -> None:
    """Where a ZOPA exists the deal is inside the interval and above both floors."""
    rng = np.random.default_rng(3)
    opts: tuple[tuple[float, ...] | None, ...] = (None, (0.0, 0.25, 0.5, 0.75, 1.0), None)
    ideals = np.array([[0.9, 1.0, 0.2], [0.1, 0.0, 0.8]])
    low = rng.random((200, 3)) * 0.3
    high = 0.7 + rng.random((200, 3)) * 0.3
    floors = rng.random((200, 2)) * 0.5
    z = zopa_two_party(ideals, np.ones((2, 3)), low, high, floors, np.ones((200, 2)), opts)
    ok = z.exists
    assert ok.any()
    assert (z.deal[ok] >= low[ok] - 1e-9).all()
    assert (z.deal[ok] <= high[ok] + 1e-9).all()
    assert (z.utilities[ok] >= floors[ok] - 1e-9).all()
    assert np.isnan(z.deal[~ok]).all()


def test_bad_shapes_are_refused() -> None:
    """option_points must have one entry per issue."""
    with pytest.raises(InvalidParameterError, match="option_points"):
        zopa_two_party(np.zeros((2, 2)), np.ones((2, 2)), 0, 1, np.zeros(2), np.ones(2), (None,))


def test_pareto_staircase_keeps_exactly_the_undominated_points() -> None:
    """The 2-D staircase matches a brute-force dominance check."""
    pts = np.random.default_rng(4).random((300, 2))
    keep = set(pareto_staircase(pts).tolist())
    dominated = {
        i
        for i in range(300)
        if np.any(np.all(pts >= pts[i], axis=1) & np.any(pts > pts[i], axis=1))
    }
    assert keep == set(range(300)) - dominated


def test_tiny_scenario_gives_the_same_deal_as_the_full_model(tiny: Scenario) -> None:
    """On the tiny fixture the reduction finds the full model's ZOPA and Nash deal."""
    table = PositionTable.from_scenario(tiny)
    opts = tuple(s.option_points if s.kind == "ordinal" else None for s in table.scales)
    fast = _fast(table, opts)
    full = NashBargainingModel(method="optimise").forecast(table)
    assert bool(fast.exists) and full.zopa_exists
    np.testing.assert_allclose(fast.deal, full.outcome, atol=1e-6)
    np.testing.assert_allclose(fast.utilities, full.utilities, atol=1e-6)


def test_deal_only_where_wanted_changes_nothing_else() -> None:
    """want_deal skips the Nash point elsewhere, but exists, gap and the wanted deals agree."""
    rng = np.random.default_rng(7)
    opts: tuple[tuple[float, ...] | None, ...] = ((0.0, 0.5, 1.0), None, None, (0.0, 1.0))
    ideals = np.array([[0.0, 0.1, 0.2, 0.0], [1.0, 0.9, 0.7, 1.0]])
    sal = np.array([[0.4, 0.3, 0.1, 0.2], [0.2, 0.3, 0.3, 0.2]])
    m = 400
    floors = rng.random((m, 2)) * 0.6
    weights = rng.random((m, 2)) + 0.1
    low = rng.random((m, 4)) * 0.3
    high = 1 - rng.random((m, 4)) * 0.3
    low[:, 3], high[:, 3] = 0.0, 1.0  # both options of the last issue admissible
    want = rng.random(m) < 0.3
    full = zopa_two_party(ideals, sal, low, high, floors, weights, opts)
    part = zopa_two_party(ideals, sal, low, high, floors, weights, opts, want_deal=want)
    assert full.exists.sum() > 50 and (full.exists & want).sum() > 10
    np.testing.assert_array_equal(part.exists, full.exists)
    np.testing.assert_array_equal(part.gap, full.gap)
    np.testing.assert_array_equal(part.deal[want], full.deal[want])
    assert np.isnan(part.deal[~want]).all()


def test_blocking_can_be_skipped_without_changing_the_answer() -> None:
    opts: tuple[tuple[float, ...] | None, ...] = ((0.0, 0.5, 1.0), None)
    ideals = np.array([[0.0, 0.1], [1.0, 0.9]])
    sal = np.array([[0.5, 0.5], [0.4, 0.6]])
    floors = np.array([[0.6, 0.6], [0.2, 0.2]])
    low, high = np.array([[0.0, 0.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [1.0, 1.0]])
    full = zopa_two_party(ideals, sal, low, high, floors, np.ones((2, 2)), opts)
    lean = zopa_two_party(
        ideals, sal, low, high, floors, np.ones((2, 2)), opts, with_blocking=False
    )
    np.testing.assert_array_equal(full.exists, lean.exists)
    np.testing.assert_array_equal(full.deal, lean.deal)
    assert np.isnan(lean.blocking).all() and not np.isnan(full.blocking).any()
