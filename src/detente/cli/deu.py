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

__all__ = ["CapabilityScheme", "compare_deu", "evaluate", "parse_scale", "read_deu_cli"]


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
    salience_scale: float,
    position_scale: str,
    max_problems: int,
) -> IssueSet:
    """Read a DEU file with the CLI's options."""
    return read_deu(
        path,
        capability=capabilities.value,
        salience_scale=salience_scale,
        position_scale=parse_scale(position_scale),
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
            _note(f"{name}: skipped, it needs walk-away values; DEU data have none")
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
    deu_file: Annotated[Path, typer.Option("--deu", help="A DEU file (tab-separated).")],
    model: Annotated[
        list[str] | None,
        typer.Option("--model", "-m", help="A model to score (repeatable); default: every one."),
    ] = None,
    capabilities: Annotated[
        CapabilityScheme,
        typer.Option(help="Capabilities: Council votes, equal, population, power indices."),
    ] = CapabilityScheme.votes,
    salience_scale: Annotated[
        float, typer.Option(help="The saliences' maximum (DEU: 100).")
    ] = 100.0,
    position_scale: Annotated[
        str, typer.Option(help="The issues' scale LOW:HIGH (DEU: 0:100).")
    ] = "0:100",
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
) -> None:
    """Score bargaining models against the outcomes in a DEU file (MAE, RMSE, hit rates)."""
    from detente.evaluation import evaluate as run_evaluation

    if bootstrap < 100:
        msg = f"--bootstrap must be at least 100 (got {bootstrap})"
        raise InvalidParameterError(msg)
    data = read_deu_cli(deu_file, capabilities, salience_scale, position_scale, max_problems)
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
        title=f"{escape(deu_file.name)}: capabilities {capabilities.value}",
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
            write_evaluation_html(ev, html, title=f"detente evaluate: {deu_file.name}")
        except OSError as exc:
            msg = f"cannot write {html}: {exc.strerror}"
            raise DetenteError(msg) from None
        err_console.print(f"wrote {escape(str(html))}", highlight=False)
