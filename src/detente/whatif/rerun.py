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

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from detente._typing import BoolArray, FloatArray
from detente.dynamics import sampling
from detente.dynamics.calibration import CalibrationValues, resolve_calibration
from detente.dynamics.engine import run_chunk
from detente.dynamics.montecarlo import DEFAULT_CHUNK, draw_outcomes, run_chunks
from detente.dynamics.noise import Noise
from detente.dynamics.pool import ordered_map
from detente.dynamics.result import DrawOutcomes
from detente.dynamics.world import World, compile_world
from detente.scenario.schema import Scenario

__all__ = [
    "Variant",
    "baseline_uniforms",
    "paired_half_width",
    "paired_sd",
    "rerun",
    "rerun_batch",
    "variant_outcomes",
]

Z90 = 1.6448536269514722

_J = TypeVar("_J")
_R = TypeVar("_R")


@dataclass(frozen=True)
class Variant:
    """One what-if: a scenario, optionally one package on offer, optionally pinned inputs."""

    label: str
    scenario: Scenario
    package: Mapping[str, float] | None = None
    pinned: Mapping[str, float] = field(default_factory=dict)


def variant_outcomes(
    variant: Variant,
    *,
    n_draws: int,
    n_months: int,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    start: int = 0,
) -> DrawOutcomes:
    """Per-draw outcomes of one variant (identical to ``simulate(...).draws`` for the same run).

    With ``start`` only draws ``start … n_draws-1`` are simulated (to extend a pilot).
    """
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
            start=start,
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
    start: int


def _run(job: _Job) -> DrawOutcomes:
    return variant_outcomes(
        job.variant,
        n_draws=job.n_draws,
        n_months=job.n_months,
        seed=job.seed,
        chunk_size=job.chunk_size,
        start=job.start,
    )


@dataclass(frozen=True)
class _BatchJob:
    """Variants of one scenario that differ only in pinned inputs and in which levers are
    pulled, simulated as one batch."""

    world: World
    space: sampling.InputSpace
    cal: CalibrationValues
    pins: tuple[tuple[tuple[int, float], ...], ...]
    active: tuple[BoolArray, ...]
    n_draws: int
    n_months: int
    entropy: int
    chunk_size: int
    start: int


def _run_batch(job: _BatchJob) -> list[DrawOutcomes]:
    """Every variant over the same draws, stacked into one engine call per chunk.

    Row blocks share the chunk's uniforms (pinned columns overwritten) and its noise, exactly
    as separate runs would: batching changes only the speed (fewer, larger array operations).
    """
    v = len(job.pins)
    parts: list[list[DrawOutcomes]] = [[] for _ in range(v)]
    for c, first in enumerate(range(0, job.n_draws, job.chunk_size)):
        n = min(job.chunk_size, job.n_draws - first)
        skip = max(job.start - first, 0)
        if skip >= n:
            continue
        u = sampling.uniforms(job.space, n, job.entropy, c)[skip:]
        noise = Noise.for_world(job.world, job.entropy, c, n, job.n_months)
        m = n - skip
        stacked = np.concatenate([u] * v)
        for k, pins in enumerate(job.pins):
            for j, level in pins:
                stacked[k * m : (k + 1) * m, j] = level
        vals = sampling.by_name(job.space, job.space.quantiles(stacked))
        rows = np.tile(np.arange(skip, n), v)
        active = np.repeat(np.stack(job.active), m, axis=0)
        out = draw_outcomes(
            run_chunk(job.world, vals, job.cal, job.n_months, noise.take(rows), active=active),
            job.cal,
        )
        for k in range(v):
            parts[k].append(out.slice(k * m, (k + 1) * m))
    return [DrawOutcomes.concat(p) for p in parts]


def rerun_batch(
    scenario: Scenario,
    *,
    pins: Sequence[Mapping[str, float]] | None = None,
    levers: Sequence[Mapping[str, bool]] | None = None,
    n_draws: int,
    n_months: int,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    start: int = 0,
) -> list[DrawOutcomes]:
    """Outcomes of ``scenario`` under each variant — ``pins[k]`` inputs held at a quantile,
    ``levers[k]`` levers switched on or off — batched into few engine calls and split among
    ``workers`` processes. The numbers are those of separate runs (``rerun``)."""
    count = len(pins) if pins is not None else len(levers or [])
    if count == 0:
        return []
    pins = list(pins) if pins is not None else [{}] * count
    switches = list(levers) if levers is not None else [{}] * count
    space = sampling.input_space(scenario)
    world, cal = compile_world(scenario), resolve_calibration(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    coded = tuple(tuple((space.index(k), float(x)) for k, x in p.items()) for p in pins)
    ids = list(world.lever_ids)
    active = []
    for sw in switches:
        a = world.lever_active.copy()
        for lid, on in sw.items():
            a[ids.index(lid)] = on
        active.append(a)
    groups = max(1, min(workers, count))
    bounds = np.linspace(0, count, groups + 1).round().astype(int)
    jobs = [
        _BatchJob(
            world,
            space,
            cal,
            coded[a:b],
            tuple(active[a:b]),
            n_draws,
            n_months,
            entropy,
            chunk_size,
            start,
        )
        for a, b in itertools.pairwise(bounds)
        if b > a
    ]
    return [o for outs in _map(_run_batch, jobs, workers=len(jobs)) for o in outs]


def rerun(
    variants: Sequence[Variant],
    *,
    n_draws: int,
    n_months: int,
    seed: int,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    start: int = 0,
) -> list[DrawOutcomes]:
    """Outcomes of every variant, in order; ``progress(done, total)`` after each variant.

    ``start`` simulates only draws ``start …`` (see :func:`variant_outcomes`).
    """
    jobs = [_Job(v, n_draws, n_months, seed, chunk_size, start) for v in variants]
    return _map(_run, jobs, workers=workers, progress=progress)


def _map(
    fn: Callable[[_J], _R],
    jobs: Sequence[_J],
    *,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[_R]:
    """``[fn(j) for j in jobs]``, in order, in up to ``workers`` processes when there are
    several jobs; ``progress(done, total)`` after each result."""
    out: list[_R] = []
    for k, r in enumerate(ordered_map(fn, jobs, workers=workers), start=1):
        out.append(r)
        if progress is not None:
            progress(k, len(jobs))
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


def paired_sd(a: DrawOutcomes, b: DrawOutcomes) -> float:
    """Standard deviation of the per-draw differences settled(b) − settled(a) (0 for < 2)."""
    diff = b.settled.astype(float) - a.settled.astype(float)
    return float(diff.std(ddof=1)) if len(diff) > 1 else 0.0


def paired_half_width(a: DrawOutcomes, b: DrawOutcomes) -> float:
    """90% normal half-width of P(deal | b) − P(deal | a) from the paired per-draw differences."""
    if a.n < 2:
        return float("nan")
    return Z90 * paired_sd(a, b) / float(np.sqrt(a.n))
