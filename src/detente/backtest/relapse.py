"""Durability scored: did the fighting resume within five years of the settlement?

A forecast of "how durable" earns trust the same way as "how likely": on history. Every case
whose settlement was signed within the window and whose five years after it are observed poses
one question — did war resume within five years of that settlement (``relapse_5y`` in
``data/outcomes.yaml``)? The forecasters:

* ``detente`` — the simulation's P(relapse within 5 years | a settlement), over its own
  simulated deals (their terms, guarantees, power shift and public tolerance move the hazard);
* ``pad_base_rate`` — the rate the simulation starts from: P(an agreement ends within five
  years) fitted on UCDP PAD without any library or held-out conflict
  (``dynamics/data/termination_rates.json``, ``relapse_5y``), the same for every case;
* ``base_rate`` — the library's own rate on the other cases (leave one case out, with half a
  relapse and half a durable peace added);
* ``constant`` — 0.5.

If ``detente`` does not beat ``pad_base_rate``, the terms-dependent multipliers add nothing
the base rate does not already know. With one question per case the interval resamples
questions; nine or so questions cannot separate forecasters closer than a few tenths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from detente._typing import FloatArray
from detente.backtest import scores
from detente.backtest.library import Case, add_months
from detente.backtest.runner import CaseForecast
from detente.dynamics.rates_data import load_termination_rates

__all__ = ["RELAPSE_FORECASTERS", "RelapseScores", "relapse_cases", "score_relapse"]

RELAPSE_FORECASTERS: Final[tuple[str, ...]] = ("detente", "pad_base_rate", "base_rate", "constant")
WINDOW_MONTHS: Final[int] = 60


@dataclass(frozen=True)
class RelapseScores:
    """One question per case with a settlement: the answers, each forecaster's p and scores."""

    case_ids: list[str]
    answers: FloatArray
    p: dict[str, FloatArray]
    brier: dict[str, scores.BootstrapInterval]
    log: dict[str, float]
    comparisons: dict[str, scores.BootstrapInterval]
    notes: list[str]


def relapse_cases(cases: list[Case]) -> list[Case]:
    """Cases whose settlement fell inside the window and whose relapse is resolved."""
    out = []
    for c in cases:
        o = c.outcome
        if o.settlement is None or o.relapse_5y is None:
            continue
        if o.settlement > add_months(o.as_of, WINDOW_MONTHS):
            continue
        out.append(c)
    return out


def score_relapse(
    cases: list[Case],
    forecasts: Mapping[str, CaseForecast],
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> RelapseScores | None:
    """Score every forecaster on the relapse questions (None when no case poses one)."""
    asked = relapse_cases(cases)
    if not asked:
        return None
    ids = [c.id for c in asked]
    y = np.array([float(bool(c.outcome.relapse_5y)) for c in asked])
    pad = float(load_termination_rates()["relapse_5y"].point)
    notes: list[str] = []
    sim = []
    for c in asked:
        v = forecasts[c.id].p_relapse_5y
        if math.isnan(v):  # no simulated settlement at all: nothing to say beyond the base rate
            notes.append(f"{c.id}: no simulated settlement; detente answers the PAD base rate")
            v = pad
        sim.append(v)
    # each case sees the other n - 1 cases' relapses, plus half a relapse and half a peace
    loo = (y.sum() - y + 0.5) / len(y)
    p = {
        "detente": np.array(sim),
        "pad_base_rate": np.full(len(y), pad),
        "base_rate": loo,
        "constant": np.full(len(y), 0.5),
    }
    brier, log = {}, {}
    terms = {}
    for name, pv in p.items():
        terms[name] = {
            cid: scores.brier_terms(pv[k : k + 1], y[k : k + 1]) for k, cid in enumerate(ids)
        }
        brier[name] = scores.bootstrap_mean(terms[name], n_boot, seed)
        log[name] = scores.log_score(pv, y)
    comparisons = {
        f"detente - {b}": scores.bootstrap_mean_diff(terms["detente"], terms[b], n_boot, seed)
        for b in RELAPSE_FORECASTERS[1:]
    }
    return RelapseScores(ids, y, p, brier, log, comparisons, notes)
