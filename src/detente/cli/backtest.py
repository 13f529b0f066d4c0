"""``detente backtest``: score detente's forecasts on the case library against base rates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from detente.backtest.run import DEFAULT_DRAWS, DEFAULT_FIT_DRAWS, DEFAULT_SEED, run_backtest
from detente.cli._checks import check_out_dir, check_seed, writing
from detente.cli._console import console, handle_errors, is_tty
from detente.cli.forecast import effective_workers
from detente.scenario import case_names

__all__ = ["backtest"]

Callback = Callable[[int, int], None] | None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@contextmanager
def _bars(labels: tuple[str, str]) -> Iterator[tuple[Callback, Callback]]:
    """One rich progress display with a bar per stage (no bars when not a terminal)."""
    if not is_tty():
        yield None, None
        return
    with Progress(
        TextColumn("{task.description}", style="bold", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks = [bar.add_task(label, total=None) for label in labels]

        def updater(task: TaskID) -> Callable[[int, int], None]:
            def update(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return update

        yield updater(tasks[0]), updater(tasks[1])


@handle_errors
def backtest(
    out: Annotated[
        Path, typer.Option("--out", help="Write backtest.json and backtest.html here.")
    ] = Path("backtest"),
    draws: Annotated[
        int, typer.Option("--draws", "-n", min=1, help="Monte Carlo draws per case.")
    ] = DEFAULT_DRAWS,
    seed: Annotated[
        int,
        typer.Option(
            "--seed", callback=check_seed, help="Random seed, >= 0 (same seed, same numbers)."
        ),
    ] = DEFAULT_SEED,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", help="Only this case (repeatable); default: the whole library."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Run the cases on a local Dask cluster of N processes (same numbers as 1).",
        ),
    ] = 1,
    fit_draws: Annotated[
        int,
        typer.Option(
            "--fit-draws",
            min=0,
            help="Draws per case and grid point for the rate fit (0: no fit, raw rates only).",
        ),
    ] = DEFAULT_FIT_DRAWS,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Run on a running Dask cluster, e.g. tcp://10.0.0.5:8786."
        ),
    ] = None,
) -> None:
    """Run every past negotiation in the case library and score the forecasts.

    Each case is a built-in scenario written as of a date; its outcome (ceasefire reached,
    settlement signed) comes from the termination datasets. Questions: did each happen within
    6, 12, 24, 36 and 60 months? Scores: Brier, log and CRPS on time to deal, for detente
    (recalibrated leave one case out), the raw simulation, the UCDP reference class, the
    library's base rate and the constant 0.5. See docs/validation.md.
    """
    names = case if case else case_names()
    check_out_dir(out)
    if scheduler is None:  # a running cluster's workers are not this machine's CPUs
        workers = effective_workers(workers)
    with _bars(("cases at default rates", "rate fit (cases × grid)")) as (progress, fit_progress):
        run = run_backtest(
            names,
            n_draws=draws,
            seed=seed,
            workers=workers,
            scheduler=scheduler,
            fit_draws=fit_draws,
            progress=progress,
            fit_progress=fit_progress,
        )
    with writing(out, "--out"):
        js, page = run.write(out)
    doc = run.document
    table = Table(
        "forecaster", "Brier", "95% interval", "log", "CRPS", title="Scores (lower is better)"
    )
    for name, s in doc["scores"].items():
        i = s["brier_interval"]
        table.add_row(
            name,
            f"{s['brier']:.3f}",
            f"{i['low']:.3f}–{i['high']:.3f}",
            f"{s['log']:.3f}",
            "–" if s["crps"] is None else f"{s['crps']:.3f}",
        )
    console.print(
        f"{_plural(doc['run']['n_cases'], 'case')}, "
        f"{_plural(doc['run']['n_questions'], 'question')}, "
        f"{draws:,} draws per case"
    )
    console.print(table)
    d = doc["comparisons"]["detente - reference_class"]
    console.print(
        f"detente − reference class (Brier): {d['estimate']:+.3f} "
        f"[{d['low']:+.3f}, {d['high']:+.3f}]"
    )
    rel = doc.get("relapse")
    if rel:
        rt = Table(
            "forecaster",
            "Brier",
            "95% interval",
            "log",
            title=f"Durability: relapse within 5 years ({len(rel['questions'])} cases)",
        )
        for name, s in rel["scores"].items():
            i = s["brier_interval"]
            rt.add_row(
                name, f"{s['brier']:.3f}", f"{i['low']:.3f}–{i['high']:.3f}", f"{s['log']:.3f}"
            )
        console.print(rt)
    console.print(f"wrote {js} and {page}")
