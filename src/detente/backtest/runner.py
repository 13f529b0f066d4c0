"""Run every case's simulation, in one process or on a Dask cluster, with the same numbers.

Each case is one task: its scenario is simulated ``MAX_MONTHS`` months ahead with a seed
derived from the run's seed and the case id alone, so a case's forecast does not depend on
which worker runs it, in what order, or which other cases are in the run. That is what makes
``--workers N`` and ``--scheduler ADDRESS`` give exactly the single-process numbers.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from detente._cluster import cluster_map
from detente._typing import FloatArray
from detente.backtest.library import MAX_MONTHS
from detente.dynamics import simulate
from detente.dynamics.calibration import DEFAULTS, resolve_calibration
from detente.dynamics.montecarlo import ceasefire_reached, run_chunks, settled_by_month
from detente.dynamics.world import compile_world
from detente.scenario import Scenario, load_scenario
from detente.scenario.loader import builtin_path

__all__ = [
    "CaseForecast",
    "case_seed",
    "run_cases",
    "run_grid",
    "simulate_case",
    "simulate_case_grid",
]


@dataclass(frozen=True, eq=False)
class CaseForecast:
    """detente's raw forecast for one case: P(event by month m), m = 1 … ``MAX_MONTHS``."""

    case_id: str
    n_draws: int
    seed: int
    ceasefire: FloatArray
    settlement: FloatArray
    p_relapse_5y: float = float("nan")
    """P(war resumes within 5 years | a settlement), over the simulated deals (NaN: none)."""

    def cdf(self, event: str) -> FloatArray:
        """The forecast series of ``event`` ('ceasefire' reached or 'settlement' signed)."""
        return self.ceasefire if event == "ceasefire" else self.settlement


def case_seed(seed: int, case_id: str) -> int:
    """A case's own seed: fixed by the run seed and the case id (CRC-32), nothing else."""
    return int(np.random.SeedSequence([seed, zlib.crc32(case_id.encode())]).generate_state(1)[0])


@lru_cache(maxsize=64)
def _case_scenario(case_id: str) -> Scenario:
    """Parse each case once per process (YAML parsing costs more than a small simulation)."""
    return load_scenario(builtin_path(case_id))


PRIOR_TIMING: dict[str, float] = {
    "sign_hazard": DEFAULTS.sign_hazard,
    "belief_strength": DEFAULTS.belief_strength,
}
"""The timing rates before any fit on the library: a case's raw forecast must not use the
library-fitted timing posterior (it was fitted on that very case's outcome)."""


def simulate_case(
    case_id: str, n_draws: int, seed: int, calibration: dict[str, Any] | None = None
) -> CaseForecast:
    """Simulate one built-in case ``MAX_MONTHS`` months ahead (a Dask task: plain arguments).

    The timing rates are the prior points (``PRIOR_TIMING``) unless ``calibration`` sets them.
    """
    scenario = _case_scenario(case_id)
    s = case_seed(seed, case_id)
    cal = {**PRIOR_TIMING, **(calibration or {})}
    r = simulate(scenario, n_draws=n_draws, n_months=MAX_MONTHS, seed=s, calibration=cal)
    return CaseForecast(
        case_id,
        n_draws,
        s,
        r.p_ceasefire_reached["p"].to_numpy(dtype=float),
        r.p_settlement["p"].to_numpy(dtype=float),
        float(r.headline.get("p_relapse_5y", float("nan"))),
    )


def simulate_case_grid(
    case_id: str, points: Sequence[Mapping[str, float]], n_per_point: int, seed: int
) -> list[CaseForecast]:
    """One run of a case in which draw ``i`` uses the rates of grid point ``i mod G``.

    Every grid point is simulated on its own ``n_per_point`` draws at the cost of one run of
    ``G * n_per_point`` draws (the month loop is vectorised over draws, not over points).
    """
    scenario = _case_scenario(case_id)
    world = compile_world(scenario)
    cal = resolve_calibration(scenario)
    G, s = len(points), case_seed(seed, case_id)
    settled = np.zeros((G, MAX_MONTHS))
    reached = np.zeros((G, MAX_MONTHS))
    first = 0
    for out in run_chunks(
        scenario,
        world,
        cal,
        n_draws=G * n_per_point,
        n_months=MAX_MONTHS,
        seed=s,
        rate_grid=points,
    ):
        n = len(out.settled_month)
        g = (first + np.arange(n)) % G
        np.add.at(settled, g, settled_by_month(out.settled_month, MAX_MONTHS))
        np.add.at(reached, g, ceasefire_reached(out))
        first += n
    return [
        CaseForecast(case_id, n_per_point, s, reached[k] / n_per_point, settled[k] / n_per_point)
        for k in range(G)
    ]


def run_cases(
    case_ids: Sequence[str],
    *,
    n_draws: int,
    seed: int,
    workers: int = 1,
    scheduler: str | None = None,
    calibration: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, CaseForecast]:
    """Every case's raw forecast at one calibration, by case id (in ``case_ids`` order)."""
    ids = list(case_ids)
    got = cluster_map(
        simulate_case,
        [(cid, n_draws, seed, calibration) for cid in ids],
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return dict(zip(ids, got, strict=True))


def run_grid(
    case_ids: Sequence[str],
    points: Sequence[Mapping[str, float]],
    *,
    n_per_point: int,
    seed: int,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, list[CaseForecast]]:
    """Every case at every rate-grid point (one task per case), by case id."""
    ids = list(case_ids)
    pts = [dict(p) for p in points]
    got = cluster_map(
        simulate_case_grid,
        [(cid, pts, n_per_point, seed) for cid in ids],
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return dict(zip(ids, got, strict=True))
