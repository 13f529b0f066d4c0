"""The README's main command, stage by stage: `detente forecast` on the built-in scenario.

Runs the library pipeline exactly as the CLI does (RunSpec defaults, the machine's default
workers, report and --out), then times the whole command as a subprocess. Prints a Markdown
table for docs/benchmarks.md. Target: under 20 s wall on the project's 2-core machine.

    python benchmarks/main_command.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.dynamics import RunSpec
from detente.pipeline import run_forecast
from detente.report import write_report
from detente.results import write_results
from detente.scenario import load_scenario


def main() -> None:
    spec = RunSpec(workers=RunSpec.default_workers())
    t0 = time.perf_counter()
    s = load_scenario("ukraine-2025-09")
    t_load = time.perf_counter() - t0
    run = run_forecast(s, spec)
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        write_results(run.document, Path(d) / "out")
        t_out = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_report(Path(d) / "r.html", run.document, s, forecasts=run.forecasts)
        t_report = time.perf_counter() - t0
        env = {**os.environ, "DETENTE_RUNS_URL": f"sqlite:///{d}/runs.sqlite"}
        walls = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).parent / "detente"), "forecast", "--out", f"{d}/o"],
                cwd=d,
                env=env,
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - t0)
    notes = {a.name: a.note for a in run.document.analyses}
    print(f"workers {spec.workers}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}\n")
    print("| stage | seconds | draws and precision |")
    print("|---|---:|---|")
    print(f"| load and validate the scenario | {t_load:.2f} | |")
    for name, secs in run.timings.items():
        print(f"| {name} | {secs:.2f} | {notes.get(name, '')} |")
    print(f"| write --out (JSON, Parquet, CSV) | {t_out:.2f} | |")
    print(f"| write report.html | {t_report:.2f} | |")
    walls.sort()
    print(
        f"\nWhole command (`detente forecast --out o`, subprocess, incl. start-up and saving the "
        f"run): median {walls[1]:.1f} s of 3 ({', '.join(f'{w:.1f}' for w in walls)})."
    )


if __name__ == "__main__":
    main()
