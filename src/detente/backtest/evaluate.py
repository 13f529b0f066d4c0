"""Score every forecaster on the case library: Brier, log and CRPS, per case and pooled.

Forecasters, each a series P(event by month m), m = 1 … 60, per case and event:

* ``detente`` — the reported forecast: the fitted simulation passed through the recalibration
  map fitted on the *other* cases (leave one case out; ``recalibration``);
* ``detente_fitted`` — the simulation with its timing rates fitted on the other cases, as a
  posterior mixture (``fit``; present when a fit is given);
* ``detente_raw`` — the share of simulated draws at detente's default rates;
* ``reference_class`` — the UCDP base rate for the conflict's type and elapsed duration
  (``reference_class``; fitted without any library conflict);
* ``base_rate`` — the library's own rate on the other cases (leave one case out), with half a
  success and half a failure added so no question is answered 0 or 1;
* ``constant`` — 0.5 everywhere.

Each case weighs the same in the headline scores (its questions' mean, then the mean over
cases), because the questions of one negotiation share its fate; the intervals resample cases
(``scores.bootstrap_mean``). Question-pooled means are reported beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from detente._typing import FloatArray
from detente.backtest import scores
from detente.backtest.fit import RateFit
from detente.backtest.library import (
    EVENTS,
    HORIZONS,
    MAX_MONTHS,
    Case,
    Question,
    event_month,
    observed_months,
    questions,
)
from detente.backtest.runner import CaseForecast
from detente.history.recalibration import StackingMap, fit_stacking
from detente.history.reference_class import Event, ReferenceClass

__all__ = ["FORECASTERS", "Evaluation", "ScoreCard", "evaluate"]

FORECASTERS: Final[tuple[str, ...]] = (
    "detente",
    "detente_fitted",
    "detente_raw",
    "reference_class",
    "base_rate",
    "constant",
)
MONTH_LIST: Final[tuple[float, ...]] = tuple(float(m) for m in range(1, MAX_MONTHS + 1))

Series = dict[str, dict[Event, FloatArray]]
"""forecaster → event → P(event by month m), m = 1 … MAX_MONTHS."""


@dataclass(frozen=True)
class ScoreCard:
    """One forecaster's scores over the library."""

    brier: scores.BootstrapInterval
    log: scores.BootstrapInterval
    crps: scores.BootstrapInterval
    brier_pooled: float
    log_pooled: float
    n_questions: int
    by_event: dict[str, float]
    by_horizon: dict[int, float]
    sharpness: float
    reliability: list[scores.ReliabilityBin]


@dataclass(frozen=True)
class Evaluation:
    """Everything the backtest measured, per case and pooled."""

    cases: list[Case]
    questions: dict[str, list[Question]]
    series: dict[str, Series]
    p: dict[str, dict[str, FloatArray]]
    case_scores: dict[str, dict[str, dict[str, float]]]
    cards: dict[str, ScoreCard]
    comparisons: dict[str, scores.BootstrapInterval]
    maps: dict[str, StackingMap]
    map_all: StackingMap
    map_boot: list[StackingMap] = field(default_factory=list)
    forecasters: tuple[str, ...] = FORECASTERS
    fit: RateFit | None = None
    n_boot: int = 2000
    notes: list[str] = field(default_factory=list)


def _base_rate_series(case: Case, others: list[Case], event: Event) -> FloatArray:
    """P(event by month m) among the other cases whose answer at m is known (+½, +½)."""
    yes, known = np.zeros(MAX_MONTHS), np.zeros(MAX_MONTHS)
    for d in others:
        if not d.outcome.asks(event):
            continue
        k = event_month(d.outcome.as_of, d.outcome.date_of(event))
        seen = observed_months(d, event)
        for m in range(1, MAX_MONTHS + 1):
            if k is not None and k <= m:
                yes[m - 1] += 1
                known[m - 1] += 1
            elif m <= seen:
                known[m - 1] += 1
    series = (yes + 0.5) / (known + 1.0)
    return np.maximum.accumulate(series)


MAP_BOOT: Final[int] = 200
"""Case-bootstrap refits of the all-cases map: its uncertainty, carried into every forecast."""


