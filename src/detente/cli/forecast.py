"""``detente forecast``: the main job (the README's first command).

Parses options, loads the scenario with any ``--set`` what-ifs, calls the library's one
pipeline (:func:`detente.pipeline.run_forecast`) with a progress bar per stage (on a terminal
only), prints the summary and writes what was asked for. No numbers are computed here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from detente.cli._checks import (
    cap_workers,
    check_out_dir,
    check_report_file,
    check_seed,
    writing,
)
from detente.cli._console import console, err_console, handle_errors, is_tty
from detente.dynamics import RunSpec
from detente.errors import InvalidParameterError
from detente.pipeline import ANALYSES, run_forecast
from detente.report import write_report
from detente.report.summary import forecast_summary
from detente.results import write_results
from detente.runs import RunStore
from detente.scenario.overrides import load_with_overrides
from detente.scenario.schema import Scenario

__all__ = ["check_zopa", "effective_workers", "forecast", "progress_callback"]

_SPEC = RunSpec()
_WORKERS = RunSpec.default_workers()

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
    int | None,
    typer.Option(
        "--seed", callback=check_seed, help="Random seed, >= 0 (same seed, same numbers)."
    ),
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
    str | None,
    typer.Option("--zopa", help="Two issue ids for the report's ZOPA, e.g. --zopa donbas,nato."),
]
LabelOpt = Annotated[
    str, typer.Option("--label", help="A note to remember the run by (detente runs list).")
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
        TextColumn("{task.description}", style="bold", markup=False),
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


def check_zopa(value: str | None, scenario: Scenario) -> tuple[str, str] | None:
    """``--zopa donbas,nato`` (or ``"donbas nato"``) as two distinct issue ids of the scenario.

    Checked before anything is simulated, so a typo costs no wait.
    """
    if value is None:
        return None
    parts = [p for p in value.replace(",", " ").split() if p]
    ids = [i.id for i in scenario.issues]
    bad = [p for p in parts if p not in ids]
    if len(parts) != 2 or bad or parts[0] == parts[1]:
        got = ", ".join(repr(p) for p in parts) or "nothing"
        raise InvalidParameterError(
            f"--zopa must name two different issues of scenario {scenario.id!r} (got {got}"
            + (f"; unknown: {', '.join(bad)}" if bad else "")
            + f"). Fix: e.g. --zopa {ids[0]},{ids[-1]}; the issues are: {', '.join(ids)}."
        )
    return parts[0], parts[1]


@handle_errors
def forecast(
    scenario: ScenarioArg = "ukraine-2025-09",
    draws: DrawsOpt = _SPEC.n_draws,
    months: MonthsOpt = _SPEC.n_months,
    workers: WorkersOpt = _WORKERS,
    seed: SeedOpt = _SPEC.seed,
    set_: SetOpt = None,
    out: OutOpt = None,
    report: ReportOpt = Path("report.html"),
    no_report: NoReportOpt = False,
    zopa: ZopaOpt = None,
    label: LabelOpt = "",
    save: SaveOpt = True,
) -> None:
    """Forecast a negotiation month by month: ceasefire, settlement, blockers, terms, relapse.

    With the report (the default) or --out it also scores the named proposals, ranks the
    levers and swings the leading uncertain inputs, each with draws chosen for its precision.
    """
    s = load_with_overrides(scenario, set_ or [])
    pair = check_zopa(zopa, s)
    workers = effective_workers(workers)
    spec = RunSpec(n_draws=draws, n_months=months, seed=seed, workers=workers)
    if out is not None:
        check_out_dir(out)
    if not no_report:
        check_report_file(report)
    files = out is not None or not no_report
    analyses = ANALYSES if files else ("models", "proposals")
    with ExitStack() as stack:
        # opened (and created or migrated) first: a bad store fails before any work is done
        store = stack.enter_context(RunStore()) if save else None
        run = run_forecast(s, spec, analyses=analyses, progress=progress_callback)
        console.print(forecast_summary(run.document))
        if out is not None:
            with writing(out, "--out"):
                write_results(run.document, out)
            console.print(f"results written to {out}/ (forecast.json, Parquet and CSV tables)")
        if not no_report:
            with writing(report, "--report"):
                write_report(report, run.document, s, forecasts=run.forecasts, zopa_issues=pair)
            console.print(f"report written to {report}")
        if store is not None:
            note = " · ".join(x for x in (label, " ".join(f"--set {o}" for o in set_ or [])) if x)
            run_id = store.save(run.document, s, note=note)
            console.print(f"run saved as {run_id[:8]} (detente runs show {run_id[:8]})")


def effective_workers(workers: int) -> int:
    """``--workers`` capped at the CPUs, with a note on stderr when it was."""
    capped, note = cap_workers(workers)
    if note is not None:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False)
    return capped
