"""The full backtest: every case × 20,000 draws × 60 months, plus the leave-one-out rate fit.

Times ``detente backtest`` stage by stage in one process and on a local Dask cluster of two
workers (``--workers 2``), checks that both give the same numbers, and prints a Markdown table
for docs/benchmarks.md. Target: the whole backtest in under 3 minutes on the project's 2-core
machine.

    python benchmarks/backtest.py
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from detente.backtest.evaluate import evaluate
from detente.backtest.fit import RATE_GRID, fit_rates
from detente.backtest.library import MAX_MONTHS, load_library
from detente.backtest.run import DEFAULT_DRAWS, DEFAULT_FIT_DRAWS, run_backtest
from detente.backtest.runner import run_cases
from detente.history.reference_class import ReferenceClass, load_hazards


def _stages(workers: int) -> dict[str, float]:
    cases = load_library()
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    fc = run_cases([c.id for c in cases], n_draws=DEFAULT_DRAWS, seed=42, workers=workers)
    t["simulate every case at the prior rates"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    fit = fit_rates(cases, n_draws=DEFAULT_FIT_DRAWS, seed=42, workers=workers)
    t["rate fit (every case on the whole grid)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluate(cases, fc, ReferenceClass(load_hazards()), fit=fit, seed=42)
    t["score, bootstrap, recalibrate"] = time.perf_counter() - t0
    return t


def main() -> None:
    cases = load_library()
    g = 1
    for v in RATE_GRID.values():
        g *= len(v)
    print(
        f"{len(cases)} cases, {DEFAULT_DRAWS:,} draws × {MAX_MONTHS} months each, rate fit "
        f"{g} grid points × {DEFAULT_FIT_DRAWS:,} draws; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}\n"
    )
    docs = {}
    rows = []
    for workers in (1, 2):
        stages = _stages(workers)
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            run = run_backtest(workers=workers)
            run.write(Path(d))
            wall = time.perf_counter() - t0
            docs[workers] = json.loads((Path(d) / "backtest.json").read_text(encoding="utf-8"))
        rows.append((workers, stages, wall))
    print("| workers | stage | seconds |")
    print("|---:|---|---:|")
    for workers, stages, wall in rows:
        for name, secs in stages.items():
            print(f"| {workers} | {name} | {secs:.1f} |")
        print(f"| {workers} | **whole backtest, written** | **{wall:.1f}** |")
    same = docs[1] == docs[2]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nsame numbers with 1 and 2 workers: {'yes' if same else 'NO'}; "
        f"peak memory of the main process {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
