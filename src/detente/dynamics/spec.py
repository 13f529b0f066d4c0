"""RunSpec: how a forecast is run — the one home of every default draw count, horizon and seed.

The library functions take explicit arguments; ``simulate``'s keyword defaults, the CLI's
option defaults and the pipeline all read them from here, so a default is changed in one
place and the numbers a user gets from the library and from the terminal agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

import numpy as np

from detente._limits import DRAWS
from detente.models.base import check_param

__all__ = ["RunSpec", "resolve_seed"]


@dataclass(frozen=True)
class RunSpec:
    """Draws, months, seed, workers and chunk size of a run, and the what-ifs' precision.

    Attributes
    ----------
    n_draws : int
        Monte Carlo draws of the forecast (and the most any what-if may use).
    n_months : int
        Simulated months after ``as_of``.
    seed : int or None
        Same seed → same numbers. ``None`` draws a fresh seed once (``resolved``), which is
        recorded, so even an unseeded run can be repeated.
    workers : int
        Processes for chunks and what-if variants; the numbers do not depend on it.
    chunk_size : int
        Draws held in memory at once (part of the random-number layout: changing it changes
        the numbers, so it is recorded with the run).
    whatif_half_width : float
        Precision the what-if analyses must reach: the 90% half-width of each paired
        difference of P(deal) (lever on − off, input high − low). Their draw counts are
        chosen from a pilot to reach it, never above ``n_draws``.
    whatif_pilot : int
        Draws of that pilot.
    sobol_base, sobol_replicates : int
        Saltelli base sample (a power of two) and stochastic replicates per design row of
        ``detente sensitivity``.
    """

    n_draws: int = 20_000
    n_months: int = 24
    seed: int | None = 42
    workers: int = 1
    chunk_size: int = 10_000
    whatif_half_width: float = 0.02
    whatif_pilot: int = 1_000
    sobol_base: int = 256
    sobol_replicates: int = 4

    def __post_init__(self) -> None:
        check_param("RunSpec", "n_draws", self.n_draws, "an int >= 1", _int(self.n_draws, 1))
        DRAWS.check("the number of draws (--draws)", self.n_draws)
        check_param(
            "RunSpec",
            "n_months",
            self.n_months,
            "an int in [1, 240]",
            _int(self.n_months, 1) and self.n_months <= 240,
        )
        check_param(
            "RunSpec",
            "seed",
            self.seed,
            "None or an int >= 0",
            self.seed is None or _int(self.seed, 0),
        )
        check_param("RunSpec", "workers", self.workers, "an int >= 1", _int(self.workers, 1))
        check_param(
            "RunSpec", "chunk_size", self.chunk_size, "an int >= 1", _int(self.chunk_size, 1)
        )
        check_param(
            "RunSpec",
            "whatif_half_width",
            self.whatif_half_width,
            "a number in (0, 0.5]",
            isinstance(self.whatif_half_width, (int, float)) and 0 < self.whatif_half_width <= 0.5,
        )
        check_param(
            "RunSpec", "whatif_pilot", self.whatif_pilot, "an int >= 2", _int(self.whatif_pilot, 2)
        )

    def resolved(self) -> RunSpec:
        """This spec with a concrete seed (a fresh one if ``seed`` is None)."""
        return self if self.seed is not None else replace(self, seed=resolve_seed(None))

    @staticmethod
    def default_workers() -> int:
        """The machine's cores, at most 4 (beyond that, process start-up outweighs the gain)."""
        return max(1, min(4, os.cpu_count() or 1))


def _int(x: object, low: int) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= low


def resolve_seed(seed: int | None) -> int:
    """``seed`` itself, or a fresh seed drawn from the OS (to be recorded) when it is None.

    What-ifs compare runs on common random numbers, so they need one concrete seed for all.
    """
    if seed is not None:
        return seed
    return int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]
