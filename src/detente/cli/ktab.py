"""``detente compare --ktab FILE``: every model on a KTAB scenario file, KTAB's SMP among them.

The SMP runs with the options, ideal accommodation and seed the file gives (KTAB's defaults
for CSV files); the other models run with their defaults on the same table. Attached to the
``compare`` command in :mod:`detente.cli.models`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from detente.cli._console import console, err_console
from detente.cli.models import check_table_size, model_status
from detente.models import MODELS, Forecast, get_model
from detente.models.ktab.smp import KtabForecast, SpatialModelOfPolitics
from detente.readers.ktab import KtabInput, read_ktab

__all__ = ["compare_ktab", "ktab_forecasts"]

_FORMATS = ("table", "csv", "json")


def ktab_forecasts(
    path: str | Path, *, models: list[str] | None = None, seed: int | None = None
) -> tuple[KtabInput, list[Forecast], list[str]]:
    """Read a KTAB file and forecast it with each named model (default: all registered).

    ``ktab-smp`` is configured from the file; ``seed`` (default: the file's ``prngSeed``, or
    0) drives stochastic models. Models needing walk-away values are skipped with a note.
    """
    inp = read_ktab(path)
    check_table_size(inp.table)
    names = list(dict.fromkeys(models)) if models else sorted(MODELS)
    run_seed = seed if seed is not None else (inp.seed if inp.seed is not None else 0)
    forecasts: list[Forecast] = []
    notes: list[str] = []
    for name in names:
        model = inp.model() if name == SpatialModelOfPolitics.name else get_model(name)
        if model.info.needs_walk_away:
            notes.append(f"{name}: skipped, it needs walk-away values; KTAB files have none")
            continue
        if model.info.needs_issue_info:
            notes.append(f"{name}: skipped, it reads DEU issue facts (run it with --deu FILE)")
            continue
        with warnings.catch_warnings(record=True) as caught, model_status(name, inp.table):
            warnings.simplefilter("always")
            forecasts.append(model.forecast(inp.table, seed=run_seed))
        notes.extend(f"{name}: {w.message}" for w in caught)
    notes.extend(
        f"{f.model}: {f.n_steps} steps; outcome = final positions weighted by their winning "
        "probabilities"
        for f in forecasts
        if isinstance(f, KtabForecast)
    )
    return inp, forecasts, notes


def compare_ktab(
    path: str | Path,
    fmt: str = "table",
    *,
    models: list[str] | None = None,
    seed: int | None = None,
) -> None:
    """Print the models' predicted outcomes for a KTAB file (``table``, ``csv`` or ``json``)."""
    if fmt not in _FORMATS:
        msg = f"unknown format {fmt!r}; use one of {', '.join(_FORMATS)}"
        raise typer.BadParameter(msg)
    inp, forecasts, notes = ktab_forecasts(path, models=models, seed=seed)
    cols = ["model", "issue", "outcome", "outcome_unit", "label"]
    frame = (
        pd.concat([f.to_frame() for f in forecasts], ignore_index=True)[cols]
        if forecasts
        else pd.DataFrame(columns=cols)
    )
    if fmt == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        view = Table("issue", *(f.model for f in forecasts), title=escape(inp.name or str(path)))
        for k, issue in enumerate(inp.table.issue_names):
            view.add_row(
                escape(issue),
                *(escape(f.scales[k].describe(float(f.outcome[k]))) for f in forecasts),
            )
        console.print(view)
    for note in notes:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, markup=True)
