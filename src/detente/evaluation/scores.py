"""Every model's errors on the issues with outcomes: MAE, RMSE, hit rates, and paired
bootstrap intervals of each model's difference from a baseline (resampling issues).

Only ``IssueSet.meta['outcome']`` is read here; the models never see it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente._random import Seed, as_generator
from detente.errors import DetenteError
from detente.models import get_model
from detente.models.issueset import IssueSet

__all__ = ["BASELINE", "Evaluation", "evaluate", "paired_bootstrap", "score_errors"]

BASELINE = "compromise"
GROUPS = ("procedure", "rule")


def score_errors(err: np.ndarray) -> dict[str, float]:
    """MAE, RMSE and the shares of |error| ≤ 5 and ≤ 10 of an error vector."""
    a = np.abs(np.asarray(err, dtype=float))
    return {
        "n": float(a.size),
        "mae": float(a.mean()) if a.size else np.nan,
        "rmse": float(np.sqrt((a**2).mean())) if a.size else np.nan,
        "hit5": float((a <= 5).mean()) if a.size else np.nan,
        "hit10": float((a <= 10).mean()) if a.size else np.nan,
    }


def paired_bootstrap(
    err: np.ndarray, base: np.ndarray, *, n_boot: int = 2000, seed: Seed = 0, level: float = 0.95
) -> tuple[float, float, float]:
    """MAE(model) − MAE(baseline) and its percentile interval, resampling issues (paired)."""
    a, b = np.abs(np.asarray(err, dtype=float)), np.abs(np.asarray(base, dtype=float))
    if a.size == 0:
        return (np.nan, np.nan, np.nan)
    rng = as_generator(seed)
    idx = rng.integers(0, a.size, size=(n_boot, a.size))
    diffs = (a[idx] - b[idx]).mean(axis=1)
    tail = (1 - level) / 2
    lo, hi = np.quantile(diffs, [tail, 1 - tail])
    return float((a - b).mean()), float(lo), float(hi)


@dataclass(frozen=True)
class Evaluation:
    """Predictions and scores of several models on one IssueSet.

    ``predictions``: model, issue, outcome (long). ``overall``: one row per model with n,
    mae, rmse, hit5, hit10, diff, diff_lo, diff_hi (vs the baseline). ``by_group``: the same
    per ``group`` (procedure or rule) and ``value``. ``failures``: model → message.
    """

    predictions: pd.DataFrame
    overall: pd.DataFrame
    by_group: pd.DataFrame
    failures: dict[str, str]
    notes: list[str]
    baseline: str
    n_boot: int


def _rows(errors: pd.DataFrame, baseline: str, n_boot: int, seed: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    base = errors[baseline].to_numpy() if baseline in errors else None
    for name in errors.columns:
        e = errors[name].to_numpy()
        row: dict[str, object] = {"model": name, **score_errors(e)}
        if base is not None:
            d, lo, hi = paired_bootstrap(e, base, n_boot=n_boot, seed=seed)
            row.update(diff=d, diff_lo=lo, diff_hi=hi)
        else:
            row.update(diff=np.nan, diff_lo=np.nan, diff_hi=np.nan)
        rows.append(row)
    return rows


def evaluate(
    data: IssueSet,
    names: list[str],
    *,
    baseline: str = BASELINE,
    n_boot: int = 2000,
    seed: int = 0,
) -> Evaluation:
    """Run each named model on ``data`` and score it on the issues with outcomes.

    The baseline is always run (added if missing). Models that cannot take the data (e.g.
    they need walk-away values) are recorded in ``failures``, not scored.
    """
    names = list(dict.fromkeys([baseline, *names]))
    preds = []
    failures: dict[str, str] = {}
    notes: list[str] = list(data.notes)
    blind = data.without_outcomes()  # the models get no outcomes, by construction
    for name in names:
        model = get_model(name)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame, model_notes = blind.forecast(model, seed=seed)
        except DetenteError as exc:
            failures[name] = str(exc)
            continue
        preds.append(frame)
        if model_notes:
            notes.append(f"{name}: {len(model_notes)} note(s), e.g. {model_notes[0]}")
    predictions = pd.concat(preds, ignore_index=True)
    meta = data.meta.set_index("issue")
    scored = meta[meta["outcome"].notna()]
    if scored.empty:
        msg = "no issue has an outcome, so there is nothing to score"
        raise DetenteError(msg)
    wide = predictions.pivot(index="issue", columns="model", values="outcome").loc[scored.index]
    ran = [n for n in names if n in wide.columns]
    errors = wide[ran].sub(scored["outcome"], axis=0)
    overall = pd.DataFrame(_rows(errors, baseline, n_boot, seed))
    group_rows: list[dict[str, object]] = []
    for group in GROUPS:
        for value, idx in scored.groupby(group).groups.items():
            group_rows.extend(
                {"group": group, "value": str(value), **r}
                for r in _rows(errors.loc[idx], baseline, n_boot, seed)
            )
    by_group = pd.DataFrame(group_rows)
    return Evaluation(predictions, overall, by_group, failures, notes, baseline, n_boot)
