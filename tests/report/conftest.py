"""Fixtures: a scenario with proposals, levers and a citation, and a forecast document with
every table filled (the hand-made result comes from tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def small() -> Any:
    """The tiny scenario plus proposals, a lever and a citation (tests/report/data/small.yaml)."""
    from detente.scenario import load_scenario

    return load_scenario(DATA / "small.yaml")


@pytest.fixture
def full_doc(small: Any, result_factory: Any) -> Any:
    """A forecast document with every table filled: scorecard, models and sensitivities."""
    import datetime as dt

    import pandas as pd

    from detente.results import build_document
    from detente.results.export import models_frame

    proposals = pd.DataFrame(
        {
            "proposal": ["split", "split", "blue_plan", "blue_plan"],
            "actor": ["red", "blue", "red", "blue"],
            "acceptable": [True, False, False, True],
            "margin": [0.12, -0.04, -0.45, 0.3],
            "breaks_red_line": [False, False, True, False],
            "durability": [0.7, 0.7, 0.4, 0.4],
        }
    )
    sensitivity = pd.DataFrame(
        {
            "name": ["aid", "war.p_first_prevails", "positions.red.land.bottom_line"],
            "kind": ["lever", "input", "input"],
            "p_low": [0.35, 0.30, 0.41],
            "p_high": [0.52, 0.55, 0.33],
        }
    )
    forecasts = _forecasts(small)
    return build_document(
        result_factory(),
        small,
        proposals=proposals,
        sensitivity=sensitivity,
        models=models_frame(forecasts),
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


@pytest.fixture
def forecasts(small: Any) -> list[Any]:
    """Every registered bargaining model's forecast of the small scenario."""
    return _forecasts(small)


def _forecasts(scenario: Any) -> list[Any]:
    from detente.errors import DetenteError
    from detente.models import MODELS

    out = []
    for cls in MODELS.values():
        try:
            out.append(cls().forecast(scenario, seed=1))
        except DetenteError:  # a model that cannot take this scenario is left out, as in the CLI
            continue
    return out
