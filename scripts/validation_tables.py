"""Print the Markdown tables of docs/validation.md from a backtest.json.

detente backtest --out backtest && python scripts/validation_tables.py backtest/backtest.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _f(x: Any, d: int = 3) -> str:
    return "–" if x is None else f"{float(x):.{d}f}"


def main(path: str) -> None:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    run = doc["run"]
    print(
        f"{run['n_cases']} cases, {run['n_questions']} questions, {run['n_draws']:,} draws, "
        f"seed {run['seed']}, rate fit {run['fit_draws_per_grid_point']:,} draws per point\n"
    )
    print("| forecaster | Brier (95% interval) | log | CRPS | Brier, pooled | sharpness |")
    print("|---|---|---:|---:|---:|---:|")
    for name, s in doc["scores"].items():
        i = s["brier_interval"]
        print(
            f"| {name} | {_f(s['brier'])} ({_f(i['low'])}–{_f(i['high'])}) | {_f(s['log'])} "
            f"| {_f(s['crps'])} | {_f(s['brier_pooled'])} | {_f(s['sharpness'], 2)} |"
        )
    print("\n| comparison (Brier, a − b) | difference | 95% interval |")
    print("|---|---:|---|")
    for k, v in doc["comparisons"].items():
        print(f"| {k} | {v['estimate']:+.3f} | {v['low']:+.3f} to {v['high']:+.3f} |")
    hs = list(doc["scores"]["detente"]["brier_by_horizon"])
    print("\n| forecaster | " + " | ".join(f"{h} m" for h in hs) + " | ceasefire | settlement |")
    print("|---|" + "---:|" * (len(hs) + 2))
    for name, s in doc["scores"].items():
        by_h = " | ".join(_f(s["brier_by_horizon"][h]) for h in hs)
        e = s["brier_by_event"]
        print(f"| {name} | {by_h} | {_f(e.get('ceasefire'))} | {_f(e.get('settlement'))} |")
    print("\n| bin | n | mean forecast (detente) | observed | n | mean forecast (raw) | observed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    a = {(b["lo"], b["hi"]): b for b in doc["scores"]["detente"]["reliability"]}
    r = {(b["lo"], b["hi"]): b for b in doc["scores"]["detente_raw"]["reliability"]}
    for key in sorted(set(a) | set(r)):
        x, y = a.get(key), r.get(key)
        cells = []
        for b in (x, y):
            cells += (
                ["0", "–", "–"]
                if b is None
                else [str(b["n"]), _f(b["mean_forecast"], 2), _f(b["observed_rate"], 2)]
            )
        print(f"| {key[0]:.1f}–{key[1]:.1f} | " + " | ".join(cells) + " |")
    print(
        "\n| case | as of | type | ceasefire reached | settlement | relapse 5y | questions "
        "| Brier detente | raw | reference | base rate |"
    )
    print("|---|---|---|---|---|---|---:|---:|---:|---:|---:|")
    for c in doc["cases"]:
        o, sc = c["outcome"], c["scores"]
        # reached = a ceasefire or a settlement, whichever came first (as the backtest scores it)
        dates = [d for d in (o["ceasefire"], o["settlement"]) if d]
        cf = "in force" if o["ceasefire_in_force_at_as_of"] else (min(dates) if dates else "none")
        rel = {True: "yes", False: "no", None: "–"}[o["relapse_5y"]]
        print(
            f"| {c['id']} | {c['as_of']} | {c['conflict_type']} | {cf} | "
            f"{o['settlement'] or 'none'} | {rel} | {len(c['questions'])} | "
            f"{_f(sc['detente']['brier'])} | {_f(sc['detente_raw']['brier'])} | "
            f"{_f(sc['reference_class']['brier'])} | {_f(sc['base_rate']['brier'])} |"
        )
    fit = doc.get("rate_fit")
    if fit:
        print("\nrate posterior, all cases:", json.dumps(fit["posterior_all_cases"]))
    print("recalibration map, all cases:", json.dumps(doc["recalibration"]["all_cases"]))


if __name__ == "__main__":
    main(sys.argv[1])
