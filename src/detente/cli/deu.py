"""``detente compare --deu FILE`` and ``detente evaluate``: real EU legislative decisions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from detente.cli._console import console, err_console, handle_errors
from detente.errors import DetenteError, InvalidParameterError
from detente.models import MODELS, get_model
from detente.models.council import SCHEMES
from detente.models.issueset import IssueSet
from detente.readers.deu import DEFAULT_MAX_PROBLEMS, read_deu

__all__ = [
    "CapabilityScheme",
    "compare_deu",
    "evaluate",
    "parse_scale",
    "read_deu_cli",
    "read_table_cli",
]


class CapabilityScheme(StrEnum):
    """``--capabilities``: see detente.models.council and docs/models.md."""

    votes = "votes"
    equal = "equal"
    population = "population"
    banzhaf = "banzhaf"
    shapley = "shapley"
    gdp = "gdp"


assert tuple(CapabilityScheme) == SCHEMES


def parse_scale(text: str) -> tuple[float, float]:
    """``LOW:HIGH`` (or one number HIGH, LOW = 0) as a pair of floats."""
    try:
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        parts = []
    if len(parts) == 1:
        parts = [0.0, parts[0]]
    if len(parts) != 2 or parts[0] == parts[1]:
        msg = f"--position-scale must be LOW:HIGH, e.g. 0:100 (got {text!r})"
        raise InvalidParameterError(msg)
    return parts[0], parts[1]


def read_deu_cli(
    path: Path,
    capabilities: CapabilityScheme,
    salience_scale: float | None,
    position_scale: str | None,
    max_problems: int,
) -> IssueSet:
    """Read a DEU file with the CLI's options (unset scales: DEU's 0–100)."""
    return read_deu(
        path,
        capability=capabilities.value,
        salience_scale=100.0 if salience_scale is None else salience_scale,
        position_scale=parse_scale(position_scale or "0:100"),
        max_problems=max_problems,
    )


def read_table_cli(
    path: Path, salience_scale: float | None, position_scale: str | None, max_problems: int
) -> IssueSet:
    """Read a long CSV table as it comes (ragged actor sets, declared scales)."""
    from detente.readers.table_csv import read_table_issues

    return read_table_issues(
        path,
        salience_scale=salience_scale,
        position_scale=None if position_scale is None else parse_scale(position_scale),
        max_problems=max_problems,
    )


def _note(text: str) -> None:
    err_console.print(f"[yellow]note:[/] {escape(text)}", highlight=False, markup=True)


def compare_deu(data: IssueSet, names: list[str], output: str, *, seed: int = 0) -> None:
    """Run the models on every issue; print ``model, issue, outcome`` rows (or a table)."""
    frames = []
    for name in names:
        model = get_model(name)
        if model.info.needs_walk_away:
            _note(f"{name}: skipped, it needs walk-away values; this data has none")
            continue
        if model.info.needs_issue_info and any(t.issue_info is None for t in data.tables):
            _note(f"{name}: skipped, it reads DEU issue facts (run it with --deu FILE)")
            continue
        frame, notes = data.forecast(model, seed=seed)
        frames.append(frame)
        if notes:
            _note(f"{name}: {len(notes)} note(s), e.g. {notes[0]}")
    for n in data.notes:
        _note(n)
    if not frames:
        return
    long = pd.concat(frames, ignore_index=True)[["model", "issue", "outcome"]]
    if output == "csv":
        typer.echo(long.to_csv(index=False), nl=False)
    elif output == "json":
        typer.echo(long.to_json(orient="records", indent=2))
    else:
        wide = long.pivot(index="issue", columns="model", values="outcome")
        wide = wide.loc[data.meta["issue"]]
        per = max(1, (console.width - 14) // 11)
        cols = list(wide.columns)
        for start in range(0, len(cols), per):
            view = Table("issue", *cols[start : start + per])
            for issue, row in wide.iterrows():
                view.add_row(
                    escape(str(issue)), *(f"{row[c]:.1f}" for c in cols[start : start + per])
                )
            console.print(view)


def _interval(row: pd.Series) -> str:
    if pd.isna(row["diff"]):
        return "-"
    return f"{row['diff']:+.1f} [{row['diff_lo']:+.1f}, {row['diff_hi']:+.1f}]"


@handle_errors
def evaluate(
    deu_file: Annotated[
        Path | None, typer.Option("--deu", help="A DEU file (tab-separated).")
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="A model to score (repeatable); default: every one."),
    ] = None,
    capabilities: Annotated[
        CapabilityScheme,
        typer.Option(
            help="With --deu: Council votes, equal, population, power indices (a --table "
            "brings its own capability column)."
        ),
    ] = CapabilityScheme.votes,
    salience_scale: Annotated[
        float | None,
        typer.Option(help="The saliences' maximum (default: DEU 100, --table 1)."),
    ] = None,
    position_scale: Annotated[
        str | None,
        typer.Option(
            help="The issues' scale LOW:HIGH (default: DEU 0:100, --table each issue's range)."
        ),
    ] = None,
    max_problems: Annotated[
        int, typer.Option(help="Row-level problems printed at most (0: all).")
    ] = DEFAULT_MAX_PROBLEMS,
    bootstrap: Annotated[int, typer.Option(help="Bootstrap resamples of issues.")] = 2000,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write an HTML page with plots.")
    ] = None,
    by_group: Annotated[
        bool, typer.Option("--by-group/--no-by-group", help="Scores by procedure and rule.")
    ] = True,
    seed: Annotated[int, typer.Option(help="Seed for the bootstrap and stochastic models.")] = 0,
    table_file: Annotated[
        Path | None,
        typer.Option("--table", help="A long CSV table with an outcome column (instead of --deu)."),
    ] = None,
) -> None:
    """Score bargaining models against the outcomes in a DEU file or a table with an outcome
    column (MAE, RMSE, hit rates)."""
    from detente.evaluation import evaluate as run_evaluation

    if bootstrap < 100:
        msg = f"--bootstrap must be at least 100 (got {bootstrap})"
        raise InvalidParameterError(msg)
    if (deu_file is None) == (table_file is None):
        got = "both" if deu_file is not None else "neither"
        msg = (
            f"evaluate must be given one input, --deu FILE or --table FILE (got {got}). Fix: "
            "name the file whose outcomes to score."
        )
        raise InvalidParameterError(msg)
    if table_file is not None:
        source = table_file
        data = read_table_cli(table_file, salience_scale, position_scale, max_problems)
        if data.meta["outcome"].isna().all():
            msg = (
                f"{table_file} has no outcomes to score (got no `outcome` column, or an empty "
                "one). Fix: add an outcome column, one value per issue on the positions' scale."
            )
            raise InvalidParameterError(msg)
        title = f"{escape(table_file.name)}"
    else:
        assert deu_file is not None
        source = deu_file
        data = read_deu_cli(deu_file, capabilities, salience_scale, position_scale, max_problems)
        title = f"{escape(deu_file.name)}: capabilities {capabilities.value}"
    names = list(dict.fromkeys(model)) if model else sorted(MODELS)
    for n in names:
        get_model(n)  # unknown names fail before any work
    ev = run_evaluation(data, names, n_boot=bootstrap, seed=seed)
    view = Table(
        "model",
        "n",
        "MAE",
        "RMSE",
        "≤5",
        "≤10",
        f"MAE − {ev.baseline} [95%]",
        title=title,
    )
    for _, r in ev.overall.sort_values("mae").iterrows():
        view.add_row(
            escape(str(r["model"])),
            f"{int(r['n'])}",
            f"{r['mae']:.2f}",
            f"{r['rmse']:.2f}",
            f"{r['hit5']:.0%}",
            f"{r['hit10']:.0%}",
            _interval(r),
        )
    console.print(view)
    if by_group and not ev.by_group.empty:
        groups = Table("group", "model", "n", "MAE", f"− {ev.baseline} [95%]")
        for _, r in ev.by_group.iterrows():
            groups.add_row(
                escape(f"{r['group']}={r['value']}"),
                escape(str(r["model"])),
                f"{int(r['n'])}",
                f"{r['mae']:.2f}",
                _interval(r),
            )
        console.print(groups)
    for name, why in ev.failures.items():
        _note(f"{name}: not scored: {why}")
    for n in ev.notes:
        _note(n)
    if html is not None:
        from detente.evaluation.page import write_evaluation_html

        try:
            write_evaluation_html(ev, html, title=f"detente evaluate: {source.name}")
        except OSError as exc:
            msg = f"cannot write {html}: {exc.strerror}"
            raise DetenteError(msg) from None
        err_console.print(f"wrote {escape(str(html))}", highlight=False)
