"""KTAB's Spatial Model of Politics: KTAB's own reference logs reproduced, plus the parts.

The oracles are the logs KTAB shipped in 2017 (``../shared/reference/ktab/reference``),
which a re-run of KTAB still matches exactly; they are parsed here, not copied.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from detente.errors import ConvergenceWarning, InvalidParameterError
from detente.models import get_model
from detente.models.ktab.bargain import interpolate_bargains, round4
from detente.models.ktab.challenge import best_challenges
from detente.models.ktab.pce import (
    big_r_from_prob,
    coalitions,
    cond_pce,
    markov_incentive_pce,
    sequential_sum,
    victory_probabilities,
    vote,
)
from detente.models.ktab.smp import KtabForecast, SpatialModelOfPolitics
from detente.models.ktab.step import new_ideals, unique_positions
from detente.models.ktab.utility import risk_utility, salience_distance
from detente.models.table import PositionTable
from detente.readers.ktab import read_ktab
from detente.scenario.scales import IssueScale


def _ktab(reference_dir: Path) -> Path:
    return reference_dir / "ktab"


def parse_log(path: Path) -> tuple[int, dict[str, list[list[str]]], dict[str, list[str]]]:
    """Steps, printed positions per actor (per dimension) and printed probabilities per actor."""
    text = path.read_text(encoding="utf-8", errors="replace")
    steps = int(re.search(r"There were \d+ states, with (\d+) steps", text).group(1))  # type: ignore[union-attr]
    tail = text[text.index("History of actor positions over time:") :]
    positions: dict[str, list[list[str]]] = {}
    probs: dict[str, list[str]] = {}
    for line in tail.splitlines()[1:]:
        m = re.match(r"^(\S+), prob :(.*)$", line)
        if m:
            probs[m.group(1)] = m.group(2).split()
            continue
        m = re.match(r"^(\S+), ([^:]+):(.*)$", line)
        if m and not probs:
            positions.setdefault(m.group(1), []).append(m.group(3).split())
    return steps, positions, probs


def _run(path: Path) -> tuple[KtabForecast, list[str]]:
    inp = read_ktab(path)
    f = inp.model().forecast(inp.table, seed=inp.seed)
    assert isinstance(f, KtabForecast)
    return f, list(inp.table.actors)


@pytest.mark.parametrize(
    ("inp", "log"),
    [
        ("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt"),
        ("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt"),
    ],
)
def test_ktab_reference_runs_are_reproduced_to_the_printed_precision(
    reference_dir: Path, inp: str, log: str
) -> None:
    """Same number of steps, and every printed position and winning probability, as KTAB's log."""
    steps, positions, probs = parse_log(_ktab(reference_dir) / "reference" / log)
    f, actors = _run(_ktab(reference_dir) / "inputs" / inp)
    assert f.n_steps == steps
    assert f.trace is not None
    assert f.trace.shape[0] == steps + 1
    assert list(positions) == actors
    for i, a in enumerate(actors):
        for d, printed in enumerate(positions[a]):
            ours = [f"{100.0 * x:.1f}" for x in f.trace[:, i, d]]
            assert ours == printed, f"positions of {a} on dimension {d}"
        assert [f"{p:.4f}" for p in f.win_probabilities[:, i]] == probs[a], f"probs of {a}"


@pytest.mark.parametrize(
    ("inp", "log"),
    [
        ("dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt"),
        ("SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt"),
    ],
)
def test_who_challenges_whom_each_turn_is_ktabs(reference_dir: Path, inp: str, log: str) -> None:
    """The bargains recorded per turn are the 'most advantageous target' lines of KTAB's log."""
    text = (_ktab(reference_dir) / "reference" / log).read_text(encoding="utf-8", errors="replace")
    f, actors = _run(_ktab(reference_dir) / "inputs" / inp)
    theirs = {
        (int(t) + 1, actors[int(i)], actors[int(j)])
        for t, i, j in re.findall(
            r"In turn (\d+) actor (\d+) has most advantageous target (\d+)", text
        )
    }
    ours = set(f.bargains[["turn", "initiator", "receiver"]].itertuples(index=False, name=None))
    assert theirs
    assert ours == theirs
    moved = f.bargains["adopted_by"].str.split(",").explode()
    moved = moved[moved != ""]
    assert len(moved) == len(set(zip(f.bargains.loc[moved.index, "turn"], moved, strict=True)))


