"""``detente levers`` and ``detente sensitivity``: what moves the forecast, which inputs matter."""

from __future__ import annotations

from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.table import Column, Table

from detente._format import pct as _pct
from detente._format import pts as _pp
from detente.cli._console import console, handle_errors
from detente.cli.forecast import (
    DrawsOpt,
    MonthsOpt,
    ScenarioArg,
    SeedOpt,
    SetOpt,
    WorkersOpt,
    effective_workers,
    progress_callback,
)
from detente.dynamics import RunSpec
from detente.scenario.overrides import load_with_overrides
from detente.whatif import rank_levers, sobol_indices

_SPEC = RunSpec()
_WORKERS = RunSpec.default_workers()

__all__ = ["levers", "sensitivity"]


@handle_errors
def levers(
    scenario: ScenarioArg = "ukraine-2025-09",
    draws: DrawsOpt = _SPEC.n_draws,
    months: MonthsOpt = _SPEC.n_months,
    seed: SeedOpt = _SPEC.seed,
    workers: WorkersOpt = _WORKERS,
    precision: Annotated[
        float,
        typer.Option(
            "--precision",
            min=0.001,
            max=0.5,
            help="Target 90% half-width of each difference (0.02 = ±2 pts); the draws per "
            "variant are chosen from a pilot to reach it, at most --draws. 0.5: use --draws.",
        ),
    ] = _SPEC.whatif_half_width,
    set_: SetOpt = None,
) -> None:
    """Rank every lever and named proposal by how much it moves P(deal) and durability."""
    s = load_with_overrides(scenario, set_ or [])
    workers = effective_workers(workers)
    spec = RunSpec(
        n_draws=draws, n_months=months, seed=seed, workers=workers, whatif_half_width=precision
    ).resolved()
    assert spec.seed is not None
    with progress_callback("ranking levers") as progress:
        df = rank_levers(
            s,
            n_draws=spec.n_draws,
            n_months=spec.n_months,
            seed=spec.seed,
            chunk_size=spec.chunk_size,
            half_width=None if precision >= 0.5 else precision,
            pilot=spec.whatif_pilot,
            workers=spec.workers,
            progress=progress,
        )
    base_p, base_d = df.attrs["baseline_p_deal"], df.attrs["baseline_durability"]
    table = Table(
        title=f"Levers and proposals (baseline P(deal) {_pct(base_p)}, durability {_pct(base_d)})",
        caption="if: pull / drop the lever, table the proposal (ref: a past framework). "
        "Δ in percentage points against the baseline, with the same random numbers; "
        f"[90% paired interval]. {df.attrs['precision'].describe()}.",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("lever / proposal", overflow="fold", max_width=26)
    table.add_column("if", no_wrap=True)
    for name in ("P(deal)", "Δ pp", "[90%]", "dur.", "Δ pp"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in df.to_dict("records"):
        table.add_row(
            escape(str(r["item"])),
            "ref" if r["kind"] == "reference" else escape(str(r["change"])),
            _pct(float(r["p_deal"])),
            _pp(float(r["delta_p_deal"])),
            f"[{_pp(float(r['delta_low']))},{_pp(float(r['delta_high']))}]",
            _pct(float(r["durability"])),
            _pp(float(r["delta_durability"])),
        )
    console.print(table)


@handle_errors
def sensitivity(
    scenario: ScenarioArg = "ukraine-2025-09",
    base: Annotated[
        int, typer.Option("--base", help="Saltelli base sample size (power of two).")
    ] = _SPEC.sobol_base,
    replicates: Annotated[
        int, typer.Option("--replicates", min=1, help="Runs per design row.")
    ] = _SPEC.sobol_replicates,
    months: MonthsOpt = _SPEC.n_months,
    seed: SeedOpt = _SPEC.seed,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows to show.")] = 15,
    set_: SetOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Run the design on a local Dask cluster of N processes."
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run on a running Dask cluster (tcp://host:8786)."),
    ] = None,
) -> None:
    """Sobol sensitivity of P(deal by the horizon) to every uncertain input (SALib).

    The same indices in one process and on a Dask cluster (--workers, --scheduler)."""
    s = load_with_overrides(scenario, set_ or [])
    if scheduler is None:  # a running cluster's workers are not this machine's CPUs
        workers = effective_workers(workers)
    spec = RunSpec(n_months=months, seed=seed).resolved()
    assert spec.seed is not None
    with progress_callback("Sobol design") as progress:
        df = sobol_indices(
            s,
            n_base=base,
            n_months=spec.n_months,
            replicates=replicates,
            seed=spec.seed,
            progress=progress,
            workers=workers,
            scheduler=scheduler,
        )
    table = Table(
        Column("input", overflow="fold"),
        Column("S1 (first order)", no_wrap=True),
        Column("ST (total)", no_wrap=True),
        title="What drives P(deal by the horizon)",
        caption="± 95% bootstrap half-widths. A and its cross-rows share their simulation "
        "noise, so an input without effect gets exactly 0.",
    )
    for r in df.head(top).itertuples():
        table.add_row(
            escape(str(r.input)), f"{r.S1:.3f} ± {r.S1_conf:.3f}", f"{r.ST:.3f} ± {r.ST_conf:.3f}"
        )
    console.print(table)
