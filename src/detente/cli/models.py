"""``detente models`` and ``detente compare``: list the bargaining models, run them side by side."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Column, Table

from detente._limits import ACTORS
from detente.cli._checks import check_seed
from detente.cli._console import console, err_console, handle_errors, is_tty
from detente.cli.deu import CapabilityScheme, compare_deu, read_deu_cli, read_table_cli
from detente.errors import InvalidParameterError
from detente.models import MODELS, Forecast, PositionTable, get_model
from detente.models.issueset import IssueSet
from detente.readers.deu import DEFAULT_MAX_PROBLEMS
from detente.readers.table_csv import TABLE_HEADER
from detente.scenario import load_scenario

__all__ = ["check_table_size", "compare", "list_models", "model_status", "run_models"]


def check_table_size(table: PositionTable) -> None:
    """Refuse a table with more actors than the limit before any model runs (see _limits)."""
    ACTORS.check("the number of actors", len(table.actors))


@contextmanager
def model_status(name: str, table: PositionTable) -> Iterator[None]:
    """A spinner naming the model at work (on a terminal), so a long run is never silent."""
    if not is_tty():
        yield
        return
    with err_console.status(f"{name}: {len(table.actors)} actors × {len(table.issues)} issues…"):
        yield


class OutputFormat(StrEnum):
    """How ``detente compare`` prints its result."""

    table = "table"
    csv = "csv"
    json = "json"


def run_models(
    table: PositionTable, names: list[str], *, seed: int = 0
) -> tuple[list[Forecast], list[str]]:
    """Forecast ``table`` with each named model; return the forecasts and notes for the reader.

    Models that need walk-away values are skipped (with a note) when the table has none;
    warnings a model raises (e.g. a dynamic model hitting its round limit) become notes.
    """
    forecasts: list[Forecast] = []
    notes: list[str] = []
    for name in names:
        model = get_model(name)
        if model.info.needs_walk_away and table.walk_away is None:
            notes.append(
                f"{name}: skipped, it needs walk-away values (a scenario with a `war` "
                "block); plain tables have none"
            )
            continue
        if model.info.needs_issue_info and table.issue_info is None:
            notes.append(f"{name}: skipped, it reads DEU issue facts (run it with --deu FILE)")
            continue
        with warnings.catch_warnings(record=True) as caught, model_status(name, table):
            warnings.simplefilter("always")
            forecasts.append(model.forecast(table, seed=seed))
        notes.extend(f"{name}: {w.message}" for w in caught)
    return forecasts, notes


def _long_frame(forecasts: list[Forecast]) -> pd.DataFrame:
    cols = ["model", "issue", "outcome", "outcome_unit", "label"]
    if not forecasts:
        return pd.DataFrame(columns=cols)
    return pd.concat([f.to_frame() for f in forecasts], ignore_index=True)[cols]


MODEL_COLUMN = 15


def _header(f: Forecast) -> str:
    """A model's column title; a Nash forecast without a ZOPA says so (it is no prediction)."""
    if getattr(f, "zopa_exists", True) is False:
        return f"{f.model} (no ZOPA)"
    return f.model


