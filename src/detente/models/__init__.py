"""Bargaining models: one interface (``BargainingModel.forecast``), many interchangeable models.

Every model reads a :class:`PositionTable` (built from a scenario or a plain table) and
returns a :class:`Forecast`; ``MODELS`` lists them by their CLI name.
"""

from detente.models.base import BargainingModel, ModelInfo
from detente.models.forecast import Forecast
from detente.models.registry import MODELS, get_model
from detente.models.table import PositionTable
from detente.models.utility import package_utility

__all__ = [
    "MODELS",
    "BargainingModel",
    "Forecast",
    "ModelInfo",
    "PositionTable",
    "get_model",
    "package_utility",
]
