"""Benchmark: exact Nash bargaining by enumeration, and the two-party ZOPA reduction.

Run ``python benchmarks/nash.py``; prints markdown tables (paste into docs/benchmarks.md).
Target: 10 issues × 5 options (9,765,625 packages), 3 veto players, under 5 s and 1 GiB.
Peak memory is the Python-heap peak seen by tracemalloc during the forecast (numpy buffers
included), on top of the process's baseline.
"""

from __future__ import annotations

import os
import platform
import time
import tracemalloc

import numpy as np

from detente.models.nash.model import NashBargainingModel
from detente.models.nash.packages import PackageSpace, issue_tables, pareto_packages
from detente.models.nash.two_party import zopa_two_party
from detente.models.table import PositionTable
from detente.scenario.scales import IssueScale


def ordinal_table(n_actors: int, n_issues: int, n_options: int, seed: int = 0) -> PositionTable:
    """Random ordinal problem whose ZOPA is non-empty (floors at 0.3)."""
    rng = np.random.default_rng(seed)
    ids = tuple(f"o{j}" for j in range(n_options))
    pts = tuple(float(x) for x in np.linspace(0, 1, n_options))
    scales = tuple(
        IssueScale(f"i{d}", f"i{d}", "ordinal", 0.0, 1.0, ids, ids, pts) for d in range(n_issues)
    )
    return PositionTable(
        actors=tuple(f"a{i}" for i in range(n_actors)),
        issues=tuple(s.id for s in scales),
        scales=scales,
        positions=rng.choice(pts, (n_actors, n_issues)),
        saliences=rng.random((n_actors, n_issues)),
        capabilities=rng.random(n_actors) + 0.5,
        veto=np.ones(n_actors, dtype=bool),
        at_table=np.ones(n_actors, dtype=bool),
        walk_away=np.full(n_actors, 0.3),
    )


def measure(n_actors: int, n_issues: int, n_options: int) -> tuple[int, float, float, float, float]:
    """(packages, wall s, CPU s, of which frontier wall s, peak MiB); best of two runs."""
    table = ordinal_table(n_actors, n_issues, n_options)
    model = NashBargainingModel(method="enumerate", max_packages=10**9)
    times, cpus, fronts = [], [], []
    for _ in range(2):
        t0, c0 = time.perf_counter(), time.process_time()
        model.forecast(table)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        space = PackageSpace(tuple(np.asarray(s.option_points) for s in table.scales))
        tabs = issue_tables(space.points, table.positions, table.saliences, "linear")
        t0 = time.perf_counter()
        pareto_packages(tabs, floors=np.asarray(table.walk_away))
        fronts.append(time.perf_counter() - t0)
    tracemalloc.start()
    model.forecast(table)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return n_options**n_issues, min(times), min(cpus), min(fronts), peak


def zopa_throughput(n_draws: int) -> tuple[float, float, int]:
    """Wall and CPU seconds for ``n_draws`` of a 12-issue (8 ordinal) two-party problem."""
    rng = np.random.default_rng(0)
    opts: tuple[tuple[float, ...] | None, ...] = (
        tuple(tuple(float(x) for x in np.linspace(0, 1, k)) for k in (3, 4, 5, 3, 4, 5, 3, 4))
        + (None,) * 4
    )
    ideals = np.array([[0.0] * 8 + [0.1, 0.2, 0.0, 0.3], [1.0] * 8 + [0.9, 0.8, 1.0, 0.6]])
    sal = rng.random((2, 12))
    low, high = np.zeros((n_draws, 12)), np.ones((n_draws, 12))
    high[:, 2] = np.where(rng.random(n_draws) < 0.5, 1.0, 0.5)  # two red-line patterns
    floors = rng.random((n_draws, 2)) * 0.8
    weights = rng.random((n_draws, 2)) + 0.5
    t0, c0 = time.perf_counter(), time.process_time()
    z = zopa_two_party(ideals, sal, low, high, floors, weights, opts)
    return time.perf_counter() - t0, time.process_time() - c0, int(z.exists.sum())


def main() -> None:
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print(
        "| actors | issues | options | packages | wall s | CPU s | of which frontier s | peak MiB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    cases = [
        (3, 10, 5),
        (2, 10, 5),
        (4, 10, 5),
        (5, 10, 5),
        (3, 6, 5),
        (3, 8, 5),
        (3, 10, 3),
        (3, 10, 4),
        (3, 7, 8),
    ]
    for a, i, o in cases:
        n, dt, cpu, front, peak = measure(a, i, o)
        print(f"| {a} | {i} | {o} | {n:,} | {dt:.2f} | {cpu:.2f} | {front:.2f} | {peak:.0f} |")
    print()
    print(
        "| zopa_two_party draws | wall s | CPU s | µs per draw (CPU) | draws/s (CPU) "
        "| with a ZOPA |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    zopa_throughput(100)  # warm-up
    for n in (1_000, 10_000, 100_000):
        dt, cpu, k = min(zopa_throughput(n) for _ in range(3))
        print(f"| {n:,} | {dt:.3f} | {cpu:.3f} | {cpu / n * 1e6:.1f} | {n / cpu:,.0f} | {k:,} |")


if __name__ == "__main__":
    main()
