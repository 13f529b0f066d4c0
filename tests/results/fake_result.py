"""A hand-made simulation result for the tiny scenario (the contract of dynamics.result).

Uses the real ``SimulationResult`` when ``detente.dynamics.result`` exists, and a stand-in
dataclass with the same fields otherwise, so results/runs/report tests need no simulation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True, eq=False)
class StandInResult:
    """The fields of ``detente.dynamics.result.SimulationResult``."""

    scenario_id: str
    as_of: dt.date
    months: tuple[str, ...]
    n_draws: int
    seed: int | None
    params: Mapping[str, Any]
    p_ceasefire: pd.DataFrame
    p_settlement: pd.DataFrame
    time_to_deal: pd.DataFrame
    terms: pd.DataFrame
    terms_samples: Mapping[str, np.ndarray]
    p_relapse: pd.DataFrame
    blockers: pd.DataFrame
    headline: Mapping[str, float]

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name."""
        return {
            "p_ceasefire": self.p_ceasefire,
            "p_settlement": self.p_settlement,
            "time_to_deal": self.time_to_deal,
            "terms": self.terms,
            "p_relapse": self.p_relapse,
            "blockers": self.blockers,
        }


def _result_class() -> Any:
    try:
        from detente.dynamics.result import SimulationResult
    except Exception:  # absent, or mid-edit by its owner: the stand-in keeps these tests honest
        return StandInResult
    return SimulationResult


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
    return _result_class()(
        scenario_id="tiny",
        as_of=dt.date(2025, 9, 1),
        months=months,
        n_draws=400,
        seed=seed,
        params={"n_draws": 400, "horizon_months": 12, "model": "nash"},
        p_ceasefire=series(p_cf),
        p_settlement=series(p_set),
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
