"""Issue ownership and outside veto players (dynamics/ownership.py) and their effect on deals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from detente.dynamics import simulate
from detente.dynamics.ownership import OwnerSpec, acceptable_set, allowed_terms, snap_to_options
from detente.scenario import load_scenario
from detente.scenario.loader import validate_data

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "scenario-example.yaml"
PTS = (0.0, 0.5, 1.0)


def _scenario(data: dict[str, Any]) -> Any:
    v = validate_data(data, {}, "mini")
    assert v.ok, [p.render() for p in v.errors]
    return v.scenario


def _example() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def test_acceptable_set_is_what_the_party_likes_at_least_as_much_as_its_bottom_line() -> None:
    lo, hi = acceptable_set(0.2, np.array([0.5, 0.2]), 0.0, 1.0)
    assert np.allclose(lo, [0.0, 0.2]) and np.allclose(hi, [0.5, 0.2])
    lo, hi = acceptable_set(0.2, np.array([0.5]), 0.0, 0.4)  # the red line cuts it
    assert np.allclose(hi, [0.4])


def test_snap_keeps_options_only() -> None:
    lo, hi = snap_to_options(np.array([0.1, 0.6]), np.array([0.6, 0.9]), PTS)
    assert np.allclose(lo, [0.5, 1.0]) and np.allclose(hi, [0.5, 0.0])  # second holds none


def _allowed(seated: bool, bottom: float, stated: float = 0.5) -> tuple[float, float]:
    owner = OwnerSpec(issue=0, actor=2, free_low=0.0, free_high=0.5, stated=stated)
    ideals = np.array([[0.0], [1.0], [0.5]])
    red_lo, red_hi = np.zeros((1, 3, 1)), np.ones((1, 3, 1))
    lo, hi = allowed_terms(
        1,
        1,
        (owner,),
        (),
        np.array([[True, True, seated]]),
        ideals,
        {(2, 0): np.array([bottom])},
        red_lo,
        red_hi,
        (PTS,),
    )
    return float(lo[0, 0]), float(hi[0, 0])


def test_owner_away_offers_only_its_stated_position_and_seated_its_acceptable_set() -> None:
    """Away: the free run plus what it has publicly offered; seated: its acceptable set joins."""
    assert _allowed(seated=False, bottom=1.0) == (0.0, 0.5)
    assert _allowed(seated=True, bottom=1.0) == (0.0, 1.0)
    assert _allowed(seated=True, bottom=0.5) == (0.0, 0.5)  # likes nothing beyond its ideal


def test_a_seated_owners_public_offer_still_stands() -> None:
    """Brought to the table, an owner does not withdraw what it offered from outside, even
    where it likes it less than its bottom line."""
    assert _allowed(seated=False, bottom=0.5, stated=1.0) == (0.0, 1.0)
    assert _allowed(seated=True, bottom=0.5, stated=1.0) == (0.0, 1.0)


def test_a_seated_outside_veto_player_binds_every_issue() -> None:
    ideals = np.array([[0.0], [1.0], [0.5]])
    lo, hi = allowed_terms(
        2,
        1,
        (),
        (2,),
        np.array([[True, True, True], [True, True, False]]),
        ideals,
        {(2, 0): np.array([0.25, 0.25])},
        np.zeros((1, 3, 1)),
        np.ones((1, 3, 1)),
        ((),),
    )
    assert np.allclose(lo[:, 0], [0.25, 0.0]) and np.allclose(hi[:, 0], [0.75, 1.0])


def _owned_example(green_at_table: bool) -> dict[str, Any]:
    data = _example()
    data["constraints"] = []
    for a in data["actors"]:
        if a["id"] == "green":
            a["at_table"] = green_at_table
    # Blue wants the monitored option most; only Green can provide it
    data["positions"]["blue"]["alliance"].update(
        {
            "stated": "monitored",
            "ideal": "monitored",
            "bottom_line": "monitored",
            "salience": 0.3,
            "red_line": {"limit": "monitored"},
        }
    )
    data["positions"]["red"]["alliance"]["red_line"] = None
    data["positions"]["red"]["alliance"]["bottom_line"] = "monitored"
    data["positions"]["green"]["alliance"].update({"stated": "neutral", "bottom_line": "monitored"})
    return data


def test_deals_need_an_owners_consent() -> None:
    """Without its owner, an issue is held to what needs no consent; a seated owner opens it."""
    away = simulate(_scenario(_owned_example(False)), n_draws=400, n_months=12, seed=3)
    seated = simulate(_scenario(_owned_example(True)), n_draws=400, n_months=12, seed=3)
    # Blue's bottom line demands the monitored option, which only a seated Green consents to
    assert away.p_deal == 0.0
    assert seated.p_deal > 0.5


def test_seating_europe_raises_p_settlement_on_the_builtin() -> None:
    """Europe at the table consents to phased sanctions relief it would not offer from outside,
    which Russia's bottom line needs in many draws: P(settlement) rises (same seed, so the
    difference is the seat, not noise), and no deal lifts the EU's sanctions while it is away."""
    s = load_scenario("ukraine-2025-09")
    seated = s.model_copy(
        update={
            "actors": [
                a.model_copy(update={"at_table": True}) if a.id == "europe" else a for a in s.actors
            ]
        }
    )
    base = simulate(s, n_draws=4000, n_months=24, seed=42)
    with_eu = simulate(seated, n_draws=4000, n_months=24, seed=42)
    assert with_eu.p_deal > base.p_deal
    # unit points of tightened, phased_full and full_immediate: the EU's own sanctions move
    beyond = [0.0, 0.75, 1.0]
    assert base.terms_samples["sanctions_relief"].size > 0
    assert not np.isin(base.terms_samples["sanctions_relief"], beyond).any()
    assert np.isin(with_eu.terms_samples["sanctions_relief"], beyond).any()


def test_an_outside_veto_player_lowers_p_deal_when_seated() -> None:
    """Seated with ``veto: true``, Green must consent to every term, so fewer deals exist."""
    data = _example()
    for a in data["actors"]:
        if a["id"] == "green":
            a["veto"], a["at_table"] = True, True
    data["positions"]["green"]["land"].update({"bottom_line": 15, "ideal": 10, "stated": 10})
    free = simulate(_scenario(_example()), n_draws=600, n_months=12, seed=5)
    bound = simulate(_scenario(data), n_draws=600, n_months=12, seed=5)
    assert bound.p_deal < free.p_deal
    assert bound.terms_samples["land"].size > 0
    assert bound.terms_samples["land"].max() <= 15 + 1e-6  # |x - 10| <= |15 - 10|
