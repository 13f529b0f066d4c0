"""The one rerun loop every what-if shares: variants of a scenario on common random numbers.

A variant is the scenario with one thing changed — a lever switched, a proposal tabled as the
only deal on offer, an input pinned at a quantile. Each is simulated with the baseline's seed
and chunk size, so it sees the baseline's draws of every other input and the same battlefield
shocks, hazard and relapse draws (each a named stream, ``dynamics.noise``): the difference
from the baseline, draw by draw, is the variant's effect and not Monte Carlo noise. Variants
are independent, so they run in parallel processes when ``workers > 1``; the numbers do not
depend on the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from detente._typing import FloatArray
from detente.dynamics import sampling
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.montecarlo import DEFAULT_CHUNK, draw_outcomes, run_chunks
from detente.dynamics.result import DrawOutcomes
from detente.dynamics.world import compile_world
from detente.scenario.schema import Scenario

__all__ = ["Variant", "baseline_uniforms", "paired_half_width", "rerun", "variant_outcomes"]

Z90 = 1.6448536269514722


@dataclass(frozen=True)
class Variant:
    """One what-if: a scenario, optionally one package on offer, optionally pinned inputs."""

    label: str
    scenario: Scenario
    package: Mapping[str, float] | None = None
    pinned: Mapping[str, float] = field(default_factory=dict)


def variant_outcomes(
    variant: Variant, *, n_draws: int, n_months: int, seed: int, chunk_size: int = DEFAULT_CHUNK
) -> DrawOutcomes:
    """Per-draw outcomes of one variant (identical to ``simulate(...).draws`` for the same run)."""
    s = variant.scenario
    cal = resolve_calibration(s)
    parts = [
        draw_outcomes(out, cal)
        for out in run_chunks(
            s,
            compile_world(s),
            cal,
            n_draws=n_draws,
            n_months=n_months,
            seed=seed,
            chunk_size=chunk_size,
            package=variant.package,
            pinned=variant.pinned or None,
        )
    ]
    return DrawOutcomes.concat(parts)


@dataclass(frozen=True)
class _Job:
    variant: Variant
    n_draws: int
    n_months: int
    seed: int
    chunk_size: int


def _run(job: _Job) -> DrawOutcomes:
    return variant_outcomes(
        job.variant,
        n_draws=job.n_draws,
        n_months=job.n_months,
        seed=job.seed,
        chunk_size=job.chunk_size,
    )


def rerun(
    variants: Sequence[Variant],
    *,
    n_draws: int,
    n_months: int,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[DrawOutcomes]:
    """Outcomes of every variant, in order; ``progress(done, total)`` after each variant."""
    jobs = [_Job(v, n_draws, n_months, seed, chunk_size) for v in variants]
    out: list[DrawOutcomes] = []
    results: Iterator[DrawOutcomes]
    if workers <= 1 or len(jobs) <= 1:
        results = map(_run, jobs)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)))
        results = pool.map(_run, jobs)
    try:
        for k, r in enumerate(results, start=1):
            out.append(r)
            if progress is not None:
                progress(k, len(jobs))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return out


def baseline_uniforms(
    scenario: Scenario, *, n_draws: int, seed: int, chunk_size: int = DEFAULT_CHUNK
) -> FloatArray:
    """The uniforms behind the first ``n_draws`` draws of the baseline run (n_draws, n_inputs)."""
    space = sampling.input_space(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    parts = [
        sampling.uniforms(space, min(chunk_size, n_draws - start), entropy, c)
        for c, start in enumerate(range(0, n_draws, chunk_size))
    ]
    return np.concatenate(parts) if parts else np.zeros((0, space.n_inputs))


def paired_half_width(a: DrawOutcomes, b: DrawOutcomes) -> float:
    """90% normal half-width of P(deal | b) − P(deal | a) from the paired per-draw differences."""
    diff = b.settled.astype(float) - a.settled.astype(float)
    if len(diff) < 2:
        return float("nan")
    return Z90 * float(diff.std(ddof=1)) / float(np.sqrt(len(diff)))
