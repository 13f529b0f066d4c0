"""The tornado chart's numbers: how far each lever and each uncertain input moves P(deal).

Levers (and tabled proposals) come from ``detente.dynamics.levers_ranking.rank_levers``:
the simulation rerun with each lever switched. Uncertain inputs are swung one at a time
from their 5th to their 95th percentile while every other input keeps its random draws
(common random numbers, so the difference is the input's effect, not sampling noise).
Both are reported as P(deal by the horizon) at the two ends, ready for
``ForecastDocument.sensitivity``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from detente.dynamics import simulate
from detente.dynamics.levers_ranking import rank_levers
from detente.dynamics.sampling import input_space
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import Fixed

__all__ = ["input_swings", "lever_swings", "sensitivity_frame"]

COLUMNS = ["name", "kind", "p_low", "p_high"]
LOW, HIGH = 0.05, 0.95


def lever_swings(scenario: Scenario, *, n_draws: int, n_months: int, seed: int) -> pd.DataFrame:
    """P(deal) without and with each lever (and with each non-reference proposal tabled)."""
    ranked = rank_levers(scenario, n_draws=n_draws, n_months=n_months, seed=seed)
    base = float(ranked.attrs.get("baseline_p_deal", np.nan))
    rows = []
    for r in ranked.to_dict(orient="records"):
        with_item = float(r["p_deal"])
        if r["change"] == "drop":  # the lever is active now: 'on' is the baseline
            low, high = with_item, base
        else:
            low, high = base, with_item
        rows.append({"name": str(r["item"]), "kind": str(r["kind"]), "p_low": low, "p_high": high})
    return pd.DataFrame(rows, columns=COLUMNS)


def input_swings(
    scenario: Scenario,
    *,
    n_draws: int,
    n_months: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """P(deal) with each uncertain input at its 5th and at its 95th percentile."""
    space = input_space(scenario)
    free = [j for j, d in enumerate(space.dists) if not isinstance(d, Fixed)]
    design = np.random.default_rng(seed).uniform(size=(n_draws, space.n_inputs))
    rows = []
    for done, j in enumerate(free, start=1):
        ends = []
        for end in (LOW, HIGH):
            d = design.copy()
            d[:, j] = end
            r = simulate(scenario, n_draws=n_draws, n_months=n_months, seed=seed, design=d)
            ends.append(float(r.headline["p_deal_by_horizon"]))
        rows.append({"name": space.names[j], "kind": "input", "p_low": ends[0], "p_high": ends[1]})
        if progress is not None:
            progress(done, len(free))
    return pd.DataFrame(rows, columns=COLUMNS)


def sensitivity_frame(
    scenario: Scenario,
    *,
    n_draws: int = 1000,
    n_months: int = 24,
    seed: int = 0,
    top_inputs: int | None = 15,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Levers, proposals and the ``top_inputs`` inputs with the widest swing, largest first.

    ``progress(done, total)`` is called as the inputs are swung (the slow part).
    """
    levers = lever_swings(scenario, n_draws=n_draws, n_months=n_months, seed=seed)
    inputs = input_swings(
        scenario, n_draws=n_draws, n_months=n_months, seed=seed, progress=progress
    )
    if top_inputs is not None and not inputs.empty:
        swing = (inputs["p_high"] - inputs["p_low"]).abs()
        inputs = inputs.loc[swing.sort_values(ascending=False, kind="stable").index[:top_inputs]]
    frames = [f for f in (levers, inputs) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    order = (out["p_high"] - out["p_low"]).abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)
