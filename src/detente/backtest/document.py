"""``backtest.json``: the backtest's published record, plain JSON a reader can re-score.

Top-level keys: ``kind``, ``schema_version``, ``detente_version``, ``run`` (draws, seed,
horizons), ``cases`` (one entry per case: id, as_of, outcome, its questions with every
forecaster's probability, and each forecaster's series), ``scores`` (per forecaster: ``brier``,
``log``, ``crps`` with bootstrap intervals over cases, question-pooled means, by event, by
horizon, sharpness, reliability bins), ``comparisons`` (paired Brier differences with
intervals), ``recalibration`` (the maps, one per left-out case; the all-cases map and its
case-bootstrap refits, which ``scripts/ship_recalibration.py`` ships) and ``relapse``
(durability: one question per case with a settlement, every forecaster's p and Brier). No
timestamps, so the same seed writes the same bytes.
"""

from __future__ import annotations

import json
import math
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Final

import numpy as np

from detente.backtest.evaluate import Evaluation
from detente.backtest.library import EVENTS, HORIZONS, MAX_MONTHS
from detente.backtest.relapse import RelapseScores
from detente.backtest.scores import BootstrapInterval

__all__ = ["SCHEMA_VERSION", "to_document", "write_document"]

SCHEMA_VERSION: Final[int] = 1


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else round(x, 6)


def _interval(b: BootstrapInterval) -> dict[str, float | None]:
    return {"estimate": _num(b.estimate), "low": _num(b.lo), "high": _num(b.hi)}


def _detente_version() -> str:
    try:
        return version("detente")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _relapse(r: RelapseScores | None) -> dict[str, Any] | None:
    """The durability questions: one per case with a settlement, every forecaster's p."""
    if r is None:
        return None
    return {
        "question": "did war resume within 5 years of the settlement?",
        "questions": [
            {
                "case": cid,
                "answer": bool(r.answers[k]),
                "p": {name: _num(r.p[name][k]) for name in r.p},
            }
            for k, cid in enumerate(r.case_ids)
        ],
        "scores": {
            name: {
                "brier": _num(r.brier[name].estimate),
                "brier_interval": _interval(r.brier[name]),
                "log": _num(r.log[name]),
            }
            for name in r.p
        },
        "comparisons": {
            k: {**_interval(v), "score": "brier", "meaning": "a minus b; < 0: a is better"}
            for k, v in r.comparisons.items()
        },
        "notes": list(r.notes),
    }


def to_document(
    ev: Evaluation,
    *,
    n_draws: int,
    seed: int,
    fit_draws: int = 0,
    relapse: RelapseScores | None = None,
) -> dict[str, Any]:
    """The evaluation as a JSON-able mapping (see the module docstring for the keys)."""
    cases = []
    for c in ev.cases:
        o = c.outcome
        qs = ev.questions[c.id]
        cases.append(
            {
                "id": c.id,
                "title": c.scenario.title,
                "as_of": o.as_of.isoformat(),
                "conflict_type": o.conflict_type,
                "elapsed_months": _num(o.elapsed_months),
                "outcome": {
                    "ceasefire": o.ceasefire.isoformat() if o.ceasefire else None,
                    "settlement": o.settlement.isoformat() if o.settlement else None,
                    "relapse_5y": o.relapse_5y,
                    "ceasefire_in_force_at_as_of": o.ceasefire_in_force_at_as_of,
                    "observed_until": o.observed_until.isoformat(),
                },
                "questions": [
                    {
                        "event": q.event,
                        "horizon_months": q.horizon,
                        "answer": q.answer,
                        "p": {name: _num(ev.p[name][c.id][k]) for name in ev.forecasters},
                    }
                    for k, q in enumerate(qs)
                ],
                "forecast": {
                    name: {e: [_num(v) for v in ev.series[c.id][name][e]] for e in EVENTS}
                    for name in ev.forecasters
                },
                "scores": {
                    name: {k: _num(v) for k, v in sc.items()}
                    for name, sc in ev.case_scores[c.id].items()
                },
                "recalibration": ev.maps[c.id].to_dict(),
            }
        )
    score_block = {}
    for name, card in ev.cards.items():
        score_block[name] = {
            "brier": _num(card.brier.estimate),
            "brier_interval": _interval(card.brier),
            "log": _num(card.log.estimate),
            "log_interval": _interval(card.log),
            "crps": _num(card.crps.estimate),
            "crps_interval": _interval(card.crps),
            "brier_pooled": _num(card.brier_pooled),
            "log_pooled": _num(card.log_pooled),
            "n_questions": card.n_questions,
            "brier_by_event": {k: _num(v) for k, v in card.by_event.items()},
            "brier_by_horizon": {str(k): _num(v) for k, v in card.by_horizon.items()},
            "sharpness": _num(card.sharpness),
            "reliability": [
                {
                    "lo": b.lo,
                    "hi": b.hi,
                    "n": b.n,
                    "mean_forecast": _num(b.mean_forecast),
                    "observed_rate": _num(b.observed_rate),
                }
                for b in card.reliability
            ],
        }
    return {
        "kind": "detente.backtest",
        "schema_version": SCHEMA_VERSION,
        "detente_version": _detente_version(),
        "run": {
            "n_draws": n_draws,
            "fit_draws_per_grid_point": fit_draws,
            "seed": seed,
            "n_months": MAX_MONTHS,
            "horizons_months": list(HORIZONS),
            "events": list(EVENTS),
            "n_cases": len(ev.cases),
            "n_questions": sum(len(q) for q in ev.questions.values()),
            "bootstrap": {"n_boot": ev.n_boot, "level": 0.95, "unit": "case"},
            "reported": (
                "detente: the simulation with rates fitted leave one case out (detente_fitted), "
                "recalibrated leave one case out; detente_raw: the default rates, raw share"
            ),
        },
        "cases": cases,
        "scores": score_block,
        "comparisons": {
            k: {**_interval(v), "score": "brier", "meaning": "a minus b; < 0: a is better"}
            for k, v in ev.comparisons.items()
        },
        "recalibration": {
            "all_cases": ev.map_all.to_dict(),
            "bootstrap": [m.to_dict() for m in ev.map_boot],
        },
        "rate_fit": _rate_fit(ev),
        "relapse": _relapse(relapse),
    }


def _rate_fit(ev: Evaluation) -> dict[str, Any] | None:
    """The grid, each case's log-likelihood there, and the posterior of the rates."""
    fit = ev.fit
    if fit is None:
        return None
    return {
        "grid": [dict(p) for p in fit.points],
        "prior": "uniform over the grid (log-uniform over each rate's range)",
        "posterior_all_cases": fit.posterior_summary(),
        "posterior_leave_one_out": {c: fit.posterior_summary([c]) for c in fit.case_ids},
        "log_likelihood": {
            c: [_num(v) for v in fit.log_lik[k]] for k, c in enumerate(fit.case_ids)
        },
    }


def _default(o: object) -> Any:
    if isinstance(o, np.generic):
        return o.item()
    msg = f"not JSON-able: {type(o).__name__}"
    raise TypeError(msg)


def write_document(doc: dict[str, Any], path: Path) -> None:
    """Write ``doc`` as indented UTF-8 JSON (sorted keys: byte-identical for the same run)."""
    path.write_text(
        json.dumps(doc, indent=1, sort_keys=True, default=_default) + "\n", encoding="utf-8"
    )
