"""Global sensitivity: which uncertain inputs drive P(deal by the horizon) (Sobol indices).

Saltelli's design (SALib) samples every non-fixed uncertain input at once on the unit
hypercube; each design row is mapped through the inputs' quantile functions (the same code
path as Monte Carlo) and simulated ``replicates`` times with independent battlefield and
hazard draws, whose mean is the row's P(deal). First-order indices :math:`S_1` measure what an
input explains alone, total indices :math:`S_T` what it explains with all its interactions
(Sobol 2001; Saltelli et al. 2010). The design assumes independent inputs: declared
correlations are not applied here.

The simulation is stochastic beyond its inputs (battlefield shocks, hazard and relapse draws).
Those random numbers are treated as one more, unreported input: every row of a base sample's
matrix A and of its cross-rows AB_j gets the noise of that base sample and replicate, and the
row of matrix B independent noise of its own. An input with no effect then leaves f(AB_j) equal
to f(A) draw by draw, so its indices are exactly 0, instead of the Monte Carlo noise of two
independent simulations that otherwise lands on every input (Marrel et al. 2012 discuss such
"seed" variables).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from detente._cluster import cluster_map
from detente._typing import BoolArray, IntArray
from detente.dynamics import sampling
from detente.dynamics.calibration import CalibrationValues, resolve_calibration
from detente.dynamics.engine import run_chunk
from detente.dynamics.noise import Noise
from detente.dynamics.spec import RunSpec, resolve_seed
from detente.dynamics.world import World, compile_world
from detente.models.base import check_param
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import Fixed

__all__ = ["sobol_indices"]


def sobol_indices(
    scenario: Scenario,
    *,
    n_base: int = RunSpec.sobol_base,
    n_months: int = RunSpec.n_months,
    replicates: int = RunSpec.sobol_replicates,
    seed: int | None = RunSpec.seed,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """Sobol first-order and total indices of P(deal by the horizon) for every uncertain input.

    Parameters
    ----------
    n_base : int
        Saltelli base sample size (a power of two); the design has ``n_base·(k+2)`` rows.
    replicates : int
        Stochastic replicates per design row (averaged to the row's P(deal)).
    workers, scheduler : int, str or None
        Run the design's batches on a local Dask cluster of ``workers`` processes, or on the
        running cluster at ``scheduler``; the indices are the same as in one process.

    Returns
    -------
    DataFrame
        input, S1, S1_conf, ST, ST_conf (95% bootstrap half-widths), sorted by ST.
    """
    check_param(
        "sobol_indices",
        "n_base",
        n_base,
        "a power of two >= 8",
        n_base >= 8 and n_base & (n_base - 1) == 0,
    )
    check_param("sobol_indices", "replicates", replicates, "an int >= 1", replicates >= 1)
    seed = resolve_seed(seed)
    space = sampling.input_space(scenario)
    free = [j for j, d in enumerate(space.dists) if not isinstance(d, Fixed)]
    cols = ["input", "S1", "S1_conf", "ST", "ST_conf"]
    if not free:
        return pd.DataFrame(columns=cols)
    problem = {
        "num_vars": len(free),
        "names": [space.names[j] for j in free],
        "bounds": [[0.0, 1.0]] * len(free),
    }
    X = sobol_sample.sample(problem, n_base, calc_second_order=False, scramble=True, seed=seed)
    X = np.clip(X, 1e-9, 1 - 1e-9)
    rows = X.shape[0]
    design = np.full((rows, space.n_inputs), 0.5)
    design[:, free] = X
    design = np.repeat(design, replicates, axis=0)
    settled = _simulate_design(
        scenario,
        design,
        _noise_identity(len(free), n_base, replicates),
        n_months,
        seed,
        progress,
        workers,
        scheduler,
    )
    Y = settled.reshape(rows, replicates).mean(axis=1)
    if np.ptp(Y) == 0:
        z = np.zeros(len(free))
        return pd.DataFrame(
            {"input": problem["names"], "S1": z, "S1_conf": z, "ST": z, "ST_conf": z}
        )
    with warnings.catch_warnings():
        # rare deals leave some bootstrap resamples constant; SALib then warns and gives NaN
        # for that resample, which only widens the reported confidence
        warnings.filterwarnings("ignore", message="Constant values encountered")
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        res = sobol_analyze.analyze(problem, Y, calc_second_order=False, seed=seed)
    df = pd.DataFrame(
        {
            "input": problem["names"],
            "S1": res["S1"],
            "S1_conf": res["S1_conf"],
            "ST": res["ST"],
            "ST_conf": res["ST_conf"],
        }
    )
    return df.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)


BATCH = 10_000


def _noise_identity(k: int, n_base: int, replicates: int) -> IntArray:
    """Noise row of every design row: A and AB_j of base i share (i, r); B gets its own."""
    step = k + 2
    base = np.arange(n_base * step) // step
    is_b = (np.arange(n_base * step) % step) == step - 1
    ident = np.where(is_b, n_base + base, base)  # 0..n_base-1 for A/AB, n_base.. for B
    rep = np.arange(replicates)
    return (np.repeat(ident, replicates) * replicates + np.tile(rep, len(ident))).astype(np.int64)


def _design_batch(
    world: World,
    cal: CalibrationValues,
    space: sampling.InputSpace,
    design: np.ndarray,
    noise: Noise,
    n_months: int,
) -> BoolArray:
    """Settled by the horizon for one batch of design rows (a task: plain arguments)."""
    vals = sampling.by_name(space, space.quantiles(design))
    res = run_chunk(world, vals, cal, n_months, noise)
    return np.asarray(res.settled_month >= 0, dtype=bool)


def _simulate_design(
    scenario: Scenario,
    design: np.ndarray,
    identity: IntArray,
    n_months: int,
    seed: int,
    progress: Callable[[int, int], None] | None,
    workers: int = 1,
    scheduler: str | None = None,
) -> BoolArray:
    """Settled by the horizon for every design row, with the noise of its identity.

    Batches are independent (each carries its design rows and its rows' noise), so they run in
    one process or as tasks on a Dask cluster with the same result.
    """
    world = compile_world(scenario)
    cal = resolve_calibration(scenario)
    space = sampling.input_space(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    noise = Noise.for_world(world, entropy, 0, int(identity.max()) + 1, n_months)
    starts = list(range(0, len(design), BATCH))
    args = [
        (
            world,
            cal,
            space,
            design[a : a + BATCH],
            noise.take(identity[a : a + BATCH]),
            n_months,
        )
        for a in starts
    ]
    sizes = [len(a[3]) for a in args]

    def rows_done(done: int, total: int) -> None:
        if progress is not None:
            progress(sum(sizes[:done]), len(design))

    parts = cluster_map(
        _design_batch, args, workers=workers, scheduler=scheduler, progress=rows_done
    )
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
