"""War and talks over time: a month-by-month simulation, vectorised across Monte Carlo draws.

A battlefield that drifts and jumps; beliefs of prevailing that fighting corrects; costs that
accumulate; walk-away values from belief and cost (Fearon 1995; Powell 2006); mediator levers
weighted by credibility; a ceasefire and a settlement track, coupled; an exact zone-of-agreement
check each month (``detente.models.nash.two_party``); spoilers left off the table; and a relapse
hazard after any deal. ``simulate`` returns a :class:`SimulationResult`; the what-if studies
built on it live one layer up, in ``detente.whatif``. See docs/dynamics.md.
"""

from detente.dynamics.calibration import DEFAULTS, CalibrationValues, resolve_calibration
from detente.dynamics.montecarlo import DEFAULT_DRAWS, DEFAULT_MONTHS, simulate
from detente.dynamics.result import DrawOutcomes, SimulationResult
from detente.dynamics.spec import RunSpec

__all__ = [
    "DEFAULTS",
    "DEFAULT_DRAWS",
    "DEFAULT_MONTHS",
    "CalibrationValues",
    "DrawOutcomes",
    "RunSpec",
    "SimulationResult",
    "resolve_calibration",
    "simulate",
]
