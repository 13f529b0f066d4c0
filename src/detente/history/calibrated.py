r"""The calibrated forecast: what a simulated probability has meant on the past cases.

The backtest scores the simulation on the case library and fits the stacking map
(:mod:`~detente.history.recalibration`) that turns the raw share of draws and the UCDP
reference class into the probability the record supports. Fitted on *all* the library's
questions, that map is shipped (``data/recalibration.json``, written from a backtest by
``scripts/ship_recalibration.py``) so that every forecast can show, beside its raw curve,

.. math:: q_m = \operatorname{expit}\bigl(\alpha + \beta_1 \operatorname{logit} p_m
          + \beta_2 \operatorname{logit} r_m\bigr),

where :math:`p_m` is the simulated P(event by month *m*) and :math:`r_m` the reference
class's for the scenario's conflict type and elapsed duration. The map's uncertainty is
carried, not hidden: the shipped file holds its case-bootstrap refits, and the interval is
the spread of their answers (the map fitted on 18 cases is not known to three decimals).

Only scenarios that say what kind of war it is and when it started (``war.kind``,
``war.started``) get a calibrated forecast; the reference class needs both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np

from detente._typing import FloatArray
from detente.errors import InvalidParameterError
from detente.history.recalibration import StackingMap
from detente.history.reference_class import ConflictType, Event, ReferenceClass, load_hazards

__all__ = [
    "LEVEL",
    "CalibratedSeries",
    "ShippedMap",
    "calibrate",
    "elapsed_months",
    "load_shipped_map",
]

SHIPPED: Final[str] = "recalibration.json"
LEVEL: Final[float] = 0.9
"""Coverage of the reported interval over the map's bootstrap refits."""
MONTH_DAYS: Final[float] = 30.4375
"""Days in a month, as the backtest counts elapsed time (``CaseOutcome.elapsed_months``)."""


@dataclass(frozen=True)
class ShippedMap:
    """The all-cases map, its bootstrap refits and where they came from."""

    map: StackingMap
    bootstrap: tuple[StackingMap, ...]
    provenance: dict[str, Any]


def _map(d: dict[str, float]) -> StackingMap:
    return StackingMap(
        float(d["intercept"]), float(d["w_raw"]), float(d["w_ref"]), int(d["n_questions"])
    )


def parse_shipped(data: dict[str, Any]) -> ShippedMap:
    """Read the shipped file's content (also what a test writes from a backtest document)."""
    try:
        return ShippedMap(
            _map(data["all_cases"]),
            tuple(_map(b) for b in data["bootstrap"]),
            dict(data["provenance"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        msg = (
            f"the recalibration map must hold all_cases, bootstrap and provenance (got {exc!r}). "
            "Fix: rewrite it with scripts/ship_recalibration.py from a backtest.json."
        )
        raise InvalidParameterError(msg) from None


@cache
def load_shipped_map() -> ShippedMap:
    """The map fitted by the backtest on every case of the shipped library."""
    text = (resources.files("detente.history") / "data" / SHIPPED).read_text("utf-8")
    return parse_shipped(json.loads(text))


def elapsed_months(started: dt.date, as_of: dt.date) -> float:
    """Months the war had lasted on ``as_of`` (0 if it starts later), as the backtest counts."""
    return max((as_of - started).days / MONTH_DAYS, 0.0)


@dataclass(frozen=True)
class CalibratedSeries:
    """Calibrated P(event by month m), its interval over the map's refits, and the inputs."""

    p: FloatArray
    low: FloatArray
    high: FloatArray
    reference: FloatArray


def calibrate(
    p_raw: Sequence[float] | FloatArray,
    event: Event,
    conflict_type: ConflictType,
    elapsed: float,
    *,
    shipped: ShippedMap | None = None,
    reference: ReferenceClass | None = None,
    level: float = LEVEL,
) -> CalibratedSeries:
    """Map a raw monthly series P(event by month 1, 2, …) to the calibrated one.

    Raises
    ------
    InvalidParameterError
        If the series is empty or not made of probabilities, or ``level`` is not in (0, 1).
    """
    raw = np.asarray(p_raw, dtype=float)
    if raw.ndim != 1 or raw.size == 0 or not np.all((raw >= 0) & (raw <= 1)):
        msg = "p_raw must be a non-empty 1-D series of probabilities. Fix: pass P(event by m)."
        raise InvalidParameterError(msg)
    if not 0 < level < 1:
        msg = f"level must be in (0, 1) (got {level})."
        raise InvalidParameterError(msg)
    sm = shipped or load_shipped_map()
    ref_class = reference or ReferenceClass(load_hazards())
    months = [float(m) for m in range(1, raw.size + 1)]
    ref = ref_class.p_by(event, conflict_type, elapsed, months)
    q = sm.map(raw, ref)
    if sm.bootstrap:
        boot = np.stack([b(raw, ref) for b in sm.bootstrap])
        tail = (1 - level) / 2
        low, high = np.quantile(boot, [tail, 1 - tail], axis=0)
    else:
        low = high = q
    return CalibratedSeries(q, np.minimum(low, q), np.maximum(high, q), ref)
