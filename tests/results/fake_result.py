"""A hand-made simulation result for the tiny scenario, so results/runs/report tests can
check their output against known numbers without running a simulation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from detente.dynamics.result import SimulationResult


def make_result(seed: int = 42, scale: float = 1.0) -> Any:
    """A plausible result for tests/data/tiny.yaml; ``scale`` shifts every probability."""
    months = tuple(f"{2025 + (8 + i) // 12}-{(8 + i) % 12 + 1:02d}" for i in range(12))
    t = np.arange(1, 13)
    p_set = np.clip(scale * (1 - np.exp(-t / 20)), 0, 1)
    p_cf = np.clip(scale * (1 - np.exp(-t / 10)), 0, 1)

    def series(p: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "month": list(months),
                "p": p,
                "low": np.clip(p - 0.05, 0, 1),
                "high": np.clip(p + 0.05, 0, 1),
            }
        )

    per_month = np.diff(np.concatenate([[0.0], p_set]))
    ttd = pd.DataFrame({"month": [*months, "never"], "p": [*per_month, 1 - p_set[-1]]})
    rng = np.random.default_rng(seed)
    land = np.clip(rng.normal(35, 10, 400), 0, 100)
    alliance = rng.choice([0.0, 1.0], size=400, p=[0.2, 0.8])
    terms = pd.DataFrame(
        [
            {
                "issue": "land",
                "issue_name": "Land",
                **_quantiles(land),
                "label_q50": f"{np.median(land):.3g} % of the disputed land Blue cedes",
                "n": 400,
            },
            {
                "issue": "alliance",
                "issue_name": "Alliance",
                **_quantiles(alliance),
                "label_q50": "Blue stays neutral",
                "n": 400,
            },
        ]
    )
    relapse = pd.DataFrame(
        {
            "years": [1, 3, 5],
            "p": [0.05, 0.12, 0.2],
            "low": [0.02, 0.08, 0.14],
            "high": [0.09, 0.18, 0.27],
        }
    )
    blockers = pd.DataFrame(
        {
            "constraint": ["Red's red line on alliance", "Blue's walk-away value"],
            "kind": ["red_line", "walk_away"],
            "actor": ["red", "blue"],
            "issue": ["alliance", None],
            "share": [0.45, 0.3],
        }
    )
    headline = {
        "p_deal_by_horizon": float(p_set[-1]),
        "p_deal_by_horizon_low": float(max(p_set[-1] - 0.05, 0)),
        "p_deal_by_horizon_high": float(min(p_set[-1] + 0.05, 1)),
        "p_ceasefire_at_horizon": float(p_cf[-1]),
        "median_months_to_deal": float("nan"),
        "p_relapse_5y": 0.2,
    }
    return SimulationResult(
        scenario_id="tiny",
        as_of=dt.date(2025, 9, 1),
        months=months,
        n_draws=400,
        seed=seed,
        params={"n_draws": 400, "horizon_months": 12, "model": "nash"},
        p_ceasefire=series(p_cf),
        p_settlement=series(p_set),
        p_ceasefire_reached=series(np.maximum.accumulate(np.maximum(p_cf, p_set))),
        time_to_deal=ttd,
        terms=terms,
        terms_samples={"land": land, "alliance": alliance},
        p_relapse=relapse,
        blockers=blockers,
        headline=headline,
    )


def _quantiles(x: np.ndarray) -> dict[str, float]:
    q = np.quantile(x, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {
        "q05": q[0],
        "q25": q[1],
        "q50": q[2],
        "q75": q[3],
        "q95": q[4],
        "mean": float(x.mean()),
    }
