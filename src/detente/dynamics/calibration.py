"""Calibrated rates of the simulation: published reference classes, overridable per scenario.

Every free rate of the month-by-month model is set here from a reference class, with its
numbers and source, never tuned to make a forecast look right. A scenario may override any of
them in its optional ``calibration`` block (``None`` there means "use the default below").

Reference numbers used
----------------------
* Correlates of War (CoW) inter-state wars since 1816: median duration 139 days
  (≈ 4.6 months), mean 408 days (≈ 13.4 months) (CoW war data v4; as tabulated by
  Ellis 2026, "Durations of wars", free range statistics).
* Walter (1997, 2002): 55% of inter-state wars 1940–1990 ended at the bargaining table
  (20% of civil wars); where a third party agreed to enforce the terms, negotiations
  succeeded; credible guarantees are the critical barrier to implementing a settlement.
* Fortna (2003, "Scraps of Paper?", IO 57; 2004, "Does Peacekeeping Keep Peace?", ISQ 48):
  the risk of war resuming is highest soon after a cease-fire and falls over time (a falling
  hazard); strong mechanisms (peacekeepers, guarantees, demilitarised zones) cut the hazard of
  renewed war by roughly three quarters or more; peace after wars whose balance of power is
  shifting is more fragile (also Werner 1999).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.models.base import check_param
from detente.models.utility import UTILITIES
from detente.scenario.schema import CALIBRATION_BOUNDS

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario

__all__ = ["DEFAULTS", "SOURCES", "CalibrationValues", "DrawRates", "resolve_calibration"]

_COW_MEDIAN_MONTHS = 139 / 30.44


@dataclass(frozen=True)
class CalibrationValues:
    """The rates a simulation actually uses (defaults merged with a scenario's overrides).

    Attributes
    ----------
    sign_hazard : float
        Monthly chance of signing once a ZOPA exists and every veto player is at the table.
    relapse_5y : float
        P(war resumes within 5 years) of an unguaranteed settlement, no power shift, within
        every public's tolerance.
    relapse_shape : float
        Weibull shape of the relapse hazard.
    guarantee_hazard_ratio : float
        Hazard ratio of a fully credible guarantee (g = 1).
    power_shift_hazard_ratio : float
        Hazard multiplier per 25 points of expected power shift over 5 years.
    tolerance_hazard_ratio : float
        Hazard multiplier per 0.1 utility beyond a public's tolerance.
    ceasefire_hazard_ratio : float
        Breakdown hazard of a ceasefire without settlement relative to a settlement.
    relapse_penalty : float
        Utility lost if a signed deal collapses (raises floors by P(relapse) times this).
    cost_escalation : float
        Growth of the monthly cost of war with the cost already borne.
    belief_strength : float
        Weight of each side's prior belief in battles (months of fighting): how much evidence
        it takes to correct optimism (``beliefs.py``; Smith & Stam 2004).
    coupling : Mapping[str, float]
        Actor id → how far its willingness to stop fighting (and to keep a ceasefire) depends
        on the settlement track.
    utility : {"linear", "quadratic"}
        Loss per issue of every utility the simulation evaluates (linear by default).
    """

    sign_hazard: float
    relapse_5y: float
    relapse_shape: float
    guarantee_hazard_ratio: float
    power_shift_hazard_ratio: float
    tolerance_hazard_ratio: float
    ceasefire_hazard_ratio: float
    relapse_penalty: float
    cost_escalation: float
    belief_strength: float
    coupling: Mapping[str, float] = field(default_factory=dict)
    utility: str = "linear"
    overridden: frozenset[str] = frozenset()
    """Rates set explicitly (scenario block or caller): these stay points, never drawn."""

    def __post_init__(self) -> None:
        name = "CalibrationValues"
        for key, bound in CALIBRATION_BOUNDS.items():  # the scenario schema's own bounds
            v = getattr(self, key)
            ok = isinstance(v, (int, float)) and not isinstance(v, bool) and bound.ok(float(v))
            check_param(name, key, v, bound.describe(), ok)
        for aid, k in self.coupling.items():
            check_param(name, f"coupling[{aid}]", k, "in [0, 1]", 0 <= k <= 1)
        check_param(
            name, "utility", self.utility, "'linear' or 'quadratic'", self.utility in UTILITIES
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-able values (for ``SimulationResult.params``)."""
        out = asdict(self)
        out["coupling"] = dict(self.coupling)
        out["overridden"] = sorted(self.overridden)
        return out


DEFAULTS = CalibrationValues(
    # CoW: wars end at a rate whose median is 139 days; read as the monthly hazard of
    # signing once a bargaining range exists: 1 − exp(−ln 2 / 4.57) ≈ 0.14.
    sign_hazard=1.0 - math.exp(-math.log(2.0) / _COW_MEDIAN_MONTHS),
    # Fortna 2003/2004: roughly a third of cease-fires without strong mechanisms fail within
    # five years (reference class: inter-state cease-fires 1946–1997).
    relapse_5y=0.35,
    # Fortna 2003: hazard of renewed war falls with time since the cease-fire.
    relapse_shape=0.6,
    # Fortna 2004; Walter 2002: strong third-party commitments cut the relapse hazard by ~75%.
    guarantee_hazard_ratio=0.25,
    # Powell 2006; Werner 1999: shifting power makes peace fragile. Judgement on the size:
    # a 25-point expected shift doubles the hazard.
    power_shift_hazard_ratio=2.0,
    # Putnam 1988 (ratification), the sources (a public prefers no peace to a bad one):
    # judgement: each 0.1 beyond a public's tolerance doubles the hazard.
    tolerance_hazard_ratio=2.0,
    # Fortna 2003: cease-fires backed by a comprehensive agreement last longer; judgement:
    # a bare cease-fire breaks down at twice a settlement's hazard.
    ceasefire_hazard_ratio=2.0,
    # Walter 2002: a side that demobilises or withdraws fights a renewed war from a weaker
    # position; judgement: it loses 0.2 of utility if the deal collapses.
    relapse_penalty=0.2,
    # Judgement: strain compounds (manpower, budgets in the sources): monthly cost grows by
    # this times the cumulative cost already borne.
    cost_escalation=1.0,
    # Smith & Stam 2004 take the prior's weight as given; judgement for the prior point: a
    # side's belief about its chances weighs as much as a year of battles, so half of its
    # optimism is gone after a year of fighting. Forecasts draw it from its posterior on the
    # case library instead (dynamics.rates; fitted with the signing hazard).
    belief_strength=12.0,
)

SOURCES: dict[str, str] = {
    "sign_hazard": "CoW inter-state wars: median duration 139 days → 1 − exp(−ln2/4.57 months)",
    "relapse_5y": "Fortna 2003, 2004: share of cease-fires failing within 5 years",
    "relapse_shape": "Fortna 2003: falling hazard of renewed war",
    "guarantee_hazard_ratio": "Fortna 2004; Walter 2002: strong commitments cut the hazard ~75%",
    "power_shift_hazard_ratio": "Powell 2006; Werner 1999 (size: judgement)",
    "tolerance_hazard_ratio": "Putnam 1988; sources on public tolerance (size: judgement)",
    "ceasefire_hazard_ratio": "Fortna 2003 (size: judgement)",
    "relapse_penalty": "Walter 2002 (size: judgement)",
    "cost_escalation": "judgement (economic strain in the sources)",
    "belief_strength": "Smith & Stam 2004 (prior point: judgement, one year of battles; "
    "drawn from its case-library posterior)",
    "utility": "linear loss, detente's shared utility; quadratic: Achen 2006 (an option)",
    "coupling": "Charap & Radchenko 2025; Stanovaya 2025: Russia refuses a cease-fire before "
    "its terms; Ukraine and Europe want the cease-fire first",
}


def resolve_calibration(
    scenario: Scenario, overrides: Mapping[str, Any] | None = None
) -> CalibrationValues:
    """Merge detente's defaults, the scenario's ``calibration`` block and ``overrides``.

    Belligerents without a coupling entry get 0.5 (no information either way).
    """
    values: dict[str, Any] = {}
    block = scenario.calibration
    if block is not None:
        dumped = block.model_dump(exclude={"evidence", "coupling"})
        values.update({key: v for key, v in dumped.items() if v is not None})
        coupling = dict(block.coupling)
    else:
        coupling = {}
    if scenario.war is not None:
        for side in scenario.war.sides:
            coupling.setdefault(side, 0.5)
    set_here = {k for k in values if k != "coupling"}
    values["coupling"] = coupling
    merged = replace(DEFAULTS, **values)
    if overrides:
        extra = dict(overrides)
        if "coupling" in extra:
            extra["coupling"] = {**merged.coupling, **extra["coupling"]}
        set_here |= {k for k in extra if k != "coupling"}
        merged = replace(merged, **extra)
    return replace(merged, overridden=frozenset(set_here))


@dataclass(frozen=True, eq=False)
class DrawRates:
    """The rates of each draw: a fitted rate drawn per draw, every other rate its point.

    Durability reads these instead of the points, so a rate's uncertainty
    (``dynamics.rates``) flows through every draw. Attributes are floats or (n,) arrays.
    """

    relapse_5y: Any
    relapse_shape: Any
    ceasefire_hazard_ratio: Any
    guarantee_hazard_ratio: Any
    power_shift_hazard_ratio: float
    tolerance_hazard_ratio: float

    @classmethod
    def of(cls, cal: CalibrationValues, values: Mapping[str, Any], n: int) -> DrawRates:
        """Per-draw rates from ``values['rates.<name>']`` unless ``cal`` overrides the rate."""

        def rate(name: str) -> Any:
            v = values.get("rates." + name)
            if v is None or name in cal.overridden:
                return float(getattr(cal, name))
            return np.asarray(v, dtype=float)

        return cls(
            rate("relapse_5y"),
            rate("relapse_shape"),
            rate("ceasefire_hazard_ratio"),
            rate("guarantee_hazard_ratio"),
            cal.power_shift_hazard_ratio,
            cal.tolerance_hazard_ratio,
        )

    def take(self, rows: Any) -> DrawRates:
        """The rates of draws ``rows`` (points stay points)."""

        def sub(v: Any) -> Any:
            return v[rows] if isinstance(v, np.ndarray) else v

        return replace(
            self,
            relapse_5y=sub(self.relapse_5y),
            relapse_shape=sub(self.relapse_shape),
            ceasefire_hazard_ratio=sub(self.ceasefire_hazard_ratio),
            guarantee_hazard_ratio=sub(self.guarantee_hazard_ratio),
        )

    def column(self, name: str, n: int) -> Any:
        """Rate ``name`` as an (n,) array (for storing per-draw outcomes)."""
        return np.broadcast_to(np.asarray(getattr(self, name), dtype=float), (n,)).copy()
