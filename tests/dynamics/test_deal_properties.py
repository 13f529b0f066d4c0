"""Property: over random scenarios, a simulated deal never holds a term its owner refuses nor
a combination a constraint rules out (issue ownership + feasibility, end to end)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.dynamics import simulate
from detente.scenario.loader import validate_data

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "scenario-example.yaml"
OPTIONS = ("member", "neutral", "monitored")
POINT = {"member": 0.0, "neutral": 0.5, "monitored": 1.0}


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    needed = draw(st.sampled_from([["member"], ["monitored"], ["member", "monitored"]]))
    seated = draw(st.booleans())
    for a in data["actors"]:
        if a["id"] == "green":
            a["at_table"] = seated
    alliance = next(i for i in data["issues"] if i["id"] == "alliance")
    alliance["owners"] = [
        {"actor": "green", "needed_for": needed, "evidence": [{"judgement": "t"}]}
    ]
    g = data["positions"]["green"]["alliance"]
    g["ideal"] = draw(st.sampled_from(OPTIONS))
    g["stated"] = draw(st.sampled_from(OPTIONS))
    g["bottom_line"] = draw(st.sampled_from(OPTIONS))
    for side in ("red", "blue"):
        p = data["positions"][side]["alliance"]
        p["ideal"] = p["stated"] = draw(st.sampled_from(OPTIONS))
        p["bottom_line"] = draw(st.sampled_from(OPTIONS))
        p.pop("red_line", None)
    when = draw(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=2, unique=True))
    cap = draw(st.integers(min_value=0, max_value=100))
    data["constraints"] = [
        {
            "id": "c",
            "when": {"issue": "alliance", "options": when},
            "then": {"issue": "land", "at_most": cap},
            "evidence": [{"judgement": "t"}],
        }
    ]
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(min_value=0, max_value=10_000))
def test_deals_respect_owners_and_constraints(data: dict[str, Any], seed: int) -> None:
    v = validate_data(data, {}, "random")
    assert v.ok, [p.render() for p in v.errors]
    r = simulate(v.scenario, n_draws=150, n_months=12, seed=seed)
    alliance, land = r.terms_samples["alliance"], r.terms_samples["land"]
    rule = data["constraints"][0]
    when = np.isin(alliance, [POINT[o] for o in rule["when"]["options"]])
    assert not (when & (land > rule["then"]["at_most"] + 1e-6)).any(), "infeasible package"
    owner = data["issues"][1]["owners"][0]
    g = data["positions"]["green"]["alliance"]
    seated = next(a for a in data["actors"] if a["id"] == "green")["at_table"]
    needs = np.isin(alliance, [POINT[o] for o in owner["needed_for"]])
    ideal, bottom, stated = POINT[g["ideal"]], POINT[g["bottom_line"]], POINT[g["stated"]]
    free = [POINT[o] for o in OPTIONS if o not in owner["needed_for"]]
    offered = (alliance >= min(*free, stated) - 1e-9) & (alliance <= max(*free, stated) + 1e-9)
    if seated:  # it consents to what it likes at least as well as its bottom line; its offer stands
        refused = (np.abs(alliance - ideal) > abs(bottom - ideal) + 1e-9) & ~offered
    else:
        refused = ~offered
    assert not (needs & refused).any(), "a term its owner refuses"
