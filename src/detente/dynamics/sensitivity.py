"""Global sensitivity: which uncertain inputs drive P(deal by the horizon) (Sobol indices).

Saltelli's design (SALib) samples every non-fixed uncertain input at once on the unit
hypercube; each design row is mapped through the inputs' quantile functions (the same code
path as Monte Carlo) and simulated ``replicates`` times with independent battlefield and
hazard draws, whose mean is the row's P(deal). First-order indices :math:`S_1` measure what an
input explains alone, total indices :math:`S_T` what it explains with all its interactions
(Sobol 2001; Saltelli et al. 2010). The design assumes independent inputs: declared
correlations are not applied here.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from detente.dynamics import sampling
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.montecarlo import run_chunks
from detente.dynamics.world import compile_world
from detente.models.base import check_param
from detente.scenario.schema import Scenario
from detente.scenario.uncertain import Fixed

__all__ = ["sobol_indices"]


def sobol_indices(
    scenario: Scenario,
    *,
    n_base: int = 256,
    n_months: int = 24,
    replicates: int = 4,
    seed: int | None = 0,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Sobol first-order and total indices of P(deal by the horizon) for every uncertain input.

    Parameters
    ----------
    n_base : int
        Saltelli base sample size (a power of two); the design has ``n_base·(k+2)`` rows.
    replicates : int
        Stochastic replicates per design row (averaged to the row's P(deal)).

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
    world = compile_world(scenario)
    cal = resolve_calibration(scenario)
    settled = np.concatenate(
        [
            out.settled_month >= 0
            for out in run_chunks(
                scenario,
                world,
                cal,
                n_draws=len(design),
                n_months=n_months,
                seed=seed,
                progress=progress,
                design=design,
            )
        ]
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
