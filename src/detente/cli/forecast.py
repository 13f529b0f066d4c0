"""``detente forecast``: the main job (the README's first command).

Parses options, loads the scenario with any ``--set`` what-ifs, runs the Monte Carlo
simulation with a progress bar (on a terminal only) and prints a short summary. The rich
renderables live here; the numbers come from :func:`detente.dynamics.simulate`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from detente.cli._console import console, handle_errors, is_tty
from detente.cli.runs import publish_run
from detente.dynamics import DEFAULT_DRAWS, DEFAULT_MONTHS, SimulationResult, simulate
from detente.scenario.overrides import load_with_overrides

__all__ = ["forecast", "progress_callback", "summary"]

ScenarioArg = Annotated[str, typer.Argument(help="A built-in name or a YAML file.")]
DrawsOpt = Annotated[int, typer.Option("--draws", "-n", min=1, help="Monte Carlo draws.")]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers", min=1, help="Processes to simulate with (same numbers for any count)."
    ),
]
MonthsOpt = Annotated[
    int, typer.Option("--months", "-m", min=1, max=240, help="Months to simulate.")
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="Random seed (same seed, same numbers).")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set", help="What-if: override any scenario value, e.g. war.beliefs.russia.optimism=0."
    ),
]

OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Write forecast.json and Parquet/CSV tables here.")
]
ReportOpt = Annotated[
    Path,
    typer.Option("--report", help="Write the self-contained HTML report here (opens offline)."),
]
NoReportOpt = Annotated[
    bool, typer.Option("--no-report", help="Print the summary only; write no HTML report.")
]
ZopaOpt = Annotated[
    tuple[str, str] | None, typer.Option("--zopa", help="Two issue ids for the report's ZOPA.")
]
SaveOpt = Annotated[
    bool, typer.Option("--save/--no-save", help="Remember the run (see detente runs list).")
]


@contextmanager
def progress_callback(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar as a ``progress(done, total)`` callback (None when not a terminal)."""
    if not is_tty():
        yield None
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),  # copes with an unknown total (None) until the first update
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


_KIND_WORDS = {
    "red_line": "bottom lines / red lines",
    "walk_away": "walk-away value",
    "public_tolerance": "public tolerance",
    "not_at_table": "not at the table",
    "coupling": "no ceasefire first",
}


def _pct(p: float) -> str:
    return "–" if math.isnan(p) else f"{100 * p:.1f}%"


def summary(result: SimulationResult, *, top_blockers: int = 6) -> RenderableType:
    """The terminal summary: headline probabilities with intervals, blockers, terms, relapse."""
    h = result.headline
    title = f"{result.scenario_id}: forecast as of {result.as_of}"
    head = Table(title=title, show_header=False, box=None)
    head.add_column(style="bold")
    head.add_column()
    horizon = result.months[-1]
    head.add_row(
        f"P(settlement signed by {horizon})",
        f"{_pct(h['p_deal_by_horizon'])}  (90% MC interval {_pct(h['p_deal_by_horizon_low'])}–"
        f"{_pct(h['p_deal_by_horizon_high'])})",
    )
    head.add_row(f"P(ceasefire in force at {horizon})", _pct(h["p_ceasefire_at_horizon"]))
    mm = h["median_months_to_deal"]
    head.add_row("Median months to a deal", "beyond the horizon" if math.isnan(mm) else f"{mm:.0f}")
    head.add_row("P(war resumes within 5 years of a deal)", _pct(h["p_relapse_5y"]))
    head.add_row("Draws", f"{result.n_draws:,} (seed {result.seed})")

    by_month = Table("month", "P(settlement by)", "P(ceasefire in force)", title="Over time")
    n = len(result.months)
    for k in sorted({min(3, n) - 1, min(6, n) - 1, min(12, n) - 1, n - 1}):
        s, c = result.p_settlement.iloc[k], result.p_ceasefire.iloc[k]
        by_month.add_row(
            str(s["month"]),
            f"{_pct(s['p'])} [{_pct(s['low'])}, {_pct(s['high'])}]",
            f"{_pct(c['p'])} [{_pct(c['low'])}, {_pct(c['high'])}]",
        )

    blockers = Table(
        "issue", "constraint", "whose", "share", title="What blocked a deal most often"
    )
    names = dict(zip(result.terms["issue"], result.terms["issue_name"].astype(str), strict=True))
    settlement = result.blockers[result.blockers["kind"] != "coupling"]
    coupled = float(result.blockers.loc[result.blockers["kind"] == "coupling", "share"].sum())
    blockers.caption = (
        f"Besides: in {_pct(coupled)} of those months a ceasefire was held back by a side "
        "that will not stop fighting before its settlement terms are met."
        if coupled > 0
        else None
    )
    grouped = (
        settlement.assign(where=settlement["issue"].map(names).fillna("(whole deal)"))
        .groupby(["where", "kind"], sort=False)
        .agg(share=("share", "sum"), actors=("actor", lambda a: ", ".join(sorted(set(a)))))
        .sort_values("share", ascending=False, kind="stable")
        .head(top_blockers)
        .reset_index()
    )
    for b in grouped.to_dict("records"):
        kind = _KIND_WORDS.get(str(b["kind"]), str(b["kind"]))
        blockers.add_row(str(b["where"]), kind, str(b["actors"]), _pct(float(b["share"])))

    parts: list[RenderableType] = [head, by_month, blockers]
    if int(result.terms["n"].iloc[0]) > 0:
        terms = Table("issue", "median deal", "5–95%", title="Terms of the deals reached")
        for row in result.terms.itertuples():
            terms.add_row(str(row.issue_name), str(row.label_q50), f"{row.q05:.3g} – {row.q95:.3g}")
        parts.append(terms)
    return Group(*parts)


@handle_errors
def forecast(
    scenario: ScenarioArg = "ukraine-2025-09",
    draws: DrawsOpt = DEFAULT_DRAWS,
    months: MonthsOpt = DEFAULT_MONTHS,
    workers: WorkersOpt = 1,
    seed: SeedOpt = 42,
    set_: SetOpt = None,
    out: OutOpt = None,
    report: ReportOpt = Path("report.html"),
    no_report: NoReportOpt = False,
    zopa: ZopaOpt = None,
    save: SaveOpt = True,
) -> None:
    """Forecast a negotiation month by month: ceasefire, settlement, blockers, terms, relapse."""
    s = load_with_overrides(scenario, set_ or [])
    with progress_callback("simulating") as progress:
        result = simulate(
            s, n_draws=draws, n_months=months, seed=seed, progress=progress, workers=workers
        )
    console.print(summary(result))
    pair = zopa if zopa and all(zopa) else None
    lines = publish_run(
        result,
        s,
        out=out,
        report=None if no_report else report,
        zopa=pair,
        save=save,
        progress=progress_callback,
    )
    for line in lines:
        console.print(line)
