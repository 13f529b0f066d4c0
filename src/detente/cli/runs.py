"""``detente runs list | show ID | diff A B``: the remembered runs.

The rich views live here rather than in ``report`` because the layer contract keeps
``report`` and ``runs`` independent; only the CLI sees both.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Column, Table
from rich.text import Text

from detente._format import pct as _pct
from detente._format import pts
from detente.cli._console import console, handle_errors
from detente.runs import RunDiff, RunRecord, RunStore, RunSummary


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "—" if x is None else escape(str(x))
    return f"{x:.3g}"


def _change(change: Any, *, months: bool) -> str:
    if not isinstance(change, (int, float)) or change != change:
        return "—"
    return f"{change:+.3g}" if months else f"{pts(change)} pts"


def run_list_view(runs: list[RunSummary]) -> RenderableType:
    """A table of runs, newest first: id prefix, when, scenario, seed, draws, P(deal), note.

    The note holds the run's ``--label`` and its ``--set`` overrides; the scenario hash is in
    ``detente runs show``."""
    if not runs:
        return Text("No runs stored yet. `detente forecast` saves one each time it runs.")
    table = Table(
        "id",
        "created (UTC)",
        "scenario",
        "seed",
        "draws",
        "P(deal)",
        Column("label, --set", overflow="fold"),
        box=None,
    )
    for r in runs:
        table.add_row(
            r.id[:8],
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            escape(r.scenario_id),
            "—" if r.seed is None else str(r.seed),
            str(r.n_draws),
            _pct(r.p_deal_by_horizon),
            escape(r.note),
        )
    return table


def run_view(run: RunRecord) -> RenderableType:
    """One run: who/when/what, its headline numbers and its parameters."""
    s = run.summary
    doc = run.document
    head = Text.assemble(
        (f"run {s.id}", "bold"),
        f"\n{doc.scenario.title} (id {s.scenario_id}, as of {doc.scenario.as_of})",
        f"\ncreated {s.created_at:%Y-%m-%d %H:%M} UTC by detente {s.detente_version}",
        f"\nseed {s.seed}, {s.n_draws} draws, scenario {s.scenario_hash}",
    )
    headline = Table("headline", "value", title="Headline")
    for name, value in run.headline.items():
        shown = _num(value) if "months" in name else _pct(value)
        headline.add_row(escape(name), shown)
    params = Table("parameter", "value", title="Parameters")
    for name, value in sorted(run.params.items()):
        params.add_row(escape(name), escape(str(value)))
    parts: list[RenderableType] = [head, headline, params]
    if s.note:
        parts.append(Text(f"note: {s.note}"))
    return Group(*parts)


def run_diff_view(diff: RunDiff, *, max_inputs: int = 40) -> RenderableType:
    """Headline numbers side by side, then the inputs that differ (at most ``max_inputs``)."""
    same = (
        "same scenario content" if diff.same_scenario else "[yellow]different scenario content[/]"
    )
    head = Text.from_markup(f"[bold]{diff.a[:8]}[/] → [bold]{diff.b[:8]}[/]  ({same})")
    headline = Table("headline", diff.a[:8], diff.b[:8], "change", title="Headline")
    for name, a, b, change in diff.headline.itertuples(index=False):
        months = "months" in str(name)
        fmt = _num if months else _pct
        headline.add_row(escape(str(name)), fmt(a), fmt(b), _change(change, months=months))
    if diff.inputs.empty:
        return Group(head, headline, Text("Inputs: identical."))
    inputs = Table(
        "input", diff.a[:8], diff.b[:8], title=f"Inputs that differ ({len(diff.inputs)})"
    )
    for row in diff.inputs.head(max_inputs).itertuples(index=False):
        inputs.add_row(escape(str(row.path)), _num(row.a), _num(row.b))
    parts: list[RenderableType] = [head, headline, inputs]
    if len(diff.inputs) > max_inputs:
        parts.append(Text(f"… and {len(diff.inputs) - max_inputs} more.", style="dim"))
    return Group(*parts)


app = typer.Typer(help="List, show and compare stored forecast runs.", no_args_is_help=True)

UrlOption = Annotated[
    str | None,
    typer.Option(
        "--url",
        help="SQLAlchemy URL of the run store (default: $DETENTE_RUNS_URL or a local SQLite file).",
    ),
]


@app.command("list")
@handle_errors
def list_(
    url: UrlOption = None,
    scenario: Annotated[str | None, typer.Option(help="Only runs of this scenario id.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many runs.")] = 20,
) -> None:
    """List stored runs, newest first."""
    with RunStore(url, writable=False) as store:
        console.print(run_list_view(store.list(scenario_id=scenario, limit=limit)))


@app.command()
@handle_errors
def show(
    run: Annotated[str, typer.Argument(help="Run id, a unique prefix of it, or 'latest'.")],
    url: UrlOption = None,
) -> None:
    """Show one run: its inputs' hash, parameters, seed, version and headline numbers."""
    with RunStore(url, writable=False) as store:
        console.print(run_view(store.get(run)))


@app.command()
@handle_errors
def diff(
    a: Annotated[str, typer.Argument(help="First run (id, prefix or 'latest').")],
    b: Annotated[str, typer.Argument(help="Second run (id, prefix or 'latest').")],
    url: UrlOption = None,
) -> None:
    """Compare two runs: headline numbers side by side and every input that differs."""
    with RunStore(url, writable=False) as store:
        console.print(run_diff_view(store.diff(a, b)))
