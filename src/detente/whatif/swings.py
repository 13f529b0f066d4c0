"""The tornado chart's numbers: how far each lever and each uncertain input moves P(deal).

Levers and tabled proposals come from :func:`detente.whatif.levers.rank_levers`. Uncertain
inputs are swung one at a time from their 5th to their 95th percentile while every other input
keeps its draws and every other random number is the same (common random numbers, through the
shared rerun loop), so the difference is the input's effect, not sampling noise.

With many inputs, swinging all of them costs two simulations each. The baseline's own draws
already say which inputs matter: the *correlation ratio* of P(deal) on each input's deciles,
:math:`\\hat\\eta^2_j = \\sum_b \\tfrac{n_b}{N} (\\bar y_b - \\bar y)^2 / s_y^2 - (B-1)/N`, is a
given-data estimate of the first-order Sobol index (Plischke 2010; Plischke, Borgonovo &
Smith 2013), bias-corrected for the noise of *B* bin means. The inputs are screened on it and
the ``top`` leading ones swung; the screen is recorded in the result's ``attrs``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from detente._typing import BoolArray, FloatArray
from detente.dynamics.result import DrawOutcomes
from detente.dynamics.sampling import input_space
from detente.dynamics.spec import RunSpec, resolve_seed
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import Fixed
from detente.whatif.precision import run_to_precision
from detente.whatif.rerun import Variant, baseline_uniforms, rerun_batch, variant_outcomes

__all__ = ["COLUMNS", "input_swings", "lever_swings", "screen_inputs", "swing_table"]

COLUMNS = ["name", "kind", "p_low", "p_high"]
LOW, HIGH = 0.05, 0.95
BINS = 10


def lever_swings(ranked: pd.DataFrame) -> pd.DataFrame:
    """The tornado rows of a lever ranking: P(deal) with the lever off → on (tabled or not)."""
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


def screen_inputs(u: FloatArray, settled: BoolArray | FloatArray, names: list[str]) -> pd.DataFrame:
    """Given-data first-order index (bias-corrected correlation ratio) of each input column.

    ``u`` are the baseline's uniforms (n, k) for the named columns, ``settled`` its 0/1 outcome.
    """
    n = len(settled)
    y = settled.astype(float)
    var = float(y.var())
    rows = []
    for j, name in enumerate(names):
        b = np.minimum((u[:, j] * BINS).astype(int), BINS - 1)
        counts = np.bincount(b, minlength=BINS)
        sums = np.bincount(b, weights=y, minlength=BINS)
        means = np.divide(sums, counts, out=np.zeros(BINS), where=counts > 0)
        between = float((counts / n * (means - y.mean()) ** 2).sum())
        eta2 = between / var - (BINS - 1) / n if var > 0 else 0.0
        rows.append({"name": name, "eta2": eta2, "p_bottom": means[0], "p_top": means[-1]})
    df = pd.DataFrame(rows, columns=["name", "eta2", "p_bottom", "p_top"])
    return df.sort_values("eta2", ascending=False, kind="stable").reset_index(drop=True)


def input_swings(
    scenario: Scenario,
    *,
    n_draws: int = RunSpec.n_draws,
    n_months: int = RunSpec.n_months,
    seed: int | None = RunSpec.seed,
    chunk_size: int = RunSpec.chunk_size,
    top: int | None = None,
    half_width: float | None = None,
    pilot: int = RunSpec.whatif_pilot,
    baseline: DrawOutcomes | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """P(deal) with each uncertain input at its 5th and at its 95th percentile.

    Parameters
    ----------
    top : int, optional
        Swing only the ``top`` inputs of the given-data screen (all when None).
    half_width, pilot
        As in :func:`~detente.whatif.levers.rank_levers`: draws chosen from a pilot to reach
        this 90% half-width on each high − low difference, at most ``n_draws``.
    baseline : DrawOutcomes, optional
        The baseline run's per-draw outcomes, screened instead of running a baseline.
    """
    seed = resolve_seed(seed)
    space = input_space(scenario)
    free = [space.names[j] for j, d in enumerate(space.dists) if not isinstance(d, Fixed)]
    screen = pd.DataFrame(columns=["name", "eta2", "p_bottom", "p_top"])
    chosen = free
    if top is not None and len(free) > top:
        if baseline is None:
            baseline = variant_outcomes(
                Variant("baseline", scenario),
                n_draws=n_draws,
                n_months=n_months,
                seed=seed,
                chunk_size=chunk_size,
            )
        u = baseline_uniforms(scenario, n_draws=baseline.n, seed=seed, chunk_size=chunk_size)
        cols = [space.index(nm) for nm in free]
        screen = screen_inputs(u[:, cols], baseline.settled, free)
        chosen = list(screen["name"].iloc[:top])
    pins = [{nm: end} for nm in chosen for end in (LOW, HIGH)]

    def run(n: int, start: int) -> list[DrawOutcomes]:
        return rerun_batch(
            scenario,
            pins=pins,
            n_draws=n,
            n_months=n_months,
            seed=seed,
            chunk_size=chunk_size,
            workers=workers,
            start=start,
        )

    outs, precision = run_to_precision(
        run,
        [(2 * k, 2 * k + 1) for k in range(len(chosen))],
        analysis="input swings",
        n_draws=n_draws,
        half_width=half_width,
        pilot=pilot,
        progress=progress,
    )
    rows = [
        {"name": nm, "kind": "input", "p_low": outs[2 * k].p_deal, "p_high": outs[2 * k + 1].p_deal}
        for k, nm in enumerate(chosen)
    ]
    df = pd.DataFrame(rows, columns=COLUMNS)
    df.attrs["screen"] = screen
    df.attrs["precision"] = precision
    return df


def swing_table(*parts: pd.DataFrame) -> pd.DataFrame:
    """Levers, proposals and inputs in one table, widest swing first (the tornado's order)."""
    frames = [f for f in parts if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    order = (out["p_high"] - out["p_low"]).abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order].reset_index(drop=True)