def test_the_xml_example_turn0_probabilities_equal_ktabs(reference_dir: Path) -> None:
    """smpExample-fixed.xml (PropCbc votes, MarkovIncentive PCE): turn-0 probabilities as KTAB's."""
    _, _, probs = parse_log(_ktab(reference_dir) / "reference" / "20170530_ref-smpExample.txt")
    f, actors = _run(_ktab(reference_dir) / "inputs" / "smpExample-fixed.xml")
    assert [f"{p:.4f}" for p in f.win_probabilities[0]] == [probs[a][0] for a in actors]
    assert [probs[a][0] for a in actors] == ["0.3154", "0.1668", "0.1082", "0.2216", "0.1880"]


def test_stochastic_transitions_replay_exactly_from_a_seed(reference_dir: Path) -> None:
    """Stochastic mode gives the same trajectory for one seed, and other seeds can differ."""
    inp = read_ktab(_ktab(reference_dir) / "inputs" / "smpExample-fixed.xml")
    model = inp.model()
    assert model.transitions == "Stochastic"
    a = model.forecast(inp.table, seed=11)
    b = model.forecast(inp.table, seed=11)
    assert a.trace is not None and b.trace is not None
    assert np.array_equal(a.trace, b.trace)
    assert np.array_equal(a.win_probabilities, b.win_probabilities)
    others = [model.forecast(inp.table, seed=s).trace for s in range(12, 20)]
    assert any(
        t is None or t.shape != a.trace.shape or not np.array_equal(t, a.trace) for t in others
    )


def test_deterministic_mode_ignores_the_seed(reference_dir: Path) -> None:
    """With KTAB's default deterministic transitions, two seeds give identical runs."""
    inp = read_ktab(_ktab(reference_dir) / "inputs" / "dummyData_3Dim.csv")
    a = SpatialModelOfPolitics().forecast(inp.table, seed=1)
    b = SpatialModelOfPolitics().forecast(inp.table, seed=2)
    assert a.trace is not None and b.trace is not None
    assert np.array_equal(a.trace, b.trace)


def test_the_model_is_registered_under_ktab_smp() -> None:
    """``get_model('ktab-smp')`` builds the SMP with KTAB's defaults."""
    m = get_model("ktab-smp")
    assert isinstance(m, SpatialModelOfPolitics)
    assert (m.victory_model, m.voting_rule, m.pce_model, m.transitions) == (
        "Linear",
        "Prop",
        "Conditional",
        "Deterministic",
    )
    assert (m.big_r_range, m.big_r_adjust, m.third_party_commit) == (
        "Mid",
        "OneThird",
        "SemiCommit",
    )
    assert (m.bargain_interpolation, m.bargain_model) == ("S2P2", "InitOnlyInterp")


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("voting_rule", "Majority"),
        ("bargain_model", "PWCompInterp"),
        ("max_turns", 0),
        ("accommodation", ((1.0, 0.5), (0.0, 1.0))),
    ],
)
def test_invalid_options_are_refused_with_the_allowed_values(param: str, value: object) -> None:
    """An unknown or unimplemented option raises InvalidParameterError naming the parameter."""
    with pytest.raises(InvalidParameterError, match=param):
        SpatialModelOfPolitics(**{param: value})  # type: ignore[arg-type]


def _table(pos: list[list[float]], sal: list[list[float]], cap: list[float]) -> PositionTable:
    n, d = len(pos), len(pos[0])
    return PositionTable(
        actors=tuple(f"a{i}" for i in range(n)),
        issues=tuple(f"d{k}" for k in range(d)),
        scales=tuple(IssueScale(f"d{k}", f"d{k}", "numeric", 0.0, 100.0) for k in range(d)),
        positions=np.array(pos),
        saliences=np.array(sal),
        capabilities=np.array(cap),
        veto=np.ones(n, dtype=bool),
        at_table=np.ones(n, dtype=bool),
    )


