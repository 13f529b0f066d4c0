"""What-if and levers: rank every lever and every named proposal by how much it moves the forecast.

Each variant is simulated with the same seed as the baseline. Because every uncertain input
and every stochastic process has its own named random stream, the variant sees the same
bottom lines, beliefs, battlefield shocks and hazard draws as the baseline (common random
numbers), so a difference is the lever's effect rather than Monte Carlo noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente._typing import BoolArray, FloatArray
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.durability import relapse_probability
from detente.dynamics.montecarlo import run_chunks
from detente.dynamics.proposals import proposal_guarantee, proposal_package
from detente.dynamics.world import compile_world
from detente.scenario.schema import Scenario

__all__ = ["rank_levers", "with_levers"]


def with_levers(scenario: Scenario, active: dict[str, bool]) -> Scenario:
    """A copy of ``scenario`` with the named levers switched on or off (nothing else changes)."""
    levers = [
        lv.model_copy(update={"active": active[lv.id]}) if lv.id in active else lv
        for lv in scenario.levers
    ]
    return scenario.model_copy(update={"levers": levers})


def rank_levers(
    scenario: Scenario,
    *,
    n_draws: int = 20_000,
    n_months: int = 24,
    seed: int | None = 0,
    include_proposals: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Effect of pulling (or dropping) each lever and of tabling each proposal.

    Returns
    -------
    DataFrame
        item, kind ("lever" | "proposal" | "reference" for a past framework such as Minsk),
        change ("pull" | "drop" | "table"), p_deal, delta_p_deal with its 90% paired interval
        (delta_low, delta_high: Monte Carlo error of the difference, which common random numbers
        keep small), durability, delta_durability — sorted by |delta_p_deal|. ``p_deal`` is
        P(settlement by the horizon); ``durability`` P(no relapse within 5 years) of a deal.
    """
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]
    world = compile_world(scenario)
    items = [("lever", lv.id) for lv in scenario.levers]
    if include_proposals:
        items += [
            ("reference" if p.reference_case else "proposal", p.id) for p in scenario.proposals
        ]
    total = (1 + len(items)) * n_draws
    done = [0]

    def run(s: Scenario, package: dict[str, float] | None = None) -> _Outcomes:
        cal = resolve_calibration(s)
        settled, r5 = [], []
        for out in run_chunks(
            s, compile_world(s), cal, n_draws=n_draws, n_months=n_months, seed=seed, package=package
        ):
            has = out.settled_month >= 0
            settled.append(has)
            r = np.full(len(has), np.nan)
            r[has] = relapse_probability(5.0, out.hazard_multiplier[has], out.implemented[has], cal)
            r5.append(r)
        done[0] += n_draws
        if progress is not None:
            progress(done[0], total)
        return _Outcomes(np.concatenate(settled), np.concatenate(r5))

    base = run(scenario)
    rows = []
    for kind, item in items:
        if kind == "lever":
            lv = next(x for x in scenario.levers if x.id == item)
            change = "drop" if lv.active else "pull"
            r = run(with_levers(scenario, {item: not lv.active}))
        else:
            prop = next(x for x in scenario.proposals if x.id == item)
            change = "table"
            pkg = dict(zip(world.issues, proposal_package(world, prop).tolist(), strict=True))
            guaranteed = with_levers(
                scenario, dict.fromkeys(proposal_guarantee(scenario, prop), True)
            )
            r = run(guaranteed, pkg)
        diff = r.settled.astype(float) - base.settled.astype(float)
        half = _Z90 * float(diff.std(ddof=1)) / np.sqrt(len(diff)) if len(diff) > 1 else np.nan
        delta = float(diff.mean())
        rows.append(
            (
                item,
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
    return out


_Z90 = 1.6448536269514722
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


@dataclass(frozen=True)
class _Outcomes:
    """Per-draw outcomes of one variant: settled by the horizon, and R(5 years) if so."""

    settled: BoolArray
    relapse_5y: FloatArray

    @property
    def p_deal(self) -> float:
        return float(self.settled.mean())

    @property
    def durability(self) -> float:
        r = self.relapse_5y[self.settled]
        return float(1.0 - r.mean()) if r.size else float("nan")
