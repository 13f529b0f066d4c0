"""The trade network: exchange ties and KTAB challenges read faithfully from the forecasts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from detente.models import get_model
from detente.models.exchange import ExchangeForecast
from detente.models.ktab.smp import KtabForecast
from detente.models.network import trade_network
from detente.models.table import PositionTable
from detente.scenario import load_scenario


@pytest.fixture(scope="module")
def builtin_forecasts() -> tuple[ExchangeForecast, KtabForecast]:
    sc = load_scenario("ukraine-2025-09")
    ex = get_model("exchange").forecast(sc, seed=42)
    kt = get_model("ktab-smp").forecast(sc, seed=42)
    assert isinstance(ex, ExchangeForecast)
    assert isinstance(kt, KtabForecast)
    return ex, kt


def test_exchange_ties_sum_the_gains_of_each_pairs_trades(
    builtin_forecasts: tuple[ExchangeForecast, KtabForecast],
) -> None:
    ex, _ = builtin_forecasts
    net = trade_network([ex])
    ties = [e for e in net.edges if e.kind == "exchange"]
    assert ties, "the built-in has exchanges"
    assert sum(e.count for e in ties) == len(ex.exchanges)
    assert sum(e.weight for e in ties) == pytest.approx(float(ex.exchanges["gain"].sum()))
    for e in ties:
        pair = ex.exchanges[
            ((ex.exchanges["actor_a"] == e.source) & (ex.exchanges["actor_b"] == e.target))
            | ((ex.exchanges["actor_a"] == e.target) & (ex.exchanges["actor_b"] == e.source))
        ]
        assert e.weight == pytest.approx(float(pair["gain"].sum()))
        assert len(e.issues) == len(pair)
    assert net.coalitions == ()
    assert all(net.coalition_of(a) == -1 for a in net.actors)


def test_challenge_ties_count_ktabs_bargains_and_coalitions_cover_every_actor(
    builtin_forecasts: tuple[ExchangeForecast, KtabForecast],
) -> None:
    ex, kt = builtin_forecasts
    net = trade_network([ex, kt])
    ties = [e for e in net.edges if e.kind == "challenge"]
    own = kt.bargains[kt.bargains["initiator"] != kt.bargains["receiver"]]
    assert sum(e.count for e in ties) == len(own)
    assert sum(e.adopted for e in ties) == int((own["adopted_by"] != "").sum())
    assert sorted(a for g in net.coalitions for a in g) == sorted(kt.actors)
    d = net.to_dict()
    assert {n["id"] for n in d["nodes"]} == set(kt.actors)  # type: ignore[index]
    assert len(d["edges"]) == len(net.edges)  # type: ignore[arg-type]
    frame = net.to_frame()
    assert set(frame["kind"]) == {"exchange", "challenge"}


def test_actors_that_end_at_one_position_form_one_coalition() -> None:
    """Like-minded actors share a coalition; distinct final positions are distinct ones."""
    df = pd.DataFrame(
        [
            ("a", "x", 0.0, 1.0, 1.0),
            ("b", "x", 0.0, 1.0, 1.0),
            ("c", "x", 100.0, 1.0, 0.2),
        ],
        columns=["actor", "issue", "position", "salience", "capability"],
    )
    table = PositionTable.from_frame(df.assign(reference=0.0))
    f = get_model("ktab-smp").forecast(table, seed=0)
    assert isinstance(f, KtabForecast)
    assert any({"a", "b"} <= set(g) for g in f.coalitions())
    assert f.trace is not None
    # a final state with b and a together and c apart: two coalitions, the larger first
    final = np.array([[0.2], [0.2 + 1e-5], [0.9]])
    split = dataclasses.replace(f, trace=np.concatenate([f.trace, final[None]]))
    assert split.coalitions() == (("a", "b"), ("c",))
    assert np.allclose(split.final_positions(), final)


def test_no_forecasts_no_network() -> None:
    net = trade_network([])
    assert net.actors == () and net.edges == ()