def test_the_outcome_is_the_probability_weighted_final_position() -> None:
    """Forecast.outcome is the final state's PCE-weighted mean of its distinct positions."""
    t = _table([[0.1], [0.5], [0.9], [0.55]], [[0.9], [0.5], [0.8], [0.3]], [1.0, 2.0, 1.0, 1.5])
    f = SpatialModelOfPolitics().forecast(t)
    assert isinstance(f, KtabForecast)
    assert f.trace is not None
    final = f.trace[-1]
    uniq, owner = unique_positions(final)
    p_actor = f.win_probabilities[-1]
    p_unique = np.array([p_actor[list(owner).index(k)] for k in range(len(uniq))])
    assert p_unique.sum() == pytest.approx(1.0)
    assert f.outcome == pytest.approx(p_unique @ final[uniq])
    assert f.risk_attitudes.shape == f.win_probabilities.shape == (f.n_steps + 1, 4)


def test_a_capability_rescaling_leaves_the_run_unchanged() -> None:
    """Only capability ratios matter: multiplying them all by 10 gives the same trajectory."""
    pos = [[0.1, 0.7], [0.5, 0.2], [0.9, 0.4], [0.3, 0.9]]
    sal = [[0.5, 0.4], [0.3, 0.3], [0.6, 0.2], [0.2, 0.7]]
    a = SpatialModelOfPolitics().forecast(_table(pos, sal, [1.0, 2.0, 3.0, 1.5]))
    b = SpatialModelOfPolitics().forecast(_table(pos, sal, [10.0, 20.0, 30.0, 15.0]))
    assert a.trace is not None and b.trace is not None
    assert a.trace.shape == b.trace.shape
    assert np.allclose(a.trace, b.trace, atol=1e-9)


def test_votes_follow_ktabs_rules() -> None:
    """Prop is w·Δu, PropCbc averages Δu and Δu³, ASymProsp discounts gains by a third."""
    du = np.array([-0.5, 0.0, 0.3])
    assert vote("Prop", 2.0, du) == pytest.approx([-1.0, 0.0, 0.6])
    assert vote("PropCbc", 2.0, du) == pytest.approx(2.0 * (0.5 * du + 0.5 * du**3))
    assert vote("ASymProsp", 3.0, du) == pytest.approx([-1.5, 0.0, 0.6])
    assert vote("Binary", 1.0, du) == pytest.approx([-1.0, 0.0, 1.0])


def test_conditional_pce_of_a_hand_worked_vote() -> None:
    """Two voters, two options: C = [[1e-8, 0.2+1e-8], [0.6+1e-8, 1e-8]] gives P = 1/4, 3/4."""
    u = np.array([[0.9, 0.7], [0.2, 0.5]])  # voter 0 prefers option 0, voter 1 option 1
    c = coalitions("Prop", np.array([1.0, 2.0]), u)
    assert c[1, 0] == pytest.approx(0.6)
    assert c[0, 1] == pytest.approx(0.2)
    pv = victory_probabilities("Linear", c)
    assert pv[1, 0] == pytest.approx(0.75)
    assert cond_pce(pv) == pytest.approx([0.25, 0.75], abs=1e-7)
    assert markov_incentive_pce(c, "Linear").sum() == pytest.approx(1.0)


def test_sequential_sum_adds_strictly_left_to_right() -> None:
    """The result equals a Python loop bit for bit (KTAB's accumulation order)."""
    rng = np.random.default_rng(0)
    for shape in [(200, 3), (200, 40), (200,), (50, 1), (3000, 30)]:
        t = rng.normal(size=shape) * 10.0 ** rng.integers(-8, 8, size=shape)
        expected = np.full(shape[1:], 0.1)
        for row in t:
            expected = expected + row
        assert np.array_equal(sequential_sum(t, 0.1), expected), shape