def side_by_side(table: PositionTable, forecasts: list[Forecast], *, width: int) -> list[Table]:
    """The models' outcomes, a column per model, in as many tables as ``width`` needs.

    Columns wrap their text instead of cutting it, and models go to a further table rather
    than being squeezed, so nothing is lost at 80 columns.
    """
    names = []
    for k, issue in enumerate(table.issues):
        unit = table.scales[k].unit
        names.append(f"{issue} ({unit})" if unit else issue)
    issue_w = min(18, max(len("issue"), *(len(n) for n in names)))
    per = max(1, (width - issue_w - 4) // (MODEL_COLUMN + 3))
    out = []
    for start in range(0, len(forecasts), per):
        group = forecasts[start : start + per]
        view = Table(
            Column("issue", max_width=issue_w, overflow="fold"),
            *(Column(_header(f), max_width=MODEL_COLUMN, overflow="fold") for f in group),
        )
        for k, name in enumerate(names):
            view.add_row(
                escape(name), *(escape(f.scales[k].short(float(f.outcome[k]))) for f in group)
            )
        if any(_header(f) != f.model for f in group):
            view.caption = (
                "(no ZOPA): the model finds no package every veto player prefers to its "
                "walk-away; the column is its closest package, not a predicted deal."
            )
        out.append(view)
    return out


@handle_errors
def list_models() -> None:
    """List the bargaining models detente can run."""
    table = Table("title", "dynamic", "stochastic", "needs walk-away", "reference")
    table.columns.insert(0, Column("name", no_wrap=True, style="bold"))
    yes = {True: "yes", False: "-"}
    for name in sorted(MODELS):
        info = MODELS[name].info
        table.add_row(
            name,
            info.title,
            yes[info.dynamic],
            yes[info.stochastic],
            yes[info.needs_walk_away],
            info.reference,
        )
    console.print(table)


@handle_errors
def compare(
    scenario: Annotated[
        str | None,
        typer.Argument(help="A built-in name or a YAML file (default: ukraine-2025-09)."),
    ] = None,
    table_file: Annotated[
        Path | None,
        typer.Option("--table", help=f"A long CSV table ({TABLE_HEADER}) instead of a scenario."),
    ] = None,
    ktab_file: Annotated[
        Path | None,
        typer.Option("--ktab", help="A KTAB SMP scenario (.csv or .xml) instead of a scenario."),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="A model to run (repeatable); default: every model."),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format", help="table: side by side; csv/json: one row per model and issue."
        ),
    ] = OutputFormat.table,
    seed: Annotated[
        int, typer.Option(callback=check_seed, help="Seed for stochastic models (>= 0).")
    ] = 0,
    deu_file: Annotated[
        Path | None,
        typer.Option("--deu", help="A DEU file of EU decisions (tab-separated, any extension)."),
    ] = None,
    capabilities: Annotated[
        CapabilityScheme, typer.Option(help="With --deu: capabilities (see docs/models.md).")
    ] = CapabilityScheme.votes,
    salience_scale: Annotated[
        float | None,
        typer.Option(
            help="With --deu (default 100), --table (default 1) or --decide (default 1): the "
            "saliences' maximum; they are divided by it."
        ),
    ] = None,
    position_scale: Annotated[
        str | None,
        typer.Option(
            help="With --deu (default 0:100) or --table (default: each issue's range): every "
            "issue's scale LOW:HIGH."
        ),
    ] = None,
    max_problems: Annotated[
        int,
        typer.Option(
            help="With --deu, --table or --decide: row-level problems printed at most (0: all)."
        ),
    ] = DEFAULT_MAX_PROBLEMS,
    decide_file: Annotated[
        Path | None,
        typer.Option(
            "--decide",
            help="A Decide input file (Stokman's exchange model: #A, #P, #M, #D rows).",
        ),
    ] = None,
) -> None:
    """Run several bargaining models on one negotiation and show their predicted outcomes."""
    _one_input(scenario, table_file, ktab_file, deu_file, decide_file)
    names = list(dict.fromkeys(model)) if model else sorted(MODELS)
    if decide_file is not None:
        from detente.readers.decide import read_decide

        if position_scale is not None:
            msg = (
                "--position-scale does not apply to --decide (got "
                f"{position_scale!r}): a Decide file declares each issue's scale in its #M "
                "lines. Fix: drop the option, or edit the #M lines."
            )
            raise InvalidParameterError(msg)

        data = read_decide(decide_file, salience_scale=salience_scale, max_problems=max_problems)
        if not _compare_rectangular(data, names, output, seed):
            _compare_ragged(data, names, output.value, seed=seed)
        return
    if table_file is not None:
        data = read_table_cli(table_file, salience_scale, position_scale, max_problems)
        if not _compare_rectangular(data, names, output, seed):
            _compare_ragged(data, names, output.value, seed=seed)
        return
    if deu_file is not None:
        data = read_deu_cli(deu_file, capabilities, salience_scale, position_scale, max_problems)
        compare_deu(data, names, output.value, seed=seed)
        return
    if ktab_file is not None:
        from detente.cli.ktab import compare_ktab

        compare_ktab(ktab_file, output.value, models=model, seed=seed)
        return
    table = PositionTable.from_scenario(load_scenario(scenario or "ukraine-2025-09"))
    _compare_table(table, names, output, seed)


def _compare_rectangular(data: IssueSet, names: list[str], output: OutputFormat, seed: int) -> bool:
    """Run a one-block IssueSet as the table it is (False: it is ragged)."""
    if not data.rectangular:
        return False
    _compare_table(data.tables[0], names, output, seed)
    for note in data.notes:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, markup=True)
    return True


def _compare_ragged(data: IssueSet, names: list[str], output: str, *, seed: int) -> None:
    """Ragged data: every model block by block (each issue on the actors present)."""
    for t in data.tables:
        check_table_size(t)
    compare_deu(data, names, output, seed=seed)


def _compare_table(table: PositionTable, names: list[str], output: OutputFormat, seed: int) -> None:
    check_table_size(table)
    forecasts, notes = run_models(table, names, seed=seed)
    frame = _long_frame(forecasts)
    if output is OutputFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif output is OutputFormat.json:
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        for view in side_by_side(table, forecasts, width=console.width):
            console.print(view)
    model_notes = [
        f"{f.model}: {n}" for f in forecasts for n in f.notes if not n.startswith("method:")
    ]
    for note in [*notes, *model_notes]:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, markup=True)


def _one_input(
    scenario: str | None,
    table_file: Path | None,
    ktab_file: Path | None,
    deu_file: Path | None = None,
    decide_file: Path | None = None,
) -> None:
    """Refuse two inputs at once (one would silently win over the other)."""
    given = [
        label
        for label, value in (
            (f"scenario {scenario}", scenario),
            (f"--table {table_file}", table_file),
            (f"--ktab {ktab_file}", ktab_file),
            (f"--deu {deu_file}", deu_file),
            (f"--decide {decide_file}", decide_file),
        )
        if value is not None
    ]
    if len(given) > 1:
        msg = (
            "compare must be given one negotiation: a scenario, --table, --ktab, --deu or "
            f"--decide (got {' and '.join(given)}). Fix: keep one of them and run compare "
            "again for the other."
        )
        raise InvalidParameterError(msg)
