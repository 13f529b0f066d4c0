"""Speed of the expected-utility model run to its stopping rule (prints a markdown table).

Target (docs/benchmarks.md, section expected-utility): 100 actors × 10 issues in under
1 second on the project's 2-core machine. Run: ``python benchmarks/expected_utility.py``.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
import warnings

import numpy as np

from detente.errors import ConvergenceWarning
from detente.models.expected_utility import ExpectedUtilityModel
from detente.models.table import PositionTable
from detente.scenario.scales import IssueScale

REPEATS = 3


def random_table(n_actors: int, n_issues: int, seed: int = 0) -> PositionTable:
    """Uniform random positions, saliences in [0.1, 1] and capabilities in [0.1, 1]."""
    rng = np.random.default_rng(seed)
    issues = tuple(f"i{k}" for k in range(n_issues))
    return PositionTable(
        actors=tuple(f"a{i}" for i in range(n_actors)),
        issues=issues,
        scales=tuple(IssueScale(i, i, "numeric", 0.0, 1.0) for i in issues),
        positions=rng.random((n_actors, n_issues)),
        saliences=rng.uniform(0.1, 1.0, (n_actors, n_issues)),
        capabilities=rng.uniform(0.1, 1.0, (n_actors, n_issues)),
        veto=np.ones(n_actors, dtype=bool),
        at_table=np.ones(n_actors, dtype=bool),
    )


def measure(
    model: ExpectedUtilityModel, n_actors: int, n_issues: int
) -> tuple[float, float, int, bool]:
    """Median wall and CPU seconds over REPEATS runs, rounds run, whether all issues converged.

    CPU time is reported too because the machine is shared: wall time rises with the load.
    """
    table = random_table(n_actors, n_issues)
    times, cpu = [], []
    rounds, converged = 0, True
    for _ in range(REPEATS):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            t0, c0 = time.perf_counter(), time.process_time()
            f = model.forecast(table)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        rounds = 0 if f.trace is None else f.trace.shape[0] - 1
        converged = not caught
    return statistics.median(times), statistics.median(cpu), rounds, converged


def main() -> None:
    """Print one markdown table per parameter set."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f}; "
        f"median of {REPEATS} runs\n"
    )
    grid = [
        (10, 10),
        (25, 10),
        (50, 10),
        (100, 10),
        (200, 10),
        (400, 10),
        (100, 1),
        (100, 5),
        (100, 20),
        (100, 40),
    ]
    for label, model in (
        ("default (scholz-code)", ExpectedUtilityModel()),
        ("probability=paper", ExpectedUtilityModel(probability="paper")),
    ):
        print(f"**{label}**\n")
        print("| actors | issues | rounds (max over issues) | converged | wall s | CPU s |")
        print("|---:|---:|---:|:---:|---:|---:|")
        for n, m in grid:
            secs, cpu, rounds, ok = measure(model, n, m)
            print(f"| {n} | {m} | {rounds} | {'yes' if ok else 'no'} | {secs:.3f} | {cpu:.3f} |")
        print()
    n, m = 100, 10
    capped = ExpectedUtilityModel(max_rounds=50, tolerance=0.0)
    secs, _, rounds, _ = measure(capped, n, m)
    print(
        f"Worst case, no early stop (tolerance=0, max_rounds=50), {n} × {m}: "
        f"{secs:.3f} s for {rounds} rounds ({secs / rounds * 1000:.1f} ms per round)."
    )


if __name__ == "__main__":
    main()