def test_risk_attitudes_span_minus_half_to_one() -> None:
    """BigRRange Mid maps the least likely position to −½ and the most likely to 1."""
    r = big_r_from_prob(np.array([0.1, 0.3, 0.6]), "Mid")
    assert r[0] == pytest.approx(-0.5)
    assert r[2] == pytest.approx(1.0)
    assert np.all(big_r_from_prob(np.full(4, 0.25), "Mid") == 0.0)


def test_distance_and_utility_match_ktabs_formulas() -> None:
    """d = sqrt(Σ s²Δ² / Σ s²); u = (1 − d)(1 + dR), so R = 1 gives 1 − d²."""
    d = salience_distance(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]]), np.array([[1.0, 1.0]]))
    assert d[0, 0] == pytest.approx(1.0)
    d = salience_distance(np.array([[0.2, 0.0]]), np.array([[1.0, 0.0]]), np.array([[0.6, 0.9]]))
    assert d[0, 0] == pytest.approx(0.4)
    assert risk_utility(np.array([0.4]), 1.0) == pytest.approx(1 - 0.16)
    assert risk_utility(np.array([0.4]), -0.5) == pytest.approx(0.6 * 0.8)


def test_s2p2_bargains_weight_salience_and_probability_squared() -> None:
    """b = (s_i²P² x_i + s_j²(1−P)² x_j) / (…), rounded to 4 decimals."""
    bi, bj = interpolate_bargains(
        np.array([[0.2]]),
        np.array([[0.5]]),
        np.array([[0.8]]),
        np.array([[0.5]]),
        np.array([0.75]),
        "S2P2",
    )
    wi, wj = 0.25 * 0.5625, 0.25 * 0.0625
    assert bi[0, 0] == pytest.approx(round((wi * 0.2 + wj * 0.8) / (wi + wj), 4), abs=1e-4)
    assert bj[0, 0] == pytest.approx(bi[0, 0], abs=2e-4)
    assert round4(np.array([0.123449, 0.12345]))[0] == 0.1234


def test_targets_need_a_gain_above_the_threshold() -> None:
    """No target when every gain is ≤ 1e-5; otherwise the first maximum."""
    gain = np.array([[0.0, 1e-6, 2e-6], [0.3, 0.0, 0.3], [0.1, 0.2, 0.0]])
    assert best_challenges(gain).tolist() == [-1, 0, 1]


def test_ideals_follow_positions_by_the_accommodation_matrix() -> None:
    """x̂' = A x + (1 − ΣA) x̂; the identity makes ideals equal positions."""
    x = np.array([[0.0], [1.0]])
    old = np.array([[0.5], [0.5]])
    assert np.array_equal(new_ideals(x, old, np.eye(2)), x)
    moved = new_ideals(x, old, np.array([[0.5, 0.0], [0.2, 0.3]]))
    assert moved == pytest.approx(np.array([[0.25], [0.2 * 0.0 + 0.3 * 1.0 + 0.5 * 0.5]]))


def test_forecast_params_round_trip(reference_dir: Path) -> None:
    """The forecast records the model's parameters verbatim."""
    inp = read_ktab(_ktab(reference_dir) / "inputs" / "smpExample-fixed.xml")
    model = dataclasses.replace(inp.model(), transitions="Deterministic")
    f = model.forecast(inp.table)
    assert dict(f.params) == model.get_params()


def test_hitting_max_turns_warns_and_notes_it(reference_dir: Path) -> None:
    """A run cut short by max_turns raises ConvergenceWarning and says so in its notes."""
    inp = read_ktab(_ktab(reference_dir) / "inputs" / "dummyData_3Dim.csv")
    with pytest.warns(ConvergenceWarning, match="max_turns=3"):
        f = SpatialModelOfPolitics(max_turns=3).forecast(inp.table)
    assert f.n_steps == 3
    assert any("max_turns" in n for n in f.notes)
