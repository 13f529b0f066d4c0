"""Rank every lever and every named proposal by how much it moves the forecast.

Each variant (a lever switched, a proposal tabled as the only deal on offer) runs through the
shared rerun loop (``whatif.rerun``) with the baseline's seed: common random numbers, so a
difference is the lever's effect rather than Monte Carlo noise. Draws per variant are chosen
by the precision the differences must reach (``whatif.precision``), from a pilot.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from detente.dynamics.result import DrawOutcomes
from detente.dynamics.spec import RunSpec, resolve_seed
from detente.dynamics.world import compile_world
from detente.scenario.schema import Scenario
from detente.whatif.precision import run_to_precision
from detente.whatif.proposals import proposal_guarantee, proposal_package
from detente.whatif.rerun import Variant, paired_half_width, rerun, rerun_batch

__all__ = ["rank_levers", "tabled_variants", "with_levers"]

_COLUMNS = [
    "item",
    "kind",
    "change",
    "p_deal",
    "delta_p_deal",
    "delta_low",
    "delta_high",
    "durability",
    "delta_durability",
]


def with_levers(scenario: Scenario, active: dict[str, bool]) -> Scenario:
    """A copy of ``scenario`` with the named levers switched on or off (nothing else changes)."""
    levers = [
        lv.model_copy(update={"active": active[lv.id]}) if lv.id in active else lv
        for lv in scenario.levers
    ]
    return scenario.model_copy(update={"levers": levers})


def tabled_variants(scenario: Scenario) -> list[tuple[str, Variant]]:
    """(kind, variant) for every named proposal tabled as the only deal on offer, with its
    guarantors' guarantee levers pulled; kind is "reference" for a past framework."""
    if not scenario.proposals:
        return []
    world = compile_world(scenario)
    out = []
    for prop in scenario.proposals:
        pkg = dict(zip(world.issues, proposal_package(world, prop).tolist(), strict=True))
        guaranteed = with_levers(scenario, dict.fromkeys(proposal_guarantee(scenario, prop), True))
        kind = "reference" if prop.reference_case else "proposal"
        out.append((kind, Variant(prop.id, guaranteed, package=pkg)))
    return out


def rank_levers(
    scenario: Scenario,
    *,
    n_draws: int = RunSpec.n_draws,
    n_months: int = RunSpec.n_months,
    seed: int | None = RunSpec.seed,
    chunk_size: int = RunSpec.chunk_size,
    half_width: float | None = None,
    pilot: int = RunSpec.whatif_pilot,
    include_proposals: bool = True,
    baseline: DrawOutcomes | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Effect of pulling (or dropping) each lever and of tabling each proposal.

    Parameters
    ----------
    n_draws : int
        Draws per variant, or with ``half_width`` the most a variant may use.
    half_width : float, optional
        Target 90% half-width of each difference; the draws are then chosen from a pilot of
        ``pilot`` draws (see ``whatif.precision``).
    baseline : DrawOutcomes, optional
        The baseline run's per-draw outcomes (``simulate(...).draws`` with the same seed, months
        and chunk size); its first draws are reused instead of simulating the baseline again.

    Returns
    -------
    DataFrame
        item, kind ("lever" | "proposal" | "reference" for a past framework such as Minsk),
        change ("pull" | "drop" | "table"), p_deal, delta_p_deal with its 90% paired interval
        (delta_low, delta_high), durability, delta_durability — sorted by |delta_p_deal|.
        ``attrs`` holds baseline_p_deal, baseline_durability and ``precision`` (a
        :class:`~detente.whatif.precision.Precision`).
    """
    seed = resolve_seed(seed)
    switches = [{lv.id: not lv.active} for lv in scenario.levers]
    tabled = tabled_variants(scenario) if include_proposals else []
    items = [(lv.id, "lever", "drop" if lv.active else "pull") for lv in scenario.levers]
    items += [(v.label, kind, "table") for kind, v in tabled]

    def run(n: int, start: int) -> list[DrawOutcomes]:
        """Baseline, then every item in ``items`` order, over draws ``start … n-1``."""
        reuse = baseline is not None and baseline.n >= n
        # without a usable baseline, the baseline is one more batch row: no lever switched
        batch = rerun_batch(
            scenario,
            levers=switches if reuse else [{}, *switches],
            n_draws=n,
            n_months=n_months,
            seed=seed,
            chunk_size=chunk_size,
            workers=workers,
            start=start,
        )
        if reuse:
            assert baseline is not None
            batch = [baseline.slice(start, n), *batch]
        props = rerun(
            [v for _, v in tabled],
            n_draws=n,
            n_months=n_months,
            seed=seed,
            chunk_size=chunk_size,
            workers=workers,
            start=start,
        )
        return [*batch, *props]

    pairs = [(0, k) for k in range(1, len(items) + 1)]
    outs, precision = run_to_precision(
        run,
        pairs,
        analysis="levers",
        n_draws=n_draws,
        half_width=half_width,
        pilot=pilot,
        progress=progress,
    )
    base, rows = outs[0], []
    for (label, kind, change), r in zip(items, outs[1:], strict=True):  # levers first, as run()
        half = paired_half_width(base, r)
        delta = float((r.settled.astype(float) - base.settled.astype(float)).mean())
        rows.append(
            (
                label,
                kind,
                change,
                r.p_deal,
                delta,
                delta - half,
                delta + half,
                r.durability,
                r.durability - base.durability,
            )
        )
    df = pd.DataFrame(rows, columns=_COLUMNS)
    order = df["delta_p_deal"].abs().sort_values(ascending=False, kind="stable").index
    out = df.loc[order].reset_index(drop=True)
    out.attrs["baseline_p_deal"] = base.p_deal
    out.attrs["baseline_durability"] = base.durability
    out.attrs["precision"] = precision
    return out
