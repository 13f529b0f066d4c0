"""Monte Carlo: draws in chunks of bounded memory, streaming summaries, a progress callback.

``simulate`` is the library's entry point. Draws are processed ``chunk_size`` at a time;
each chunk's outcome is folded into running counts and a bounded sample of deal terms and then
dropped, so memory does not grow with the number of draws. Progress crosses to the caller as
``progress(done, total)``; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from detente._format import BLOCKER_WORDS
from detente._limits import DRAWS
from detente._typing import BoolArray, FloatArray, IntArray
from detente.dynamics import rates, sampling
from detente.dynamics.calibration import (
    SOURCES,
    CalibrationValues,
    DrawRates,
    resolve_calibration,
)
from detente.dynamics.durability import relapse_probability
from detente.dynamics.engine import BLOCKER_KINDS, RATE_PREFIX, ChunkOutcome, run_chunk
from detente.dynamics.noise import Noise
from detente.dynamics.pool import ordered_map
from detente.dynamics.result import (
    DrawOutcomes,
    SimulationResult,
    jeffreys_interval,
    probability_frame,
)
from detente.dynamics.spec import RunSpec
from detente.dynamics.world import World, compile_world, month_labels
from detente.errors import InvalidParameterError
from detente.models.base import check_param
from detente.scenario.schema import CALIBRATION_BOUNDS, Scenario

__all__ = [
    "DEFAULT_CHUNK",
    "DEFAULT_DRAWS",
    "DEFAULT_MONTHS",
    "Progress",
    "draw_outcomes",
    "run_chunks",
    "simulate",
]

DEFAULT_DRAWS = RunSpec.n_draws
DEFAULT_MONTHS = RunSpec.n_months
DEFAULT_CHUNK = RunSpec.chunk_size
MAX_TERM_SAMPLES = 5_000
MAX_KEPT_DRAWS = 200_000
RELAPSE_YEARS = (1, 3, 5)

Progress = Callable[[int, int], None]


@dataclass
class _Totals:
    """Running sums over chunks."""

    n_months: int
    n_issues: int
    n: int = 0
    settled_by: FloatArray = field(init=False)
    ceasefire: FloatArray = field(init=False)
    ceasefire_reached: FloatArray = field(init=False)
    decided_by: FloatArray = field(init=False)
    decided_for_first: int = 0
    ttd: FloatArray = field(init=False)
    deals: int = 0
    terms_sum: FloatArray = field(init=False)
    terms_keep: list[FloatArray] = field(default_factory=list)
    kept: int = 0
    relapse: FloatArray = field(init=False)
    implemented: float = 0.0
    blame: FloatArray | None = None
    no_zopa: int = 0
    ratification_failed: int = 0
    draws: list[DrawOutcomes] = field(default_factory=list)
    point_draws: FloatArray | None = None
    point_settled: FloatArray | None = None

    def __post_init__(self) -> None:
        self.settled_by = np.zeros(self.n_months)
        self.ceasefire = np.zeros(self.n_months)
        self.ceasefire_reached = np.zeros(self.n_months)
        self.decided_by = np.zeros(self.n_months)
        self.ttd = np.zeros(self.n_months + 1)
        self.terms_sum = np.zeros(self.n_issues)
        self.relapse = np.zeros(len(RELAPSE_YEARS))

    def add(self, out: ChunkOutcome, cal: CalibrationValues) -> None:
        m = out.settled_month
        self.n += len(m)
        hist = np.bincount(np.where(m < 0, self.n_months, m), minlength=self.n_months + 1)
        self.ttd += hist
        self.settled_by += np.cumsum(hist[: self.n_months])
        self.ceasefire += out.ceasefire.sum(axis=0)
        self.ceasefire_reached += ceasefire_reached(out).sum(axis=0)
        self.decided_by += settled_by_month(out.decided_month, self.n_months).sum(axis=0)
        self.decided_for_first += int((out.decided_for_first & (out.decided_month >= 0)).sum())
        g = out.rate_point
        if (g >= 0).any():
            size = int(g.max()) + 1
            self.point_draws = _add_counts(self.point_draws, g[g >= 0], size)
            self.point_settled = _add_counts(self.point_settled, g[(g >= 0) & (m >= 0)], size)
        has = m >= 0
        k = int(has.sum())
        self.deals += k
        if k:
            t = out.terms[has]
            self.terms_sum += t.sum(axis=0)
            if self.kept < MAX_TERM_SAMPLES:
                take = t[: MAX_TERM_SAMPLES - self.kept]
                self.terms_keep.append(take)
                self.kept += len(take)
            mult, impl = out.hazard_multiplier[has], out.implemented[has]
            dr = deal_rates(out, cal, has)
            for j, y in enumerate(RELAPSE_YEARS):
                self.relapse[j] += relapse_probability(float(y), mult, impl, dr).sum()
            self.implemented += float(impl.sum())
        self.blame = out.blockers.copy() if self.blame is None else self.blame + out.blockers
        self.no_zopa += out.no_zopa
        self.ratification_failed += int((out.ratification_failed > 0).sum())
        kept = sum(d.n for d in self.draws)
        if kept < MAX_KEPT_DRAWS:
            self.draws.append(draw_outcomes(out, cal).head(MAX_KEPT_DRAWS - kept))


def settled_by_month(settled_month: IntArray, n_months: int) -> BoolArray:
    """(n, n_months): a settlement signed by the end of each month."""
    m = settled_month[:, None]
    return np.asarray((m >= 0) & (np.arange(n_months)[None, :] >= m), dtype=bool)


def ceasefire_reached(out: ChunkOutcome) -> BoolArray:
    """(n, n_months): a first ceasefire, or a signed settlement (even one that fails at once),
    reached by the end of each month, whether or not it still holds."""
    signed = settled_by_month(out.settled_month, out.ceasefire.shape[1])
    return np.asarray(np.logical_or.accumulate(out.ceasefire | signed, axis=1), dtype=bool)


def _add_counts(total: FloatArray | None, index: IntArray, size: int) -> FloatArray:
    """``total`` plus the counts of each grid point in ``index`` (at least ``size`` points)."""
    counts = np.bincount(index, minlength=size).astype(float)
    if total is None:
        return counts
    size = max(len(total), len(counts))
    grown = np.pad(total, (0, size - len(total))) + np.pad(counts, (0, size - len(counts)))
    return np.asarray(grown, dtype=float)


def deal_rates(out: ChunkOutcome, cal: CalibrationValues, rows: np.ndarray) -> DrawRates:
    """The relapse rates of the draws ``rows`` (each deal relapses at its own draw's rates)."""
    base = DrawRates.of(cal, {}, len(out.settled_month))
    return replace(
        base, relapse_5y=out.relapse_5y_rate[rows], relapse_shape=out.relapse_shape_rate[rows]
    )


def draw_outcomes(out: ChunkOutcome, cal: CalibrationValues) -> DrawOutcomes:
    """Per-draw settlement month, 5-year relapse probability and ceasefire at the horizon."""
    has = out.settled_month >= 0
    r5 = np.full(len(has), np.nan)
    if has.any():
        r5[has] = relapse_probability(
            5.0, out.hazard_multiplier[has], out.implemented[has], deal_rates(out, cal, has)
        )
    return DrawOutcomes(out.settled_month, r5, out.ceasefire[:, -1].copy())


def _check(n_draws: int, n_months: int, chunk_size: int) -> None:
    check_param(
        "simulate", "n_draws", n_draws, "an int >= 1", isinstance(n_draws, int) and n_draws >= 1
    )
    DRAWS.check("the number of draws (--draws)", n_draws)
    check_param(
        "simulate",
        "n_months",
        n_months,
        "an int in [1, 240]",
        isinstance(n_months, int) and 1 <= n_months <= 240,
    )
    check_param(
        "simulate",
        "chunk_size",
        chunk_size,
        "an int >= 1",
        isinstance(chunk_size, int) and chunk_size >= 1,
    )


def simulate(
    scenario: Scenario,
    *,
    n_draws: int = DEFAULT_DRAWS,
    n_months: int = DEFAULT_MONTHS,
    seed: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    calibration: Mapping[str, Any] | None = None,
    package: Mapping[str, float] | None = None,
    progress: Progress | None = None,
    design: FloatArray | None = None,
    pinned: Mapping[str, float] | None = None,
    workers: int = 1,
) -> SimulationResult:
    """Simulate war and talks month by month over ``n_draws`` draws of every uncertain input.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario with a ``war`` block.
    n_draws, n_months : int
        Draws and simulated months (month 1 ends one month after ``as_of``).
    seed : int or None
        Same seed (and chunk size) → identical numbers.
    chunk_size : int
        Draws held in memory at once.
    calibration : mapping, optional
        Overrides of the calibrated rates (on top of the scenario's ``calibration`` block).
    package : mapping issue id → unit point, optional
        Only this package is on offer (used to score named proposals).
    progress : callable(done, total), optional
        Called after each chunk.
    design : (n_draws, n_inputs) array of uniforms, optional
        Use these instead of random uniforms for the uncertain inputs (Sobol designs).
    pinned : mapping input name → uniform level, optional
        Hold these inputs at one quantile in every draw; every other input and every other
        random number is what it would be without the pin (one-at-a-time swings).
    workers : int
        Processes that simulate chunks in parallel. Every chunk draws from its own named
        streams, so the numbers are identical for any number of workers.

    Returns
    -------
    SimulationResult
    """
    _check(n_draws, n_months, chunk_size)
    check_param(
        "simulate", "workers", workers, "an int >= 1", isinstance(workers, int) and workers >= 1
    )
    world = compile_world(scenario)
    cal = resolve_calibration(scenario, calibration)
    totals = _Totals(n_months, world.n_issues)
    for out in run_chunks(
        scenario,
        world,
        cal,
        n_draws=n_draws,
        n_months=n_months,
        seed=seed,
        chunk_size=chunk_size,
        package=package,
        progress=progress,
        design=design,
        pinned=pinned,
        workers=workers,
    ):
        totals.add(out, cal)
    return _summarise(totals, world, cal, scenario, seed, chunk_size)


def run_chunks(
    scenario: Scenario,
    world: World,
    cal: CalibrationValues,
    *,
    n_draws: int,
    n_months: int,
    seed: int | None,
    chunk_size: int = DEFAULT_CHUNK,
    package: Mapping[str, float] | None = None,
    progress: Progress | None = None,
    design: FloatArray | None = None,
    pinned: Mapping[str, float] | None = None,
    workers: int = 1,
    start: int = 0,
    rate_grid: Sequence[Mapping[str, float]] | None = None,
) -> Iterator[ChunkOutcome]:
    """Yield the outcome of each chunk of draws in order (the streaming core of ``simulate``).

    With ``workers > 1`` chunks run in a process pool; results still arrive in chunk order
    and each chunk's randomness depends only on (seed, chunk index), so the totals are the
    same as with one worker. ``start`` skips the first draws: the outcomes are those of draws
    ``start … n_draws-1`` of the full run (a what-if extends its pilot without redoing it).
    ``rate_grid`` gives draw ``i`` the rates of grid point ``i mod len(rate_grid)`` (a rate
    fit simulates every grid point in one run, each on its own share of the draws).
    """
    space = sampling.input_space(scenario)
    entropy = int(np.random.SeedSequence(seed).entropy)  # type: ignore[arg-type]
    pkg = None if package is None else np.array([package[i] for i in world.issues], dtype=float)
    pins = tuple((space.index(k), float(v)) for k, v in (pinned or {}).items())
    jobs = [
        _ChunkJob(
            world,
            space,
            cal,
            n_months,
            entropy,
            c,
            None if design is None else design[first : first + min(chunk_size, n_draws - first)],
            min(chunk_size, n_draws - first),
            pkg,
            pins,
            max(start - first, 0),
            _grid_columns(rate_grid, first, min(chunk_size, n_draws - first)),
        )
        for c, first in enumerate(range(0, n_draws, chunk_size))
        if first + chunk_size > start
    ]
    done = 0
    for job, out in zip(jobs, ordered_map(_run_job, jobs, workers=workers), strict=True):
        yield out
        done += job.n - job.skip
        if progress is not None:
            progress(done, n_draws - start)


@dataclass(frozen=True)
class _ChunkJob:
    """Everything one chunk needs, so it can run in another process."""

    world: World
    space: sampling.InputSpace
    cal: CalibrationValues
    n_months: int
    entropy: int
    index: int
    design: FloatArray | None
    n: int
    package: FloatArray | None
    pins: tuple[tuple[int, float], ...] = ()
    skip: int = 0
    rates: Mapping[str, FloatArray] | None = None


def _grid_columns(
    grid: Sequence[Mapping[str, float]] | None, first: int, n: int
) -> Mapping[str, FloatArray] | None:
    """Per-draw rate columns for draws ``first … first+n-1``: draw i uses point i mod G."""
    if not grid:
        return None
    g = (first + np.arange(n)) % len(grid)
    names = sorted({k for point in grid for k in point})
    for k in names:
        if k not in rates.TIMING_RATES:
            msg = f"a rate grid may set {' and '.join(rates.TIMING_RATES)} only (got {k!r})."
            raise InvalidParameterError(msg)
        bound = CALIBRATION_BOUNDS[k]
        if not all(k in point and bound.ok(float(point[k])) for point in grid):
            msg = (
                f"every rate-grid point must set {k!r} {bound.describe()}. "
                "Fix: give each point the same rates, within bounds."
            )
            raise InvalidParameterError(msg)
    cols = {RATE_PREFIX + k: np.array([point[k] for point in grid])[g] for k in names}
    cols[RATE_PREFIX + "grid"] = g.astype(float)  # marks the columns as a grid's: they win
    return cols


def _run_job(job: _ChunkJob) -> ChunkOutcome:
    u = (
        job.design
        if job.design is not None
        else sampling.uniforms(job.space, job.n, job.entropy, job.index)
    )
    if job.pins:
        u = u.copy()
        for j, level in job.pins:
            u[:, j] = level
    vals = dict(sampling.by_name(job.space, job.space.quantiles(u)))
    if job.rates is not None:
        vals.update(job.rates)
    noise = Noise.for_world(job.world, job.entropy, job.index, job.n, job.n_months)
    if job.skip:
        vals = {k: v[job.skip :] for k, v in vals.items()}
        noise = noise.take(slice(job.skip, None))
    return run_chunk(job.world, vals, job.cal, job.n_months, noise, job.package)


def _summarise(
    tot: _Totals,
    world: World,
    cal: CalibrationValues,
    scenario: Scenario,
    seed: int | None,
    chunk: int,
) -> SimulationResult:
    months = month_labels(world.as_of, tot.n_months)
    n = tot.n
    p_set = probability_frame(months, tot.settled_by, n)
    p_cf = probability_frame(months, tot.ceasefire, n)
    p_cf_reached = probability_frame(months, tot.ceasefire_reached, n)
    p_dec = probability_frame(months, tot.decided_by, n)
    n_dec = float(tot.decided_by[-1]) if tot.n_months else 0.0
    ttd = pd.DataFrame({"month": [*months, "never"], "p": tot.ttd / max(n, 1)})
    sample = np.concatenate(tot.terms_keep) if tot.terms_keep else np.zeros((0, world.n_issues))
    rows, samples = [], {}
    for k, sc in enumerate(world.scales):
        native = np.array([sc.from_unit(x) for x in sample[:, k]]) if len(sample) else np.zeros(0)
        samples[sc.id] = native
        q = (
            np.quantile(sample[:, k], [0.05, 0.25, 0.5, 0.75, 0.95])
            if len(sample)
            else np.full(5, np.nan)
        )
        mean_unit = tot.terms_sum[k] / tot.deals if tot.deals else np.nan
        rows.append(
            {
                "issue": sc.id,
                "issue_name": sc.name,
                **{
                    f"q{p:02d}": sc.from_unit(v)
                    for p, v in zip((5, 25, 50, 75, 95), q, strict=True)
                },
                "mean": sc.from_unit(mean_unit),
                "label_q50": sc.describe(q[2]) if tot.deals else "",
                "n": tot.deals,
            }
        )
    terms = pd.DataFrame(
        rows,
        columns=[
            "issue",
            "issue_name",
            "q05",
            "q25",
            "q50",
            "q75",
            "q95",
            "mean",
            "label_q50",
            "n",
        ],
    )
    lo, hi = jeffreys_interval(tot.relapse, tot.deals)
    p_rel = pd.DataFrame(
        {
            "years": list(RELAPSE_YEARS),
            "p": tot.relapse / tot.deals if tot.deals else np.full(len(RELAPSE_YEARS), np.nan),
            "low": lo if tot.deals else np.nan,
            "high": hi if tot.deals else np.nan,
        }
    )
    blockers = _blockers_frame(tot, world)
    p_h = float(p_set["p"].iloc[-1])
    reach = np.flatnonzero(p_set["p"].to_numpy() >= 0.5)
    rel5 = float(p_rel["p"].iloc[-1])
    headline = {
        "p_deal_by_horizon": p_h,
        "p_deal_by_horizon_low": float(p_set["low"].iloc[-1]),
        "p_deal_by_horizon_high": float(p_set["high"].iloc[-1]),
        "p_ceasefire_at_horizon": float(p_cf["p"].iloc[-1]),
        "median_months_to_deal": float(reach[0] + 1) if reach.size else float("nan"),
        "p_relapse_5y": rel5,
        "durability_5y": 1.0 - rel5,
        "p_implemented": tot.implemented / tot.deals if tot.deals else float("nan"),
        # share of draws in which a referendum or parliament voted down a signed deal
        "p_ratification_failed": tot.ratification_failed / n if n else float("nan"),
        "p_military_decision_by_horizon": float(p_dec["p"].iloc[-1]),
    }
    if n_dec:  # the share of decisions side A won (absent where the battlefield decided none)
        headline["p_decision_for_first"] = tot.decided_for_first / n_dec
    if tot.point_draws is not None and tot.point_settled is not None:
        spread = rates.rate_range(tot.point_settled, tot.point_draws)
        if spread is not None:
            headline["p_deal_by_horizon_rates_low"], headline["p_deal_by_horizon_rates_high"] = (
                spread
            )
    params = {
        "n_draws": n,
        "n_months": tot.n_months,
        "seed": seed,
        "chunk_size": chunk,
        "calibration": cal.to_dict(),
        "calibration_sources": dict(SOURCES),
        "drawn_rates": rates.describe(cal.overridden),
        "interval": "90% Jeffreys (Monte Carlo error only)",
        "war_sides": [world.actors[int(k)] for k in world.sides],
    }
    return SimulationResult(
        scenario_id=scenario.id,
        as_of=scenario.as_of,
        months=months,
        n_draws=n,
        seed=seed,
        params=params,
        p_ceasefire=p_cf,
        p_ceasefire_reached=p_cf_reached,
        p_settlement=p_set,
        time_to_deal=ttd,
        terms=terms,
        terms_samples=samples,
        p_relapse=p_rel,
        blockers=blockers,
        headline=headline,
        draws=DrawOutcomes.concat(tot.draws),
        p_military_decision=p_dec,
    )


def _blockers_frame(tot: _Totals, world: World) -> pd.DataFrame:
    cols = ["constraint", "kind", "actor", "issue", "share"]
    if tot.blame is None or tot.no_zopa == 0:
        return pd.DataFrame(columns=cols)
    share = tot.blame / tot.no_zopa
    words = BLOCKER_WORDS
    out = []
    for k, kind in enumerate(BLOCKER_KINDS):
        for a, actor in enumerate(world.actors):
            for i in range(world.n_issues + 1):
                s = float(share[k, a, i])
                if s <= 1e-9:
                    continue
                issue = world.issues[i] if i < world.n_issues else ""
                where = f"{world.scales[i].name}: " if issue else ""
                out.append((f"{where}{actor} {words[kind]}", kind, actor, issue, s))
    df = pd.DataFrame(out, columns=cols)
    return df.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
