"""Fit the timing rates (signing hazard, belief strength) on the whole case library.

Writes ``src/detente/dynamics/data/timing_posterior.json``: the grid of
``detente.backtest.fit.RATE_GRID`` and its posterior weights given every case's outcome (uniform
prior over the grid; likelihood as in ``detente.backtest.fit``). Every forecast then draws its
timing rates from this posterior (``detente.dynamics.rates``). The backtest never uses this
file for the cases it scores: it refits the posterior leaving each case out.

Run:  python scripts/fit_timing_rates.py [--draws 2000] [--seed 42] [--workers 2 | --scheduler A]
Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from detente.backtest.fit import FLOOR, RATE_GRID, fit_rates
from detente.backtest.library import load_library

OUT = Path(__file__).resolve().parents[1] / "src" / "detente" / "dynamics" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=2000, help="draws per case and grid point")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--workers", type=int, default=1, help="local Dask cluster of N processes")
    ap.add_argument("--scheduler", default=None, help="a running Dask scheduler's address")
    args = ap.parse_args()
    cases = load_library()
    fit = fit_rates(
        cases, n_draws=args.draws, seed=args.seed, workers=args.workers, scheduler=args.scheduler
    )
    w = fit.weights([])
    doc = {
        "what": "posterior of detente's timing rates given the case library's outcomes",
        "procedure": (
            "grid posterior (detente.backtest.fit): each case simulated at every grid point; "
            "likelihood = simulated probability of the interval (0-6, 6-12, 12-24, 24-36, 36-60 "
            f"months, later or never; censored at the data end) each event fell in, floored at "
            f"{FLOOR}; ceasefire and settlement treated as independent evidence; uniform prior "
            "over the log-spaced grid"
        ),
        "cases": list(fit.case_ids),
        "draws_per_point": args.draws,
        "seed": args.seed,
        "grid": {k: list(v) for k, v in RATE_GRID.items()},
        "points": [dict(p) for p in fit.points],
        "weights": [round(float(x), 10) for x in w],
        "summary": fit.posterior_summary(),
        "log_likelihood": {
            c: [round(float(v), 6) for v in fit.log_lik[k]] for k, c in enumerate(fit.case_ids)
        },
    }
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "timing_posterior.json"
    path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}: {doc['summary']}")


if __name__ == "__main__":
    main()
