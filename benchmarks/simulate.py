"""Speed and memory of ``detente.simulate`` (figures for docs/benchmarks.md, section "simulation").

Each case runs in a fresh subprocess so its peak resident memory (``ru_maxrss``) is its own;
cases up to 100,000 draws report the best of three runs.

    python benchmarks/simulate.py            # the full table (a few minutes)
    python benchmarks/simulate.py --quick    # the two targets only
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from typing import Any

CASES_TARGETS = [
    {"label": "built-in, 10,000 draws x 24 months", "draws": 10_000, "months": 24},
    {
        "label": "built-in, 10,000 draws x 24 months, quadratic loss",
        "draws": 10_000,
        "months": 24,
        "calibration": {"utility": "quadratic"},
    },
    {"label": "built-in, 1,000,000 draws x 24 months, 1 process", "draws": 1_000_000, "months": 24},
    {
        "label": "built-in, 1,000,000 draws x 24 months, 2 processes (workers=2)",
        "draws": 1_000_000,
        "months": 24,
        "workers": 2,
    },
    {
        "label": "miniature, 1,000,000 draws x 24 months, 2 processes",
        "draws": 1_000_000,
        "months": 24,
        "file": "tests/dynamics/data/mini_ukraine.yaml",
        "workers": 2,
    },
]
CASES_SCALING = [
    *(
        {"label": f"built-in, {n:,} draws x 24 months", "draws": n, "months": 24}
        for n in (50_000, 100_000, 300_000)
    ),
    *(
        {"label": f"built-in, 50,000 draws x {m} months", "draws": 50_000, "months": m}
        for m in (6, 12, 48, 96)
    ),
    *(
        {
            "label": f"synthetic, {a} actors x 6 issues, 50,000 x 24",
            "draws": 50_000,
            "months": 24,
            "actors": a,
            "issues": 6,
        }
        for a in (2, 8, 32)
    ),
    *(
        {
            "label": f"synthetic, 4 actors x {i} issues, 50,000 x 24",
            "draws": 50_000,
            "months": 24,
            "actors": 4,
            "issues": i,
        }
        for i in (2, 8, 16, 32)
    ),
]


def synthetic(n_actors: int, n_issues: int) -> Any:
    """A valid scenario with ``n_actors`` (two belligerents) and ``n_issues`` (a third ordinal)."""
    from detente.scenario.loader import validate_data

    actors = [
        {
            "id": f"a{k}",
            "name": f"A{k}",
            "role": "belligerent" if k < 2 else "stakeholder",
            "capability": {"dist": "uniform", "low": 0.5, "high": 1.0},
            "veto": k < 2,
            "at_table": k < 3,
            "domestic_tolerance": {"dist": "uniform", "low": 0.4, "high": 0.7},
            "spoiler_capacity": 0.3 if k >= 2 else 0.0,
        }
        for k in range(n_actors)
    ]
    issues, positions = [], {a["id"]: {} for a in actors}
    for i in range(n_issues):
        if i % 3 == 2:
            scale = {
                "kind": "ordinal",
                "options": [{"id": f"o{j}", "label": f"option {j}"} for j in range(4)],
            }
            lo, hi = "o0", "o3"
        else:
            scale = {
                "kind": "numeric",
                "min": 0,
                "max": 100,
                "unit": "%",
                "anchors": [{"value": 0, "label": "none"}, {"value": 100, "label": "all"}],
            }
            lo, hi = 0, 100
        issues.append(
            {
                "id": f"i{i}",
                "name": f"Issue {i}",
                "track": "ceasefire" if i == 0 else "settlement",
                "scale": scale,
            }
        )
        for k, a in enumerate(actors):
            ideal = hi if k % 2 == 0 else lo
            bl = (
                {"dist": "uniform", "low": 30, "high": 70}
                if scale["kind"] == "numeric"
                else {"dist": "uniform", "low": "o1", "high": "o2"}
            )
            positions[a["id"]][f"i{i}"] = {
                "stated": ideal,
                "ideal": ideal,
                "bottom_line": bl,
                "salience": 1.0 / n_issues,
            }
    data = {
        "schema_version": 1,
        "id": "synthetic",
        "title": "synthetic",
        "as_of": "2025-09-01",
        "actors": actors,
        "issues": issues,
        "positions": positions,
        "war": {
            "sides": ["a0", "a1"],
            "p_first_prevails": {"dist": "uniform", "low": 0.4, "high": 0.6},
            "trend_per_month": 0.0,
            "volatility_per_month": 0.02,
            "horizon_months": 12,
            "beliefs": {
                s: {
                    "optimism": {"dist": "uniform", "low": 0, "high": 0.1},
                    "collapse_hope": 0.01,
                    "monthly_cost": 0.01,
                }
                for s in ("a0", "a1")
            },
        },
        "levers": [
            {
                "id": "threat",
                "name": "t",
                "actor": "a2" if n_actors > 2 else "a0",
                "kind": "sanctions",
                "mode": "threat",
                "effects": [{"target": "a0", "quantity": "monthly_cost", "delta": 0.005}],
                "credibility": {"dist": "uniform", "low": 0.1, "high": 0.5},
                "active": True,
            },
        ],
    }
    v = validate_data(data, {}, "synthetic")
    assert v.scenario is not None, [e.render() for e in v.errors]
    return v.scenario


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """Time one case in this process; report seconds and peak RSS."""
    from detente.dynamics import simulate
    from detente.scenario import load_scenario

    s = (
        synthetic(case["actors"], case["issues"])
        if "actors" in case
        else load_scenario(case.get("file", "ukraine-2025-09"))
    )
    simulate(s, n_draws=1000, n_months=2, seed=0)  # warm-up: imports, scipy, first-call costs
    repeats = 3 if case["draws"] <= 100_000 else 1  # best of 3: the machine is shared
    dt = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        r = simulate(
            s,
            n_draws=case["draws"],
            n_months=case["months"],
            seed=1,
            workers=case.get("workers", 1),
            calibration=case.get("calibration"),
        )
        dt = min(dt, time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB on Linux
    if case.get("workers", 1) > 1:  # parent + each worker at the largest child's peak (a bound)
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        peak += case["workers"] * child
    return {**case, "seconds": round(dt, 3), "peak_mib": round(peak), "p_deal": r.p_deal}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        print(json.dumps(run_case(json.loads(sys.argv[2]))))
        return
    cases = CASES_TARGETS if "--quick" in sys.argv else CASES_TARGETS + CASES_SCALING
    print("| case | seconds | peak RSS (MiB) |\n|---|---:|---:|")
    for case in cases:
        out = subprocess.run(
            [sys.executable, __file__, "--case", json.dumps(case)],
            capture_output=True,
            text=True,
            check=True,
        )
        res = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {res['label']} | {res['seconds']:.2f} | {res['peak_mib']} |", flush=True)


if __name__ == "__main__":
    main()
