"""Red lines that may be bargaining stances (``red_line.firmness``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from detente.dynamics import simulate
from detente.scenario import load_scenario
from detente.scenario.loader import validate_data

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "scenario-example.yaml"


def _with_firmness(firmness: float | None) -> Any:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["constraints"] = []
    # Blue insists on membership as a red line; Red's red line is neutrality: they clash
    data["positions"]["blue"]["alliance"]["red_line"] = {"limit": "member"}
    red = {"limit": "neutral"}
    if firmness is not None:
        red["firmness"] = firmness  # type: ignore[assignment]
    data["positions"]["red"]["alliance"]["red_line"] = red
    v = validate_data(data, {}, "mini")
    assert v.ok, [p.render() for p in v.errors]
    return v.scenario


def test_firmness_is_the_chance_the_red_line_binds() -> None:
    """Certain red lines that clash leave no deal; a red line that is a stance in a share of
    the draws lets deals through in about that share (never more)."""
    hard = simulate(_with_firmness(None), n_draws=2000, n_months=12, seed=9).p_deal
    sure = simulate(_with_firmness(1.0), n_draws=2000, n_months=12, seed=9).p_deal
    half = simulate(_with_firmness(0.5), n_draws=2000, n_months=12, seed=9).p_deal
    soft = simulate(_with_firmness(0.0), n_draws=2000, n_months=12, seed=9).p_deal
    assert hard == sure == 0.0
    assert 0.0 < half < soft
    assert abs(half - 0.5 * soft) < 0.05


def test_the_builtin_needs_a_red_line_to_give() -> None:
    """On the built-in, Ukraine's guarantee red line, Russia's no-Western-troops red line, the
    US refusal of a binding guarantee and the rule that a coalition backstop means troops on
    the ground leave no deal while all three hold (the sources' irreconcilable demands)."""
    s = load_scenario("ukraine-2025-09")
    positions = {
        aid: {
            iid: p.model_copy(update={"red_line": p.red_line.model_copy(update={"firmness": None})})
            if p.red_line is not None
            else p
            for iid, p in row.items()
        }
        for aid, row in s.positions.items()
    }
    hard = s.model_copy(update={"positions": positions})
    assert simulate(hard, n_draws=2000, n_months=24, seed=1).p_deal == 0.0
    assert simulate(s, n_draws=2000, n_months=24, seed=1).p_deal > 0.0
