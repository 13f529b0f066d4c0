"""``detente models`` and ``detente compare``: list the bargaining models, run them side by side."""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Column, Table

from detente.cli._console import console, err_console, handle_errors
from detente.errors import Problem, ScenarioError
from detente.models import MODELS, Forecast, PositionTable, get_model
from detente.scenario import load_scenario

__all__ = ["compare", "list_models", "read_table_csv", "run_models"]

MAX_TABLE_BYTES = 50 * 1024 * 1024
_HEADER = "issue,actor,position,salience,capability[,reference]"
_FIX_HEADER = (
    f"write a comma-separated file whose first line is `{_HEADER}`, "
    "then one row per actor and issue"
)


class OutputFormat(StrEnum):
    """How ``detente compare`` prints its result."""

    table = "table"
    csv = "csv"
    json = "json"


def _fail(name: str, line: int | None, message: str, fix: str, path: str = "") -> ScenarioError:
    return ScenarioError([Problem(name, line, path, message, fix)])


def read_table_csv(path: str | Path) -> PositionTable:
    """Read a long CSV table (one row per actor × issue) into a :class:`PositionTable`.

    Guards against a missing, empty, oversized, binary or non-CSV file, each reported as a
    :class:`ScenarioError` naming the file, the line where known, and the fix; bad rows are
    reported by :meth:`PositionTable.from_frame`, all at once.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise _fail(name, None, "file not found", "check the path (relative to the current folder)")
    if not p.is_file():
        raise _fail(name, None, "is not a file", "give the path of a .csv file")
    size = p.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise _fail(
            name,
            None,
            f"the file is {size / 2**20:.0f} MiB, over the {MAX_TABLE_BYTES // 2**20} MiB limit",
            "split it or remove unused rows",
        )
    raw = p.read_bytes()
    if b"\x00" in raw[:8192]:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _fail(
            name,
            line,
            "this is a binary file, not a CSV table (it contains NUL bytes)",
            "export the table as CSV (UTF-8 text)",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(
            name,
            line,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text",
            "save the file as UTF-8 CSV",
        ) from None
    if not text.strip():
        raise _fail(name, 1, "the file is empty", _FIX_HEADER)
    first = text.lstrip().splitlines()[0]
    if "," not in first:
        sep = next(
            (f"{label}s" for ch, label in ((";", "semicolon"), ("\t", "tab")) if ch in first),
            "no commas",
        )
        raise _fail(
            name,
            1,
            f"the header has {sep}, so this is not a comma-separated table (got {first[:60]!r})",
            _FIX_HEADER,
        )
    df = _parse_csv(text, name)
    df.columns = [str(c).strip().lower() for c in df.columns]
    try:
        return PositionTable.from_frame(df, name=name)
    except ScenarioError as exc:
        # from_frame counts data rows from line 2; map back to the file's lines (blank lines)
        lines: list[int] = df.attrs["lines"]
        fixed = [
            replace(pr, line=lines[pr.line - 1])
            if pr.line is not None and pr.line <= len(lines)
            else pr
            for pr in exc.problems
        ]
        raise ScenarioError(fixed) from None


def _parse_csv(text: str, name: str) -> pd.DataFrame:
    """Parse CSV text, reporting every row whose cell count differs from the header's."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip() for cell in row])
                lines.append(reader.line_num)
    except csv.Error as exc:
        raise _fail(
            name,
            reader.line_num,
            f"not a valid CSV table: {exc}",
            "close every quoted cell; quote cells that contain commas",
        ) from None
    header = rows[0]
    problems = [
        Problem(
            name,
            line,
            "",
            f"the row has {len(row)} cells, the header has {len(header)}",
            "give every row one cell per header column; quote cells that contain commas",
        )
        for row, line in zip(rows[1:], lines[1:], strict=True)
        if len(row) != len(header)
    ]
    if problems:
        raise ScenarioError(problems)
    df = pd.DataFrame(rows[1:], columns=header, dtype=object)
    df.attrs["lines"] = lines
    return df


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
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            forecasts.append(model.forecast(table, seed=seed))
        notes.extend(f"{name}: {w.message}" for w in caught)
    return forecasts, notes


def _long_frame(forecasts: list[Forecast]) -> pd.DataFrame:
    cols = ["model", "issue", "outcome", "outcome_unit", "label"]
    if not forecasts:
        return pd.DataFrame(columns=cols)
    return pd.concat([f.to_frame() for f in forecasts], ignore_index=True)[cols]


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
        str, typer.Argument(help="A built-in name or a YAML file.")
    ] = "ukraine-2025-09",
    table_file: Annotated[
        Path | None,
        typer.Option("--table", help=f"A long CSV table ({_HEADER}) instead of a scenario."),
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
    seed: Annotated[int, typer.Option(help="Seed for stochastic models.")] = 0,
) -> None:
    """Run several bargaining models on one negotiation and show their predicted outcomes."""
    if ktab_file is not None:
        from detente.cli.ktab import compare_ktab

        compare_ktab(ktab_file, output.value, models=model, seed=seed)
        return
    if table_file is not None:
        table = read_table_csv(table_file)
    else:
        table = PositionTable.from_scenario(load_scenario(scenario))
    names = list(dict.fromkeys(model)) if model else sorted(MODELS)
    forecasts, notes = run_models(table, names, seed=seed)
    frame = _long_frame(forecasts)
    if output is OutputFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif output is OutputFormat.json:
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        view = Table("issue", *(Column(f.model, min_width=len(f.model)) for f in forecasts))
        for k, issue in enumerate(table.issues):
            unit = table.scales[k].unit
            row_name = f"{issue} ({unit})" if unit else issue
            view.add_row(row_name, *(f.scales[k].short(float(f.outcome[k])) for f in forecasts))
        console.print(view)
    model_notes = [
        f"{f.model}: {n}" for f in forecasts for n in f.notes if not n.startswith("method:")
    ]
    for note in [*notes, *model_notes]:
        err_console.print(f"[yellow]note:[/] {escape(note)}", highlight=False, markup=True)
