"""Benchmark detente's KTAB SMP on every KTAB example input, beside KTAB's own timings.

Each input runs in a fresh subprocess (so peak RSS is that run's alone): the model is timed
with ``time.perf_counter`` around ``forecast`` only (reading and imports excluded, as KTAB's
figures exclude its start-up), then run once more under ``tracemalloc`` for the peak of
memory allocated during the run. KTAB's figures are read from the README beside the inputs.

Usage::

    python benchmarks/ktab_smp.py [--runs 3] [--reference ../shared/reference/ktab]

Prints a markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DEFAULT_REF = Path(__file__).resolve().parents[2] / "shared" / "reference" / "ktab"


def child(path: str) -> None:
    """Run one input once, timed, then once under tracemalloc; print a JSON line."""
    from detente.readers.ktab import read_ktab

    inp = read_ktab(path)
    model = inp.model()
    t0, c0 = time.perf_counter(), time.process_time()
    f = model.forecast(inp.table, seed=inp.seed)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    model.forecast(inp.table, seed=inp.seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out = {
        "actors": inp.table.n_actors,
        "dims": inp.table.n_issues,
        "steps": f.n_steps,
        "seconds": seconds,
        "cpu": cpu,
        "rss_mib": rss_kib / 1024,
        "traced_mib": peak / 2**20,
    }
    sys.stdout.write(json.dumps(out) + "\n")


def ktab_figures(readme: Path) -> dict[str, dict[str, str]]:
    """KTAB's stock-build rows from the README table, keyed by input file name."""
    rows: dict[str, dict[str, str]] = {}
    text = readme.read_text(encoding="utf-8")
    stock = text[text.index("**Stock build") :]
    for line in stock.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 12 and re.search(r"\.(csv|xml)$", cells[0]):
            rows[cells[0]] = {
                "steps": cells[3],
                "wall_min": cells[5],
                "wall_median": cells[6],
                "cpu": cells[8],
                "rss": cells[9],
            }
    return rows


def measure(path: Path, runs: int) -> dict[str, float]:
    """Median and minimum time over ``runs`` fresh processes; the largest peak memory seen."""
    results = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    secs = [r["seconds"] for r in results]
    return {
        "actors": results[0]["actors"],
        "dims": results[0]["dims"],
        "steps": results[0]["steps"],
        "min": min(secs),
        "median": statistics.median(secs),
        "cpu": statistics.median(r["cpu"] for r in results),
        "rss_mib": max(r["rss_mib"] for r in results),
        "traced_mib": max(r["traced_mib"] for r in results),
    }


def _ratio(a: str | None, b: float) -> str:
    """KTAB's figure over detente's, as "N×" (one decimal below 10)."""
    try:
        x = float(a) / b if a is not None else math.nan
    except ValueError:
        return "–"
    if not math.isfinite(x):
        return "–"
    return f"{x:.0f}×" if x >= 10 else f"{x:.1f}×"


def report(ref: Path, runs: int) -> str:
    """The markdown section: one row per input, then growth with the number of actors."""
    ktab = ktab_figures(ref / "README.md")
    inputs = sorted((ref / "inputs").glob("*"), key=lambda p: p.name)
    load0 = os.getloadavg()[0]
    lines = [
        "| input | actors × dims | steps detente / KTAB | detente wall s median (min) "
        "| KTAB wall s median (min) | speed-up (min / min) | detente CPU s | KTAB CPU s "
        "| speed-up (CPU) | detente per step | peak RSS MiB detente / KTAB "
        "| traced peak MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    per_step: dict[int, float] = {}
    for p in inputs:
        if p.name == "smpExample.xml":
            lines.append(
                "| smpExample.xml | 5 × 3 | – | refused: empty `<dCoord>` (line 32), by design "
                "| KTAB stops too, but exits 0 | – | – | – | – | – | – | – |"
            )
            continue
        m = measure(p, runs)
        k = ktab.get(p.name, {})
        if p.name.startswith("dummyData-a"):
            per_step[int(m["actors"])] = m["cpu"] / m["steps"]
        lines.append(
            f"| {p.name} | {m['actors']:.0f} × {m['dims']:.0f} | {m['steps']:.0f} / "
            f"{k.get('steps', '–')} | {m['median']:.3f} ({m['min']:.3f}) | "
            f"{k.get('wall_median', '–')} ({k.get('wall_min', '–')}) | "
            f"{_ratio(k.get('wall_min'), m['min'])} | {m['cpu']:.3f} | {k.get('cpu', '–')} | "
            f"{_ratio(k.get('cpu'), m['cpu'])} | {1000 * m['min'] / m['steps']:.1f} ms | "
            f"{m['rss_mib']:.0f} / {k.get('rss', '–')} | {m['traced_mib']:.1f} |"
        )
    growth = []
    ns = sorted(per_step)
    for a, b in itertools.pairwise(ns):
        slope = math.log(per_step[b] / per_step[a]) / math.log(b / a)
        growth.append(
            f"n = {a} → {b}: CPU time per step × {per_step[b] / per_step[a]:.1f} (≈ n^{slope:.1f})"
        )
    head = (
        f"Measured with `python benchmarks/ktab_smp.py --runs {runs}` (Python "
        f"{platform.python_version()}, numpy {np_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores; 1-minute load average {load0:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end). Each run is a fresh process; times cover "
        "the model only (file reading excluded). KTAB's figures are its stock release build "
        "from the README beside the inputs."
    )
    return "\n".join(
        [
            head,
            "",
            *lines,
            "",
            "Growth with actors (1-dimensional inputs, median CPU time per step): "
            + "; ".join(growth)
            + ".",
        ]
    )


def np_version() -> str:
    """The installed numpy's version."""
    import numpy as np

    return np.__version__


def main() -> None:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--child")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REF)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    sys.stdout.write(report(args.reference, args.runs) + "\n")


if __name__ == "__main__":
    main()
