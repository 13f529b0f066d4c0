"""Ratification instruments: each kind needs its own fields, located errors name the fix."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from detente.dynamics import sampling
from detente.scenario import Scenario, validate_text

TINY = yaml.safe_load((Path(__file__).parents[1] / "data" / "tiny.yaml").read_text("utf-8"))


def _with(instrument: str, actor: int = 0, doc: dict[str, Any] | None = None) -> str:
    """tiny.yaml with ratification entries (flow YAML) on actor number ``actor``."""
    d = copy.deepcopy(TINY if doc is None else doc)
    d["actors"][actor]["ratification"] = yaml.safe_load(f"[{instrument}]")
    return yaml.safe_dump(d, sort_keys=False)


def _render(text: str) -> tuple[list[str], list[str]]:
    v = validate_text(text, "t.yaml")
    return [p.render() for p in v.errors], [p.render() for p in v.warnings]


def test_a_well_formed_referendum_and_election_validate() -> None:
    """A referendum with a margin and an election with a date and accountability are valid."""
    ev = "evidence: [{judgement: t}]"
    text = _with(
        f"{{instrument: referendum, margin: {{dist: uniform, low: 0, high: 0.1}}, {ev}}}, "
        f"{{instrument: election, date: 2026-09-20, accountability: 0.4, {ev}}}"
    )
    errors, warnings = _render(text)
    assert errors == []
    assert not any("ratification" in w for w in warnings)


@pytest.mark.parametrize(
    ("entry", "where", "words"),
    [
        ("{instrument: referendum}", "ratification[0].margin", "has no margin"),
        ("{instrument: parliament, margin: 0.1, date: 2026-01-01}", "ratification[0].date", "date"),
        ("{instrument: election, accountability: 0.5}", "ratification[0].date", "has no date"),
        ("{instrument: election, date: 2026-01-01}", "accountability", "no accountability"),
        (
            "{instrument: election, date: 2025-06-01, accountability: 0.5}",
            "ratification[0].date",
            "not after as_of",
        ),
        (
            "{instrument: election, date: 2026-01-01, accountability: 0.5, margin: 0.1}",
            "ratification[0].margin",
            "votes on the leader",
        ),
        ("{instrument: referendum, margin: 1.5}", "ratification[0].margin", "within [-1.0, 1.0]"),
        ("{instrument: plebiscite, margin: 0}", "instrument", "referendum"),
    ],
)
def test_each_mistake_is_located_with_a_fix(entry: str, where: str, words: str) -> None:
    """Every malformed instrument gives an error at its own field, saying what to do."""
    errors, _ = _render(_with(entry))
    hits = [e for e in errors if where in e]
    assert hits, errors
    assert any(words in e for e in hits), hits
    assert all(":" in e.split("t.yaml", 1)[1][:6] for e in hits)  # a line number


def test_an_instrument_off_the_war_sides_is_a_warning() -> None:
    """Only the two sides' floors are simulated: elsewhere an instrument is flagged."""
    d = copy.deepcopy(TINY)
    green = {**d["actors"][0], "id": "green", "name": "Green", "role": "stakeholder"}
    d["actors"].append({**green, "veto": False})
    d["positions"]["green"] = d["positions"]["red"]
    errors, warnings = _render(_with("{instrument: parliament, margin: 0}", actor=2, doc=d))
    assert not any("ratification" in e for e in errors), errors
    assert any("not one of the war's two sides" in w for w in warnings), warnings


def test_instrument_inputs_are_named_and_sampled() -> None:
    """A margin and an accountability are uncertain inputs with readable names."""
    ev = "evidence: [{judgement: t}]"
    s = Scenario.model_validate(
        yaml.safe_load(
            _with(
                f"{{instrument: referendum, margin: {{dist: uniform, low: 0, high: 0.1}}, "
                f"accountability: 0.7, {ev}}}"
            )
        )
    )
    names = sampling.input_space(s).names
    assert "actors.red.ratification.0.margin" in names
    assert "actors.red.ratification.0.accountability" in names
