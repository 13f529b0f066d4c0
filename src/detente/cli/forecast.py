"""``detente forecast``: the main job (the README's first command)."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli._console import console, handle_errors
from detente.scenario import load_scenario
from detente.report.scenario_summary import scenario_summary


@handle_errors
def forecast(
    scenario: Annotated[str, typer.Argument(help="A built-in name or a YAML file.")] = "ukraine-2025-09",
) -> None:
    """Forecast a negotiation: for now, the scenario's readable summary."""
    console.print(scenario_summary(load_scenario(scenario)))
