"""The explicit list of models, looked up by name (no import-time registration tricks)."""

from __future__ import annotations

import difflib
from typing import Any

from detente.errors import UnknownNameError
from detente.models.base import BargainingModel
from detente.models.compromise import CompromiseModel
from detente.models.condorcet import CondorcetModel
from detente.models.ensemble import EnsembleModel
from detente.models.exchange import ExchangeModel
from detente.models.expected_utility import ExpectedUtilityModel
from detente.models.ktab.smp import SpatialModelOfPolitics
from detente.models.median import MedianVoterModel
from detente.models.nash.model import NashBargainingModel
from detente.models.procedural import ProceduralModel

__all__ = ["MODELS", "get_model"]

# Each model module adds its class here (one line, alphabetical by module).
_CLASSES: tuple[type[BargainingModel], ...] = (
    CompromiseModel,
    CondorcetModel,
    EnsembleModel,
    ExchangeModel,
    ExpectedUtilityModel,
    SpatialModelOfPolitics,
    MedianVoterModel,
    NashBargainingModel,
    ProceduralModel,
)

MODELS: dict[str, type[BargainingModel]] = {cls.name: cls for cls in _CLASSES}


def get_model(name: str, **params: Any) -> BargainingModel:
    """Instantiate the model registered as ``name`` with ``params``.

    Raises UnknownNameError with a "did you mean" suggestion for an unknown name.
    """
    if name not in MODELS:
        close = difflib.get_close_matches(name, list(MODELS), n=1)
        hint = (
            f" Did you mean '{close[0]}'?"
            if close
            else f" Known models: {', '.join(sorted(MODELS))}."
        )
        msg = f"no model named '{name}'.{hint}"
        raise UnknownNameError(msg)
    return MODELS[name](**params)
