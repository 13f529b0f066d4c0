"""Ship the backtest's all-cases recalibration map with the package.

Usage::

    detente backtest --out /tmp/bt            # seed 42, 20,000 draws: the published run
    python scripts/ship_recalibration.py /tmp/bt/backtest.json

writes ``src/detente/history/data/recalibration.json``: the stacking map fitted on every
question of the library (``recalibration.all_cases``), its case-bootstrap refits and the
provenance of the run (seed, draws, cases, the commit it ran on). Every ``detente forecast`` of
a scenario with ``war.kind`` and ``war.started`` then reports the calibrated probability
beside the raw one (``detente.history.calibrated``). The map is fitted only on the library's
outcomes, never on a forecast it is later applied to; the backtest itself scores a map fitted
leave one case out, never this one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "history" / "data" / "recalibration.json"


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def shipped(backtest: dict[str, Any], commit: str | None) -> dict[str, Any]:
    """The shipped file's content, from a backtest document."""
    if backtest.get("kind") != "detente.backtest":
        msg = "the input must be a backtest.json written by `detente backtest`"
        raise SystemExit(msg)
    rec = backtest["recalibration"]
    if not rec.get("bootstrap"):
        msg = "this backtest.json has no bootstrap maps; rerun `detente backtest` with this version"
        raise SystemExit(msg)
    run = backtest["run"]
    return {
        "kind": "detente.recalibration",
        "schema_version": 1,
        "all_cases": rec["all_cases"],
        "bootstrap": rec["bootstrap"],
        "provenance": {
            "procedure": (
                "logistic stacking of logit(simulated P) and logit(reference-class P), slopes "
                "non-negative, ridge 1 on the slopes (detente.history.recalibration), fitted on "
                "every resolved question of the case library; simulated P = the rate-posterior "
                "mixture fitted without the question's own case; bootstrap = refits on cases "
                "resampled with replacement"
            ),
            "detente_version": backtest["detente_version"],
            "commit": commit,
            "seed": run["seed"],
            "n_draws": run["n_draws"],
            "fit_draws_per_grid_point": run["fit_draws_per_grid_point"],
            "n_cases": run["n_cases"],
            "n_questions": run["n_questions"],
            "horizons_months": run["horizons_months"],
            "cases": [c["id"] for c in backtest["cases"]],
            "detente_brier": backtest["scores"]["detente"]["brier"],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backtest_json", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = json.loads(args.backtest_json.read_text(encoding="utf-8"))
    content = shipped(data, _commit())
    args.out.write_text(json.dumps(content, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(content['bootstrap'])} bootstrap maps)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
