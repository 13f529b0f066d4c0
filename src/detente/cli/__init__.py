"""The ``detente`` command line: a thin shell that parses, calls the library and renders.

No maths lives here. Each sub-app is its own module; this one only wires them together.
"""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli import scenario as scenario_cli
from detente.cli._console import handle_errors, state

__all__ = ["app", "main"]

app = typer.Typer(
    name="detente",
    help="Model, simulate and forecast multi-party peace negotiations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors.")
    ] = False,
) -> None:
    state["debug"] = debug


app.add_typer(scenario_cli.app, name="scenario")
app.command("schema")(handle_errors(scenario_cli.schema_command))

# Sub-apps and commands contributed by other modules are attached below, one line each.
from detente.cli import models as models_cli  # noqa: E402

app.command("models")(models_cli.list_models)
app.command("compare")(models_cli.compare)

from detente.cli import forecast as forecast_cli  # noqa: E402
from detente.cli import sources as sources_cli  # noqa: E402

app.add_typer(sources_cli.app, name="sources")

app.command("forecast")(forecast_cli.forecast)
from detente.cli import levers as levers_cli  # noqa: E402

app.command("levers")(levers_cli.levers)
app.command("sensitivity")(levers_cli.sensitivity)
from detente.cli import runs as runs_cli  # noqa: E402

app.add_typer(runs_cli.app, name="runs")
from detente.cli import backtest as backtest_cli  # noqa: E402

app.command("backtest")(backtest_cli.backtest)
from detente.cli import deu as deu_cli  # noqa: E402

app.command("evaluate")(deu_cli.evaluate)
from detente.cli import serve as serve_cli  # noqa: E402

app.command("serve")(serve_cli.serve)


def main() -> None:
    """Entry point of the ``detente`` console script."""
    app()