def _bootstrap_maps(
    cases: list[Case],
    qs: Mapping[str, list[Question]],
    sim: Callable[[Case, Question], float],
    series: Mapping[str, Series],
    seed: int,
    n: int = MAP_BOOT,
) -> list[StackingMap]:
    """Refit the all-cases map on cases resampled with replacement (the unit that shares fate).

    A forecast made with the shipped map reports the spread of these maps' answers, so the
    map's own uncertainty (18 cases) shows in the interval instead of hiding in one curve.
    """
    scored = [c for c in cases if qs[c.id]]
    if len(scored) < 2:
        return []
    rng = np.random.default_rng([seed, 2])
    rows = {
        c.id: (
            [sim(c, q) for q in qs[c.id]],
            [float(series[c.id]["reference_class"][q.event][q.horizon - 1]) for q in qs[c.id]],
            [float(q.answer) for q in qs[c.id]],
        )
        for c in scored
    }
    out: list[StackingMap] = []
    for _ in range(n):
        pick = rng.integers(0, len(scored), len(scored))
        s, r, y = [], [], []
        for i in pick:
            a, b, c = rows[scored[i].id]
            s += a
            r += b
            y += c
        out.append(fit_stacking(np.array(s), np.array(r), np.array(y)))
    return out


def evaluate(
    cases: list[Case],
    forecasts: Mapping[str, CaseForecast],
    reference: ReferenceClass,
    *,
    fit: RateFit | None = None,
    n_boot: int = 2000,
    seed: int = 0,
) -> Evaluation:
    """Score the forecasts of every case against its resolved questions."""
    names = (
        FORECASTERS if fit is not None else tuple(n for n in FORECASTERS if n != "detente_fitted")
    )
    qs = {c.id: questions(c) for c in cases}
    series: dict[str, Series] = {}
    for c in cases:
        o = c.outcome
        f = forecasts[c.id]
        others = [d for d in cases if d.id != c.id]
        series[c.id] = {
            "detente_raw": {e: np.asarray(f.cdf(e), dtype=float) for e in EVENTS},
            "reference_class": {
                e: reference.p_by(e, o.conflict_type, o.elapsed_months, MONTH_LIST) for e in EVENTS
            },
            "base_rate": {e: _base_rate_series(c, others, e) for e in EVENTS},
            "constant": {e: np.full(MAX_MONTHS, 0.5) for e in EVENTS},
        }
        if fit is not None:
            series[c.id]["detente_fitted"] = {e: fit.mixture(c.id, e, [c.id]) for e in EVENTS}

    def simulated(d: Case, e: Event, leave_out: list[str]) -> FloatArray:
        """The simulation's forecast of d as seen from a fit without ``leave_out``."""
        if fit is None:
            return series[d.id]["detente_raw"][e]
        return fit.mixture(d.id, e, leave_out)

    # --- recalibration, leave one case out (the map of c never sees c's outcome) -----------
    maps: dict[str, StackingMap] = {}
    for c in cases:
        sim, ref, y = [], [], []
        for d in cases:
            if d.id == c.id:
                continue
            for q in qs[d.id]:
                sim.append(simulated(d, q.event, [c.id, d.id])[q.horizon - 1])
                ref.append(series[d.id]["reference_class"][q.event][q.horizon - 1])
                y.append(float(q.answer))
        # with no other case to learn from, the map is the identity on the simulation
        maps[c.id] = (
            fit_stacking(np.array(sim), np.array(ref), np.array(y))
            if y
            else StackingMap(0.0, 1.0, 0.0, 0)
        )
        s = series[c.id]
        base = "detente_fitted" if fit is not None else "detente_raw"
        s["detente"] = {e: maps[c.id](s[base][e], s["reference_class"][e]) for e in EVENTS}
    all_sim = [simulated(d, q.event, [d.id])[q.horizon - 1] for d in cases for q in qs[d.id]]
    all_ref = [
        series[d.id]["reference_class"][q.event][q.horizon - 1] for d in cases for q in qs[d.id]
    ]
    all_y = [float(q.answer) for d in cases for q in qs[d.id]]
    map_all = (
        fit_stacking(np.array(all_sim), np.array(all_ref), np.array(all_y))
        if all_y
        else StackingMap(0.0, 1.0, 0.0, 0)
    )
    map_boot = _bootstrap_maps(
        cases, qs, lambda d, q: simulated(d, q.event, [d.id])[q.horizon - 1], series, seed
    )
    # --- question probabilities and per-case scores -----------------------------------------
    p: dict[str, dict[str, FloatArray]] = {name: {} for name in names}
    case_scores: dict[str, dict[str, dict[str, float]]] = {}
    brier_terms: dict[str, dict[str, FloatArray]] = {n: {} for n in names}
    log_terms: dict[str, dict[str, FloatArray]] = {n: {} for n in names}
    crps_terms: dict[str, dict[str, FloatArray]] = {n: {} for n in names}
    for c in cases:
        answers = np.array([float(q.answer) for q in qs[c.id]])
        case_scores[c.id] = {}
        for name in names:
            fs = series[c.id][name]
            pc = np.array([fs[q.event][q.horizon - 1] for q in qs[c.id]])
            p[name][c.id] = pc
            crps = []
            for e in EVENTS:
                seen = observed_months(c, e)
                if not c.outcome.asks(e) or seen == 0:
                    continue
                k = event_month(c.outcome.as_of, c.outcome.date_of(e))
                crps.append(scores.crps_time_to_event(fs[e], k, seen))
            brier_terms[name][c.id] = scores.brier_terms(pc, answers)
            log_terms[name][c.id] = scores.log_terms(pc, answers)
            crps_terms[name][c.id] = np.array(crps)
            case_scores[c.id][name] = {
                "brier": float(brier_terms[name][c.id].mean()) if pc.size else float("nan"),
                "log": float(log_terms[name][c.id].mean()) if pc.size else float("nan"),
                "crps": float(np.mean(crps)) if crps else float("nan"),
            }
    scored = [c.id for c in cases if qs[c.id]]
    all_q = [q for cid in scored for q in qs[cid]]
    y_all = np.array([float(q.answer) for q in all_q])
    cards: dict[str, ScoreCard] = {}
    for name in names:
        p_all = np.concatenate([p[name][cid] for cid in scored])
        by_event: dict[str, float] = {
            e: scores.brier(p_all[m], y_all[m])
            for e in EVENTS
            if (m := np.array([q.event == e for q in all_q])).any()
        }
        by_h = {
            h: scores.brier(p_all[m], y_all[m])
            for h in HORIZONS
            if (m := np.array([q.horizon == h for q in all_q])).any()
        }
        with_crps = {cid: crps_terms[name][cid] for cid in scored if crps_terms[name][cid].size}
        cards[name] = ScoreCard(
            brier=scores.bootstrap_mean({k: brier_terms[name][k] for k in scored}, n_boot, seed),
            log=scores.bootstrap_mean({k: log_terms[name][k] for k in scored}, n_boot, seed),
            crps=scores.bootstrap_mean(with_crps, n_boot, seed),
            brier_pooled=scores.brier(p_all, y_all),
            log_pooled=scores.log_score(p_all, y_all),
            n_questions=int(y_all.size),
            by_event=by_event,
            by_horizon=by_h,
            sharpness=scores.sharpness(p_all),
            reliability=scores.reliability(p_all, y_all, n_bins=10),
        )
    comparisons: dict[str, scores.BootstrapInterval] = {}
    sims = [n for n in ("detente", "detente_fitted", "detente_raw") if n in names]
    for a in sims:
        for b in ("reference_class", "base_rate", "constant", *sims):
            if a == b or (b in sims and sims.index(b) < sims.index(a)):
                continue
            comparisons[f"{a} - {b}"] = scores.bootstrap_mean_diff(
                {k: brier_terms[a][k] for k in scored},
                {k: brier_terms[b][k] for k in scored},
                n_boot,
                seed,
            )
    return Evaluation(
        cases=cases,
        questions=qs,
        series=series,
        p=p,
        case_scores=case_scores,
        cards=cards,
        comparisons=comparisons,
        maps=maps,
        map_all=map_all,
        map_boot=map_boot,
        forecasters=names,
        fit=fit,
        n_boot=n_boot,
    )
