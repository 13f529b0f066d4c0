"""detente: model, simulate and forecast multi-party peace negotiations.

Scenarios are validated data (:mod:`detente.scenario`); bargaining models share one
interface (:mod:`detente.models`); every number is traceable to a cited source
(:mod:`detente.sources`); :func:`simulate` runs the month-by-month Monte Carlo forecast
(:mod:`detente.dynamics`).
"""

from importlib.metadata import PackageNotFoundError, version

from detente.dynamics import SimulationResult, simulate
from detente.models import MODELS, BargainingModel, Forecast, PositionTable, get_model
from detente.scenario import Scenario, load_scenario

try:
    __version__ = version("detente")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "MODELS",
    "BargainingModel",
    "Forecast",
    "PositionTable",
    "Scenario",
    "SimulationResult",
    "__version__",
    "get_model",
    "load_scenario",
    "simulate",
]
